"""Every write of the programme: agenda, talks, award batches, settings, projector. Each checks the
permission and the authority, runs in one transaction and writes one audit entry."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Max

from thidua import clock
from thidua.events.models import Delegate, Event, OutboxMail
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation, Signer, User
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed, require
from thidua.vn import normalise
from thidua.vn.dates import short_date

from . import batching, extract, talkcheck, timing
from .models import (
    AgendaItem,
    AwardBatch,
    BatchMember,
    ItemKind,
    ProgramSettings,
    Talk,
    TalkAction,
    TalkNote,
    TalkSource,
    TalkStatus,
    TalkVersion,
)

# --- helpers ---------------------------------------------------------------------------------------


def _check_event(actor: User | None, event: Event) -> None:
    if actor is not None and not actor.is_superuser and actor.authority_id != event.authority_id:
        raise PermissionDenied("Dữ liệu này thuộc cơ quan khác.")


def _who(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"



def minutes_of(t: dt.time | None) -> int | None:
    return None if t is None else t.hour * 60 + t.minute


def time_of(minutes: int) -> dt.time:
    minutes %= 24 * 60
    return dt.time(minutes // 60, minutes % 60)


# --- settings --------------------------------------------------------------------------------------


def settings_for(event: Event) -> ProgramSettings:
    """The event's programme settings, created with the defaults the first time they are asked for."""
    found = ProgramSettings.objects.filter(event=event).first()
    if found is not None:
        return found
    with transaction.atomic():
        ps, created = ProgramSettings.objects.get_or_create(
            event=event, defaults={"day_start": event.start_time or dt.time(7, 30),
                                   "day_end": event.end_time or dt.time(11, 30)})
        if created:
            log_action(None, "program.settings.create", ps, None, snapshot(ps), authority_id=event.authority_id)
    return ps


SETTING_FIELDS = ("talk_count", "talk_deadline", "talk_min_minutes", "talk_max_minutes", "words_per_minute",
                  "stage_size", "day_start", "day_end", "hall_width_cm", "hall_height_cm", "backdrop_title",
                  "backdrop_place_date")


@transaction.atomic
def update_settings(actor: User | None, event: Event, values: dict) -> ProgramSettings:
    require(actor, "program.manage_program")
    _check_event(actor, event)
    ps = settings_for(event)
    before = snapshot(ps)
    for key, value in values.items():
        if key not in SETTING_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(ps, key, value)
    if ps.talk_count > 20:
        raise ValidationFailed("Số bài tham luận tối đa là 20.", "talk_count")
    if ps.talk_min_minutes > ps.talk_max_minutes:
        raise ValidationFailed("Thời lượng tối thiểu phải nhỏ hơn hoặc bằng tối đa.", "talk_min_minutes")
    if not 40 <= ps.words_per_minute <= 400:
        raise ValidationFailed("Tốc độ đọc phải từ 40 đến 400 chữ mỗi phút.", "words_per_minute")
    if not 1 <= ps.stage_size <= 50:
        raise ValidationFailed("Số người trên sân khấu mỗi đợt phải từ 1 đến 50.", "stage_size")
    crowded = [b for b in AwardBatch.objects.filter(event=event).prefetch_related("members")
               if len(b.members.all()) > ps.stage_size]
    if crowded:
        b = crowded[0]
        raise ValidationFailed(f"Đợt {b.position} đang có {len(b.members.all())} người, nhiều hơn {ps.stage_size} "
                               "chỗ trên sân khấu: hãy lập lại các đợt trao thưởng sau khi đổi.", "stage_size")
    if ps.hall_width_cm < 50 or ps.hall_height_cm < 50:
        raise ValidationFailed("Kích thước phông nền phải từ 50 cm trở lên.", "hall_width_cm")
    if ps.day_start and ps.day_end and ps.day_end <= ps.day_start:
        raise ValidationFailed("Giờ kết thúc phải sau giờ bắt đầu.", "day_end")
    ps.save()
    _recompute(event, ps)
    # talks already estimated follow a new pace
    for talk in Talk.objects.filter(event=event, word_count__gt=0):
        talk.minutes = talkcheck.speaking_minutes(talk.word_count, ps.words_per_minute)
        talk.save(update_fields=["minutes"])
    after = snapshot(ps)
    if after != before:
        log_action(actor, "program.settings.update", ps, before, after)
    return ps


