"""Tasks of the units: made from the plan's points, edited, moved through their states, noted, files attached."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua import clock
from thidua.events.models import Event
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation, User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise

from .. import states
from ..models import (
    Plan,
    Task,
    TaskFile,
    TaskNote,
    TaskStatus,
)
from ..queries import unit_gone
from .common import check_deadline, check_unit, name_of, set_supporting, store_upload

# The kinds a task accepts (detection and checks live in thidua.orgs.uploads).
TASK_KINDS = uploads.DOCUMENT_KINDS | {"xlsx", "png", "jpg"}


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
    check_authority(actor, plan.authority_id)
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
    check_authority(actor, event.authority_id)
    if task is not None and task.event_id != event.pk:
        raise PermissionDenied("Nhiệm vụ thuộc hội nghị khác.")
    before = snapshot(task)
    task = task or Task(authority_id=event.authority_id, event=event)
    old_unit = task.organisation_id
    apply_fields(task, values, TASK_FIELDS)
    if not normalise.clean_text(task.title):
        raise ValidationFailed("Ghi tên nhiệm vụ.", "title")
    if task.pk is None or task.organisation_id != old_unit:
        check_unit(task.organisation if task.organisation_id else None, event.authority_id)
    check_deadline(task.deadline, event)
    task.save()
    if supporting is not None:
        set_supporting(task, supporting, event.authority_id)
    log_action(actor, "logistics.task.save", task, before, snapshot(task))
    return task


@transaction.atomic
def change_task_status(actor: User | None, task: Task, new: str, note: str = "") -> Task:
    require(actor, "logistics.work_task", task)
    check_authority(actor, task.authority_id)
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
    TaskNote.objects.create(task=task, author=recorded_user(actor), author_name=name_of(actor), at=clock.now(),
                            text=normalise.clean_multiline(note), from_status=old, to_status=new)
    log_action(actor, "logistics.task.status", task, before, snapshot(task), note=note)
    return task


@transaction.atomic
def add_task_note(actor: User | None, task: Task, text: str) -> TaskNote:
    """A note by the lead unit, the secretariat, or a supporting unit (phối hợp)."""
    require(actor, "logistics.note_task", task)
    check_authority(actor, task.authority_id)
    text = normalise.clean_multiline(text)
    if not text:
        raise ValidationFailed("Ghi nội dung ghi chú.", "text")
    note = TaskNote.objects.create(task=task, author=recorded_user(actor), author_name=name_of(actor), at=clock.now(), text=text)
    log_action(actor, "logistics.task.note", task, None, {"note": text})
    return note



@transaction.atomic
def attach_task_file(actor: User | None, task: Task, data: bytes, filename: str) -> TaskFile:
    require(actor, "logistics.work_task", task)
    check_authority(actor, task.authority_id)
    stored = store_upload(actor, task.authority_id, data, filename, TASK_KINDS)
    tf = TaskFile.objects.create(task=task, file=stored)
    log_action(actor, "logistics.task.file", task, None, {"file": stored.original_name, "size": stored.size})
    return tf
