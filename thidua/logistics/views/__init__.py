"""Pages of conference preparation, one module per concept: `plan` (the conferences and their Kế
hoạch), `tasks`, `reminders` (late, due soon, the reminder outbox), `materials`, `budget` (with the
spending norms). The views are re-exported here for `urls.py`."""

from .budget import (
    budget_create,
    budget_detail,
    budget_file,
    budget_line_delete,
    budget_line_edit,
    budget_move,
    budget_settings,
    norms,
)
from .materials import (
    material_bundle,
    material_comment,
    material_detail,
    material_edit,
    material_list,
    material_move,
    material_upload,
)
from .papers import papers_file, papers_page
from .plan import (
    assignment_delete,
    assignment_edit,
    index,
    plan_create,
    plan_detail,
    plan_edit,
    plan_file,
    plan_issue,
    plan_tasks,
    section_edit,
)
from .reminders import mail_action, overview, reminders, reminders_draft
from .tasks import file_download, task_detail, task_edit, task_list, task_note, task_status, task_upload

__all__ = [
    "assignment_delete", "assignment_edit", "budget_create", "budget_detail", "budget_file", "budget_line_delete",
    "budget_line_edit", "budget_move", "budget_settings", "file_download", "index", "mail_action", "material_bundle",
    "material_comment", "material_detail", "material_edit", "material_list", "material_move", "material_upload",
    "norms", "overview", "papers_file", "papers_page", "plan_create", "plan_detail", "plan_edit", "plan_file",
    "plan_issue", "plan_tasks",
    "reminders", "reminders_draft", "section_edit", "task_detail", "task_edit", "task_list", "task_note",
    "task_status", "task_upload",
]
