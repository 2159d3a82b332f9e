"""Every write of dossiers between levels: permission, the side's authority checked, one transaction, the
history entry and the audit on both sides. `actor=None` is the operator at the command line (demo, CLI).

Sender: create_dossier, update_dossier, update_item, remove_item, add_file, remove_file,
attach_cover_letter, attach_minutes, send_dossier (send, or resend after a return).
Receiver: receive_dossier, return_dossier, appraise_dossier, to_council.
Back: record_decision (from `awards.signals.decision_issued`); on_proposal_moved (the receiver's council
passed none: the dossier ends as not passed)."""

from thidua.orgs.services import ValidationFailed

from .compose import (
    DOSSIER_FIELDS,
    ITEM_FIELDS,
    add_file,
    attach_cover_letter,
    attach_minutes,
    cover_entry,
    create_dossier,
    file_data,
    remove_file,
    remove_item,
    send_dossier,
    source_meeting,
    update_dossier,
    update_item,
)
from .decide import on_decision_issued, on_proposal_moved, record_copy, record_decision
from .receive import appraise_dossier, open_meetings, receive_dossier, return_dossier, to_council

__all__ = [
    "on_proposal_moved",
    "DOSSIER_FIELDS", "ITEM_FIELDS", "ValidationFailed", "add_file", "appraise_dossier", "attach_cover_letter", "attach_minutes",
    "cover_entry", "create_dossier", "file_data", "on_decision_issued", "open_meetings", "receive_dossier",
    "record_copy", "record_decision", "remove_file", "remove_item", "return_dossier", "send_dossier", "source_meeting",
    "to_council", "update_dossier", "update_item",
]
