"""In the browser: a talk from upload to acceptance, seen in the agenda with its estimated time; the
projector view runs a countdown the operator starts."""

import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled
from docx import Document
from playwright.sync_api import expect

from tests.factories import make_world
from thidua.events import services as event_services
from thidua.orgs.models import Signer
from thidua.program import services
from thidua.program.models import AgendaItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TALK = ("Kính thưa quý vị đại biểu. Năm qua đơn vị chúng tôi gặp nhiều khó khăn trong việc triển khai phong trào "
        "thi đua ở cơ sở, nhất là khi cán bộ phụ trách thay đổi. Từ thực tế đó, chúng tôi rút ra bài học kinh "
        "nghiệm: phải gắn phong trào với nhiệm vụ chính trị, giao việc cụ thể cho từng người và kiểm tra thường "
        "xuyên. Giải pháp trong thời gian tới là đổi mới cách làm, lắng nghe ý kiến của người dân và nhân rộng "
        "những cách làm hay. ") * 8  # 752 words: 5.8 minutes


@pytest.fixture
def conference(db):
    world = make_world()
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True)
        event = event_services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30), "end_time": dt.time(11, 0),
            "venue": "Hội trường UBND xã", "closes_year": 2024, "launches_year": 2025})
        services.update_settings(None, event, {"talk_count": 3, "talk_deadline": dt.date(2025, 3, 28)})
        talk = services.invite_talk(None, event, world.unit_a, "Nhất Khối trường học năm 2024")
    return world, event, talk


def _docx(path, text: str):
    d = Document()
    d.add_paragraph(text)
    d.save(path)


