"""#16: the task list, the reminder list and the budget export with formula-looking text in every
field they export (event title above the table, task titles, units, budget items): no live formula."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.events.test_export_formulas import assert_xlsx_safe
from thidua.events.models import Event
from thidua.logistics import services
from thidua.logistics.models import Task
from thidua.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_logistics_exports_neutralise_every_text(client, prep):
    w, event = prep["world"], prep["event"]
    with scopes_disabled():
        Event.objects.filter(pk=event.pk).update(title="=HYPERLINK(\"http://evil\")")
        Task.objects.filter(pk=prep["own"].pk).update(title="=1+2")
        Task.objects.filter(pk=prep["theirs"].pk).update(title="@SUM(A1)")
        Organisation.objects.filter(pk=w.unit_b.pk).update(name="-2+3")
        budget = services.ensure_budget(None, event)
        services.save_budget_line(None, budget, {"group": "flowers", "item": "=1+2", "unit": "+bó",
                                                 "basis": "fixed", "quantity": 2, "unit_price": 1000})
    client.force_login(w.users["secretariat"])
    r = client.get(reverse("logistics:task_list"), {"format": "xlsx", "status": ""})
    assert r.status_code == 200 and assert_xlsx_safe(r.content) >= 3
    r = client.get(reverse("logistics:reminders"), {"format": "xlsx", "days": "30"})
    assert r.status_code == 200 and assert_xlsx_safe(r.content) >= 0
    r = client.get(reverse("logistics:budget", args=[event.pk]), {"format": "xlsx"})
    assert r.status_code == 200 and assert_xlsx_safe(r.content) >= 3  # event title, item, unit
