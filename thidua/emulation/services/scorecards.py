"""Scorecards: their settings, criteria groups and criteria, editable until scoring starts."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.fieldcheck import field_problems
from thidua.orgs.services import ValidationFailed, check_authority, read_number, require
from thidua.vn import normalise

from ..models import (
    CovenantTarget,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    Cycle,
    Group,
    Score,
    Scorecard,
    ScoreSheet,
    SheetStatus,
)


@transaction.atomic
def create_scorecard(actor, cycle: Cycle, name: str, bonus_cap=0, penalty_cap=None) -> Scorecard:
    require(actor, "emulation.manage_cycles")
    check_authority(actor, cycle.authority_id)
    name = normalise.clean_text(name)
    if not name:
        raise ValidationFailed("Tên thang bảng điểm không được để trống.", "name")
    if Scorecard.objects.filter(cycle=cycle, name=name).exists():
        raise ValidationFailed(f"Đã có thang bảng điểm “{name}”.", "name")
    bonus = read_number(bonus_cap, "Điểm thưởng tối đa") or Decimal(0)
    penalty = read_number(penalty_cap, "Điểm trừ tối đa")
    if bonus < 0 or (penalty is not None and penalty < 0):
        raise ValidationFailed("Điểm thưởng, điểm trừ tối đa không được âm.", "bonus_cap")
    card = Scorecard.objects.create(cycle=cycle, name=name, bonus_cap=bonus, penalty_cap=penalty)
    log_action(actor, "emulation.scorecard.create", card, None, snapshot(card))
    return card


@transaction.atomic
def add_criteria_group(actor, card: Scorecard, code: str, name: str) -> CriteriaGroup:
    _editable(actor, card)
    code, name = normalise.clean_text(code), normalise.clean_text(name)
    if not code:
        raise ValidationFailed("Thiếu mã nhóm tiêu chí.", "code")
    if not name:
        raise ValidationFailed("Thiếu tên nhóm tiêu chí.", "name")
    for message, field in field_problems(CriteriaGroup(code=code, name=name), ("code", "name")):
        raise ValidationFailed(message, field)
    if card.criteria_groups.filter(code=code).exists():
        raise ValidationFailed(f"Mã nhóm “{code}” bị trùng.", "code")
    cg = CriteriaGroup.objects.create(scorecard=card, code=code, name=name,
                                      display_order=card.criteria_groups.count() + 1)
    log_action(actor, "emulation.criteria_group.create", cg, None, snapshot(cg))
    return cg


def scorecard_lock_reason(card: Scorecard) -> str:
    """Why a scorecard can no longer change ("" when it can): scoring has started on a sheet of a
    cluster/block using it (past the unit's own draft), or such a cluster/block is locked."""
    locked = Group.objects.filter(scorecard=card, locked_at__isnull=False).values_list("name", flat=True).first()
    if locked:
        return (f"Không sửa được thang bảng điểm “{card.name}”: kết quả của {locked} dùng thang điểm này đã khóa "
                "và công bố.")
    started = ScoreSheet.objects.filter(group__scorecard=card).exclude(status=SheetStatus.DRAFT).count()
    if started:
        return (f"Không sửa được thang bảng điểm “{card.name}”: đã có {started} phiếu chấm qua bước tự chấm; "
                "sửa tiêu chí lúc này làm sai lệch điểm đã chấm.")
    return ""


def _editable(actor, card: Scorecard) -> None:
    require(actor, "emulation.manage_cycles")
    check_authority(actor, card.cycle.authority_id)
    reason = scorecard_lock_reason(card)
    if reason:
        raise ValidationFailed(reason, None)


SCORECARD_FIELDS = ("name", "bonus_cap", "penalty_cap")


@transaction.atomic
def update_scorecard(actor, card: Scorecard, values: dict) -> Scorecard:
    """Name and the scorecard-wide parameters: the bonus cap and the penalty floor (most points
    subtracted)."""
    card = Scorecard.objects.select_for_update().select_related("cycle").get(pk=card.pk)
    _editable(actor, card)
    before = snapshot(card)
    for key in values:
        if key not in SCORECARD_FIELDS:
            raise ValueError(key)
    name = normalise.clean_text(values.get("name", card.name))
    if not name:
        raise ValidationFailed("Tên thang bảng điểm không được để trống.", "name")
    if Scorecard.objects.filter(cycle=card.cycle, name=name).exclude(pk=card.pk).exists():
        raise ValidationFailed(f"Đã có thang bảng điểm “{name}”.", "name")
    try:
        bonus = read_number(values.get("bonus_cap", card.bonus_cap), "Điểm thưởng tối đa") or Decimal(0)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, "bonus_cap")
    try:
        penalty = read_number(values.get("penalty_cap", card.penalty_cap), "Điểm trừ tối đa")
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, "penalty_cap")
    if bonus < 0:
        raise ValidationFailed("Điểm thưởng tối đa không được âm.", "bonus_cap")
    if penalty is not None and penalty < 0:
        raise ValidationFailed("Điểm trừ tối đa không được âm (để trống nếu không giới hạn).", "penalty_cap")
    card.name, card.bonus_cap, card.penalty_cap = name, bonus, penalty
    card.save()
    log_action(actor, "emulation.scorecard.update", card, before, snapshot(card))
    return card


