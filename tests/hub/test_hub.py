"""The conference hub (events.hub): tabs in the URL, links to the full pages, one event picker, and a
query count that does not grow with the delegates (#20)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.events import services
from thidua.events.hub import TABS

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_every_tab_renders_and_links_to_the_full_pages(client, conf):
    client.force_login(conf.world.users["secretariat"])
    base = reverse("events:hub", args=[conf.event.pk])
    for key, label in TABS:
        r = client.get(f"{base}?tab={key}")
        page = r.content.decode()
        assert r.status_code == 200 and f'data-tab="{key}"' in page, key
        assert label in page
    page = client.get(f"{base}?tab=dai-bieu").content.decode()
    assert reverse("events:delegate_list", args=[conf.event.pk]) in page
    page = client.get(f"{base}?tab=diem-danh").content.decode()
    assert reverse("checkin:desk", args=[conf.event.pk]) in page
    page = client.get(f"{base}?tab=kinh-phi").content.decode()
    assert reverse("logistics:budget", args=[conf.event.pk]) in page
    page = client.get(f"{base}?tab=khong-co").content.decode()  # an unknown tab: the overview
    assert 'data-tab="tong-quan"' in page and "hub-quota" in page


def test_picker_and_menu(client, conf):
    client.force_login(conf.world.users["secretariat"])
    r = client.get(reverse("events:hub_pick"), {"event": conf.event.pk, "tab": "giay-moi"})
    assert r.status_code == 302 and r["Location"] == reverse("events:hub", args=[conf.event.pk]) + "?tab=giay-moi"
    r = client.get(reverse("events:hub_pick"), {"event": conf.other_event.pk})  # another authority's: not offered
    assert r["Location"].startswith(reverse("events:hub", args=[conf.event.pk]))
    page = client.get(reverse("events:event_list")).content.decode()
    assert reverse("events:hub_pick") in page and reverse("events:event_list") in page
    r = client.get(reverse("events:hub", args=[conf.other_event.pk]))
    assert r.status_code == 404


def test_query_count_fixed_for_one_and_three_delegates(client, conf):
    client.force_login(conf.world.users["secretariat"])
    with scopes_disabled():
        one = services.create_event(None, conf.world.authority, {"slug": "mot", "title": "Hội nghị một"})
        three = services.create_event(None, conf.world.authority, {"slug": "ba", "title": "Hội nghị ba"})
        cat1, cat3 = one.categories.get(code="b"), three.categories.get(code="b")
        services.add_people(None, one, cat1, [conf.world.person_a])
        services.add_people(None, three, cat3, [conf.world.person_a, conf.world.person_b])
        services.add_unit_seats(None, three, cat3, [conf.world.unit_a], 1)
    for tab in ("tong-quan", "dai-bieu", "van-ban"):
        a = _queries(client, reverse("events:hub", args=[one.pk]) + f"?tab={tab}")
        b = _queries(client, reverse("events:hub", args=[three.pk]) + f"?tab={tab}")
        assert a == b, tab
        assert a <= 20


def test_unit_officer_sees_own_unit_figures_and_no_budget(client, conf):
    client.force_login(conf.world.users["unit_officer"])
    r = client.get(reverse("events:hub", args=[conf.event.pk]) + "?tab=kinh-phi")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'data-tab="tong-quan"' in page and "số liệu của đơn vị bạn" in page
