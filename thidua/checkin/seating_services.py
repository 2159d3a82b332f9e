"""Moves on the seating chart (#20): one delegate into a seat, out of the hall, or a swap with whoever sits
there. Nobody is ever moved silently: a seat held by someone else is refused unless the swap was asked
for (the page asks "Đổi chỗ với …?" first), and a move drawn on a page that is out of date (the delegate
or the seat changed since the page was drawn) is refused with a Vietnamese message.

Permission and authority checked, the rows locked, one transaction, one audit entry (the "writes" room of
`checkin`; kept out of `services.py`, which the reception desk shares)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from thidua.events.models import Delegate, ReplyStatus
from thidua.orgs.audit import log_action
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from . import hall
from .models import HallPlan, SeatAssignment

__all__ = ["Move", "SeatTaken", "StaleMove", "move_delegate"]

RELOAD = "Hãy tải lại trang để xem sơ đồ mới nhất."


class StaleMove(ValidationFailed):
    """The page showed another state than the one stored: someone moved first."""


class SeatTaken(ValidationFailed):
    """The seat is held by someone else and no swap was asked for: the page must ask first."""

    def __init__(self, message: str, occupant: Delegate):
        super().__init__(message, "seat")
        self.occupant = occupant


@dataclass
class Move:
    delegate: Delegate
    seat: str  # "" = out of the hall
    previous: str
    swapped_with: Delegate | None = None
    changes: list[tuple[int, str]] = field(default_factory=list)  # (delegate id, its seat now)

    @property
    def message(self) -> str:
        name = self.delegate.attendee_name
        if not self.changes:
            return f"“{name}” đã ở ghế {self.seat}." if self.seat else f"“{name}” chưa có chỗ."
        if not self.seat:
            return f"Đã bỏ chỗ ngồi của “{name}” (ghế {self.previous})."
        text = f"Đã xếp “{name}” vào ghế {self.seat}."
        if self.swapped_with is not None:
            other = self.swapped_with.attendee_name
            text += (f" “{other}” chuyển sang ghế {self.previous}." if self.previous
                     else f" “{other}” chuyển vào danh sách chưa có chỗ.")
        return text


def _where(seat: str) -> str:
    return f"ghế {seat}" if seat else "danh sách chưa có chỗ"


@transaction.atomic
def move_delegate(actor: User | None, delegate: Delegate, seat: str, *, seen_from: str | None = None,
                  seen_occupant: int | None = None, swap: bool = False) -> Move:
    """Put `delegate` in `seat` ("" takes them out of the hall), by hand (kept by later automatic runs).

    `seen_from` is the delegate's seat as the page showed it and `seen_occupant` who the page showed in
    `seat` (None: empty); when they differ from what is stored the move is refused (`StaleMove`). The CLI
    passes `seen_from=None` to skip the first check. A seat held by someone else is refused (`SeatTaken`)
    unless `swap`: then that person takes the delegate's previous seat (or leaves the hall when the
    delegate had none)."""
    require(actor, "checkin.manage_seating")
    event = delegate.event
    check_authority(actor, event.authority_id)
    seat = normalise.clean_text(seat or "").upper()
    hall_plan = HallPlan.objects.filter(event=event).first()
    if hall_plan is None:
        raise ValidationFailed("Chưa có sơ đồ hội trường.", "seat")
    labels = {s.label: s for s in hall.seats(hall_plan.plan)}
    if seat and seat not in labels:
        raise ValidationFailed(f"Không có ghế “{seat}” trong sơ đồ hội trường.", "seat")
    # lock the delegate and whoever holds the seat now, in id order (two crossing swaps do not deadlock)
    holder_ids = list(Delegate.objects.filter(event=event, seat=seat).exclude(pk=delegate.pk)
                      .values_list("pk", flat=True)) if seat else []
    locked = {d.pk: d for d in Delegate.objects.select_for_update().filter(pk__in=sorted([delegate.pk, *holder_ids]))
              .order_by("pk")}
    me = locked[delegate.pk]
    me.event = event
    occupant = next((d for pk, d in locked.items() if pk != me.pk and d.seat == seat and seat), None)
    if seat and occupant is None and Delegate.objects.filter(event=event, seat=seat).exclude(pk=me.pk).exists():
        raise StaleMove(f"Ghế {seat} vừa có người được xếp vào. {RELOAD}", "seat")
    name = me.attendee_name
    if seen_from is not None and normalise.clean_text(seen_from).upper() != me.seat:
        raise StaleMove(f"“{name}” đã được chuyển sang {_where(me.seat)} sau khi trang được mở. {RELOAD}", "seat")
    if seen_from is not None and (occupant.pk if occupant else None) != seen_occupant:
        now = f"nay có “{occupant.attendee_name}” ngồi" if occupant else "nay đang trống"
        raise StaleMove(f"Ghế {seat} đã thay đổi sau khi trang được mở ({now}). {RELOAD}", "seat")
    if seat and (me.revoked or me.reply_status == ReplyStatus.DECLINED):
        raise ValidationFailed(f"“{name}” không dự hội nghị (đã từ chối hoặc thu hồi giấy mời): không xếp chỗ.",
                               "seat")
    previous = me.seat
    move = Move(me, seat, previous, occupant)
    if seat == previous:
        return move
    if occupant is not None and not swap:
        raise SeatTaken(f"Ghế {seat} đang có “{occupant.attendee_name}” ngồi. Đổi chỗ với “{occupant.attendee_name}”?",
                        occupant)
    # one delegate per seat at every step: this one leaves, the other takes its old seat, this one sits
    Delegate.objects.filter(pk=me.pk).update(seat="")
    SeatAssignment.objects.filter(delegate_id__in=[me.pk] + ([occupant.pk] if occupant else [])).delete()
    if occupant is not None:
        Delegate.objects.filter(pk=occupant.pk).update(seat=previous)
        occupant.seat = previous
        if previous:
            SeatAssignment.objects.create(event=event, delegate=occupant, manual=True)
        move.changes.append((occupant.pk, previous))
    if seat:
        Delegate.objects.filter(pk=me.pk).update(seat=seat)
        SeatAssignment.objects.create(event=event, delegate=me, manual=True)
    me.seat = seat
    move.changes.insert(0, (me.pk, seat))
    after = {"seat": seat}
    if occupant is not None:
        after["swapped_with"] = {"id": occupant.pk, "seat": previous}
    log_action(actor, "checkin.seat.move", me, {"seat": previous}, after,
               note=move.message + (f" ({labels[seat].text})" if seat else ""))
    return move
