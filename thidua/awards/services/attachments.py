"""A proposal's files (tờ trình, báo cáo thành tích…): checked by content, kept in the default storage
under `awards/attachments/`, served only by the permission-checked view."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from thidua import clock
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require

from .. import states
from ..models import ATTACHMENT_KINDS, Attachment, AttachmentKind, Proposal


def _logged(att: Attachment) -> dict:
    """The row for the audit log, its file by its stored name."""
    return {**snapshot(att), "file": att.file.name}


@transaction.atomic
def add_attachment(actor: User | None, p: Proposal, kind: str, filename: str, data: bytes) -> Attachment:
    require(actor, "awards.edit_proposal", p)
    check_authority(actor, p.authority_id)
    if p.status not in states.EDITABLE:
        raise ValidationFailed("Chỉ đính kèm được vào hồ sơ đang soạn hoặc bị trả lại.", "file")
    if kind not in AttachmentKind.values:
        raise ValidationFailed("Loại tài liệu không hợp lệ.", "kind")
    content_type = uploads.TYPES[uploads.check_upload(data, filename, ATTACHMENT_KINDS)]
    name = uploads.safe_filename(filename)
    att = Attachment(proposal=p, kind=kind, filename=name, content_type=content_type, size=len(data),
                     uploaded_by=recorded_user(actor), uploaded_at=clock.now())
    att.save()
    att.file.save(f"{p.pk}-{att.pk}", ContentFile(data), save=False)
    att.save(update_fields=["file"])
    log_action(actor, "awards.attachment.add", p, None, _logged(att), note=name)
    return att


def attachment_data(att: Attachment) -> bytes | None:
    """The stored bytes of an attachment, or None when its file is missing."""
    return uploads.stored_bytes(att.file)


@transaction.atomic
def remove_attachment(actor: User | None, att: Attachment) -> None:
    p = att.proposal
    require(actor, "awards.edit_proposal", p)
    if p.status not in states.EDITABLE:
        raise ValidationFailed("Chỉ xóa được tệp của hồ sơ đang soạn hoặc bị trả lại.")
    before = _logged(att)
    stored = att.file.name
    storage = att.file.storage
    att.delete()
    if stored:
        storage.delete(stored)
    log_action(actor, "awards.attachment.remove", p, before, None)
