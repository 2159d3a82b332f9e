"""The council vote as pure rules: quorum and pass threshold are fractions of the members (data),
"at least" semantics (e.g. at least two thirds of all members vote yes)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


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


def needed_votes(members: int, ratio: Fraction) -> int:
    n = members * ratio
    return int(n) if n.denominator == 1 else int(n) + 1


def tally(members: int, present: int, yes: int, no: int, abstain: int, quorum: Fraction, threshold: Fraction) -> Outcome:
    if members <= 0:
        raise VoteError("Hội đồng chưa có thành viên.")
    if not 0 <= present <= members:
        raise VoteError(f"Số thành viên có mặt ({present}) phải từ 0 đến {members}.")
    if min(yes, no, abstain) < 0:
        raise VoteError("Số phiếu không được âm.")
    if yes + no + abstain > present:
        raise VoteError(f"Tổng số phiếu ({yes + no + abstain}) vượt quá số thành viên có mặt ({present}).")
    needed = needed_votes(members, threshold)
    if not at_least(present, members, quorum):
        return Outcome(False, False, needed, f"Không đủ số thành viên dự họp ({present}/{members}).")
    if at_least(yes, members, threshold):
        return Outcome(True, True, needed, f"Thông qua: {yes}/{members} thành viên đồng ý (cần {needed}).")
    return Outcome(True, False, needed, f"Không thông qua: {yes}/{members} thành viên đồng ý (cần {needed}).")
