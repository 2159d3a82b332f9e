"""In the browser: a unit officer proposes a person, the secretariat accepts, the council votes, and
the decision is issued; the officer then sees the proposal decided."""

import re

import pytest
from django_scopes import scopes_disabled

from tests.factories import make_world
from thidua.awards import services
from thidua.orgs.models import Signer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    w = make_world()
    with scopes_disabled():
        services.seed_catalogue(None)
        Signer.objects.create(authority=w.authority, name="Nguyễn Văn Hạ", title="CHỦ TỊCH", is_chair=True)
    return w


def _logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))


def test_proposal_from_unit_officer_to_decided_award(page, live_server, login, world, tmp_path):
    base = f"{live_server.url}/khen-thuong"
    # 1. the unit officer drafts and submits
    login("donvi")
    page.goto(f"{base}/de-nghi/them/")
    page.select_option("#id_award", label="Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r".*/de-nghi/\d+/$"))
    proposal_url = page.url
    page.select_option("#id_kind", "individual")
    page.select_option("#id_person", label="Nguyễn Văn Hạ")
    page.fill("#id_achievement", "Giáo viên dạy giỏi cấp huyện năm học 2024-2025")
    page.click("button:has-text('Thêm vào hồ sơ')")
    page.wait_for_selector("text=Đã thêm Nguyễn Văn Hạ.")
    page.click("button:has-text('Gửi đề nghị')")
    page.wait_for_selector("text=Đã gửi, chờ tiếp nhận")
    page.screenshot(path=tmp_path / "awards-e2e-1-submitted.png", full_page=True)
    _logout(page, live_server)
    # 2. the secretariat accepts and puts it to the council
    login("thuongtruc")
    page.goto(proposal_url)
    page.click("button:has-text('Tiếp nhận')")
    page.wait_for_selector("text=Hồ sơ: Đã tiếp nhận.")
    page.goto(f"{base}/hoi-dong/them/")
    page.fill("#id_chair", "Nguyễn Văn Hạ")
    page.fill("#id_secretary", "Lê Thị Hồng")
    page.fill("#id_members", "Nguyễn Văn Hạ - Chủ tịch Hội đồng\nTrần Thị Ánh - Phó Chủ tịch\nLê Văn Bình - Ủy viên")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r".*/hoi-dong/\d+/$"))
    page.click("button:has-text('Trình phiên họp')")
    page.wait_for_selector("text=Đã trình 1 hồ sơ ra phiên họp.")
    row = page.locator("[data-testid=vote-table] tbody tr", has_text="Nguyễn Văn Hạ")
    row.locator("select[name=ballot]").select_option("secret")
    row.locator("input[name=yes]").fill("3")
    row.locator("button:has-text('Ghi')").click()
    page.wait_for_selector("text=Nguyễn Văn Hạ: thông qua.")
    page.click("button:has-text('Kết thúc xét và ghi kết quả')")
    page.wait_for_selector("text=1 hồ sơ thông qua")
    page.screenshot(path=tmp_path / "awards-e2e-2-council.png", full_page=True)
    # 3. the decision
    page.goto(f"{base}/quyet-dinh/them/")
    page.select_option("#id_award", label="Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã")
    page.fill("#id_number", "7")
    page.check("input[name=proposals]")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r".*/quyet-dinh/\d+/$"))
    assert page.locator("[data-testid=decision-total]").inner_text() == "710.000"
    # issued through the outgoing register: draft, the clerk's look at the text, the number, the frozen files
    page.click("text=Soạn thảo và ban hành")
    page.click("button:has-text('Lập dự thảo')")
    page.wait_for_selector("[data-testid=register-draft]")
    assert "Điều 3" in page.content()
    page.fill("#number", "7")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Ban hành')")
    page.wait_for_selector("text=Đã ban hành quyết định số 07/QĐ-UBND.")
    page.screenshot(path=tmp_path / "awards-e2e-3-decision.png", full_page=True)
    with page.expect_download() as dl:
        page.click("text=Tải PDF")
    assert dl.value.suggested_filename.endswith(".pdf")
    _logout(page, live_server)
    # 4. the unit sees where its proposal stands
    login("donvi")
    page.goto(proposal_url)
    assert page.locator("text=Đã có quyết định khen thưởng").first.is_visible()
    assert page.locator("text=Quyết định số 07/QĐ-UBND").is_visible()
