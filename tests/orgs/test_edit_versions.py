"""#16 optimistic concurrency: two people open the same edit form; the first saves; the second is refused
with who changed it and when, the first one's change is kept, and the second one's typed values are still
in the form (`orgs.versions`)."""

import datetime as dt
import re
import threading
import time
from decimal import Decimal

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.awards.helpers import make_signer, proposal
from tests.emulation.helpers import make_cycle
from thidua.awards import services as award_services
from thidua.awards.models import Award
from thidua.emulation.models import Covenant, CovenantTarget
from thidua.events import services as event_services
from thidua.events.models import DelegateCategory
from thidua.logistics import services as logistics_services
from thidua.orgs import services as orgs_services
from thidua.orgs import versions
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db

STALE = re.compile(r"Đã có người sửa .+ lúc \d\d:\d\d ngày \d\d/\d\d/\d{4} \((.+?)\); tải lại trang để xem bản mới\.")


def form_data(form) -> dict:
    """What a browser sends back for a form as rendered."""
    data = {}
    for bf in form:
        widget, value = bf.field.widget, bf.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bf.html_name] = "on"
            continue
        shown = widget.format_value(value)
        data[bf.html_name] = shown if isinstance(shown, list) else ("" if shown is None else str(shown))
    return data


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def two_people_edit(world, url, field, first, second, reread):
    """Admin and secretariat open the form; admin saves `first`; secretariat's `second` is refused."""
    a, b = _login(world.users["admin"]), _login(world.users["secretariat"])
    got_a, got_b = a.get(url), b.get(url)
    assert got_a.status_code == got_b.status_code == 200
    data_a, data_b = form_data(got_a.context["form"]), form_data(got_b.context["form"])
    assert data_a[versions.FIELD] == data_b[versions.FIELD] != versions.NEW
    saved = a.post(url, {**data_a, field: first})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    refused = b.post(url, {**data_b, field: second})
    assert refused.status_code == 200
    html = refused.content.decode()
    match = STALE.search(html)
    assert match, html[:3000]
    assert match.group(1) == world.users["admin"].display
    assert refused.context["form"][field].value() == second  # nothing typed is lost
    assert reread() == first  # the first one's change is kept
    again = b.post(url, {**data_b, field: second})  # the same stale form is refused again
    assert STALE.search(again.content.decode()) and reread() == first


def _event(world):
    with scopes_disabled():
        return event_services.create_event(None, world.authority, {
            "slug": "hoi-nghi", "title": "Hội nghị tổng kết năm 2024", "date": dt.date(2025, 4, 10), "capacity": 300,
            "start_time": dt.time(7, 30), "end_time": dt.time(11, 0)})


def test_delegate(world):
    event = _event(world)
    with scopes_disabled():
        d = event_services.add_delegate(None, event, {
            "category": DelegateCategory.objects.filter(event=event).first(), "organisation": world.unit_b,
            "full_name": "Phạm Văn Sơn", "gender": "M"})
    two_people_edit(world, reverse("events:delegate_edit", args=[d.pk]), "position", "Hiệu trưởng", "Phó hiệu trưởng",
                    lambda: type(d)._base_manager.get(pk=d.pk).position)


def test_unit(world):
    u = world.unit_a
    two_people_edit(world, reverse("orgs:unit_edit", args=[u.pk]), "phone", "0271 3800 111", "0271 3800 222",
                    lambda: type(u)._base_manager.get(pk=u.pk).phone)


def test_person(world):
    p = world.person_a
    two_people_edit(world, reverse("orgs:person_edit", args=[p.pk]), "position", "Hiệu trưởng trường A",
                    "Giáo viên", lambda: type(p)._base_manager.get(pk=p.pk).position)


def test_plan(world):
    event = _event(world)
    with scopes_disabled():
        plan = logistics_services.create_plan(None, event, {"summary": "Tổ chức hội nghị tổng kết",
                                                            "delegates_total": 280})
    two_people_edit(world, reverse("logistics:plan_edit", args=[event.pk]), "summary", "Kế hoạch tổ chức hội nghị",
                    "Kế hoạch khác", lambda: type(plan)._base_manager.get(pk=plan.pk).summary)


def test_budget_line(world):
    event = _event(world)
    with scopes_disabled():
        budget = logistics_services.ensure_budget(None, event)
        line = logistics_services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "quantity": 2,
                                                                  "unit_price": 100000})
    two_people_edit(world, reverse("logistics:budget_line_edit", args=[event.pk, line.pk]), "item",
                    "Hoa tươi để bàn", "Hoa cài áo", lambda: type(line)._base_manager.get(pk=line.pk).item)


def test_scorecard(world):
    s = make_cycle(world)
    url = reverse("emulation:scorecard", args=[s.card.pk])
    a, b = _login(world.users["admin"]), _login(world.users["secretariat"])
    data_a = {**form_data(a.get(url).context["settings_form"]), "action": "settings"}
    data_b = {**form_data(b.get(url).context["settings_form"]), "action": "settings"}
    assert a.post(url, {**data_a, "name": "Thang điểm khối trường học 2024"}).status_code == 302
    refused = b.post(url, {**data_b, "name": "Thang điểm khối giáo dục"})
    match = STALE.search(refused.content.decode())
    assert match and match.group(1) == world.users["admin"].display
    assert refused.context["settings_form"]["name"].value() == "Thang điểm khối giáo dục"
    assert type(s.card)._base_manager.get(pk=s.card.pk).name == "Thang điểm khối trường học 2024"


