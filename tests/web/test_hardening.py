"""#17, staying up and keeping out: a clean `check --deploy` behind TLS, no-store for signed-in users,
the idle timeout, Vietnamese error pages (JSON for the API), 403s logged in one line, invitations without
a signer, and /healthz that tells a load balancer when this process cannot serve."""

import json
import logging
import os
import secrets
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from thidua.logs import OneLineClientErrors
from thidua.orgs.signals import SEEN_EVERY, SEEN_KEY
from thidua.web import errors

pytestmark = pytest.mark.django_db


def _check_deploy(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base.update(THIDUA_DATA_DIR=str(tmp_path), THIDUA_SECRET_KEY=secrets.token_urlsafe(50), THIDUA_DEBUG="0",
                THIDUA_ALLOWED_HOSTS="thidua.example.gov.vn", DJANGO_SETTINGS_MODULE="thidua.settings", **env)
    return subprocess.run([sys.executable, "-m", "thidua", "check", "--deploy", "--fail-level", "WARNING"],
                          env=base, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_behind_tls(tmp_path):
    done = _check_deploy(tmp_path, THIDUA_HTTPS="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout + done.stderr


def test_without_https_the_demo_is_plain_http(tmp_path):
    done = _check_deploy(tmp_path)  # warns (no HSTS, no redirect), as the http demo on 127.0.0.1 must
    assert "security.W004" in done.stdout + done.stderr and "security.W008" in done.stdout + done.stderr
    assert not settings.SECURE_SSL_REDIRECT and not settings.SESSION_COOKIE_SECURE  # this test run: http


def test_signed_in_pages_and_downloads_are_no_store_static_and_anonymous_are_not(world):
    client = Client()
    assert "no-store" not in client.get(reverse("healthz")).get("Cache-Control", "")  # anonymous
    client.force_login(world.users["admin"])
    r = client.get(reverse("web:dashboard"))
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    r = client.get(reverse("web:specimen_file", args=["docx"]))
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    assert r["X-Frame-Options"] == "DENY" and r["Referrer-Policy"] == "same-origin"


def test_a_session_ends_after_the_idle_hours_and_is_refreshed_at_most_once_a_minute(world, monkeypatch):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client = Client()
    client.force_login(world.users["admin"])
    assert client.get(reverse("web:dashboard")).status_code == 200
    key = client.session.session_key
    first = Session.objects.get(pk=key).expire_date
    assert abs((first - timezone.now()).total_seconds() - 8 * 3600) < 60
    client.get(reverse("web:dashboard"))  # within the minute: no write
    assert Session.objects.get(pk=key).expire_date == first
    later = time.time() + SEEN_EVERY + 5
    monkeypatch.setattr(time, "time", lambda: later)
    client.get(reverse("web:dashboard"))
    assert Session.objects.get(pk=key).expire_date > first
    assert isinstance(client.session[SEEN_KEY], int)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))  # 8 h idle
    r = client.get(reverse("web:dashboard"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_error_pages_are_vietnamese_in_the_shell(world):
    client = Client()
    client.force_login(world.users["unit_officer"])
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.content.decode() and "navbar" in r.content.decode()
    r = client.get(reverse("orgs:audit_list"))
    assert r.status_code == 403 and "Không có quyền truy cập" in r.content.decode()
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(world.users["admin"])
    r = csrf.post(reverse("logout"))
    assert r.status_code == 403 and "CSRF" in r.content.decode() and "Forbidden" not in r.content.decode()


def test_the_500_page_renders_without_database_or_request():
    r = errors.server_error(RequestFactory().get("/thi-dua/"))
    assert r.status_code == 500 and "Hệ thống gặp lỗi" in r.content.decode()
    r = errors.server_error(RequestFactory().get("/don-tiep/api/v1/events/"))
    assert r.status_code == 500 and r["Content-Type"] == "application/json"
    r = errors.bad_request(RequestFactory().get("/x/"), None)
    assert r.status_code == 400 and "Yêu cầu không hợp lệ" in r.content.decode()


def test_the_api_answers_errors_in_json(world):
    client = Client()
    client.force_login(world.users["reception"])
    r = client.get("/don-tiep/api/v1/events/abc/delegates/")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_a_403_is_logged_in_one_line_without_traceback(world, caplog):
    client = Client()
    client.force_login(world.users["unit_officer"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("orgs:audit_list")).status_code == 403
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info is None  # the console handler's filter took the traceback off
    assert "Traceback" not in caplog.text and "PermissionDenied" not in caplog.text
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["one_line_client_errors"]
    refused = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden (Permission denied): %s",
                                ("/to-chuc/nhat-ky/",), (PermissionDenied, PermissionDenied(), None))
    refused.status_code = 403
    OneLineClientErrors().filter(refused)
    line = logging.Formatter().format(refused)
    assert line == "Forbidden (Permission denied): /to-chuc/nhat-ky/"  # one line
    server = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /",
                               None, (PermissionDenied, PermissionDenied(), None))
    server.status_code = 500
    OneLineClientErrors().filter(server)
    assert server.exc_info  # a server error keeps its traceback


def test_healthz_ok_and_503_when_the_data_folder_cannot_be_written(client, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    r = client.get(reverse("healthz"))
    assert r.status_code == 200 and r.content == b"ok"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".healthz-")]  # the probe is removed
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    settings.DATA_DIR = folder
    try:
        if os.geteuid() == 0:  # root writes anywhere: fail the write itself
            def refuse(*args, **kwargs):
                raise OSError(30, "Read-only file system")
            monkeypatch.setattr("tempfile.NamedTemporaryFile", refuse)
        r = client.get(reverse("healthz"))
    finally:
        folder.chmod(0o700)
    assert r.status_code == 503 and "thư mục dữ liệu không ghi được" in r.content.decode()


def test_healthz_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")
    monkeypatch.setattr(connection, "cursor", broken)
    r = client.get(reverse("healthz"))
    assert r.status_code == 503 and "cơ sở dữ liệu" in r.content.decode()


def test_an_invitation_without_a_signer_says_what_to_do_not_a_server_error():
    from tests.checkin.conftest import build_day

    day = build_day()  # its authority has no signer
    client = Client(raise_request_exception=False)
    client.force_login(day.world.users["secretariat"])
    r = client.get(reverse("events:delegate_letter", args=[day.ha.pk, "pdf"]), follow=True)
    assert r.status_code == 200 and "Chưa có người ký giấy mời" in r.content.decode()


def test_a_login_on_a_read_only_or_full_data_folder_says_so_in_vietnamese(world, monkeypatch):
    """The session and the audit entry of a login are writes: a disk that refuses them is a 503 that says
    what happened, not a bare server error (and /healthz reports it too)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    def refuse(self, must_create=False):
        raise OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SessionStore, "save", refuse)
    user = world.users["secretariat"]
    user.set_password("mat-khau-dung-12")
    user.save()
    client = Client(raise_request_exception=False)
    r = client.post(reverse("login"), {"username": user.username, "password": "mat-khau-dung-12"})
    page = r.content.decode()
    assert r.status_code == 503 and "không ghi được dữ liệu" in page and "ổ đĩa đầy" in page
    api = client.get("/don-tiep/api/v1/events/", HTTP_ACCEPT="application/json")
    assert api.status_code != 503  # a read still works


def test_a_full_disk_during_a_request_is_a_503_in_json_for_the_api():
    try:
        raise OSError(28, "No space left on device")
    except OSError:
        r = errors.server_error(RequestFactory().get("/don-tiep/api/v1/events/", HTTP_ACCEPT="application/json"))
    assert r.status_code == 503 and json.loads(r.content)["error"] == "storage"
