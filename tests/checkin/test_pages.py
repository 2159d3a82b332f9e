"""#21: the chart's sections of rows (a print helper); the seating page draws the whole hall compactly;
the attendance poll is answered 304 while nothing changed."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.checkin import queries, services

pytestmark = pytest.mark.django_db

PLAN = {"name": "Hội trường UBND xã", "blocks": [
    {"code": "CT", "head": True, "aisle": "both", "rows": [{"label": "", "seats": 3}]},
    {"code": "T", "aisle": "right", "rows": [{"label": "A", "seats": 4, "reserve": ["a"]},
                                             {"label": "B", "seats": 4, "awards": True}, {"label": "C", "seats": 6}]},
    {"code": "P", "aisle": "left", "rows": [{"label": "A", "seats": 4}, {"label": "B", "seats": 4}]}]}


@pytest.fixture
def seated(day):
    with scopes_disabled():
        services.save_plan(day.world.users["secretariat"], day.event, PLAN)
        services.set_seat(None, day.guest, "CT-01")
        services.auto_assign(None, day.event)
    return day


def test_seating_page_draws_the_whole_hall(client, seated):
    """#20: the chart is the whole hall as compact seats, the people one JSON blob (moves: tests/seating)."""
    client.force_login(seated.world.users["secretariat"])
    page = client.get(reverse("checkin:seating", args=[seated.event.pk])).content.decode()
    assert f'data-l="CT-01" data-d="{seated.guest.pk}"' in page and 'data-l="P-B04"' in page
    assert "Trần Văn Thành" in page and 'id="seating-data"' in page
    r = client.post(reverse("checkin:seat_set", args=[seated.ha.pk]), {"seat": "P-B04"})
    assert r["Location"].endswith(f"?d={seated.ha.pk}#d{seated.ha.pk}")


def test_attendance_poll_is_304_until_something_changes(client, seated):
    client.force_login(seated.world.users["leader"])
    url = reverse("checkin:attendance_data", args=[seated.event.pk])
    first = client.get(url, HTTP_HX_REQUEST="true")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.endswith('.h"') and "no-cache" in first["Cache-Control"]
    again = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    as_json = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert as_json.status_code == 200 and as_json["ETag"] != etag  # another representation
    page = client.get(reverse("checkin:attendance", args=[seated.event.pk])).content.decode()
    assert f"data-etag=\"{etag.replace(chr(34), '&quot;')}\"" in page
    with scopes_disabled():
        services.check_in(None, seated.ha, "Bàn 1", "poll-nonce-1", event=seated.event)
    moved = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
    assert moved.status_code == 200 and moved["ETag"] != etag and 'data-testid="present-b">1<' in moved.content.decode()
    assert 'id="arrivals-data"' in moved.content.decode()
    with scopes_disabled():
        checkin = queries.valid_checkin(seated.ha)
        services.undo_check_in(None, checkin, "Nhầm")
    undone = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=moved["ETag"])
    assert undone.status_code == 200 and 'data-testid="present-b">0<' in undone.content.decode()
