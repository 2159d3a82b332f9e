"""An id in a form field or query parameter that names nothing ("abc", "1.5", "²", one larger than a column
holds, a negative one) is a 404 or a refusal on the page, never a server error (#17)."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.checkin.conftest import build_day
from tests.emulation.helpers import make_cycle
from thidua.orgs.viewkit import ID_MAX, id_or_none

pytestmark = pytest.mark.django_db
BAD = ["abc", "1.5", "²", "٣", "99999999999999999999", "-3", "0", ""]


def test_id_or_none():
    assert [id_or_none(v) for v in BAD] == [None] * len(BAD)
    assert id_or_none(" 42 ") == 42 and id_or_none(42) == 42 and id_or_none(str(ID_MAX)) == ID_MAX
    assert id_or_none(None) is None and id_or_none(str(ID_MAX + 1)) is None


@pytest.mark.parametrize("value", BAD[:6])
def test_request_ids_that_name_nothing_are_refused_not_server_errors(value):
    day = build_day()
    with scopes_disabled():
        setup = make_cycle(day.world)
    client = Client(raise_request_exception=False)
    client.force_login(day.world.users["admin"])
    assert client.get(reverse("logistics:overview"), {"event": value}).status_code == 404
    assert client.post(reverse("logistics:reminders_draft"), {"event": value}).status_code == 404
    assert client.get(reverse("awards:proposal_list"), {"year": value, "award": value}).status_code == 200
    assert client.post(reverse("awards:proposal_bulk"), {"ids": [value], "action": "x"}).status_code == 302
    r = client.post(reverse("program:agenda_reorder", args=[day.event.pk]), {"order": [value]})
    assert r.status_code == 400 and r.json()["ok"] is False
    r = client.post(reverse("program:operator_action", args=[day.event.pk]), {"action": "show", "item": value,
                                                                               "batch": value})
    assert r.status_code == 302
    for action, field in [("lock", "group"), ("publish", "group"), ("exclude", "membership")]:
        r = client.post(reverse("emulation:ranking", args=[setup.cycle.pk]), {"action": action, field: value})
        assert r.status_code == 404, (action, r.status_code)
    for action in ("edit_group", "delete_group"):
        r = client.post(reverse("emulation:scorecard", args=[setup.card.pk]), {"action": action, "group": value})
        assert r.status_code == 404, (action, r.status_code)


@pytest.mark.parametrize("minutes", ["inf", "nan", "1e400", "99999999999999999999", "-5", "abc"])
def test_a_projector_timer_or_a_reminder_span_out_of_range_is_refused_with_a_message(minutes):
    day = build_day()
    client = Client(raise_request_exception=False)
    client.force_login(day.world.users["admin"])
    r = client.post(reverse("program:operator_action", args=[day.event.pk]), {"action": "start", "minutes": minutes},
                    follow=True)
    assert r.status_code == 200
    assert [m.level_tag for m in r.context["messages"]] == ["error"]
    assert client.get(reverse("logistics:reminders"), {"days": minutes}).status_code == 200
    assert client.post(reverse("logistics:reminders_draft"), {"days": minutes}).status_code == 302
