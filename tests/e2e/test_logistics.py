"""In the browser: a unit officer completes a task and uploads a material; the secretariat approves it."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

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
    page.screenshot(path=tmp_path / "logistics-e2e-task-done.png", full_page=True)

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
    page.screenshot(path=tmp_path / "logistics-e2e-uploaded.png", full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    login("thuongtruc")
    page.goto(f"{live_server.url}/chuan-bi/{prepared['event'].pk}/tai-lieu/")
    page.get_by_text("Tham luận của Trường Tiểu học Tân Khai A").click()
    page.fill("#id_move_text", "Đạt yêu cầu, đưa vào tài liệu hội nghị.")
    page.get_by_test_id("move-approved").click()
    assert page.get_by_test_id("material-status").inner_text() == "Đã duyệt"
    assert "Đạt yêu cầu" in page.get_by_test_id("comments").inner_text()
    page.screenshot(path=tmp_path / "logistics-e2e-approved.png", full_page=True)

    with scopes_disabled():
        assert Task.objects.get(pk=prepared["task"].pk).status == "done"
        m = Material.objects.get(pk=prepared["material"].pk)
        assert m.status == "approved" and m.status_changed_by == world.users["secretariat"]
        assert m.versions.get().file.kind == "pdf"


@pytest.fixture
def due_soon(world):
    """Tasks due in two days (real dates: the live server runs on the real clock)."""
    from thidua import clock

    today = clock.today()
    with scopes_disabled():
        world.unit_a.email = "thtankhaia@example.vn"
        world.unit_a.save()
        event = event_services.create_event(None, world.authority, {
            "slug": "so-ket", "title": "Hội nghị sơ kết thi đua", "date": today + dt.timedelta(days=30),
            "capacity": 300})
        own = services.save_task(None, event, {"organisation": world.unit_a, "title": "Nộp báo cáo sơ kết của đơn vị",
                                               "deadline": today + dt.timedelta(days=2)})
        helped = services.save_task(None, event, {"organisation": world.unit_b, "title": "Trang trí hội trường",
                                                  "deadline": today + dt.timedelta(days=1)},
                                    supporting=[world.unit_a])
    return {"event": event, "own": own, "helped": helped}


def test_secretariat_drafts_and_sends_reminders_and_edits_norms(page, live_server, login, world, due_soon, settings,
                                                               tmp_path):
    from django.core import mail as django_mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = due_soon["event"]
    login("thuongtruc")
    page.goto(f"{live_server.url}/chuan-bi/nhac-viec/?event={event.pk}&days=3")
    page.get_by_test_id("draft-reminders").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã soạn 1 thư nhắc (nháp)")
    expect(page.locator(".alert-warning")).to_contain_text("Phòng Văn hóa - Xã hội")  # no address: reported
    card = page.get_by_test_id("outbox-mail")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("thtankhaia@example.vn — Nhắc việc sắp đến hạn: Nộp báo cáo sơ kết của đơn vị")
    expect(card.get_by_test_id("mail-status")).to_have_text("Bản nháp")
    page.screenshot(path=tmp_path / "proglog-outbox.png", full_page=True)
    assert django_mail.outbox == []
    card.get_by_test_id("send-mail").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi thư nhắc đến thtankhaia@example.vn")
    expect(page.get_by_test_id("outbox-mail").get_by_test_id("mail-status")).to_have_text("Đã gửi")
    assert len(django_mail.outbox) == 1 and "Nộp báo cáo sơ kết" in django_mail.outbox[0].body

    page.goto(f"{live_server.url}/chuan-bi/dinh-muc-chi/?event={event.pk}")
    page.fill("#id_limit_refreshments", "40.000")
    page.fill("#id_basis_refreshments", "Nghị quyết HĐND tỉnh: tối đa 40.000 đồng/đại biểu/buổi")
    page.fill("#id_limit_flowers", "-5")
    page.get_by_test_id("save-norms").click()
    expect(page.get_by_test_id("norms-error")).to_be_visible()
    expect(page.locator("tr[data-group=flowers]")).to_contain_text("Định mức không được âm.")
    page.screenshot(path=tmp_path / "proglog-norms-error.png", full_page=True)
    page.fill("#id_limit_flowers", "")
    page.get_by_test_id("save-norms").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu định mức chi (1 nhóm thay đổi)")
    expect(page.locator("#id_limit_refreshments")).to_have_value("40.000")  # shown as officials write it
    page.screenshot(path=tmp_path / "proglog-norms.png", full_page=True)


def test_supporting_unit_sees_the_task_marked_and_writes_a_note(page, live_server, login, world, due_soon, tmp_path):
    login("donvi")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("attention")).to_contain_text("Đơn vị phối hợp thực hiện “Trang trí hội trường”")
    expect(page.get_by_test_id("attention")).to_contain_text("Nhiệm vụ “Nộp báo cáo sơ kết của đơn vị”")
    page.screenshot(path=tmp_path / "proglog-dashboard-unit.png", full_page=True)
    page.goto(f"{live_server.url}/chuan-bi/nhiem-vu/")
    row = page.locator("[data-testid=task-table] tr", has_text="Trang trí hội trường")
    expect(row.get_by_test_id("supporting-badge")).to_have_text("phối hợp")
    expect(page.locator("[data-testid=task-table] tr", has_text="Nộp báo cáo sơ kết")
           .get_by_test_id("supporting-badge")).to_have_count(0)
    page.screenshot(path=tmp_path / "proglog-tasks-supporting.png", full_page=True)
    row.get_by_role("link").click()
    expect(page.get_by_test_id("supporting-note")).to_contain_text("đơn vị chủ trì là Phòng Văn hóa - Xã hội")
    expect(page.locator("[data-testid^=move-]")).to_have_count(0)
    page.fill("textarea[name=text]", "Đã chuẩn bị 2 lẵng hoa và khăn trải bàn.")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.get_by_test_id("task-notes")).to_contain_text("Đã chuẩn bị 2 lẵng hoa và khăn trải bàn.")
    page.screenshot(path=tmp_path / "proglog-task-supporting.png", full_page=True)
