"""Who may see and keep the fund (django-rules): the office's secretariat keeps it, its leaders read it."""

import rules

from thidua.orgs.rules import is_admin, is_leader, is_manager, is_reception, is_secretariat, is_staff_member

rules.add_perm("fund.view_fund", is_admin | is_secretariat | is_leader)
rules.add_perm("fund.manage_fund", is_manager)
# an entry by id: every account of an office gets as far as the lookup, so another authority's entry is
# "not found" for every role (never "forbidden", which would say it exists); then manage_fund decides
rules.add_perm("fund.open_entry", is_staff_member | is_reception)