@transaction.atomic
def update_criteria_group(actor, cg: CriteriaGroup, code: str, name: str, display_order: int | None = None):
    card = cg.scorecard
    _editable(actor, card)
    code, name = normalise.clean_text(code), normalise.clean_text(name)
    if not code:
        raise ValidationFailed("Thiếu mã nhóm tiêu chí.", "code")
    if not name:
        raise ValidationFailed("Thiếu tên nhóm tiêu chí.", "name")
    if card.criteria_groups.filter(code=code).exclude(pk=cg.pk).exists():
        raise ValidationFailed(f"Mã nhóm “{code}” bị trùng.", "code")
    before = snapshot(cg)
    cg.code, cg.name = code, name
    if display_order is not None:
        cg.display_order = display_order
    cg.save()
    log_action(actor, "emulation.criteria_group.update", cg, before, snapshot(cg))
    return cg


@transaction.atomic
def delete_criteria_group(actor, cg: CriteriaGroup) -> None:
    card = cg.scorecard
    _editable(actor, card)
    if cg.criteria.exists():
        raise ValidationFailed(f"Nhóm “{cg.code}. {cg.name}” còn tiêu chí; xóa hoặc chuyển các tiêu chí trước.", None)
    before = snapshot(cg)
    log_action(actor, "emulation.criteria_group.delete", cg, before, None)
    cg.delete()


def validate_criterion(values: dict) -> None:
    """The one check of a criterion's type and parameters (Excel import and the scorecard page)."""
    kind = values.get("kind")
    if kind not in CriterionKind.values:
        raise ValidationFailed(f"Loại tiêu chí “{kind}” không hợp lệ.", "kind")
    if not values.get("code"):
        raise ValidationFailed("Thiếu mã tiêu chí.", "code")
    if not values.get("name"):
        raise ValidationFailed("Thiếu nội dung tiêu chí.", "name")
    mx = values.get("max_points")
    if mx is None or mx <= 0:
        raise ValidationFailed("Điểm tối đa phải lớn hơn 0.", "max_points")
    if mx >= 100000:
        raise ValidationFailed("Điểm tối đa quá lớn.", "max_points")
    unit_points = values.get("unit_points")
    if kind == CriterionKind.PER_OCCURRENCE:
        if not (unit_points or 0) > 0:
            raise ValidationFailed("Tiêu chí tính theo số lần cần “điểm mỗi lần” lớn hơn 0.", "unit_points")
        if unit_points > mx:
            raise ValidationFailed("Điểm mỗi lần không được lớn hơn điểm tối đa (mức trần của tiêu chí).",
                                   "unit_points")
    elif unit_points not in (None, 0):
        raise ValidationFailed("Chỉ tiêu chí tính theo số lần mới có “điểm mỗi lần”.", "unit_points")


