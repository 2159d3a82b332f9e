"""Permissions of the pages that belong to no one app (#19: a province's read-only view of those below)."""

import rules

from thidua.orgs.models import AuthorityLevel
from thidua.orgs.rules import is_admin, is_leader, is_secretariat

# The office that oversees those below: its secretariat and leaders (and the administrator). Which
# authority they may open is decided by the tree, in web.below.reading_below.
rules.add_perm("web.view_below", is_admin | is_secretariat | is_leader)


@rules.predicate
def oversees_others(user) -> bool:
    """The user's authority is of a level that has authorities below it (a province; a district before
    1/7/2025). Read from the authority the page has already loaded for its header, so the menu costs no
    query; which authorities lie below is the page's business (web.below.reading_below)."""
    if not getattr(user, "authority_id", None):
        return False
    return user.authority.level in (AuthorityLevel.PROVINCE, AuthorityLevel.DISTRICT)


# the menu's entry: only for an office of a level that has authorities below it
rules.add_perm("web.browse_below", (is_admin | is_secretariat | is_leader) & oversees_others)
