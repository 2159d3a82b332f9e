"""The budget estimate (dự trù kinh phí) and its lines, its review by the finance unit, the spending norms."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from thidua import clock
from thidua.events.models import Event
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation, User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, read_number, require
from thidua.vn import normalise
from thidua.vn.money import format_money

from .. import budget_rules, states
from ..models import (
    Budget,
    BudgetBasis,
    BudgetLine,
    SpendingNorm,
)
from ..queries import rule_line


@transaction.atomic
def ensure_budget(actor: User | None, event: Event) -> Budget:
    require(actor, "logistics.manage_budget")
    check_authority(actor, event.authority_id)
    budget = Budget.objects.filter(event=event).first()
    if budget is None:
        finance = Organisation.objects.filter(authority_id=event.authority_id, code="phong-tc-kh").first()
        budget = Budget.objects.create(authority_id=event.authority_id, event=event, finance_unit=finance)
        log_action(actor, "logistics.budget.create", budget, None, snapshot(budget))
    return budget


def _budget_draft(budget: Budget) -> None:
    budget.refresh_from_db(fields=["status"])
    if budget.status != "draft":
        raise ValidationFailed("Dự trù đã trình hoặc đã duyệt; trả về dự thảo trước khi sửa.", None)


@transaction.atomic
def update_budget(actor: User | None, budget: Budget, values: dict) -> Budget:
    require(actor, "logistics.manage_budget")
    check_authority(actor, budget.authority_id)
    _budget_draft(budget)
    before = snapshot(budget)
    apply_fields(budget, values, ("finance_unit", "prize_from_fund", "prize_date_from", "prize_date_to"))
    if budget.prize_date_from and budget.prize_date_to and budget.prize_date_to < budget.prize_date_from:
        raise ValidationFailed("Khoảng ngày tính tiền thưởng không hợp lệ.", "prize_date_to")
    budget.save()
    log_action(actor, "logistics.budget.update", budget, before, snapshot(budget))
    return budget


_NUMBER_LABELS = {"quantity": "Số lượng", "per_delegate": "Số lượng mỗi đại biểu"}


def _decimal(value, field: str) -> Decimal:
    """A quantity as typed or stored ("1.234,5" is 1234,5); empty is 0."""
    return read_number(value, _NUMBER_LABELS.get(field, "Số"), field=field) or Decimal(0)


LINE_FIELDS = ("group", "item", "unit", "basis", "quantity", "per_delegate", "unit_price", "note", "position")


@transaction.atomic
def save_budget_line(actor: User | None, budget: Budget, values: dict, line: BudgetLine | None = None) -> BudgetLine:
    require(actor, "logistics.manage_budget")
    check_authority(actor, budget.authority_id)
    _budget_draft(budget)
    if line is not None and line.budget_id != budget.pk:
        raise PermissionDenied("Dòng chi thuộc dự trù khác.")
    before = snapshot(line)
    if line is None:
        line = BudgetLine(budget=budget, position=(budget.lines.aggregate(m=Max("position"))["m"] or 0) + 1)
    apply_fields(line, values, LINE_FIELDS)
    line.quantity = _decimal(line.quantity, "quantity")
    line.per_delegate = _decimal(line.per_delegate, "per_delegate")
    line.unit_price = int(read_number(line.unit_price, "Đơn giá (đồng)", integer=True, field="unit_price") or 0)
    if line.basis == BudgetBasis.PRIZE:
        line.quantity, line.unit_price = Decimal(1), 0
    try:
        budget_rules.validate(rule_line(line))
    except budget_rules.BudgetError as exc:
        raise ValidationFailed(exc.message, exc.field)
    line.save()
    log_action(actor, "logistics.budget.line", line, before, snapshot(line))
    return line


@transaction.atomic
def delete_budget_line(actor: User | None, line: BudgetLine) -> None:
    budget = line.budget
    require(actor, "logistics.manage_budget")
    check_authority(actor, budget.authority_id)
    _budget_draft(budget)
    log_action(actor, "logistics.budget.line_delete", line, snapshot(line), None)
    line.delete()



@transaction.atomic
def move_budget(actor: User | None, budget: Budget, new: str, note: str = "") -> Budget:
    """draft → submitted (the secretariat), submitted → approved / back to draft (for the finance unit)."""
    perm = "logistics.approve_budget" if new == "approved" else "logistics.manage_budget"
    require(actor, perm)
    check_authority(actor, budget.authority_id)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    error = states.move_error(states.BUDGET_TRANSITIONS, states.BUDGET_LABELS, budget.status, new)
    if error:
        raise ValidationFailed(error, "status")
    if new == "submitted" and not budget.lines.exists():
        raise ValidationFailed("Dự trù chưa có dòng chi nào.", None)
    before = snapshot(budget)
    budget.status = new
    if new == "approved":
        budget.approved_by = recorded_user(actor)
        budget.approved_at = clock.now()
        budget.approval_note = normalise.clean_text(note)[:300]
    elif new == "draft":
        budget.approved_by, budget.approved_at = None, None
        budget.approval_note = normalise.clean_text(note)[:300]
    budget.save()
    unit = budget.finance_unit.name if budget.finance_unit_id else "đơn vị tài chính"
    log_action(actor, f"logistics.budget.{new}", budget, before, snapshot(budget),
               note=(f"Duyệt thay mặt {unit}. " if new == "approved" else "") + normalise.clean_text(note))
    return budget


@transaction.atomic
def set_norm(actor: User | None, authority_id: int, group: str, limit: int, basis_text: str = "") -> SpendingNorm:
    require(actor, "logistics.manage_budget")
    check_authority(actor, authority_id)
    if group not in dict(budget_rules.NORM_GROUPS):
        raise ValidationFailed("Nhóm chi không hợp lệ.", "group")
    name = budget_rules.GROUP_NAMES[group]
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise ValidationFailed(f"Định mức nhóm “{name}” phải là số đồng nguyên.", "limit_per_delegate")
    if limit < 0:
        raise ValidationFailed(f"Định mức nhóm “{name}” không được âm.", "limit_per_delegate")
    if limit > budget_rules.MAX_NORM_PER_DELEGATE:
        raise ValidationFailed(f"Định mức nhóm “{name}” {format_money(limit, unit=False)} đồng/đại biểu quá lớn "
                               f"(tối đa {format_money(budget_rules.MAX_NORM_PER_DELEGATE)}); kiểm tra lại số đã nhập.",
                               "limit_per_delegate")
    norm = SpendingNorm.objects.filter(authority_id=authority_id, group=group).first()
    before = snapshot(norm)
    norm = norm or SpendingNorm(authority_id=authority_id, group=group)
    norm.limit_per_delegate = limit
    norm.basis_text = normalise.clean_text(basis_text)
    norm.save()
    log_action(actor, "logistics.norm.save", norm, before, snapshot(norm))
    return norm


@transaction.atomic
def delete_norm(actor: User | None, authority_id: int, group: str) -> bool:
    """Remove the authority's norm for a group (no more warnings for it); False if there was none."""
    require(actor, "logistics.manage_budget")
    check_authority(actor, authority_id)
    norm = SpendingNorm.objects.filter(authority_id=authority_id, group=group).first()
    if norm is None:
        return False
    log_action(actor, "logistics.norm.delete", norm, snapshot(norm), None)
    norm.delete()
    return True


@transaction.atomic
def save_norms(actor: User | None, authority_id: int, values: dict[str, tuple[int | None, str]]) -> list[str]:
    """The spending norms page: {group: (limit per delegate or None to remove, legal basis)}. All or
    nothing; only the groups that changed are written and audited. Returns the changed groups."""
    require(actor, "logistics.manage_budget")
    check_authority(actor, authority_id)
    current = {n.group: n for n in SpendingNorm.objects.filter(authority_id=authority_id)}
    changed = []
    for group, (limit, basis) in values.items():
        basis = normalise.clean_text(basis or "")
        if len(basis) > 250:
            raise ValidationFailed("Căn cứ dài quá 250 ký tự.", f"basis_{group}")
        norm = current.get(group)
        if limit is None:
            if norm is not None:
                delete_norm(actor, authority_id, group)
                changed.append(group)
            continue
        if norm is not None and norm.limit_per_delegate == limit and norm.basis_text == basis:
            continue
        try:
            set_norm(actor, authority_id, group, limit, basis)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, f"limit_{group}") from None
        changed.append(group)
    return changed
