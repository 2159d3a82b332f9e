"""Delegates: adding them (one by one, from the registry, per unit), changing and removing them, their
invitations (revoke, reissue) and the bulk import (one audit entry for the whole file)."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.fieldcheck import field_problems
from thidua.orgs.models import Organisation, Person, User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise

from .. import quota
from ..models import Delegate, DelegateCategory, Event, Vehicle, new_nonce, search_key

# --- delegates -----------------------------------------------------------------------------

DELEGATE_FIELDS = ("category", "organisation", "person", "full_name", "gender", "position", "unit_text", "phone",
                   "email", "vehicle", "seat", "area", "notes", "display_order", "represents", "recipient_key")


def _validate_delegate(d: Delegate) -> None:
    if d.category_id is None or d.category.event_id != d.event_id:
        raise ValidationFailed("Cần chọn thành phần đại biểu của hội nghị này.", "category")
    authority_id = d.event.authority_id
    if d.organisation is not None and d.organisation.authority_id != authority_id:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", "organisation")
    if d.person is not None and d.person.authority_id != authority_id:
        raise ValidationFailed("Cá nhân thuộc cơ quan khác.", "person")
    name = normalise.clean_text(d.full_name)
    if normalise.looks_like_formula(name):
        raise ValidationFailed("Họ và tên không được bắt đầu bằng dấu =, +, - hoặc @ (giống công thức Excel).",
                               "full_name")
    if not name and d.organisation is None and not normalise.clean_text(d.unit_text):
        raise ValidationFailed("Cần họ và tên đại biểu, hoặc đơn vị để mời “Đại diện lãnh đạo”.", "full_name")
    if len(name) > 180:
        raise ValidationFailed("Họ và tên quá dài.", "full_name")
    if d.gender not in ("M", "F", ""):
        raise ValidationFailed("Giới tính không hợp lệ.", "gender")
    for message, field in field_problems(d, DELEGATE_FIELDS):
        raise ValidationFailed(message, field)
    seat = normalise.clean_text(d.seat)
    if seat and Delegate.objects.filter(event_id=d.event_id, seat=seat).exclude(pk=d.pk).exists():
        raise ValidationFailed(f"Ghế “{seat}” đã xếp cho đại biểu khác.", "seat")
    if d.vehicle not in Vehicle.values:
        raise ValidationFailed("Phương tiện chỉ có thể là ô tô hoặc xe máy.", "vehicle")
    if d.email:
        try:
            validate_email(d.email)
        except DjangoValidationError:
            raise ValidationFailed(f"Địa chỉ thư điện tử “{d.email}” không hợp lệ.", "email")


def check_delegate(event: Event, values: dict, target: Delegate | None = None) -> None:
    """Raise `ValidationFailed` if `values` (on `target`, or on a new delegate) would be refused: what
    an import's dry run asks of every row, the same check `import_delegates` makes when it saves."""
    d = copy.copy(target) if target is not None else Delegate(event=event, nonce="")  # never saved
    apply_fields(d, values, DELEGATE_FIELDS)
    _validate_delegate(d)


def next_invitation_number(event: Event) -> int:
    return (Delegate.objects.filter(event=event).aggregate(m=Max("invitation_number"))["m"] or 0) + 1


@transaction.atomic
def add_delegate(actor: User | None, event: Event, values: dict, note: str = "") -> Delegate:
    check_authority(actor, event.authority_id)
    delegate = Delegate(event=event)
    apply_fields(delegate, values, DELEGATE_FIELDS)
    require(actor, "events.manage_delegates", delegate)
    _validate_delegate(delegate)
    if delegate.person_id and Delegate.objects.filter(event=event, person_id=delegate.person_id).exists():
        raise ValidationFailed(f"{delegate.person.full_name} đã có trong danh sách đại biểu.", "person")
    delegate.invitation_number = next_invitation_number(event)
    if not delegate.display_order:
        delegate.display_order = delegate.invitation_number
    delegate.save()
    log_action(actor, "events.delegate.create", delegate, None, snapshot(delegate), note=note)
    return delegate


@transaction.atomic
def update_delegate(actor: User | None, delegate: Delegate, values: dict) -> Delegate:
    require(actor, "events.manage_delegates", delegate)  # the officer must own the current unit …
    check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    apply_fields(delegate, values, DELEGATE_FIELDS)
    require(actor, "events.manage_delegates", delegate)  # … and cannot move the delegate to another unit
    _validate_delegate(delegate)
    delegate.save()
    after = snapshot(delegate)
    if after != before:
        log_action(actor, "events.delegate.update", delegate, before, after)
    return delegate


def _person_values(person: Person, category: DelegateCategory) -> dict:
    return {"category": category, "person": person, "organisation": person.organisation,
            "full_name": person.full_name, "gender": person.gender, "position": person.position,
            "phone": person.phone, "email": person.email}


