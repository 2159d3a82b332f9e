"""Browser: the picker finds "Nguyễn" for "nguyen", picks several with checkboxes, and a drag (and the
keyboard buttons) reorders a cluster's members; the order is saved (#20)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.emulation.helpers import make_cycle
from tests.factories import make_world
from thidua.emulation.models import Membership
from thidua.events import services
from thidua.orgs.models import Organisation, Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _order(group) -> list[str]:
    with scopes_disabled():
        return list(Membership.objects.filter(group=group).order_by("signing_order")
                    .values_list("organisation__name", flat=True))


def test_search_without_accents_checkboxes_and_drag_order(page, live_server, login, tmp_path):
    world = make_world()
    s = make_cycle(world)
    with scopes_disabled():
        Organisation.objects.create(authority=world.authority, code="d", name="Đội Thanh niên xung kích",
                                    kind="khac", display_order=4)
        for i in range(40):
            Person.objects.create(authority=world.authority, organisation=world.unit_b, family_name="Phạm",
                                  middle_name="Văn", given_name=f"Số {i}", gender="M")
    login("thuongtruc")

    # people: "nguyen" finds "Nguyễn Văn Hạ"; checkboxes choose two
    with scopes_disabled():
        event = services.create_event(None, world.authority, {"slug": "hn", "title": "Hội nghị tổng kết"})
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/dai-bieu/them-tu-danh-ba/")
    page.wait_for_selector("[data-testid=picker]")
    box = page.locator("[data-testid=picker] input").first
    assert box.get_attribute("aria-label")
    box.fill("nguyen")
    expect(page.locator(".ts-dropdown .option", has_text="Nguyễn")).to_have_count(1)
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    options = page.locator(".ts-dropdown .option").all_inner_texts()
    assert options and all("Nguyễn" in o for o in options), options
    page.locator(".ts-dropdown .option", has_text="Nguyễn Văn Hạ").click()
    expect(page.locator(".ts-dropdown .option", has_text="Nguyễn Văn Hạ").locator("input[type=checkbox]")).to_be_checked()
    box.fill("tran thi anh")
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    expect(page.locator(".ts-dropdown .option", has_text="Trần Thị Ánh")).to_have_count(1)  # the search has run
    # from the keyboard: the first match is active after the search, Enter ticks it
    page.keyboard.press("Enter")
    expect(page.locator(".ts-dropdown .option", has_text="Trần Thị Ánh").locator("input[type=checkbox]")).to_be_checked()
    page.screenshot(path=tmp_path / "picker-people.png", full_page=True)
    assert page.locator("[data-testid=picker-order] li").all_inner_texts()[0].startswith("Nguyễn Văn Hạ")
    assert len(page.locator("[data-testid=picker-order] li").all()) == 2
    page.keyboard.press("Escape")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/hoi-nghi/{event.pk}/dai-bieu/")
    assert "Đã thêm 2 đại biểu" in page.content()

    # cluster members: "đoi" and "doi" both find "Đội…"; drag the last member to the top; save
    page.goto(live_server.url + reverse("emulation:group", args=[s.group.pk]))
    page.wait_for_selector("[data-testid=picker-order] li")
    box = page.locator("[data-testid=picker] input").first
    for query in ("doi thanh", "đội thanh"):
        box.fill(query)
        expect(page.locator(".ts-dropdown .option", has_text="Đội Thanh niên")).to_have_count(1)
        expect(page.locator(".ts-dropdown .option")).to_have_count(1)
        assert page.locator(".ts-dropdown .option").all_inner_texts() == ["Đội Thanh niên xung kích"]
    box.fill("")
    page.locator("h1").click()  # leave the box: its list closes
    expect(page.locator(".ts-dropdown")).to_be_hidden()
    items = page.locator("[data-testid=picker-order] li")
    before = [t.split("\n")[0] for t in items.all_inner_texts()]
    assert before == _order(s.group)
    page.screenshot(path=tmp_path / "picker-before-drag.png", full_page=True)
    # HTML5 drag and drop, as the browser sends it: dragstart on the third, dragover and drop on the first
    transfer = page.evaluate_handle("new DataTransfer()")
    items.nth(2).dispatch_event("dragstart", {"dataTransfer": transfer})
    items.nth(0).dispatch_event("dragover", {"dataTransfer": transfer})
    items.nth(0).dispatch_event("drop", {"dataTransfer": transfer})
    items.nth(0).dispatch_event("dragend", {"dataTransfer": transfer})
    # the order list is redrawn by the widget: wait for it (a read at once raced under load)
    expect(page.locator("[data-testid=picker-order] li")).to_contain_text([before[2], before[0], before[1]])
    after = [t.split("\n")[0].strip() for t in page.locator("[data-testid=picker-order] li").all_inner_texts()]
    assert after == [before[2], before[0], before[1]], after
    # and from the keyboard: focus "Xuống" on the first, press Enter
    page.locator("[data-testid=picker-order] li").nth(0).locator("button[data-move='1']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=picker-order] li")).to_contain_text([before[0], before[2], before[1]])
    after = [t.split("\n")[0].strip() for t in page.locator("[data-testid=picker-order] li").all_inner_texts()]
    assert after == [before[0], before[2], before[1]], after
    page.screenshot(path=tmp_path / "picker-members.png", full_page=True)
    page.locator("form:has([name=members]) button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cụm, khối.")
    assert _order(s.group) == [before[0], before[2], before[1]]


def test_the_council_list_is_reordered_by_dragging_a_row(page, live_server, login, tmp_path):
    from thidua.awards import services as awards

    world = make_world()
    with scopes_disabled():
        for name, position in (("Trần Quốc Hùng", "chu-tich"), ("Lê Thị Hồng", "uy-vien"),
                               ("Phạm Văn Toàn", "thu-ky")):
            awards.add_seat(None, world.authority, {"name": name, "position": position, "title": ""})
    login("thuongtruc")
    page.goto(live_server.url + reverse("awards:roster"))
    rows = page.locator("[data-testid=roster-row]")
    expect(rows).to_have_count(3)
    assert rows.first.get_attribute("draggable") == "true"
    transfer = page.evaluate_handle("new DataTransfer()")
    rows.nth(2).dispatch_event("dragstart", {"dataTransfer": transfer})
    rows.nth(0).dispatch_event("dragover", {"dataTransfer": transfer})
    rows.nth(0).dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu thứ tự mới")
    expect(page.locator("[data-testid=roster-name]")).to_have_text(["Phạm Văn Toàn", "Trần Quốc Hùng", "Lê Thị Hồng"])
    with scopes_disabled():
        assert [s.name for s in awards.active_seats(world.authority)] == ["Phạm Văn Toàn", "Trần Quốc Hùng",
                                                                           "Lê Thị Hồng"]
    page.screenshot(path=tmp_path / "roster-after-drag.png", full_page=True)
