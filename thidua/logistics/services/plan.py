"""The plan (Kế hoạch): create, edit its sections and points of assignment, issue it once its checks pass."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from thidua import clock
from thidua.events.models import Event
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import OrgKind, Signer, User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise
from thidua.vn.numbering import document_number

from ..models import (
    Plan,
    PlanAssignment,
    PlanSection,
    PlanStatus,
    SectionKind,
)
from ..queries import plan_findings, unit_gone
from .common import check_deadline, set_supporting

PLAN_FIELDS = ("number_code", "issue_date", "place_name", "summary", "legal_bases", "preamble", "purposes", "contents",
               "time_text", "place_text", "delegates_total", "composition", "backdrop_title", "backdrop_lines",
               "backdrop_after_item", "talks_count", "talks_text", "talks_note", "talks_deadline", "talk_minutes_min",
               "talk_minutes_max", "covenant_deadline", "agenda_minutes", "closing", "distribution", "signer")

DEFAULT_SECTIONS = (
    ("I", "MỤC ĐÍCH, YÊU CẦU", SectionKind.PURPOSES),
    ("II", "NỘI DUNG", SectionKind.CONTENTS),
    ("III", "THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN THAM DỰ", SectionKind.TIME_PLACE),
    ("IV", "TỔ CHỨC THỰC HIỆN", SectionKind.IMPLEMENTATION),
    ("V", "PHÂN CÔNG THAM LUẬN", SectionKind.TALKS),
)


def _validate_plan(plan: Plan) -> None:
    if not plan.summary.strip():
        raise ValidationFailed("Cần trích yếu của kế hoạch.", "summary")
    if not plan.place_name.strip():
        raise ValidationFailed("Cần địa danh ghi ngày tháng.", "place_name")
    if plan.talk_minutes_min > plan.talk_minutes_max:
        raise ValidationFailed("Thời lượng tham luận: số phút “từ” phải nhỏ hơn số phút “đến”.", "talk_minutes_min")
    if plan.talk_minutes_max > 60:
        raise ValidationFailed("Thời lượng một bài tham luận quá dài (trên 60 phút).", "talk_minutes_max")
    if plan.delegates_total is not None and plan.delegates_total > 100000:
        raise ValidationFailed("Tổng số đại biểu quá lớn.", "delegates_total")
    if plan.signer is not None and plan.signer.authority_id != plan.authority_id:
        raise ValidationFailed("Người ký thuộc cơ quan khác.", "signer")
    for field in ("talks_deadline", "covenant_deadline"):
        check_deadline(getattr(plan, field), plan.event, field, required=False)


@transaction.atomic
def create_plan(actor: User | None, event: Event, values: dict | None = None, sections=DEFAULT_SECTIONS) -> Plan:
    require(actor, "logistics.manage_plan")
    check_authority(actor, event.authority_id)
    if Plan.objects.filter(event=event).exists():
        raise ValidationFailed("Hội nghị này đã có kế hoạch.", "event")
    authority = event.authority
    plan = Plan(authority=authority, event=event, place_name=authority.place_name,
                number_code=document_number(None, f"KH-{authority.doc_code}"),
                summary=f"Tổ chức {event.title[0].lower() + event.title[1:]}" if event.title else "",
                delegates_total=sum(c.quota for c in event.categories.all()) or None,
                signer=event.signer or Signer.objects.filter(authority=authority).order_by("-is_chair", "display_order",
                                                                                          "id").first())
    apply_fields(plan, values or {}, PLAN_FIELDS)
    _validate_plan(plan)
    plan.save()
    for position, (numeral, title, kind) in enumerate(sections, start=1):
        PlanSection.objects.create(plan=plan, position=position, numeral=numeral, title=title, kind=kind)
    log_action(actor, "logistics.plan.create", plan, None, snapshot(plan))
    return plan


def _check_draft(plan: Plan) -> None:
    if plan.pk:
        plan.refresh_from_db(fields=["status"])
    if plan.status == PlanStatus.ISSUED:
        raise ValidationFailed("Kế hoạch đã ban hành, không sửa được nữa.", None)


@transaction.atomic
def update_plan(actor: User | None, plan: Plan, values: dict) -> Plan:
    require(actor, "logistics.manage_plan")
    check_authority(actor, plan.authority_id)
    _check_draft(plan)
    before = snapshot(plan)
    apply_fields(plan, values, PLAN_FIELDS)
    _validate_plan(plan)
    plan.save()
    after = snapshot(plan)
    if after != before:
        log_action(actor, "logistics.plan.update", plan, before, after)
    return plan


@transaction.atomic
def save_section(actor: User | None, plan: Plan, values: dict, section: PlanSection | None = None) -> PlanSection:
    require(actor, "logistics.manage_plan")
    check_authority(actor, plan.authority_id)
    _check_draft(plan)
    if section is not None and section.plan_id != plan.pk:
        raise PermissionDenied("Mục thuộc kế hoạch khác.")
    before = snapshot(section)
    section = section or PlanSection(plan=plan, position=(plan.sections.aggregate(m=Max("position"))["m"] or 0) + 1)
    apply_fields(section, values, ("numeral", "title", "kind", "text", "position"))
    if not normalise.clean_text(section.numeral) or not normalise.clean_text(section.title):
        raise ValidationFailed("Cần số mục và tên mục.", "title")
    if section.kind not in SectionKind.values:
        raise ValidationFailed("Loại mục không hợp lệ.", "kind")
    section.save()
    log_action(actor, "logistics.section.save", section, before, snapshot(section))
    return section


ASSIGNMENT_FIELDS = ("number", "lead_unit", "heading", "unit_kinds", "duties", "deadline", "deadline_by_event")


@transaction.atomic
def save_assignment(actor: User | None, plan: Plan, values: dict, supporting=None,
                    assignment: PlanAssignment | None = None) -> PlanAssignment:
    require(actor, "logistics.manage_plan")
    check_authority(actor, plan.authority_id)
    _check_draft(plan)
    if assignment is not None and assignment.plan_id != plan.pk:
        raise PermissionDenied("Điểm phân công thuộc kế hoạch khác.")
    before = snapshot(assignment)
    if assignment is None:
        assignment = PlanAssignment(plan=plan, number=(plan.assignments.aggregate(m=Max("number"))["m"] or 0) + 1)
    apply_fields(assignment, values, ASSIGNMENT_FIELDS)
    if not normalise.clean_multiline(assignment.duties):
        raise ValidationFailed("Ghi nhiệm vụ của điểm phân công.", "duties")
    if assignment.lead_unit is not None:
        if assignment.lead_unit.authority_id != plan.authority_id:
            raise ValidationFailed("Đơn vị thuộc cơ quan khác.", "lead_unit")
        gone = unit_gone(assignment.lead_unit)
        if gone:
            raise ValidationFailed(f"{gone}: chọn đơn vị kế thừa.", "lead_unit")
    if not isinstance(assignment.unit_kinds, list) or any(k not in OrgKind.values for k in assignment.unit_kinds):
        raise ValidationFailed("Loại đơn vị không hợp lệ.", "unit_kinds")
    check_deadline(assignment.deadline, plan.event, "deadline", required=False)
    assignment.save()
    if supporting is not None:
        set_supporting(assignment, supporting, plan.authority_id)
    log_action(actor, "logistics.assignment.save", assignment, before, snapshot(assignment))
    return assignment


@transaction.atomic
def delete_assignment(actor: User | None, assignment: PlanAssignment) -> None:
    plan = assignment.plan
    require(actor, "logistics.manage_plan")
    check_authority(actor, plan.authority_id)
    _check_draft(plan)
    log_action(actor, "logistics.assignment.delete", assignment, snapshot(assignment), None)
    assignment.delete()


@transaction.atomic
def issue_plan(actor: User | None, plan: Plan, number_code: str, issue_date: dt.date) -> Plan:
    """Issue the plan: only when its checks find nothing."""
    require(actor, "logistics.manage_plan")
    check_authority(actor, plan.authority_id)
    _check_draft(plan)
    before = snapshot(plan)
    plan.number_code = normalise.clean_text(number_code)
    plan.issue_date = issue_date
    if not plan.number_code or plan.number_code.startswith("/") or not plan.number_code[0].isdigit():
        raise ValidationFailed("Cần số, ký hiệu đã cấp, ví dụ 35/KH-UBND.", "number_code")
    findings = plan_findings(plan)
    if findings:
        raise ValidationFailed(f"Kế hoạch còn {len(findings)} lỗi cần sửa trước khi ban hành: "
                               + " ".join(f.message for f in findings), None)
    plan.status = PlanStatus.ISSUED
    plan.issued_at = clock.now()
    plan.issued_by = recorded_user(actor)
    plan.save()
    log_action(actor, "logistics.plan.issue", plan, before, snapshot(plan))
    return plan
