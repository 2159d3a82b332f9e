"""In the browser (#19): the province's secretariat opens "Cấp dưới", a commune's published ranking and its
awards, then the statistics of the whole province with a chart per form drawn. Screenshots under tmp_path."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.levels.test_below import below  # noqa: F401 (the fixture)
from tests.levels.test_statistics import _fill

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_province_reads_those_below(page, live_server, below, tmp_path):  # noqa: F811 (the fixture)
    _fill(random.Random(11), below.department, 1)
    _fill(random.Random(12), below.province, 2)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", below.users["p_secretariat"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")

    page.goto(f"{live_server.url}/cap-duoi/")
    tree = page.get_by_test_id("below-tree")
    expect(tree).to_contain_text(below.commune.name)
    expect(tree).to_contain_text(below.department.name)
    expect(tree).not_to_contain_text(below.other_commune.name)
    page.screenshot(path=tmp_path / "below-list.png", full_page=True)

    row = page.get_by_test_id("below-row").filter(has_text=below.commune.name)
    row.get_by_role("link", name="Xếp hạng").click()
    expect(page.get_by_test_id("below-ranking")).to_contain_text("Khối trường học")
    expect(page.get_by_test_id("below-rank-row")).to_have_count(3)
    expect(page.locator("main form[method=post]")).to_have_count(0)
    page.screenshot(path=tmp_path / "below-ranking.png", full_page=True)
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    expect(page.get_by_test_id("below-decision")).to_contain_text("Nguyễn Văn Hạ")
    page.get_by_role("link", name="Giao ước thi đua", exact=True).click()
    expect(page.get_by_test_id("covenant-counts")).to_contain_text("3 đã chấp nhận")

    page.goto(f"{live_server.url}/khen-thuong/thong-ke/?from=01/01/2026&to=31/12/2026")
    page.select_option("#pv", "toan-tinh")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("stat-reach")).to_contain_text("toàn tỉnh")
    for code in ("0601", "0602", "0603", "0604", "0605"):
        canvas = page.get_by_test_id(f"chart-{code}").locator("canvas")
        expect(canvas).to_be_visible()
        assert canvas.evaluate("c => Chart.getChart(c) !== undefined"), code
    page.get_by_test_id("stat-0601").screenshot(path=tmp_path / "statistics-0601.png")
    page.screenshot(path=tmp_path / "statistics-province.png", full_page=True)
    assert errors == []
    print(tmp_path)
