"""Database set-up on connect: the Vietnamese collation "vi" for SQLite (PostgreSQL gets an ICU
collation of the same name from a migration), so `order_by(Collate(field, "vi"))` works on both.
And the idle timeout's first mark, made when a user signs in (`thidua.orgs.middleware.PrivateMiddleware`)."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from thidua.vn.collate import sqlite_collation

# When the session's expiry was last pushed forward (seconds since the epoch), and how often at most.
SEEN_KEY = "thidua_seen"
SEEN_EVERY = 60


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", sqlite_collation)


@receiver(user_logged_in, dispatch_uid="thidua_session_seen")
def mark_session_seen(sender, request=None, user=None, **kwargs) -> None:
    """Signing in saves the session anyway: marking it then spares the next request a write."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = int(time.time())
