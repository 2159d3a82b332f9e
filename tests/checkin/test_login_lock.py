"""#17: a login lock (wrong passwords from the desk's address, for the desk's account) stops new logins
only; the scanner's bearer token and a desk already signed in keep checking delegates in."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import PASSWORD
from thidua.checkin import services

pytestmark = pytest.mark.django_db


def test_check_in_api_works_while_the_account_and_address_are_locked(day):
    with scopes_disabled():
        _, key = services.create_token(day.world.users["admin"], day.world.users["reception"], "Máy quét 1")
    desk = Client(enforce_csrf_checks=True)
    desk.force_login(day.world.users["reception"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/dang-nhap/", {"username": "dontiep", "password": "sai-mat-khau-123"})
    assert Client().post("/dang-nhap/", {"username": "dontiep", "password": PASSWORD}).status_code == 429

    scanner = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = reverse("checkin:api_lookup", args=[day.event.pk])
    r = scanner.get(url, {"token": day.token(day.recipient)}, **auth)
    assert r.status_code == 200 and r.json()["code"] == "ok"
    r = scanner.post(reverse("checkin:api_checkin", args=[day.event.pk]),
                     json.dumps({"token": day.token(day.ha), "nonce": "lock-nonce-1", "desk": "Máy quét 1"}),
                     content_type="application/json", **auth)
    assert r.status_code == 200 and r.json()["code"] == "ok"
    r = desk.get(url, {"token": day.token(day.recipient)})
    assert r.status_code == 200 and r.json()["code"] == "ok"
