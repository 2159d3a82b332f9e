"""#16: "Xem như ngày" only looks. While a past date is set, every request that would write is refused
with a Vietnamese message and writes nothing — one real write per app, the same request succeeding once
the setting is cleared; stored timestamps are the real time."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua import clock
from thidua.awards.models import Award, AwardFamily, Proposal
from thidua.checkin.models import CheckIn
from thidua.emulation.models import Covenant
from thidua.events import services as events
from thidua.events import tokens
from thidua.events.models import Event
from thidua.logistics.models import Plan
from thidua.orgs.audit import log_action
from thidua.orgs.models import AuditLog, Job, Office, Person
from thidua.program.models import AgendaItem

pytestmark = pytest.mark.django_db

PAST = "01/04/2025"


def _rows() -> dict[str, int]:
    """How many rows every table of the system holds (sessions aside): 'writes nothing' means none changed."""
    with scopes_disabled():
        return {m._meta.label: m._base_manager.count() for m in apps.get_models()
                if m._meta.app_label in {"orgs", "emulation", "awards", "events", "checkin", "program", "logistics"}}


@pytest.fixture
def event(world):
    with scopes_disabled():
        ev = events.create_event(None, world.authority, {"slug": "tong-ket", "title": "Hội nghị tổng kết",
                                                         "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30)})
        cats = {c.code: c for c in ev.categories.all()}
        events.add_people(None, ev, cats["b"], [world.person_a])
    return ev


def _case(app, world, event):
    """(role, url, data or json body, the model a successful request adds a row to)."""
    if app == "orgs":
        return "admin", reverse("orgs:person_create"), {"full_name": "Lê Văn Mới", "display_order": 0}, Person
    if app == "emulation":
        setup = make_cycle(world)
        return "unit_officer", reverse("emulation:covenant", args=[setup.cycle.pk, world.unit_a.pk]), {
            "action": "save", f"t{setup.crit['1.1'].pk}": "95", "commitments": "Cam kết hoàn thành"}, Covenant
    if app == "awards":
        with scopes_disabled():
            award = Award.objects.filter(active=True).first()
            family = award.family if hasattr(award, "family") else AwardFamily.objects.first()
        return "admin", reverse("awards:proposal_create"), {
            "organisation": world.unit_a.pk, "year": 2024, "family": family.pk, "award": award.pk,
            "title": "Đề nghị tặng danh hiệu"}, Proposal
    if app == "events":
        return "secretariat", reverse("events:event_create"), {
            "slug": "so-ket", "title": "Hội nghị sơ kết", "kind": "tong_ket", "status": "draft", "capacity": 100}, Event
    if app == "checkin":
        with scopes_disabled():
            token = tokens.make_token(event.delegates.first())
        return "reception", reverse("checkin:api_checkin", args=[event.pk]), json.dumps(
            {"token": token, "desk": "Bàn 1", "nonce": "scan-0001"}), CheckIn
    if app == "program":
        return "secretariat", reverse("program:item_create", args=[event.pk]), {
            "kind": "van_nghe", "title": "Văn nghệ chào mừng", "duration_minutes": 10}, AgendaItem
    if app == "logistics":
        return "secretariat", reverse("logistics:plan_create", args=[event.pk]), {}, Plan
    if app == "paperwork":  # the offices the documents speak from (#18)
        return "secretariat", reverse("orgs:paperwork_settings"), {
            "o-count": "1", "o-0-id": "", "o-0-name": "Phòng Văn hóa - Xã hội", "o-0-head_title": "Trưởng phòng",
            "o-0-proposes": "on", "b-count": "0"}, Office
    raise AssertionError(app)


def _post(client, url, data):
    if isinstance(data, str):
        return client.post(url, data, content_type="application/json", HTTP_ACCEPT="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("app", ["orgs", "emulation", "awards", "events", "checkin", "program", "logistics",
                                 "paperwork"])
def test_a_write_with_the_setting_on_is_refused_and_writes_nothing(client, world, event, app):
    role, url, data, model = _case(app, world, event)
    client.force_login(world.users[role])
    client.post(reverse("web:set_as_of"), {"as_of": PAST})
    before = _rows()
    r = _post(client, url, data)
    assert r.status_code == 403, (app, r.status_code)
    text = r.content.decode()
    if isinstance(data, str):
        assert r.json()["error"] == "read_only"
    else:
        assert "Không ghi được: đang xem hệ thống như vào ngày 01/04/2025" in text
        assert "Về ngày hiện tại" in text
    assert "chỉ để xem, mọi thao tác ghi" in (r.json()["message"] if isinstance(data, str) else text)
    assert _rows() == before
    # the same request writes once the setting is cleared: it was a real write
    client.post(reverse("web:set_as_of"), {"as_of": ""})
    with scopes_disabled():
        count = model._base_manager.count()
    r = _post(client, url, data)
    assert r.status_code in (200, 302), (app, r.status_code, r.content[:2000])
    with scopes_disabled():
        assert model._base_manager.count() == count + 1, (app, r.content.decode()[:3000])


def test_pages_show_a_read_only_banner_and_logout_and_clearing_still_work(client, world):
    client.force_login(world.users["unit_officer"])
    r = client.post(reverse("web:set_as_of"), {"as_of": PAST, "next": "/"}, follow=True)
    page = r.content.decode()
    assert "Chế độ chỉ xem." in page and "01/04/2025" in page
    before = _rows()
    assert client.post(reverse("web:specimen_bulk"), {"count": "3"}).status_code == 403  # no background job
    with scopes_disabled():
        assert not Job.objects.exists()
    assert _rows() == before
    client.post(reverse("web:set_as_of"), {"as_of": ""})
    assert "Chế độ chỉ xem." not in client.get(reverse("web:dashboard")).content.decode()
    client.post(reverse("web:set_as_of"), {"as_of": PAST})
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 302  # signed out


def test_audit_entries_record_the_real_time(world):
    with scopes_disabled(), clock.as_of(dt.date(2020, 1, 1)):
        entry = log_action(None, "orgs.test", world.unit_a)
    assert abs(entry.at - timezone.now()) < dt.timedelta(minutes=5)
    with scopes_disabled():
        assert AuditLog.objects.get(pk=entry.pk).at.year == timezone.now().year


def test_a_page_that_would_write_on_first_view_is_refused_too(client, world):
    setup = make_cycle(world)  # the unit's score sheet is created on the first view of its page
    client.force_login(world.users["unit_officer"])
    client.post(reverse("web:set_as_of"), {"as_of": PAST})
    before = _rows()
    r = client.get(reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk]))
    assert r.status_code == 403 and "Không ghi được: đang xem hệ thống như vào ngày 01/04/2025" in r.content.decode()
    assert _rows() == before
    assert client.get(reverse("web:dashboard")).status_code == 200  # reading goes on
    client.post(reverse("web:set_as_of"), {"as_of": ""})
    assert client.get(reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])).status_code == 200
