"""A conference of an authority of each level, for the people papers (#18): a district's (level "huyen",
its summary of 2024 held in 2025) and a commune's (level "xa", 2026). Each has a province guest, an
invitee who sends a substitute with a title and one who sends a substitute without, a unit invited by
an unnamed seat that is also a commended collective, and a collective written as text only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django_scopes import scopes_disabled

from thidua.events import services
from thidua.events.models import Delegate, Event
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Signer

LEVELS = {
    # level: (locality, the office that organises, its short code, the year the conference is held)
    "huyen": ("huyện Hớn Quản", "Phòng Nội vụ", "NV", 2025),
    "xa": ("xã Tân Lợi", "Phòng Văn hóa - Xã hội", "VHXH", 2026),
}


@dataclass
class LevelConf:
    level: str
    authority: Authority
    event: Event
    cats: dict
    guest: Delegate  # Ông Trần Văn Thành, Phó Giám đốc Sở Nội vụ (a province guest, unit as text)
    head: Delegate  # Bà Nguyễn Thị Mai, Hiệu trưởng: sends Ông Lê Hữu Nghĩa, Phó Hiệu trưởng
    teacher: Delegate  # Ông Phạm Văn Bình, Tổ trưởng: sends Bà Đỗ Thị Hoa, title unknown
    school: Organisation  # invited by an unnamed seat; also a commended collective
    office: Organisation  # the organiser
    archive_code: str


def recipient(name: str, organisation=None, award="Giấy khen", number="05/QĐ-UBND",
              day=dt.date(2025, 3, 10)):
    """What awards.queries.decided_recipients yields for a commended collective."""
    return SimpleNamespace(kind="collective", name=name, position="", organisation=organisation, person=None,
                           award_name=award, decision_number=number, decision_date=day)


def build(level: str) -> LevelConf:
    locality, organiser, code, year = LEVELS[level]
    place = locality.split(" ", 1)[1]
    with scopes_disabled():
        authority = Authority.objects.create(
            code=f"ubnd-{level}", name=f"Ủy ban nhân dân {locality}", short_name=f"UBND {locality}", level=level,
            header_name=f"ỦY BAN NHÂN DÂN\n{locality.upper()}", place_name=place, locality=locality)
        Signer.objects.create(authority=authority, name="Hoàng Văn Sơn", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True)
        office = Organisation.objects.create(authority=authority, code="tdkt", name=organiser,
                                             kind=OrgKind.DEPARTMENT, display_order=1)
        school = Organisation.objects.create(authority=authority, code="th", name=f"Trường Tiểu học {place}",
                                             kind=OrgKind.SCHOOL, display_order=2)
        mai = Person.objects.create(authority=authority, organisation=school, family_name="Nguyễn",
                                    middle_name="Thị", given_name="Mai", gender="F", position="Hiệu trưởng")
        binh = Person.objects.create(authority=authority, organisation=school, family_name="Phạm",
                                     middle_name="Văn", given_name="Bình", gender="M", position="Tổ trưởng")
        event = services.create_event(None, authority, {
            "slug": f"tong-ket-{year - 1}", "title": f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year - 1}",
            "date": dt.date(year, 1, 20), "start_time": dt.time(7, 30), "venue": f"Hội trường UBND {locality}",
            "capacity": 200, "invitation_code": "12/GM-UBND", "invitation_date": dt.date(year, 1, 10),
            "organiser": office, "closes_year": year - 1})
        cats = {c.code: c for c in event.categories.all()}
        guest = services.add_delegate(None, event, {"category": cats["a"], "full_name": "Trần Văn Thành",
                                                    "gender": "M", "position": "Phó Giám đốc",
                                                    "unit_text": "Sở Nội vụ"})
        head, teacher = services.add_people(None, event, cats["b"], [mai, binh])[0]
        services.record_reply(None, head, "substitute", "phone", "Lê Hữu Nghĩa", "Phó Hiệu trưởng")
        services.record_reply(None, teacher, "substitute", "phone", "Đỗ Thị Hoa", "")
        for d in (guest, head, teacher):
            d.refresh_from_db()
    return LevelConf(level, authority, event, cats, guest, head, teacher, school, office, code)
