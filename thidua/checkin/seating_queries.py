"""Reads of the seating chart (#20, #21): the plan, the event's categories and everyone who needs a seat in
three queries whatever the size of the hall, and the chart's rows as the page draws them (as the printed
chart does: the stage at the top, the presidium under it, the blocks side by side in plan order)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from thidua.events.models import Delegate, DelegateCategory, Event, ReplyStatus

from . import hall
from .models import CheckIn, CheckInStatus, HallPlan

PALETTE = 8  # category colours k0…k7 (seating.css), by protocol order


@dataclass
class Chart:
    plan: dict | None
    categories: list[DelegateCategory]
    people: list[Delegate]  # who needs a seat, in protocol order, with `present`

    @property
    def colour(self) -> dict[int, int]:
        return {c.pk: i % PALETTE for i, c in enumerate(self.categories)}

    @property
    def by_seat(self) -> dict[str, Delegate]:
        return {d.seat: d for d in self.people if d.seat}


def people(event: Event) -> list[Delegate]:
    """Who needs a seat (invitation valid, not declined), protocol order, with `present` (one query;
    only the columns the chart shows)."""
    here = CheckIn.objects.filter(delegate=OuterRef("pk"), status=CheckInStatus.VALID)
    return list(Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED)
                .annotate(present=Exists(here)).select_related("organisation")
                .only("id", "event_id", "category_id", "organisation__name", "full_name", "represents", "unit_text",
                      "position", "reply_status", "substitute_name", "seat", "display_order")
                .order_by("category__protocol_order", "display_order", "id"))


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
    text = "".join(w[0] + "." for w in words[:-1]) + words[-1]
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
