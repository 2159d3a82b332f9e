import datetime as dt
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from tests.factories import World, make_world
from thidua.api import services as api_services
from thidua.api.models import ApiClient, ApiScope
from thidua.awards import services
from thidua.awards.models import Award, Decision
from thidua.orgs.models import Person, Signer

ALL = [ApiScope.DOSSIERS, ApiScope.DECISIONS, ApiScope.AWARDS]


@dataclass
class Api:
    world: World
    issued: Decision  # 5/QĐ-UBND of 10/3/2025 (year 2024): Nguyễn Văn Hạ and Phòng Văn hóa - Xã hội
    later: Decision  # 7/QĐ-UBND of 15/1/2026 (year 2025), ldtt: three people
    draft: Decision  # a draft of 2026, gk-xa
    foreign: Decision  # Minh Đức's
    client: ApiClient
    token: str  # every scope, Tân Khai
    awards_only: str  # Tân Khai, awards only
    foreign_token: str  # Minh Đức, every scope
    revoked_token: str

    def auth(self, token: str | None = None) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {token or self.token}"}


def _decision(authority, award, day, number, lines, issue=True, year=None):
    signer = Signer.objects.filter(authority=authority).first() or Signer.objects.create(
        authority=authority, name="Nguyễn Văn Hạ", prefix="", title="CHỦ TỊCH", is_chair=True)
    d = services.create_decision(None, authority, {
        "award": Award.objects.get(code=award), "date": day, "year": year or day.year - 1, "number": number,
        "signer": signer, "signer_level": "ct-xa",
        "reason": "đã có thành tích xuất sắc trong phong trào thi đua"}, lines)
    return services.issue_decision(None, d) if issue else d


def build_api() -> Api:
    world = make_world()
    with scopes_disabled():
        services.seed_catalogue(None)
        people = [Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Lê",
                                        middle_name="Thị", given_name=name, gender="F", position="Giáo viên")
                  for name in ("Đào", "Mận", "Hồng")]
        issued = _decision(world.authority, "gk-xa", dt.date(2025, 3, 10), 5,
                           [{"kind": "individual", "person": world.person_a},
                            {"kind": "collective", "organisation": world.unit_b}])
        later = _decision(world.authority, "ldtt", dt.date(2026, 1, 15), 7,
                          [{"kind": "individual", "person": p} for p in people])
        draft = _decision(world.authority, "gk-xa", dt.date(2026, 2, 1), None,
                          [{"kind": "individual", "person": world.person_b}], issue=False)
        foreign_unit = world.other_unit
        foreign = _decision(world.other_authority, "gk-xa", dt.date(2025, 3, 10), 5,
                            [{"kind": "collective", "organisation": foreign_unit}])
        client, token = api_services.create_client(None, world.authority, {"name": "Văn phòng điện tử", "scopes": ALL})
        _, awards_only = api_services.create_client(None, world.authority, {"name": "CSDL quốc gia",
                                                                            "scopes": [ApiScope.AWARDS]})
        _, foreign_token = api_services.create_client(None, world.other_authority, {"name": "Minh Đức", "scopes": ALL})
        revoked, revoked_token = api_services.create_client(None, world.authority, {"name": "Cũ", "scopes": ALL})
        api_services.revoke_client(None, revoked)
    return Api(world, issued, later, draft, foreign, client, token, awards_only, foreign_token, revoked_token)


@pytest.fixture
def api(db):
    return build_api()
