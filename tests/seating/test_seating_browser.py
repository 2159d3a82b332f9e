"""#20 in a real browser: the hall drawn as rows and seats; a delegate found without accents dragged from
the list to an empty seat; a delegate dragged onto a taken seat asks in a modal (no browser dialog) and
swaps; the same move by keyboard alone; a stale page refused with a message. Screenshots under tmp_path
(and /tmp/h/seating-shots for a look)."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.seating.conftest import seat_day
from thidua.checkin import seating_services
from thidua.events.models import Delegate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/h/seating-shots")


def _shot(page, tmp_path, name):
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _seat_of(d) -> str:
    with scopes_disabled():
        return Delegate.objects.get(pk=d.pk).seat


def test_drag_swap_keyboard_and_stale(page, live_server, login, tmp_path):
    day = seat_day()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_viewport_size({"width": 1400, "height": 900})
    login("thuongtruc")
    page.goto(live_server.url + reverse("checkin:seating", args=[day.event.pk]))
    hall = page.get_by_test_id("hall")
    expect(hall).to_contain_text("SÂN KHẤU")
    expect(page.locator('.s[data-l="CT-01"]')).to_contain_text("T.V.Thành")
    _shot(page, tmp_path, "seating-hall")

    # 1. found without accents in the list of people without a seat, dragged to an empty seat
    page.get_by_label("Tìm đại biểu (có dấu hoặc không dấu)").fill("le huu nghia")
    person = page.get_by_test_id("people-panel").get_by_role("button", name="Lê Hữu Nghĩa")
    expect(person).to_have_count(1)
    person.drag_to(page.locator('.s[data-l="P-B04"]'))
    expect(page.get_by_test_id("seat-status")).to_contain_text("Đã xếp “Lê Hữu Nghĩa” vào ghế P-B04")
    expect(page.locator('.s[data-l="P-B04"]')).to_have_attribute("data-d", str(day.anh.pk))
    assert _seat_of(day.anh) == "P-B04"

    # 2. dragged from a seat onto a taken seat: asked first in a modal, then swapped
    ha_seat, lan_seat = _seat_of(day.ha), _seat_of(day.recipient)
    page.locator(f'.s[data-l="{ha_seat}"]').drag_to(page.locator(f'.s[data-l="{lan_seat}"]'))
    modal = page.get_by_test_id("swap-modal")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text("Đổi chỗ với “Điểu Thị Lan”?")
    expect(modal.get_by_role("button", name="Đổi chỗ", exact=True)).to_be_focused()  # shown, not fading in
    _shot(page, tmp_path, "seating-swap-modal")
    assert _seat_of(day.ha) == ha_seat  # nothing moved before the answer
    modal.get_by_role("button", name="Đổi chỗ", exact=True).click()
    expect(modal).to_be_hidden()
    expect(page.get_by_test_id("seat-status")).to_contain_text(f"“Điểu Thị Lan” chuyển sang ghế {ha_seat}")
    expect(page.locator(f'.s[data-l="{lan_seat}"]')).to_have_attribute("data-d", str(day.ha.pk))
    expect(page.locator(f'.s[data-l="{ha_seat}"]')).to_have_attribute("data-d", str(day.recipient.pk))
    assert _seat_of(day.ha) == lan_seat and _seat_of(day.recipient) == ha_seat

    # 3. by keyboard alone: Thành's seat selected with Enter, arrows to the empty P-B03, Enter
    ct01 = page.locator('.s[data-l="CT-01"]')
    ct01.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("selected")).to_contain_text("Đã chọn: Trần Văn Thành")
    p_b04 = page.locator('.s[data-l="P-B04"]')
    p_b04.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator('.s[data-l="P-B03"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("seat-status")).to_contain_text("Đã xếp “Trần Văn Thành” vào ghế P-B03")
    expect(page.locator('.s[data-l="P-B03"]')).to_be_focused()
    assert _seat_of(day.guest) == "P-B03"
    # and onto a taken seat by keyboard: the modal, answered by keyboard (Enter on the focused button)
    page.keyboard.press("Enter")  # selects Thành again (the seat holds him)
    page.keyboard.press("ArrowRight")  # P-B04, Ánh's substitute
    page.keyboard.press("Enter")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text("Đổi chỗ với “Lê Hữu Nghĩa”?")
    expect(modal.get_by_role("button", name="Đổi chỗ", exact=True)).to_be_focused()
    page.keyboard.press("Escape")  # "no": nothing changes
    expect(modal).to_be_hidden()
    assert _seat_of(day.guest) == "P-B03" and _seat_of(day.anh) == "P-B04"

    # 4. a stale page: someone else takes T-C06 after the page was drawn
    page.keyboard.press("Escape")
    with scopes_disabled():
        seating_services.move_delegate(None, Delegate.objects.select_related("event").get(pk=day.guest.pk), "T-C06")
    page.locator('.s[data-l="P-B04"]').drag_to(page.locator('.s[data-l="T-C06"]'))
    expect(page.get_by_test_id("seat-status")).to_contain_text("Ghế T-C06 đã thay đổi sau khi trang được mở")
    expect(page.get_by_test_id("seat-status")).to_contain_text("Tải lại trang")
    assert _seat_of(day.anh) == "P-B04"
    _shot(page, tmp_path, "seating-stale")
    assert dialogs == []  # no confirm(), no prompt()
