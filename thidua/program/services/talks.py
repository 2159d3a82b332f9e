"""Contributed talks (tham luận): invitation, versions sent as text or file, review, reminders."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from thidua import clock
from thidua.events.models import Delegate, Event, OutboxMail
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation, User
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise
from thidua.vn.dates import short_date
from thidua.vn.money import format_number

from .. import extract, talkcheck
from ..models import (
    AgendaItem,
    ItemKind,
    Talk,
    TalkAction,
    TalkNote,
    TalkSource,
    TalkStatus,
    TalkVersion,
)
from ..states import TRANSITIONS
from .agenda import _link_talk, _slot_talk
from .base import _who, settings_for


def _note(talk: Talk, actor: User | None, action: str, comment: str = "", version: TalkVersion | None = None):
    return TalkNote.objects.create(talk=talk, version=version, action=action, comment=normalise.clean_multiline(comment),
                                   by=recorded_user(actor), by_name=_who(actor), at=clock.now())


@transaction.atomic
def invite_talk(actor: User | None, event: Event, organisation: Organisation, reason: str = "") -> Talk:
    require(actor, "program.manage_program")
    check_authority(actor, event)
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
    log_action(actor, "program.talk.invite", talk, None, snapshot(talk), note=reason)
    return talk


@transaction.atomic
def remove_talk(actor: User | None, talk: Talk) -> None:
    require(actor, "program.manage_program")
    check_authority(actor, talk.event)
    if talk.versions.exists():
        raise ValidationFailed("Đơn vị đã gửi bài; không bỏ được tham luận này.", "talk")
    log_action(actor, "program.talk.remove", talk, snapshot(talk), None)
    talk.delete()


TALK_INFO_FIELDS = ("title", "presenter_name", "presenter_position")


def _check_talk_access(actor: User | None, talk: Talk, perm: str) -> None:
    require(actor, perm, talk)
    check_authority(actor, talk.event)
    if actor is not None and not actor.is_superuser:
        scope_for(actor).check_unit(talk.organisation_id)


@transaction.atomic
def update_talk_info(actor: User | None, talk: Talk, values: dict) -> Talk:
    _check_talk_access(actor, talk, "program.submit_talk")
    before = snapshot(talk)
    apply_fields(talk, values, TALK_INFO_FIELDS)
    talk.save()
    for item in AgendaItem.objects.filter(talk=talk):
        _link_talk(item, talk)
        item.save()
    log_action(actor, "program.talk.update", talk, before, snapshot(talk))
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
    if data is not None:
        version.file.save(f"{talk.pk}-{number}{extract.EXTENSIONS[content_type]}", ContentFile(data), save=False)
    version.save()
    talk.status = TRANSITIONS[TalkAction.SUBMIT][1]
    talk.word_count, talk.minutes, talk.submitted_at = words, minutes, clock.now()
    talk.save()
    _note(talk, actor, TalkAction.SUBMIT, f"Bản {number}: {words} chữ, khoảng {format_number(minutes, 1)} phút",
          version)
    log_action(actor, "program.talk.submit", talk, before, snapshot(talk), note=f"bản {number}")
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
    name = uploads.safe_filename(filename, default="tham-luan")
    return _submit(actor, talk, text, TalkSource.UPLOAD, name, content_type, data)


def version_file(version: TalkVersion) -> bytes | None:
    """The bytes of the file a version was sent as, or None (typed in, or the file is gone)."""
    return uploads.stored_bytes(version.file)


@transaction.atomic
def review_talk(actor: User | None, talk: Talk, action: str, comment: str = "") -> Talk:
    """Return (with a comment), accept, or only comment. Accepting slots the talk into the agenda."""
    require(actor, "program.review_talk", talk)
    check_authority(actor, talk.event)
    comment = normalise.clean_multiline(comment)
    version = talk.versions.order_by("-number").first()
    if action == TalkAction.COMMENT:
        if not comment:
            raise ValidationFailed("Nhập ý kiến góp ý.", "comment")
        _note(talk, actor, action, comment, version)
        log_action(actor, "program.talk.comment", talk, None, None, note=comment)
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
    log_action(actor, f"program.talk.{action}", talk, before, snapshot(talk), note=comment)
    return talk


@transaction.atomic
def remind_late(actor: User | None, event: Event) -> list[Talk]:
    """Remind the units that have not sent their talk (or not sent back a returned one): a note on
    each talk and, when the unit has an e-mail address, a draft in the event's outbox for a person to
    approve."""
    require(actor, "program.manage_program")
    check_authority(actor, event)
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
        log_action(actor, "program.talk.remind", talk, None, None, note=talk.organisation.name)
    return late

