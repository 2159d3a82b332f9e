"""Replies to an invitation: recorded by staff, or given once through the personal link."""

from __future__ import annotations

from django.db import transaction

from thidua import clock
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise
from thidua.vn.dates import numeric_date

from .. import states
from ..models import Delegate, Reply, ReplyChannel, ReplyStatus

# --- replies -------------------------------------------------------------------------------

def link_expired_message(event) -> str:
    """What a delegate whose reply link has expired reads, with whom to contact."""
    who = event.contact or f"văn phòng {event.authority.name}"
    return (f"Đường dẫn trả lời giấy mời dự {event.title} đã hết hạn (dùng được đến hết ngày "
            f"{numeric_date(event.reply_link_closes_on)}). Nếu cần báo hoặc thay đổi việc tham dự, xin liên hệ "
            f"ban tổ chức: {who}.")


def _apply_reply(delegate: Delegate, status: str, channel: str, substitute_name: str, substitute_position: str,
                 note: str, actor: User | None) -> Reply:
    if channel not in ReplyChannel.values:
        raise ValidationFailed("Hình thức trả lời không hợp lệ.", "channel")
    now = clock.now()
    if status != ReplyStatus.SUBSTITUTE:
        substitute_name = substitute_position = ""
    delegate.reply_status = status
    delegate.replied_at = now if status != ReplyStatus.PENDING else None
    delegate.substitute_name = substitute_name
    delegate.substitute_position = substitute_position
    delegate.save()
    return Reply.objects.create(
        delegate=delegate, status=status, channel=channel, substitute_name=delegate.substitute_name,
        substitute_position=delegate.substitute_position, note=normalise.clean_multiline(note),
        recorded_by=recorded_user(actor),
        recorded_by_name=actor.display if actor is not None else ("đại biểu" if channel == "link" else "hệ thống"),
        at=now)


@transaction.atomic
def record_reply(actor: User | None, delegate: Delegate, status: str, channel: str, substitute_name: str = "",
                 substitute_position: str = "", note: str = "") -> Reply:
    """Staff record an answer that came by phone, letter, in person…"""
    require(actor, "events.record_reply", delegate)
    check_authority(actor, delegate.event.authority_id)
    delegate = Delegate.objects.select_for_update().select_related("event").get(pk=delegate.pk)
    substitute_name = normalise.clean_text(substitute_name)
    if error := states.reply_error(delegate.reply_status, status, substitute_name):
        raise ValidationFailed(error, "substitute_name" if "thay" in error else "status")
    before = snapshot(delegate)
    reply = _apply_reply(delegate, status, channel, substitute_name, normalise.clean_text(substitute_position),
                         note, actor)
    log_action(actor, "events.delegate.reply", delegate, before, snapshot(delegate),
               note=f"{reply.get_channel_display()}: {reply.get_status_display()}")
    return reply


@transaction.atomic
def reply_by_link(delegate: Delegate, status: str, substitute_name: str = "", substitute_position: str = "",
                  note: str = "") -> Reply:
    """The delegate answers through their personal link: once only (a second use changes nothing)."""
    delegate = Delegate.objects.select_for_update().select_related("event").get(pk=delegate.pk)
    if delegate.revoked:
        raise ValidationFailed("Giấy mời này đã bị thu hồi.", "status")
    if delegate.event.reply_link_expired(clock.today()):
        raise ValidationFailed(link_expired_message(delegate.event), "status")
    substitute_name = normalise.clean_text(substitute_name)
    if error := states.reply_error(delegate.reply_status, status, substitute_name, by_link=True):
        raise ValidationFailed(error, "substitute_name" if "thay" in error else "status")
    before = snapshot(delegate)
    reply = _apply_reply(delegate, status, ReplyChannel.LINK, substitute_name,
                         normalise.clean_text(substitute_position), note, None)
    log_action(None, "events.delegate.reply", delegate, before, snapshot(delegate),
               note="Trả lời qua đường dẫn cá nhân")
    return reply
