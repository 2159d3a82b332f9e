import datetime as dt
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from tests.factories import World, make_world
from thidua.events import services as event_services
from thidua.events.models import Delegate, Event
from thidua.events.tokens import make_token


@dataclass
class Day:
    world: World
    event: Event
    cats: dict
    ha: Delegate  # Nguyễn Văn Hạ, unit A, district (b)
    anh: Delegate  # Trần Thị Ánh, unit B, district (b), sends a substitute
    guest: Delegate  # province guest (a)
    recipient: Delegate  # award recipient (d)
    other_event: Event  # same authority, another conference
    foreign_event: Event  # another authority's conference
    foreign: Delegate

    def token(self, d: Delegate) -> str:
        return make_token(d)


def build_day() -> Day:
    world = make_world()
    with scopes_disabled():
        event = event_services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30), "venue": "Hội trường UBND xã",
            "capacity": 300, "parking_car": "sân trước", "parking_motorbike": "nhà xe sau"})
        cats = {c.code: c for c in event.categories.all()}
        ha = event_services.add_people(None, event, cats["b"], [world.person_a])[0][0]
        anh = event_services.add_people(None, event, cats["b"], [world.person_b])[0][0]
        event_services.record_reply(None, anh, "substitute", "phone", "Lê Hữu Nghĩa", "Phó Trưởng phòng")
        guest = event_services.add_delegate(None, event, {"category": cats["a"], "full_name": "Trần Văn Thành",
                                                          "gender": "M", "position": "Phó Giám đốc",
                                                          "unit_text": "Sở Nội vụ tỉnh Bình Phước",
                                                          "vehicle": "car"})
        recipient = event_services.add_delegate(None, event, {"category": cats["d"], "full_name": "Điểu Thị Lan",
                                                              "gender": "F", "organisation": world.unit_a,
                                                              "notes": "nhận thưởng đợt 2", "vehicle": "motorbike"})
        for d in (ha, guest, recipient):
            event_services.record_reply(None, d, "accepted", "phone")
        other_event = event_services.create_event(None, world.authority, {"slug": "phat-dong", "title": "Lễ phát động"},
                                                  default_categories=True)
        foreign_event = event_services.create_event(None, world.other_authority, {"slug": "khac", "title": "Hội nghị khác"})
        foreign = event_services.add_delegate(None, foreign_event, {
            "category": foreign_event.categories.first(), "full_name": "Lê Thị Bích", "unit_text": "Minh Đức"})
        for d in (ha, anh, guest, recipient):
            d.refresh_from_db()
    return Day(world, event, cats, ha, anh, guest, recipient, other_event, foreign_event, foreign)


@pytest.fixture
def day(db) -> Day:
    return build_day()
