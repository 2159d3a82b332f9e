"""The standing council list (#20): add a member, change position, office and order, relieve one from
office; and what a new meeting starts from (the members active on its day, in order). Every write: the
permission `awards.manage_council`, the authority checked, one transaction, an audit entry."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from thidua import clock
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, Person, User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise

from .. import council
from ..council_seats import active_on
from ..models import CouncilSeat, SeatPosition

SEAT_FIELDS = ("person", "name", "position", "title", "active_from")
ALONE = (SeatPosition.CHAIR,)  # positions one member holds at a time


def active_seats(authority: Authority | int, on: dt.date | None = None):
    """The members in office on a day (today by default), chairman first: the order the list keeps."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    return (CouncilSeat.objects.filter(active_on(on or clock.today()), authority_id=authority_id)
            .order_by("order", "id"))


def roster_members(authority: Authority | int, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(name, role) of each active member, in order: what a new meeting's members start from."""
    return [(s.name, s.member_role) for s in active_seats(authority, on)]


def meeting_initial(authority: Authority | int, on: dt.date | None = None) -> dict[str, str]:
    """The meeting form's chair, secretary and members ("Họ tên - chức danh" a line) from the list."""
    seats = list(active_seats(authority, on))
    if not seats:
        return {}
    first = {}
    for s in seats:
        first.setdefault(s.position, s.name)
    secretary = first.get(SeatPosition.SECRETARY) or first.get(SeatPosition.STANDING) or ""
    return {"chair": first.get(SeatPosition.CHAIR, seats[0].name), "secretary": secretary,
            "members": "\n".join(f"{s.name} - {s.member_role}" for s in seats)}


def _clean(actor: User | None, authority_id: int, seat: CouncilSeat, values: dict) -> None:
    person = values.get("person")
    if person is not None:
        if not isinstance(person, Person) or person.authority_id != authority_id:
            raise ValidationFailed("Cán bộ thuộc cơ quan khác.", "person")
        if not normalise.clean_text(values.get("name") or ""):
            values = {**values, "name": person.full_name}
        if not values.get("title") and person.position:
            values = {**values, "title": person.position[:120]}
    values = {k: normalise.clean_text(v) if isinstance(v, str) else v for k, v in values.items()}
    apply_fields(seat, values, SEAT_FIELDS)
    if not seat.name:
        raise ValidationFailed("Chọn một cán bộ hoặc nhập họ và tên thành viên.", "name")
    if seat.position not in SeatPosition.values:
        raise ValidationFailed("Vị trí trong Hội đồng không hợp lệ.", "position")
    if seat.active_from is None:
        raise ValidationFailed("Nhập ngày bắt đầu.", "active_from")
    if seat.active_to is not None and seat.active_to < seat.active_from:
        raise ValidationFailed("Ngày bắt đầu phải trước ngày thôi.", "active_from")
    today = clock.today()
    others = list(active_seats(authority_id, max(today, seat.active_from)).exclude(pk=seat.pk))
    key = council.member_key(seat.name)
    if any(council.member_key(o.name) == key or (seat.person_id and o.person_id == seat.person_id) for o in others):
        raise ValidationFailed(f"{seat.name} đã có trong danh sách Hội đồng.", "name")
    if seat.position in ALONE:
        holder = next((o for o in others if o.position == seat.position), None)
        if holder:
            raise ValidationFailed(f"Hội đồng đã có {seat.get_position_display()}: {holder.name}. "
                                   "Cho người này thôi hoặc đổi vị trí trước.", "position")


@transaction.atomic
def add_seat(actor: User | None, authority: Authority, values: dict) -> CouncilSeat:
    """A member at the end of the list (a chairman at its head)."""
    require(actor, "awards.manage_council")
    check_authority(actor, authority.pk)
    values = {"active_from": clock.today(), **values}
    seat = CouncilSeat(authority=authority)
    _clean(actor, authority.pk, seat, values)
    last = CouncilSeat.objects.filter(authority=authority).aggregate(m=Max("order"))["m"] or 0
    seat.order = last + 1
    seat.save()
    if seat.position == SeatPosition.CHAIR:  # the chairman heads the list
        ids = [seat.pk, *active_seats(authority).exclude(pk=seat.pk).values_list("pk", flat=True)]
        _renumber(authority.pk, ids)
        seat.refresh_from_db()
    log_action(actor, "awards.roster.add", seat, None, snapshot(seat))
    return seat


@transaction.atomic
def add_seats(actor: User | None, authority: Authority, values: dict) -> list[CouncilSeat]:
    """The people chosen (`people`, in the order chosen) and a typed `name`, each with the same position,
    office (blank: each person's own position) and start; all added or, on one refusal, none."""
    people = list(values.get("people") or [])
    name = normalise.clean_text(values.get("name") or "")
    if not people and not name:
        raise ValidationFailed("Chọn một cán bộ hoặc nhập họ và tên thành viên.", "name")
    common = {k: values[k] for k in ("position", "title", "active_from") if k in values}
    added = [add_seat(actor, authority, {**common, "person": p, "name": ""}) for p in people]
    if name:
        added.append(add_seat(actor, authority, {**common, "name": name}))
    return added


@transaction.atomic
def update_seat(actor: User | None, seat: CouncilSeat, values: dict) -> CouncilSeat:
    require(actor, "awards.manage_council")
    check_authority(actor, seat.authority_id)
    seat = CouncilSeat.objects.select_for_update().get(pk=seat.pk)
    before = snapshot(seat)
    _clean(actor, seat.authority_id, seat, values)
    seat.save()
    log_action(actor, "awards.roster.update", seat, before, snapshot(seat))
    return seat


def _renumber(authority_id: int, ids: list[int]) -> None:
    seats = {s.pk: s for s in CouncilSeat.objects.filter(authority_id=authority_id, pk__in=ids)}
    for i, pk in enumerate(ids, start=1):
        seats[pk].order = i
    CouncilSeat.objects.bulk_update(seats.values(), ["order"])


@transaction.atomic
def reorder_seats(actor: User | None, authority: Authority, ids: list[int],
                  seen: list[int] | None = None) -> list[int]:
    """Put the active members in the order given (every active member once). `seen`: the order the page
    showed; refused when someone has reordered the list since (a stale page must not undo their order)."""
    require(actor, "awards.manage_council")
    check_authority(actor, authority.pk)
    current = list(active_seats(authority).select_for_update().values_list("pk", flat=True))
    if sorted(ids) != sorted(current) or len(set(ids)) != len(ids):
        raise ValidationFailed("Danh sách đã thay đổi; tải lại trang rồi sắp xếp lại.")
    if seen is not None and seen != current:
        raise ValidationFailed("Danh sách vừa được sắp xếp lại ở nơi khác; tải lại trang để xem thứ tự mới "
                               "rồi sắp xếp lại.")
    _renumber(authority.pk, ids)
    log_action(actor, "awards.roster.reorder", authority, {"order": current}, {"order": ids})
    return ids


@transaction.atomic
def move_seat(actor: User | None, seat: CouncilSeat, step: int) -> CouncilSeat:
    """One place up (step -1) or down (+1) among the active members."""
    require(actor, "awards.manage_council")
    check_authority(actor, seat.authority_id)
    ids = list(active_seats(seat.authority_id).select_for_update().values_list("pk", flat=True))
    if seat.pk not in ids:
        raise ValidationFailed(f"{seat.name} không còn trong danh sách Hội đồng.")
    i = ids.index(seat.pk)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(ids):
        raise ValidationFailed(f"{seat.name} đã ở {'cuối' if step > 0 else 'đầu'} danh sách.")
    before = list(ids)
    ids[i], ids[j] = ids[j], ids[i]
    _renumber(seat.authority_id, ids)
    seat.refresh_from_db()
    log_action(actor, "awards.roster.reorder", seat, {"order": before}, {"order": ids})
    return seat


@transaction.atomic
def deactivate_seat(actor: User | None, seat: CouncilSeat, on: dt.date | None = None) -> CouncilSeat:
    """The member leaves the council from `on` (today): kept in the list of former members, not copied
    into meetings from then on; meetings already held keep their members."""
    require(actor, "awards.manage_council")
    check_authority(actor, seat.authority_id)
    seat = CouncilSeat.objects.select_for_update().get(pk=seat.pk)
    on = on or clock.today()
    if seat.active_to is not None and seat.active_to <= on:  # a member not yet in office may be relieved too
        raise ValidationFailed(f"{seat.name} không còn trong danh sách Hội đồng.")
    before = snapshot(seat)
    seat.active_to = max(on, seat.active_from)
    seat.save(update_fields=["active_to"])
    log_action(actor, "awards.roster.deactivate", seat, before, snapshot(seat))
    return seat
