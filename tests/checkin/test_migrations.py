"""A delegate's seat moves to its one owner, `Delegate.seat`, without losing any: the seat each
assignment held is copied to the delegate, and a seat typed twice is kept once and noted on the other."""

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
