"""Every state table of the commendation app, with its Vietnamese labels: the proposal (hồ sơ đề nghị
khen thưởng) states and the one table of allowed transitions, a proposal line's result, a council
meeting's and a decision's status. Pure: the models build their choices from these (the stored values
are the keys)."""

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

# A proposal line's result (what the council and the decision made of it).
LINE_PROPOSED, LINE_PASSED, LINE_FAILED, LINE_DECIDED = "proposed", "passed", "failed", "decided"
LINE_LABELS = {LINE_PROPOSED: "Đề nghị", LINE_PASSED: "Hội đồng thông qua", LINE_FAILED: "Không thông qua",
               LINE_DECIDED: "Đã khen thưởng"}

# A council meeting: open while it votes, closed once the results are drawn.
MEETING_OPEN, MEETING_CLOSED = "open", "closed"
MEETING_LABELS = {MEETING_OPEN: "Đang họp xét", MEETING_CLOSED: "Đã kết thúc"}

# An award decision: a draft until issued with its number.
DECISION_DRAFT, DECISION_ISSUED = "draft", "issued"
DECISION_LABELS = {DECISION_DRAFT: "Dự thảo", DECISION_ISSUED: "Đã ban hành"}