# --- agenda ----------------------------------------------------------------------------------------

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
    _check_event(actor, event)
    last = AgendaItem.objects.filter(event=event).aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem(event=event, position=last + 1)
    for key, value in values.items():
        if key not in ITEM_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(item, key, value)
    _validate_item(item)
    if after is not None:
        AgendaItem.objects.filter(event=event, position__gt=after.position).update(position=F("position") + 1)
        item.position = after.position + 1
    item.save()
    _recompute(event)
    item.refresh_from_db()
    log_action(actor, "program.item.create", item, None, snapshot(item), authority_id=event.authority_id)
    return item


@transaction.atomic
def update_item(actor: User | None, item: AgendaItem, values: dict) -> AgendaItem:
    require(actor, "program.manage_program")
    _check_event(actor, item.event)
    before = snapshot(item)
    for key, value in values.items():
        if key not in ITEM_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(item, key, value)
    _validate_item(item)
    item.save()
    _recompute(item.event)
    item.refresh_from_db()
    log_action(actor, "program.item.update", item, before, snapshot(item), authority_id=item.event.authority_id)
    return item


@transaction.atomic
def delete_item(actor: User | None, item: AgendaItem) -> None:
    require(actor, "program.manage_program")
    _check_event(actor, item.event)
    before = snapshot(item)
    event = item.event
    log_action(actor, "program.item.delete", item, before, None, authority_id=event.authority_id)
    item.delete()
    _recompute(event)


@transaction.atomic
def reorder(actor: User | None, event: Event, ids: list[int]) -> list[AgendaItem]:
    """Put the items in the order of `ids` (drag and drop, or the up/down buttons); refused whole
    when it makes items overlap."""
    require(actor, "program.manage_program")
    _check_event(actor, event)
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
        log_action(actor, "program.agenda.reorder", event, {"order": before}, {"order": ids},
                   authority_id=event.authority_id)
    return result


def move_item(actor: User | None, item: AgendaItem, delta: int) -> list[AgendaItem]:
    ids = list(AgendaItem.objects.filter(event=item.event).order_by("position", "id").values_list("pk", flat=True))
    return reorder(actor, item.event, timing.move(ids, ids.index(item.pk), delta))


def leader_title(title_or_prefix: str, authority_short_name: str) -> str:
    """"PHÓ CHỦ TỊCH" → "Phó Chủ tịch UBND huyện Hớn Quản"; "Q. CHỦ TỊCH" → "Quyền Chủ tịch …"."""
    t = normalise.clean_text(title_or_prefix)
    acting = t.upper().startswith("Q. ")
    for prefix in ("TM. ", "KT. ", "Q. ", "TL. ", "TUQ. "):
        if t.upper().startswith(prefix):
            t = t[len(prefix):]
    words = t.lower().replace("chủ tịch", "Chủ tịch")
    words = ("quyền " + words) if acting else words
    words = words[:1].upper() + words[1:]
    return f"{words} {authority_short_name}".strip()


def _leaders(event: Event) -> list[tuple[str, str]]:
    """(name, title) of the authority's signers, most senior first: the chair, then by order."""
    short = event.authority.short_name
    return [(s.name, leader_title(s.title or s.prefix, short))
            for s in Signer.objects.filter(authority_id=event.authority_id).order_by("-is_chair", "display_order",
                                                                                     "id")]


def _unit(event: Event, code: str) -> Organisation | None:
    return Organisation.objects.filter(authority_id=event.authority_id, code=code).first()


