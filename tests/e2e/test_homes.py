"""Each demo role's home in a real browser, on the demo data, viewed "as of" 03/04/2025 (a week before the
demo conference): the leader's charts are drawn, the unit officer's and the appraiser's lists link to their
work, reception lands on the desk; the authority is named in every header. Screenshots in /tmp/h15/."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/h15")
DEMO_PASSWORD = "demo-thidua-2025"
AUTHORITY = "Ủy ban nhân dân huyện Hớn Quản"


def _enter(page, live_server, username: str):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}/")
    page.fill("#as_of", "2025-04-03")
    page.locator("form[action='/xem-nhu-ngay/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_each_role_home(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    call_command("demo", verbosity=0)
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    _enter(page, live_server, "lanhdao")
    expect(page.locator(".app-authority")).to_contain_text(AUTHORITY)
    for key in ("covenants", "awards", "prize", "fund", "replies", "attendance"):
        figure = page.get_by_test_id(f"figure-{key}")
        expect(figure.locator("canvas")).to_be_visible()
        assert figure.locator("canvas").evaluate("c => Chart.getChart(c) !== undefined"), key
        assert figure.locator("tbody tr").count() > 0, key
    expect(page.get_by_test_id("note-prize")).to_contain_text("số quỹ thực chi xem ở bảng Quỹ thi đua, khen thưởng")
    expect(page.get_by_text("Không có việc gì cần chú ý")).to_have_count(0)
    page.screenshot(path=SHOTS / "home-lanhdao.png", full_page=True)

    _enter(page, live_server, "donvi")
    expect(page.locator(".app-authority")).to_contain_text(AUTHORITY)
    tasks = page.get_by_test_id("unit-task")
    assert tasks.count() >= 2
    page.screenshot(path=SHOTS / "home-donvi.png", full_page=True)
    tasks.first.locator("a").click()
    page.wait_for_load_state()
    assert page.url != f"{live_server.url}/"

    _enter(page, live_server, "thamdinh")
    expect(page.locator(".app-authority")).to_contain_text(AUTHORITY)
    expect(page.get_by_test_id("review-item").first).to_be_visible()
    page.screenshot(path=SHOTS / "home-thamdinh.png", full_page=True)

    for username in ("thuongtruc", "quantri"):
        _enter(page, live_server, username)
        expect(page.locator(".app-authority")).to_contain_text(AUTHORITY)
        expect(page.get_by_test_id("attention")).to_be_visible()
        expect(page.get_by_test_id("figure-awards").locator("canvas")).to_be_visible()
        page.screenshot(path=SHOTS / f"home-{username}.png", full_page=True)

    _enter(page, live_server, "dontiep")  # the as-of form sends reception back home: today's desk
    expect(page).to_have_url(re.compile(r"/don-tiep/\d+/$"))
    expect(page.locator(".app-authority")).to_contain_text(AUTHORITY)
    page.screenshot(path=SHOTS / "home-dontiep.png", full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e or "Chart" in e], errors
