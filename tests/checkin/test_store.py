"""The check-in path's plain SQL (`checkin.store`): rows come back as the ORM would give them, and the
SQLite writer lock makes a second writer wait for the first instead of polling."""

import threading
import time

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from thidua.checkin import services, store
from thidua.events.models import Delegate

pytestmark = pytest.mark.django_db


def test_its_statements_go_through_djangos_cursor_on_every_backend(day):
    """Query logs, `execute_wrapper`s and query-count assertions see the check-in's statements on
    PostgreSQL (its own server-binding cursor) as on SQLite."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seen = []
    with CaptureQueriesContext(connection) as logged, connection.execute_wrapper(
            lambda execute, sql, params, many, context: seen.append(sql) or execute(sql, params, many, context)):
        out = services.check_in(day.world.users["reception"], day.token(day.recipient), "Bàn 1", "store-nonce-2",
                                event=day.event)
    assert out.ok
    written = [q["sql"] for q in logged.captured_queries if "checkin_checkin" in q["sql"] and "INSERT" in q["sql"]]
    assert len(written) == 1 and any("INSERT" in sql and "checkin_checkin" in sql for sql in seen)
    assert any("FROM \"events_delegate\" d" in q["sql"] for q in logged.captured_queries)


def test_desk_read_gives_what_the_orm_gives(day):
    out = services.check_in(day.world.users["reception"], day.token(day.recipient), "Bàn 1", "store-nonce-1",
                            event=day.event)
    assert out.ok
    read = store.desk_read(day.recipient.pk, "store-nonce-1", lock=False)
    with scopes_disabled():
        orm = Delegate.objects.select_related("category", "organisation").get(pk=day.recipient.pk)
    d = read.delegate
    assert (d.pk, d.event_id, d.display_name, d.unit_name, d.seat, d.notes, d.revoked) == (
        orm.pk, orm.event_id, orm.display_name, orm.unit_name, orm.seat, orm.notes, orm.revoked)
    assert (d.category.code, d.category.name) == (orm.category.code, orm.category.name)
    assert d.checked_in_at == orm.checked_in_at and timezone.is_aware(d.checked_in_at)
    assert read.checkin.pk == out.checkin.pk and read.checkin.by.display == day.world.users["reception"].display
    assert read.checkin.at == out.checkin.at
    assert read.scan is not None and read.scan.result == "ok" and read.scan.checkin_id == out.checkin.pk
    assert store.desk_read(day.recipient.pk, "no-such-nonce", lock=False).scan is None
    assert store.desk_read(10**9, "store-nonce-1", lock=False).delegate is None  # unknown id: the scan still found


def test_file_lock_makes_the_second_writer_wait(tmp_path):
    lock = store.FileLock(str(tmp_path / "db.writers.lock"))
    order = []
    holding = threading.Event()

    def first():
        with lock:
            holding.set()
            time.sleep(0.2)
            order.append("first done")

    def second():
        holding.wait()
        started = time.monotonic()
        with lock:
            order.append(("second in", time.monotonic() - started))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    [t.start() for t in threads]
    [t.join(5) for t in threads]
    assert order[0] == "first done" and order[1][0] == "second in"
    assert order[1][1] >= 0.1  # it waited for the first to let go
