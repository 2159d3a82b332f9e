"""Every write of conference preparation: permission and scope checked, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q

from thidua import clock
from thidua.events.models import Event
from thidua.orgs import outbox, uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation, OrgKind, Role, Signer, User
from thidua.orgs.outbox import MailStatus
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed, require
from thidua.vn import normalise
from thidua.vn.dates import short_date
from thidua.vn.numbering import document_number

from . import budget_rules, files, states
from .models import (
    Budget,
    BudgetBasis,
    BudgetLine,
    Material,
    MaterialComment,
    MaterialKind,
    MaterialStatus,
    MaterialVersion,
    Plan,
    PlanAssignment,
    PlanSection,
    PlanStatus,
    SectionKind,
    SpendingNorm,
    StoredFile,
    Task,
    TaskFile,
    TaskMail,
    TaskNote,
    TaskStatus,
)

__all__ = ["ValidationFailed"]


def _check_authority(actor: User | None, authority_id: int) -> None:
    if actor is not None and not actor.is_superuser:
        scope_for(actor).check_authority(authority_id)


def _apply(obj, values: dict, allowed: tuple[str, ...]) -> None:
    for key, value in values.items():
        if key not in allowed:
            raise ValueError(f"unknown field {key}")
        setattr(obj, key, value)


def _name(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"



def unit_gone(unit: Organisation, on: dt.date | None = None) -> str:
    """Why a unit can no longer be given work ("" if it can)."""
    on = on or clock.today()
    if unit.merged_into_id:
        when = f" từ ngày {short_date(unit.valid_to)}" if unit.valid_to else ""
        return f"Đơn vị “{unit.name}” đã sáp nhập vào “{unit.merged_into.name}”{when}"
    if unit.valid_to and unit.valid_to < on:
        return f"Đơn vị “{unit.name}” đã thôi hoạt động từ ngày {short_date(unit.valid_to)}"
    return ""


def _check_unit(unit: Organisation | None, authority_id: int, field: str = "organisation") -> None:
    if unit is None:
        raise ValidationFailed("Chọn đơn vị thực hiện.", field)
    if unit.authority_id != authority_id:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", field)
    gone = unit_gone(unit)
    if gone:
        raise ValidationFailed(f"{gone}: không giao nhiệm vụ cho đơn vị này nữa, hãy chọn đơn vị kế thừa.", field)


def _check_deadline(deadline: dt.date | None, event: Event, field: str = "deadline", required: bool = True) -> None:
    if deadline is None:
        if required:
            raise ValidationFailed("Cần thời hạn.", field)
        return
    if event.date and deadline > event.date:
        raise ValidationFailed(f"Thời hạn {short_date(deadline)} sau ngày hội nghị {short_date(event.date)}: chọn "
                               "ngày trước hoặc đúng ngày hội nghị.", field)
    if deadline.year < 2000 or deadline.year > 2100:
        raise ValidationFailed("Thời hạn không hợp lệ.", field)


# --- the plan ----------------------------------------------------------------------------------------

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
        _check_deadline(getattr(plan, field), plan.event, field, required=False)


@transaction.atomic
def create_plan(actor: User | None, event: Event, values: dict | None = None, sections=DEFAULT_SECTIONS) -> Plan:
    require(actor, "logistics.manage_plan")
    _check_authority(actor, event.authority_id)
    if Plan.objects.filter(event=event).exists():
        raise ValidationFailed("Hội nghị này đã có kế hoạch.", "event")
    authority = event.authority
    plan = Plan(authority=authority, event=event, place_name=authority.place_name,
                number_code=document_number(None, f"KH-{authority.doc_code}"),
                summary=f"Tổ chức {event.title[0].lower() + event.title[1:]}" if event.title else "",
                delegates_total=sum(c.quota for c in event.categories.all()) or None,
                signer=event.signer or Signer.objects.filter(authority=authority).order_by("-is_chair", "display_order",
                                                                                          "id").first())
    _apply(plan, values or {}, PLAN_FIELDS)
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
    _check_authority(actor, plan.authority_id)
    _check_draft(plan)
    before = snapshot(plan)
    _apply(plan, values, PLAN_FIELDS)
    _validate_plan(plan)
    plan.save()
    after = snapshot(plan)
    if after != before:
        log_action(actor, "logistics.plan.update", plan, before, after)
    return plan


@transaction.atomic
def save_section(actor: User | None, plan: Plan, values: dict, section: PlanSection | None = None) -> PlanSection:
    require(actor, "logistics.manage_plan")
    _check_authority(actor, plan.authority_id)
    _check_draft(plan)
    if section is not None and section.plan_id != plan.pk:
        raise PermissionDenied("Mục thuộc kế hoạch khác.")
    before = snapshot(section)
    section = section or PlanSection(plan=plan, position=(plan.sections.aggregate(m=Max("position"))["m"] or 0) + 1)
    _apply(section, values, ("numeral", "title", "kind", "text", "position"))
    if not normalise.clean_text(section.numeral) or not normalise.clean_text(section.title):
        raise ValidationFailed("Cần số mục và tên mục.", "title")
    if section.kind not in SectionKind.values:
        raise ValidationFailed("Loại mục không hợp lệ.", "kind")
    section.save()
    log_action(actor, "logistics.section.save", section, before, snapshot(section), authority_id=plan.authority_id)
    return section


ASSIGNMENT_FIELDS = ("number", "lead_unit", "heading", "unit_kinds", "duties", "deadline", "deadline_by_event")


@transaction.atomic
def save_assignment(actor: User | None, plan: Plan, values: dict, supporting=None,
                    assignment: PlanAssignment | None = None) -> PlanAssignment:
    require(actor, "logistics.manage_plan")
    _check_authority(actor, plan.authority_id)
    _check_draft(plan)
    if assignment is not None and assignment.plan_id != plan.pk:
        raise PermissionDenied("Điểm phân công thuộc kế hoạch khác.")
    before = snapshot(assignment)
    if assignment is None:
        assignment = PlanAssignment(plan=plan, number=(plan.assignments.aggregate(m=Max("number"))["m"] or 0) + 1)
    _apply(assignment, values, ASSIGNMENT_FIELDS)
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
    _check_deadline(assignment.deadline, plan.event, "deadline", required=False)
    assignment.save()
    if supporting is not None:
        supporting = list(supporting)
        for unit in supporting:
            if unit.authority_id != plan.authority_id:
                raise ValidationFailed("Đơn vị phối hợp thuộc cơ quan khác.", "supporting_units")
        assignment.supporting_units.set(supporting)
    log_action(actor, "logistics.assignment.save", assignment, before, snapshot(assignment),
               authority_id=plan.authority_id)
    return assignment


@transaction.atomic
def delete_assignment(actor: User | None, assignment: PlanAssignment) -> None:
    plan = assignment.plan
    require(actor, "logistics.manage_plan")
    _check_authority(actor, plan.authority_id)
    _check_draft(plan)
    log_action(actor, "logistics.assignment.delete", assignment, snapshot(assignment), None,
               authority_id=plan.authority_id)
    assignment.delete()


@transaction.atomic
def issue_plan(actor: User | None, plan: Plan, number_code: str, issue_date: dt.date) -> Plan:
    """Issue the plan: only when its checks find nothing."""
    from .queries import plan_findings

    require(actor, "logistics.manage_plan")
    _check_authority(actor, plan.authority_id)
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


# --- tasks --------------------------------------------------------------------------------------------


def _duty_lines(duties: str) -> list[str]:
    out = []
    for line in normalise.clean_multiline(duties).splitlines():
        text = line.strip().lstrip("-•*+").strip()
        if text:
            out.append(text.rstrip(";.").strip())
    return out


def _title(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def create_tasks_from_plan(actor: User | None, plan: Plan) -> list[Task]:
    """One task per duty of a point with a lead unit, one task per addressed unit for a point that
    addresses kinds of unit; points that already have tasks are left alone (one click, repeatable)."""
    require(actor, "logistics.manage_tasks")
    _check_authority(actor, plan.authority_id)
    event = plan.event
    today = clock.today()
    created: list[Task] = []
    assignments = list(plan.assignments.select_related("lead_unit", "lead_unit__merged_into")
                       .prefetch_related("supporting_units"))
    for a in assignments:
        if a.lead_unit is not None:
            gone = unit_gone(a.lead_unit, today)
            if gone:
                raise ValidationFailed(f"Điểm {a.number}: {gone}. Sửa kế hoạch, giao cho đơn vị kế thừa rồi tạo lại "
                                       "nhiệm vụ.", None)
    for a in assignments:
        if a.tasks.exists():
            continue
        deadline = a.deadline or event.date
        if deadline is None:
            raise ValidationFailed(f"Điểm {a.number} ({a.label}) chưa có thời hạn và hội nghị chưa có ngày: ghi thời "
                                   "hạn trước khi tạo nhiệm vụ.", None)
        supporting = list(a.supporting_units.all())
        if a.lead_unit is not None:
            for duty in _duty_lines(a.duties):
                task = Task.objects.create(authority_id=plan.authority_id, event=event, assignment=a,
                                           organisation=a.lead_unit, title=_title(duty), description=duty,
                                           deadline=deadline)
                task.supporting_units.set(supporting)
                created.append(task)
        if a.unit_kinds:
            units = Organisation.objects.filter(authority_id=plan.authority_id, kind__in=a.unit_kinds,
                                                merged_into__isnull=True).order_by("display_order", "id")
            title = _title(f"Thực hiện điểm {a.number} mục Tổ chức thực hiện: {a.label}")
            for unit in units:
                if unit.valid_to and unit.valid_to < today:
                    continue
                created.append(Task.objects.create(authority_id=plan.authority_id, event=event, assignment=a,
                                                   organisation=unit, title=title, description=a.duties,
                                                   deadline=deadline))
    for task in created:
        log_action(actor, "logistics.task.create", task, None, snapshot(task), note="Tạo từ kế hoạch")
    return created


TASK_FIELDS = ("organisation", "title", "description", "deadline")


@transaction.atomic
def save_task(actor: User | None, event: Event, values: dict, supporting=None, task: Task | None = None) -> Task:
    require(actor, "logistics.manage_tasks")
    _check_authority(actor, event.authority_id)
    if task is not None and task.event_id != event.pk:
        raise PermissionDenied("Nhiệm vụ thuộc hội nghị khác.")
    before = snapshot(task)
    task = task or Task(authority_id=event.authority_id, event=event)
    old_unit = task.organisation_id
    _apply(task, values, TASK_FIELDS)
    if not normalise.clean_text(task.title):
        raise ValidationFailed("Ghi tên nhiệm vụ.", "title")
    if task.pk is None or task.organisation_id != old_unit:
        _check_unit(task.organisation if task.organisation_id else None, event.authority_id)
    _check_deadline(task.deadline, event)
    task.save()
    if supporting is not None:
        supporting = list(supporting)
        for unit in supporting:
            if unit.authority_id != event.authority_id:
                raise ValidationFailed("Đơn vị phối hợp thuộc cơ quan khác.", "supporting_units")
        task.supporting_units.set(supporting)
    log_action(actor, "logistics.task.save", task, before, snapshot(task))
    return task


@transaction.atomic
def change_task_status(actor: User | None, task: Task, new: str, note: str = "") -> Task:
    require(actor, "logistics.work_task", task)
    _check_authority(actor, task.authority_id)
    task = Task.objects.select_for_update().get(pk=task.pk)
    error = states.move_error(states.TASK_TRANSITIONS, states.TASK_LABELS, task.status, new)
    if error:
        raise ValidationFailed(error, "status")
    if (new in states.TASK_MANAGER_ONLY or task.status == TaskStatus.CANCELLED) and actor is not None \
            and not actor.has_perm("logistics.manage_tasks"):
        raise PermissionDenied("Chỉ Thường trực Hội đồng được hủy hoặc mở lại nhiệm vụ đã hủy.")
    before = snapshot(task)
    old = task.status
    task.status = new
    task.status_changed_at = clock.now()
    task.status_changed_by = recorded_user(actor)
    task.done_at = clock.now() if new == TaskStatus.DONE else None
    task.save()
    TaskNote.objects.create(task=task, author=recorded_user(actor), author_name=_name(actor), at=clock.now(),
                            text=normalise.clean_multiline(note), from_status=old, to_status=new)
    log_action(actor, "logistics.task.status", task, before, snapshot(task), note=note)
    return task


@transaction.atomic
def add_task_note(actor: User | None, task: Task, text: str) -> TaskNote:
    """A note by the lead unit, the secretariat, or a supporting unit (phối hợp)."""
    require(actor, "logistics.note_task", task)
    _check_authority(actor, task.authority_id)
    text = normalise.clean_multiline(text)
    if not text:
        raise ValidationFailed("Ghi nội dung ghi chú.", "text")
    note = TaskNote.objects.create(task=task, author=recorded_user(actor), author_name=_name(actor), at=clock.now(), text=text)
    log_action(actor, "logistics.task.note", task, None, {"note": text})
    return note


def _stored(actor: User | None, authority_id: int, data: bytes, filename: str, allowed) -> StoredFile:
    kind = uploads.check_upload(data, filename, allowed)
    name = normalise.clean_text(filename.replace("\\", "/").rsplit("/", 1)[-1])[:250] or f"tep.{kind}"
    rel = files.store(authority_id, data, kind)
    return StoredFile.objects.create(authority_id=authority_id, path=rel, original_name=name,
                                     content_type=uploads.TYPES[kind], kind=kind, size=len(data),
                                     uploaded_by=recorded_user(actor), uploaded_at=clock.now())


@transaction.atomic
def attach_task_file(actor: User | None, task: Task, data: bytes, filename: str) -> TaskFile:
    require(actor, "logistics.work_task", task)
    _check_authority(actor, task.authority_id)
    stored = _stored(actor, task.authority_id, data, filename, files.TASK_KINDS)
    tf = TaskFile.objects.create(task=task, file=stored)
    log_action(actor, "logistics.task.file", task, None, {"file": stored.original_name, "size": stored.size})
    return tf


# --- materials -------------------------------------------------------------------------------------

MATERIAL_FIELDS = ("kind", "title", "organisation", "reviewer", "copies", "position")


@transaction.atomic
def save_material(actor: User | None, event: Event, values: dict, material: Material | None = None) -> Material:
    require(actor, "logistics.manage_materials")
    _check_authority(actor, event.authority_id)
    if material is not None and material.event_id != event.pk:
        raise PermissionDenied("Tài liệu thuộc hội nghị khác.")
    before = snapshot(material)
    material = material or Material(authority_id=event.authority_id, event=event)
    old_unit = material.organisation_id
    _apply(material, values, MATERIAL_FIELDS)
    if material.kind not in MaterialKind.values:
        raise ValidationFailed("Loại tài liệu không hợp lệ.", "kind")
    if not normalise.clean_text(material.title):
        material.title = MaterialKind(material.kind).label
    if material.pk is None or material.organisation_id != old_unit:
        _check_unit(material.organisation if material.organisation_id else None, event.authority_id)
    if material.copies is None or material.copies < 0:
        raise ValidationFailed("Số bản in không được âm.", "copies")
    if material.copies > 10000:
        raise ValidationFailed("Số bản in quá lớn (trên 10.000 bản): kiểm tra lại.", "copies")
    if material.reviewer is not None and (material.reviewer.authority_id != event.authority_id
                                          or not material.reviewer.has_perm("logistics.review_material")):
        raise ValidationFailed("Người thẩm định phải là cán bộ thẩm định hoặc Thường trực của cơ quan.", "reviewer")
    material.save()
    log_action(actor, "logistics.material.save", material, before, snapshot(material))
    return material


@transaction.atomic
def upload_version(actor: User | None, material: Material, data: bytes, filename: str, note: str = "") -> MaterialVersion:
    require(actor, "logistics.edit_material", material)
    _check_authority(actor, material.authority_id)
    material.refresh_from_db(fields=["status"])
    if material.status == MaterialStatus.APPROVED:
        raise ValidationFailed("Tài liệu đã duyệt; đề nghị người thẩm định trả lại trước khi nộp bản mới.", "file")
    if material.status == MaterialStatus.IN_REVIEW:
        raise ValidationFailed("Tài liệu đang thẩm định; chờ kết quả rồi nộp bản mới.", "file")
    stored = _stored(actor, material.authority_id, data, filename, uploads.DOCUMENT_KINDS)
    number = (material.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = MaterialVersion.objects.create(material=material, number=number, file=stored,
                                             note=normalise.clean_text(note)[:300])
    log_action(actor, "logistics.material.version", material, None,
               {"version": number, "file": stored.original_name, "size": stored.size})
    return version


@transaction.atomic
def move_material(actor: User | None, material: Material, new: str, text: str = "") -> Material:
    """submit (→ in_review, by the owner unit), return / approve (by a reviewer or the secretariat)."""
    material = Material.objects.select_for_update().get(pk=material.pk)
    if new in states.MATERIAL_REVIEW_MOVES:
        require(actor, "logistics.review_material", material)
    else:
        require(actor, "logistics.edit_material", material)
    _check_authority(actor, material.authority_id)
    error = states.move_error(states.MATERIAL_TRANSITIONS, states.MATERIAL_LABELS, material.status, new)
    if error:
        raise ValidationFailed(error, "status")
    latest = material.versions.order_by("-number").first()
    if new == MaterialStatus.IN_REVIEW and latest is None:
        raise ValidationFailed("Chưa có tệp tài liệu: tải bản dự thảo lên trước khi trình thẩm định.", "file")
    text = normalise.clean_multiline(text)
    if new == MaterialStatus.RETURNED and not text:
        raise ValidationFailed("Ghi ý kiến thẩm định (lý do trả lại) để đơn vị biết cần sửa gì.", "text")
    before = snapshot(material)
    old = material.status
    material.status = new
    material.status_changed_at = clock.now()
    material.status_changed_by = recorded_user(actor)
    material.save()
    MaterialComment.objects.create(material=material, version=latest, author=recorded_user(actor), author_name=_name(actor),
                                   at=clock.now(), text=text, from_status=old, to_status=new)
    log_action(actor, f"logistics.material.{new}", material, before, snapshot(material), note=text)
    return material


@transaction.atomic
def comment_material(actor: User | None, material: Material, text: str) -> MaterialComment:
    if not (actor is None or actor.has_perm("logistics.review_material", material)
            or actor.has_perm("logistics.edit_material", material)):
        raise PermissionDenied("Bạn không có quyền góp ý tài liệu này.")
    _check_authority(actor, material.authority_id)
    text = normalise.clean_multiline(text)
    if not text:
        raise ValidationFailed("Ghi nội dung góp ý.", "text")
    latest = material.versions.order_by("-number").first()
    comment = MaterialComment.objects.create(material=material, version=latest, author=recorded_user(actor),
                                             author_name=_name(actor), at=clock.now(), text=text)
    log_action(actor, "logistics.material.comment", material, None, {"comment": text})
    return comment


# --- budget -------------------------------------------------------------------------------------------


@transaction.atomic
def ensure_budget(actor: User | None, event: Event) -> Budget:
    require(actor, "logistics.manage_budget")
    _check_authority(actor, event.authority_id)
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
    _check_authority(actor, budget.authority_id)
    _budget_draft(budget)
    before = snapshot(budget)
    _apply(budget, values, ("finance_unit", "prize_from_fund", "prize_date_from", "prize_date_to"))
    if budget.prize_date_from and budget.prize_date_to and budget.prize_date_to < budget.prize_date_from:
        raise ValidationFailed("Khoảng ngày tính tiền thưởng không hợp lệ.", "prize_date_to")
    budget.save()
    log_action(actor, "logistics.budget.update", budget, before, snapshot(budget))
    return budget


def _decimal(value, field: str) -> Decimal:
    try:
        out = Decimal(str(value if value not in (None, "") else 0).replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed("Số không hợp lệ.", field)
    if not out.is_finite():
        raise ValidationFailed("Số không hợp lệ.", field)
    return out


LINE_FIELDS = ("group", "item", "unit", "basis", "quantity", "per_delegate", "unit_price", "note", "position")


@transaction.atomic
def save_budget_line(actor: User | None, budget: Budget, values: dict, line: BudgetLine | None = None) -> BudgetLine:
    require(actor, "logistics.manage_budget")
    _check_authority(actor, budget.authority_id)
    _budget_draft(budget)
    if line is not None and line.budget_id != budget.pk:
        raise PermissionDenied("Dòng chi thuộc dự trù khác.")
    before = snapshot(line)
    if line is None:
        line = BudgetLine(budget=budget, position=(budget.lines.aggregate(m=Max("position"))["m"] or 0) + 1)
    _apply(line, values, LINE_FIELDS)
    line.quantity = _decimal(line.quantity, "quantity")
    line.per_delegate = _decimal(line.per_delegate, "per_delegate")
    try:
        line.unit_price = int(line.unit_price or 0)
    except (TypeError, ValueError):
        raise ValidationFailed("Đơn giá phải là số đồng.", "unit_price")
    if line.basis == BudgetBasis.PRIZE:
        line.quantity, line.unit_price = Decimal(1), 0
    try:
        budget_rules.validate(rule_line(line))
    except budget_rules.BudgetError as exc:
        raise ValidationFailed(exc.message, exc.field)
    line.save()
    log_action(actor, "logistics.budget.line", line, before, snapshot(line), authority_id=budget.authority_id)
    return line


@transaction.atomic
def delete_budget_line(actor: User | None, line: BudgetLine) -> None:
    budget = line.budget
    require(actor, "logistics.manage_budget")
    _check_authority(actor, budget.authority_id)
    _budget_draft(budget)
    log_action(actor, "logistics.budget.line_delete", line, snapshot(line), None, authority_id=budget.authority_id)
    line.delete()


def rule_line(line: BudgetLine) -> budget_rules.Line:
    return budget_rules.Line(group=line.group, item=line.item, unit=line.unit, basis=line.basis,
                             quantity=Decimal(line.quantity), per_delegate=Decimal(line.per_delegate),
                             unit_price=int(line.unit_price))


@transaction.atomic
def move_budget(actor: User | None, budget: Budget, new: str, note: str = "") -> Budget:
    """draft → submitted (the secretariat), submitted → approved / back to draft (for the finance unit)."""
    perm = "logistics.approve_budget" if new == "approved" else "logistics.manage_budget"
    require(actor, perm)
    _check_authority(actor, budget.authority_id)
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
    _check_authority(actor, authority_id)
    if group not in dict(budget_rules.NORM_GROUPS):
        raise ValidationFailed("Nhóm chi không hợp lệ.", "group")
    name = budget_rules.GROUP_NAMES[group]
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise ValidationFailed(f"Định mức nhóm “{name}” phải là số đồng nguyên.", "limit_per_delegate")
    if limit < 0:
        raise ValidationFailed(f"Định mức nhóm “{name}” không được âm.", "limit_per_delegate")
    if limit > budget_rules.MAX_NORM_PER_DELEGATE:
        raise ValidationFailed(f"Định mức nhóm “{name}” {limit:,} đồng/đại biểu quá lớn (tối đa "
                               f"{budget_rules.MAX_NORM_PER_DELEGATE:,} đồng); kiểm tra lại số đã nhập."
                               .replace(",", "."), "limit_per_delegate")
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
    _check_authority(actor, authority_id)
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
    _check_authority(actor, authority_id)
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


# --- reminder outbox ---------------------------------------------------------------------------------


def _unit_address(unit: Organisation, officers: dict[int, str]) -> str:
    """Where a unit's reminders go: its own address, else its unit officer's."""
    return (unit.email or "").strip() or officers.get(unit.pk, "")


def _reminder_body(task: Task, today: dt.date) -> str:
    days = (task.deadline - today).days
    when = (f"đã quá hạn {-days} ngày" if days < 0 else "đến hạn hôm nay" if days == 0 else f"còn {days} ngày")
    support = [u.name for u in task.supporting_units.all()]
    with_whom = f", phối hợp với {', '.join(support)}" if support else ""
    return (f"Kính gửi {task.organisation.name},\n\n"
            f"Thực hiện Kế hoạch tổ chức {task.event.title}, đơn vị được giao chủ trì{with_whom} nhiệm vụ:\n"
            f"“{task.title}”\n"
            f"Thời hạn: {short_date(task.deadline)} ({when}). Tình trạng hiện nay: {task.get_status_display()}.\n\n"
            "Đề nghị đơn vị khẩn trương hoàn thành đúng thời hạn và cập nhật kết quả, tệp kèm theo trên phần mềm "
            "thi đua, khen thưởng để Thường trực Hội đồng tổng hợp.\n\n"
            f"Trân trọng.\n{task.authority.name}")


@transaction.atomic
def draft_task_reminders(actor: User | None, authority_id: int, event: Event | None = None,
                         days: int = 3) -> tuple[list[TaskMail], list[Task]]:
    """A draft e-mail for every open task late or due within `days` (one draft per task at a time, none
    for a task reminded today already).
    Nothing is sent: a person reads each draft and sends or discards it. Returns the drafts made and
    the tasks skipped because their unit has no e-mail address."""
    require(actor, "logistics.send_reminders")
    _check_authority(actor, authority_id)
    if event is not None and event.authority_id != authority_id:
        raise PermissionDenied("Hội nghị thuộc cơ quan khác.")
    if not 0 <= days <= 30:
        raise ValidationFailed("Số ngày nhắc trước phải từ 0 đến 30.", "days")
    today = clock.today()
    qs = (Task.objects.filter(authority_id=authority_id, status__in=states.OPEN_TASK,
                              deadline__lte=today + dt.timedelta(days=days))
          .select_related("organisation", "event", "authority").prefetch_related("supporting_units")
          .order_by("deadline", "id"))
    if event is not None:
        qs = qs.filter(event=event)
    tasks = list(qs)
    # a task waiting on a draft, or reminded today already, gets no new draft
    start = dt.datetime.combine(today, dt.time.min, tzinfo=clock.now().tzinfo)
    pending = set(TaskMail.objects.filter(task__in=tasks).filter(
        Q(status=MailStatus.DRAFT) | Q(status=MailStatus.SENT, sent_at__gte=start)).values_list("task_id", flat=True))
    officers: dict[int, str] = {}
    for unit_id, email in (User.objects.filter(authority_id=authority_id, role=Role.UNIT_OFFICER, is_active=True,
                                               unit_id__in={t.organisation_id for t in tasks})
                           .exclude(email="").order_by("id").values_list("unit_id", "email")):
        officers.setdefault(unit_id, email)
    drafted, skipped = [], []
    now = clock.now()
    for task in tasks:
        if task.pk in pending:
            continue
        to = _unit_address(task.organisation, officers)
        if not to:
            skipped.append(task)
            continue
        late = task.deadline < today
        subject = f"{'Nhắc việc quá hạn' if late else 'Nhắc việc sắp đến hạn'}: {task.title}"[:250]
        mail = TaskMail.objects.create(authority_id=authority_id, event=task.event, task=task, to=to,
                                       subject=subject, body=_reminder_body(task, today), created_at=now,
                                       created_by=recorded_user(actor))
        log_action(actor, "logistics.mail.draft", mail, None, snapshot(mail), authority_id=authority_id)
        drafted.append(mail)
    return drafted, skipped


def _check_mail(actor: User | None, mail: TaskMail) -> None:
    require(actor, "logistics.send_reminders")
    _check_authority(actor, mail.authority_id)


def send_task_mail(actor: User | None, mail: TaskMail) -> TaskMail:
    """A person approved the draft: send it now (`thidua.orgs.outbox.send`)."""
    _check_mail(actor, mail)
    return outbox.send(actor, mail, action="logistics.mail.send", authority_id=mail.authority_id)


def discard_task_mail(actor: User | None, mail: TaskMail) -> TaskMail:
    _check_mail(actor, mail)
    return outbox.discard(actor, mail, action="logistics.mail.discard", authority_id=mail.authority_id)
