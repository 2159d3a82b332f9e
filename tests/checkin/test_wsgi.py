"""The WSGI application as `thidua serve` runs it: a device's bearer request to the check-in API takes
the lean handler and works end to end; browsers and everything else take the full stack."""

import io
import json
import sys

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.security import SecurityMiddleware
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.checkin import services
from thidua.checkin.models import CheckIn, Scan
from thidua.orgs.models import AuditLog
from thidua.wsgi import DeviceHandler, application, is_device_request

pytestmark = pytest.mark.django_db


def _call(method, path, body=b"", **headers):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
               "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
               "wsgi.errors": sys.stderr, "SCRIPT_NAME": "", "CONTENT_LENGTH": str(len(body)),
               "CONTENT_TYPE": "application/json", **headers}
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(response_headers)

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        content = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], content


def test_only_bearer_calls_to_the_api_take_the_device_handler():
    api = "/don-tiep/api/v1/"
    assert is_device_request({"PATH_INFO": api + "events/1/checkins/", "HTTP_AUTHORIZATION": "Bearer abc"}, api)
    assert is_device_request({"PATH_INFO": api + "events/", "HTTP_AUTHORIZATION": "token abc"}, api)
    assert not is_device_request({"PATH_INFO": api + "events/"}, api)  # the desk page, with its session
    assert not is_device_request({"PATH_INFO": api + "events/", "HTTP_AUTHORIZATION": "Basic eDp5"}, api)
    assert not is_device_request({"PATH_INFO": "/quan-tri/", "HTTP_AUTHORIZATION": "Bearer abc"}, api)


def test_a_scanner_checks_in_through_the_served_application(day):
    _, key = services.create_token(day.world.users["admin"], day.world.users["reception"], "Máy quét 1")
    path = reverse("checkin:api_checkin", args=[day.event.pk])
    body = json.dumps({"token": day.token(day.recipient), "nonce": "wsgi-nonce-1", "desk": "Bàn 2"}).encode()
    status, headers, content = _call("POST", path, body, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert status == 200, content
    answer = json.loads(content)
    assert answer["code"] == "ok" and answer["delegate"]["name"] == day.recipient.full_name
    assert headers["X-Content-Type-Options"] == "nosniff"  # security headers still set
    assert "Set-Cookie" not in headers  # no session made for a device
    status, _, content = _call("POST", path, body, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert json.loads(content)["replay"] is True
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.recipient).count() == 1
        assert Scan.objects.filter(nonce="wsgi-nonce-1").count() == 1
        assert AuditLog.objects.filter(action="checkin.delegate.check_in", object_id=str(day.recipient.pk)).count() == 1


def test_device_handler_refuses_bad_tokens_and_unknown_paths_plainly(day):
    path = reverse("checkin:api_events")
    status, _, content = _call("GET", path, HTTP_AUTHORIZATION="Bearer sai-ma")
    assert status == 401 and json.loads(content)["error"] == "unauthenticated"
    _, key = services.create_token(day.world.users["admin"], day.world.users["reception"], "Máy quét 1")
    status, _, _ = _call("GET", path + "khong-co/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert status == 404


def test_browsers_keep_the_full_stack(client):
    status, headers, _ = _call("GET", "/dang-nhap/")
    assert status == 200
    assert "csrftoken" in headers.get("Set-Cookie", "")  # CSRF middleware ran


def test_the_device_handler_builds_its_chain_without_touching_the_settings():
    before, listed = settings.MIDDLEWARE, list(settings.MIDDLEWARE)
    handler = DeviceHandler()
    handler.load_middleware()
    assert settings.MIDDLEWARE is before and list(settings.MIDDLEWARE) == listed
    assert isinstance(handler._middleware_chain.__wrapped__, SecurityMiddleware)  # the only one
    assert not handler._view_middleware and not handler._exception_middleware
