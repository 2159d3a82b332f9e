"""In the browser: a talk from upload to acceptance, seen in the agenda with its estimated time; the
projector view runs a countdown the operator starts."""

import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.factories import make_world
from thidua.events import services as event_services
from thidua.orgs.models import Signer
from thidua.program import services

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
    from docx import Document

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
    page.screenshot(path="/tmp/program-agenda-default.png", full_page=True)
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
    page.screenshot(path="/tmp/program-talk-submitted.png", full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    # the reviewer accepts it
    login("thamdinh")
    page.goto(f"{live_server.url}/chuong-trinh/tham-luan/{talk.pk}/")
    expect(page.get_by_test_id("talk-hints")).to_contain_text("không có dấu hiệu của một báo cáo thành tích")
    page.get_by_test_id("accept-talk").click()
    expect(page.get_by_test_id("talk-status")).to_have_text("Đã duyệt")
    page.screenshot(path="/tmp/program-talk-accepted.png", full_page=True)

    # and sees it in the agenda with its estimated time: 08:50, 6 minutes
    page.goto(f"{live_server.url}/chuong-trinh/{event.pk}/")
    row = page.locator("#agenda-body tr", has_text="Tham luận của Trường Tiểu học Tân Khai A")
    expect(row).to_contain_text("Đã duyệt · ước tính 5,8 phút")
    expect(row.locator("td").nth(0)).to_contain_text("08:50")
    expect(row.locator("td").nth(1)).to_have_text("6")
    page.screenshot(path="/tmp/program-agenda-accepted.png", full_page=True)


def test_projector_runs_a_countdown(page, live_server, login, conference):
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
    projector.screenshot(path="/tmp/program-projector.png")

    page.get_by_test_id("timer-pause").click()
    expect(page.get_by_test_id("operator-timer")).to_contain_text("tạm dừng")
    projector.wait_for_timeout(2500)  # the projector picks up the pause at its next poll
    paused = timer.inner_text()
    projector.wait_for_timeout(1500)
    assert timer.inner_text() == paused
    page.screenshot(path="/tmp/program-operator.png", full_page=True)
