"""The reorder endpoint behind drag and drop: the service's reason reaches the page."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.program import services
from thidua.program.models import AgendaItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(conf):
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
        return list(AgendaItem.objects.filter(event=conf.event).order_by("position").values_list("pk", flat=True))


def _stored(conf):
    with scopes_disabled():
        return list(AgendaItem.objects.filter(event=conf.event).order_by("position").values_list("pk", flat=True))


def test_overlap_reason_is_returned_to_the_drag_handler(client, conf, ids):
    client.force_login(conf.world.users["secretariat"])
    url = reverse("program:agenda_reorder", args=[conf.event.pk])
    bad = ids[1:3] + ids[:1] + ids[3:]  # the 07:30 welcome after the 08:00 flag salute
    r = client.post(url, {"order": bad}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400
    assert "chồng giờ" in r.json()["message"]
    assert _stored(conf) == ids
    # without JSON: back to the page with the same reason
    r = client.post(url, {"order": bad}, follow=True)
    assert "chồng giờ" in r.content.decode()
    assert _stored(conf) == ids
    # a stale page (an item missing) is named as such
    r = client.post(url, {"order": ids[:-1]}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400 and "tải lại trang" in r.json()["message"]
    # garbage is refused
    r = client.post(url, {"order": ["x"]}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400 and r.json()["message"] == "Thứ tự không hợp lệ."


def test_reorder_accepts_a_good_order_and_refuses_other_roles_and_authorities(client, conf, ids):
    url = reverse("program:agenda_reorder", args=[conf.event.pk])
    good = ids[:5] + [ids[11]] + ids[5:11] + ids[12:]
    for role in ("unit_officer", "reviewer", "other_secretariat"):
        client.force_login(conf.world.users[role])
        assert client.post(url, {"order": good}, HTTP_ACCEPT="application/json").status_code in (403, 404)
    assert _stored(conf) == ids
    client.force_login(conf.world.users["secretariat"])
    r = client.post(url, {"order": good}, HTTP_ACCEPT="application/json")
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert _stored(conf) == good
