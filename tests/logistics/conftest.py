import datetime as dt

import pytest
from django_scopes import scopes_disabled

from tests.factories import make_world
from thidua.events import services as event_services
from thidua.orgs import demo as orgs_demo
from thidua.orgs.models import Authority, Organisation, Role, User


@pytest.fixture
def honquan(db):
    """The seed's authority (UBND huyện Hớn Quản, its units, signers and accounts) and its conference on
    10/4/2025 in a 300-seat hall with the four default delegate categories (280)."""
    with scopes_disabled():
        authority = orgs_demo.load(log=lambda *a: None)
        event = event_services.create_event(None, authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động "
            "thi đua và ký kết giao ước thi đua năm 2025", "date": dt.date(2025, 4, 10), "tentative_month": 4,
            "tentative_year": 2025, "start_time": dt.time(7, 30), "end_time": dt.time(11, 0),
            "venue": "Hội trường UBND huyện Hớn Quản", "capacity": 300, "closes_year": 2024, "launches_year": 2025})
        units = {u.code: u for u in Organisation.objects.filter(authority=authority)}
        users = {u.username: u for u in User.objects.filter(authority=authority)}
    return {"authority": authority, "event": event, "units": units, "users": users}


@pytest.fixture
def world(db):
    return make_world()


def make_event(authority: Authority, slug: str = "hoi-nghi", date=dt.date(2025, 4, 10), capacity=300):
    with scopes_disabled():
        return event_services.create_event(None, authority, {"slug": slug, "title": "Hội nghị tổng kết năm 2024",
                                                             "date": date, "capacity": capacity,
                                                             "start_time": dt.time(7, 30),
                                                             "end_time": dt.time(11, 0)})


__all__ = ["make_event", "Role"]