@transaction.atomic
def add_people(actor: User | None, event: Event, category: DelegateCategory, people) -> tuple[list[Delegate], int]:
    """Invite people from the registry; those already invited are left alone. Returns (added, skipped)."""
    added, skipped = [], 0
    invited = set(Delegate.objects.filter(event=event, person__isnull=False).values_list("person_id", flat=True))
    for person in people:
        if person.pk in invited:
            skipped += 1
            continue
        added.append(add_delegate(actor, event, _person_values(person, category), note="Thêm từ danh bạ"))
        invited.add(person.pk)
    return added, skipped


@transaction.atomic
def add_unit_seats(actor: User | None, event: Event, category: DelegateCategory, units, seats: int,
                   position: str = "") -> list[Delegate]:
    """N seats per unit: "Đại diện lãnh đạo <unit>" placeholders, topped up to `seats` per unit and category."""
    if not 1 <= seats <= 20:
        raise ValidationFailed("Số đại biểu mỗi đơn vị phải từ 1 đến 20.", "seats")
    added = []
    for unit in units:
        have = Delegate.objects.filter(event=event, category=category, organisation=unit).count()
        for _ in range(quota.placeholder_counts(have, seats)):
            added.append(add_delegate(actor, event, {"category": category, "organisation": unit,
                                                     "position": position}, note="Thêm theo đơn vị"))
    return added


@transaction.atomic
def remove_delegate(actor: User | None, delegate: Delegate) -> None:
    require(actor, "events.manage_events")
    check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    log_action(actor, "events.delegate.delete", delegate, before, None)
    delegate.delete()


# --- invitations ---------------------------------------------------------------------------

def _new_token(actor: User | None, delegate: Delegate, revoked: bool, code: str, reason: str) -> Delegate:
    require(actor, "events.print_invitations")
    check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    delegate.revoked = revoked
    delegate.nonce = new_nonce()
    delegate.save()
    log_action(actor, code, delegate, before, snapshot(delegate), note=reason)
    return delegate


@transaction.atomic
def revoke_invitation(actor: User | None, delegate: Delegate, reason: str = "") -> Delegate:
    """The printed QR and the reply link stop working."""
    return _new_token(actor, delegate, True, "events.invitation.revoke", reason)


@transaction.atomic
def reissue_invitation(actor: User | None, delegate: Delegate, reason: str = "") -> Delegate:
    """A new token (print the letter again); every older QR and reply link is refused."""
    return _new_token(actor, delegate, False, "events.invitation.reissue", reason)


# --- bulk import (one audit entry for the whole file) ---------------------------------------

@transaction.atomic
def import_delegates(actor: User | None, event: Event, creates: list[dict], updates: list[tuple[Delegate, dict]],
                     filename: str, on_invalid=None) -> list[Delegate]:
    """Save many delegates, each checked by the rules of one added by hand. A refused one raises
    `ValidationFailed`; with `on_invalid(kind, index, message)` ("create"/"update", its index in its
    list) it is left out and reported instead, the others saved (how the importer reports rows)."""
    require(actor, "events.import_delegates")
    check_authority(actor, event.authority_id)
    number = next_invitation_number(event)
    new = []
    for index, values in enumerate(creates):
        d = Delegate(event=event, invitation_number=number, display_order=number, nonce=new_nonce())
        apply_fields(d, values, DELEGATE_FIELDS)
        try:
            _validate_delegate(d)  # the same rules as one delegate added by hand (#16)
        except ValidationFailed as exc:
            if on_invalid is None:
                raise
            on_invalid("create", index, exc.message)
            continue
        d.name_fold = search_key(d)  # what save() does, for bulk_create
        new.append(d)
        number += 1
    Delegate.objects.bulk_create(new, batch_size=500)
    changed = []
    for index, (d, values) in enumerate(updates):
        apply_fields(d, values, DELEGATE_FIELDS)
        try:
            _validate_delegate(d)
        except ValidationFailed as exc:
            if on_invalid is None:
                raise
            on_invalid("update", index, exc.message)
            continue
        d.name_fold = normalise.fold(f"{d.display_name} {d.position} {d.substitute_name}")
        changed.append(d)
    if changed:
        Delegate.objects.bulk_update(changed, [*{k for _, v in updates for k in v}, "name_fold"], batch_size=500)
    log_action(actor, "events.delegate.import", event, None,
               {"file": filename, "created": len(new), "updated": len(changed),
                "updated_ids": [d.pk for d in changed]},
               note=f"Nhập {len(new)} đại biểu mới, cập nhật {len(changed)} từ tệp {filename}")
    return new



def unit_choice(event: Event, unit_id) -> Organisation | None:
    return Organisation.objects.filter(authority_id=event.authority_id, pk=unit_id).first() if unit_id else None
