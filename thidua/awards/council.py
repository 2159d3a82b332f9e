"""The council vote as pure rules. The quorum is a fraction of the members, either "more than" it (the
default regulation: more than half of the members present) or "at least" it; the pass threshold is "at
least" a fraction of all members (e.g. at least two thirds vote yes). Members are counted once each: a name
typed twice is one member (`vn.normalise.match_key`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from thidua.vn.normalise import match_key


class VoteError(ValueError):
    """An impossible tally; the message is Vietnamese."""


@dataclass(frozen=True)
class Outcome:
    quorum: bool
    passed: bool
    needed: int  # yes votes needed
    reason: str


def at_least(part: int, whole: int, ratio: Fraction) -> bool:
    return Fraction(part) >= Fraction(whole) * ratio


def more_than(part: int, whole: int, ratio: Fraction) -> bool:
    return Fraction(part) > Fraction(whole) * ratio


def needed_votes(members: int, ratio: Fraction) -> int:
    """The fewest of `members` that are at least `ratio` of them."""
    n = members * ratio
    return int(n) if n.denominator == 1 else int(n) + 1


def needed_present(members: int, ratio: Fraction, strict: bool) -> int:
    """The fewest members present for a quorum: more than (strict) or at least `ratio` of the members."""
    return int(members * ratio) + 1 if strict else needed_votes(members, ratio)


def quorum_met(present: int, members: int, ratio: Fraction, strict: bool) -> bool:
    return more_than(present, members, ratio) if strict else at_least(present, members, ratio)


def quorum_text(ratio: Fraction, strict: bool) -> str:
    """How the regulation reads: "quá 1/2" or "ít nhất 2/3" (of the members)."""
    return f"{'quá' if strict else 'ít nhất'} {ratio.numerator}/{ratio.denominator}"


def member_key(name: str) -> str:
    return match_key(name)


def duplicates(names: Iterable[str]) -> list[str]:
    """The names (as first typed) that appear more than once, in order of their second appearance."""
    seen: dict[str, str] = {}
    twice: list[str] = []
    for name in names:
        key = member_key(name)
        if not key:
            continue
        if key in seen and seen[key] not in twice:
            twice.append(seen[key])
        seen.setdefault(key, name)
    return twice


def roll(rows: Iterable[tuple[str, bool]]) -> tuple[int, int]:
    """(members, present) from (name, present) rows, each member once: present if any of its rows is."""
    present: dict[str, bool] = {}
    for name, here in rows:
        key = member_key(name)
        if key:
            present[key] = present.get(key, False) or bool(here)
    return len(present), sum(present.values())


def quorum_reason(present: int, members: int, ratio: Fraction, strict: bool) -> str:
    need = needed_present(members, ratio, strict)
    if quorum_met(present, members, ratio, strict):
        return f"Đủ túc số: {present}/{members} thành viên dự họp (cần {quorum_text(ratio, strict)}, tức từ {need})."
    return (f"Không đủ túc số: {present}/{members} thành viên dự họp (cần {quorum_text(ratio, strict)}, "
            f"tức từ {need}); Hội đồng không biểu quyết.")


def tally(members: int, present: int, yes: int, no: int, abstain: int, quorum: Fraction, threshold: Fraction,
          quorum_strict: bool = False) -> Outcome:
    """The outcome for one candidate. Without a quorum nothing is decided: `quorum` False, `passed` False,
    and the reason says so (a caller must not record it as a vote that failed)."""
    if members <= 0:
        raise VoteError("Hội đồng chưa có thành viên.")
    if not 0 <= present <= members:
        raise VoteError(f"Số thành viên có mặt ({present}) phải từ 0 đến {members}.")
    if min(yes, no, abstain) < 0:
        raise VoteError("Số phiếu không được âm.")
    if yes + no + abstain > present:
        raise VoteError(f"Tổng số phiếu ({yes + no + abstain}) vượt quá số thành viên có mặt ({present}).")
    needed = needed_votes(members, threshold)
    if not quorum_met(present, members, quorum, quorum_strict):
        return Outcome(False, False, needed, quorum_reason(present, members, quorum, quorum_strict))
    if at_least(yes, members, threshold):
        return Outcome(True, True, needed, f"Thông qua: {yes}/{members} thành viên đồng ý (cần {needed}).")
    return Outcome(True, False, needed, f"Không thông qua: {yes}/{members} thành viên đồng ý (cần {needed}).")