def default_items(event: Event, talk_count: int) -> list[dict]:
    """A typical summary conference (BRIEF §4.2), the seed's two performances included."""
    year = event.closes_year or (event.date.year - 1 if event.date else None)
    nxt = event.launches_year or (year + 1 if year else None)
    y = f" năm {year}" if year else ""
    n = f" năm {nxt}" if nxt else ""
    authority = event.authority
    chair = f"Chủ tịch {authority.short_name}"
    leaders = _leaders(event)
    if leaders:
        chair = f"{leaders[0][0]}, {leaders[0][1]}"
    opening = event.start_time or dt.time(7, 30)
    flag_at = time_of(minutes_of(opening) + 30)
    items = [
        {"kind": ItemKind.RECEPTION, "title": "Đón tiếp đại biểu", "duration_minutes": 20,
         "fixed_start": opening, "in_charge": "Ban Tổ chức",
         "in_charge_unit": _unit(event, "vp-hdnd-ubnd")},
        {"kind": ItemKind.PERFORMANCE, "title": "Chương trình văn nghệ chào mừng", "duration_minutes": 10,
         "in_charge_unit": _unit(event, "tt-vh-tt"), "in_charge": "Đội văn nghệ"},
        {"kind": ItemKind.FLAG, "title": "Chào cờ", "duration_minutes": 5, "fixed_start": flag_at,
         "in_charge": "Người dẫn chương trình"},
        {"kind": ItemKind.INTRO, "title": "Tuyên bố lý do, giới thiệu đại biểu", "duration_minutes": 10,
         "in_charge": "Người dẫn chương trình"},
        {"kind": ItemKind.OPENING, "title": "Phát biểu khai mạc Hội nghị", "duration_minutes": 10, "in_charge": chair},
        {"kind": ItemKind.REPORT, "title": f"Báo cáo tổng kết công tác thi đua, khen thưởng{y}; phương hướng, "
         f"nhiệm vụ{n}", "duration_minutes": 25, "in_charge": "Lãnh đạo Phòng Nội vụ",
         "in_charge_unit": _unit(event, "phong-noi-vu")},
    ]
    for i in range(talk_count):
        items.append({"kind": ItemKind.TALK, "title": f"Tham luận {i + 1}", "duration_minutes": 7})
    items += [
        {"kind": ItemKind.PERFORMANCE, "title": "Tiết mục văn nghệ", "duration_minutes": 5,
         "in_charge_unit": _unit(event, "tt-vh-tt"), "in_charge": "Đội văn nghệ"},
        {"kind": ItemKind.AWARDS, "title": "Công bố quyết định và trao khen thưởng", "duration_minutes": 40,
         "in_charge": "Lãnh đạo huyện; người dẫn chương trình công bố quyết định"},
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
    _check_event(actor, event)
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
    log_action(actor, "program.agenda.default", event, None, {"items": len(items)}, authority_id=event.authority_id)
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


# --- talks -----------------------------------------------------------------------------------------

TRANSITIONS = {
    # action: (from states, to state)
    TalkAction.SUBMIT: ({TalkStatus.INVITED, TalkStatus.SUBMITTED, TalkStatus.RETURNED}, TalkStatus.SUBMITTED),
    TalkAction.RETURN: ({TalkStatus.SUBMITTED, TalkStatus.ACCEPTED}, TalkStatus.RETURNED),
    TalkAction.ACCEPT: ({TalkStatus.SUBMITTED}, TalkStatus.ACCEPTED),
}


def _note(talk: Talk, actor: User | None, action: str, comment: str = "", version: TalkVersion | None = None):
    return TalkNote.objects.create(talk=talk, version=version, action=action, comment=normalise.clean_multiline(comment),
                                   by=recorded_user(actor), by_name=_who(actor), at=clock.now())


@transaction.atomic
def invite_talk(actor: User | None, event: Event, organisation: Organisation, reason: str = "") -> Talk:
    require(actor, "program.manage_program")
    _check_event(actor, event)
    if organisation.authority_id != event.authority_id:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", "organisation")
    if Talk.objects.filter(event=event, organisation=organisation).exists():
        raise ValidationFailed(f"{organisation.name} đã được giao viết tham luận.", "organisation")
    ps = settings_for(event)
    count = Talk.objects.filter(event=event).count()
    if count >= ps.talk_count:
        raise ValidationFailed(f"Đã đủ {ps.talk_count:02d} bài tham luận theo thiết lập; muốn thêm hãy tăng số bài "
                               "tham luận trong phần thiết lập.", "organisation")
    head = Delegate.objects.filter(event=event, organisation=organisation).exclude(full_name="").order_by(
        "category__protocol_order", "display_order", "id").first()
    talk = Talk.objects.create(event=event, organisation=organisation, reason=reason, display_order=count + 1,
                               presenter_name=head.full_name if head else "",
                               presenter_position=head.position if head else "", created_at=clock.now())
    _note(talk, actor, TalkAction.INVITE, reason)
    # a free talk slot in the agenda shows the unit already, with the default length
    slot = AgendaItem.objects.filter(event=event, kind=ItemKind.TALK, talk__isnull=True).order_by("position").first()
    if slot is not None:
        _link_talk(slot, talk)
        slot.save()
    log_action(actor, "program.talk.invite", talk, None, snapshot(talk), note=reason,
               authority_id=event.authority_id)
    return talk


@transaction.atomic
def remove_talk(actor: User | None, talk: Talk) -> None:
    require(actor, "program.manage_program")
    _check_event(actor, talk.event)
    if talk.versions.exists():
        raise ValidationFailed("Đơn vị đã gửi bài; không bỏ được tham luận này.", "talk")
    log_action(actor, "program.talk.remove", talk, snapshot(talk), None, authority_id=talk.event.authority_id)
    talk.delete()


TALK_INFO_FIELDS = ("title", "presenter_name", "presenter_position")


def _check_talk_access(actor: User | None, talk: Talk, perm: str) -> None:
    require(actor, perm, talk)
    _check_event(actor, talk.event)
    if actor is not None and not actor.is_superuser:
        scope_for(actor).check_unit(talk.organisation_id)


@transaction.atomic
def update_talk_info(actor: User | None, talk: Talk, values: dict) -> Talk:
    _check_talk_access(actor, talk, "program.submit_talk")
    before = snapshot(talk)
    for key, value in values.items():
        if key not in TALK_INFO_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(talk, key, value)
    talk.save()
    for item in AgendaItem.objects.filter(talk=talk):
        _link_talk(item, talk)
        item.save()
    log_action(actor, "program.talk.update", talk, before, snapshot(talk), authority_id=talk.event.authority_id)
    return talk


def _submit(actor: User | None, talk: Talk, text: str, source: str, filename: str = "", content_type: str = "",
            data: bytes | None = None) -> TalkVersion:
    _check_talk_access(actor, talk, "program.submit_talk")
    if talk.status == TalkStatus.ACCEPTED:
        raise ValidationFailed("Bài đã được duyệt; muốn sửa, đề nghị người thẩm định trả lại bài.", "text")
    text = normalise.clean_multiline(text)
    words = talkcheck.word_count(text)
    if not words:
        raise ValidationFailed("Nội dung tham luận trống.", "text")
    ps = settings_for(talk.event)
    before = snapshot(talk)
    number = (talk.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    minutes = talkcheck.speaking_minutes(words, ps.words_per_minute)
    version = TalkVersion(talk=talk, number=number, source=source, filename=filename, content_type=content_type,
                          size=len(data) if data else len(text.encode()), text=text, word_count=words, minutes=minutes,
                          created_at=clock.now(), created_by=recorded_user(actor), created_by_name=_who(actor))
    version.save()
    if data is not None:
        folder = Path(django_settings.MEDIA_ROOT) / "program" / "talks"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{talk.pk}-{version.number}{extract.EXTENSIONS[content_type]}"
        target.write_bytes(data)
        version.path = str(target.relative_to(Path(django_settings.MEDIA_ROOT)))
        version.save(update_fields=["path"])
    talk.status = TRANSITIONS[TalkAction.SUBMIT][1]
    talk.word_count, talk.minutes, talk.submitted_at = words, minutes, clock.now()
    talk.save()
    _note(talk, actor, TalkAction.SUBMIT, f"Bản {number}: {words} chữ, khoảng {minutes:.1f} phút".replace(".", ","),
          version)
    log_action(actor, "program.talk.submit", talk, before, snapshot(talk), note=f"bản {number}",
               authority_id=talk.event.authority_id)
    return version


@transaction.atomic
def submit_text(actor: User | None, talk: Talk, text: str) -> TalkVersion:
    return _submit(actor, talk, text, TalkSource.TYPED)


@transaction.atomic
def submit_file(actor: User | None, talk: Talk, filename: str, data: bytes) -> TalkVersion:
    _check_talk_access(actor, talk, "program.submit_talk")
    try:
        content_type, text = extract.extract(data, django_settings.UPLOAD_MAX_BYTES)
    except extract.ExtractError as exc:
        raise ValidationFailed(str(exc), "file") from None
    name = re.sub(r"[^\w.\- ]+", "_", normalise.clean_text(Path(filename or "tham-luan").name))[:150] or "tham-luan"
    return _submit(actor, talk, text, TalkSource.UPLOAD, name, content_type, data)


def version_file(version: TalkVersion) -> Path | None:
    return uploads.stored_file(version.path)


@transaction.atomic
def review_talk(actor: User | None, talk: Talk, action: str, comment: str = "") -> Talk:
    """Return (with a comment), accept, or only comment. Accepting slots the talk into the agenda."""
    require(actor, "program.review_talk", talk)
    _check_event(actor, talk.event)
    comment = normalise.clean_multiline(comment)
    version = talk.versions.order_by("-number").first()
    if action == TalkAction.COMMENT:
        if not comment:
            raise ValidationFailed("Nhập ý kiến góp ý.", "comment")
        _note(talk, actor, action, comment, version)
        log_action(actor, "program.talk.comment", talk, None, None, note=comment, authority_id=talk.event.authority_id)
        return talk
    if action not in (TalkAction.RETURN, TalkAction.ACCEPT):
        raise ValidationFailed("Thao tác không hợp lệ.", "action")
    sources, target = TRANSITIONS[action]
    if talk.status not in sources:
        raise ValidationFailed(f"Bài đang ở trạng thái “{talk.get_status_display()}”; không thể "
                               f"{TalkAction(action).label.lower()}.", "action")
    if action == TalkAction.RETURN and not comment:
        raise ValidationFailed("Trả lại bài cần ghi rõ ý kiến để đơn vị sửa.", "comment")
    before = snapshot(talk)
    talk.status, talk.decided_at, talk.decided_by = target, clock.now(), recorded_user(actor)
    talk.save()
    _note(talk, actor, action, comment, version)
    if action == TalkAction.ACCEPT:
        _slot_talk(talk)
    log_action(actor, f"program.talk.{action}", talk, before, snapshot(talk), note=comment,
               authority_id=talk.event.authority_id)
    return talk


@transaction.atomic
def remind_late(actor: User | None, event: Event) -> list[Talk]:
    """Remind the units that have not sent their talk (or not sent back a returned one): a note on
    each talk and, when the unit has an e-mail address, a draft in the event's outbox for a person to
    approve."""
    require(actor, "program.manage_program")
    _check_event(actor, event)
    ps = settings_for(event)
    late = list(Talk.objects.filter(event=event, status__in=[TalkStatus.INVITED, TalkStatus.RETURNED])
                .select_related("organisation"))
    deadline = f" trước ngày {short_date(ps.talk_deadline)}" if ps.talk_deadline else ""
    now = clock.now()
    for talk in late:
        what = "bài tham luận đã sửa" if talk.status == TalkStatus.RETURNED else "bài tham luận"
        body = (f"Kính gửi {talk.organisation.name},\n\nThực hiện kế hoạch tổ chức {event.title}, đơn vị được giao "
                f"trình bày tham luận ({talk.reason or 'đơn vị tiêu biểu'}). Đến nay Thường trực Hội đồng chưa nhận được "
                f"{what} của đơn vị. Đề nghị đơn vị gửi{deadline} để thẩm định và chuẩn bị tài liệu hội nghị. "
                f"Thời lượng mỗi bài từ {ps.talk_min_minutes:02d} đến {ps.talk_max_minutes:02d} phút; nội dung không "
                "viết theo dạng báo cáo thành tích mà tập trung vào thuận lợi, khó khăn, bài học kinh nghiệm và giải "
                "pháp.\n\nTrân trọng.")
        if talk.organisation.email:
            OutboxMail.objects.create(event=event, to=talk.organisation.email,
                                      subject=f"Nhắc gửi bài tham luận – {event.title}"[:250], body=body,
                                      created_at=now, created_by=recorded_user(actor))
        talk.reminded_at, talk.reminder_count = now, talk.reminder_count + 1
        talk.save(update_fields=["reminded_at", "reminder_count"])
        _note(talk, actor, TalkAction.REMIND, body)
        log_action(actor, "program.talk.remind", talk, None, None, note=talk.organisation.name,
                   authority_id=event.authority_id)
    return late


# --- award batches ---------------------------------------------------------------------------------


def _representative(event: Event, organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    d = (Delegate.objects.filter(event=event, organisation=organisation).exclude(reply_status="declined")
         .exclude(full_name="").order_by("category__protocol_order", "display_order", "id").first())
    if d is None:
        return ""
    name = d.attendee_name
    position = d.substitute_position if d.reply_status == "substitute" else d.position
    return f"{name}, {position}" if position else name


@transaction.atomic
def build_batches(actor: User | None, event: Event, recipients: list | None = None) -> list[AwardBatch]:
    """(Re)build the batches from the issued decisions (awards.queries.decided_recipients), the
    highest form first, at most `stage_size` people per batch, presenters by seniority."""
    from thidua.awards.queries import decided_recipients

    require(actor, "program.manage_program")
    _check_event(actor, event)
    ps = settings_for(event)
    if recipients is None:
        year = event.closes_year
        date_from = dt.date(year, 1, 1) if year else None
        recipients = decided_recipients(event.authority, date_from, event.date)
    if not recipients:
        raise ValidationFailed("Chưa có quyết định khen thưởng nào đã ban hành cho năm này để lập các đợt trao thưởng.",
                               "batches")
    before = {"batches": AwardBatch.objects.filter(event=event).count()}
    AgendaItem.objects.filter(event=event, batch__isnull=False).update(batch=None)
    AwardBatch.objects.filter(event=event).delete()
    entries = [batching.Entry(f"{r.rank}:{r.decision_id}:{r.award.pk}", r.rank, r.kind) for r in recipients]
    groups = batching.make_batches(entries, ps.stage_size)
    leaders = _leaders(event)
    presenters = batching.assign_presenters(len(groups), len(leaders))
    reps: dict[int, str] = {}
    batches, members = [], []
    for pos, group in enumerate(groups, start=1):
        first = recipients[group[0]]
        name, title = leaders[presenters[pos - 1]] if leaders else ("", "")
        batch = AwardBatch.objects.create(
            event=event, position=pos, award_name=first.award_name, award_rank=first.rank,
            decision_id=first.decision_id, decision_number=first.decision_number, decision_date=first.decision_date,
            decision_issuer=_issuer(first), presenter_name=name, presenter_position=title)
        batches.append(batch)
        for stand, idx in enumerate(group, start=1):
            r = recipients[idx]
            rep = ""
            if r.kind != "individual" and r.organisation is not None:
                if r.organisation.pk not in reps:
                    reps[r.organisation.pk] = _representative(event, r.organisation)
                rep = reps[r.organisation.pk]
            unit = r.organisation.name if (r.organisation is not None and r.kind == "individual") else ""
            members.append(BatchMember(batch=batch, position=stand, kind=r.kind, name=r.name, title=r.position,
                                       unit_name=unit, representative=rep, organisation=r.organisation,
                                       person=r.person))
    BatchMember.objects.bulk_create(members)
    log_action(actor, "program.batches.build", event, before,
               {"batches": len(batches), "recipients": len(members), "stage_size": ps.stage_size},
               authority_id=event.authority_id)
    return batches


def _issuer(r) -> str:
    from thidua.awards.models import Decision

    d = Decision.objects.filter(pk=r.decision_id).only("issuer").first()
    return d.issuer if d else ""


@transaction.atomic
def update_batch(actor: User | None, batch: AwardBatch, presenter_name: str, presenter_position: str) -> AwardBatch:
    require(actor, "program.manage_program")
    _check_event(actor, batch.event)
    before = snapshot(batch)
    batch.presenter_name, batch.presenter_position = presenter_name, presenter_position
    batch.save()
    log_action(actor, "program.batch.update", batch, before, snapshot(batch), authority_id=batch.event.authority_id)
    return batch


@transaction.atomic
def move_member(actor: User | None, member: BatchMember, target: AwardBatch) -> BatchMember:
    """Move a recipient to another batch of the same form; refused when that batch is full."""
    require(actor, "program.manage_program")
    source = member.batch
    _check_event(actor, source.event)
    if target.event_id != source.event_id:
        raise ValidationFailed("Đợt trao thưởng thuộc hội nghị khác.", "batch")
    if target.pk == source.pk:
        return member
    if (target.decision_id, target.award_name) != (source.decision_id, source.award_name):
        raise ValidationFailed(f"Đợt {target.position} trao “{target.award_name}”, khác hình thức của "
                               f"{member.name}.", "batch")
    stage = settings_for(source.event).stage_size
    count = target.members.count()
    if count + 1 > stage:
        raise ValidationFailed(f"Đợt {target.position} đã có {count} người; sân khấu chỉ đủ {stage} người mỗi đợt. "
                               f"Không chuyển được {member.name}.", "batch")
    before = snapshot(member)
    member.batch, member.position = target, count + 1
    member.save()
    for pos, m in enumerate(source.members.order_by("position", "id"), start=1):
        if m.position != pos:
            m.position = pos
            m.save(update_fields=["position"])
    log_action(actor, "program.member.move", member, before, snapshot(member), authority_id=source.event.authority_id)
    return member


def check_batch_sizes(event: Event) -> list[str]:
    """Messages for batches larger than the stage (kept in case the setting changed by hand)."""
    stage = settings_for(event).stage_size
    return [f"Đợt {b.position} có {b.n} người, nhiều hơn {stage} chỗ trên sân khấu."
            for b in AwardBatch.objects.filter(event=event).annotate(n=Count("members")) if b.n > stage]


# --- projector -------------------------------------------------------------------------------------


def _projector_save(actor: User | None, ps: ProgramSettings, before: dict, code: str) -> ProgramSettings:
    ps.projector_version += 1
    ps.save()
    log_action(actor, code, ps, before, snapshot(ps), authority_id=ps.event.authority_id)
    return ps


def remaining_seconds(ps: ProgramSettings, now: dt.datetime | None = None) -> int:
    if ps.timer_ends_at is not None:
        now = now or clock.now()
        return max(0, int(round((ps.timer_ends_at - now).total_seconds())))
    if ps.timer_remaining is not None:
        return ps.timer_remaining
    return ps.timer_total


@transaction.atomic
def projector_show(actor: User | None, event: Event, item: AgendaItem | None = None,
                   batch: AwardBatch | None = None, note: str | None = None) -> ProgramSettings:
    """Show an agenda item (and its batch) on the projector; a talk's timer is set to its length."""
    require(actor, "program.operate_projector")
    _check_event(actor, event)
    ps = ProgramSettings.objects.select_for_update().get(pk=settings_for(event).pk)
    before = snapshot(ps)
    if item is not None and item.event_id != event.pk or batch is not None and batch.event_id != event.pk:
        raise ValidationFailed("Mục hoặc đợt thuộc hội nghị khác.", "item")
    if item is None and batch is None and note is not None:
        ps.projector_note = note
        return _projector_save(actor, ps, before, "program.projector.note")
    ps.current_item = item
    ps.current_batch = batch or (item.batch if item is not None and item.batch_id else None)
    if note is not None:
        ps.projector_note = note
    if item is not None:
        minutes = item.duration_minutes
        if item.talk_id and item.talk.minutes:
            minutes = min(item.duration_minutes, ps.talk_max_minutes) if item.kind == ItemKind.TALK else minutes
        ps.timer_total, ps.timer_ends_at, ps.timer_remaining = minutes * 60, None, None
    return _projector_save(actor, ps, before, "program.projector.show")


@transaction.atomic
def timer(actor: User | None, event: Event, action: str, seconds: int | None = None) -> ProgramSettings:
    """start (from the full length or `seconds`), pause, resume, reset: a running countdown stores its
    end time, a paused one the seconds left."""
    require(actor, "program.operate_projector")
    _check_event(actor, event)
    ps = ProgramSettings.objects.select_for_update().get(pk=settings_for(event).pk)
    before = snapshot(ps)
    now = clock.now()
    if action == "start":
        if seconds is not None:
            if not 0 < seconds <= 8 * 3600:
                raise ValidationFailed("Thời gian đếm ngược phải từ 1 giây đến 8 giờ.", "seconds")
            ps.timer_total = seconds
        if not ps.timer_total:
            raise ValidationFailed("Chưa đặt thời gian cho đồng hồ.", "seconds")
        ps.timer_ends_at, ps.timer_remaining = now + dt.timedelta(seconds=ps.timer_total), None
    elif action == "pause":
        if ps.timer_ends_at is None:
            raise ValidationFailed("Đồng hồ không chạy.", "timer")
        ps.timer_remaining, ps.timer_ends_at = remaining_seconds(ps, now), None
    elif action == "resume":
        if ps.timer_remaining is None:
            raise ValidationFailed("Đồng hồ không ở trạng thái tạm dừng.", "timer")
        ps.timer_ends_at, ps.timer_remaining = now + dt.timedelta(seconds=ps.timer_remaining), None
    elif action == "reset":
        ps.timer_ends_at, ps.timer_remaining = None, None
    else:
        raise ValidationFailed("Thao tác đồng hồ không hợp lệ.", "timer")
    return _projector_save(actor, ps, before, f"program.timer.{action}")
