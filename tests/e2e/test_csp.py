"""#17 in the browser: under the Content-Security-Policy (scripts from our static files only) no page
reports a violation, and what used to be inline still works: the attendance chart and projector mode,
printing, the confirmation before deleting an agenda item, the projector's countdown, the task filter that
submits itself, "back" on an error page, the reception desk, and the Django admin."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tests.checkin.conftest import build_day
from thidua.program import services
from thidua.program.models import AgendaItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSP = "Content Security Policy"


@pytest.fixture
def violations(page):
    """What any page of this browser context reports: CSP violations and uncaught script errors."""
    seen = []
    page.context.on("console", lambda m: seen.append(f"{m.location.get('url', '')}: {m.text}") if CSP in m.text else None)
    page.context.on("weberror", lambda e: seen.append(f"uncaught: {e.error}"))
    return seen


def _logout_and_login(page, login, username):
    page.get_by_role("button", name="Đăng xuất").click()
    login(username)


def test_the_pages_that_had_inline_scripts_run_under_the_policy(page, live_server, login, violations):
    day = build_day()
    event = day.event
    with scopes_disabled():
        items = services.create_default_agenda(None, event)
        services.projector_show(None, event, items[3])
        services.timer(None, event, "start", 90)
    url = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    login("thuongtruc")

    # the policy is in force: a script written into the page does not run, and the browser says why
    ran = page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.inlineRan = 1";
                                   document.head.appendChild(s); return window.inlineRan === 1; }""")
    assert not ran
    page.wait_for_timeout(200)
    assert len(violations) == 1 and "script-src 'self'" in violations[0], violations
    violations.clear()

    # live attendance: the chart is drawn from json_script data; projector mode toggles a body class
    page.goto(url + reverse("checkin:attendance", args=[event.pk]))
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('arrivals'))")
    page.get_by_role("button", name="Chế độ máy chiếu").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\bprojector\b"))

    # the printable attendance: "In" opens the print dialog
    page.goto(url + reverse("checkin:attendance_print", args=[event.pk]))
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="In", exact=True).click()
    assert page.evaluate("() => window.printed === true")

    # the agenda: deleting an item asks first; "Cancel" keeps it, "OK" removes it
    page.goto(url + reverse("program:agenda", args=[event.pk]))
    rows = page.locator("#agenda-body tr[data-id]")
    count = rows.count()
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    rows.first.get_by_role("button", name="Bỏ mục").click()
    page.wait_for_timeout(300)
    assert asked == ["Bỏ mục này khỏi chương trình?"]
    expect(rows).to_have_count(count)
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    rows.first.get_by_role("button", name="Bỏ mục").click()
    expect(rows).to_have_count(count - 1)
    with scopes_disabled():
        assert AgendaItem.objects.filter(event=event).count() == count - 1
    assert page.locator("#agenda-body").get_attribute("data-reorder-url")  # agenda.js has its address

    # an error page's "back" returns to the agenda
    page.goto(url + "/khong-co-trang-nay/")
    page.get_by_role("link", name="Quay lại trang trước").click()
    page.wait_for_url(url + reverse("program:agenda", args=[event.pk]))

    # the projector: the countdown ticks
    projector = page.context.new_page()
    projector.goto(url + reverse("program:projector", args=[event.pk]))
    timer = projector.get_by_test_id("projector-timer")
    expect(timer).to_have_text(re.compile(r"01:[23]\d"))
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=3000)
    assert timer.inner_text() < first
    projector.close()

    # the task list: choosing a status submits the filter
    page.goto(url + reverse("logistics:task_list"))
    done = page.locator("select[name=status] option", has_text="Đã xong").get_attribute("value")
    page.select_option("select[name=status]", label="Đã xong")
    page.wait_for_url(re.compile(rf"status={done}"))
    expect(page.locator("select[name=status]")).to_have_value(done)

    # the reception desk (desk.js, jsQR): loads its list and finds a delegate
    _logout_and_login(page, login, "dontiep")
    page.goto(url + reverse("checkin:desk", args=[event.pk]))
    expect(page.locator("#list-time")).not_to_have_text("—")
    page.fill("#search-input", "nguyen van ha")
    expect(page.get_by_test_id("search-hit")).to_have_count(1)

    # an administrator: resetting a password asks first; the Django admin runs under the same policy
    admin = day.world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    _logout_and_login(page, login, "admin")
    page.goto(url + reverse("orgs:account_list"))
    asked.clear()
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator("form[data-confirm]").first.get_by_role("button").click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Đặt mật khẩu mới cho ")
    assert page.url.startswith(url + reverse("orgs:account_list"))
    page.goto(url + reverse("admin:orgs_authority_change", args=[day.world.authority.pk]))
    expect(page.locator("#content h1")).to_be_visible()
    page.goto(url + reverse("admin:orgs_person_changelist"))
    expect(page.locator("#changelist")).to_be_visible()

    assert violations == []
