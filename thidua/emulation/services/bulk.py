"""Bulk decisions on the covenant list (#20): accept or return the ticked registrations in one call, one
transaction and one audit entry for the action; each covenant goes through `transition_covenant` (its
permission, its state rule, its own audit) in a savepoint, and one that cannot move is reported with the
reason in Vietnamese while the others are done."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.orgs.audit import log_action
from thidua.orgs.services import ValidationFailed, check_authority, require

from ..models import Covenant, CovenantStatus, Cycle
from .covenants import transition_covenant

ACTIONS = {CovenantStatus.ACCEPTED: "Chấp nhận bản đăng ký", CovenantStatus.RETURNED: "Trả lại bản đăng ký"}


@dataclass
class BulkResult:
    action: str
    done: list[int] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ACTIONS[self.action]


@transaction.atomic
def bulk_covenants(actor, cycle: Cycle, ids: list[int], action: str, note: str = "") -> BulkResult:
    if action not in ACTIONS:
        raise ValidationFailed("Thao tác không hợp lệ.", "action")
    require(actor, "emulation.decide_covenant")
    check_authority(actor, cycle.authority_id)
    if not ids:
        raise ValidationFailed("Chưa chọn bản đăng ký nào.", "ids")
    if action == CovenantStatus.RETURNED and not note.strip():
        raise ValidationFailed("Cần ghi ý kiến khi trả lại bản đăng ký.", "note")
    rows = list(Covenant.objects.filter(cycle=cycle, pk__in=ids).select_related("organisation", "cycle"))
    if len(rows) != len(set(ids)):
        raise ValidationFailed("Có bản đăng ký không thuộc năm thi đua này.", "ids")
    result = BulkResult(action)
    for cov in sorted(rows, key=lambda c: ids.index(c.pk)):
        try:
            with transaction.atomic():
                transition_covenant(actor, cov, action, note)
            result.done.append(cov.pk)
        except ValidationFailed as exc:
            result.refused.append((cov.organisation.name, exc.message))
        except PermissionDenied:
            result.refused.append((cov.organisation.name, "Bạn không có quyền với bản đăng ký này."))
    log_action(actor, "emulation.covenant.bulk", cycle, None,
               {"action": action, "done": result.done, "refused": [name for name, _ in result.refused]},
               note=f"{result.label}: {len(result.done)} bản")
    return result
