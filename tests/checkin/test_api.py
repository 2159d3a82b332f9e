"""The JSON API: every response matches the served OpenAPI schema; session (with CSRF) or token;
reception staff can call these and nothing else; other authorities' events are not found."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.checkin import openapi, services
from thidua.checkin.models import CheckIn, Scan

pytestmark = pytest.mark.django_db


def _matches(response, path, method="get"):
    schema = openapi.response_schema(path, method, response.status_code)
    problems = openapi.errors(response.json(), schema)
    assert problems == [], problems


def _post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_schema_is_served_and_describes_every_api_url(client):
    response = client.get(reverse("checkin:api_schema"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    prefix = "/don-tiep/api/v1"
    assert schema["servers"][0]["url"] == prefix
    for name, args in [("api_events", []), ("api_delegates", [1]), ("api_lookup", [1]), ("api_search", [1]),
                       ("api_checkin", [1]), ("api_undo", [1])]:
        url = reverse(f"checkin:{name}", args=args)[len(prefix):].replace("/1/", "/{event_id}/")
        assert url in schema["paths"], url


def test_desk_flow_over_the_session(client, day):
    client.force_login(day.world.users["reception"])
    base = day.event.pk
    r = client.get(reverse("checkin:api_events"))
    _matches(r, "/events/")
    r = client.get(reverse("checkin:api_delegates", args=[base]))
    _matches(r, "/events/{event_id}/delegates/")
    names = {d["name"] for d in r.json()["delegates"]}
    assert {"Nguyễn Văn Hạ", "Trần Văn Thành", "Điểu Thị Lan"} <= names
    r = client.get(reverse("checkin:api_lookup", args=[base]), {"token": day.token(day.recipient)})
    _matches(r, "/events/{event_id}/lookup/")
    assert r.json()["code"] == "ok" and r.json()["dry_run"] and r.json()["delegate"]["note"] == "nhận thưởng đợt 2"
    r = client.get(reverse("checkin:api_search", args=[base]), {"q": "nguyen van ha"})
    _matches(r, "/events/{event_id}/search/")
    assert [d["name"] for d in r.json()["delegates"]] == ["Nguyễn Văn Hạ"]
    r = client.get(reverse("checkin:api_search", args=[base]), {"q": "tan khai"})
    assert "Nguyễn Văn Hạ" in [d["name"] for d in r.json()["delegates"]]  # by unit
    url = reverse("checkin:api_checkin", args=[base])
    r = _post(client, url, {"token": day.token(day.recipient), "nonce": "api-nonce-1", "desk": "Bàn 1"})
    _matches(r, "/events/{event_id}/checkins/", "post")
    assert r.json()["code"] == "ok" and r.json()["checkin"]["desk"] == "Bàn 1"
    r = _post(client, url, {"token": day.token(day.recipient), "nonce": "api-nonce-1", "desk": "Bàn 1"})
    assert r.json()["replay"] and r.json()["code"] == "ok"
    r = _post(client, url, {"delegate_id": day.recipient.pk, "nonce": "api-nonce-2", "desk": "Bàn 2"})
    _matches(r, "/events/{event_id}/checkins/", "post")
    assert r.json()["code"] == "already_checked_in" and r.json()["conflict"]["desk"] == "Bàn 1"
    r = _post(client, url, {"token": "rác rưởi", "nonce": "api-nonce-3"})
    _matches(r, "/events/{event_id}/checkins/", "post")
    assert r.json()["code"] == "forged" and r.json()["delegate"] is None
    r = _post(client, reverse("checkin:api_undo", args=[base]), {"delegate_id": day.recipient.pk, "reason": "nhầm"})
    _matches(r, "/events/{event_id}/undo/", "post")
    assert r.json()["delegate"]["checked_in_at"] is None
    r = _post(client, reverse("checkin:api_undo", args=[base]), {"delegate_id": day.recipient.pk, "reason": "nhầm"})
    assert r.status_code == 400
    _matches(r, "/events/{event_id}/undo/", "post")


def test_bad_requests_get_clear_errors(client, day):
    client.force_login(day.world.users["reception"])
    url = reverse("checkin:api_checkin", args=[day.event.pk])
    r = client.post(url, "{not json", content_type="application/json")
    assert r.status_code == 400 and "JSON" in r.json()["message"]
    _matches(r, "/events/{event_id}/checkins/", "post")
    r = _post(client, url, {"token": day.token(day.ha)})
    assert r.status_code == 400 and r.json()["field"] == "nonce"
    r = client.get(url)
    assert r.status_code == 405
    r = _post(client, url, {"delegate_id": "abc", "nonce": "api-nonce-x"})
    assert r.json()["code"] == "forged"


def test_session_post_needs_csrf(day):
    client = Client(enforce_csrf_checks=True)
    client.force_login(day.world.users["reception"])
    r = _post(client, reverse("checkin:api_checkin", args=[day.event.pk]), {"token": day.token(day.ha),
                                                                            "nonce": "csrf-nonce-1"})
    assert r.status_code == 403 and r.json()["error"] == "csrf"
    with scopes_disabled():
        assert not CheckIn.objects.exists()


def test_bearer_token_works_here_and_nowhere_else(day):
    with scopes_disabled():
        _, key = services.create_token(day.world.users["admin"], day.world.users["reception"], "Máy quét 1")
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    r = _post(client, reverse("checkin:api_checkin", args=[day.event.pk]),
              {"token": day.token(day.ha), "nonce": "token-nonce-1", "desk": "Máy quét 1"}, **auth)
    assert r.status_code == 200 and r.json()["code"] == "ok"
    assert client.get(reverse("events:event_list"), **auth).status_code == 302  # a token is no login
    r = client.get(reverse("checkin:api_events"), HTTP_AUTHORIZATION="Bearer sai-ma")
    assert r.status_code == 401
    _matches(r, "/events/")
    assert client.get(reverse("checkin:api_events")).status_code == 401


def test_a_token_names_only_its_own_authoritys_events(day):
    """A device's token reads its account and the URL's event together: another authority's event,
    or one that does not exist, is not found, and a revoked token learns nothing about either."""
    with scopes_disabled():
        token, key = services.create_token(day.world.users["admin"], day.world.users["reception"], "Máy quét 2")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    r = client.get(reverse("checkin:api_delegates", args=[day.event.pk]), **auth)
    assert r.status_code == 200 and r.json()["event"]["id"] == day.event.pk
    for event_id in (day.foreign_event.pk, 10**9):
        r = _post(client, reverse("checkin:api_checkin", args=[event_id]),
                  {"token": day.token(day.ha), "nonce": f"foreign-ev-{event_id}"}, **auth)
        assert r.status_code == 404 and r.json()["error"] == "not_found"
    with scopes_disabled():
        services.revoke_token(day.world.users["admin"], token)
        assert not Scan.objects.filter(nonce__startswith="foreign-ev-").exists()
    r = client.get(reverse("checkin:api_delegates", args=[day.foreign_event.pk]), **auth)
    assert r.status_code == 401


def test_reception_account_cannot_call_anything_else(client, day):
    client.force_login(day.world.users["reception"])
    for name, args in [("events:event_list", []), ("events:delegate_list", [day.event.pk]),
                       ("orgs:person_list", []), ("checkin:attendance", [day.event.pk]),
                       ("checkin:seating", [day.event.pk]), ("checkin:print_chart", [day.event.pk]),
                       ("checkin:print_parking", [day.event.pk, "xlsx"])]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    # a walk-in at the desk is reception's own work (#20): tests/reception/test_walk_in.py


def test_other_roles_are_refused_by_the_api(client, day):
    for role in ("unit_officer", "leader", "reviewer"):
        client.force_login(day.world.users[role])
        r = client.get(reverse("checkin:api_delegates", args=[day.event.pk]))
        assert r.status_code == 403, role
        _matches(r, "/events/{event_id}/delegates/")


def test_other_authority_event_is_not_found(client, day):
    client.force_login(day.world.users["reception"])
    r = client.get(reverse("checkin:api_delegates", args=[day.foreign_event.pk]))
    assert r.status_code == 404
    _matches(r, "/events/{event_id}/delegates/")
    r = _post(client, reverse("checkin:api_checkin", args=[day.event.pk]),
              {"delegate_id": day.foreign.pk, "nonce": "foreign-nonce-1"})
    assert r.json()["code"] == "forged" and r.json()["delegate"] is None
    r = _post(client, reverse("checkin:api_undo", args=[day.event.pk]), {"delegate_id": day.foreign.pk, "reason": "x"})
    assert r.status_code == 404


def test_desk_list_query_count_does_not_grow(client, day, django_assert_max_num_queries):
    from thidua.events import services as event_services

    client.force_login(day.world.users["reception"])
    url = reverse("checkin:api_delegates", args=[day.event.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    with scopes_disabled():
        for i in range(20):
            event_services.add_delegate(None, day.event, {"category": day.cats["c"], "full_name": f"Người Số {i}"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url).json()["delegates"]) == 24
