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
        ["", "b) Đại biểu xã"],
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
    page.screenshot(path=tmp_path / "events-import-report.png", full_page=True)
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
    page.screenshot(path=tmp_path / "events-delegates.png", full_page=True)

    # print the invitations: a background job with a progress bar, then the download
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/giay-moi/")
    page.click("text=Tạo một tệp PDF để in")
    page.wait_for_selector("text=Tải về", timeout=30000)
    assert "Hoàn thành" in page.inner_text("[data-testid=job-status]")
    page.screenshot(path=tmp_path / "events-job.png", full_page=True)
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
    page.screenshot(path=tmp_path / "events-substitute.png", full_page=True)
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/")
    board = page.inner_text("[data-testid=quota-board]")
    assert "Đại biểu xã" in board
    page.screenshot(path=tmp_path / "events-board.png", full_page=True)


def test_award_recipients_join_category_d_in_one_step(page, live_server, login, tmp_path):
    from thidua.awards import services as award_services
    from thidua.awards.models import Award
    from thidua.orgs.models import Person

    world = make_world()
    with scopes_disabled():
        award_services.seed_catalogue(None)
        signer = Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN",
                                       title="CHỦ TỊCH", is_chair=True)
        event = services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "closes_year": 2024, "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30),
            "venue": "Hội trường UBND xã", "capacity": 300, "invitation_code": "45/GM-UBND"})
        cats = {c.code: c for c in event.categories.all()}
        services.add_people(None, event, cats["b"], [world.person_a])  # already invited in (b)
        tam = Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Lê",
                                    middle_name="Văn", given_name="Tâm", gender="M", position="Giáo viên")
        decision = award_services.create_decision(None, world.authority, {
            "award": Award.objects.get(code="gk-xa"), "date": dt.date(2025, 3, 10), "year": 2024, "number": 5,
            "signer": signer, "signer_level": "ct-xa", "reason": "đã có thành tích xuất sắc năm 2024"}, [
            {"kind": "individual", "person": world.person_a}, {"kind": "individual", "person": tam},
            {"kind": "individual", "person": world.person_b}, {"kind": "collective", "organisation": world.unit_b}])
        award_services.issue_decision(None, decision)

    login("thuongtruc")
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/dai-bieu/")
    page.click("[data-testid=add-recipients]")
    page.wait_for_selector("[data-testid=recipient-counts]")
    assert page.input_value("#id_date_from") == "2025-01-01" and page.input_value("#id_date_to") == "2025-04-10"
    counts = page.inner_text("[data-testid=recipient-counts]")
    assert "Sẽ thêm: 3" in counts and "Đã có trong danh sách: 1" in counts
    rows = page.inner_text("[data-testid=recipient-rows]")
    assert "Đại diện Phòng Văn hóa - Xã hội" in rows and "Bà Trần Thị Ánh" in rows
    assert "đã được mời ở thành phần b) Đại biểu xã" in rows
    page.screenshot(path=tmp_path / "events2-recipients-preview.png", full_page=True)
    page.click("[data-testid=recipients-submit]")
    page.wait_for_selector("text=Đã thêm 3 người nhận khen thưởng")
    assert "Đã thêm: 3" in page.inner_text("[data-testid=recipient-counts]")
    page.screenshot(path=tmp_path / "events2-recipients-done.png", full_page=True)
    page.click("text=Xem đại biểu thành phần d)")
    table = page.inner_text("[data-testid=delegate-table]")
    assert "Ông Lê Văn Tâm" in table and "Đại diện Phòng Văn hóa - Xã hội" in table and "Nguyễn Văn Hạ" not in table
    page.screenshot(path=tmp_path / "events2-recipients-list.png", full_page=True)
    # a second time adds nobody
    page.goto(f"{live_server.url}/hoi-nghi/{event.pk}/dai-bieu/them-nguoi-nhan-khen-thuong/")
    assert "Sẽ thêm: 0" in page.inner_text("[data-testid=recipient-counts]")
    page.wait_for_selector("[data-testid=recipients-nothing]")
    with scopes_disabled():
        assert Delegate.objects.filter(event=event).count() == 4
    # the dashboard, as of a week before the event: who has not answered, letters not printed
    page.goto(f"{live_server.url}/")
    page.fill("#as_of", "2025-04-03")
    page.press("#as_of", "Enter")
    page.wait_for_selector("text=Đang xem hệ thống như vào ngày")
    items = page.inner_text("[data-testid=attention]")
    assert "4/4 đại biểu chưa trả lời giấy mời" in items and "chưa in giấy mời cho 4 đại biểu" in items
    page.screenshot(path=tmp_path / "events2-dashboard.png", full_page=True)
