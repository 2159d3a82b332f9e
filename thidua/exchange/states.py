"""The states of a dossier between levels (hồ sơ đề nghị khen thưởng gửi cấp trên) and the one table of
allowed moves, with who takes each (the sender's or the receiver's office, or the system when the
receiver's decision is issued). Pure: the models build their choices from these (the stored values are
the keys); hypothesis-tested."""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, SENT, RETURNED, RECEIVED, APPRAISING, COUNCIL, DECIDED, NOT_PASSED = (
    "draft", "sent", "returned", "received", "appraising", "council", "decided", "not_passed")

STATE_LABELS = {
    DRAFT: "Đang soạn", SENT: "Đã gửi, chờ tiếp nhận", RETURNED: "Bị trả lại", RECEIVED: "Đã tiếp nhận",
    APPRAISING: "Đang thẩm định", COUNCIL: "Đang trình Hội đồng", DECIDED: "Đã có quyết định",
    NOT_PASSED: "Hội đồng không thông qua",
}

SENDER, RECEIVER, SYSTEM = "sender", "receiver", "system"
SIDE_LABELS = {SENDER: "Nơi gửi", RECEIVER: "Nơi nhận", SYSTEM: "Hệ thống"}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    by: str  # sender, receiver or system
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("send", "Gửi hồ sơ", (DRAFT,), SENT, SENDER),
    Transition("resend", "Gửi lại hồ sơ", (RETURNED,), SENT, SENDER),
    Transition("return", "Trả lại hồ sơ", (SENT, RECEIVED, APPRAISING), RETURNED, RECEIVER, True),
    Transition("receive", "Tiếp nhận", (SENT,), RECEIVED, RECEIVER),
    Transition("appraise", "Thẩm định", (RECEIVED,), APPRAISING, RECEIVER),
    Transition("to_council", "Trình Hội đồng", (APPRAISING,), COUNCIL, RECEIVER),
    Transition("decide", "Có quyết định khen thưởng", (RECEIVED, APPRAISING, COUNCIL), DECIDED, SYSTEM),
    # the receiver's council passed none of the candidates: the dossier ends there, no decision follows
    Transition("not_passed", "Hội đồng không thông qua", (RECEIVED, APPRAISING, COUNCIL), NOT_PASSED, SYSTEM),
)}

EDITABLE = (DRAFT, RETURNED)  # the sender composes and fixes only here
WITH_RECEIVER = (SENT, RECEIVED, APPRAISING, COUNCIL, DECIDED, NOT_PASSED)  # what the receiver sees in its inbox
OPEN_AT_RECEIVER = (SENT, RECEIVED, APPRAISING, COUNCIL)

# A dossier item's outcome at the receiver.
PENDING, DECIDED_ITEM, NOT_DECIDED = "pending", "decided", "not_decided"
OUTCOME_LABELS = {PENDING: "Chờ xét", DECIDED_ITEM: "Được khen thưởng", NOT_DECIDED: "Không được khen thưởng"}


class TransitionError(ValueError):
    pass


def move(state: str, action: str, side: str, reason: str = "") -> str:
    """The state after `action` taken by `side` from `state`, or TransitionError in Vietnamese."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise TransitionError(f"Thao tác không hợp lệ: {action}.")
    if side != t.by:
        who = {SENDER: "nơi gửi", RECEIVER: "nơi nhận", SYSTEM: "hệ thống"}[t.by]
        raise TransitionError(f"“{t.label}” chỉ do {who} thực hiện.")
    if state not in t.sources:
        raise TransitionError(f"Không thể “{t.label}” khi hồ sơ đang ở trạng thái “{STATE_LABELS.get(state, state)}”.")
    if t.needs_reason and not reason.strip():
        raise TransitionError(f"Cần ghi lý do khi “{t.label}”.")
    return t.target


def actions_from(state: str, side: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources and t.by == side]


def visible_to_receiver(state: str) -> bool:
    """A draft is the sender's alone; once sent (or returned after being sent) the receiver sees it."""
    return state != DRAFT
