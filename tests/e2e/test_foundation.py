"""A person's walk through the foundation in Chromium: log in, search, import, check scope."""

import re

import pytest
from playwright.sync_api import expect

from tests.orgs.test_imports import messy_people_workbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_searches_and_imports_a_messy_workbook(world, login, live_server, tmp_path):
    page = login("thuongtruc")
    expect(page.locator("h1")).to_contain_text("Ủy ban nhân dân xã Tân Khai")
    page.click("a.dropdown-toggle:has-text('Tổ chức')")
    page.click("a.dropdown-item:has-text('Cá nhân')")
    page.fill("input[name=q]", "nguyen van ha")
    page.click("button:has-text('Lọc')")
    rows = page.locator("[data-testid=person-table] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Văn Hạ")

    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(messy_people_workbook())
    page.goto(f"{live_server.url}/to-chuc/nhap/people/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('Kiểm tra tệp')")
    expect(page.locator("[data-testid=import-counts]")).to_contain_text("Bị từ chối: 3")
    expect(page.locator("[data-testid=import-rows]")).to_contain_text("Không tìm thấy đơn vị “Trường THPT Không Có”")
    page.screenshot(path=tmp_path / "foundation-import-report.png", full_page=True)
    page.click("button:has-text('Nhập thật')")
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập 2 cá nhân mới")
    page.goto(f"{live_server.url}/to-chuc/ca-nhan/?q=uong")
    expect(page.locator("[data-testid=person-table]")).to_contain_text("Đặng Thị Ượng")
    page.screenshot(path=tmp_path / "foundation-people.png", full_page=True)


def test_unit_officer_is_kept_to_their_unit_on_a_phone(world, login, live_server, page, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    login("donvi")
    page.goto(f"{live_server.url}/to-chuc/ca-nhan/")
    table = page.locator("[data-testid=person-table]")
    expect(table).to_contain_text("Nguyễn Văn Hạ")
    expect(table).not_to_contain_text("Trần Thị Ánh")
    response = page.goto(f"{live_server.url}/to-chuc/don-vi/{world.unit_b.pk}/")
    assert response.status == 403
    page.goto(f"{live_server.url}/")
    page.click("button.navbar-toggler")
    expect(page.locator("#mainnav")).to_be_visible()
    page.screenshot(path=tmp_path / "foundation-phone.png", full_page=True)


def test_time_machine_banner(world, login, live_server):
    page = login("thuongtruc")
    page.fill("#as_of", "2025-04-07")
    page.click("button:has-text('Xem')")
    expect(page.locator("[data-testid=as-of-banner]")).to_contain_text("07/04/2025")
    page.click("button:has-text('Về ngày hiện tại')")
    expect(page.locator("[data-testid=as-of-banner]")).to_have_count(0)
    assert re.search(r"/$", page.url)
