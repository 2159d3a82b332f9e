"""The API needs nothing of the browser's middleware: served by the lean `thidua.wsgi.DeviceHandler`
(security headers only), as the check-in API's bearer requests are, it authenticates, scopes and answers
by itself, and `thidua serve` routes its bearer requests there; through the full stack it sets no cookie either."""

import io
import json
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from thidua.wsgi import DeviceHandler, application

pytestmark = pytest.mark.django_db


def _call(handler, path, **headers):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
               "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
               "wsgi.errors": sys.stderr, "SCRIPT_NAME": "", "QUERY_STRING": "page_size=1", **headers}
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), response_headers

    request_started.disconnect(close_old_connections)  # the test's transaction must outlive the request
    request_finished.disconnect(close_old_connections)
    try:
        content = b"".join(handler(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], json.loads(content)


@pytest.mark.parametrize("handler", [DeviceHandler(), application], ids=["device", "served"])
def test_served_by_either_handler(api, handler):
    path = reverse("api:decision", args=[api.issued.pk])
    status, headers, body = _call(handler, path, HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert status == 200 and body["number_text"] == "05/QĐ-UBND" and len(body["lines"]) == 2
    assert not any(name.lower() == "set-cookie" for name, _ in headers)
    assert ("X-Content-Type-Options", "nosniff") in headers
    status, _, body = _call(handler, reverse("api:awards"), HTTP_AUTHORIZATION=f"Bearer {api.revoked_token}")
    assert status == 401 and body["error"] == "unauthenticated"
    status, _, body = _call(handler, reverse("api:decision", args=[api.foreign.pk]),
                            HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert status == 404 and body["error"] == "not_found"


def test_the_served_application_routes_a_bearer_request_of_the_api_to_the_lean_handler():
    from thidua.wsgi import is_device_request

    api = reverse("api:decisions")
    assert is_device_request({"PATH_INFO": api, "HTTP_AUTHORIZATION": "Bearer tdq_x"}, application.prefix)
    assert is_device_request({"PATH_INFO": reverse("checkin:api_events"), "HTTP_AUTHORIZATION": "Bearer x"},
                             application.prefix)
    assert not is_device_request({"PATH_INFO": reverse("api:client_list"), "HTTP_AUTHORIZATION": "Bearer x"},
                                 application.prefix)  # the office's pages about clients: a browser's
    assert not is_device_request({"PATH_INFO": api}, application.prefix)  # no token: the full stack answers 401
