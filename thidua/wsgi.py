"""The WSGI application `thidua serve` runs.

A scanner device calling the check-in API with its bearer token sends one request per scan, and the
check-in endpoints authenticate the token and set the authority scope themselves
(`thidua.checkin.api.endpoint`); so do the endpoints of the API for other systems (`thidua.api.api.endpoint`,
under /api/v1/). Those requests skip the middleware a browser session needs
(sessions, CSRF, messages, locale, static files): on the 2-core machine that stack costs about as much
as the check-in's own SQL (benchmarks/checkin_bench.py). Every other request, including the desk
page's own calls to the same API with its session, goes through the full stack.
"""

import gc
import os

import django
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

class DeviceHandler(WSGIHandler):
    """Django's handler with the device middleware only: security headers (HSTS, nosniff, referrer
    policy). The chain is built from this explicit list, as `BaseHandler.load_middleware` builds it
    from settings.MIDDLEWARE (synchronous: WSGI), without touching the settings."""

    middleware = (SecurityMiddleware,)

    def load_middleware(self, is_async=False):
        if is_async:
            raise ImproperlyConfigured("DeviceHandler serves WSGI only.")
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for factory in reversed(self.middleware):
            instance = factory(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


def is_device_request(environ, prefix: str | tuple[str, ...]) -> bool:
    scheme = environ.get("HTTP_AUTHORIZATION", "").partition(" ")[0].lower()
    return scheme in ("bearer", "token") and environ.get("PATH_INFO", "").startswith(prefix)


class Application:
    def __init__(self):
        django.setup(set_prefix=False)
        self.full = WSGIHandler()
        self.device = DeviceHandler()
        # the scanners' check-in API and the read-only API for other systems (#19): both authenticate the
        # bearer token and set the scope themselves
        self.prefix = (reverse("checkin:api_events").removesuffix("events/"),
                       reverse("api:schema").removesuffix("openapi.json"))
        # what start-up loaded (Django, the apps, the URL conf: some 300,000 objects) lives as long as the
        # process: kept out of the collector's full passes, which otherwise walk it during a large page
        gc.freeze()

    def __call__(self, environ, start_response):
        handler = self.device if is_device_request(environ, self.prefix) else self.full
        return handler(environ, start_response)


application = Application()
