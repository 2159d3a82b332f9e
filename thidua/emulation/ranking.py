"""Ranking of one cluster/block, pure Python (no Django).

Units are ordered by their comparable score (total on a scale of 100 of the maximum that applies to
them; with equal maxima this is the order of totals). Units with equal scores (to 2 decimals, as
printed) are separated by the tie-break chain, one key at a time:
- "first_group": higher points in the first criteria group;
- "full_marks": more criteria at full marks;
- "council": the order recorded by the council (lower first; units without one stay tied).
Units still equal share the rank and are flagged `tied`: a tie is never broken silently. The
first-ranked unit(s) always hold the top score. Excluded units are listed apart with their reason.
Places 1–3 are "Nhất", "Nhì", "Ba"; every unit also gets a grade from the authority's bands.
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

    @property
    def leaders(self) -> list[Row]:
        return [r for r in self.rows if r.rank == 1]

    @property
    def has_ties(self) -> bool:
        return any(r.tied for r in self.rows)


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
    result = Ranking(excluded=[e for e in entries if e.excluded_reason])
    ranked = sorted((e for e in entries if not e.excluded_reason), key=lambda e: (-round(e.score, 2), e.name))
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
