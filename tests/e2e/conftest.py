import pytest

from tests.factories import PASSWORD


@pytest.fixture
def login(page, live_server):
    """login(username) signs in through the real login form."""

    def _login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        return page

    return _login
