"""What conference preparation asks of the signed-in user, for the dashboard.

- The secretariat: tasks late or due within 3 days, materials waiting for review, a budget waiting
  for approval, and the plan checks' findings on a plan not yet issued.
- A reviewer: the materials waiting for their review (or for anybody's).
- A unit officer: their unit's late or due tasks (and those it supports), and their materials that
  were returned for revision.

Only events still to come (not held, not cancelled, not dated in the past). A fixed number of
queries, plus the plan checks (a few queries) for each plan still in draft.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from thidua import clock
from thidua.events.models import Event, EventStatus
from thidua.orgs.scope import scope_for
from thidua.vn.dates import short_date

from . import states
from .models import Budget, BudgetStatus, Material, MaterialStatus, Plan, PlanStatus, Task
from .queries import plan_findings, supported_by

SOON_DAYS = 3
UNIT_LIMIT = 5  # task lines for a unit officer; the rest are summed up in one line


def event_label(title: str, date) -> str:
    """The event as the dashboard names it (as the events app does): a short title and its date."""
    short = title if len(title) <= 70 else title[:70].rsplit(" ", 1)[0] + "…"
    return f"{short} ({short_date(date)})" if date else short


def _upcoming(today: dt.date):
    return (Event.objects.exclude(status__in=[EventStatus.HELD, EventStatus.CANCELLED])
            .filter(Q(date__gte=today) | Q(date__isnull=True)))


def _url(name: str, *args, query: str = "") -> str:
    return reverse(f"logistics:{name}", args=args) + (f"?{query}" if query else "")


def _task_line(task: Task, today: dt.date, supporting: bool) -> dict:
    days = (task.deadline - today).days
    role = "Đơn vị phối hợp thực hiện" if supporting else "Nhiệm vụ"
    if days < 0:
        text, level = f"{role} “{task.title}” đã trễ hạn {-days} ngày (hạn {short_date(task.deadline)}).", "danger"
    elif days == 0:
        text, level = f"{role} “{task.title}” đến hạn hôm nay ({short_date(task.deadline)}).", "danger"
    else:
        text, level = f"{role} “{task.title}” đến hạn {short_date(task.deadline)} (còn {days} ngày).", "warning"
    if supporting:
        level = "info"
    return {"level": level, "text": text, "url": _url("task_detail", task.pk)}


def _unit_items(user, today: dt.date) -> list[dict]:
    unit = scope_for(user).unit_id
    upcoming = _upcoming(today)
    due = (Task.objects.filter(event__in=upcoming, status__in=states.OPEN_TASK,
                               deadline__lte=today + dt.timedelta(days=SOON_DAYS))
           .filter(Q(organisation_id=unit) | Q(pk__in=supported_by(unit)))
           .only("id", "title", "deadline", "organisation_id").order_by("deadline", "id"))
    rows = list(due[:UNIT_LIMIT + 1])
    out = [_task_line(t, today, t.organisation_id != unit) for t in rows[:UNIT_LIMIT]]
    if len(rows) > UNIT_LIMIT:
        more = due.count() - UNIT_LIMIT
        out.append({"level": "warning", "text": f"Còn {more} nhiệm vụ khác trễ hạn hoặc sắp đến hạn.",
                    "url": _url("task_list")})
    for m in (Material.objects.filter(event__in=upcoming, organisation_id=unit, status=MaterialStatus.RETURNED)
              .only("id", "title").order_by("position", "id")):
        out.append({"level": "warning", "url": _url("material_detail", m.pk),
                    "text": f"Tài liệu “{m.title}” bị trả lại để sửa: đọc góp ý và tải lên bản mới."})
    return out


def _office_items(user, today: dt.date) -> list[dict]:
    out: list[dict] = []
    upcoming = _upcoming(today)
    titles = {}

    def title(event_id):
        if event_id not in titles:
            titles.update({pk: event_label(t, d) for pk, t, d in upcoming.values_list("id", "title", "date")})
        return titles.get(event_id, "")

    if user.has_perm("logistics.manage_tasks"):
        soon_end = today + dt.timedelta(days=SOON_DAYS)
        rows = (Task.objects.filter(event__in=upcoming, status__in=states.OPEN_TASK, deadline__lte=soon_end)
                .values("event_id").annotate(late=Count("id", filter=Q(deadline__lt=today)),
                                             soon=Count("id", filter=Q(deadline__gte=today)))
                .order_by("event_id"))
        for r in rows:
            q = f"event={r['event_id']}"
            if r["late"]:
                out.append({"level": "danger", "url": _url("overview", query=q),
                            "text": f"{r['late']} nhiệm vụ chuẩn bị {title(r['event_id'])} đã trễ hạn."})
            if r["soon"]:
                out.append({"level": "warning", "url": _url("reminders", query=q),
                            "text": f"{r['soon']} nhiệm vụ chuẩn bị {title(r['event_id'])} đến hạn trong "
                                    f"{SOON_DAYS} ngày tới."})
    if user.has_perm("logistics.review_material"):
        qs = Material.objects.filter(event__in=upcoming, status=MaterialStatus.IN_REVIEW)
        if not user.has_perm("logistics.manage_materials"):
            qs = qs.filter(Q(reviewer=user) | Q(reviewer__isnull=True))
        for r in qs.values("event_id").annotate(n=Count("id")).order_by("event_id"):
            out.append({"level": "warning", "url": _url("material_list", r["event_id"]),
                        "text": f"{r['n']} tài liệu {title(r['event_id'])} chờ thẩm định."})
    if user.has_perm("logistics.approve_budget"):
        for b in Budget.objects.filter(event__in=upcoming, status=BudgetStatus.SUBMITTED).only("id", "event_id"):
            out.append({"level": "warning", "url": _url("budget", b.event_id),
                        "text": f"Dự trù kinh phí {title(b.event_id)} đang chờ duyệt."})
    if user.has_perm("logistics.manage_plan"):
        for plan in (Plan.objects.filter(event__in=upcoming, status=PlanStatus.DRAFT)
                     .select_related("event", "authority")):
            findings = plan_findings(plan)
            if findings:
                first = findings[0].message
                more = f" (và {len(findings) - 1} điểm khác)" if len(findings) > 1 else ""
                out.append({"level": "warning", "url": _url("plan_detail", plan.event_id),
                            "text": f"Kế hoạch {event_label(plan.event.title, plan.event.date)} chưa ban hành có {len(findings)} điểm cần soát "
                                    f"lại: {first}{more}"})
    return out


def items(user) -> list[dict]:
    if not (user and user.is_authenticated and user.has_perm("logistics.view_tasks")):
        return []
    today = clock.today()
    if scope_for(user).is_unit_bound:
        return _unit_items(user, today)
    return _office_items(user, today)
