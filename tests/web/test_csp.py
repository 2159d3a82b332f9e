"""#17: a Content-Security-Policy on every response, with scripts from our own static files only (no
'unsafe-inline' for scripts), for visitors and signed-in users alike; X-Frame-Options DENY beside it."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from thidua.web.csp import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def assert_strict(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"], policy  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_anonymous_page_carries_the_policy():
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert_strict(response)


def test_signed_in_pages_carry_the_policy_error_pages_too(world):
    client = Client()
    client.force_login(world.users["secretariat"])
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert_strict(response)
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    assert_strict(missing)


def test_the_django_admin_works_under_the_policy(world):
    """Django 5.2's admin has no inline script: its constants travel in data-* attributes of <script src>."""
    client = Client()
    admin = world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_strict(response)
    assert b"<script>" not in response.content
    change = client.get(reverse("admin:orgs_authority_change", args=[world.authority.pk]))
    assert change.status_code == 200 and b"<script>" not in change.content
    assert_strict(change)


def test_a_pdf_may_be_shown_by_the_browser_s_own_viewer():
    """Chromium draws a PDF inside an <embed> that the PDF's own policy governs (crbug.com/271452)."""
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    policy = directives(middleware(RequestFactory().get("/")))
    assert policy["object-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert list(policy) == list(settings.SECURE_CSP)


def test_a_policy_a_view_set_itself_is_kept():
    own = "default-src 'none'"

    def view(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = own
        return response

    assert ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))["Content-Security-Policy"] == own
