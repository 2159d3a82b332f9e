"""Every write to conferences, delegates and replies: permission and scope checked, one
transaction, one audit entry (`log_action`). One module per concept; the public names are here."""

from thidua.orgs.services import ValidationFailed

from .delegates import (
    DELEGATE_FIELDS,
    add_delegate,
    add_people,
    add_unit_seats,
    check_delegate,
    import_delegates,
    next_invitation_number,
    reissue_invitation,
    remove_delegate,
    revoke_invitation,
    unit_choice,
    update_delegate,
)
from .events import CATEGORY_FIELDS, EVENT_FIELDS, create_event, save_category, update_event
from .recipients import (
    RECIPIENT_STATUS,
    RecipientReport,
    RecipientRow,
    add_award_recipients,
    award_note,
    recipient_key,
    recipient_range,
)
from .reminders import discard_mail, draft_reminders, send_mail
from .replies import record_reply, reply_by_link

__all__ = [
    "CATEGORY_FIELDS", "DELEGATE_FIELDS", "EVENT_FIELDS", "RECIPIENT_STATUS", "RecipientReport", "RecipientRow",
    "ValidationFailed", "add_award_recipients", "add_delegate", "add_people", "add_unit_seats", "award_note",
    "check_delegate", "create_event", "discard_mail", "draft_reminders", "import_delegates", "next_invitation_number",
    "recipient_key", "recipient_range", "record_reply", "reissue_invitation", "remove_delegate", "reply_by_link",
    "revoke_invitation", "save_category", "send_mail", "unit_choice", "update_delegate", "update_event",
]
