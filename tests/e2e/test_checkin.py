"""The reception desk in a real browser: check in by name and by a typed QR token, see the live
attendance change, lose the network, scan, get it back and see the queue replayed exactly once."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.checkin.conftest import build_day
from tests.factories import PASSWORD
from thidua.checkin.models import CheckIn, Scan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _second_login(page, live_server, username):
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    p = other.new_page()
    p.goto(f"{live_server.url}/dang-nhap/")
    p.fill("#id_username", username)
    p.fill("#id_password", PASSWORD)
    p.click("button[type=submit]")
    p.wait_for_url(f"{live_server.url}/**")
    return p


def test_reception_desk_online_and_offline(page, live_server, login, tmp_path):
    day = build_day()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("dontiep")
    page.goto(f"{live_server.url}/don-tiep/{day.event.pk}/")
    expect(page.locator("#list-time")).not_to_have_text("—")
    expect(page.get_by_test_id("desk-counter")).to_contain_text("Đã đến 0/4")

    # the chair's screen
    chair = _second_login(page, live_server, "thuongtruc")
    chair.goto(f"{live_server.url}/don-tiep/{day.event.pk}/diem-danh/")
    expect(chair.get_by_test_id("present-total")).to_have_text("0")

    # 1. by name, typed without accents
    page.fill("#search-input", "nguyen van ha")
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(1)
    hits.first.get_by_role("button", name="Điểm danh").click()
    expect(page.get_by_test_id("result")).to_have_attribute("data-code", "ok")
    expect(page.get_by_test_id("result-name")).to_have_text("Nguyễn Văn Hạ")
    expect(hits.first).to_contain_text("Đã đến")  # the hit itself shows the arrival

    # 2. a handheld scanner types the whole QR address
    page.fill("#scan-input", f"{live_server.url}/hoi-nghi/qr/{day.token(day.guest)}")
    page.press("#scan-input", "Enter")
    expect(page.get_by_test_id("result-name")).to_have_text("Trần Văn Thành")
    page.screenshot(path=tmp_path / "checkin-e2e-scan.png", full_page=True)

    # the same invitation again: told when and where
    page.fill("#scan-input", day.token(day.guest))
    page.press("#scan-input", "Enter")
    expect(page.get_by_test_id("result")).to_have_attribute("data-code", "already_checked_in")
    expect(page.get_by_test_id("result-message")).to_contain_text("Đại biểu đã điểm danh lúc")

    # garbage from the scanner
    page.fill("#scan-input", "ÂÂÂ%%%")
    page.press("#scan-input", "Enter")
    expect(page.get_by_test_id("result-message")).to_contain_text("Không đọc được mã")

    # the live numbers move by themselves (htmx every 5 s)
    expect(chair.get_by_test_id("present-total")).to_have_text("2", timeout=12000)
    expect(chair.get_by_test_id("present-b")).to_have_text("1")
    chair.screenshot(path=tmp_path / "checkin-e2e-attendance.png", full_page=True)

    # 3. the hall Wi-Fi drops: the scan is kept on the device
    page.context.set_offline(True)
    expect(page.get_by_test_id("net-status")).to_contain_text("Mất mạng")
    page.fill("#scan-input", day.token(day.recipient))
    page.press("#scan-input", "Enter")
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    expect(page.get_by_test_id("result-message")).to_contain_text("đã lưu lượt quét")
    # search still works from the saved list
    page.fill("#search-input", "dieu thi lan")
    expect(page.get_by_test_id("search-hit")).to_have_count(1)
    expect(page.get_by_test_id("search-hit")).to_contain_text("Chờ gửi")
    page.screenshot(path=tmp_path / "checkin-e2e-offline.png", full_page=True)
    with scopes_disabled():
        assert not CheckIn.objects.filter(delegate=day.recipient).exists()

    # 4. back online: replayed once
    page.context.set_offline(False)
    expect(page.get_by_test_id("replay-note")).to_have_text(re.compile("Đã gửi lại 1 lượt"), timeout=10000)
    expect(page.get_by_test_id("queue-box")).to_be_hidden()
    expect(page.get_by_test_id("desk-counter")).to_contain_text("Đã đến 3/4")
    expect(page.get_by_test_id("search-hit")).to_contain_text("Đã đến")
    page.wait_for_timeout(6000)  # a later replay tick must find nothing to send
    page.screenshot(path=tmp_path / "checkin-e2e-replayed.png", full_page=True)
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.recipient).count() == 1
        assert Scan.objects.filter(delegate=day.recipient, offline=True).count() == 1
        assert CheckIn.objects.filter(event=day.event, status="valid").count() == 3
    expect(chair.get_by_test_id("present-total")).to_have_text("3", timeout=12000)
    chair.context.close()
