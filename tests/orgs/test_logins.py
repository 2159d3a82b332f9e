"""#17: login throttling per account and per client address (django-axes), refused before the password
hasher runs; every login in the audit log; own password change; an administrator's reset and unlock."""

import io

import pytest
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import PASSWORD
from thidua.orgs.models import AuditLog, User

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"


@pytest.fixture
def hasher_calls(monkeypatch):
    """How many times the password hasher ran (checking a password, or hashing a dummy one for a
    name no account has)."""
    calls = []
    verify, encode = MD5PasswordHasher.verify, MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda self, *a: calls.append("verify") or verify(self, *a))
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *a: calls.append("encode") or encode(self, *a))
    return calls


def login(username, password, address="10.0.0.1"):
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return client, response


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(username, times, address="10.0.0.1"):
    for _ in range(times):
        login(username, "sai-mat-khau-123", address)


def audit(action):
    with scopes_disabled():
        return list(AuditLog.objects.filter(action=action).order_by("id"))


def test_wrong_passwords_lock_the_account_and_the_right_one_is_refused_without_hashing(world, hasher_calls):
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(1, limit):
        _, response = login("thuongtruc", "sai-mat-khau-123")
        assert response.status_code == 200 and "không đúng" in response.content.decode(), n
    _, response = login("thuongtruc", "sai-mat-khau-123")
    assert response.status_code == 429  # the attempt that reaches the limit is told at once
    hasher_calls.clear()
    client, response = login("thuongtruc", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429 and not logged_in(client)
    assert "Đăng nhập đã bị tạm khóa" in page and "phút" in page and "quản trị hệ thống" in page
    assert hasher_calls == []  # refused before the password hasher: a flood cannot eat the CPU
    client, response = login("thuongtruc", PASSWORD, address="10.0.0.9")  # the account is locked everywhere
    assert response.status_code == 429 and not logged_in(client) and hasher_calls == []


def test_an_address_guessing_many_names_is_locked_other_addresses_and_accounts_are_not(world, hasher_calls):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(f"doan-{n}", "sai-mat-khau-123", address="10.0.0.66")
    hasher_calls.clear()
    client, response = login("lanhdao", PASSWORD, address="10.0.0.66")
    assert response.status_code == 429 and not logged_in(client) and hasher_calls == []
    client, response = login("lanhdao", PASSWORD, address="10.0.0.7")
    assert response.status_code == 302 and logged_in(client)
    # an account locked by its own failures leaves the other accounts alone
    fail("thamdinh", settings.AXES_FAILURE_LIMIT, address="10.0.1.1")
    client, response = login("thuongtruc", PASSWORD, address="10.0.1.2")
    assert response.status_code == 302 and logged_in(client)


def test_an_administrator_sees_and_lifts_a_lock(client, world):
    fail("thuongtruc", settings.AXES_FAILURE_LIMIT)
    assert login("thuongtruc", PASSWORD, "10.0.0.2")[1].status_code == 429
    client.force_login(world.users["admin"])
    page = client.get(reverse("orgs:account_list")).content.decode()
    assert "thuongtruc" in page and "10.0.0.1" in page and "Đang khóa đến" in page
    response = client.post(reverse("orgs:login_unlock"), {"username": "thuongtruc"}, follow=True)
    assert "Đã mở khóa đăng nhập" in response.content.decode()
    user_client, response = login("thuongtruc", PASSWORD, "10.0.0.2")
    assert response.status_code == 302 and logged_in(user_client)
    # an address locked by guesses at many names is lifted by its address
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(f"doan-{n}", "sai-mat-khau-123", address="10.0.0.66")
    assert login("lanhdao", PASSWORD, "10.0.0.66")[1].status_code == 429
    client.post(reverse("orgs:login_unlock"), {"ip_address": "10.0.0.66"})
    assert login("lanhdao", PASSWORD, "10.0.0.66")[1].status_code == 302
    [entry, _] = audit("orgs.login.unlock")
    assert entry.actor == world.users["admin"] and "thuongtruc" in entry.note


@pytest.mark.parametrize("role", ["secretariat", "reception", "unit_officer", "leader"])
def test_only_the_admin_role_unlocks_and_resets(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("orgs:account_list")).status_code == 403
    assert client.post(reverse("orgs:login_unlock"), {"username": "thuongtruc"}).status_code == 403
    target = world.users["unit_officer"]
    assert client.post(reverse("orgs:account_reset_password", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_every_login_is_audited_without_the_password(world):
    fail("thuongtruc", 1)
    fail("khong-co-ai", 1, address="10.0.0.5")
    login("thuongtruc", PASSWORD, address="10.0.0.3")
    [failed, unknown] = audit("orgs.login.failed")
    assert failed.actor is None and failed.actor_name == "thuongtruc" and "10.0.0.1" in failed.note
    assert failed.authority_id == world.authority.pk and failed.object_id == str(world.users["secretariat"].pk)
    assert unknown.actor_name == "khong-co-ai" and "10.0.0.5" in unknown.note
    [success] = audit("orgs.login.success")
    assert success.actor == world.users["secretariat"] and "10.0.0.3" in success.note
    fail("lanhdao", settings.AXES_FAILURE_LIMIT, address="10.0.0.4")
    login("lanhdao", PASSWORD, address="10.0.0.8")
    [locked] = audit("orgs.login.locked")
    assert locked.actor_name == "lanhdao" and "tạm khóa" in locked.note and "10.0.0.8" in locked.note
    with scopes_disabled():
        for entry in AuditLog.objects.all():
            text = f"{entry.note} {entry.before} {entry.after} {entry.changes}"
            assert "sai-mat-khau" not in text and PASSWORD not in text


@pytest.mark.parametrize("role", ["reception", "unit_officer", "leader", "admin"])
def test_every_role_changes_its_own_password(client, world, role):
    user = world.users[role]
    client.force_login(user)
    url = reverse("orgs:password_change")
    assert "Đổi mật khẩu" in client.get(reverse("web:dashboard")).content.decode()
    assert client.get(url).status_code == 200
    page = client.post(url, {"old_password": "khong-dung-123", "new_password1": "Hoa-sen-no-2025",
                             "new_password2": "Hoa-sen-no-2025"}).content.decode()
    assert "Mật khẩu hiện tại không đúng." in page
    page = client.post(url, {"old_password": PASSWORD, "new_password1": "Hoa-sen-no-2025",
                             "new_password2": "Hoa-sen-no-2026"}).content.decode()
    assert "Hai lần nhập mật khẩu mới không khớp." in page
    page = client.post(url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    text = page.content.decode()  # Django's validators, said in Vietnamese
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in text and "không được chỉ gồm chữ số" in text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Hoa-sen-no-2025",
                                 "new_password2": "Hoa-sen-no-2025"})
    assert response.status_code == 302
    assert client.get(reverse("orgs:password_change")).status_code == 200  # still signed in
    user.refresh_from_db()
    assert user.check_password("Hoa-sen-no-2025") and user.password.startswith("md5$")  # Django's hasher
    [entry] = audit("orgs.user.password_change")
    assert entry.actor == user and "Hoa-sen" not in str(entry.after) + entry.note


def test_password_change_needs_a_login_and_a_post_with_csrf(world):
    assert Client().get(reverse("orgs:password_change")).status_code == 302
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["leader"])
    response = client.post(reverse("orgs:password_change"), {
        "old_password": PASSWORD, "new_password1": "Hoa-sen-no-2025", "new_password2": "Hoa-sen-no-2025"})
    assert response.status_code == 403


def test_the_admin_resets_a_password_shown_once_and_it_logs_in(client, world):
    target = world.users["unit_officer"]
    fail("donvi", settings.AXES_FAILURE_LIMIT, address="10.0.0.20")
    client.force_login(world.users["admin"])
    page = client.get(reverse("orgs:account_list")).content.decode()
    assert "donvi" in page and "Đặt lại mật khẩu" in page and "khac" not in page  # own authority only
    response = client.post(reverse("orgs:account_reset_password", args=[target.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = response.content.decode().split('data-testid="new-password">')[1].split("<")[0]
    assert len(password) == 14
    user_client, response = login("donvi", password, address="10.0.0.21")  # the lock went with the reset
    assert response.status_code == 302 and logged_in(user_client)
    # a temporary password: every page leads to the password change until it is changed
    assert user_client.get(reverse("orgs:person_list"))["Location"] == reverse("orgs:password_change")
    response = user_client.post(reverse("orgs:password_change"), {
        "old_password": password, "new_password1": "Hoa-sen-no-2025", "new_password2": "Hoa-sen-no-2025"})
    assert response.status_code == 302
    assert user_client.get(reverse("orgs:person_list")).status_code == 200
    assert login("donvi", PASSWORD, address="10.0.0.22")[1].status_code == 200  # the old one no longer works
    [entry] = audit("orgs.user.password_reset")
    assert entry.actor == world.users["admin"] and password not in f"{entry.note}{entry.after}{entry.changes}"
    assert client.get(reverse("orgs:account_reset_password", args=[target.pk])).status_code == 405
    other = world.users["other_secretariat"]
    assert client.post(reverse("orgs:account_reset_password", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.check_password(PASSWORD)
    with scopes_disabled():
        changed = User.objects.get(pk=target.pk)
    assert changed.check_password("Hoa-sen-no-2025") and not changed.must_change_password


def test_the_unlock_command(world):
    fail("thamdinh", settings.AXES_FAILURE_LIMIT, address="10.0.2.1")
    assert login("thamdinh", PASSWORD, "10.0.2.2")[1].status_code == 429
    out = io.StringIO()
    call_command("unlock_login", "thamdinh", stdout=out)
    assert "Đã mở khóa" in out.getvalue()
    assert login("thamdinh", PASSWORD, "10.0.2.2")[1].status_code == 302
    [entry] = audit("orgs.login.unlock")
    assert entry.actor is None and entry.actor_name == "hệ thống" and "thamdinh" in entry.note
    with pytest.raises(CommandError):
        call_command("unlock_login")


def test_a_successful_login_does_not_wipe_the_failures_counted_against_another_account(world):
    """An attacker signing in to their own account between guesses must not reset the count of the
    account they are guessing at (axes' reset-on-success would delete every attempt of the address)."""
    fail("thuongtruc", settings.AXES_FAILURE_LIMIT - 1, address="10.0.3.1")
    assert login("lanhdao", PASSWORD, address="10.0.3.1")[1].status_code == 302
    fail("thuongtruc", 1, address="10.0.3.1")
    assert login("thuongtruc", PASSWORD, address="10.0.3.2")[1].status_code == 429


def test_behind_a_reverse_proxy_each_client_is_counted_by_its_own_address(world, settings):
    """Behind nginx every request comes from the proxy's address: with THIDUA_PROXY_COUNT=1 the client is
    the right-most X-Forwarded-For entry (what nginx saw), and entries a client forges to its left do not
    get it a fresh count."""
    settings.THIDUA_PROXY_COUNT = 1

    def via_proxy(username, password, forwarded):
        client = Client()
        response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.9.9.9",
                               HTTP_X_FORWARDED_FOR=forwarded)
        return client, response

    for n in range(settings.AXES_FAILURE_LIMIT):
        via_proxy(f"doan-{n}", "sai-mat-khau-123", f"172.16.0.{n}, 10.0.5.1")
    assert via_proxy("lanhdao", PASSWORD, "1.2.3.4, 10.0.5.1")[1].status_code == 429
    client, response = via_proxy("lanhdao", PASSWORD, "10.0.5.2")  # another client behind the same proxy
    assert response.status_code == 302 and logged_in(client)
    assert "10.0.5.1" in audit("orgs.login.failed")[0].note
