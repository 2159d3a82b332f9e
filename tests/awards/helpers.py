import datetime as dt

from django_scopes import scopes_disabled

from thidua.awards import services
from thidua.awards.models import Award, AwardFamily
from thidua.orgs.models import Signer


def make_signer(authority):
    with scopes_disabled():
        return Signer.objects.create(authority=authority, name="Nguyễn Văn Hạ", prefix="", title="CHỦ TỊCH",
                                     is_chair=True)


def proposal(world, award="gk-xa", unit=None, year=2024, actor=None):
    with scopes_disabled():
        return services.create_proposal(actor or world.users["unit_officer"], world.authority, {
            "organisation": unit or world.unit_a, "year": year, "family": AwardFamily.objects.get(code="thuong-xuyen"),
            "award": Award.objects.get(code=award), "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2024"})


def decided(world, lines=None, award="gk-xa", day=dt.date(2025, 3, 10), number=5, level="ct-xa"):
    """An issued decision straight from lines (as for a decision received from the province)."""
    signer = make_signer(world.authority)
    with scopes_disabled():
        d = services.create_decision(None, world.authority, {
            "award": Award.objects.get(code=award), "date": day, "year": 2024, "number": number, "signer": signer, "signer_level": level,
            "reason": "đã có thành tích xuất sắc trong phong trào thi đua năm 2024"},
            lines or [{"kind": "individual", "person": world.person_a},
                      {"kind": "collective", "organisation": world.unit_b}])
        return services.issue_decision(None, d)
