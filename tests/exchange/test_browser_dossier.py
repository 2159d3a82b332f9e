"""In the browser (#19): a commune's secretariat composes a dossier for the province's Bằng khen from its
approved proposal, attaches its papers and sends it; the province returns it with a reason; the commune
fixes it and sends it again; the province receives it, appraises it, takes it to its council, votes and
issues the decision through its register; the commune sees the decision on its dossier and the award in
its lookup."""

import re

import pytest

from tests.exchange.world import PDF, make_levels
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def levels(db):
    return make_levels()


@pytest.fixture
def login(page, live_server):
    def _login(username: str):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        return page

    return _login


def _logout(page):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))


def _upload(page, kind: str, name: str):
    page.select_option("#id_kind", kind)
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}])
    page.click("button:has-text('Đính kèm')")
    page.wait_for_selector(f"text=Đã đính kèm {name}.")


def test_a_dossier_from_the_commune_to_the_province_and_the_decision_back(page, live_server, login, levels, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url
    # 1. the commune composes
    login("xa.thuongtruc")
    page.goto(f"{base}/ho-so/")
    page.click("text=Lập hồ sơ gửi cấp trên")
    page.select_option("#id_award", label="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    page.fill("#id_year", "2026")
    page.click("button:has-text('Xem hồ sơ đủ điều kiện')")
    page.wait_for_selector("input[name=proposals]")
    page.click("button:has-text('Lập hồ sơ')")
    page.wait_for_url(re.compile(r".*/ho-so/\d+/$"))
    dossier_url = page.url
    assert page.locator("[data-testid=item-table] tbody tr").count() == 3
    assert "Thiếu tài liệu: Biên bản họp Hội đồng" in page.locator("[data-testid=dossier-gaps]").inner_text()
    assert page.locator("button:has-text('Gửi hồ sơ')").is_disabled()
    page.click("text=Sửa trích yếu, số tờ trình")
    page.fill("#id_letter_number", "15/TTr-UBND")
    page.fill("#id_letter_date", "2026-11-25")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu hồ sơ.")
    _upload(page, "to-trinh", "to-trinh-15.pdf")
    _upload(page, "bien-ban", "bien-ban-hoi-dong.pdf")
    _upload(page, "bao-cao", "bao-cao-thanh-tich.pdf")
    page.wait_for_selector("text=Hồ sơ đủ điều kiện gửi.")
    page.screenshot(path=tmp_path / "exchange-1-composed.png", full_page=True)
    page.click("button:has-text('Gửi hồ sơ')")
    page.wait_for_selector("text=Đã gửi hồ sơ đến Ủy ban nhân dân tỉnh Đồng Nai.")
    _logout(page)
    # 2. the province returns it
    login("tinh.thuongtruc")
    page.goto(f"{base}/ho-so/den/")
    assert page.locator("[data-testid=waiting]").inner_text() == "1"
    page.click("[data-testid=dossier-table] a")
    page.fill("#return-reason", "Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị")
    page.click("button:has-text('Trả lại hồ sơ')")
    page.wait_for_selector("text=Đã trả lại hồ sơ cho Ủy ban nhân dân xã Tân Khai.")
    _logout(page)
    # 3. the commune fixes and resends
    login("xa.thuongtruc")
    page.goto(f"{base}/")
    assert page.locator("text=1 hồ sơ gửi cấp trên bị trả lại").count() >= 1
    page.goto(dossier_url)
    assert "chưa có xác nhận" in page.locator("[data-testid=return-reason]").inner_text()
    _upload(page, "bao-cao", "bao-cao-co-xac-nhan.pdf")
    page.click("button:has-text('Gửi lại hồ sơ')")
    page.wait_for_selector("text=Đã gửi hồ sơ đến Ủy ban nhân dân tỉnh Đồng Nai.")
    assert "Gửi lại hồ sơ" in page.locator("[data-testid=history]").inner_text()
    _logout(page)
    # 4. the province receives, appraises, takes it to its council and decides
    login("tinh.thamdinh")
    page.goto(dossier_url)
    assert page.locator("button:has-text('Tiếp nhận')").count() == 0  # receipt is the secretariat's
    _logout(page)
    login("tinh.thuongtruc")
    page.goto(dossier_url)
    page.click("button:has-text('Tiếp nhận')")
    page.wait_for_selector("text=Đã tiếp nhận hồ sơ")
    page.click("button:has-text('Thẩm định')")
    page.wait_for_selector("text=Hồ sơ đang thẩm định.")
    page.goto(f"{base}/khen-thuong/hoi-dong/them/")
    page.fill("#id_year", "2026")
    page.fill("#id_chair", "Võ Tấn Đức")
    page.fill("#id_secretary", "Lê Thị Hồng")
    page.fill("#id_members", "Võ Tấn Đức - Chủ tịch Hội đồng\nTrần Thị Ánh - Phó Chủ tịch\nLê Văn Bình - Ủy viên")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r".*/hoi-dong/\d+/$"))
    meeting_url = page.url
    page.goto(dossier_url)
    page.select_option("#id_meeting", index=0)
    page.click("button:has-text('Trình Hội đồng')")
    page.wait_for_selector("text=Đã trình hồ sơ ra phiên họp Hội đồng.")
    page.screenshot(path=tmp_path / "exchange-2-at-council.png", full_page=True)
    page.goto(meeting_url)
    for name in ("Nguyễn Văn Hạ", "Phạm Thị Tú", "Trường Tiểu học Tân Khai A"):
        row = page.locator("[data-testid=vote-table] tbody tr", has_text=name)
        row.locator("input[name=yes]").fill("3")
        row.locator("button:has-text('Ghi')").click()
        page.wait_for_selector(f"text={name}: thông qua.")
    page.click("button:has-text('Kết thúc xét và ghi kết quả')")
    page.wait_for_selector("text=1 hồ sơ thông qua")
    page.goto(f"{base}/khen-thuong/quyet-dinh/them/")
    page.select_option("#id_award", label="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    page.fill("#id_year", "2026")
    page.fill("#id_number", "120")
    page.check("input[name=proposals]")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r".*/quyet-dinh/\d+/$"))
    page.click("text=Soạn thảo và ban hành")
    page.click("button:has-text('Lập dự thảo')")
    page.wait_for_selector("[data-testid=register-draft]")
    page.fill("#number", "120")
    page.click("button:has-text('Ban hành')")
    page.wait_for_selector("text=Đã ban hành quyết định số 120/QĐ-UBND.")
    page.goto(dossier_url)
    assert "Đã có quyết định" in page.locator("[data-testid=dossier-state]").inner_text()
    _logout(page)
    # 5. the commune sees the decision and the award in its lookup
    login("xa.thuongtruc")
    page.goto(dossier_url)
    assert "Quyết định số 120/QĐ-UBND" in page.locator("[data-testid=decision]").inner_text()
    assert page.locator("[data-testid=item-table]", has_text="Được khen thưởng").count() == 1
    page.screenshot(path=tmp_path / "exchange-3-decided.png", full_page=True)
    page.click("text=Xem quyết định và danh sách kèm theo")
    page.wait_for_url(re.compile(r".*/quyet-dinh/\d+/$"))
    assert page.locator("text=Phạm Thị Tú").count() >= 1
    page.goto(f"{base}/khen-thuong/tra-cuu/?q=Phạm Thị Tú")
    assert page.locator("text=Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh").count() >= 1
    assert page.locator("text=120/QĐ-UBND").count() >= 1
    page.screenshot(path=tmp_path / "exchange-4-lookup.png", full_page=True)
