"""The agenda: items, their order and times, the default programme, talks slotted into it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Max

from thidua.events.models import Event
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Organisation, Signer, User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.orgs.wording import Voice
from thidua.vn import normalise

from .. import timing
from ..models import (
    AgendaItem,
    ItemKind,
    ProgramSettings,
    Talk,
    TalkStatus,
)
from ..phrases import title_at
from .base import minutes_of, settings_for, time_of

ITEM_FIELDS = ("kind", "title", "duration_minutes", "fixed_start", "in_charge", "in_charge_unit", "talk", "batch",
               "mc_words")


def _recompute(event: Event, ps: ProgramSettings | None = None) -> list[AgendaItem]:
    """Times of every item from the day start, durations and fixed starts; refuses overlaps."""
    ps = ps or settings_for(event)
    items = list(AgendaItem.objects.filter(event=event).select_related("talk").order_by("position", "id"))
    start = minutes_of(ps.day_start) or minutes_of(event.start_time) or 7 * 60 + 30
    try:
        slots = timing.schedule(start, [(i.duration_minutes, minutes_of(i.fixed_start)) for i in items])
    except timing.Overlap as exc:
        item = items[exc.index]
        raise ValidationFailed(
            f"Mục “{item.title}” bắt đầu cố định lúc {timing.hm(exc.fixed)} nhưng mục trước kết thúc lúc "
            f"{timing.hm(exc.previous_end)}: các mục bị chồng giờ. Hãy rút ngắn các mục trước, đổi thứ tự "
            "hoặc bỏ giờ cố định.", "fixed_start") from None
    for pos, (item, slot) in enumerate(zip(items, slots, strict=True), start=1):
        new_start = time_of(slot.start)
        if item.start_time != new_start or item.position != pos:
            item.start_time, item.position = new_start, pos
            item.save(update_fields=["start_time", "position"])
    return items


def _validate_item(item: AgendaItem) -> None:
    if item.kind not in ItemKind.values:
        raise ValidationFailed("Loại mục không hợp lệ.", "kind")
    if not normalise.clean_text(item.title):
        raise ValidationFailed("Nhập nội dung của mục.", "title")
    if not item.duration_minutes or not 1 <= item.duration_minutes <= 480:
        raise ValidationFailed("Thời lượng phải từ 1 đến 480 phút.", "duration_minutes")
    if item.in_charge_unit is not None and item.in_charge_unit.authority_id != item.event.authority_id:
        raise ValidationFailed("Đơn vị thực hiện thuộc cơ quan khác.", "in_charge_unit")
    if item.talk is not None and item.talk.event_id != item.event_id:
        raise ValidationFailed("Bài tham luận thuộc hội nghị khác.", "talk")
    if item.batch is not None and item.batch.event_id != item.event_id:
        raise ValidationFailed("Đợt trao thưởng thuộc hội nghị khác.", "batch")


@transaction.atomic
def add_item(actor: User | None, event: Event, values: dict, after: AgendaItem | None = None) -> AgendaItem:
    require(actor, "program.manage_program")
    check_authority(actor, event)
    last = AgendaItem.objects.filter(event=event).aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem(event=event, position=last + 1)
    apply_fields(item, values, ITEM_FIELDS)
    _validate_item(item)
    if after is not None:
        AgendaItem.objects.filter(event=event, position__gt=after.position).update(position=F("position") + 1)
        item.position = after.position + 1
    item.save()
    _recompute(event)
    item.refresh_from_db()
    log_action(actor, "program.item.create", item, None, snapshot(item))
    return item


@transaction.atomic
def update_item(actor: User | None, item: AgendaItem, values: dict) -> AgendaItem:
    require(actor, "program.manage_program")
    check_authority(actor, item.event)
    before = snapshot(item)
    apply_fields(item, values, ITEM_FIELDS)
    _validate_item(item)
    item.save()
    _recompute(item.event)
    item.refresh_from_db()
    log_action(actor, "program.item.update", item, before, snapshot(item))
    return item


@transaction.atomic
def delete_item(actor: User | None, item: AgendaItem) -> None:
    require(actor, "program.manage_program")
    check_authority(actor, item.event)
    before = snapshot(item)
    event = item.event
    log_action(actor, "program.item.delete", item, before, None)
    item.delete()
    _recompute(event)


@transaction.atomic
def reorder(actor: User | None, event: Event, ids: list[int]) -> list[AgendaItem]:
    """Put the items in the order of `ids` (drag and drop, or the up/down buttons); refused whole
    when it makes items overlap."""
    require(actor, "program.manage_program")
    check_authority(actor, event)
    items = {i.pk: i for i in AgendaItem.objects.filter(event=event)}
    if sorted(ids) != sorted(items):
        raise ValidationFailed("Danh sách mục không khớp với chương trình hiện tại; hãy tải lại trang.", "order")
    before = [i.pk for i in sorted(items.values(), key=lambda i: (i.position, i.pk))]
    for pos, pk in enumerate(ids, start=1):
        if items[pk].position != pos:
            items[pk].position = pos
            items[pk].save(update_fields=["position"])
    result = _recompute(event)
    if before != ids:
        log_action(actor, "program.agenda.reorder", event, {"order": before}, {"order": ids})
    return result


def move_item(actor: User | None, item: AgendaItem, delta: int) -> list[AgendaItem]:
    ids = list(AgendaItem.objects.filter(event=item.event).order_by("position", "id").values_list("pk", flat=True))
    return reorder(actor, item.event, timing.move(ids, ids.index(item.pk), delta))


_CAPITALISED = {"ubnd": "UBND", "hđnd": "HĐND", "ủy ban nhân dân": "Ủy ban nhân dân", "văn phòng": "Văn phòng",
                "hội đồng nhân dân": "Hội đồng nhân dân", "đảng ủy": "Đảng ủy"}


def _sentence_case(title: str) -> str:
    """"PHÓ CHỦ TỊCH" → "Phó Chủ tịch"; "PHÓ GIÁM ĐỐC" → "Phó Giám đốc"; "CHÁNH VĂN PHÒNG" → "Chánh Văn phòng"."""
    words = title.lower()
    for low, shown in _CAPITALISED.items():
        words = words.replace(low, shown)
    parts = words.split(" ")
    head = 2 if parts[0] in ("phó", "quyền") and len(parts) > 1 else 1
    for i in range(head):
        parts[i] = parts[i][:1].upper() + parts[i][1:]
    return " ".join(parts)


def leader_title(title_or_prefix: str, body: str) -> str:
    """A signer's title with their own body, the shared words said once: ("PHÓ CHỦ TỊCH", "UBND huyện Hớn
    Quản") → "Phó Chủ tịch UBND huyện Hớn Quản"; ("Q. CHỦ TỊCH", …) → "Quyền Chủ tịch …"; ("GIÁM ĐỐC",
    "Sở Nội vụ") → "Giám đốc Sở Nội vụ"."""
    t = normalise.clean_text(title_or_prefix)
    acting = t.upper().startswith("Q. ")
    for prefix in ("TM. ", "KT. ", "Q. ", "TL. ", "TUQ. "):
        if t.upper().startswith(prefix):
            t = t[len(prefix):]
    words = _sentence_case(("quyền " if acting else "") + t)
    return title_at(words, body)


def _leaders(event: Event) -> list[tuple[str, str]]:
    """(name, title) of the authority's leaders among its signers, in office on the event's day, most senior
    first: the chair, then by order. Their body is the authority itself (its short name)."""
    body = event.authority.short_name
    day = event.date
    rows = Signer.objects.filter(authority_id=event.authority_id).order_by("-is_chair", "display_order", "id")
    return [(s.name, leader_title(s.title or s.prefix, body)) for s in rows
            if not s.prefix.upper().startswith(("TL.", "TUQ."))  # who signs on a leader's order is not a leader
            and (day is None or ((s.valid_from is None or s.valid_from <= day)
                                 and (s.valid_to is None or day <= s.valid_to)))]


def _unit(event: Event, code: str) -> Organisation | None:
    return Organisation.objects.filter(authority_id=event.authority_id, code=code).first()


def _office_unit(event: Event, office) -> Organisation | None:
    """The authority's unit that is one of its own offices (by name), if the registry has it."""
    if office is None:
        return None
    return Organisation.objects.filter(authority_id=event.authority_id, name__iexact=office.name).first()


