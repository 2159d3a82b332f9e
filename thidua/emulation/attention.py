"""What needs attention on the dashboard (`items(user)`), in a few cheap queries.

- Secretariat: in the current cycle (the one of `clock.today()`'s year, else the latest before it),
  member units whose covenant is missing after the deadline, covenants sent late, and those not yet
  sent as the deadline nears; clusters/blocks past their meeting date whose results are not locked.
- Unit officer: their unit's covenant not yet sent (with its deadline) and its self-score not sent.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua import clock
from thidua.orgs.models import Role
from thidua.vn.dates import short_date

from .models import Covenant, CovenantStatus, Cycle, Group, Membership, ScoreSheet, SheetStatus

SOON = dt.timedelta(days=14)
OPEN = (CovenantStatus.DRAFT, CovenantStatus.RETURNED)


def current_cycle(authority_id: int, today: dt.date) -> Cycle | None:
    return (Cycle.objects.filter(authority_id=authority_id, year__lte=today.year).order_by("-year").first()
            or Cycle.objects.filter(authority_id=authority_id).order_by("year").first())


def items(user) -> list[dict]:
    if not user.is_authenticated or not user.authority_id:
        return []
    today = clock.today()
    if user.role == Role.UNIT_OFFICER and not user.is_superuser:
        return _unit_items(user, today) if user.unit_id else []
    if user.has_perm("emulation.manage_cycles"):
        return _secretariat_items(user.authority_id, today)
    return []


def _secretariat_items(authority_id: int, today: dt.date) -> list[dict]:
    out: list[dict] = []
    cycle = current_cycle(authority_id, today)
    if cycle is not None and cycle.covenant_deadline:
        deadline = cycle.covenant_deadline
        url = reverse("emulation:covenants", args=[cycle.pk])
        members = Membership.objects.filter(cycle=cycle).values_list("organisation_id", flat=True)
        sent = Covenant.objects.filter(cycle=cycle, organisation_id__in=members).exclude(status__in=OPEN)
        not_sent = len(members) - sent.count()
        if today > deadline:
            late = sent.filter(submitted_at__date__gt=deadline).count()
            if not_sent:
                out.append({"level": "danger", "url": url,
                            "text": f"{not_sent} đơn vị chưa gửi bản đăng ký giao ước thi đua năm {cycle.year} "
                                    f"(hạn {short_date(deadline)} đã qua)."})
            if late:
                out.append({"level": "warning", "url": url,
                            "text": f"{late} bản đăng ký giao ước năm {cycle.year} gửi trễ hạn {short_date(deadline)}."})
        elif not_sent and deadline - today <= SOON:
            out.append({"level": "info", "url": url,
                        "text": f"{not_sent} đơn vị chưa gửi bản đăng ký giao ước năm {cycle.year}; hạn "
                                f"{short_date(deadline)} (còn {(deadline - today).days} ngày)."})
    overdue = list(Group.objects.filter(cycle__authority_id=authority_id, locked_at__isnull=True,
                                        meeting_date__lt=today).select_related("cycle")
                   .order_by("meeting_date", "id")[:6])
    for g in overdue[:5]:
        out.append({"level": "warning", "url": reverse("emulation:ranking", args=[g.cycle_id]),
                    "text": f"{g.name} (năm {g.cycle.year}) đã họp bình xét ngày {short_date(g.meeting_date)} "
                            "nhưng chưa khóa kết quả."})
    if len(overdue) > 5:
        out.append({"level": "warning", "url": reverse("emulation:cycles"),
                    "text": "Còn cụm, khối khác đã qua ngày họp nhưng chưa khóa kết quả."})
    return out


def _unit_items(user, today: dt.date) -> list[dict]:
    out: list[dict] = []
    cycle = current_cycle(user.authority_id, today)
    if cycle is None or not Membership.objects.filter(cycle=cycle, organisation_id=user.unit_id).exists():
        return out
    covenant = Covenant.objects.filter(cycle=cycle, organisation_id=user.unit_id).first()
    if covenant is None or covenant.status in OPEN:
        deadline = cycle.covenant_deadline
        when = f"; hạn {short_date(deadline)}" if deadline else ""
        past = deadline is not None and today > deadline
        what = "bị trả lại, cần sửa và gửi lại" if covenant and covenant.status == CovenantStatus.RETURNED else \
            "chưa gửi"
        out.append({"level": "danger" if past else "warning",
                    "url": reverse("emulation:covenant", args=[cycle.pk, user.unit_id]),
                    "text": f"Bản đăng ký giao ước thi đua năm {cycle.year} của đơn vị {what}{when}"
                            f"{' (đã quá hạn)' if past else ''}."})
    sheet = ScoreSheet.objects.filter(cycle=cycle, organisation_id=user.unit_id).only(
        "status", "status_note").first()
    deadline = cycle.self_score_deadline
    returned = sheet is not None and sheet.status == SheetStatus.DRAFT and bool(sheet.status_note)
    due = deadline is not None and today >= deadline - SOON
    if (sheet is None or sheet.status == SheetStatus.DRAFT) and (due or returned):
        past = deadline is not None and today > deadline
        text = f"Phiếu tự chấm điểm thi đua năm {cycle.year} chưa gửi"
        if returned:
            text = f"Phiếu tự chấm điểm năm {cycle.year} bị trả lại: {sheet.status_note}"
        if deadline:
            text += f"; hạn {short_date(deadline)}{' (đã quá hạn)' if past else ''}"
        out.append({"level": "danger" if past else "warning", "text": text + ".",
                    "url": reverse("emulation:sheet", args=[cycle.pk, user.unit_id])})
    return out


__all__ = ["current_cycle", "items"]
