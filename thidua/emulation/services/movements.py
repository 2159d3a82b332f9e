"""Movements (phong trào thi đua) of a cycle."""

from __future__ import annotations

from django.db import transaction

from thidua import clock
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise

from .. import states
from ..models import Cycle, Movement, MovementKind, MovementStatus

MOVEMENT_FIELDS = ("name", "kind", "launch_document", "launch_date", "starts_on", "ends_on", "status")


def _movement_units(cycle: Cycle, units) -> list[Organisation]:
    units = list(units)
    for u in units:
        if u.authority_id != cycle.authority_id:
            raise ValidationFailed(f"“{u.name}” thuộc cơ quan khác.", "units")
    if len({u.pk for u in units}) != len(units):
        raise ValidationFailed("Một đơn vị được chọn hai lần.", "units")
    return units


def _validate_movement(movement: Movement) -> None:
    movement.name = normalise.clean_text(movement.name)
    movement.launch_document = normalise.clean_text(movement.launch_document)
    if not movement.name:
        raise ValidationFailed("Tên phong trào không được để trống.", "name")
    if movement.kind not in MovementKind.values:
        raise ValidationFailed("Loại phong trào không hợp lệ.", "kind")
    if movement.status not in MovementStatus.values:
        raise ValidationFailed("Trạng thái phong trào không hợp lệ.", "status")
    if movement.starts_on and movement.ends_on and movement.ends_on < movement.starts_on:
        raise ValidationFailed("Ngày kết thúc phải sau ngày bắt đầu.", "ends_on")
    if movement.launch_date and not movement.launch_document:
        raise ValidationFailed("Có ngày ban hành thì cần ghi số, ký hiệu văn bản phát động.", "launch_document")
    if movement.status != MovementStatus.PLANNED and not movement.launch_document:
        raise ValidationFailed("Phong trào đã phát động cần ghi số, ký hiệu văn bản phát động.", "launch_document")
    if movement.launch_date and movement.ends_on and movement.launch_date > movement.ends_on:
        raise ValidationFailed("Ngày ban hành văn bản phát động phải trước ngày kết thúc.", "launch_date")
    if movement.kind == MovementKind.REGULAR:
        twin = Movement.objects.filter(cycle_id=movement.cycle_id, kind=MovementKind.REGULAR).exclude(pk=movement.pk)
        if twin.exists():
            raise ValidationFailed("Năm thi đua đã có phong trào thi đua thường xuyên (hằng năm).", "kind")


@transaction.atomic
def create_movement(actor, cycle: Cycle, values: dict, units=()) -> Movement:
    """A movement of the cycle: the regular annual one (one per cycle) or a thematic/periodic one."""
    require(actor, "emulation.manage_cycles")
    check_authority(actor, cycle.authority_id)
    for key in values:
        if key not in MOVEMENT_FIELDS:
            raise ValueError(key)
    movement = Movement(cycle=cycle, **values)
    _validate_movement(movement)
    units = _movement_units(cycle, units)
    movement.status_changed_at = clock.now()
    movement.status_changed_by = recorded_user(actor)
    movement.save()
    movement.units.set(units)
    log_action(actor, "emulation.movement.create", movement, None,
               snapshot(movement) | {"units": sorted(u.pk for u in units)})
    return movement


@transaction.atomic
def update_movement(actor, movement: Movement, values: dict, units=None, note: str = "") -> Movement:
    """Edit a movement; a status change follows MOVEMENT_TRANSITIONS and records who, when and why."""
    require(actor, "emulation.manage_cycles")
    movement = Movement.objects.select_for_update().select_related("cycle").get(pk=movement.pk)
    check_authority(actor, movement.cycle.authority_id)
    before = snapshot(movement) | {"units": sorted(movement.units.values_list("pk", flat=True))}
    old_status = movement.status
    apply_fields(movement, values, MOVEMENT_FIELDS)
    _validate_movement(movement)
    note = normalise.clean_text(note)
    if movement.status != old_status:
        if not states.can(states.MOVEMENT_TRANSITIONS, old_status, movement.status):
            raise ValidationFailed(f"Không thể chuyển phong trào từ “{MovementStatus(old_status).label}” sang "
                                   f"“{MovementStatus(movement.status).label}”.", "status")
        movement.status_changed_at = clock.now()
        movement.status_changed_by = recorded_user(actor)
        movement.status_note = note
    movement.save()
    if units is not None:
        movement.units.set(_movement_units(movement.cycle, units))
    after = snapshot(movement) | {"units": sorted(movement.units.values_list("pk", flat=True))}
    log_action(actor, "emulation.movement.update", movement, before, after, note=note)
    return movement
