"""Every write of the programme: agenda, talks, award batches, settings, projector. Each checks the
permission and the authority, runs in one transaction and writes one audit entry.

One module per concept; the public names are re-exported here, so `services.add_item(...)` keeps working."""

from ..states import TRANSITIONS
from .agenda import (
    ITEM_FIELDS,
    add_item,
    create_default_agenda,
    default_items,
    delete_item,
    leader_title,
    move_item,
    reorder,
    update_item,
)
from .base import minutes_of, settings_for, time_of
from .batches import build_batches, check_batch_sizes, move_member, update_batch
from .projector import projector_show, remaining_seconds, timer
from .settings import SETTING_FIELDS, update_settings
from .talks import (
    TALK_INFO_FIELDS,
    invite_talk,
    remind_late,
    remove_talk,
    review_talk,
    submit_file,
    submit_text,
    update_talk_info,
    version_file,
)

__all__ = [
    "ITEM_FIELDS", "SETTING_FIELDS", "TALK_INFO_FIELDS", "TRANSITIONS", "add_item", "build_batches",
    "check_batch_sizes", "create_default_agenda", "default_items", "delete_item", "invite_talk", "leader_title",
    "minutes_of", "move_item", "move_member", "projector_show", "remaining_seconds", "remind_late", "remove_talk",
    "reorder", "review_talk", "settings_for", "submit_file", "submit_text", "time_of", "timer", "update_batch",
    "update_item", "update_settings", "update_talk_info", "version_file",
]
