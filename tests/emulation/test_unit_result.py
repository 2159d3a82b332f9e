"""A unit officer sees its own ranking line once the group is locked, and the group's table only
when the secretariat publishes it."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from tests.factories import make_world
from thidua.emulation import services
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


def test_own_line_then_published_table(client):
    world = make_world()
    s = make_cycle(world)
    a, b, c = s.units
    with scopes_disabled():
        score_fully(s, a, {"1.1": 100, "1.2": 0, "2.1": 1})
        score_fully(s, b, {"1.1": 120, "1.2": 0, "2.1": 3})
        score_fully(s, c, {"1.1": 90, "1.2": 0})
    url = reverse("emulation:unit", args=[s.cycle.pk, a.pk])
    client.force_login(world.users["unit_officer"])
    assert 'data-testid="own-result"' not in client.get(url).content.decode()  # not locked yet
    client.force_login(world.users["secretariat"])
    rank = reverse("emulation:ranking", args=[s.cycle.pk])
    client.post(rank, {"action": "lock", "group": s.group.pk})  # locked, table not published
    client.force_login(world.users["unit_officer"])
    page = client.get(url).content.decode()
    own = page.split('data-testid="own-result"')[1].split("</p>")[0]
    assert "Xếp thứ <strong>2</strong>/3" in own and "(Nhì)" in own
    assert 'data-testid="group-table"' not in page and b.name not in page.split("Kết quả xếp hạng")[1].split(
        "Chấm chéo đơn vị khác")[0]
    assert client.get(rank).status_code == 403
    assert client.post(rank, {"action": "publish", "group": s.group.pk}).status_code == 403
    client.force_login(world.users["secretariat"])
    client.post(rank, {"action": "publish", "group": s.group.pk})
    client.force_login(world.users["unit_officer"])
    table = client.get(url).content.decode().split('data-testid="group-table"')[1].split("</table>")[0]
    assert table.index(b.name) < table.index(a.name) < table.index(c.name)
    client.force_login(world.users["secretariat"])
    client.post(rank, {"action": "unpublish", "group": s.group.pk})
    client.force_login(world.users["unit_officer"])
    assert 'data-testid="group-table"' not in client.get(url).content.decode()


def test_publish_needs_a_lock_and_is_published_at_lock(client):
    world = make_world()
    s = make_cycle(world)
    with scopes_disabled():
        with pytest.raises(ValidationFailed, match="sau khi đã khóa"):
            services.publish_group(None, s.group, True)
        for unit in s.units:
            score_fully(s, unit, {"1.1": 100, "1.2": 0})
    client.force_login(world.users["secretariat"])
    client.post(reverse("emulation:ranking", args=[s.cycle.pk]), {"action": "lock", "group": s.group.pk,
                                                                  "publish": "1"})
    with scopes_disabled():
        s.group.refresh_from_db()
        assert s.group.locked_at and s.group.published
