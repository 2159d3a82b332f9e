"""The check-in path's plain SQL (`checkin.store`): rows come back as the ORM would give them, and the
SQLite writer lock makes a second writer wait for the first instead of polling."""

import json
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from thidua.checkin import queries, services, store
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
    read = store.desk_read(day.recipient.pk, "store-nonce-1")
    with scopes_disabled():
        orm = Delegate.objects.select_related("category", "organisation").get(pk=day.recipient.pk)
    d = read.delegate
    assert (d.pk, d.event_id, d.display_name, d.unit_name, d.seat, d.notes, d.revoked) == (
        orm.pk, orm.event_id, orm.display_name, orm.unit_name, orm.seat, orm.notes, orm.revoked)
    assert (d.category.code, d.category.name) == (orm.category.code, orm.category.name)
    assert read.checkin.pk == out.checkin.pk and read.checkin.by.display == day.world.users["reception"].display
    assert read.checkin.at == out.checkin.at and timezone.is_aware(read.checkin.at)
    assert read.scan is not None and read.scan.result == "ok" and read.scan.checkin_id == out.checkin.pk
    assert store.desk_read(day.recipient.pk, "no-such-nonce").scan is None
    assert store.desk_read(10**9, "store-nonce-1").delegate is None  # unknown id: the scan still found


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


def _statements_of_a_scan(day, key: str, nonce: str) -> list[str]:
    """Every statement one scanner request for a check-in sends (BEGIN included), counted below the
    ORM, at Django's cursor wrapper."""
    seen: list[str] = []
    client = Client()
    url = reverse("checkin:api_checkin", args=[day.event.pk])
    body = json.dumps({"token": day.token(day.recipient), "nonce": nonce, "desk": "Bàn 1"})
    with connection.execute_wrapper(
            lambda execute, sql, params, many, context: seen.append(sql) or execute(sql, params, many, context)):
        r = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200, r.content
    return seen


def test_a_scan_takes_the_statements_the_store_docstring_says(day):
    """`checkin.store`'s docstring gives the count; a scan must not grow past it."""
    with scopes_disabled():
        _, key = services.create_token(day.world.users["admin"], day.world.users["reception"], "Máy quét")
        queries.cached_seat_texts(store.event(day.event.pk))  # the seat texts are read once per 15 s, not per scan
    first = _statements_of_a_scan(day, key, "count-nonce-1")
    replay = _statements_of_a_scan(day, key, "count-nonce-1")
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")  # the transaction's own, not the scan's
    first = [sql for sql in first if not sql.startswith(control)]
    replay = [sql for sql in replay if not sql.startswith(control)]
    writes = 1 if connection.vendor == "postgresql" else 3  # one data-modifying WITH on PostgreSQL
    assert len(first) == 2 + writes == (3 if connection.vendor == "postgresql" else 5)
    assert [sql.split()[0] for sql in first[:2]] == ["SELECT", "SELECT"]  # the token with the event; the desk read
    assert len(replay) == 2  # the token; the desk read finds the nonce's scan
