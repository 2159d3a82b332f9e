"""A small post-reform world for the dossier tests: a province over two communes, each with units, people
and accounts; the commune has an approved proposal for the province's Bằng khen (its council passed two
candidates); the province has a chair to sign and an open council meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_scopes import scopes_disabled

from tests.factories import make_user
from thidua.awards import services as awards
from thidua.awards.models import Award, AwardFamily, Proposal
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Role, Signer, User

YEAR = 2026
MEMBERS = [("Nguyễn Văn Hạ", "Chủ tịch Hội đồng"), ("Trần Thị Ánh", "Phó Chủ tịch"), ("Lê Văn Bình", "Ủy viên")]
PDF = b"%PDF-1.4 ho so"


@dataclass
class Levels:
    province: Authority
    commune: Authority
    other: Authority
    unit: Organisation
    person: Person
    teacher: Person
    proposal: Proposal
    users: dict[str, User]


def _authority(code, name, level, parent=None) -> Authority:
    return Authority.objects.create(code=code, name=f"Ủy ban nhân dân {name}", short_name=f"UBND {name}", level=level,
                                    header_name=f"ỦY BAN NHÂN DÂN\n{name.upper()}", place_name=name.split()[-1],
                                    province_name="Đồng Nai", parent=parent)


def approved_proposal(actor, authority, unit, people, award="bk-tinh", year=YEAR, council_day=dt.date(YEAR, 11, 20),
                      collective=True) -> Proposal:
    """A proposal of `authority` for `award` through its own council: every candidate passes."""
    p = awards.create_proposal(actor, authority, {
        "organisation": unit, "year": year, "family": AwardFamily.objects.get(code="thuong-xuyen"),
        "award": Award.objects.get(code=award), "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2026"})
    lines = [awards.add_line(actor, p, {"kind": "individual", "person": x, "achievement": f"Thành tích của {x}"})
             for x in people]
    if collective:
        lines.append(awards.add_line(actor, p, {"kind": "collective", "organisation": unit,
                                                "achievement": "Tập thể hoàn thành xuất sắc nhiệm vụ"}))
    awards.transition(actor, p, "submit")
    awards.transition(actor, p, "accept")
    m = awards.create_meeting(actor, authority, {"year": year, "date": council_day, "chair": "Nguyễn Văn Hạ",
                                                 "secretary": "Đỗ Thu"}, MEMBERS)
    awards.put_to_council(actor, m, [p])
    for line in lines:
        awards.record_vote(actor, m, line, "open", 3, 0, 0)
    awards.close_meeting(actor, m)
    p.refresh_from_db()
    return p


def make_levels() -> Levels:
    with scopes_disabled():
        awards.seed_catalogue(None)
        province = _authority("dong-nai", "tỉnh Đồng Nai", "tinh")
        commune = _authority("xa-tan-khai-moi", "xã Tân Khai", "xa", province)
        other = _authority("xa-tan-hung-moi", "xã Tân Hưng", "xa", province)
        unit = Organisation.objects.create(authority=commune, code="th-a", name="Trường Tiểu học Tân Khai A",
                                           kind=OrgKind.SCHOOL)
        Organisation.objects.create(authority=other, code="th-b", name="Trường Tiểu học Tân Hưng", kind=OrgKind.SCHOOL)
        person = Person.objects.create(authority=commune, organisation=unit, family_name="Nguyễn", middle_name="Văn",
                                       given_name="Hạ", gender="M", position="Hiệu trưởng",
                                       birth_date=dt.date(1978, 5, 2))
        teacher = Person.objects.create(authority=commune, organisation=unit, family_name="Phạm", middle_name="Thị",
                                        given_name="Tú", gender="F", position="Giáo viên")
        for a, chair in ((province, "Võ Tấn Đức"), (commune, "Trần Quốc Hùng"), (other, "Lê Văn Tám")):
            Signer.objects.create(authority=a, name=chair, title="CHỦ TỊCH", is_chair=True)
        users = {
            "tinh.thuongtruc": make_user("tinh.thuongtruc", Role.SECRETARIAT, province),
            "tinh.thamdinh": make_user("tinh.thamdinh", Role.REVIEWER, province),
            "xa.thuongtruc": make_user("xa.thuongtruc", Role.SECRETARIAT, commune),
            "xa.donvi": make_user("xa.donvi", Role.UNIT_OFFICER, commune, unit),
        }
        for role in Role.values:  # every role of the other commune
            u = Organisation.objects.get(authority=other, code="th-b") if role == Role.UNIT_OFFICER else None
            users[f"hung.{role}"] = make_user(f"hung.{role}", role, other, u)
        proposal = approved_proposal(None, commune, unit, [person, teacher])
    return Levels(province, commune, other, unit, person, teacher, proposal, users)


def province_meeting(levels: Levels, day=dt.date(YEAR, 12, 1)):
    with scopes_disabled():
        return awards.create_meeting(None, levels.province, {"year": YEAR, "date": day, "chair": "Võ Tấn Đức",
                                                             "secretary": "Lê Thị Hồng"}, MEMBERS)
