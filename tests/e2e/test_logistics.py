"""In the browser: a unit officer completes a task and uploads a material; the secretariat approves it."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from thidua.events import services as event_services
from thidua.logistics import services
from thidua.logistics.models import Material, Task
from thidua.paperwork.model import Document, Header, Paragraph, Signature
from thidua.paperwork.pdf import render_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prepared(world):
    with scopes_disabled():
        event = event_services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "date": dt.date(2099, 4, 10), "capacity": 300})
        task = services.save_task(None, event, {"organisation": world.unit_a, "title": "Nộp bản ký kết giao ước thi đua",
                                                "deadline": dt.date(2099, 4, 7)})
        material = services.save_material(None, event, {"kind": "talk", "title": "Tham luận của Trường Tiểu học Tân Khai A",
                                                        "organisation": world.unit_a, "copies": 280,
                                                        "reviewer": world.users["secretariat"]})
    return {"event": event, "task": task, "material": material}


def test_officer_completes_task_uploads_material_and_secretariat_approves(page, live_server, login, world, prepared,
                                                                          tmp_path):
    pdf = tmp_path / "tham-luan.pdf"
    pdf.write_bytes(render_pdf(Document(
        header=Header("", "TRƯỜNG TIỂU HỌC\nTÂN KHAI A", "      /BC-TH", "Tân Khai, ngày 20 tháng 3 năm 2099"),
        kind_name="Báo cáo", summary="Tham luận tại Hội nghị tổng kết", body=(Paragraph("Nội dung tham luận."),),
        signature=Signature("", "HIỆU TRƯỞNG", "Nguyễn Văn Hạ"), distribution=("Lưu: VT.",)), tagged=False))
    not_a_document = tmp_path / "anh.pdf"
    not_a_document.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)

    login("donvi")
    page.goto(f"{live_server.url}/chuan-bi/nhiem-vu/")
    assert page.get_by_text("Nộp bản ký kết giao ước thi đua").is_visible()
    page.get_by_text("Nộp bản ký kết giao ước thi đua").click()
    page.get_by_test_id("move-done").click()
    assert page.get_by_test_id("task-status").inner_text() == "Đã xong"
    page.screenshot(path="/tmp/logistics-e2e-task-done.png", full_page=True)

    page.goto(f"{live_server.url}/chuan-bi/{prepared['event'].pk}/tai-lieu/")
    page.get_by_text("Tham luận của Trường Tiểu học Tân Khai A").click()
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(not_a_document))
    page.get_by_role("button", name="Tải lên bản mới").click()
    assert page.locator(".alert").filter(has_text="ảnh PNG").is_visible()
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(pdf))
    page.get_by_role("button", name="Tải lên bản mới").click()
    assert "Bản 1: tham-luan.pdf" in page.get_by_test_id("versions").inner_text()
    page.get_by_test_id("move-in_review").click()
    assert page.get_by_test_id("material-status").inner_text() == "Đang thẩm định"
    assert page.get_by_test_id("move-approved").count() == 0  # the unit cannot approve its own text
    page.screenshot(path="/tmp/logistics-e2e-uploaded.png", full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    login("thuongtruc")
    page.goto(f"{live_server.url}/chuan-bi/{prepared['event'].pk}/tai-lieu/")
    page.get_by_text("Tham luận của Trường Tiểu học Tân Khai A").click()
    page.fill("#id_move_text", "Đạt yêu cầu, đưa vào tài liệu hội nghị.")
    page.get_by_test_id("move-approved").click()
    assert page.get_by_test_id("material-status").inner_text() == "Đã duyệt"
    assert "Đạt yêu cầu" in page.get_by_test_id("comments").inner_text()
    page.screenshot(path="/tmp/logistics-e2e-approved.png", full_page=True)

    with scopes_disabled():
        assert Task.objects.get(pk=prepared["task"].pk).status == "done"
        m = Material.objects.get(pk=prepared["material"].pk)
        assert m.status == "approved" and m.status_changed_by == world.users["secretariat"]
        assert m.versions.get().file.kind == "pdf"
