"""#16: the proposal, decision, decision-line and search exports with formula-looking names and units."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.awards.helpers import decided, proposal
from tests.events.test_export_formulas import assert_xlsx_safe
from thidua.awards.models import Award, DecisionLine
from thidua.orgs.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_awards_exports_neutralise_every_text(client, world):
    with scopes_disabled():
        Person.objects.filter(pk=world.person_a.pk).update(family_name="=1+2", given_name="x", position="-2+3")
        Organisation.objects.filter(pk=world.unit_b.pk).update(name="@SUM(A1)")
        Organisation.objects.filter(pk=world.unit_a.pk).update(name="+HYPERLINK(\"http://evil\")")
        proposal(world)
        d = decided(world)
        DecisionLine.objects.filter(decision=d).update(name="=1+2", position="-2+3", unit_name="@SUM(A1)",
                                                       name_fold="1 2")
        Award.objects.filter(pk=d.award_id).update(name="=HYPERLINK(\"http://evil\")")  # above the table
    client.force_login(world.users["secretariat"])
    for url, at_least in ((reverse("awards:proposal_list") + "?format=xlsx", 1),
                          (reverse("awards:decision_list") + "?format=xlsx", 1),
                          (reverse("awards:decision_file", args=[d.pk, "xlsx"]), 1 + 2 * 3),
                          (reverse("awards:search") + "?format=xlsx&q=1", 0)):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r["Content-Type"].startswith("application/vnd.openxmlformats"), url
        assert assert_xlsx_safe(r.content) >= at_least, url
