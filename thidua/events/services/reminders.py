"""Reminder e-mails to delegates who have not answered: drafted here, read and approved by a person."""

from __future__ import annotations

from django.db import transaction

from thidua import clock
from thidua.orgs import outbox
from thidua.orgs.audit import log_action, recorded_user
from thidua.orgs.models import User
from thidua.orgs.outbox import MailStatus
from thidua.orgs.services import check_authority, require

from .. import tokens
from ..models import Delegate, Event, OutboxMail, ReplyStatus
from ..wording import when_where

# --- reminders outbox ----------------------------------------------------------------------

@transaction.atomic
def draft_reminders(actor: User | None, event: Event, site: str) -> list[OutboxMail]:
    """A draft e-mail for every delegate who has not answered and has an address (one per delegate)."""
    require(actor, "events.send_reminders")
    check_authority(actor, event.authority_id)
    pending = Delegate.objects.filter(event=event, reply_status=ReplyStatus.PENDING, revoked=False).exclude(
        email="").select_related("organisation")
    drafted = set(OutboxMail.objects.filter(event=event, status=MailStatus.DRAFT).values_list("delegate_id",
                                                                                                flat=True))
    out = []
    for d in pending:
        if d.pk in drafted:
            continue
        body = (f"Kính gửi {d.addressee},\n\n"
                f"{event.authority.name} đã gửi Giấy mời dự {event.title} ({when_where(event)}).\n"
                f"Đến nay chúng tôi chưa nhận được trả lời của {d.salutation if not d.is_placeholder else 'đơn vị'}."
                f" Xin vui lòng cho biết có tham dự hay cử người dự thay qua đường dẫn sau:\n"
                f"{tokens.reply_url(d, site)}\n\n"
                f"Trân trọng.\n{event.contact}")
        out.append(OutboxMail.objects.create(event=event, delegate=d, to=d.email,
                                             subject=f"Nhắc trả lời giấy mời: {event.title}"[:250], body=body,
                                             created_at=clock.now(), created_by=recorded_user(actor)))
    log_action(actor, "events.reminder.draft", event, None, {"drafted": len(out)})
    return out


def send_mail(actor: User | None, mail: OutboxMail) -> OutboxMail:
    """A person approved the draft: send it now (`thidua.orgs.outbox.send`)."""
    require(actor, "events.send_reminders")
    check_authority(actor, mail.event.authority_id)
    return outbox.send(actor, mail, action="events.reminder.send")


def discard_mail(actor: User | None, mail: OutboxMail) -> OutboxMail:
    require(actor, "events.send_reminders")
    check_authority(actor, mail.event.authority_id)
    return outbox.discard(actor, mail, action="events.reminder.discard")
