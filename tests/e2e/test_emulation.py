"""A unit officer registers a covenant and self-scores; the secretariat reviews, locks and ranks."""

from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from thidua.emulation import services

SHOTS = Path("/tmp/h14")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_covenant_scoring_review_lock_rank(page, live_server, login, world, tmp_path):
    s = make_cycle(world)
    with scopes_disabled():
        score_fully(s, world.unit_b, {"1.1": 100, "1.2": 0, "2.1": 1})
        score_fully(s, s.units[2], {"1.1": 90, "1.2": 0, "2.1": 1})
        c11, c12, c21 = s.crit["1.1"].pk, s.crit["1.2"].pk, s.crit["2.1"].pk
    base = f"{live_server.url}/thi-dua/{s.cycle.pk}"

    login("donvi")
    page.goto(f"{base}/don-vi/{world.unit_a.pk}/giao-uoc/")
    page.fill(f"input[name=t{c11}]", "100")
    page.fill("#commitments", "Phấn đấu hoàn thành xuất sắc nhiệm vụ năm học.")
    page.click("button[value=submit]")
    assert page.inner_text("[data-testid=covenant-status]") == "Đã gửi"
    page.goto(f"{base}/don-vi/{world.unit_a.pk}/cham-diem/")
    page.fill(f"input[name=v{c11}]", "120")
    page.fill(f"input[name=v{c12}]", "2")
    page.fill(f"input[name=v{c21}]", "3")
    page.click("button[value=save]")
    assert "chỉ nhập 1 (đạt) hoặc 0" in page.inner_text("[data-testid=sheet]")
    page.fill(f"input[name=v{c12}]", "1")
    page.set_input_files(f"#f{c12}", files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf",
                                              "buffer": b"%PDF-1.4 minh chung"}])
    page.click(f"button[form=ev{c12}]")
    page.fill(f"input[name=v{c12}]", "1")
    page.fill(f"input[name=v{c21}]", "3")
    page.fill(f"input[name=v{c11}]", "120")
    page.click("button[value=submit]")
    assert page.inner_text("[data-testid=sheet-status]") == "Đã gửi tự chấm"
    page.screenshot(path=tmp_path / "emulation-sheet-unit.png", full_page=True)
    page.click("text=Đăng xuất")

    login("thuongtruc")
    page.goto(f"{base}/giao-uoc/")
    page.screenshot(path=tmp_path / "emulation-covenants.png", full_page=True)
    page.click("text=Trường Tiểu học Tân Khai A")
    page.click("button[value=accepted]")
    assert page.inner_text("[data-testid=covenant-status]") == "Đã chấp nhận"
    page.goto(f"{base}/don-vi/{world.unit_a.pk}/cham-diem/")
    page.fill(f"input[name=v{c21}]", "2")
    page.fill(f"[name=n{c21}]", "Chỉ có 2 mô hình được công nhận")
    page.click("button[value=submit]")
    assert page.inner_text("[data-testid=sheet-status]") == "Đã chấm chéo, thẩm định"
    page.click("button[value=submit]")  # the council keeps the reviewed scores
    assert page.inner_text("[data-testid=sheet-status]") == "Hội đồng đã chấm"
    page.goto(f"{base}/xep-hang/")
    rows = page.locator("[data-testid=rank-row]")
    assert "Trường Tiểu học Tân Khai A" in rows.nth(0).inner_text() and "Nhất" in rows.nth(0).inner_text()
    page.click("button[value=lock]")
    assert "Đã khóa và công bố" in page.inner_text("main")
    page.screenshot(path=tmp_path / "emulation-ranking.png", full_page=True)


