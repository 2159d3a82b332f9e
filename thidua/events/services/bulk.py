"""Bulk actions on the delegate list (#20): one call per action for the rows ticked on the page, in one
transaction and one audit entry for the whole action, each delegate going through the very service that
changes it one at a time (its own permission, checks and audit). A delegate the action cannot apply to
is left as it is and reported with the reason, in Vietnamese; the others are done."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.orgs.audit import log_action
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require

from ..models import Delegate, DelegateCategory, Event, ReplyStatus, present
from .delegates import remove_delegate, revoke_invitation, update_delegate
from .replies import record_reply

ACTIONS = {
    "category": "Đổi thành phần",
    "accepted": "Ghi nhận tham dự",
    "declined": "Ghi nhận vắng",
    "revoke": "Thu hồi giấy mời",
    "delete": "Xóa đại biểu chưa trả lời",
}


@dataclass
class BulkResult:
    action: str
    done: list[int] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (delegate, reason)

    @property
    def label(self) -> str:
        return ACTIONS[self.action]


def _delete_draft(actor: User | None, delegate: Delegate) -> None:
    """Only a delegate nobody has answered for and who has not checked in is deleted."""
    if delegate.reply_status != ReplyStatus.PENDING:
        raise ValidationFailed(f"đã trả lời ({delegate.get_reply_status_display().lower()}); chỉ xóa đại biểu "
                               "chưa trả lời, hoặc thu hồi giấy mời.")
    if Delegate.objects.filter(pk=delegate.pk).filter(present()).exists():
        raise ValidationFailed("đã điểm danh.")
    remove_delegate(actor, delegate)


@transaction.atomic
def bulk_delegates(actor: User | None, event: Event, ids: list[int], action: str,
                   category: DelegateCategory | None = None) -> BulkResult:
    if action not in ACTIONS:
        raise ValidationFailed("Thao tác không hợp lệ.", "action")
    require(actor, "events.view_delegates")
    check_authority(actor, event.authority_id)
    if not ids:
        raise ValidationFailed("Chưa chọn đại biểu nào.", "ids")
    if action == "category" and (category is None or category.event_id != event.pk):
        raise ValidationFailed("Chọn thành phần mới.", "category")
    rows = list(Delegate.objects.filter(event=event, pk__in=ids).select_related("event__authority", "category",
                                                                                  "organisation"))
    if len(rows) != len(set(ids)):
        raise ValidationFailed("Có đại biểu không thuộc hội nghị này.", "ids")
    result = BulkResult(action)
    for d in sorted(rows, key=lambda r: ids.index(r.pk)):
        pk = d.pk  # a deleted row loses its pk
        try:
            with transaction.atomic():  # one refused row is rolled back alone
                if d.revoked and action != "delete":
                    raise ValidationFailed("giấy mời đã bị thu hồi.")
                if action == "category":
                    if d.category_id == category.pk:
                        raise ValidationFailed(f"đã thuộc thành phần {category.code}).")
                    update_delegate(actor, d, {"category": category})
                elif action in (ReplyStatus.ACCEPTED, ReplyStatus.DECLINED):
                    record_reply(actor, d, action, "phone", note="Ghi nhận hàng loạt từ danh sách đại biểu")
                elif action == "revoke":
                    revoke_invitation(actor, d, "Thu hồi hàng loạt từ danh sách đại biểu")
                else:
                    _delete_draft(actor, d)
            result.done.append(pk)
        except ValidationFailed as exc:
            result.refused.append((d.display_name, exc.message))
        except PermissionDenied:
            result.refused.append((d.display_name, "bạn không có quyền với đại biểu này."))
    log_action(actor, "events.delegate.bulk", event, None,
               {"action": action, "done": result.done, "refused": [name for name, _ in result.refused],
                **({"category": category.code} if category else {})},
               note=f"{result.label}: {len(result.done)} đại biểu")
    return result