def default_items(event: Event, talk_count: int) -> list[dict]:
    """A typical summary conference (BRIEF §4.2), the seed's two performances included. Who does what is
    said from the authority's data (`orgs.wording.Voice`): its leaders, its advisory office, its place."""
    year = event.closes_year or (event.date.year - 1 if event.date else None)
    nxt = event.launches_year or (year + 1 if year else None)
    y = f" năm {year}" if year else ""
    n = f" năm {nxt}" if nxt else ""
    authority = event.authority
    voice = Voice.of(authority)
    leaders = _leaders(event)
    chair = f"{leaders[0][0]}, {leaders[0][1]}" if leaders else f"Lãnh đạo {authority.short_name}"
    adviser = voice.proposer
    report_by = (f"Lãnh đạo {adviser.name}" if adviser
                 else "Lãnh đạo cơ quan tham mưu công tác thi đua, khen thưởng")
    opening = event.start_time or dt.time(7, 30)
    flag_at = time_of(minutes_of(opening) + 30)
    items = [
        {"kind": ItemKind.RECEPTION, "title": "Đón tiếp đại biểu", "duration_minutes": 20,
         "fixed_start": opening, "in_charge": "Ban Tổ chức",
         "in_charge_unit": _office_unit(event, voice.chief_office) or _unit(event, "vp-hdnd-ubnd")},
        {"kind": ItemKind.PERFORMANCE, "title": "Chương trình văn nghệ chào mừng", "duration_minutes": 10,
         "in_charge_unit": _unit(event, "tt-vh-tt"), "in_charge": "Đội văn nghệ"},
        {"kind": ItemKind.FLAG, "title": "Chào cờ", "duration_minutes": 5, "fixed_start": flag_at,
         "in_charge": "Người dẫn chương trình"},
        {"kind": ItemKind.INTRO, "title": "Tuyên bố lý do, giới thiệu đại biểu", "duration_minutes": 10,
         "in_charge": "Người dẫn chương trình"},
        {"kind": ItemKind.OPENING, "title": "Phát biểu khai mạc Hội nghị", "duration_minutes": 10, "in_charge": chair},
        {"kind": ItemKind.REPORT, "title": f"Báo cáo tổng kết công tác thi đua, khen thưởng{y}; phương hướng, "
         f"nhiệm vụ{n}", "duration_minutes": 25, "in_charge": report_by,
         "in_charge_unit": _office_unit(event, adviser)},
    ]
    for i in range(talk_count):
        items.append({"kind": ItemKind.TALK, "title": f"Tham luận {i + 1}", "duration_minutes": 7})
    items += [
        {"kind": ItemKind.PERFORMANCE, "title": "Tiết mục văn nghệ", "duration_minutes": 5,
         "in_charge_unit": _unit(event, "tt-vh-tt"), "in_charge": "Đội văn nghệ"},
        {"kind": ItemKind.AWARDS, "title": "Công bố quyết định và trao khen thưởng", "duration_minutes": 40,
         "in_charge": f"Lãnh đạo {voice.locality or authority.short_name} và đại biểu cấp trên; người dẫn chương "
                      "trình công bố quyết định"},
        {"kind": ItemKind.DIRECTIVE, "title": "Phát biểu chỉ đạo", "duration_minutes": 15,
         "in_charge": "Lãnh đạo cấp trên"},
        {"kind": ItemKind.LAUNCH, "title": f"Phát động phong trào thi đua{n}", "duration_minutes": 10,
         "in_charge": chair},
        {"kind": ItemKind.COVENANT, "title": f"Ký kết giao ước thi đua{n}", "duration_minutes": 15,
         "in_charge": "Các Cụm trưởng, Khối trưởng"},
        {"kind": ItemKind.CLOSING, "title": "Tiếp thu ý kiến chỉ đạo, bế mạc Hội nghị", "duration_minutes": 5,
         "in_charge": chair},
    ]
    return items


