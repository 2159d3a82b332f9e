"""What each role's home shows, read from the apps' models and queries (never writes).

- `figures(user)`: the leader's (and the office's) figure groups — covenants of the current cycle, the
  leaders of each locked cluster/block, awards of issued decisions by level and form, their prize money
  (there is no fund yet), and the next conference's replies and attendance. Each group carries the rows
  of its printable table and the chart drawn from the very same rows.
- `unit_tasks(user)`: a unit officer's own work across the apps, sorted by deadline.
- `review_queue(user)`: what waits for the appraiser (talks, materials, proposals).
- `reception_event(user)`: the event whose desk the reception role opens (today's, else the next).

A fixed number of queries whatever the number of rows (pinned in tests/web/test_homes.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.urls import reverse

from thidua import clock
from thidua.awards import states as award_states
from thidua.awards.models import AwardLevel, DecisionLine, Proposal
from thidua.checkin.models import CheckIn, CheckInStatus
from thidua.emulation.attention import current_cycle
from thidua.emulation.models import Covenant, CovenantStatus, Group, Membership, ScoreSheet, SheetStatus
from thidua.emulation.queries import leading_units_cached
from thidua.events.models import Delegate, Event, EventStatus, ReplyStatus
from thidua.fund.queries import ledger as fund_ledger
from thidua.logistics import states as logistics_states
from thidua.logistics.attention import event_label
from thidua.logistics.models import Material, MaterialStatus, Task
from thidua.logistics.queries import supported_by
from thidua.program.models import ProgramSettings, Talk, TalkStatus
from thidua.vn.dates import short_date
from thidua.vn.money import format_money, format_number

LIST_LIMIT = 50  # rows of a task list or a queue; the rest are counted


@dataclass
class Figure:
    """One figure group: a table (label, value[, more cells]) and the chart drawn from it."""

    key: str
    title: str
    headers: list[str]
    rows: list[dict] = field(default_factory=list)  # {"label", "value", "cells": [display texts]}
    chart: str = "bar"
    series: str = ""
    note: str = ""
    link: str = ""
    money: bool = False

    @property
    def chart_data(self) -> dict:
        return {"type": self.chart, "labels": [r["label"] for r in self.rows],
                "series": self.series, "values": [r["value"] for r in self.rows]}

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def total(self) -> int:
        return sum(r["value"] for r in self.rows)


def _row(label: str, value, *cells: str, money: bool = False) -> dict:
    shown = format_money(value) if money else format_number(value)
    return {"label": label, "value": value, "cells": [shown, *cells]}


def _perm(user, perm: str, name: str, *args) -> str:
    return reverse(name, args=args) if user.has_perm(perm) else ""


def _upcoming_events(authority_id: int, today: dt.date):
    return (Event.objects.filter(authority_id=authority_id, date__gte=today)
            .exclude(status__in=[EventStatus.CANCELLED, EventStatus.HELD]).order_by("date", "id"))


# --- the leader's figures ---------------------------------------------------------------------------


def _covenants(user, cycle) -> Figure:
    fig = Figure("covenants", f"Đăng ký giao ước thi đua năm {cycle.year}", ["Tình trạng", "Số đơn vị"],
                 chart="doughnut", series="Đơn vị",
                 link=_perm(user, "emulation.view_cycles", "emulation:covenants", cycle.pk))
    members = Membership.objects.filter(cycle=cycle).values("organisation_id")
    counts = dict(Covenant.objects.filter(cycle=cycle, organisation_id__in=members).values_list("status")
                  .annotate(n=Count("id")).order_by())
    registered = sum(counts.values())
    total = Membership.objects.filter(cycle=cycle).values("organisation_id").distinct().count()
    for status in (CovenantStatus.ACCEPTED, CovenantStatus.SUBMITTED, CovenantStatus.RETURNED, CovenantStatus.DRAFT):
        fig.rows.append(_row(status.label, counts.get(status.value, 0)))
    fig.rows.append(_row("Chưa đăng ký", max(total - registered, 0)))
    signed = counts.get(CovenantStatus.ACCEPTED.value, 0)
    fig.note = f"{format_number(signed)}/{format_number(total)} đơn vị có bản đăng ký đã được chấp nhận."
    return fig


def _leaders(user, cycle) -> Figure:
    fig = Figure("leaders", f"Đơn vị dẫn đầu các cụm, khối năm {cycle.year}", ["Cụm, khối: đơn vị dẫn đầu", "Điểm"],
                 chart="hbar", series="Điểm", link=_perm(user, "emulation.view_ranking", "emulation:ranking", cycle.pk))
    for lead in leading_units_cached(cycle):
        label = f"{lead.group.name}: {lead.organisation.name}" + (" (đồng hạng)" if lead.tied else "")
        fig.rows.append({"label": label, "value": lead.score, "cells": [format_number(lead.score, 2)]})
    fig.note = ("Điểm quy về thang 100 của tổng điểm tối đa áp dụng cho đơn vị." if fig.rows else
                "Chưa có cụm, khối nào khóa kết quả xếp hạng.")
    return fig


def _ranked_cycle(authority_id: int, cycle):
    """The current cycle if a cluster/block of it is locked, else the latest earlier one that has one
    (in spring the leader still looks at last year's leaders)."""
    latest = (Group.objects.filter(cycle__authority_id=authority_id, cycle__year__lte=cycle.year,
                                   locked_at__isnull=False).order_by("-cycle__year")
              .select_related("cycle").first())
    return latest.cycle if latest is not None else cycle


def _awards(user, year: int) -> tuple[Figure, Figure, Figure]:
    lines = (DecisionLine.objects.filter(decision__authority_id=user.authority_id,
                                         decision__status=award_states.DECISION_ISSUED, decision__date__year=year)
             .values("decision__award__level", "decision__award__kind", "decision__award__name")
             .annotate(n=Count("id"), money=Sum("amount"))
             .order_by("-decision__award__rank", "decision__award__name"))
    levels = dict(AwardLevel.choices)
    by_level: dict[str, list[int]] = {}
    forms = Figure("award_forms", f"Khen thưởng năm {year} theo danh hiệu, hình thức",
                   ["Danh hiệu, hình thức", "Lượt khen thưởng", "Cấp", "Tiền thưởng"], chart="bar",
                   series="Lượt khen thưởng", link=_perm(user, "awards.view_decisions", "awards:decision_list"))
    for r in lines:
        level = r["decision__award__level"]
        forms.rows.append(_row(r["decision__award__name"], r["n"], levels.get(level, level),
                               format_money(r["money"] or 0)))
        acc = by_level.setdefault(level, [0, 0])
        acc[0] += r["n"]
        acc[1] += r["money"] or 0
    awards = Figure("awards", f"Khen thưởng năm {year} theo cấp", ["Cấp", "Lượt khen thưởng"], chart="bar",
                    series="Lượt khen thưởng", link=forms.link)
    money = Figure("prize", f"Tiền thưởng theo các quyết định đã ban hành năm {year}", ["Cấp", "Tiền thưởng"],
                   chart="bar", series="Tiền thưởng (đồng)", money=True, link=forms.link,
                   note="Tổng tiền thưởng ghi trong các quyết định đã ban hành (kể cả quyết định của cấp trên "
                        "ghi lại ở đây); số quỹ thực chi xem ở bảng Quỹ thi đua, khen thưởng.")
    for level in AwardLevel.values:
        if level in by_level:
            awards.rows.append(_row(levels[level], by_level[level][0]))
            money.rows.append(_row(levels[level], by_level[level][1], money=True))
    if not awards.rows:
        awards.note = f"Chưa có quyết định khen thưởng nào năm {year} được ban hành."
    return awards, money, forms


def _fund(user, year: int) -> Figure:
    """The fund's year from its ledger (#19): opening, money in, money out, the balance now."""
    authority = user.authority
    book = fund_ledger(authority, year)
    fund = Figure("fund", f"Quỹ thi đua, khen thưởng năm {year}", ["", "Số tiền"], chart="bar",
                  series="Số tiền (đồng)", money=True, link=_perm(user, "fund.view_fund", "fund:ledger"))
    fund.rows = [_row("Tồn đầu năm", book.opening, money=True), _row("Thu trong năm", book.total_in, money=True),
                 _row("Chi trong năm", book.total_out, money=True), _row("Số dư", book.closing, money=True)]
    if not book.rows:
        fund.note = f"Sổ quỹ chưa ghi khoản thu, chi nào của năm {year}."
    return fund


def _conference(user, today: dt.date) -> tuple[Event | None, Figure | None, Figure | None]:
    event = _upcoming_events(user.authority_id, today).only("id", "title", "date").first()
    if event is None:
        return None, None, None
    counts = dict(Delegate.objects.filter(event=event, revoked=False).values_list("reply_status")
                  .annotate(n=Count("id")).order_by())
    replies = Figure("replies", "Trả lời giấy mời", ["Trả lời", "Đại biểu"], chart="doughnut", series="Đại biểu",
                     link=_perm(user, "events.view_events", "events:event_detail", event.pk))
    for status in (ReplyStatus.ACCEPTED, ReplyStatus.SUBSTITUTE, ReplyStatus.DECLINED, ReplyStatus.PENDING):
        replies.rows.append(_row(status.label, counts.get(status.value, 0)))
    invited = sum(counts.values())
    present = CheckIn.objects.filter(event=event, status=CheckInStatus.VALID).count()
    expected = invited - counts.get(ReplyStatus.DECLINED.value, 0)
    attendance = Figure("attendance", "Điểm danh", ["", "Đại biểu"], chart="bar", series="Đại biểu",
                        link=_perm(user, "checkin.view_attendance", "checkin:attendance", event.pk))
    attendance.rows = [_row("Được mời", invited), _row("Dự kiến có mặt", expected), _row("Đã đến", present)]
    return event, replies, attendance


def figures(user) -> dict:
    """{"cycle", "groups": [Figure], "event", "year"} for the authority of `user`."""
    if not user.authority_id:
        return {"groups": []}
    today = clock.today()
    groups: list[Figure] = []
    cycle = current_cycle(user.authority_id, today)
    if cycle is not None:
        groups.append(_covenants(user, cycle))
        groups.append(_leaders(user, _ranked_cycle(user.authority_id, cycle)))
    awards, money, forms = _awards(user, today.year)
    groups += [awards, money, _fund(user, today.year)]
    event, replies, attendance = _conference(user, today)
    if event is not None:
        groups += [replies, attendance]
    return {"cycle": cycle, "groups": groups, "forms": forms, "event": event, "year": today.year}


# --- the unit officer's tasks -------------------------------------------------------------------------


def _task(deadline, app: str, text: str, url: str, today: dt.date) -> dict:
    late = deadline is not None and deadline < today
    when = short_date(deadline) if deadline else "Không đặt hạn"
    if deadline is not None:
        days = (deadline - today).days
        when += f" (quá {-days} ngày)" if days < 0 else " (hôm nay)" if days == 0 else f" (còn {days} ngày)"
    return {"deadline": deadline, "when": when, "late": late, "app": app, "text": text, "url": url}


def unit_tasks(user) -> list[dict]:
    """Everything the unit of `user` must do, across the apps, the nearest deadline first."""
    unit, today = user.unit_id, clock.today()
    if not unit or not user.authority_id:
        return []
    out: list[dict] = []
    upcoming = _upcoming_events(user.authority_id, today)
    cycle = current_cycle(user.authority_id, today)
    if cycle is not None and Membership.objects.filter(cycle=cycle, organisation_id=unit).exists():
        cov = Covenant.objects.filter(cycle=cycle, organisation_id=unit).only("status").first()
        if cov is None or cov.status in (CovenantStatus.DRAFT, CovenantStatus.RETURNED):
            what = "bị trả lại: sửa và gửi lại" if cov and cov.status == CovenantStatus.RETURNED else "đăng ký và gửi"
            out.append(_task(cycle.covenant_deadline, "Giao ước thi đua",
                             f"Bản đăng ký giao ước thi đua năm {cycle.year}: {what}.",
                             reverse("emulation:covenant", args=[cycle.pk, unit]), today))
        sheet = ScoreSheet.objects.filter(cycle=cycle, organisation_id=unit).only("status").first()
        if sheet is None or sheet.status == SheetStatus.DRAFT:
            out.append(_task(cycle.self_score_deadline, "Chấm điểm thi đua",
                             f"Phiếu tự chấm điểm thi đua năm {cycle.year}: chấm và gửi.",
                             reverse("emulation:sheet", args=[cycle.pk, unit]), today))
    tasks = (Task.objects.filter(event__in=upcoming, status__in=logistics_states.OPEN_TASK)
             .filter(Q(organisation_id=unit) | Q(pk__in=supported_by(unit)))
             .only("id", "title", "deadline", "organisation_id").order_by("deadline", "id")[:LIST_LIMIT])
    for t in tasks:
        role = "Nhiệm vụ" if t.organisation_id == unit else "Phối hợp thực hiện nhiệm vụ"
        out.append(_task(t.deadline, "Chuẩn bị hội nghị", f"{role} “{t.title}”.",
                         reverse("logistics:task_detail", args=[t.pk]), today))
    deadlines = dict(ProgramSettings.objects.filter(event__in=upcoming).values_list("event_id", "talk_deadline"))
    for talk in (Talk.objects.filter(organisation_id=unit, event__in=upcoming,
                                     status__in=[TalkStatus.INVITED, TalkStatus.RETURNED])
                 .select_related("event").only("id", "status", "event__title", "event__date")[:LIST_LIMIT]):
        what = "được trả lại: sửa và gửi lại" if talk.status == TalkStatus.RETURNED else "soạn và gửi"
        out.append(_task(deadlines.get(talk.event_id), "Tham luận",
                         f"Bài tham luận cho {event_label(talk.event.title, talk.event.date)}: {what}.",
                         reverse("program:talk_detail", args=[talk.pk]), today))
    for m in (Material.objects.filter(organisation_id=unit, event__in=upcoming,
                                      status__in=[MaterialStatus.DRAFT, MaterialStatus.RETURNED])
              .select_related("event").only("id", "title", "status", "event__date")[:LIST_LIMIT]):
        what = "bị trả lại: sửa và gửi bản mới" if m.status == MaterialStatus.RETURNED else "soạn và gửi thẩm định"
        out.append(_task(m.event.date, "Tài liệu hội nghị", f"Tài liệu “{m.title}”: {what} (trước ngày hội nghị).",
                         reverse("logistics:material_detail", args=[m.pk]), today))
    for p in (Proposal.objects.filter(organisation_id=unit, status=award_states.RETURNED)
              .select_related("award").only("id", "year", "award__name")[:LIST_LIMIT]):
        out.append(_task(None, "Khen thưởng", f"Hồ sơ đề nghị {p.award.name} năm {p.year} bị trả lại: sửa và gửi lại.",
                         reverse("awards:proposal_detail", args=[p.pk]), today))
    for e in (upcoming.filter(delegates__organisation_id=unit, delegates__revoked=False,
                              delegates__reply_status=ReplyStatus.PENDING)
              .annotate(n=Count("delegates")).only("id", "title", "date", "reply_by")[:LIST_LIMIT]):
        out.append(_task(e.reply_by, "Hội nghị", f"{e.n} đại biểu của đơn vị chưa trả lời giấy mời dự {event_label(e.title, e.date)}.",
                         reverse("events:reminders", args=[e.pk]), today))
    far = dt.date.max
    out.sort(key=lambda t: (t["deadline"] or far, t["app"], t["text"]))
    return out


# --- the appraiser's queue ------------------------------------------------------------------------------


def review_queue(user) -> list[dict]:
    """What waits for review by `user`: talks, materials, proposals, the oldest event first."""
    if not user.authority_id:
        return []
    today = clock.today()
    upcoming = _upcoming_events(user.authority_id, today)
    out: list[dict] = []
    if user.has_perm("program.review_talk"):
        for t in (Talk.objects.filter(event__in=upcoming, status=TalkStatus.SUBMITTED)
                  .select_related("event", "organisation").order_by("event__date", "id")
                  .only("id", "title", "event__title", "event__date", "organisation__name")[:LIST_LIMIT]):
            out.append({"kind": "Bài tham luận", "text": t.title or f"Tham luận của {t.organisation.name} (chưa đặt tên)", "who": t.organisation.name,
                        "where": event_label(t.event.title, t.event.date), "day": t.event.date,
                        "url": reverse("program:talk_detail", args=[t.pk])})
    if user.has_perm("logistics.review_material"):
        qs = Material.objects.filter(event__in=upcoming, status=MaterialStatus.IN_REVIEW)
        if not user.has_perm("logistics.manage_materials"):
            qs = qs.filter(Q(reviewer=user) | Q(reviewer__isnull=True))
        for m in (qs.select_related("event", "organisation").order_by("event__date", "position", "id")
                  .only("id", "title", "event__title", "event__date", "organisation__name")[:LIST_LIMIT]):
            out.append({"kind": "Tài liệu hội nghị", "text": m.title, "who": m.organisation.name,
                        "where": event_label(m.event.title, m.event.date), "day": m.event.date,
                        "url": reverse("logistics:material_detail", args=[m.pk])})
    if user.has_perm("awards.view_proposals"):
        for p in (Proposal.objects.filter(authority_id=user.authority_id,
                                          status__in=[award_states.SUBMITTED, award_states.ACCEPTED])
                  .select_related("award", "organisation").order_by("submitted_at", "id")
                  .only("id", "year", "status", "submitted_at", "award__name", "organisation__name")[:LIST_LIMIT]):
            sent = f"gửi ngày {short_date(p.submitted_at.date())}" if p.submitted_at else ""
            out.append({"kind": "Hồ sơ đề nghị khen thưởng", "text": f"{p.award.name} năm {p.year}",
                        "who": p.organisation.name, "where": f"{p.get_status_display()}{', ' + sent if sent else ''}",
                        "day": p.submitted_at.date() if p.submitted_at else None,
                        "url": reverse("awards:proposal_detail", args=[p.pk])})
    return out


# --- reception --------------------------------------------------------------------------------------


def reception_event(user) -> Event | None:
    """Today's event, else the next one (never a cancelled one)."""
    if not user.authority_id:
        return None
    return (Event.objects.filter(authority_id=user.authority_id, date__gte=clock.today())
            .exclude(status=EventStatus.CANCELLED).order_by("date", "id").only("id").first())


__all__ = ["Figure", "figures", "reception_event", "review_queue", "unit_tasks"]