def test_covenant(world):
    s = make_cycle(world)
    url = reverse("emulation:covenant", args=[s.cycle.pk, world.unit_a.pk])
    target = f"t{s.crit['1.1'].pk}"
    a, b = _login(world.users["unit_officer"]), _login(world.users["secretariat"])
    version_a, version_b = a.get(url).context["version"], b.get(url).context["version"]
    assert version_a == version_b == versions.NEW
    first = a.post(url, {"action": "save", target: "98,5", "commitments": "Cam kết của đơn vị",
                         versions.FIELD: version_a})
    assert first.status_code == 302
    refused = b.post(url, {"action": "save", target: "90", "commitments": "Cam kết sửa hộ",
                           versions.FIELD: version_b})
    html = refused.content.decode()
    match = STALE.search(html)
    assert match and match.group(1) == world.users["unit_officer"].display
    assert 'value="90"' in html and "Cam kết sửa hộ" in html  # nothing typed is lost
    with scopes_disabled():
        c = Covenant.objects.get(organisation=world.unit_a)
        assert c.commitments == "Cam kết của đơn vị"
        assert CovenantTarget.objects.get(covenant=c).target == Decimal("98.5")
    # the unit saves again from a fresh page; the secretariat's page from before that is stale again
    fresh = b.get(url).context["version"]
    assert a.post(url, {"action": "save", target: "99", "commitments": "Cam kết của đơn vị",
                        versions.FIELD: a.get(url).context["version"]}).status_code == 302
    assert STALE.search(b.post(url, {"action": "save", target: "91", "commitments": "x",
                                     versions.FIELD: fresh}).content.decode())
    with scopes_disabled():
        assert CovenantTarget.objects.get(covenant=c).target == Decimal("99")


def test_budget(world):
    event = _event(world)
    with scopes_disabled():
        budget = logistics_services.ensure_budget(None, event)
    page, url = reverse("logistics:budget", args=[event.pk]), reverse("logistics:budget_settings", args=[event.pk])
    a, b = _login(world.users["admin"]), _login(world.users["secretariat"])
    data_a, data_b = form_data(a.get(page).context["settings_form"]), form_data(b.get(page).context["settings_form"])
    assert a.post(url, {**data_a, "prize_date_from": "2025-01-01"}).status_code == 302
    refused = b.post(url, {**data_b, "prize_date_from": "2025-02-01"})
    assert refused.status_code == 200
    match = STALE.search(refused.content.decode())
    assert match and match.group(1) == world.users["admin"].display
    assert str(refused.context["settings_form"]["prize_date_from"].value()) == "2025-02-01"
    assert type(budget)._base_manager.get(pk=budget.pk).prize_date_from == dt.date(2025, 1, 1)


def test_proposal(world):
    with scopes_disabled():
        award_services.seed_catalogue(None)
    p = proposal(world, actor=world.users["unit_officer"])
    url = reverse("awards:proposal_edit", args=[p.pk])
    a, b = _login(world.users["unit_officer"]), _login(world.users["secretariat"])
    data_a, data_b = form_data(a.get(url).context["form"]), form_data(b.get(url).context["form"])
    assert a.post(url, {**data_a, "summary": "Hoàn thành xuất sắc nhiệm vụ"}).status_code == 302
    refused = b.post(url, {**data_b, "summary": "Hoàn thành tốt nhiệm vụ"})
    match = STALE.search(refused.content.decode())
    assert match and match.group(1) == world.users["unit_officer"].display
    assert refused.context["form"]["summary"].value() == "Hoàn thành tốt nhiệm vụ"
    assert type(p)._base_manager.get(pk=p.pk).summary == "Hoàn thành xuất sắc nhiệm vụ"


def test_decision_draft(world):
    with scopes_disabled():
        award_services.seed_catalogue(None)
        d = award_services.create_decision(None, world.authority, {
            "award": Award.objects.get(code="gk-xa"), "date": dt.date(2025, 3, 10), "year": 2024,
            "signer": make_signer(world.authority), "signer_level": "ct-xa",
            "reason": "đã có thành tích xuất sắc trong phong trào thi đua năm 2024"},
            [{"kind": "individual", "person": world.person_a}])
    two_people_edit(world, reverse("awards:decision_edit", args=[d.pk]), "reason",
                    "đã có thành tích xuất sắc năm 2024", "đã hoàn thành xuất sắc nhiệm vụ năm 2024",
                    lambda: type(d)._base_manager.get(pk=d.pk).reason)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_is_refused(world):
    """The check runs with the row locked: two saves from the same page, started together, never both win."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are PostgreSQL's; SQLite writes one at a time anyway")
    sent, start, results = versions.token(world.unit_a), threading.Barrier(2), []

    def save(actor, phone):
        try:
            with scopes_disabled():
                org = type(world.unit_a)._base_manager.get(pk=world.unit_a.pk)
                start.wait()
                with versions.guarded(org, sent):
                    orgs_services.update_organisation(actor, org, {"phone": phone})
                    time.sleep(0.3)  # hold the lock while the other one arrives
            results.append(("saved", phone))
        except ValidationFailed as exc:
            results.append(("refused", exc.message))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(world.users[u], p))
               for u, p in (("admin", "0271 111"), ("secretariat", "0271 222"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in results) == ["refused", "saved"]
    winner = next(r[1] for r in results if r[0] == "saved")
    assert STALE.search(next(r[1] for r in results if r[0] == "refused"))
    assert type(world.unit_a)._base_manager.get(pk=world.unit_a.pk).phone == winner
