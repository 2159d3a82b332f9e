"""Who may see and change what: every view, every role, and id tampering across units and authorities."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import ScopeError, scopes_disabled

from thidua.orgs.models import Organisation, Person

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin" or str(p.pattern).startswith("quan-tri"):
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_view_declares_its_permission():
    undeclared = [route for route, cb in _walk(get_resolver().url_patterns)
                  if not hasattr(cb, "permission_required")]
    assert undeclared == []


def test_query_without_scope_fails_loudly(world):
    with pytest.raises(ScopeError):
        list(Person.objects.all())
    with scopes_disabled():
        assert Person.objects.count() == 3


# (url name, args, expected status per role); 302 for anonymous is the login redirect.
PAGES = [
    ("web:dashboard", [], {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 200,
                           "leader": 200}),
    ("orgs:unit_list", [], {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 403,
                            "leader": 200}),
    ("orgs:person_list", [], {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200,
                              "reception": 403, "leader": 200}),
    ("orgs:unit_create", [], {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403,
                              "reception": 403, "leader": 403}),
    ("orgs:person_create", [], {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 200,
                                "reception": 403, "leader": 403}),
    ("orgs:import_upload", ["people"], {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403,
                                        "reception": 403, "leader": 403}),
    ("orgs:audit_list", [], {"admin": 200, "secretariat": 403, "reviewer": 403, "unit_officer": 403,
                             "reception": 403, "leader": 403}),
    ("web:specimen", [], {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 403,
                          "leader": 200}),
    ("web:job_list", [], {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 200,
                          "leader": 200}),
]


@pytest.mark.parametrize("name,args,expected", PAGES, ids=[p[0] for p in PAGES])
def test_role_matrix(client, world, name, args, expected):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # anonymous → login
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, (role, url)
        client.logout()


def test_unit_officer_sees_only_own_unit(client, world):
    client.force_login(world.users["unit_officer"])
    page = client.get(reverse("orgs:person_list")).content.decode()
    assert "Nguyễn Văn Hạ" in page and "Trần Thị Ánh" not in page
    units = client.get(reverse("orgs:unit_list")).content.decode()
    assert "Tân Khai A" in units and "Phòng Văn hóa" not in units


def test_unit_officer_cannot_tamper_ids(client, world):
    client.force_login(world.users["unit_officer"])
    assert client.get(reverse("orgs:unit_detail", args=[world.unit_a.pk])).status_code == 200
    assert client.get(reverse("orgs:unit_detail", args=[world.unit_b.pk])).status_code == 403
    assert client.get(reverse("orgs:person_edit", args=[world.person_b.pk])).status_code == 403
    assert client.get(reverse("orgs:person_list") + f"?unit={world.unit_b.pk}").status_code == 403
    # Editing one's own person but moving them to another unit is refused too.
    response = client.post(reverse("orgs:person_edit", args=[world.person_a.pk]),
                           {"full_name": "Nguyễn Văn Hạ", "organisation": world.unit_b.pk})
    assert response.status_code in (200, 403)
    with scopes_disabled():
        assert Person.objects.get(pk=world.person_a.pk).organisation_id == world.unit_a.pk


def test_other_authority_rows_are_invisible(client, world):
    client.force_login(world.users["secretariat"])
    assert client.get(reverse("orgs:unit_detail", args=[world.other_unit.pk])).status_code == 404
    with scopes_disabled():
        other_person = Person.objects.get(given_name="Bích")
    assert client.get(reverse("orgs:person_edit", args=[other_person.pk])).status_code == 404
    page = client.get(reverse("orgs:person_list")).content.decode()
    assert "Lê Thị Bích" not in page


def test_state_changes_need_post_and_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("orgs:unit_create"), {"code": "c", "name": "Đơn vị mới", "kind": "khac",
                                                         "display_order": 1})
    assert response.status_code == 403
    with scopes_disabled():
        assert not Organisation.objects.filter(code="c").exists()
    assert client.get(reverse("web:specimen_bulk")).status_code == 405


def test_createsuperuser_sees_everything(client, world):
    from django.core.management import call_command

    call_command("createsuperuser", username="root", email="root@example.org", interactive=False)
    with scopes_disabled():
        from thidua.orgs.models import User

        root = User.objects.get(username="root")
    client.force_login(root)
    assert client.get(reverse("web:dashboard")).status_code == 200
    page = client.get(reverse("orgs:person_list")).content.decode()
    assert "Lê Thị Bích" in page and "Nguyễn Văn Hạ" in page  # both authorities
    # With two authorities and none of its own, a superuser cannot create a unit for "no authority".
    response = client.post(reverse("orgs:unit_create"), {"code": "z", "name": "Đơn vị Z", "kind": "khac",
                                                         "display_order": 1})
    assert response.status_code == 403