def test_talk_from_upload_to_acceptance_lands_in_the_agenda(page, live_server, login, conference, tmp_path):
    world, event, talk = conference
    # the secretariat creates the default agenda in one click
    login("thuongtruc")
    page.goto(f"{live_server.url}/chuong-trinh/{event.pk}/")
    page.get_by_test_id("default-agenda").click()
    expect(page.get_by_test_id("agenda-table")).to_contain_text("Tham luận của Trường Tiểu học Tân Khai A")
    page.screenshot(path=tmp_path / "program-agenda-default.png", full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    # the unit officer uploads the talk as a Word file
    login("donvi")
    page.goto(f"{live_server.url}/chuong-trinh/tham-luan/{talk.pk}/")
    bad = tmp_path / "anh.docx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    page.set_input_files("#id_file", str(bad))
    page.get_by_test_id("upload-talk").click()
    expect(page.locator(".alert-danger")).to_contain_text("Chỉ nhận tệp Word (.docx) hoặc PDF")
    good = tmp_path / "tham-luan.docx"
    _docx(good, TALK)
    page.set_input_files("#id_file", str(good))
    page.get_by_test_id("upload-talk").click()
    expect(page.get_by_test_id("talk-status")).to_have_text("Đã gửi, chờ thẩm định")
    expect(page.get_by_test_id("talk-estimate")).to_contain_text("752 chữ · khoảng 5,8 phút")
    page.screenshot(path=tmp_path / "program-talk-submitted.png", full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    # the reviewer accepts it
    login("thamdinh")
    page.goto(f"{live_server.url}/chuong-trinh/tham-luan/{talk.pk}/")
    expect(page.get_by_test_id("talk-hints")).to_contain_text("không có dấu hiệu của một báo cáo thành tích")
    page.get_by_test_id("accept-talk").click()
    expect(page.get_by_test_id("talk-status")).to_have_text("Đã duyệt")
    page.screenshot(path=tmp_path / "program-talk-accepted.png", full_page=True)

    # and sees it in the agenda with its estimated time: 08:50, 6 minutes
    page.goto(f"{live_server.url}/chuong-trinh/{event.pk}/")
    row = page.locator("#agenda-body tr", has_text="Tham luận của Trường Tiểu học Tân Khai A")
    expect(row).to_contain_text("Đã duyệt · ước tính 5,8 phút")
    expect(row.locator("td").nth(0)).to_contain_text("08:50")
    expect(row.locator("td").nth(1)).to_have_text("6")
    page.screenshot(path=tmp_path / "program-agenda-accepted.png", full_page=True)


def test_projector_runs_a_countdown(page, live_server, login, conference, tmp_path):
    world, event, talk = conference
    with scopes_disabled():
        services.create_default_agenda(None, event)
    login("thuongtruc")
    page.goto(f"{live_server.url}/chuong-trinh/{event.pk}/dieu-khien/")
    item_button = page.locator("form", has_text="Tham luận của Trường Tiểu học Tân Khai A").get_by_role("button")
    item_button.click()
    page.fill("input[name=minutes]", "1")
    page.get_by_test_id("timer-start").click()
    expect(page.get_by_test_id("operator-timer")).to_have_text("đang chạy")

    projector = page.context.new_page()
    projector.goto(f"{live_server.url}/chuong-trinh/{event.pk}/man-chieu/")
    expect(projector.get_by_test_id("projector-title")).to_have_text("Tham luận của Trường Tiểu học Tân Khai A")
    timer = projector.get_by_test_id("projector-timer")
    expect(timer).to_have_text(re.compile(r"0[01]:\d\d"))
    first = timer.inner_text()
    projector.wait_for_timeout(2200)
    second = timer.inner_text()
    assert second < first  # it counts down
    projector.screenshot(path=tmp_path / "program-projector.png")

    page.get_by_test_id("timer-pause").click()
    expect(page.get_by_test_id("operator-timer")).to_contain_text("tạm dừng")
    projector.wait_for_timeout(2500)  # the projector picks up the pause at its next poll
    paused = timer.inner_text()
    projector.wait_for_timeout(1500)
    assert timer.inner_text() == paused
    page.screenshot(path=tmp_path / "program-operator.png", full_page=True)


def _rows(page) -> list[tuple[str, str]]:
    """(start time, title) of every agenda row, as the page shows them."""
    out = []
    for row in page.locator("#agenda-body tr[data-id]").all():
        cells = row.locator("td")
        out.append((cells.nth(0).inner_text().split()[0], cells.nth(2).locator("a").inner_text()))
    return out


def test_drag_and_drop_reorders_the_agenda_and_recomputes_times(page, live_server, login, conference, tmp_path):
    world, event, talk = conference
    with scopes_disabled():
        services.create_default_agenda(None, event)
    login("thuongtruc")
    page.goto(f"{live_server.url}/chuong-trinh/{event.pk}/")
    before = _rows(page)
    titles = [t for _, t in before]
    report = next(t for t in titles if t.startswith("Báo cáo tổng kết"))
    assert dict((t, s) for s, t in before)["Phát biểu chỉ đạo"] == "09:56"
    assert dict((t, s) for s, t in before)[report] == "08:25"

    # drag "Phát biểu chỉ đạo" (15 minutes) onto the upper half of the report's row
    source = page.locator("#agenda-body tr", has_text="Phát biểu chỉ đạo").locator("td").nth(0)
    target = page.locator("#agenda-body tr", has_text=report).locator("td").nth(0)
    with page.expect_response(lambda r: "/sap-xep/" in r.url) as response:
        source.drag_to(target, target_position={"x": 5, "y": 3})
    assert response.value.status == 200
    page.wait_for_load_state("load")
    expect(page.locator("#agenda-body tr[data-id]").nth(5)).to_contain_text("Phát biểu chỉ đạo")

    after = _rows(page)
    expected = titles[:5] + ["Phát biểu chỉ đạo"] + [t for t in titles[5:] if t != "Phát biểu chỉ đạo"]
    assert [t for _, t in after] == expected
    times = dict((t, s) for s, t in after)
    assert times["Phát biểu khai mạc Hội nghị"] == "08:15"  # before the move: unchanged
    assert times["Phát biểu chỉ đạo"] == "08:25"  # takes the report's slot
    assert times[report] == "08:40"  # everything after it moves by 15 minutes
    assert times["Công bố quyết định và trao khen thưởng"] == "09:31"
    assert times[titles[-3]] == "10:11"  # after the directive's old place: unchanged
    with scopes_disabled():
        stored = list(AgendaItem.objects.filter(event=event).order_by("position").values_list("title", "start_time"))
    assert [t for t, _ in stored] == expected
    assert [s.strftime("%H:%M") for _, s in stored] == [s for s, _ in after]
    page.screenshot(path=tmp_path / "proglog-agenda-dragged.png", full_page=True)

    # a move that makes a fixed start overlap is refused whole, with the reason, and nothing changes
    messages = []
    page.on("dialog", lambda d: (messages.append(d.message), d.accept()))
    source = page.locator("#agenda-body tr", has_text="Đón tiếp đại biểu").locator("td").nth(0)
    target = page.locator("#agenda-body tr", has_text="Chào cờ").locator("td").nth(0)
    with page.expect_response(lambda r: "/sap-xep/" in r.url) as response:
        source.drag_to(target, target_position={"x": 5, "y": 30})
    assert response.value.status == 400
    page.wait_for_load_state("load")
    expect(page.locator("#agenda-body tr[data-id]").first).to_contain_text("Đón tiếp đại biểu")
    assert messages and "chồng giờ" in messages[0]
    assert _rows(page) == after