def _criterion_values(values: dict) -> dict:
    values = dict(values)
    for key in ("code", "name", "unit_label"):
        if key in values:
            values[key] = normalise.clean_text(values[key] or "")
    if "guidance" in values:
        values["guidance"] = normalise.clean_multiline(values["guidance"] or "")
    for key, label in (("max_points", "Điểm tối đa"), ("unit_points", "Điểm mỗi lần")):
        if key in values and not isinstance(values[key], Decimal):
            try:
                values[key] = read_number(values[key], label)
            except ValidationFailed as exc:
                raise ValidationFailed(exc.message, key)
    if values.get("unit_points") == 0:
        values["unit_points"] = None
    return values


@transaction.atomic
def add_criterion(actor, card: Scorecard, group: CriteriaGroup, values: dict) -> Criterion:
    _editable(actor, card)
    if group.scorecard_id != card.pk:
        raise ValidationFailed("Nhóm tiêu chí thuộc thang bảng điểm khác.", "group")
    values = _criterion_values(values)
    values.setdefault("code", "")
    values.setdefault("name", "")
    validate_criterion(values)
    for message, field in field_problems(Criterion(scorecard=card, group=group, **values), list(values)):
        raise ValidationFailed(message, field)
    if card.criteria.filter(code=values["code"]).exists():
        raise ValidationFailed(f"Mã tiêu chí “{values['code']}” bị trùng.", "code")
    values.setdefault("display_order", card.criteria.count() + 1)
    c = Criterion.objects.create(scorecard=card, group=group, **values)
    log_action(actor, "emulation.criterion.create", c, None, snapshot(c))
    return c


CRITERION_FIELDS = ("group", "code", "name", "kind", "max_points", "unit_points", "unit_label", "guidance",
                    "evidence_required", "display_order")


def _criterion_in_use(c: Criterion) -> str:
    if CovenantTarget.objects.filter(criterion=c).exists():
        return "đã có đơn vị đăng ký chỉ tiêu"
    if Score.objects.filter(criterion=c).exists():
        return "đã có đơn vị tự chấm"
    return ""


@transaction.atomic
def update_criterion(actor, c: Criterion, values: dict) -> Criterion:
    card = c.scorecard
    _editable(actor, card)
    for key in values:
        if key not in CRITERION_FIELDS:
            raise ValueError(key)
    merged = {k: getattr(c, k) for k in CRITERION_FIELDS} | _criterion_values(values)
    group = merged.pop("group")
    if group.scorecard_id != card.pk:
        raise ValidationFailed("Nhóm tiêu chí thuộc thang bảng điểm khác.", "group")
    validate_criterion(merged)
    if card.criteria.filter(code=merged["code"]).exclude(pk=c.pk).exists():
        raise ValidationFailed(f"Mã tiêu chí “{merged['code']}” bị trùng.", "code")
    if merged["kind"] != c.kind:
        used = _criterion_in_use(c)
        if used:
            raise ValidationFailed(f"Không đổi được loại tiêu chí {c.code}: {used}.", "kind")
    before = snapshot(c)
    c.group = group
    for key, value in merged.items():
        setattr(c, key, value)
    c.save()
    log_action(actor, "emulation.criterion.update", c, before, snapshot(c))
    return c


@transaction.atomic
def delete_criterion(actor, c: Criterion) -> None:
    card = c.scorecard
    _editable(actor, card)
    used = _criterion_in_use(c)
    if used:
        raise ValidationFailed(f"Không xóa được tiêu chí {c.code}: {used}.", None)
    log_action(actor, "emulation.criterion.delete", c, snapshot(c), None)
    c.delete()