def test_movement_page_and_peer_cross_score(page, live_server, login, world, tmp_path):
    """The secretariat launches a thematic movement for two units; the unit officer sees it, then
    cross-scores the peer it is assigned to (with a comment) and cannot open the one it is not."""
    s = make_cycle(world)
    a, b, c = s.units
    with scopes_disabled():
        for unit in (b, c):
            sheet = services.get_sheet(s.cycle, unit)
            services.save_scores(None, sheet, "self", {s.crit["1.2"].pk: (0, ""), s.crit["2.1"].pk: (3, "3 mô hình")})
            services.transition_sheet(None, sheet, "submitted")
    base = f"{live_server.url}/thi-dua/{s.cycle.pk}"

    login("thuongtruc")
    page.goto(f"{base}/phong-trao/")
    page.fill("#id_name", "Thi đua chuyển đổi số trong trường học")
    page.select_option("#id_kind", "chuyen_de")
    page.fill("#id_launch_document", "Kế hoạch số 45/KH-UBND")
    page.fill("#id_launch_date", "2024-03-01")
    page.fill("#id_starts_on", "2024-03-15")
    page.fill("#id_ends_on", "2024-02-01")
    page.select_option("#id_units", [str(a.pk), str(c.pk)])
    page.click("[data-testid=movement-form] button[type=submit]")
    assert "Ngày kết thúc phải sau ngày bắt đầu" in page.inner_text("[data-testid=error-ends_on]")
    page.fill("#id_ends_on", "2024-11-30")
    page.click("[data-testid=movement-form] button[type=submit]")
    assert "Thi đua chuyển đổi số trong trường học" in page.inner_text("[data-testid=movements]")
    page.screenshot(path=tmp_path / "emulation2-movements.png", full_page=True)
    page.goto(f"{live_server.url}/thi-dua/cum-khoi/{s.group.pk}/")
    page.screenshot(path=tmp_path / "emulation2-peers.png", full_page=True)
    page.click("text=Đăng xuất")

    login("donvi")
    page.goto(f"{base}/phong-trao/")
    assert "Thi đua chuyển đổi số trong trường học" in page.inner_text("[data-testid=movements]")
    page.goto(f"{base}/don-vi/{a.pk}/")
    table = page.inner_text("[data-testid=cross-sheets]")
    assert b.name in table and c.name not in table
    page.click("[data-testid=cross-sheets] >> text=Chấm chéo")
    c21 = s.crit["2.1"].pk
    page.fill(f"input[name=v{c21}]", "2")
    page.click("button[value=save]")
    assert "cần ghi nhận xét" in page.inner_text("[data-testid=sheet]")
    page.fill(f"input[name=v{c21}]", "2")
    page.fill(f"[name=n{c21}]", "Chỉ 2 mô hình có quyết định công nhận")
    page.click("button[value=submit]")
    assert page.inner_text("[data-testid=sheet-status]") == "Đã chấm chéo, thẩm định"
    assert "Chỉ 2 mô hình có quyết định công nhận" in page.inner_text("[data-testid=sheet]")
    page.screenshot(path=tmp_path / "emulation2-peer-sheet.png", full_page=True)
    response = page.goto(f"{base}/don-vi/{c.pk}/cham-diem/")
    assert response.status == 403


