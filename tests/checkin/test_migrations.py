"""A delegate's seat moves to its one owner, `Delegate.seat`, without losing any: the seat each
assignment held is copied to the delegate, and a seat typed twice is kept once and noted on the other."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("checkin", "0002_clean_text_fields"), ("events", "0003_clean_text_fields")]
AFTER = [("events", "0004_delegate_seat_once")]


def test_the_seat_moves_to_the_delegate_and_stays_one_delegates():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    authority = old.get_model("orgs", "Authority")._base_manager.create(
        code="tk", name="UBND xã Tân Khai", short_name="UBND xã", level="xa", header_name="UBND",
        place_name="Tân Khai")
    event = old.get_model("events", "Event")._base_manager.create(authority_id=authority.pk, slug="tk", title="Hội nghị")
    category = old.get_model("events", "DelegateCategory")._base_manager.create(event_id=event.pk, code="a", name="A")
    Delegate = old.get_model("events", "Delegate")._base_manager
    seated = Delegate.create(event_id=event.pk, category_id=category.pk, full_name="Nguyễn Văn Hạ", seat="")
    typed = Delegate.create(event_id=event.pk, category_id=category.pk, full_name="Trần Thị Ánh", seat="T-A01",
                            notes="đi cùng đoàn")
    alone = Delegate.create(event_id=event.pk, category_id=category.pk, full_name="Lê Văn Bình", seat="Hàng đầu")
    old.get_model("checkin", "SeatAssignment")._base_manager.create(event_id=event.pk, delegate_id=seated.pk,
                                                                     seat="T-A01", manual=True)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = {d.pk: d for d in new.get_model("events", "Delegate")._base_manager.all()}
    assert rows[seated.pk].seat == "T-A01"  # the assignment's seat, now the delegate's
    assert rows[typed.pk].seat == "" and rows[typed.pk].notes == (
        "đi cùng đoàn\nChỗ ngồi ghi trước đây: T-A01 (trùng với đại biểu khác)")
    assert rows[alone.pk].seat == "Hàng đầu"
    assert new.get_model("checkin", "SeatAssignment")._base_manager.get(delegate_id=seated.pk).manual
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_presence_marked_on_the_delegate_becomes_a_checkin_and_nothing_is_lost():
    """`Delegate.checked_in_at` goes (checkin is presence's one owner): a delegate marked present
    without a standing check-in gets one at the same moment; one that has one keeps it alone;
    going back sets the mark again from the check-ins."""
    before = [("checkin", "0003_seat_owned_by_delegate"), ("events", "0004_delegate_seat_once")]
    after = [("events", "0005_presence_owned_by_checkin")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    authority = old.get_model("orgs", "Authority")._base_manager.create(
        code="hq", name="UBND xã Thanh An", short_name="UBND xã", level="xa", header_name="UBND", place_name="Thanh An")
    event = old.get_model("events", "Event")._base_manager.create(authority_id=authority.pk, slug="hq", title="Hội nghị")
    category = old.get_model("events", "DelegateCategory")._base_manager.create(event_id=event.pk, code="a", name="A")
    Delegate = old.get_model("events", "Delegate")._base_manager
    at = dt.datetime(2025, 1, 10, 7, 45, tzinfo=dt.UTC)
    marked = Delegate.create(event_id=event.pk, category_id=category.pk, full_name="Nguyễn Văn Hạ", checked_in_at=at)
    scanned = Delegate.create(event_id=event.pk, category_id=category.pk, full_name="Trần Thị Ánh", checked_in_at=at)
    absent = Delegate.create(event_id=event.pk, category_id=category.pk, full_name="Lê Văn Bình")
    old.get_model("checkin", "CheckIn")._base_manager.create(event_id=event.pk, delegate_id=scanned.pk, at=at,
                                                              desk="Bàn 1", nonce="scan-nonce-1")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    CheckIn = executor.loader.project_state(after).apps.get_model("checkin", "CheckIn")._base_manager
    standing = {c.delegate_id: c for c in CheckIn.filter(status="valid")}
    assert set(standing) == {marked.pk, scanned.pk}  # the absent one stays absent
    assert standing[marked.pk].at == at and standing[marked.pk].desk == "chuyển dữ liệu"
    assert standing[scanned.pk].desk == "Bàn 1" and CheckIn.count() == 2
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)  # and back: the mark from the check-ins, the backfilled row gone
    old = executor.loader.project_state(before).apps
    rows = {d.pk: d for d in old.get_model("events", "Delegate")._base_manager.all()}
    assert rows[marked.pk].checked_in_at == at and rows[scanned.pk].checked_in_at == at
    assert rows[absent.pk].checked_in_at is None
    assert old.get_model("checkin", "CheckIn")._base_manager.count() == 1
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
