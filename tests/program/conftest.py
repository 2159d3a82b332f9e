import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled
from docx import Document

from tests.factories import World, make_world
from thidua.awards import services as award_services
from thidua.awards.models import Award
from thidua.events import services as event_services
from thidua.events.models import Event
from thidua.orgs.models import Organisation, OrgKind, Person, Signer
from thidua.program import services
from thidua.program.models import Talk

# 752 words of a talk about difficulties, lessons and solutions: 5.8 minutes at 130 words a minute.
GOOD_TALK = ("Kính thưa quý vị đại biểu. Năm qua đơn vị chúng tôi gặp nhiều khó khăn trong việc triển khai phong trào "
             "thi đua ở cơ sở, nhất là khi cán bộ phụ trách thay đổi. Từ thực tế đó, chúng tôi rút ra bài học kinh "
             "nghiệm: phải gắn phong trào với nhiệm vụ chính trị, giao việc cụ thể cho từng người và kiểm tra thường "
             "xuyên. Giải pháp trong thời gian tới là đổi mới cách làm, lắng nghe ý kiến của người dân và nhân rộng "
             "những cách làm hay. ") * 8


def docx_bytes(text: str) -> bytes:
    d = Document()
    for para in text.split("\n"):
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@dataclass
class Conf:
    world: World
    event: Event
    other_event: Event
    talk_a: Talk  # unit_a: the unit officer's
    talk_b: Talk  # unit_b


def make_decision(authority, award_code: str, number: int, date: dt.date, lines: list[dict]):
    award = Award.objects.get(code=award_code)
    d = award_services.create_decision(None, authority, {
        "award": award, "date": date, "signer_title": "CHỦ TỊCH", "signer_name": "Nguyễn Văn Hạ",
        "reason": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024"}, lines)
    return award_services.issue_decision(None, d, number)


@pytest.fixture
def conf(db) -> Conf:
    world = make_world()
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True, display_order=1)
        Signer.objects.create(authority=world.authority, name="Lê Thị Thu", prefix="KT. CHỦ TỊCH",
                              title="PHÓ CHỦ TỊCH", display_order=2)
        event = event_services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động "
            "thi đua và ký kết giao ước thi đua năm 2025", "date": dt.date(2025, 4, 10),
            "start_time": dt.time(7, 30), "end_time": dt.time(11, 0), "venue": "Hội trường UBND xã Tân Khai",
            "closes_year": 2024, "launches_year": 2025})
        other = event_services.create_event(None, world.other_authority, {"slug": "khac", "title": "Hội nghị khác"})
        services.update_settings(None, event, {"talk_deadline": dt.date(2025, 3, 28), "talk_count": 3})
        talk_a = services.invite_talk(None, event, world.unit_a, "Nhất Khối trường học")
        talk_b = services.invite_talk(None, event, world.unit_b, "Nhất Khối phòng, ban")
    return Conf(world, event, other, talk_a, talk_b)


@pytest.fixture
def decisions(conf):
    """Two issued decisions: a Bằng khen of the province (1 collective + 2 people) and 13 Giấy khen."""
    w = conf.world
    with scopes_disabled():
        award_services.seed_catalogue(None)
        people = []
        for i in range(13):
            people.append(Person.objects.create(authority=w.authority, organisation=w.unit_a, family_name="Phạm",
                                                middle_name="Văn", given_name=f"Người{i:02d}", position="Giáo viên"))
        school = Organisation.objects.create(authority=w.authority, code="c", name="Trường Mầm non Tân Khai",
                                             kind=OrgKind.SCHOOL)
        high = make_decision(w.authority, "gk-xa", 12, dt.date(2025, 1, 15),
                             [{"kind": "collective", "organisation": school},
                              {"kind": "individual", "person": w.person_a},
                              {"kind": "individual", "person": w.person_b}])
        low = make_decision(w.authority, "gk-xa", 13, dt.date(2025, 1, 16),
                            [{"kind": "individual", "person": p} for p in people])
    return high, low
