"""Who may do what in conference preparation. Unit officers see and work on their own unit's tasks
and materials only; the secretariat (and admin) run the plan, the budget and the review; reviewers
review materials; the budget is approved by the secretariat or admin acting for the finance unit."""

import rules

from thidua.orgs.rules import (
    is_admin,
    is_leader,
    is_manager,
    is_own_unit,
    is_reviewer,
    is_secretariat,
    is_staff_member,
    is_unit_officer,
)

is_office = is_admin | is_secretariat | is_reviewer | is_leader


@rules.predicate
def is_supporting_unit(user, task) -> bool:
    """The user's unit is one of the task's supporting units (phối hợp): it sees the task and writes
    notes on it, while the lead unit does the work."""
    if task is None or not getattr(user, "unit_id", None) or not hasattr(task, "supporting_units"):
        return False
    cached = getattr(task, "_prefetched_objects_cache", {}).get("supporting_units")
    if cached is not None:
        return any(u.pk == user.unit_id for u in cached)
    return task.supporting_units.filter(pk=user.unit_id).exists()


rules.add_perm("logistics.view_plan", is_staff_member)
rules.add_perm("logistics.manage_plan", is_manager)
rules.add_perm("logistics.view_tasks", is_staff_member)
rules.add_perm("logistics.view_task", is_office | (is_unit_officer & (is_own_unit | is_supporting_unit)))
rules.add_perm("logistics.work_task", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("logistics.note_task", is_manager | (is_unit_officer & (is_own_unit | is_supporting_unit)))
rules.add_perm("logistics.manage_tasks", is_manager)
rules.add_perm("logistics.view_overview", is_office)
rules.add_perm("logistics.view_materials", is_staff_member)
rules.add_perm("logistics.view_material", is_office | (is_unit_officer & is_own_unit))
rules.add_perm("logistics.edit_material", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("logistics.review_material", is_manager | is_reviewer)
rules.add_perm("logistics.manage_materials", is_manager)
rules.add_perm("logistics.view_budget", is_office)
rules.add_perm("logistics.manage_budget", is_manager)
rules.add_perm("logistics.approve_budget", is_manager)
rules.add_perm("logistics.send_reminders", is_manager)
