"""Every write of conference preparation: permission and scope checked, one transaction, audited.

One module per concept: `plan` (the Kế hoạch), `tasks`, `materials`, `budget` (with the spending
norms), `reminders` (the reminder outbox); `common` holds the checks they share. The public names are
re-exported here: callers write `services.save_task(...)`."""

from thidua.orgs.services import ValidationFailed

from ..queries import rule_line, unit_gone
from .budget import (
    LINE_FIELDS,
    delete_budget_line,
    delete_norm,
    ensure_budget,
    move_budget,
    save_budget_line,
    save_norms,
    set_norm,
    update_budget,
)
from .materials import MATERIAL_FIELDS, comment_material, move_material, save_material, upload_version
from .plan import (
    ASSIGNMENT_FIELDS,
    DEFAULT_SECTIONS,
    PLAN_FIELDS,
    create_plan,
    delete_assignment,
    issue_plan,
    save_assignment,
    save_section,
    update_plan,
)
from .reminders import discard_task_mail, draft_task_reminders, send_task_mail
from .tasks import (
    TASK_FIELDS,
    TASK_KINDS,
    add_task_note,
    attach_task_file,
    change_task_status,
    create_tasks_from_plan,
    save_task,
)

__all__ = [
    "ASSIGNMENT_FIELDS", "DEFAULT_SECTIONS", "LINE_FIELDS", "MATERIAL_FIELDS", "PLAN_FIELDS", "TASK_FIELDS",
    "TASK_KINDS", "ValidationFailed", "add_task_note", "attach_task_file", "change_task_status", "comment_material",
    "create_plan", "create_tasks_from_plan", "delete_assignment", "delete_budget_line", "delete_norm",
    "discard_task_mail", "draft_task_reminders", "ensure_budget", "issue_plan", "move_budget", "move_material",
    "rule_line", "save_assignment", "save_budget_line", "save_material", "save_norms", "save_section", "save_task",
    "send_task_mail", "set_norm", "unit_gone", "update_budget", "update_plan", "upload_version",
]
