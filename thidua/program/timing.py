"""Agenda times as plain minutes since midnight: no Django, property-tested.

An item either follows the previous one or is pinned to a fixed start (the welcome at 07:30, the
flag salute at 08:00). A pinned start later than the previous end leaves a gap; one earlier is an
overlap and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Overlap", "Slot", "hm", "move", "overrun", "schedule"]


@dataclass(frozen=True)
class Slot:
    start: int  # minutes since midnight
    end: int


class Overlap(ValueError):
    """Item `index` is pinned to `fixed` but the previous item ends at `previous_end`."""

    def __init__(self, index: int, fixed: int, previous_end: int):
        super().__init__(f"Mục {index + 1} bắt đầu lúc {hm(fixed)} nhưng mục trước kết thúc lúc {hm(previous_end)}.")
        self.index, self.fixed, self.previous_end = index, fixed, previous_end


def hm(minutes: int) -> str:
    """07:30 (minutes since midnight; past midnight wraps)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def schedule(day_start: int, items: Sequence[tuple[int, int | None]]) -> list[Slot]:
    """Start and end of each (duration, fixed start or None) item, in order."""
    out: list[Slot] = []
    clock = day_start
    for i, (duration, fixed) in enumerate(items):
        if duration < 0:
            raise ValueError(f"Thời lượng âm ở mục {i + 1}")
        if fixed is not None:
            if fixed < clock:
                raise Overlap(i, fixed, clock)
            clock = fixed
        out.append(Slot(clock, clock + duration))
        clock += duration
    return out


def overrun(slots: Sequence[Slot], day_end: int) -> int:
    """Minutes past the planned end of the day (0 when it fits)."""
    if not slots:
        return 0
    return max(0, max(s.end for s in slots) - day_end)


def move(seq: Sequence, index: int, delta: int) -> list:
    """The sequence with item `index` moved by `delta` places (clamped to the ends)."""
    items = list(seq)
    if not 0 <= index < len(items):
        raise IndexError(index)
    target = min(max(index + delta, 0), len(items) - 1)
    item = items.pop(index)
    items.insert(target, item)
    return items
