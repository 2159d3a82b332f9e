"""Reads for the programme pages, documents and the projector, with bounded query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from thidua import clock
from thidua.awards.models import Decision
from thidua.checkin.queries import hall_plan, head_labels
from thidua.events.models import Delegate, Event, ReplyStatus, present
from thidua.orgs.scope import Scope

from . import talkcheck, timing
from .models import AgendaItem, AwardBatch, BatchMember, ItemKind, ProgramSettings, Talk, TalkStatus
from .phrases import title_at


def events(scope: Scope):
    return (Event.objects.all().annotate(item_count=Count("agenda_items", distinct=True),
                                         talk_count=Count("talks", distinct=True))
            .order_by("-date", "-id"))


def agenda(event: Event) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(event=event)
                .select_related("talk__organisation", "batch", "in_charge_unit").order_by("position", "id"))


def _minutes(t: dt.time | None) -> int | None:
    return None if t is None else t.hour * 60 + t.minute


@dataclass
class AgendaView:
    items: list[AgendaItem]
    ends_at: str
    warnings: list[str]
    missing: set[int]  # ids of items with nobody in charge


def agenda_view(event: Event, ps: ProgramSettings) -> AgendaView:
    items = agenda(event)
    warnings, missing = [], set()
    end = None
    if items:
        last = items[-1]
        end = (_minutes(last.start_time) or 0) + last.duration_minutes
        over = timing.overrun([timing.Slot(0, end)], _minutes(ps.day_end) or 24 * 60)
        if over:
            warnings.append(f"Chương trình kết thúc lúc {timing.hm(end)}, quá giờ dự kiến {ps.day_end:%H:%M} "
                            f"{over} phút: hãy rút ngắn hoặc bớt mục.")
    for it in items:
        if not it.who and it.kind not in (ItemKind.BREAK,):
            missing.add(it.pk)
            warnings.append(f"Mục “{it.title}” ({it.start_time:%H:%M}) chưa có người hoặc đơn vị thực hiện.")
    return AgendaView(items, timing.hm(end) if end is not None else "", warnings, missing)


def talks(scope: Scope, event: Event):
    qs = Talk.objects.filter(event=event).select_related("organisation").order_by("display_order", "id")
    return scope.filter_units(qs, "organisation_id")


@dataclass
class TalkRow:
    talk: Talk
    flag: str  # short / ok / long / ""
    late: bool


def talk_rows(scope: Scope, event: Event, ps: ProgramSettings) -> list[TalkRow]:
    today = clock.today()
    out = []
    for t in talks(scope, event):
        flag = talkcheck.speaking_flag(t.word_count, ps.words_per_minute, ps.talk_min_minutes,
                                       ps.talk_max_minutes) if t.word_count else ""
        late = (t.status in (TalkStatus.INVITED, TalkStatus.RETURNED) and ps.talk_deadline is not None
                and today > ps.talk_deadline)
        out.append(TalkRow(t, flag, late))
    return out


def batches(event: Event) -> list[AwardBatch]:
    return list(AwardBatch.objects.filter(event=event).prefetch_related(
        Prefetch("members", queryset=BatchMember.objects.order_by("position", "id"))).order_by("position", "id"))


def _attending(event: Event, on_day: bool):
    qs = Delegate.objects.filter(event=event, revoked=False).select_related("category", "organisation")
    if on_day:
        return qs.filter(present())
    return qs.filter(reply_status__in=[ReplyStatus.ACCEPTED, ReplyStatus.SUBSTITUTE])


def introduced_delegates(event: Event, on_day: bool | None = None) -> tuple[list[tuple[str, list[Delegate]]], bool]:
    """Delegates to introduce, by category in protocol order. On the day of the event only those
    checked in; before it, those who accepted (or sent a substitute)."""
    if on_day is None:
        on_day = event.date is not None and clock.today() == event.date
    qs = _attending(event, on_day)
    groups: dict[int, tuple[str, list[Delegate]]] = {}
    for d in qs.order_by("category__protocol_order", "category__code", "display_order", "id"):
        groups.setdefault(d.category_id, (d.category.name, []))[1].append(d)
    return list(groups.values()), on_day


_HEADS = ("giám đốc", "trưởng ban", "chủ tịch", "bí thư", "chánh văn phòng", "bộ trưởng", "thứ trưởng", "vụ trưởng",
          "cục trưởng", "tổng cục trưởng", "ủy viên", "tỉnh ủy viên", "trưởng đoàn", "chánh thanh tra")
_NOT_LEADERS = ("chuyên viên", "cán bộ", "công chức", "viên chức", "nhân viên", "thư ký", "đại diện")


def _from_above(unit: str, host_level: str) -> bool:
    """A guest's unit belongs to the level above the host: the province for a district, a commune or a
    department; the central government for a province."""
    u = f" {unit.casefold()} "
    if host_level == "tinh":
        return "trung ương" in u or u.startswith((" bộ ", " chính phủ ", " văn phòng chính phủ "))
    return " tỉnh " in u or u.startswith((" ubnd tỉnh", " ủy ban nhân dân tỉnh", " tỉnh ủy "))


def higher_guests(event: Event, on_day: bool | None = None) -> list[tuple[str, str]]:
    """(name, title with their body) of the leaders from the level above the host who attend (accepted,
    or checked in on the day), those seated on the presidium first, then in protocol order: who hands
    over the awards decided at that level."""
    if on_day is None:
        on_day = event.date is not None and clock.today() == event.date
    presidium = head_labels(hall_plan(event))
    heads, others = [], []
    for d in _attending(event, on_day).exclude(full_name="").order_by("category__protocol_order", "category__code",
                                                                      "display_order", "id"):
        unit = d.unit_name
        position = d.substitute_position if d.reply_status == ReplyStatus.SUBSTITUTE else d.position
        if d.organisation_id or not _from_above(unit, event.authority.level):
            continue  # the host's own registry holds its own units
        title = position.casefold().removeprefix("quyền ").removeprefix("phó ")
        if not position or title.startswith(_NOT_LEADERS):
            continue
        seated = 0 if d.seat in presidium else 1  # the one the organisers seated on the presidium first
        (heads if title.startswith(_HEADS) else others).append((seated, len(heads) + len(others), d.attendee_name,
                                                                title_at(position, unit)))
    # the heads of the delegation (a department's director…), else whoever leads it
    return [(name, title) for _, _, name, title in sorted(heads or others)]


def batch_decisions(batches: list[AwardBatch]) -> dict[int, Decision]:
    """The decisions the batches come from (their award's kind, their signer's level), by id."""
    ids = {b.decision_id for b in batches if b.decision_id}
    return {d.pk: d for d in Decision.objects.filter(pk__in=ids).select_related("award")} if ids else {}
