"""Award ceremony batches (đợt trao thưởng): no Django, property-tested.

One batch holds one form of one decision, at most `stage_size` recipients on stage; forms go from
the highest protocol rank to the lowest, collectives before individuals within a form (BRIEF §4.4).
A form with more recipients than the stage holds is split into as few batches as possible, of
even sizes (13 on a 10-person stage → 7 + 6, not 10 + 3). Presenters go in descending seniority to
descending award rank.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["KIND_ORDER", "Entry", "assign_presenters", "decided_above", "make_batches", "split_even"]

KIND_ORDER = {"collective": 0, "household": 1, "individual": 2}


@dataclass(frozen=True)
class Entry:
    group: str  # one form of one decision, e.g. "85:12" (rank:decision id)
    rank: int  # protocol rank of the form, higher is presented first
    kind: str  # collective / household / individual


def split_even(n: int, size: int) -> list[int]:
    """Sizes of the fewest chunks of at most `size` covering n, as even as possible."""
    if size < 1:
        raise ValueError("Số người trên sân khấu phải từ 1 trở lên")
    if n <= 0:
        return []
    count = math.ceil(n / size)
    base, extra = divmod(n, count)
    return [base + 1 if i < extra else base for i in range(count)]


def make_batches(entries: Sequence[Entry], stage_size: int) -> list[list[int]]:
    """Indexes of `entries`, grouped into batches in presentation order."""
    first_seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        first_seen.setdefault(e.group, i)
    order = sorted(range(len(entries)), key=lambda i: (-entries[i].rank, first_seen[entries[i].group],
                                                       KIND_ORDER.get(entries[i].kind, 9), i))
    groups: list[list[int]] = []
    for i in order:
        if groups and entries[groups[-1][0]].group == entries[i].group:
            groups[-1].append(i)
        else:
            groups.append([i])
    out: list[list[int]] = []
    for g in groups:
        start = 0
        for size in split_even(len(g), stage_size):
            out.append(g[start:start + size])
            start += size
    return out


def assign_presenters(batch_count: int, presenter_count: int) -> list[int]:
    """For each batch, the index of its presenter (0 = most senior), seniority following rank."""
    if batch_count <= 0 or presenter_count <= 0:
        return []
    if batch_count < presenter_count:
        return list(range(batch_count))  # the most senior present
    return [i * presenter_count // batch_count for i in range(batch_count)]


# Who signs at which level (awards.SignerLevel), and the authority level whose own decisions they are.
SIGNER_RANK = {"chinh-phu": 4, "ct-tinh": 3, "ct-huyen": 2, "ct-xa": 1, "thu-truong": 0}
HOST_RANK = {"tinh": 3, "huyen": 2, "xa": 1, "so": 0, "nganh": 0}


def decided_above(signer_level: str, host_level: str) -> bool:
    """Whether a decision was taken above the host (a province's Bằng khen at a district's or a commune's
    conference, the Prime Minister's at a province's): its awards are handed over by the leader of that
    level who attends, not by the host's leaders."""
    return SIGNER_RANK.get(signer_level, 0) > HOST_RANK.get(host_level, 0)
