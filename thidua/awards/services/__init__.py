"""Every write of the commendation app: permission and scope checked, one transaction, audited.

One module per concept; the public names are re-exported here, so `from thidua.awards import services`
and `services.create_proposal(...)` keep working everywhere."""

from thidua.orgs.services import ValidationFailed

from .attachments import ATTACHMENT_KINDS, add_attachment, attachment_data, remove_attachment
from .blanks import BLANK_FIELDS, DEFAULT_FIELDS, save_blank, validate_blank_fields
from .catalogue import save_base_salary, seed_catalogue, settings_for, update_rule_item, update_settings
from .decisions import (
    DECISION_FIELDS,
    DRAFT_FIELDS,
    add_decision_lines,
    create_decision,
    create_decision_from_proposals,
    default_signer_level,
    delete_decision,
    issue_decision,
    lines_from_proposals,
    signer_lines,
    update_decision,
)
from .leading import propose_leading_units
from .meetings import close_meeting, create_meeting, put_to_council, record_vote, set_presence
from .prizes import check_power, coefficients, prize_for, rules_on
from .proposals import (
    PROPOSAL_FIELDS,
    add_line,
    bulk_transition,
    create_proposal,
    remove_line,
    roles_of,
    transition,
    update_proposal,
)
from .roster import (
    active_seats,
    add_seat,
    add_seats,
    deactivate_seat,
    meeting_initial,
    move_seat,
    reorder_seats,
    roster_members,
    update_seat,
)

__all__ = [
    "ATTACHMENT_KINDS", "active_seats", "add_seat", "add_seats", "deactivate_seat", "meeting_initial", "move_seat",
    "reorder_seats", "roster_members", "update_seat", "BLANK_FIELDS", "DECISION_FIELDS", "DEFAULT_FIELDS", "DRAFT_FIELDS", "PROPOSAL_FIELDS",
    "ValidationFailed", "add_attachment", "add_decision_lines", "add_line", "attachment_data", "bulk_transition",
    "check_power", "close_meeting", "coefficients", "create_decision", "create_decision_from_proposals",
    "create_meeting", "create_proposal", "default_signer_level", "delete_decision", "issue_decision",
    "lines_from_proposals", "prize_for", "propose_leading_units", "put_to_council", "record_vote", "remove_attachment",
    "remove_line", "roles_of", "rules_on", "save_base_salary", "save_blank", "seed_catalogue", "set_presence",
    "settings_for", "signer_lines", "transition", "update_decision", "update_proposal", "update_rule_item",
    "update_settings", "validate_blank_fields",
]
