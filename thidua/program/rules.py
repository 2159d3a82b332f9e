"""Who may do what with the conference programme.

Everyone on the staff reads the agenda and downloads its documents; the secretariat builds it; a
unit officer writes and sends their own unit's talk; the reviewer (and the secretariat) reviews
talks; reception and leaders may watch the projector view, the secretariat drives it."""

import rules

from thidua.orgs.rules import (
    is_leader,
    is_manager,
    is_own_unit,
    is_reception,
    is_reviewer,
    is_staff_member,
    is_unit_officer,
)

rules.add_perm("program.view_program", is_staff_member)
rules.add_perm("program.manage_program", is_manager)
rules.add_perm("program.view_talks", is_staff_member)
rules.add_perm("program.submit_talk", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("program.review_talk", is_manager | is_reviewer)
rules.add_perm("program.view_projector", is_staff_member | is_reception | is_leader)
rules.add_perm("program.operate_projector", is_manager)
