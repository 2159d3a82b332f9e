"""The proposal's moves along the transition table of `states`. Pure."""

from __future__ import annotations

from .states import STATE_LABELS, TRANSITIONS, Transition


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
