"""Reads for the pages, exports and the command line, with bounded query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from thidua import clock
from thidua.awards.queries import prize_total as awards_prize_total
from thidua.events.models import Delegate, Event, ReplyStatus
from thidua.orgs.models import Organisation
from thidua.orgs.queries import vi
from thidua.orgs.scope import Scope
from thidua.vn.dates import short_date

from . import budget_rules, plan_checks, states
from .models import (
    Budget,
    BudgetLine,
    Material,
    MaterialVersion,
    Plan,
    SectionKind,
    SpendingNorm,
    Task,
    TaskMail,
    TaskStatus,
)

# --- units ---------------------------------------------------------------------------------------------


def unit_gone(unit: Organisation, on: dt.date | None = None) -> str:
    """Why a unit can no longer be given work ("" if it can)."""
    on = on or clock.today()
    if unit.merged_into_id:
        when = f" từ ngày {short_date(unit.valid_to)}" if unit.valid_to else ""
        return f"Đơn vị “{unit.name}” đã sáp nhập vào “{unit.merged_into.name}”{when}"
    if unit.valid_to and unit.valid_to < on:
        return f"Đơn vị “{unit.name}” đã thôi hoạt động từ ngày {short_date(unit.valid_to)}"
    return ""


# --- the plan ----------------------------------------------------------------------------------------


def plan_for(event: Event) -> Plan | None:
    return (Plan.objects.filter(event=event).select_related("event", "authority", "signer").first())


def section_numeral(plan: Plan, kind: str) -> str:
    for s in plan.sections.all():
        if s.kind == kind:
            return s.numeral
    return ""


def plan_facts(plan: Plan) -> plan_checks.PlanFacts:
    """The plan as plain values for `plan_checks`."""
    event = plan.event
    sections = list(plan.sections.all())
    assignments = list(plan.assignments.select_related("lead_unit", "lead_unit__merged_into"))
    impl = next((s.numeral for s in sections if s.kind == SectionKind.IMPLEMENTATION), "IV")
    texts: list[tuple[str, str]] = [
        ("dòng địa danh, ngày tháng", plan.place_name),
        ("trích yếu", plan.summary),
        ("phần căn cứ", plan.legal_bases),
        ("đoạn mở đầu", plan.preamble),
    ]
    for s in sections:
        where = f"mục {s.numeral} ({s.title})"
        if s.kind == SectionKind.PURPOSES:
            texts.append((where, plan.purposes))
        elif s.kind == SectionKind.CONTENTS:
            texts.append((where, plan.contents))
        elif s.kind == SectionKind.TIME_PLACE:
            texts.append((where, "\n".join((plan.time_text, plan.place_text, plan.composition))))
        elif s.kind == SectionKind.TALKS:
            texts.append((where, "\n".join((plan.talks_text, plan.talks_note))))
        elif s.text:
            texts.append((where, s.text))
    for a in assignments:
        texts.append((f"điểm {impl}.{a.number} ({a.label})", f"{a.heading}\n{a.duties}"))
    if plan.backdrop_lines:
        texts.append(("maket trang trí", f"{plan.backdrop_title}\n{plan.backdrop_lines}"))
    texts.append(("đoạn kết", plan.closing))
    texts.append(("nơi nhận", plan.distribution))
    categories = list(event.categories.all())
    day_minutes = None
    if event.start_time and event.end_time:
        day_minutes = (dt.datetime.combine(dt.date.min, event.end_time)
                       - dt.datetime.combine(dt.date.min, event.start_time)).seconds // 60
    month = None
    if not event.date and event.tentative_month and event.tentative_year:
        month = (event.tentative_year, event.tentative_month)
    return plan_checks.PlanFacts(
        place_name=plan.authority.place_name,
        texts=tuple((w, t) for w, t in texts if t and t.strip()),
        sections=tuple((s.numeral, s.title) for s in sections),
        assignments=tuple(plan_checks.Assignment(
            number=str(a.number), label=a.label, has_unit=bool(a.lead_unit_id or a.unit_kinds),
            deadline=a.deadline, by_event=a.deadline_by_event,
            unit_gone=unit_gone(a.lead_unit) if a.lead_unit_id else "") for a in assignments),
        delegates_total=plan.delegates_total,
        category_quotas=tuple((c.code, c.quota) for c in categories),
        hall_capacity=event.capacity,
        talks_count=plan.talks_count,
        talk_minutes=(plan.talk_minutes_min, plan.talk_minutes_max),
        talks_deadline=plan.talks_deadline,
        covenant_deadline=plan.covenant_deadline,
        issue_date=plan.issue_date,
        event_date=event.date,
        event_month=month,
        agenda_minutes=plan.agenda_minutes,
        day_minutes=day_minutes,
    )


def plan_findings(plan: Plan) -> list[plan_checks.Finding]:
    return plan_checks.check_plan(plan_facts(plan))


# --- tasks -------------------------------------------------------------------------------------------


def supported_by(unit_id: int):
    """Ids of the tasks a unit supports (phối hợp), as a subquery."""
    return Task.supporting_units.through.objects.filter(organisation_id=unit_id).values("task_id")


def tasks(scope: Scope, event: Event | None = None, status: str = "", unit_id: int | None = None,
          include_supporting: bool = False):
    """Tasks the user sees; a unit officer's own, and with `include_supporting` also those their unit
    supports."""
    qs = Task.objects.select_related("organisation", "event", "assignment").prefetch_related("supporting_units")
    if include_supporting and scope.is_unit_bound:
        qs = qs.filter(Q(organisation_id=scope.unit_id) | Q(pk__in=supported_by(scope.unit_id)))
    else:
        qs = scope.filter_units(qs, "organisation_id")
    if event is not None:
        qs = qs.filter(event=event)
    if status == "open":
        qs = qs.filter(status__in=states.OPEN_TASK)
    elif status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(organisation_id=unit_id)
    return qs.order_by("deadline", vi("organisation__name"), "id")


@dataclass
class TaskRow:
    task: Task
    risk: str  # "late" / "soon" / ""
    supporting: bool = False  # the viewer's unit supports this task (phối hợp) rather than leads it

    @property
    def days(self) -> int:
        return (self.task.deadline - clock.today()).days

    @property
    def late_days(self) -> int:
        return max(0, -self.days)


def with_risk(qs, soon_days: int = 3, unit_id: int | None = None) -> list[TaskRow]:
    today = clock.today()
    return [TaskRow(t, states.task_risk(t.status, t.deadline, today, soon_days),
                    supporting=unit_id is not None and t.organisation_id != unit_id) for t in qs]


def overview(scope: Scope, event: Event | None = None, soon_days: int = 3) -> dict:
    """Everything late or at risk (due within `soon_days`), by unit, for the secretariat."""
    today = clock.today()
    qs = tasks(scope, event, "open").filter(deadline__lte=today + dt.timedelta(days=soon_days))
    rows = with_risk(qs, soon_days)
    late = [r for r in rows if r.risk == "late"]
    soon = [r for r in rows if r.risk == "soon"]
    materials_late = []
    if event is not None:
        materials_late = list(Material.objects.filter(event=event).exclude(status="approved")
                              .select_related("organisation").order_by("position", "id"))
    return {"late": late, "soon": soon, "materials_open": materials_late, "today": today}


def reminders(scope: Scope, event: Event | None = None, days: int = 3):
    today = clock.today()
    qs = tasks(scope, event, "open").filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=days))
    return with_risk(qs, days)


def task_counts(scope: Scope, event: Event) -> dict:
    qs = scope.filter_units(Task.objects.filter(event=event), "organisation_id")
    today = clock.today()
    return qs.aggregate(total=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)),
                        late=Count("id", filter=Q(status__in=states.OPEN_TASK, deadline__lt=today)))


def task_counts_by_event(scope: Scope) -> dict[int, dict]:
    qs = scope.filter_units(Task.objects.all(), "organisation_id")
    today = clock.today()
    rows = qs.values("event_id").annotate(
        total=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)),
        late=Count("id", filter=Q(status__in=states.OPEN_TASK, deadline__lt=today))).order_by()
    return {r["event_id"]: r for r in rows}


def outbox(event: Event | None = None, limit: int = 100) -> list[TaskMail]:
    """Reminder e-mails: drafts first (waiting for a person), then the latest sent or discarded."""
    qs = TaskMail.objects.select_related("task", "task__organisation", "sent_by", "created_by")
    if event is not None:
        qs = qs.filter(event=event)
    drafts = list(qs.filter(status="draft").order_by("task__deadline", "id")[:limit])
    rest = list(qs.exclude(status="draft").order_by("-sent_at", "-id")[:limit])
    return drafts + rest


# --- materials ---------------------------------------------------------------------------------------


def materials(scope: Scope, event: Event):
    qs = (Material.objects.filter(event=event).select_related("organisation", "reviewer")
          .annotate(version_count=Count("versions"))
          .prefetch_related(Prefetch("versions", queryset=MaterialVersion.objects.select_related("file")
                                     .order_by("-number"))))
    return scope.filter_units(qs, "organisation_id").order_by("position", "id")


# --- budget ------------------------------------------------------------------------------------------


def delegate_count(event: Event) -> int:
    """Expected delegates: invited, not revoked, not declined; the quotas while nobody is invited yet."""
    n = (Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED).count())
    if n:
        return n
    return sum(c.quota for c in event.categories.all())


def prize_total(budget: Budget) -> int:
    """The prize line: the host's own issued decisions in the budget's date range, those presented at the
    conference (#19: a province's decision recorded here is paid by the province's fund, not this budget)."""
    return awards_prize_total(budget.authority_id, budget.prize_date_from, budget.prize_date_to)


def rule_line(line: BudgetLine) -> budget_rules.Line:
    """A budget line as plain values for `budget_rules`."""
    return budget_rules.Line(group=line.group, item=line.item, unit=line.unit, basis=line.basis,
                             quantity=Decimal(line.quantity), per_delegate=Decimal(line.per_delegate),
                             unit_price=int(line.unit_price))


def budget_summary(budget: Budget) -> budget_rules.Summary:
    lines = list(budget.lines.all())
    norms = {n.group: n.limit_per_delegate for n in SpendingNorm.objects.filter(authority_id=budget.authority_id)}
    needs_prize = any(line.basis == "prize" for line in lines)
    return budget_rules.summarise([rule_line(line) for line in lines], delegate_count(budget.event),
                                  prize_total(budget) if needs_prize else 0, budget.prize_from_fund, norms)
