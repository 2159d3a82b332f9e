"""#16: amounts and counts typed on the awards pages as officials write them."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.awards.models import BaseSalary

pytestmark = pytest.mark.django_db


def test_base_salary_amount_with_thousands_dots(client, world):
    client.force_login(world.users["admin"])
    url = reverse("awards:base_salary_save")
    client.post(url, {"valid_from": "01/07/2026", "amount": "1.500.000", "legal_basis": "Nghị định"})
    with scopes_disabled():
        assert BaseSalary.objects.get(valid_from=dt.date(2026, 7, 1)).amount == 1500000
    page = client.post(url, {"valid_from": "01/08/2026", "amount": "1.500.000,5"}, follow=True).content.decode()
    assert "Mức lương cơ sở phải là số nguyên" in page
    page = client.post(url, {"valid_from": "01/08/2026", "amount": "1,5 triệu"}, follow=True).content.decode()
    assert "không phải là số" in page
    with scopes_disabled():
        assert not BaseSalary.objects.filter(valid_from=dt.date(2026, 8, 1)).exists()


def test_typed_decision_number_and_settings_are_read_or_refused_never_dropped(client, world):
    from tests.awards.helpers import make_signer  # noqa: PLC0415 (optional)
    from thidua.awards import services  # noqa: PLC0415 (optional)
    from thidua.awards.models import Award  # noqa: PLC0415 (optional)

    with scopes_disabled():  # a decision of the province recorded here, with the number the province gave it
        world.authority.province_name = "Bình Phước"
        world.authority.save()
        d = services.create_decision(None, world.authority, {
            "award": Award.objects.get(code="bk-tinh"), "date": dt.date(2025, 3, 10), "year": 2024,
            "signer": make_signer(world.authority), "signer_level": "ct-tinh", "reason": "đã có thành tích"},
            [{"kind": "individual", "person": world.person_a}])
    client.force_login(world.users["secretariat"])
    page = client.post(reverse("awards:decision_issue", args=[d.pk]), {"number": "12a"}, follow=True).content.decode()
    assert "Số quyết định “12a” không phải là số" in page
    d.refresh_from_db()
    assert d.number is None  # not issued with the next number of the register instead
    client.post(reverse("awards:decision_issue", args=[d.pk]), {"number": "1.012"})
    d.refresh_from_db()
    assert d.number == 1012
    client.force_login(world.users["admin"])
    page = client.post(reverse("awards:settings_save"), {"rounding_mode": "nearest", "quorum_num": "1/2",
                                                         "quorum_den": 2, "pass_num": 1, "pass_den": 2},
                       follow=True).content.decode()
    assert "Tỷ lệ có mặt (tử số) “1/2” không phải là số" in page
    with scopes_disabled():
        assert services.settings_for(world.authority).rounding_mode != "nearest"


def test_blank_size_read_by_the_one_parser(world):
    from thidua.awards import services  # noqa: PLC0415 (optional)
    from thidua.orgs.services import ValidationFailed  # noqa: PLC0415 (optional)

    with scopes_disabled():
        blank = services.save_blank(None, world.authority, {"name": "Phôi A4", "width_mm": "297,5",
                                                            "height_mm": "210"})
        assert blank.width_mm == 297.5 and blank.height_mm == 210
        with pytest.raises(ValidationFailed, match="Chiều rộng \\(mm\\) “29x” không phải là số"):
            services.save_blank(None, world.authority, {"name": "Phôi", "width_mm": "29x", "height_mm": 210})


def test_an_own_decision_is_numbered_by_the_register_not_typed(client, world):
    from tests.awards.helpers import make_signer  # noqa: PLC0415 (optional)
    from thidua.awards import services  # noqa: PLC0415 (optional)
    from thidua.awards.models import Award  # noqa: PLC0415 (optional)

    with scopes_disabled():
        d = services.create_decision(None, world.authority, {
            "award": Award.objects.get(code="gk-xa"), "date": dt.date(2025, 3, 10), "year": 2024,
            "signer": make_signer(world.authority), "signer_level": "ct-xa", "reason": "đã có thành tích"},
            [{"kind": "individual", "person": world.person_a}])
    client.force_login(world.users["secretariat"])
    page = client.post(reverse("awards:decision_issue", args=[d.pk]), {"number": "12"}, follow=True).content.decode()
    assert "sổ văn bản đi" in page
    d.refresh_from_db()
    assert d.number is None and d.status == "draft"
