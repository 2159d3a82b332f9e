import pytest
from django_scopes import scopes_disabled

from tests.checkin.conftest import Day, build_day
from tests.e2e.conftest import login  # noqa: F401 (the browser tests' sign-in fixture)
from thidua.checkin import services

PLAN = {"name": "Hội trường UBND xã", "blocks": [
    {"code": "CT", "name": "Đoàn Chủ tịch", "head": True, "aisle": "both", "rows": [{"label": "", "seats": 3}]},
    {"code": "T", "name": "Dãy trái", "aisle": "right", "rows": [{"label": "A", "seats": 4, "reserve": ["a"]},
                                                                 {"label": "B", "seats": 4, "awards": True},
                                                                 {"label": "C", "seats": 6}]},
    {"code": "P", "name": "Dãy phải", "aisle": "left", "rows": [{"label": "A", "seats": 4}, {"label": "B", "seats": 4}]}]}


def seat_day() -> Day:
    """The checkin test day with a small hall: Thành at the presidium (CT-01), the others seated by
    protocol, Ánh (who sends a substitute) taken out again so one person waits for a seat."""
    day = build_day()
    with scopes_disabled():
        services.save_plan(day.world.users["secretariat"], day.event, PLAN)
        services.set_seat(None, day.guest, "CT-01")
        services.auto_assign(None, day.event)
        services.set_seat(None, day.anh, "")
        for d in (day.ha, day.anh, day.guest, day.recipient):
            d.refresh_from_db()
    return day


@pytest.fixture
def day(db) -> Day:
    return seat_day()
