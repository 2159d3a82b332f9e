"""The one clock: every deadline check asks here for "now", so that staff can view the system
as of another date and tests can move time (pretix's time machine)."""

from __future__ import annotations

import contextvars
import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

_frozen: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("thidua_now", default=None)


def now() -> dt.datetime:
    value = _frozen.get()
    return value if value is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def as_of(moment: dt.datetime | dt.date):
    """Run the block as if it were `moment` (a date means the start of that local day)."""
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        moment = timezone.make_aware(dt.datetime.combine(moment, dt.time(8, 0)))
    elif timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
