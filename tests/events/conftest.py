import datetime as dt
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from tests.factories import World, make_world
from thidua import clock
from thidua.events import services
from thidua.events.models import Delegate, Event
from thidua.orgs.models import Signer


@dataclass
class Conf:
    world: World
    event: Event
    cats: dict
    mine: Delegate  # unit_a (the unit officer's unit)
    theirs: Delegate  # unit_b
    guest: Delegate  # province guest, no unit in the registry
    other_event: Event  # another authority's


@pytest.fixture
def before_the_event():
    """Run as on 01/04/2025: `conf`'s reply links work until the end of its day (10/04/2025)."""
    with clock.as_of(dt.date(2025, 4, 1)):
        yield


@pytest.fixture
def conf(db) -> Conf:
    world = make_world()
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True)
        event = services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30), "venue": "Hội trường UBND xã",
            "capacity": 300, "invitation_code": "45/GM-UBND", "invitation_date": dt.date(2025, 4, 1),
            "contact": "Bà Lê Thị Hồng, ĐT 0271 3 640 123"})
        cats = {c.code: c for c in event.categories.all()}
        mine = services.add_people(None, event, cats["b"], [world.person_a])[0][0]
        theirs = services.add_people(None, event, cats["b"], [world.person_b])[0][0]
        guest = services.add_delegate(None, event, {"category": cats["a"], "full_name": "Trần Văn Thành",
                                                    "gender": "M", "position": "Phó Giám đốc",
                                                    "unit_text": "Sở Nội vụ tỉnh Bình Phước"})
        other_event = services.create_event(None, world.other_authority, {"slug": "khac", "title": "Hội nghị khác"})
    return Conf(world, event, cats, mine, theirs, guest, other_event)
