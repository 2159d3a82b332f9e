"""An id no database column holds (99999999999999999999), or a bad number, in a check-in API URL or body
is a 404 or a 400 in JSON, never a server error: over the session and with a scanner's token (#17)."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.checkin import services

pytestmark = pytest.mark.django_db
BIG = 99999999999999999999
NAMES = ["api_delegates", "api_lookup", "api_search", "api_checkin", "api_undo"]


def _call(client, name, event_id, body=None, **extra):
    url = reverse(f"checkin:{name}", args=[event_id])
    if name in ("api_checkin", "api_undo"):
        return client.post(url, json.dumps(body or {}), content_type="application/json", **extra)
    return client.get(url, **extra)


@pytest.mark.parametrize("name", NAMES)
def test_an_event_id_out_of_range_is_not_found(day, name):
    client = Client(raise_request_exception=False)
    client.force_login(day.world.users["reception"])
    r = _call(client, name, BIG)
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    with scopes_disabled():
        key = services.create_token(None, day.world.users["reception"], "Máy quét 1")[1]
    r = _call(Client(raise_request_exception=False), name, BIG, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert "no-store" in r["Cache-Control"]


@pytest.mark.parametrize("value", [BIG, -BIG, 1e300, "1e400", "x", [1], {"a": 1}, True])
def test_a_bad_delegate_id_in_the_body_is_refused_not_a_crash(day, value):
    client = Client(raise_request_exception=False)
    client.force_login(day.world.users["reception"])
    r = _call(client, "api_checkin", day.event.pk, {"delegate_id": value, "nonce": "n-1"})
    assert r.status_code in (200, 400) and r.json().get("ok") is not True  # nothing readable: refused
    raw = '{"delegate_id": 1e400}'
    r = client.post(reverse("checkin:api_checkin", args=[day.event.pk]), raw, content_type="application/json")
    assert r.status_code in (200, 400) and r.json().get("ok") is not True
    r = _call(client, "api_undo", day.event.pk, {"delegate_id": value})
    assert r.status_code in (400, 404) and r.json()["error"] in ("invalid", "not_found")


def test_api_answers_are_never_stored_by_a_cache(day):
    client = Client()
    client.force_login(day.world.users["reception"])
    r = _call(client, "api_delegates", day.event.pk)
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
