"""What every part of the programme's services shares: who acted, minutes of the day, the settings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua.events.models import Event
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import User

from ..models import (
    ProgramSettings,
)


def _who(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"


def minutes_of(t: dt.time | None) -> int | None:
    return None if t is None else t.hour * 60 + t.minute


def time_of(minutes: int) -> dt.time:
    minutes %= 24 * 60
    return dt.time(minutes // 60, minutes % 60)


def settings_for(event: Event) -> ProgramSettings:
    """The event's programme settings, created with the defaults the first time they are asked for."""
    found = ProgramSettings.objects.filter(event=event).first()
    if found is not None:
        return found
    with transaction.atomic():
        ps, created = ProgramSettings.objects.get_or_create(
            event=event, defaults={"day_start": event.start_time or dt.time(7, 30),
                                   "day_end": event.end_time or dt.time(11, 30)})
        if created:
            log_action(None, "program.settings.create", ps, None, snapshot(ps))
    return ps


