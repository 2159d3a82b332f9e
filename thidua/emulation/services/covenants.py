"""Covenants: a unit's registration of targets and commitments, and its review."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua import clock
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation
from thidua.orgs.services import ValidationFailed, check_authority, read_number, require
from thidua.vn import normalise

from .. import states
from ..models import Covenant, CovenantStatus, CovenantTarget, Criterion, CriterionKind, Cycle, Membership
from .common import ScoresInvalid


def membership_of(cycle: Cycle, organisation_id: int) -> Membership:
    m = Membership.objects.filter(cycle=cycle, organisation_id=organisation_id).select_related("group").first()
    if m is None:
        raise ValidationFailed("Đơn vị chưa thuộc cụm, khối thi đua nào trong năm này.", None)
    return m


@transaction.atomic
def save_covenant(actor, cycle: Cycle, organisation: Organisation, targets: dict, commitments: str,
                  on_paper: bool = False) -> Covenant:
    """Create or update a unit's registration (draft or returned). `targets`: criterion id → value
    (None or "" removes the target: the criterion then does not apply to the unit)."""
    covenant = Covenant.objects.filter(cycle=cycle, organisation=organisation).first()
    probe = covenant or Covenant(cycle=cycle, organisation=organisation)
    require(actor, "emulation.edit_covenant", probe)
    check_authority(actor, cycle.authority_id)
    if organisation.authority_id != cycle.authority_id:
        raise PermissionDenied("Đơn vị thuộc cơ quan khác.")
    m = membership_of(cycle, organisation.pk)
    if on_paper and actor is not None and not actor.has_perm("emulation.decide_covenant"):
        raise PermissionDenied("Chỉ Thường trực Hội đồng được nhập hộ bản đăng ký giấy.")
    if covenant is not None and covenant.status not in (CovenantStatus.DRAFT, CovenantStatus.RETURNED):
        raise ValidationFailed(f"Bản đăng ký đang ở trạng thái “{covenant.get_status_display()}”, không sửa được.")
    criteria = {c.pk: c for c in Criterion.objects.filter(scorecard_id=m.group.scorecard_id, kind=CriterionKind.TARGET)}
    clean: dict[int, Decimal] = {}
    errors: dict[int, str] = {}
    for cid, raw in targets.items():
        cid = int(cid)
        if cid not in criteria:
            raise ValidationFailed("Tiêu chí không thuộc thang bảng điểm của cụm, khối.", None)
        try:
            value = read_number(raw, f"Chỉ tiêu {criteria[cid].code}", places=2)
        except ValidationFailed as exc:
            errors[cid] = exc.message
            continue
        if value is not None and value <= 0:
            errors[cid] = f"Chỉ tiêu {criteria[cid].code} phải lớn hơn 0 (để trống nếu không đăng ký)."
        elif value is not None:
            clean[cid] = value
    if errors:
        raise ScoresInvalid(errors)
    before = None
    if covenant is None:
        covenant = Covenant(cycle=cycle, organisation=organisation, created_at=clock.now())
    else:
        before = snapshot(covenant) | {"targets": {str(t.criterion_id): str(t.target) for t in covenant.targets.all()}}
    covenant.commitments = normalise.clean_multiline(commitments)
    covenant.on_paper = covenant.on_paper or on_paper
    covenant.save()
    covenant.targets.exclude(criterion_id__in=clean).delete()
    existing = {t.criterion_id: t for t in covenant.targets.all()}
    for cid, value in clean.items():
        t = existing.get(cid)
        if t is None:
            CovenantTarget.objects.create(covenant=covenant, criterion_id=cid, target=value)
        elif t.target != value:
            t.target = value
            t.save(update_fields=["target"])
    after = snapshot(covenant) | {"targets": {str(k): str(v) for k, v in clean.items()}}
    log_action(actor, "emulation.covenant.save", covenant, before, after,
               note="Nhập hộ từ bản giấy" if on_paper else "")
    return covenant


@transaction.atomic
def transition_covenant(actor, covenant: Covenant, new: str, note: str = "") -> Covenant:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    perm = "emulation.edit_covenant" if new == CovenantStatus.SUBMITTED else "emulation.decide_covenant"
    require(actor, perm, covenant)
    check_authority(actor, covenant.cycle.authority_id)
    if not states.can(states.COVENANT_TRANSITIONS, covenant.status, new):
        raise ValidationFailed(f"Không thể chuyển bản đăng ký từ “{covenant.get_status_display()}” sang "
                               f"“{CovenantStatus(new).label}”.")
    note = normalise.clean_multiline(note)
    if new == CovenantStatus.RETURNED and not note:
        raise ValidationFailed("Cần ghi ý kiến khi trả lại bản đăng ký.", "note")
    before = snapshot(covenant)
    now = clock.now()
    covenant.status = new
    covenant.status_changed_at = now
    covenant.status_changed_by = recorded_user(actor)
    covenant.status_note = note
    if new == CovenantStatus.SUBMITTED:
        covenant.submitted_at = now
    covenant.save()
    log_action(actor, f"emulation.covenant.{new}", covenant, before, snapshot(covenant), note=note)
    return covenant
