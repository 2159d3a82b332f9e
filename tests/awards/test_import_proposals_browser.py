"""A commune's secretariat imports a messy proposal list in Chromium: upload, preview, confirm (#19)."""

import pytest
from playwright.sync_api import expect

from tests.awards.test_import_proposals import messy_list
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_uploads_previews_and_confirms_a_proposal_list(world, page, live_server, tmp_path):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "thuongtruc")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")

    page.goto(f"{live_server.url}/khen-thuong/")
    page.click("a:has-text('Nhập danh sách từ Excel')")
    expect(page.locator("h1")).to_contain_text("Nhập danh sách đề nghị khen thưởng")
    path = tmp_path / "danh-sach-de-nghi.xlsx"
    path.write_bytes(messy_list(world))
    page.set_input_files("input[type=file]", str(path))
    page.fill("input[name=year]", "2025")
    page.click("button:has-text('Kiểm tra tệp')")
    counts = page.locator("[data-testid=import-counts]")
    expect(counts).to_contain_text("Thêm mới: 6")
    expect(counts).to_contain_text("Bị từ chối: 3")
    rows = page.locator("[data-testid=import-rows]")
    expect(rows).to_contain_text("Không có hình thức khen thưởng “Huân chương Lao động hạng Ba”")
    expect(rows).to_contain_text("Đặng Thị Ượng")  # the TCVN3 cell, read as Unicode
    page.screenshot(path=tmp_path / "import-proposals-preview.png", full_page=True)

    page.click("button:has-text('Nhập thật')")
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập 6 dòng đề nghị mới")
    page.click("a:has-text('Xem các hồ sơ đang soạn')")
    expect(page.locator("main, body").first).to_contain_text("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    page.screenshot(path=tmp_path / "import-proposals-drafts.png", full_page=True)
