"""The WSGI application `thidua serve` runs.

A scanner device calling the check-in API with its bearer token sends one request per scan, and the
check-in endpoints authenticate the token and set the authority scope themselves
(`thidua.checkin.api.endpoint`). Those requests skip the middleware a browser session needs
(sessions, CSRF, messages, locale, static files): on the 2-core machine that stack costs about as much
as the check-in's own SQL (benchmarks/checkin_bench.py). Every other request, including the desk
page's own calls to the same API with its session, goes through the full stack.
"""

import os

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

# What a device's request still passes through: security headers (HSTS, nosniff, referrer policy).
DEVICE_MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]


class DeviceHandler(WSGIHandler):
    """Django's handler with the device middleware only."""

    def load_middleware(self, is_async=False):
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = DEVICE_MIDDLEWARE  # read once here, at start-up, before any request
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def is_device_request(environ, prefix: str) -> bool:
    scheme = environ.get("HTTP_AUTHORIZATION", "").partition(" ")[0].lower()
    return scheme in ("bearer", "token") and environ.get("PATH_INFO", "").startswith(prefix)


class Application:
    def __init__(self):
        django.setup(set_prefix=False)
        self.full = WSGIHandler()
        self.device = DeviceHandler()
        self.prefix = reverse("checkin:api_events").removesuffix("events/")

    def __call__(self, environ, start_response):
        handler = self.device if is_device_request(environ, self.prefix) else self.full
        return handler(environ, start_response)


application = Application()
