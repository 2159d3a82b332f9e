"""Reminder e-mails about tasks due soon or late: drafted by the system, sent or discarded by a person."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from thidua import clock
from thidua.events.models import Event
from thidua.orgs import outbox
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation, Role, User
from thidua.orgs.outbox import MailStatus
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn.dates import short_date

from .. import states
from ..models import (
    Task,
    TaskMail,
)


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
    check_authority(actor, authority_id)
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
        log_action(actor, "logistics.mail.draft", mail, None, snapshot(mail))
        drafted.append(mail)
    return drafted, skipped


def _check_mail(actor: User | None, mail: TaskMail) -> None:
    require(actor, "logistics.send_reminders")
    check_authority(actor, mail.authority_id)


def send_task_mail(actor: User | None, mail: TaskMail) -> TaskMail:
    """A person approved the draft: send it now (`thidua.orgs.outbox.send`)."""
    _check_mail(actor, mail)
    return outbox.send(actor, mail, action="logistics.mail.send", authority_id=mail.authority_id)


def discard_task_mail(actor: User | None, mail: TaskMail) -> TaskMail:
    _check_mail(actor, mail)
    return outbox.discard(actor, mail, action="logistics.mail.discard", authority_id=mail.authority_id)
