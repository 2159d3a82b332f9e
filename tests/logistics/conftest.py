import datetime as dt

import pytest
from django_scopes import scopes_disabled

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


def make_event(authority: Authority, slug: str = "hoi-nghi", date=dt.date(2025, 4, 10), capacity=300):
    with scopes_disabled():
        return event_services.create_event(None, authority, {"slug": slug, "title": "Hội nghị tổng kết năm 2024",
                                                             "date": date, "capacity": capacity,
                                                             "start_time": dt.time(7, 30),
                                                             "end_time": dt.time(11, 0)})


__all__ = ["make_event", "Role"]


@pytest.fixture
def prep(world):
    """A conference on 10/4/2025 with tasks for unit_a (the officer's) and unit_b, a task of unit_b that
    unit_a supports, a draft plan, materials and a budget; and the other authority's own task."""
    from thidua.logistics import services
    from thidua.orgs.models import Signer

    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="", title="CHỦ TỊCH",
                              is_chair=True)
        event = make_event(world.authority)
        other_event = make_event(world.other_authority, slug="khac")
        plan = services.create_plan(None, event, {"summary": "Tổ chức hội nghị tổng kết", "delegates_total": 280})
        own = services.save_task(None, event, {"organisation": world.unit_a, "title": "Việc của đơn vị A",
                                               "deadline": dt.date(2025, 4, 5)})
        theirs = services.save_task(None, event, {"organisation": world.unit_b, "title": "Việc của đơn vị B",
                                                  "deadline": dt.date(2025, 4, 5)})
        helped = services.save_task(None, event, {"organisation": world.unit_b, "title": "Trang trí hội trường",
                                                  "deadline": dt.date(2025, 4, 3)}, supporting=[world.unit_a])
        other_task = services.save_task(None, other_event, {"organisation": world.other_unit, "title": "Khác",
                                                            "deadline": dt.date(2025, 4, 5)})
    return {"event": event, "other_event": other_event, "plan": plan, "own": own, "theirs": theirs,
            "helped": helped, "other_task": other_task, "world": world}
