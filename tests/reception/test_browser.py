"""The reception desk, the reply page, the decision form's list and the projector in a real browser (#20):
an invitation number typed as printed, a substitute named at the desk (shown on the card, the desk log and
the delegate's page), an undo and a walk-in, all without a browser dialog and by keyboard; the reply
page's three answers one line each on a 390×844 phone and on a desktop; the projector gives the greeting's
place to an award batch. Screenshots under tmp_path (and /tmp/h/reception-shots for a look)."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.checkin.conftest import build_day
from tests.factories import PASSWORD
from tests.reception.test_recipients import _decide
from thidua import clock
from thidua.awards import services as award_services
from thidua.awards import states as award_states
from thidua.awards.models import Award, AwardFamily, Proposal
from thidua.checkin.models import CheckIn
from thidua.events import services as event_services
from thidua.events import tokens
from thidua.program import services as program_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/h/reception-shots")


def _shot(page, tmp_path, name):
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _no_dialogs(page):
    seen = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def _other(page, live_server, username, viewport=None):
    context = page.context.browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    p = context.new_page()
    p.goto(f"{live_server.url}/dang-nhap/")
    p.fill("#id_username", username)
    p.fill("#id_password", PASSWORD)
    p.click("button[type=submit]")
    p.wait_for_url(f"{live_server.url}/**")
    return p


UNLABELLED = """() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button,'
  + ' main summary')].filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
  && !e.getAttribute('aria-labelledby') && !e.textContent.trim()).map((e) => e.outerHTML)"""


def test_the_desk_by_number_substitute_undo_and_walk_in(page, live_server, login, tmp_path):
    day = build_day()
    page.set_viewport_size({"width": 1280, "height": 900})
    dialogs = _no_dialogs(page)
    login("dontiep")
    page.goto(f"{live_server.url}/don-tiep/{day.event.pk}/")
    expect(page.locator("#list-time")).not_to_have_text("—")
    scan = page.get_by_label(re.compile("gõ số giấy mời"))
    expect(scan).to_be_focused()

    # 1. the number printed under the QR code, typed as the invitation prints it, then bare
    scan.fill(f"Mã điểm danh số {day.guest.invitation_number:04d}")
    scan.press("Enter")
    expect(page.get_by_test_id("result")).to_have_attribute("data-code", "ok")
    expect(page.get_by_test_id("result-name")).to_have_text("Trần Văn Thành")
    scan.fill(f" 0 0 {day.ha.invitation_number} ")
    scan.press("Enter")
    expect(page.get_by_test_id("result-name")).to_have_text("Nguyễn Văn Hạ")
    _shot(page, tmp_path, "desk-number")

    # 2. a mistaken check-in is undone with a reason typed in the page (no prompt), by keyboard
    page.get_by_role("button", name="Hủy điểm danh (nhầm)").focus()
    page.keyboard.press("Enter")
    reason = page.get_by_label("Lý do hủy điểm danh")
    expect(reason).to_be_focused()
    page.keyboard.press("Enter")  # empty: refused in the page
    expect(page.get_by_test_id("undo-form")).to_contain_text("Cần điền lý do hủy điểm danh")
    page.keyboard.type("quét nhầm giấy mời")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result-message")).to_have_text("Đã hủy điểm danh.")
    expect(page.get_by_test_id("desk-log")).to_contain_text("lý do: quét nhầm giấy mời")

    # 3. the search finds a number; someone else comes in the recipient's place, named in the page
    page.get_by_label(re.compile("Tìm theo tên, đơn vị hoặc số giấy mời")).fill(f"{day.recipient.invitation_number:04d}")
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("Điểu Thị Lan")
    hits.first.get_by_role("button", name="Người khác dự thay Điểu Thị Lan").click()
    name = page.get_by_label("Họ và tên người đến dự thay")
    expect(name).to_be_focused()
    page.keyboard.press("Escape")  # closes, the focus back on the button
    expect(page.get_by_test_id("substitute-form")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(name).to_be_focused()
    assert page.evaluate(UNLABELLED) == []  # every control of the desk named, the open form's too
    page.keyboard.type("Phạm Văn Dũng")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result-name")).to_have_text("Phạm Văn Dũng")
    expect(page.get_by_test_id("result-substitute")).to_contain_text("Điểu Thị Lan")
    expect(page.get_by_test_id("desk-log")).to_contain_text("Phạm Văn Dũng (dự thay Điểu Thị Lan)")
    expect(hits.first).to_contain_text("Người dự thay: Phạm Văn Dũng")
    _shot(page, tmp_path, "desk-substitute")

    # 4. a guest without an invitation, from the desk's own form, by keyboard
    summary = page.locator("[data-testid=walk-in] summary")
    summary.focus()
    page.keyboard.press("Enter")
    form = page.get_by_test_id("walk-in")
    expect(form.get_by_label("Họ và tên")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
    form.get_by_label("Họ và tên").fill("Võ Văn Tám")
    form.get_by_label("Chức vụ").fill("Chuyên viên")
    form.get_by_label("Đơn vị").fill("Phòng Tư pháp")
    form.get_by_label("Thành phần").select_option(label=str(day.cats["b"]))
    form.get_by_role("button", name="Thêm và điểm danh").click()
    expect(page.get_by_text("Đã thêm và điểm danh “Võ Văn Tám” (b), số giấy mời 0005.")).to_be_visible()
    expect(page.get_by_test_id("desk-log")).to_contain_text("Võ Văn Tám · khách không có giấy mời")
    expect(page.locator("#list-time")).not_to_have_text("—")
    page.get_by_label(re.compile("Tìm theo tên, đơn vị hoặc số giấy mời")).fill("vo van tam")
    expect(page.get_by_test_id("search-hit").first).to_contain_text("Đã đến")
    page.get_by_label(re.compile("gõ số giấy mời")).fill("5")
    page.get_by_label(re.compile("gõ số giấy mời")).press("Enter")
    expect(page.get_by_test_id("result")).to_have_attribute("data-code", "already_checked_in")
    _shot(page, tmp_path, "desk-walk-in")

    # 5. the hall Wi-Fi drops: a typed number is read from the list kept on the device, queued, sent once back
    page.context.set_offline(True)
    expect(page.get_by_test_id("net-status")).to_contain_text("Mất mạng")
    page.get_by_label(re.compile("gõ số giấy mời")).fill(f"{day.anh.invitation_number:02d}")
    page.get_by_label(re.compile("gõ số giấy mời")).press("Enter")
    expect(page.get_by_test_id("queue-count")).to_have_text("1")
    expect(page.get_by_test_id("result-name")).to_have_text("Lê Hữu Nghĩa")  # her substitute, from the reply
    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-box")).to_be_hidden(timeout=12000)
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.anh, status="valid").count() == 1
    assert dialogs == []

    # 6. the delegate's page shows the arrival and who came in their place
    office = _other(page, live_server, "thuongtruc")
    office.goto(f"{live_server.url}/hoi-nghi/dai-bieu/{day.recipient.pk}/")
    expect(office.get_by_test_id("checkin-status")).to_contain_text("Đã đến")
    expect(office.get_by_test_id("checkin-substitute")).to_have_text("Phạm Văn Dũng")
    _shot(office, tmp_path, "delegate-checkin")


def _one_line_each(page, selector: str, count: int):
    """Each choice's label on one line, beside its box, the choices one under another."""
    boxes = []
    for i in range(count):
        choice = page.locator(selector).nth(i)
        label, box = choice.locator("label").bounding_box(), choice.locator("input").bounding_box()
        line = float(choice.locator("label").evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert label["height"] < 1.5 * line, (i, label, line)  # one line
        assert box["x"] < label["x"] and abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < line
        boxes.append(label)
    assert all(a["y"] + a["height"] <= b["y"] + 1 for a, b in zip(boxes, boxes[1:], strict=False)), boxes


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_the_reply_page_answers_one_line_each(page, live_server, tmp_path, viewport):
    day = build_day()
    page.set_viewport_size(viewport)
    with scopes_disabled():  # an invitation not answered yet, of a conference still ahead (the link is open)
        ahead = event_services.create_event(None, day.world.authority, {
            "slug": "so-ket", "title": "Hội nghị sơ kết công tác thi đua 6 tháng", "venue": "Hội trường UBND xã",
            "date": clock.today() + dt.timedelta(days=30), "start_time": dt.time(7, 30)})
        fresh = event_services.add_delegate(None, ahead, {"category": ahead.categories.get(code="b"),
                                                          "full_name": "Hồ Thị Mai", "gender": "F",
                                                          "position": "Phó Chủ tịch Hội Liên hiệp Phụ nữ xã"})
        url = tokens.reply_url(fresh, live_server.url)
    page.goto(url)
    answers = page.get_by_test_id("reply-answers")
    expect(answers.get_by_role("radio")).to_have_count(3)
    assert "form-check-input" not in answers.locator("[role=radiogroup]").get_attribute("class")
    _one_line_each(page, "[data-testid=reply-answers] .form-check", 3)
    answers.get_by_label("Tôi cử người dự thay").check()
    expect(page.get_by_label("Họ và tên người dự thay")).to_be_visible()
    _shot(page, tmp_path, f"reply-{viewport['width']}")


def test_the_decision_forms_approved_proposals_one_line_each(page, live_server, login, tmp_path):
    day = build_day()
    w = day.world
    with scopes_disabled():
        award_services.seed_catalogue(None)
        for unit in (w.unit_a, w.unit_b):
            p = award_services.create_proposal(w.users["unit_officer"] if unit == w.unit_a else None, w.authority, {
                "organisation": unit, "year": 2024, "family": AwardFamily.objects.get(code="thuong-xuyen"),
                "award": Award.objects.get(code="gk-xa"), "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2024"})
            Proposal.objects.filter(pk=p.pk).update(status=award_states.APPROVED)  # as the council passed it
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(viewport)
        if viewport["width"] == 1280:
            login("thuongtruc")
        page.goto(f"{live_server.url}/khen-thuong/quyet-dinh/them/")
        group = page.get_by_role("group", name=re.compile("Hồ sơ đã được Hội đồng thông qua")).or_(
            page.locator("#id_proposals"))
        expect(group.get_by_role("checkbox")).to_have_count(2)
        for i in range(2):
            label = group.locator(".form-check").nth(i).locator("label")
            line = float(label.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
            words = len(label.inner_text().split())
            assert label.bounding_box()["height"] < line * max(2, words / 3), label.inner_text()  # not a word a line
        if viewport["width"] == 1280:
            _one_line_each(page, "#id_proposals .form-check", 2)
        _shot(page, tmp_path, f"decision-proposals-{viewport['width']}")


def test_the_projector_gives_the_greetings_place_to_an_award_batch(page, live_server, login, tmp_path):
    day = build_day()
    w = day.world
    with scopes_disabled():
        award_services.seed_catalogue(None)
    _decide(day, "gk-xa", 5, dt.date(2025, 3, 10), [{"kind": "individual", "person": w.person_a},
                                                     {"kind": "collective", "organisation": w.unit_b}])
    with scopes_disabled():
        batch = program_services.build_batches(None, day.event)[0]
    page.set_viewport_size({"width": 1280, "height": 720})
    login("thuongtruc")
    page.goto(f"{live_server.url}/chuong-trinh/{day.event.pk}/man-chieu/")
    title = page.get_by_test_id("projector-title")
    expect(title).to_have_text("Kính chào quý vị đại biểu")
    with scopes_disabled():
        program_services.projector_show(None, day.event, batch=batch)
    expect(title).to_have_text(f"Đợt {batch.position}: {batch.award_name}", timeout=6000)
    expect(page.locator("#batch-names li")).to_have_count(2)
    assert "Kính chào" not in page.locator("main").inner_text()
    _shot(page, tmp_path, "projector-batch")
