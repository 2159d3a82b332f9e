"""The approval outbox (pretalx's shape): e-mails the system drafts, which a person reads and then sends
or discards. Each app keeps its drafts in its own table, linked to what they are about (an event's
delegate in `events.OutboxMail`, a task in `logistics.TaskMail`); their fields, their states and the
sending are here, once. Permission and authority are checked by the app's service before it calls
`send` or `discard`; the audit entry takes the mail's own authority (`authority_id` is no longer read,
kept only until the callers stop passing it)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import models, transaction

from thidua import clock

from .audit import log_action, recorded_user, snapshot
from .models import User
from .services import ValidationFailed


class MailStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SENT = "sent", "Đã gửi"
    DISCARDED = "discarded", "Đã bỏ"
    FAILED = "failed", "Gửi lỗi"


class Mail(models.Model):
    """A drafted e-mail and what became of it."""

    to = models.EmailField("Gửi đến")
    subject = models.CharField("Tiêu đề", max_length=250)
    body = models.TextField("Nội dung")
    status = models.CharField("Trạng thái", max_length=10, choices=MailStatus.choices, default=MailStatus.DRAFT)
    created_at = models.DateTimeField("Tạo lúc")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    sent_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.CharField(max_length=250, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"



def _draft(mail: Mail, message: str) -> Mail:
    """The mail's row, locked: two people pressing "send" on the same draft send it once."""
    locked = type(mail).objects.select_for_update(of=("self",)).get(pk=mail.pk)
    if locked.status != MailStatus.DRAFT:
        raise ValidationFailed(message, "status")
    return locked


@transaction.atomic
def send(actor: User | None, mail: Mail, *, action: str, authority_id: int | None = None) -> Mail:
    """A person approved the draft: send it now (Django e-mail; the console backend in the demo). A
    failure is kept on the mail with the server's message, for the person to see."""
    mail = _draft(mail, "Thư này đã được gửi hoặc đã bỏ.")
    before = snapshot(mail)
    try:
        EmailMessage(mail.subject, mail.body, to=[mail.to]).send()
    except Exception as exc:  # noqa: BLE001 — the mail server's error is shown to the person who sent it
        mail.status, mail.error = MailStatus.FAILED, str(exc)[:250]
    else:
        mail.status, mail.error = MailStatus.SENT, ""
    mail.sent_at, mail.sent_by = clock.now(), recorded_user(actor)
    mail.save()
    log_action(actor, action, mail, before, snapshot(mail))
    return mail


@transaction.atomic
def discard(actor: User | None, mail: Mail, *, action: str, authority_id: int | None = None) -> Mail:
    mail = _draft(mail, "Chỉ bỏ được thư nháp.")
    before = snapshot(mail)
    mail.status = MailStatus.DISCARDED
    mail.save()
    log_action(actor, action, mail, before, snapshot(mail))
    return mail
