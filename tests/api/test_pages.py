"""The office's page of connected systems: who may see it, a new client's token shown once (only its
hash kept), revoking by POST with CSRF, every write audited, another authority's client not found."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.exchange.world import make_levels
from thidua.api import demo
from thidua.api.models import ApiClient, ApiScope, hash_token
from thidua.orgs.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,status", [("admin", 200), ("secretariat", 200), ("reviewer", 403),
                                         ("unit_officer", 403), ("reception", 403), ("leader", 403)])
def test_who_sees_the_page(client, api, role, status):
    client.force_login(api.world.users[role])
    assert client.get(reverse("api:client_list")).status_code == status
    assert client.get(reverse("api:client_create")).status_code == status


def test_create_shows_the_token_once_and_it_works(client, api):
    client.force_login(api.world.users["secretariat"])
    page = client.get(reverse("api:client_list")).content.decode()
    assert "Văn phòng điện tử" in page and "Minh Đức" not in page and api.client.prefix in page
    response = client.post(reverse("api:client_create"), {"name": "  Cơ sở dữ liệu  quốc gia ",
                                                          "purpose": "Đồng bộ khen thưởng",
                                                          "scopes": [ApiScope.AWARDS, ApiScope.DECISIONS]})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    token = response.context["token"]
    assert token.startswith("tdq_") and token in response.content.decode()
    with scopes_disabled():
        made = ApiClient.objects.get(name="Cơ sở dữ liệu quốc gia")
        assert made.key_hash == hash_token(token) and token not in str(made.__dict__)
        assert made.scopes == [ApiScope.DECISIONS, ApiScope.AWARDS] and made.created_by == api.world.users["secretariat"]
        entry = AuditLog.objects.get(action="api.client.create", object_id=str(made.pk))
        assert entry.authority_id == api.world.authority.pk and token not in str(entry.after)
    listed = client.get(reverse("api:client_list")).content.decode()
    assert made.prefix in listed and token not in listed  # shown once, never again
    assert Client().get(reverse("api:awards"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_create_refuses_no_scope_and_no_name(client, api):
    client.force_login(api.world.users["admin"])
    response = client.post(reverse("api:client_create"), {"name": "X"})
    assert response.status_code == 200 and "token" not in response.context
    response = client.post(reverse("api:client_create"), {"name": " ", "scopes": [ApiScope.AWARDS]})
    assert "token" not in response.context
    with scopes_disabled():
        assert not ApiClient.objects.filter(name="X").exists()


def test_revoke_by_post_with_csrf(api):
    url = reverse("api:client_revoke", args=[api.client.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api.world.users["admin"])
    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403  # no CSRF token
    with scopes_disabled():
        assert ApiClient.objects.get(pk=api.client.pk).revoked_at is None
    page = browser.get(reverse("api:client_list")).content.decode()
    assert "data-confirm=" in page
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(url, {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    with scopes_disabled():
        revoked = ApiClient.objects.get(pk=api.client.pk)
        assert revoked.revoked_at is not None and revoked.revoked_by == api.world.users["admin"]
        assert AuditLog.objects.filter(action="api.client.revoke", object_id=str(revoked.pk)).count() == 1
    assert Client().get(reverse("api:awards"), **api.auth()).status_code == 401
    browser.post(url, {"csrfmiddlewaretoken": csrf})  # twice: nothing more happens
    with scopes_disabled():
        assert AuditLog.objects.filter(action="api.client.revoke", object_id=str(revoked.pk)).count() == 1


def test_another_authoritys_client_cannot_be_revoked(client, api):
    with scopes_disabled():
        foreign = ApiClient.objects.get(authority=api.world.other_authority)
    client.force_login(api.world.users["admin"])
    assert client.post(reverse("api:client_revoke", args=[foreign.pk])).status_code == 404
    with scopes_disabled():
        assert ApiClient.objects.get(pk=foreign.pk).revoked_at is None


def test_the_command_creates_lists_and_revokes(api, capsys):
    call_command("api_clients", "tan-khai", "--create", "Trục liên thông", "--scope", "awards.read", "--json")
    made = json.loads(capsys.readouterr().out)
    assert made["token"].startswith(made["prefix"])
    call_command("api_clients", str(api.world.authority.pk), "--json")
    listed = json.loads(capsys.readouterr().out)
    assert {"Trục liên thông", "Văn phòng điện tử"} <= {c["name"] for c in listed}
    assert all("token" not in c for c in listed)
    assert Client().get(reverse("api:awards"), HTTP_AUTHORIZATION=f"Bearer {made['token']}").status_code == 200
    call_command("api_clients", "tan-khai", "--revoke", made["prefix"])
    assert Client().get(reverse("api:awards"), HTTP_AUTHORIZATION=f"Bearer {made['token']}").status_code == 401
    with pytest.raises(Exception, match="Không tìm thấy"):
        call_command("api_clients", "minh-duc", "--revoke", api.client.prefix)  # not that authority's


def test_the_demo_connects_a_system_once(db):
    make_levels()  # dong-nai and xa-tan-khai-moi
    lines = []
    with scopes_disabled():
        demo.load(lines.append)
        demo.load(lines.append)  # idempotent
        assert ApiClient.objects.filter(name=demo.NAME).count() == 2
    tokens = [line.split(": ")[-1] for line in lines[0].splitlines()[1:]]
    assert len(lines) == 1 and len(tokens) == 2
    assert Client().get(reverse("api:dossiers"), HTTP_AUTHORIZATION=f"Bearer {tokens[0]}").status_code == 200