def test_score_sheet_rules_running_total_comments_and_evidence_per_criterion(page, live_server, login, world):
    """Issue #20: the sheet says how each criterion is scored, the total follows what is typed (and
    equals the server's after saving), each criterion has its own comment and evidence, and a
    ranking before any scoring says so instead of ranking every unit first."""
    SHOTS.mkdir(exist_ok=True)
    s = make_cycle(world)
    a = world.unit_a
    with scopes_disabled():
        cov = services.save_covenant(None, s.cycle, a, {s.crit["1.1"].pk: 100}, "Cam kết")
        services.transition_covenant(None, cov, "submitted")
        services.transition_covenant(None, cov, "accepted")
    c11, c12, c21, c42 = (s.crit[k].pk for k in ("1.1", "1.2", "2.1", "4.2"))
    base = f"{live_server.url}/thi-dua/{s.cycle.pk}"

    login("thuongtruc")
    page.goto(f"{base}/xep-hang/")
    assert "chưa xếp hạng" in page.inner_text("[data-testid=no-scores]")
    assert "Nhất" not in page.inner_text("main")
    assert page.locator("[data-testid=unscored]").count() == 3
    page.screenshot(path=SHOTS / "ranking-no-scores.png", full_page=True)
    page.click("text=Đăng xuất")

    login("donvi")
    page.goto(f"{base}/don-vi/{a.pk}/cham-diem/")
    total = page.locator("[data-testid=total]")
    assert total.inner_text() == "Chưa chấm"
    row11 = page.locator(f"tr[data-criterion='{c11}']")
    assert "đạt đúng chỉ tiêu được 10 điểm" in row11.locator("[data-testid=rule]").inner_text()
    # typing recomputes the criterion's points and the total, with the server's rule
    page.fill(f"#v{c12}", "1")
    assert total.inner_text() == "10,00"
    page.fill(f"#v{c11}", "100")  # on target: half of 20
    assert row11.locator("[data-testid=points]").inner_text() == "10,00" and total.inner_text() == "20,00"
    page.fill(f"#v{c21}", "5")  # 5 × 2 points, capped at 6
    page.fill(f"#v{c42}", "3,5")  # a penalty, typed the Vietnamese way
    assert total.inner_text() == "22,50"
    assert page.inner_text("[data-testid=score100]") == "62,50"  # of 36 applicable points
    page.fill(f"#n{c21}", "Mô hình “Thư viện xanh” và “Sân chơi an toàn”")
    page.screenshot(path=SHOTS / "sheet-typing.png", full_page=True)
    page.click("button[value=save]")
    assert total.inner_text() == "22,50"  # the server's total after saving is the one shown while typing
    assert page.input_value(f"#n{c21}") == "Mô hình “Thư viện xanh” và “Sân chơi an toàn”"
    # evidence next to its criterion, uploaded with the keyboard; what was typed and not saved is kept
    page.fill(f"#v{c42}", "2")
    assert page.inner_text("[data-testid=total]") == "24,00"
    page.set_input_files(f"#f{c12}", files=[{"name": "ke-hoach-nam-hoc.pdf", "mimeType": "application/pdf",
                                              "buffer": b"%PDF-1.4 minh chung"}])
    page.focus(f"#f{c12}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Tải lên minh chứng cho tiêu chí 1.2"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ke-hoach-nam-hoc.pdf" in page.inner_text(f"tr[data-criterion='{c12}'] [data-testid=evidence]")
    assert "ke-hoach-nam-hoc.pdf" not in page.inner_text(f"tr[data-criterion='{c21}']")
    assert page.input_value(f"#v{c42}") == "2" and "chưa được lưu" in page.inner_text("[data-testid=unsaved]")
    assert page.inner_text("[data-testid=total]") == "24,00"
    page.click("button[value=save]")
    assert page.inner_text("[data-testid=total]") == "24,00" and page.locator("[data-testid=unsaved]").count() == 0
    # every control of the sheet has a name a screen reader reads
    unnamed = page.evaluate("""() => [...document.querySelectorAll(`main input:not([type=hidden]), main textarea,
        main select, main button`)].filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
        && !el.textContent.trim()).map(el => el.outerHTML)""")
    assert unnamed == []
    page.click("button[value=submit]")
    assert page.inner_text("[data-testid=sheet-status]") == "Đã gửi tự chấm"
    page.screenshot(path=SHOTS / "sheet-submitted.png", full_page=True)
    page.click("text=Đăng xuất")

    login("thamdinh")  # the reviewer sees the unit's comment on its criterion and adds its own
    page.goto(f"{base}/don-vi/{a.pk}/cham-diem/")
    row21 = page.locator(f"tr[data-criterion='{c21}']")
    assert "Thư viện xanh" in row21.locator("[data-testid=self-note]").inner_text()
    page.fill(f"#v{c21}", "1")  # one model only: 2 points
    assert page.inner_text("[data-testid=total]") == "20,00"
    page.fill(f"#n{c21}", "Chỉ một mô hình có quyết định công nhận")
    page.screenshot(path=SHOTS / "sheet-review.png", full_page=True)
    page.click("button[value=save]")
    assert page.inner_text("[data-testid=total]") == "20,00"
    page.click("text=Đăng xuất")

    login("thuongtruc")
    page.goto(f"{base}/xep-hang/")
    rows = page.locator("[data-testid=rank-row]")
    assert "1 – Nhất" in rows.nth(0).inner_text() and a.name in rows.nth(0).inner_text()
    assert page.locator("[data-testid=unscored]").count() == 2 and page.locator("[data-testid=no-scores]").count() == 0
    page.screenshot(path=SHOTS / "ranking-one-scored.png", full_page=True)
