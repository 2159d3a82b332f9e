"""#16: the ranking and the scorecard exports with formula-looking unit, authority and criterion text."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from tests.events.test_export_formulas import assert_xlsx_safe
from thidua.emulation.imports import export_scorecard
from thidua.emulation.models import Criterion
from thidua.orgs.models import Authority, Organisation

pytestmark = pytest.mark.django_db


def test_ranking_and_scorecard_exports_neutralise_every_text(client, world):
    setup = make_cycle(world)
    score_fully(setup, world.unit_a, {"1.1": 120, "1.2": 1, "2.1": 3})
    score_fully(setup, world.unit_b, {"1.1": 100, "1.2": 1, "2.1": 1})
    with scopes_disabled():
        Authority.objects.filter(pk=world.authority.pk).update(name="=1+2")
        Organisation.objects.filter(pk=world.unit_a.pk).update(name="-2+3")
        Organisation.objects.filter(pk=world.unit_b.pk).update(name="@SUM(A1)")
        Criterion.objects.filter(pk=setup.crit["1.1"].pk).update(name="=HYPERLINK(\"http://evil\")",
                                                                 unit_label="+%")
        card = setup.crit["1.1"].scorecard
        scorecard_xlsx = export_scorecard(card)
    assert assert_xlsx_safe(scorecard_xlsx) >= 1
    client.force_login(world.users["secretariat"])
    r = client.get(reverse("emulation:ranking", args=[setup.cycle.pk]), {"format": "xlsx"})
    assert r.status_code == 200
    assert assert_xlsx_safe(r.content) >= 1 + 2  # the authority above the table, both units
