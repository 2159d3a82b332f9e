"""Who may do what in commendation (django-rules)."""

import rules

from thidua.orgs.rules import is_manager, is_office_staff, is_own_unit, is_staff_member, is_unit_officer

rules.add_perm("awards.view_catalogue", is_staff_member)
rules.add_perm("awards.manage_catalogue", is_manager)
rules.add_perm("awards.view_proposals", is_staff_member)
rules.add_perm("awards.edit_proposal", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("awards.review_proposals", is_manager)
rules.add_perm("awards.manage_council", is_manager)
rules.add_perm("awards.view_decisions", is_office_staff)
rules.add_perm("awards.manage_decisions", is_manager)
rules.add_perm("awards.search", is_staff_member)
rules.add_perm("awards.view_statistics", is_office_staff)
