"""In the browser: the authority's administrator connects a system (its token shown once), the system
reads with it, then the administrator revokes it after the confirmation and the token stops working."""

import re

import pytest

from tests.factories import PASSWORD, make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    return make_world()


def test_connect_a_system_read_with_its_token_and_revoke_it(page, live_server, world, tmp_path):
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/**")
    page.goto(f"{base}/api/ket-noi/")
    assert "Chưa có hệ thống nào được kết nối." in page.content()
    page.click("text=Kết nối hệ thống mới")
    page.fill("#id_name", "Hệ thống quản lý văn bản điều hành")
    page.fill("#id_purpose", "Lấy danh sách khen thưởng để đính kèm văn bản")
    page.click("button:has-text('Tạo mã truy cập')")
    token = page.inner_text("[data-testid=api-token]").strip()
    assert token.startswith("tdq_")
    page.screenshot(path=str(tmp_path / "api-token.png"), full_page=True)
    answer = page.request.get(f"{base}/api/v1/awards/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["count"] == 0
    page.goto(f"{base}/api/ket-noi/")
    assert token not in page.content() and token[:12] in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Thu hồi')")
    page.wait_for_selector("text=Đã thu hồi mã truy cập")
    page.screenshot(path=str(tmp_path / "api-revoked.png"), full_page=True)
    assert re.search(r"Đã thu hồi \d\d:\d\d", page.inner_text("[data-testid=api-clients]"))
    answer = page.request.get(f"{base}/api/v1/awards/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 401 and "thu hồi" in answer.json()["message"]
