"""The proposal (hồ sơ đề nghị khen thưởng) states and the one table of allowed transitions. Pure."""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, SUBMITTED, RETURNED, ACCEPTED, COUNCIL, APPROVED, REJECTED, DECIDED = (
    "draft", "submitted", "returned", "accepted", "council", "approved", "rejected", "decided")

STATE_LABELS = {
    DRAFT: "Đang soạn", SUBMITTED: "Đã gửi, chờ tiếp nhận", RETURNED: "Bị trả lại",
    ACCEPTED: "Đã tiếp nhận", COUNCIL: "Đang trình Hội đồng", APPROVED: "Hội đồng thông qua",
    REJECTED: "Hội đồng không thông qua", DECIDED: "Đã có quyết định khen thưởng",
}

UNIT, SECRETARIAT, COUNCIL_ROLE, SYSTEM = "unit", "secretariat", "council", "system"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    by: str  # who may take it: unit (officer of the unit or secretariat), secretariat, council, system
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("submit", "Gửi đề nghị", (DRAFT, RETURNED), SUBMITTED, UNIT),
    Transition("recall", "Rút lại để sửa", (SUBMITTED,), DRAFT, UNIT),
    Transition("return", "Trả lại đơn vị", (SUBMITTED, ACCEPTED), RETURNED, SECRETARIAT, True),
    Transition("accept", "Tiếp nhận", (SUBMITTED,), ACCEPTED, SECRETARIAT),
    Transition("to_council", "Trình Hội đồng", (ACCEPTED,), COUNCIL, SECRETARIAT),
    Transition("approve", "Hội đồng thông qua", (COUNCIL,), APPROVED, COUNCIL_ROLE),
    Transition("reject", "Hội đồng không thông qua", (COUNCIL,), REJECTED, COUNCIL_ROLE, True),
    Transition("decide", "Có quyết định khen thưởng", (APPROVED,), DECIDED, SYSTEM),
)}

EDITABLE = (DRAFT, RETURNED)


class TransitionError(ValueError):
    pass


def transition(state: str, action: str, reason: str = "") -> str:
    t = TRANSITIONS.get(action)
    if t is None:
        raise TransitionError(f"Thao tác không hợp lệ: {action}.")
    if state not in t.sources:
        raise TransitionError(f"Không thể “{t.label}” khi hồ sơ đang ở trạng thái “{STATE_LABELS.get(state, state)}”.")
    if t.needs_reason and not reason.strip():
        raise TransitionError(f"Cần ghi lý do khi “{t.label}”.")
    return t.target


def actions_from(state: str, roles: set[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources and t.by in roles]
