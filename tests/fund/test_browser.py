"""In the browser: the secretariat records an allocation through the form (a refused amount keeps what was
typed), sees the ledger with the decision's posting and the running balance, and the year filter."""

import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled

from tests.awards.helpers import decided
from tests.factories import PASSWORD, make_world
from thidua.awards import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    w = make_world()
    with scopes_disabled():
        services.seed_catalogue(None)
    return w


def test_secretariat_records_an_allocation_and_reads_the_ledger(page, live_server, world, tmp_path):
    decided(world, day=dt.date(2025, 3, 10))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "thuongtruc")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    assert "Quỹ thi đua, khen thưởng bị âm" in page.content()  # paid before anything was allocated
    page.goto(f"{live_server.url}/quy-thi-dua/?nam=2025")
    page.click("text=Ghi sổ quỹ")
    page.fill("#id_date", "2025-01-10")
    page.select_option("#id_kind", "allocation")
    page.fill("#id_amount", "50.000,5")
    page.fill("#id_description", "Trích lập Quỹ thi đua, khen thưởng năm 2025")
    page.fill("#id_document_number", "05/QĐ-UBND")
    page.click("button:has-text('Ghi sổ')")
    page.wait_for_selector(".invalid-feedback, .text-danger, .alert-danger")
    assert page.input_value("#id_description") == "Trích lập Quỹ thi đua, khen thưởng năm 2025"
    page.fill("#id_amount", "50.000.000")
    page.click("button:has-text('Ghi sổ')")
    page.wait_for_url(re.compile(r".*/quy-thi-dua/\?nam=2025$"))
    page.wait_for_selector("text=Đã ghi sổ quỹ")
    table = page.inner_text("[data-testid=fund-table]")
    assert "Trích lập Quỹ thi đua, khen thưởng năm 2025" in table and "Chi tiền thưởng theo Quyết định số 05" in table
    assert page.inner_text("[data-testid=fund-in]") == "50.000.000"
    page.screenshot(path=tmp_path / "fund-ledger.png", full_page=True)
    page.select_option("#nam", "tat-ca")
    page.wait_for_url(re.compile(r".*nam=tat-ca.*"))
    assert "Tất cả" in page.content()
