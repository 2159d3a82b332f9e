"""#16: quantities, prices and norms typed as officials write them ("1.234,5", "1.500.000")."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.logistics import services
from thidua.logistics.models import BudgetLine, SpendingNorm

pytestmark = pytest.mark.django_db


def test_budget_line_quantity_and_price_as_typed(client, prep):
    client.force_login(prep["world"].users["secretariat"])
    event = prep["event"]
    with scopes_disabled():
        services.ensure_budget(None, event)
    url = reverse("logistics:budget_line_create", args=[event.pk])
    r = client.post(url, {"group": "flowers", "item": "Hoa tươi", "unit": "bó", "basis": "fixed",
                          "quantity": "1.234,5", "per_delegate": "", "unit_price": "1.500.000", "note": ""})
    assert r.status_code == 302, r.content.decode()[:3000]
    with scopes_disabled():
        line = BudgetLine.objects.get(item="Hoa tươi")
    assert line.quantity == Decimal("1234.5") and line.unit_price == 1500000
    page = client.get(reverse("logistics:budget_line_edit", args=[event.pk, line.pk])).content.decode()
    assert 'value="1.234,5"' in page and 'value="1.500.000"' in page  # shown the way it reads back
    page = client.post(url, {"group": "flowers", "item": "Hoa bàn", "basis": "fixed", "quantity": "7,500",
                             "unit_price": "1.500.000"}).content.decode()
    assert "có thể đọc là 7,5 hoặc 7.500" in page
    page = client.post(url, {"group": "flowers", "item": "Hoa bàn", "basis": "fixed", "quantity": "2",
                             "unit_price": "1.500,5"}).content.decode()
    assert "phải là số nguyên" in page
    with scopes_disabled():
        assert not BudgetLine.objects.filter(item="Hoa bàn").exists()


def test_budget_service_reads_typed_numbers(prep):
    with scopes_disabled():
        budget = services.ensure_budget(None, prep["event"])
        line = services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "basis": "fixed",
                                                        "quantity": "1.234,5", "unit_price": "40.000"})
        assert line.quantity == Decimal("1234.5") and line.unit_price == 40000
        with pytest.raises(services.ValidationFailed, match="7,5 hoặc 7.500"):
            services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "basis": "fixed",
                                                     "quantity": "7,500", "unit_price": 1})


def test_norm_with_thousands_dots(client, prep):
    w = prep["world"]
    client.force_login(w.users["secretariat"])
    data = {f"{k}_{g}": "" for g in ("decoration", "printing", "refreshments", "sound", "certificates", "flowers",
                                        "press", "other") for k in ("limit", "basis")}
    assert client.post(reverse("logistics:norms"), {**data, "limit_refreshments": "40.000 đồng"}).status_code == 302
    with scopes_disabled():
        assert SpendingNorm.objects.get(authority=w.authority, group="refreshments").limit_per_delegate == 40000
    page = client.get(reverse("logistics:norms")).content.decode()
    assert 'value="40.000"' in page
