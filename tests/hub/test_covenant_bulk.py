"""Bulk decisions on the covenant list (emulation.views.bulk, emulation.services.bulk) (#20)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua.emulation import services
from thidua.emulation.models import Covenant
from thidua.orgs.models import AuditLog

pytestmark = pytest.mark.django_db


def test_accept_return_and_print_selected(client, world):
    s = make_cycle(world)
    with scopes_disabled():
        covs = []
        for unit in s.units:
            cov = services.save_covenant(None, s.cycle, unit, {s.crit["1.1"].pk: 95}, "Cam kết")
            covs.append(cov)
        for cov in covs[:2]:
            services.transition_covenant(None, cov, "submitted")
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("emulation:covenants", args=[s.cycle.pk])).content.decode()
    assert 'data-testid="covenant-bulk"' in page and 'name="ids"' in page and "web/bulk.js" in page
    url = reverse("emulation:covenant_bulk", args=[s.cycle.pk])
    r = client.post(url, {"ids": [c.pk for c in covs], "action": "accepted"}, follow=True)
    text = r.content.decode()
    assert "Chấp nhận bản đăng ký: đã xong 2 bản." in text and "Không làm được 1 bản" in text
    with scopes_disabled():
        assert [Covenant.objects.get(pk=c.pk).status for c in covs] == ["accepted", "accepted", "draft"]
        assert AuditLog.objects.filter(action="emulation.covenant.bulk").count() == 1
    r = client.post(url, {"ids": [covs[0].pk], "action": "returned"}, follow=True)
    assert "Cần ghi ý kiến khi trả lại" in r.content.decode()
    r = client.post(url, {"ids": [covs[0].pk, covs[2].pk], "action": "print"})
    assert r.status_code == 200 and r.content.decode().count("<tr><td>") == 2
    client.force_login(world.users["unit_officer"])
    assert client.post(url, {"ids": [covs[1].pk], "action": "accepted"}).status_code in (403, 404)
