"""A province over its communes and a department (#19), beside another province: the tree the levels
tests read. `make_world`'s two communes become siblings under the province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from tests.factories import World, make_authority, make_user, make_world
from thidua.awards import services as awards
from thidua.awards.models import Award
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Role, Signer, User


@dataclass
class Levels:
    world: World
    province: Authority
    commune: Authority  # world.authority
    sibling: Authority  # world.other_authority
    department: Authority
    other_province: Authority
    other_commune: Authority
    users: dict[str, User]


def make_province(code: str, name: str) -> Authority:
    return Authority.objects.create(code=code, name=f"Ủy ban nhân dân tỉnh {name}", short_name=f"UBND tỉnh {name}",
                                    level="tinh", header_name=f"ỦY BAN NHÂN DÂN\nTỈNH {name.upper()}",
                                    place_name=name, province_name=name)


def make_below(parent: Authority, code: str, name: str, level: str = "xa") -> Authority:
    a = make_authority(code, name)
    a.parent, a.level, a.province_name = parent, level, parent.province_name
    a.save()
    Organisation.objects.create(authority=a, code=f"{code}-u", name=f"Trường Tiểu học {name.split()[-1]}",
                                kind=OrgKind.SCHOOL)
    return a


def person_of(authority: Authority, given: str, position: str = "Giáo viên") -> Person:
    unit = Organisation.objects.filter(authority=authority).order_by("id").first()
    return Person.objects.create(authority=authority, organisation=unit, family_name="Nguyễn", middle_name="Văn",
                                 given_name=given, gender="M", position=position)


def issue(authority: Authority, award: str, lines: list[dict], number: int, day=dt.date(2026, 3, 10),
          level: str | None = None):
    """An issued decision of `authority` (actor None: the CLI operator)."""
    with scopes_disabled():
        signer = Signer.objects.filter(authority=authority, is_chair=True).first() or Signer.objects.create(
            authority=authority, name="Trần Văn Chủ", prefix="", title="CHỦ TỊCH", is_chair=True)
        own = {"tinh": "ct-tinh", "xa": "ct-xa", "huyen": "ct-huyen"}.get(authority.level, "thu-truong")
        d = awards.create_decision(None, authority, {
            "award": Award.objects.get(code=award), "date": day, "year": day.year, "number": number,
            "signer": signer, "signer_level": level or own,
            "reason": "đã có thành tích xuất sắc trong phong trào thi đua"}, lines)
        return awards.issue_decision(None, d)


@pytest.fixture
def levels(db) -> Levels:
    world = make_world()
    with scopes_disabled():
        awards.seed_catalogue(None)
        province = make_province("dn-test", "Đồng Nai")
        for a in (world.authority, world.other_authority):
            a.parent, a.province_name = province, "Đồng Nai"
            a.save()
        department = make_below(province, "so-gd-test", "Sở Giáo dục", level="so")
        other_province = make_province("bd-test", "Bình Dương")
        other_commune = make_below(other_province, "xa-bd", "xã Tân Uyên")
        users = {
            "p_secretariat": make_user("tinh.tt", Role.SECRETARIAT, province),
            "p_leader": make_user("tinh.ld", Role.LEADER, province),
            "p_reviewer": make_user("tinh.td", Role.REVIEWER, province),
            "p_admin": make_user("tinh.qt", Role.ADMIN, province),
            "d_secretariat": make_user("so.tt", Role.SECRETARIAT, department),
            "q_secretariat": make_user("bd.tt", Role.SECRETARIAT, other_province),
            **{f"c_{k}": v for k, v in world.users.items()},  # the commune's roles; c_other_secretariat: sibling
        }
    return Levels(world, province, world.authority, world.other_authority, department, other_province,
                  other_commune, users)