@transaction.atomic
def create_default_agenda(actor: User | None, event: Event) -> list[AgendaItem]:
    require(actor, "program.manage_program")
    check_authority(actor, event)
    if AgendaItem.objects.filter(event=event).exists():
        raise ValidationFailed("Hội nghị đã có chương trình; hãy sửa từng mục thay vì tạo lại.", "agenda")
    ps = settings_for(event)
    talks = list(Talk.objects.filter(event=event).select_related("organisation").order_by("display_order", "id"))
    specs = default_items(event, max(ps.talk_count, len(talks)))
    talk_iter = iter(talks)
    rows = []
    for pos, spec in enumerate(specs, start=1):
        item = AgendaItem(event=event, position=pos, **spec)
        if item.kind == ItemKind.TALK:
            talk = next(talk_iter, None)
            if talk is not None:
                _link_talk(item, talk)
        rows.append(item)
    AgendaItem.objects.bulk_create(rows)
    items = _recompute(event, ps)
    log_action(actor, "program.agenda.default", event, None, {"items": len(items)})
    return items


def _link_talk(item: AgendaItem, talk: Talk) -> None:
    item.talk = talk
    item.title = f"Tham luận: {talk.display_title}" if talk.title else f"Tham luận của {talk.organisation.name}"
    item.in_charge_unit = talk.organisation
    if talk.status == TalkStatus.ACCEPTED and talk.minutes:
        item.duration_minutes = talk.duration_minutes


def _slot_talk(talk: Talk) -> AgendaItem | None:
    """An accepted talk takes its place in the agenda with its estimated duration: its own item,
    else the first free talk slot, else a new item after the last talk (or the report)."""
    items = list(AgendaItem.objects.filter(event=talk.event).order_by("position", "id"))
    if not items:
        return None
    item = next((i for i in items if i.talk_id == talk.pk), None) or next(
        (i for i in items if i.kind == ItemKind.TALK and i.talk_id is None), None)
    if item is None:
        anchor = next((i for i in reversed(items) if i.kind == ItemKind.TALK), None) or next(
            (i for i in reversed(items) if i.kind == ItemKind.REPORT), items[-1])
        AgendaItem.objects.filter(event=talk.event, position__gt=anchor.position).update(
            position=F("position") + 1)
        item = AgendaItem(event=talk.event, position=anchor.position + 1, kind=ItemKind.TALK, title="Tham luận",
                          duration_minutes=talk.duration_minutes or 7)
    _link_talk(item, talk)
    item.save()
    _recompute(talk.event)
    return item

