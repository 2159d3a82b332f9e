"""Permissions of the pages that belong to no one app (#19: a province's read-only view of those below)."""

import rules

from thidua.orgs.rules import is_admin, is_leader, is_secretariat

# The office that oversees those below: its secretariat and leaders (and the administrator). Which
# authority they may open is decided by the tree, in web.below.reading_below.
rules.add_perm("web.view_below", is_admin | is_secretariat | is_leader)
