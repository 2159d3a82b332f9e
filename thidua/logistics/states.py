"""The states of plans, tasks, materials and budgets: their Vietnamese labels (the models' TextChoices
read them from here) and the allowed changes, one table each. No Django."""

from __future__ import annotations

# Tasks: a unit marks its work started and done; the secretariat may cancel or reopen.
TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    "todo": frozenset({"in_progress", "done", "cancelled"}),
    "in_progress": frozenset({"todo", "done", "cancelled"}),
    "done": frozenset({"in_progress"}),
    "cancelled": frozenset({"todo"}),
}
TASK_MANAGER_ONLY = frozenset({"cancelled"})  # and reopening a cancelled task
OPEN_TASK = frozenset({"todo", "in_progress"})

# Materials: draft → in review → returned → (new version) in review → approved.
MATERIAL_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"in_review"}),
    "in_review": frozenset({"returned", "approved"}),
    "returned": frozenset({"in_review"}),
    "approved": frozenset({"returned"}),  # an approved text can be reopened by the reviewer
}
MATERIAL_REVIEW_MOVES = frozenset({"returned", "approved"})  # made by the reviewer / secretariat

BUDGET_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "draft"}),
    "approved": frozenset({"draft"}),
}

PLAN_LABELS = {"draft": "Dự thảo", "issued": "Đã ban hành"}  # a plan is issued once its checks pass
TASK_LABELS = {"todo": "Chưa làm", "in_progress": "Đang làm", "done": "Đã xong", "cancelled": "Hủy"}
MATERIAL_LABELS = {"draft": "Dự thảo", "in_review": "Đang thẩm định", "returned": "Trả lại sửa", "approved": "Đã duyệt"}
BUDGET_LABELS = {"draft": "Dự thảo", "submitted": "Trình thẩm định", "approved": "Đã duyệt"}

# The buttons that move a material (what the user does, not the state it reaches).
MATERIAL_MOVE_LABELS = {"in_review": "Trình thẩm định", "returned": "Trả lại sửa", "approved": "Duyệt"}
# A task's risk (`task_risk`) as the lists and exports show it.
RISK_LABELS = {"late": "Trễ hạn", "soon": "Sắp đến hạn", "": ""}


def can_move(table: dict[str, frozenset[str]], current: str, new: str) -> bool:
    return new in table.get(current, frozenset())


def move_error(table: dict[str, frozenset[str]], labels: dict[str, str], current: str, new: str) -> str | None:
    if new not in labels:
        return "Trạng thái không hợp lệ."
    if not can_move(table, current, new):
        return f"Không thể chuyển từ “{labels.get(current, current)}” sang “{labels[new]}”."
    return None


def task_risk(status: str, deadline, today, soon_days: int = 3) -> str:
    """"late" (past its deadline, not finished), "soon" (due within `soon_days`), "" otherwise."""
    if status not in OPEN_TASK:
        return ""
    if deadline < today:
        return "late"
    if (deadline - today).days <= soon_days:
        return "soon"
    return ""
