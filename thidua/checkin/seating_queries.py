"""Reads of the seating chart (#20, #21): the plan, the event's categories and everyone who needs a seat in
three queries whatever the size of the hall, and the chart's rows as the page draws them (as the printed
chart does: the stage at the top, the presidium under it, the blocks side by side in plan order)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from thidua.events.models import Delegate, DelegateCategory, Event, ReplyStatus

from . import hall
from .models import CheckIn, CheckInStatus, HallPlan

PALETTE = 8  # category colours k0…k7 (seating.css), by protocol order


class Person(NamedTuple):
    id: int
    category_id: int
    name: str  # who is expected in the seat (`Delegate.attendee_name`)
    short: str  # the name a seat has room for
    info: str  # "position, unit"
    seat: str
    present: bool


@dataclass
class Chart:
    plan: dict | None
    categories: list[DelegateCategory]
    people: list[Person]  # who needs a seat, in protocol order

    @property
    def colour(self) -> dict[int, int]:
        return {c.pk: i % PALETTE for i, c in enumerate(self.categories)}

    @property
    def by_seat(self) -> dict[str, Person]:
        return {d.seat: d for d in self.people if d.seat}


def attendee_name(full_name: str, represents: str, unit: str, reply_status: str, substitute_name: str) -> str:
    """`Delegate.attendee_name` from the columns (1,500 model instances cost more than the page's SQL):
    the substitute when one was named, else the name, "Đại diện <collective>" or "Đại diện lãnh đạo <unit>"
    (`tests/seating/test_moves.py` compares the two)."""
    if reply_status == ReplyStatus.SUBSTITUTE and substitute_name:
        return substitute_name
    if full_name:
        return full_name
    if represents:
        return f"Đại diện {represents}"
    return f"Đại diện lãnh đạo {unit}".strip()


def people(event: Event) -> list[Person]:
    """Who needs a seat (invitation valid, not declined), protocol order, whether present (two queries:
    the people, only the columns the chart shows, read as tuples; who is checked in, by the index on
    event and status)."""
    here = set(CheckIn.objects.filter(event=event, status=CheckInStatus.VALID).values_list("delegate_id", flat=True))
    rows = (Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED)
            .order_by("category__protocol_order", "display_order", "id")
            .values_list("id", "category_id", "full_name", "represents", "unit_text", "organisation__name",
                         "reply_status", "substitute_name", "position", "seat"))
    out = []
    for pk, category, full, represents, unit_text, org, status, substitute, position, seat in rows:
        unit = org if org is not None else unit_text
        name = attendee_name(full, represents, unit, status, substitute)
        info = f"{position}, {unit}" if position and unit else position or unit
        out.append(Person(pk, category, name, short_name(name), info, seat, pk in here))
    return out


def chart(event: Event) -> Chart:
    hp = HallPlan.objects.filter(event=event).only("plan").first()
    return Chart(hp.plan if hp else None, list(DelegateCategory.objects.filter(event=event)), people(event))


def short_name(name: str, limit: int = 14) -> str:
    """"Nguyễn Văn Hạ" → "N.V.Hạ": initials of the family and middle names, the given name whole (the
    name a seat has room for); a collective ("Đại diện …") is cut."""
    words = name.split()
    if not words:
        return ""
    if name.startswith("Đại diện") or len(words) == 1:
        return name if len(name) <= limit else name[: limit - 1] + "…"
    text = ".".join([w[0] for w in words[:-1]]) + "." + words[-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Row:
    label: str
    seats: list[tuple[str, int]]  # (label, number) left to right as seen from the back
    reserve: list[str]
    awards: bool


@dataclass
class Block:
    code: str
    name: str
    head: bool
    aisle: str
    rows: list[Row]


def layout(plan: dict | None) -> list[Block]:
    """Blocks → rows → seats, left to right as the printed chart draws them: seat 1 is next to the aisle
    (on the right end of a block whose aisle is on its right)."""
    out = []
    for block in (plan or {}).get("blocks", []):
        rows = []
        for row in block["rows"]:
            numbers = range(1, row["seats"] + 1)
            order = reversed(numbers) if block["aisle"] == "right" else numbers
            rows.append(Row(row["label"], [(hall.seat_label(block["code"], row["label"], n), n) for n in order],
                            row["reserve"], row["awards"]))
        out.append(Block(block["code"], block["name"], block["head"], block["aisle"], rows))
    return out
