"""Every write of the emulation cycle: permission and scope checked, one transaction, audited.

One module per concept; the public names are re-exported here (`services.save_scores(...)`)."""

from ..states import ROUND_LABELS, ROUND_STATES, ROUNDS
from .common import ScoresInvalid
from .covenants import membership_of, save_covenant, transition_covenant
from .cycles import (
    CYCLE_FIELDS,
    GROUP_FIELDS,
    copy_structure,
    create_cycle,
    create_group,
    set_members,
    update_cycle,
    update_group,
)
from .evidence import EVIDENCE_KINDS, add_evidence
from .movements import MOVEMENT_FIELDS, create_movement, update_movement
from .peers import set_peer_assignments
from .scorecards import (
    CRITERION_FIELDS,
    SCORECARD_FIELDS,
    add_criteria_group,
    add_criterion,
    create_scorecard,
    delete_criteria_group,
    delete_criterion,
    scorecard_lock_reason,
    update_criteria_group,
    update_criterion,
    update_scorecard,
    validate_criterion,
)
from .sheets import (
    ROUND_PERMS,
    SHEET_PERMS,
    exclude_unit,
    get_sheet,
    lock_group,
    publish_group,
    save_scores,
    set_council_order,
    transition_sheet,
)

__all__ = [
    "CRITERION_FIELDS", "CYCLE_FIELDS", "EVIDENCE_KINDS", "GROUP_FIELDS", "MOVEMENT_FIELDS", "ROUNDS", "ROUND_LABELS",
    "ROUND_PERMS", "ROUND_STATES", "SCORECARD_FIELDS", "SHEET_PERMS", "ScoresInvalid", "add_criteria_group",
    "add_criterion", "add_evidence", "copy_structure", "create_cycle", "create_group", "create_movement",
    "create_scorecard", "delete_criteria_group", "delete_criterion", "exclude_unit", "get_sheet",
    "lock_group", "membership_of", "publish_group", "save_covenant", "save_scores", "scorecard_lock_reason",
    "set_council_order", "set_members", "set_peer_assignments", "transition_covenant", "transition_sheet",
    "update_criteria_group", "update_criterion", "update_cycle", "update_group", "update_movement",
    "update_scorecard", "validate_criterion",
]
