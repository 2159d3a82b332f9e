"""Browser: the delegate list's bulk action with its confirmation (the count named), and the hub's tabs
and event picker (#20)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.factories import make_world
from thidua.events import services
from thidua.events.models import Delegate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_bulk_category_with_confirmation_and_hub_tabs(page, live_server, login, tmp_path):
    world = make_world()
    with scopes_disabled():
        event = services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết năm 2024", "date": dt.date(2031, 4, 10)})
        other = services.create_event(None, world.authority, {"slug": "so-ket", "title": "Hội nghị sơ kết",
                                                               "date": dt.date(2031, 7, 1)})
        cats = {c.code: c for c in event.categories.all()}
        services.add_people(None, event, cats["b"], [world.person_a, world.person_b])
        services.add_unit_seats(None, event, cats["a"], [world.unit_b], 1)
    login("thuongtruc")
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/dai-bieu/")
    form = page.locator("[data-testid=bulk-form]")
    page.click("[data-testid=bulk-submit]")  # nothing ticked: held back, said so
    expect(form.locator("[data-bulk-count]")).to_contain_text("Chưa chọn")
    form.locator("[data-bulk-all]").check()
    expect(form.locator("[data-bulk-count]")).to_have_text("Đã chọn 3 dòng.")
    page.locator("input[name=ids]").nth(2).uncheck()
    page.select_option("#bulk-action", "category")
    page.select_option("#bulk-category", str(cats["c"].pk))
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    page.screenshot(path=tmp_path / "bulk-before.png", full_page=True)
    page.click("[data-testid=bulk-submit]")
    page.wait_for_selector(".alert-success")
    assert asked == ["Đổi thành phần: 2 đại biểu đã chọn. Tiếp tục?"]
    assert "Đổi thành phần: đã xong cho 2 đại biểu." in page.inner_text(".alert-success")
    with scopes_disabled():
        assert Delegate.objects.filter(event=event, category=cats["c"]).count() == 2
    page.screenshot(path=tmp_path / "bulk-after.png", full_page=True)

    # the hub: overview figures, a tab in the URL, the picker keeps the tab
    page.goto(f"{live_server.url}/hoi-nghi/tong-hop/?event={event.pk}")
    expect(page.locator("[data-testid=hub-quota]")).to_be_visible()
    assert "Đại biểu mời" in page.inner_text("[data-testid=hub-figures]")
    page.screenshot(path=tmp_path / "hub-overview.png", full_page=True)
    page.click("[data-testid=hub-tabs] a[data-tab=giay-moi]")
    page.wait_for_url("**?tab=giay-moi")
    assert "Chưa trả lời" in page.inner_text("[data-testid=hub-panel]")
    page.click("[data-testid=hub-tabs] a[data-tab=diem-danh]")
    page.wait_for_url("**?tab=diem-danh")
    assert page.locator("[data-testid=hub-links] a", has_text="Bàn đón tiếp").count() == 1
    page.select_option("#hub-event", str(other.pk))  # data-autosubmit
    page.wait_for_url(f"**/hoi-nghi/{other.pk}/tong-hop/?tab=diem-danh")
    assert "Hội nghị sơ kết" in page.inner_text("h1")
    page.screenshot(path=tmp_path / "hub-checkin-tab.png", full_page=True)
