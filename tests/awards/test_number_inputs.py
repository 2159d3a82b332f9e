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
