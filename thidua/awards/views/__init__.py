"""The pages of the commendation app, one module per concept; every view is re-exported here for urls."""

from .catalogue import base_salary_save, catalogue, rule_item_edit, settings_save
from .decisions import (
    blank_calibration,
    blank_edit,
    decision_certificates,
    decision_create,
    decision_delete,
    decision_detail,
    decision_edit,
    decision_file,
    decision_issue,
    decision_list,
)
from .meetings import (
    meeting_add,
    meeting_close,
    meeting_detail,
    meeting_list,
    meeting_minutes,
    meeting_presence,
    meeting_vote,
)
from .proposals import (
    attachment_download,
    attachment_remove,
    attachment_upload,
    proposal_bulk,
    proposal_create,
    proposal_detail,
    proposal_edit,
    proposal_history,
    proposal_leading,
    proposal_letter,
    proposal_line_add,
    proposal_line_remove,
    proposal_list,
    proposal_transition,
)
from .reports import search, statistics, statistics_file

__all__ = [
    "attachment_download", "attachment_remove", "attachment_upload", "base_salary_save", "blank_calibration",
    "blank_edit", "catalogue", "decision_certificates", "decision_create", "decision_delete", "decision_detail", "decision_edit",
    "decision_file", "decision_issue", "decision_list", "meeting_add", "meeting_close",
    "meeting_detail", "meeting_list", "meeting_minutes", "meeting_presence", "meeting_vote", "proposal_bulk",
    "proposal_create", "proposal_detail", "proposal_edit", "proposal_history", "proposal_leading", "proposal_letter",
    "proposal_line_add", "proposal_line_remove", "proposal_list", "proposal_transition", "rule_item_edit",
    "search", "settings_save", "statistics", "statistics_file",
]
