"""What the conference programme asks of the signed-in user, for the dashboard.

- The secretariat and the reviewer: talks not yet sent (or not sent back) as the deadline nears or
  once it has passed, and talks waiting for review.
- The secretariat: the agenda of each coming event that overruns the day or has an item with nobody
  in charge.
- A unit officer: their unit's talk to send, with its deadline, or returned for revision.

A fixed number of queries however many events there are (events with their settings, one aggregate
of talks, one list of agenda rows).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from thidua import clock
from thidua.events.models import Event, EventStatus
from thidua.orgs.scope import scope_for
from thidua.vn.dates import short_date

from . import timing
from .models import AgendaItem, ItemKind, ProgramSettings, Talk, TalkStatus

NEAR_DAYS = 7  # a deadline this close (or closer) is worth a line on the dashboard
OPEN = (TalkStatus.INVITED, TalkStatus.RETURNED)


def event_label(title: str, date) -> str:
    """The event as the dashboard names it (as the events app does): a short title and its date."""
    short = title if len(title) <= 70 else title[:70].rsplit(" ", 1)[0] + "…"
    return f"{short} ({short_date(date)})" if date else short


def _minutes(t) -> int | None:
    return None if t is None else t.hour * 60 + t.minute


def _upcoming(today):
    """Events not yet held or cancelled, dated today or later (or not dated yet)."""
    return (Event.objects.exclude(status__in=[EventStatus.HELD, EventStatus.CANCELLED])
            .filter(Q(date__gte=today) | Q(date__isnull=True)))


def _when(deadline, today) -> tuple[str, str]:
    """("hạn 28/3/2025, còn 3 ngày", level)."""
    if deadline is None:
        return "chưa đặt hạn", "info"
    days = (deadline - today).days
    if days < 0:
        return f"hạn {short_date(deadline)}, đã quá {-days} ngày", "danger"
    if days == 0:
        return f"hạn {short_date(deadline)} là hôm nay", "danger"
    return f"hạn {short_date(deadline)}, còn {days} ngày", "warning" if days <= NEAR_DAYS else "info"


def _unit_items(user, today) -> list[dict]:
    scope = scope_for(user)
    talks = (Talk.objects.filter(organisation_id=scope.unit_id, status__in=OPEN, event__in=_upcoming(today))
             .select_related("event__program_settings").order_by("event__date", "id"))
    out = []
    for talk in talks:
        ps = getattr(talk.event, "program_settings", None)
        when, level = _when(ps.talk_deadline if ps else None, today)
        if talk.status == TalkStatus.RETURNED:
            text = (f"Bài tham luận của đơn vị ({event_label(talk.event.title, talk.event.date)}) được trả lại "
                    f"để sửa: đọc góp ý và gửi lại ({when}).")
            level = "danger" if level == "danger" else "warning"
        else:
            text = f"Đơn vị cần gửi bài tham luận cho {event_label(talk.event.title, talk.event.date)} ({when})."
        out.append({"level": level, "text": text, "url": reverse("program:talk_detail", args=[talk.pk])})
    return out


def _missing_who(row: dict) -> bool:
    if row["kind"] == ItemKind.BREAK:
        return False
    if row["talk_id"] and row["talk__presenter_name"]:
        return False
    return not (row["in_charge"] or row["in_charge_unit_id"])


def _office_items(user, today) -> list[dict]:
    review = user.has_perm("program.review_talk")
    manage = user.has_perm("program.manage_program")
    if not (review or manage):
        return []
    settings = {ps.event_id: ps for ps in ProgramSettings.objects.filter(event__in=_upcoming(today))
                .select_related("event").order_by("event__date", "event_id")}
    if not settings:
        return []
    out: list[dict] = []
    counts = {r["event_id"]: r for r in Talk.objects.filter(event_id__in=settings).values("event_id").annotate(
        open=Count("id", filter=Q(status__in=OPEN)),
        waiting=Count("id", filter=Q(status=TalkStatus.SUBMITTED))).order_by()}
    rows: dict[int, list[dict]] = {}
    if manage:
        for r in (AgendaItem.objects.filter(event_id__in=settings)
                  .values("event_id", "kind", "start_time", "duration_minutes", "in_charge", "in_charge_unit_id",
                          "talk_id", "talk__presenter_name").order_by("event_id", "position", "id")):
            rows.setdefault(r["event_id"], []).append(r)
    for event_id, ps in settings.items():
        name = event_label(ps.event.title, ps.event.date)
        c = counts.get(event_id, {"open": 0, "waiting": 0})
        talks_url = reverse("program:talk_list", args=[event_id])
        if c["open"] and ps.talk_deadline is not None and (ps.talk_deadline - today).days <= NEAR_DAYS:
            when, level = _when(ps.talk_deadline, today)
            out.append({"level": level, "url": talks_url,
                        "text": f"{c['open']} đơn vị chưa gửi bài tham luận cho {name} ({when})."})
        if c["waiting"]:
            out.append({"level": "warning", "url": talks_url,
                        "text": f"{c['waiting']} bài tham luận chờ thẩm định ({name})."})
        items = rows.get(event_id, [])
        if items:
            agenda_url = reverse("program:agenda", args=[event_id])
            last = items[-1]
            end = (_minutes(last["start_time"]) or 0) + last["duration_minutes"]
            over = timing.overrun([timing.Slot(0, end)], _minutes(ps.day_end) or 24 * 60)
            if over:
                out.append({"level": "warning", "url": agenda_url,
                            "text": f"Chương trình {name} kết thúc lúc {timing.hm(end)}, quá giờ dự kiến "
                                    f"{over} phút."})
            missing = sum(1 for r in items if _missing_who(r))
            if missing:
                out.append({"level": "warning", "url": agenda_url,
                            "text": f"Chương trình {name}: {missing} mục chưa có người hoặc đơn vị thực hiện."})
    return out


def items(user) -> list[dict]:
    if not (user and user.is_authenticated and user.has_perm("program.view_talks")):
        return []
    today = clock.today()
    if scope_for(user).is_unit_bound:
        return _unit_items(user, today)
    return _office_items(user, today)
