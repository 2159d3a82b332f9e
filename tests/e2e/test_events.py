"""Browser: import a messy delegate workbook, fix a rejected row, print the invitations (job progress
to download), record a substitute."""

import datetime as dt
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import Workbook

from tests.factories import make_world
from thidua.events import services
from thidua.events.models import Delegate
from thidua.orgs.models import Signer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"])
    ws.append([])
    ws.append(["TT", "Họ tên", "Ông/Bà", "Chức danh", "Cơ quan, đơn vị", "Thành phần", "Xe"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_fix_print_and_substitute(page, live_server, login, tmp_path):
    world = make_world()
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True)
        event = services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30), "venue": "Hội trường UBND xã",
            "capacity": 300, "invitation_code": "45/GM-UBND", "invitation_date": dt.date(2025, 4, 1)})
    messy = tmp_path / "dai-bieu.xlsx"
    messy.write_bytes(_xlsx([
        ["", "b) Đại biểu huyện"],
        [1, "Nguye\u0302\u0303n Va\u0306n Ha\u0323", "Ông", "Hiệu trưởng", "Trường Tiểu học Tân Khai A", None, "Ô tô"],
        [2, "Trần Thị Ánh", "Bà", "Trưởng phòng", "Phòng Văn hóa - Xã hội", None, "xe máy"],
        [3, "Lê Văn Tâm", "Ông", "Chuyên viên", "Phòng Văn hóa - Xã hội", "x", ""],
        [4, "", "", "", "Trường Tiểu học Tân Khai A", "c", ""],
    ]))
    fixed = tmp_path / "dong-da-sua.xlsx"
    fixed.write_bytes(_xlsx([[3, "Lê Văn Tâm", "Ông", "Chuyên viên", "Phòng Văn hóa - Xã hội", "b", ""]]))

    login("thuongtruc")
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/nhap/")
    page.set_input_files("#id_file", str(messy))
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=import-counts]")
    assert "Bị từ chối: 1" in page.inner_text("[data-testid=import-counts]")
    assert "Không rõ thành phần “x”" in page.inner_text("[data-testid=import-rows]")
    page.screenshot(path="/tmp/events-import-report.png", full_page=True)
    page.click("text=Nhập thật")
    page.wait_for_selector("text=Đã nhập 3 đại biểu mới")
    # fix the rejected row and import it again
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/nhap/")
    page.set_input_files("#id_file", str(fixed))
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=import-counts]")
    assert "Bị từ chối: 0" in page.inner_text("[data-testid=import-counts]")
    page.click("text=Nhập thật")
    page.wait_for_selector("text=Đã nhập 1 đại biểu mới")
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/dai-bieu/?order=name")
    table = page.inner_text("[data-testid=delegate-table]")
    assert table.index("Trần Thị Ánh") < table.index("Nguyễn Văn Hạ") < table.index("Lê Văn Tâm")
    assert "Đại diện lãnh đạo Trường Tiểu học Tân Khai A" in table
    page.screenshot(path="/tmp/events-delegates.png", full_page=True)

    # print the invitations: a background job with a progress bar, then the download
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/giay-moi/")
    page.click("text=Tạo một tệp PDF để in")
    page.wait_for_selector("text=Tải về", timeout=30000)
    assert "Hoàn thành" in page.inner_text("[data-testid=job-status]")
    page.screenshot(path="/tmp/events-job.png", full_page=True)
    with page.expect_download() as info:
        page.click("text=Tải về")
    pdf = tmp_path / "gm.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # record a substitute that came by letter
    with scopes_disabled():
        anh = Delegate.objects.get(event=event, full_name="Trần Thị Ánh")
    page.goto(f"{live_server.url}/hoi-nghi/dai-bieu/{anh.pk}/")
    page.select_option("#id_status", "substitute")
    page.select_option("#id_channel", "letter")
    page.fill("#id_substitute_name", "Phạm Thị Thu")
    page.fill("#id_substitute_position", "Phó Trưởng phòng")
    page.click("[data-testid=reply-form] button[type=submit]")
    page.wait_for_selector("text=Đã ghi trả lời")
    assert "Cử người dự thay: Phạm Thị Thu, Phó Trưởng phòng" in page.inner_text("[data-testid=reply-status]")
    page.screenshot(path="/tmp/events-substitute.png", full_page=True)
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/")
    board = page.inner_text("[data-testid=quota-board]")
    assert "Đại biểu huyện" in board
    page.screenshot(path="/tmp/events-board.png", full_page=True)
