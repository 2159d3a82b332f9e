"""#16: the unit, person and audit-log exports with formula-looking text in every field they export
(and in the authority's name, written above the table): no cell is a live formula."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.events.test_export_formulas import EVIL, assert_xlsx_safe
from thidua.orgs.models import AuditLog, Authority, Organisation, Person

pytestmark = pytest.mark.django_db


def test_orgs_exports_neutralise_every_text(client, world):
    with scopes_disabled():
        Authority.objects.filter(pk=world.authority.pk).update(name="=1+2")
        Organisation.objects.filter(pk=world.unit_a.pk).update(
            name=EVIL[1], short_name=EVIL[2], phone="+84 271 3 640 123", email="@x", address=EVIL[4])
        Organisation.objects.filter(pk=world.unit_b.pk).update(code="-B", name="-2+3")
        Person.objects.filter(pk=world.person_a.pk).update(family_name="=1+2", given_name="x", position=EVIL[3],
                                                           phone="+84 912", email="=a@b")
        AuditLog.objects.create(authority=world.authority, actor_name="=1+2", at=timezone.now(),
                                action="-2+3", object_repr="@SUM(A1)", note="\t=1",
                                changes={"name": ["=1", "+2"]})
    client.force_login(world.users["admin"])
    for name, at_least in (("orgs:unit_list", 1 + 6), ("orgs:person_list", 4), ("orgs:audit_list", 4)):
        r = client.get(reverse(name), {"format": "xlsx"})
        assert r.status_code == 200, name
        assert assert_xlsx_safe(r.content) >= at_least, name
    for kind in ("units", "people", "don-vi", "ca-nhan"):
        r = client.get(reverse("orgs:import_template", args=[kind]))
        if r.status_code == 200:
            assert_xlsx_safe(r.content)
