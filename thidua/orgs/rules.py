"""Permissions as named predicates (django-rules), read like sentences.

Roles: admin, secretariat (thường trực Hội đồng), reviewer (thẩm định), unit officer (one unit),
reception (check-in only), leader (read-only dashboards). A superuser has every permission.
"""

import rules

from .modelkit import unit_of
from .models import Role


def has_role(*roles: str):
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_admin = has_role(Role.ADMIN)
is_secretariat = has_role(Role.SECRETARIAT)
is_reviewer = has_role(Role.REVIEWER)
is_unit_officer = has_role(Role.UNIT_OFFICER)
is_reception = has_role(Role.RECEPTION)
is_leader = has_role(Role.LEADER)

is_office_staff = is_admin | is_secretariat | is_reviewer | is_leader
is_staff_member = is_office_staff | is_unit_officer
is_manager = is_admin | is_secretariat


@rules.predicate
def is_own_unit(user, obj) -> bool:
    """obj belongs to the user's unit (`modelkit.unit_of`); None means "no object yet"."""
    if obj is None:
        return True
    unit_id = unit_of(obj)
    return unit_id is not None and unit_id == user.unit_id


rules.add_perm("web.view_dashboard", is_staff_member | is_reception)
rules.add_perm("orgs.view_units", is_staff_member)
rules.add_perm("orgs.manage_units", is_manager)
rules.add_perm("orgs.view_people", is_staff_member)
rules.add_perm("orgs.manage_people", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("orgs.import_data", is_manager)
rules.add_perm("orgs.view_audit", is_admin)
rules.add_perm("orgs.manage_authority", is_admin)
rules.add_perm("orgs.view_jobs", is_staff_member | is_reception)
rules.add_perm("paperwork.view_specimen", is_staff_member)
rules.add_perm("orgs.manage_register", is_manager)
rules.add_perm("orgs.manage_paperwork", is_manager)  # the offices and legal bases documents speak from (#18)  # draft, edit, issue, signed copies (#18)
rules.add_perm("orgs.view_register", is_office_staff)  # the office: a unit officer has no business in the register
rules.add_perm("orgs.manage_accounts", is_admin)  # reset passwords, lift login locks (#17)
rules.add_perm("orgs.change_own_password", rules.is_authenticated & rules.is_active)
