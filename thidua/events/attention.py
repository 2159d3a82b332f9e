"""What needs attention on the dashboard about conferences, scoped to the user; a fixed number of
queries whatever the number of delegates (at most one more per event whose letters were printed
before delegates were added).

- Secretariat (events.manage_events), per upcoming event (thidua.clock.today() ≤ date): delegates who
  have not answered (danger once the reply deadline has passed), the letters not printed yet or
  printed before delegates were added, a letter without number, categories over quota, the hall.
- Unit officer: their unit's delegates who have not answered, per upcoming event.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from thidua import clock
from thidua.orgs.models import Job
from thidua.orgs.scope import authority_for, scope_for
from thidua.vn.dates import short_date

from .models import Delegate, DelegateCategory, Event, EventStatus, ReplyStatus

MAX_EVENTS = 5
PRINT_JOBS = ("events.invitations_pdf", "events.invitations_docx")


def _name(event: Event) -> str:
    title = event.title if len(event.title) <= 70 else event.title[:70].rsplit(" ", 1)[0] + "…"
    return f"{title} ({short_date(event.date)})"


def items(user) -> list[dict]:
    if not (user and user.is_authenticated and user.has_perm("events.view_events")):
        return []
    scope = scope_for(user)
    manager = user.has_perm("events.manage_events")
    if not (manager or scope.unit_id):
        return []
    try:
        authority = authority_for(user)
    except PermissionDenied:
        return []
    today = clock.today()
    active = Q(delegates__revoked=False)
    if scope.unit_id:
        active &= Q(delegates__organisation_id=scope.unit_id)
    events = list(
        Event.objects.filter(authority=authority, date__gte=today)
        .exclude(status__in=[EventStatus.CANCELLED, EventStatus.HELD])
        .annotate(invited=Count("delegates", filter=active),
                  pending=Count("delegates", filter=active & Q(delegates__reply_status=ReplyStatus.PENDING)),
                  declined=Count("delegates", filter=active & Q(delegates__reply_status=ReplyStatus.DECLINED)),
                  newest=Max("delegates__created_at", filter=active))
        .order_by("date", "id")[:MAX_EVENTS])
    out: list[dict] = []
    if scope.unit_id:
        for e in events:
            if e.pending:
                out.append({"level": "warning", "url": reverse("events:reminders", args=[e.pk]),
                            "text": f"Đơn vị có {e.pending} đại biểu chưa trả lời giấy mời dự {_name(e)}."})
        return out
    ids = [e.pk for e in events if e.invited]
    over = {}
    printed = {}
    if ids:
        for c in DelegateCategory.objects.filter(event_id__in=ids).annotate(
                invited=Count("delegates", filter=Q(delegates__revoked=False))).order_by("event_id", "protocol_order"):
            if c.quota and c.invited > c.quota:
                over.setdefault(c.event_id, []).append(c)
        for job in Job.objects.filter(authority=authority, kind__in=PRINT_JOBS, status="done",
                                      params__event__in=ids).only("params", "finished_at", "created_at"):
            event_id = job.params.get("event") if isinstance(job.params, dict) else None
            at = job.finished_at or job.created_at
            if event_id in ids and (event_id not in printed or at > printed[event_id]):
                printed[event_id] = at
    for e in events:
        if not e.invited:
            continue
        name = _name(e)
        if e.pending:
            late = e.reply_by is not None and e.reply_by < today
            deadline = (f"; đã quá hạn trả lời {short_date(e.reply_by)}" if late else
                        f"; hạn trả lời {short_date(e.reply_by)}" if e.reply_by else "")
            out.append({"level": "danger" if late else "warning", "url": reverse("events:reminders", args=[e.pk]),
                        "text": f"{name}: {e.pending}/{e.invited} đại biểu chưa trả lời giấy mời{deadline}."})
        if e.pk not in printed:
            out.append({"level": "info", "url": reverse("events:invitations", args=[e.pk]),
                        "text": f"{name}: chưa in giấy mời cho {e.invited} đại biểu."})
        elif e.newest and e.newest > printed[e.pk]:
            added = Delegate.objects.filter(event=e, revoked=False, created_at__gt=printed[e.pk]).count()
            out.append({"level": "info", "url": reverse("events:invitations", args=[e.pk]),
                        "text": f"{name}: {added} đại biểu được thêm sau lần in giấy mời gần nhất "
                                f"({short_date(timezone.localdate(printed[e.pk]))}); cần in giấy mời cho họ."})
        if not e.invitation_code:
            out.append({"level": "info", "url": reverse("events:event_edit", args=[e.pk]),
                        "text": f"{name}: giấy mời chưa có số, ký hiệu."})
        for c in over.get(e.pk, []):
            out.append({"level": "warning", "url": reverse("events:event_detail", args=[e.pk]),
                        "text": f"{name}: thành phần {c.code}) {c.name} đã mời {c.invited}, vượt dự kiến {c.quota}."})
        expected = e.invited - e.declined
        if e.capacity and expected > e.capacity:
            out.append({"level": "danger", "url": reverse("events:event_detail", args=[e.pk]),
                        "text": f"{name}: {expected} đại biểu dự kiến có mặt, vượt sức chứa hội trường "
                                f"({e.capacity} chỗ)."})
    return out
