"""Permissions of the emulation cycle, read like sentences."""

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

from .queries import peer_scorer_of


@rules.predicate
def heads_the_group(user, obj) -> bool:
    """obj is a ScoreSheet of another unit in a cluster/block the user's unit heads this cycle."""
    if obj is None or not getattr(user, "unit_id", None):
        return False
    group = getattr(obj, "group", None)
    return group is not None and group.head_id == user.unit_id and obj.organisation_id != user.unit_id


@rules.predicate
def is_assigned_peer(user, obj) -> bool:
    """obj is a ScoreSheet the user's unit is assigned to cross-score (chấm chéo) in its cluster/block."""
    if obj is None or not getattr(user, "unit_id", None) or getattr(obj, "group_id", None) is None:
        return False
    if obj.organisation_id == user.unit_id:
        return False
    return peer_scorer_of(obj.group, obj.organisation_id) == user.unit_id


@rules.predicate
def takes_part(user, obj) -> bool:
    """obj is a Movement in which the user's unit takes part."""
    if obj is None or not getattr(user, "unit_id", None):
        return False
    return obj.units.filter(pk=user.unit_id).exists()


is_office = is_admin | is_secretariat | is_reviewer | is_leader

rules.add_perm("emulation.view_cycles", is_staff_member)
rules.add_perm("emulation.manage_cycles", is_manager)
rules.add_perm("emulation.view_unit", is_office | (is_unit_officer & is_own_unit))
rules.add_perm("emulation.edit_covenant", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("emulation.decide_covenant", is_manager)
rules.add_perm("emulation.self_score", is_manager | (is_unit_officer & is_own_unit))
rules.add_perm("emulation.cross_score", is_manager | is_reviewer
               | (is_unit_officer & (heads_the_group | is_assigned_peer)))
rules.add_perm("emulation.return_sheet", is_manager | is_reviewer | (is_unit_officer & heads_the_group))
rules.add_perm("emulation.final_score", is_manager)
rules.add_perm("emulation.view_ranking", is_office)
rules.add_perm("emulation.manage_ranking", is_manager)
rules.add_perm("emulation.my_unit", is_unit_officer)
rules.add_perm("emulation.view_movements", is_staff_member)
rules.add_perm("emulation.view_movement", is_office | (is_unit_officer & takes_part))
