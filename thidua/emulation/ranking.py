"""Ranking of one cluster/block, pure Python (no Django).

Units are ordered by their comparable score (total on a scale of 100 of the maximum that applies to
them; with equal maxima this is the order of totals). Units with equal scores (to 2 decimals, as
printed) are separated by the tie-break chain, one key at a time:
- "first_group": higher points in the first criteria group;
- "full_marks": more criteria at full marks;
- "council": the order recorded by the council (lower first; units without one stay tied).
Units still equal share the rank and are flagged `tied`: a tie is never broken silently. The
first-ranked unit(s) always hold the top score. Excluded units are listed apart with their reason.
Places 1–3 are "Nhất", "Nhì", "Ba"; every unit also gets a grade from the authority's bands. A unit
without any score yet ("Chưa chấm") gets no rank and no grade: it is listed apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

PLACES = {1: "Nhất", 2: "Nhì", 3: "Ba"}
TIE_BREAK_LABELS = {
    "first_group": "điểm nhóm tiêu chí thứ nhất cao hơn",
    "full_marks": "nhiều tiêu chí đạt điểm tối đa hơn",
    "council": "quyết định của Hội đồng",
}
DEFAULT_CHAIN = ("first_group", "full_marks", "council")
DEFAULT_BANDS = ((0.9, "Xuất sắc"), (0.8, "Tốt"), (0.65, "Khá"), (0.0, "Trung bình"))


@dataclass(frozen=True)
class Entry:
    unit: object
    score: float
    share: float
    group_points: tuple[float, ...] = ()
    full_marks: int = 0
    council_order: int | None = None
    excluded_reason: str = ""
    name: str = ""  # only for a stable, readable listing order among tied units
    scored: bool = True  # False: no value entered yet ("Chưa chấm"): listed apart, never ranked


@dataclass
class Row:
    entry: Entry
    rank: int
    tied: bool
    place: str  # Nhất / Nhì / Ba / ""
    grade: str
    decided_by: str = ""  # the tie-break key that separated this unit from an equal score, if any


@dataclass
class Ranking:
    rows: list[Row] = field(default_factory=list)
    excluded: list[Entry] = field(default_factory=list)
    unscored: list[Entry] = field(default_factory=list)  # "Chưa chấm": no rank, no grade

    @property
    def unscored_only(self) -> bool:
        """No unit of the group has any score yet: there is nothing to rank."""
        return not self.rows and bool(self.unscored)

    @property
    def leaders(self) -> list[Row]:
        return [r for r in self.rows if r.rank == 1]


def _key(name: str) -> Callable[[Entry], object]:
    if name == "first_group":
        return lambda e: -round(e.group_points[0], 2) if e.group_points else 0.0
    if name == "full_marks":
        return lambda e: -e.full_marks
    if name == "council":
        return lambda e: e.council_order if e.council_order is not None else None
    raise ValueError(f"unknown tie-break key {name}")


def grade(share: float, bands: Sequence[Sequence] = DEFAULT_BANDS) -> str:
    for minimum, label in sorted(bands, key=lambda b: -float(b[0])):
        if share + 1e-9 >= float(minimum):
            return str(label)
    return ""


def _split(entries: list[Entry], chain: Sequence[str]) -> list[tuple[list[Entry], str]]:
    """Order equal-score entries into blocks; entries left in one block are genuinely tied."""
    if len(entries) <= 1 or not chain:
        return [(entries, "")]
    key = _key(chain[0])
    values = {id(e): key(e) for e in entries}
    if chain[0] == "council" and any(v is None for v in values.values()):
        # A council order only separates units when every tied unit has one.
        return _split(entries, chain[1:])
    distinct = sorted({values[id(e)] for e in entries})
    if len(distinct) == 1:
        return _split(entries, chain[1:])
    out: list[tuple[list[Entry], str]] = []
    for v in distinct:
        part = [e for e in entries if values[id(e)] == v]
        for block, by in _split(part, chain[1:]):
            out.append((block, by or chain[0]))
    return out


def rank(entries: Iterable[Entry], chain: Sequence[str] = DEFAULT_CHAIN,
         bands: Sequence[Sequence] = DEFAULT_BANDS) -> Ranking:
    entries = list(entries)
    result = Ranking(excluded=[e for e in entries if e.excluded_reason],
                     unscored=sorted((e for e in entries if not e.excluded_reason and not e.scored),
                                     key=lambda e: e.name))
    ranked = sorted((e for e in entries if not e.excluded_reason and e.scored), key=lambda e: (-round(e.score, 2), e.name))
    position = 1
    i = 0
    while i < len(ranked):
        j = i
        s = round(ranked[i].score, 2)
        while j < len(ranked) and round(ranked[j].score, 2) == s:
            j += 1
        equal = ranked[i:j]
        blocks = _split(equal, chain) if len(equal) > 1 else [(equal, "")]
        for block, by in blocks:
            tied = len(block) > 1
            for e in block:
                result.rows.append(Row(e, position, tied, PLACES.get(position, ""), grade(e.share, bands),
                                       by if len(equal) > 1 else ""))
            position += len(block)
        i = j
    return result


class RulesError(ValueError):
    """A bad tie-break chain or grade band; `field` names the input, the message is Vietnamese."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message, self.field = message, field


def check_chain(chain: Sequence[str]) -> list[str]:
    """A tie-break chain: known keys, each at most once (empty: ties stay ties)."""
    chain = [k for k in chain if k]
    for k in chain:
        if k not in TIE_BREAK_LABELS:
            raise RulesError(f"Tiêu chí phân định “{k}” không hợp lệ.", "tie_break")
    if len(set(chain)) != len(chain):
        raise RulesError("Mỗi tiêu chí phân định chỉ chọn một lần.", "tie_break")
    return list(chain)


def check_bands(bands: Sequence[Sequence]) -> list[list]:
    """Grade bands as [minimum share (0–1), label], highest first: labels present and distinct,
    minimums within 0–100 % and strictly decreasing (so the bands neither overlap nor repeat)."""
    out: list[list] = []
    for i, band in enumerate(bands, start=1):
        minimum, label = band[0], str(band[1]).strip()
        if not label:
            raise RulesError(f"Mức {i}: thiếu tên mức xếp loại.", "grade_bands")
        try:
            minimum = float(minimum)
        except (TypeError, ValueError):
            raise RulesError(f"Mức “{label}”: tỷ lệ tối thiểu phải là số.", "grade_bands")
        if not 0 <= minimum <= 1:
            raise RulesError(f"Mức “{label}”: tỷ lệ tối thiểu phải trong khoảng 0–100%.", "grade_bands")
        if out and minimum >= out[-1][0]:
            raise RulesError(f"Mức “{label}” phải có tỷ lệ tối thiểu thấp hơn mức “{out[-1][1]}” (xếp từ cao xuống "
                             "thấp, không trùng nhau).", "grade_bands")
        if any(label.casefold() == b[1].casefold() for b in out):
            raise RulesError(f"Mức “{label}” bị trùng tên.", "grade_bands")
        out.append([minimum, label])
    if not out:
        raise RulesError("Cần ít nhất một mức xếp loại.", "grade_bands")
    return out
