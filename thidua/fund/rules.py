"""Who may see and keep the fund (django-rules): the office's secretariat keeps it, its leaders read it."""

import rules

from thidua.orgs.rules import is_admin, is_leader, is_manager, is_secretariat

rules.add_perm("fund.view_fund", is_admin | is_secretariat | is_leader)
rules.add_perm("fund.manage_fund", is_manager)
