"""Permissions of the pages that belong to no one app (#19: a province's read-only view of those below)."""

import rules

from thidua.orgs.models import Authority
from thidua.orgs.rules import is_admin, is_leader, is_secretariat

# The office that oversees those below: its secretariat and leaders (and the administrator). Which
# authority they may open is decided by the tree, in web.below.reading_below.
rules.add_perm("web.view_below", is_admin | is_secretariat | is_leader)


@rules.predicate
def oversees_others(user) -> bool:
    """The user's authority has authorities below it (a province, a district before 1/7/2025). Read once a
    request: the answer is kept on the user object the request carries."""
    if not getattr(user, "authority_id", None):
        return False
    cached = getattr(user, "_thidua_oversees", None)
    if cached is None:
        cached = user._thidua_oversees = Authority.objects.filter(parent_id=user.authority_id).exists()
    return cached


# the menu's entry: only where there is something below to see
rules.add_perm("web.browse_below", (is_admin | is_secretariat | is_leader) & oversees_others)
