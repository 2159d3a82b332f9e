"""#20: moves on the seating chart — into an empty seat, a swap only when asked for, a stale page refused,
nobody displaced silently (chart, seat-code form, delegate form), permission and authority; the page's
query count pinned (1 vs 3 seated delegates)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.checkin import seating_queries, seating_services, services
from thidua.checkin.models import SeatAssignment
from thidua.events import services as event_services
from thidua.events.models import Delegate
from thidua.orgs.models import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


def _seats(day) -> dict[int, str]:
    with scopes_disabled():
        return dict(Delegate.objects.filter(event=day.event).values_list("pk", "seat"))


def _get(d: Delegate) -> Delegate:
    with scopes_disabled():
        return Delegate.objects.select_related("event").get(pk=d.pk)


def test_the_day_as_drawn(day):
    seats = _seats(day)
    assert seats[day.guest.pk] == "CT-01" and seats[day.anh.pk] == ""
    assert seats[day.ha.pk] and seats[day.recipient.pk]


def test_move_into_an_empty_seat_is_manual_and_audited(day):
    secretariat = day.world.users["secretariat"]
    with scopes_disabled():
        move = seating_services.move_delegate(secretariat, _get(day.anh), "P-B04", seen_from="", seen_occupant=None)
        assert move.changes == [(day.anh.pk, "P-B04")] and "Đã xếp “Lê Hữu Nghĩa” vào ghế P-B04." == move.message
        assert SeatAssignment.objects.get(delegate_id=day.anh.pk).manual
        entry = AuditLog.objects.filter(action="checkin.seat.move").latest("id")
        assert entry.before == {"seat": ""} and entry.after == {"seat": "P-B04"}


def test_a_taken_seat_is_refused_unless_the_swap_was_asked(day):
    secretariat = day.world.users["secretariat"]
    seats = _seats(day)
    ha_seat, lan_seat = seats[day.ha.pk], seats[day.recipient.pk]
    with scopes_disabled():
        with pytest.raises(seating_services.SeatTaken, match="Đổi chỗ với “Điểu Thị Lan”") as refused:
            seating_services.move_delegate(secretariat, _get(day.ha), lan_seat, seen_from=ha_seat,
                                           seen_occupant=day.recipient.pk)
        assert refused.value.occupant.pk == day.recipient.pk
        assert _seats(day) == seats  # nobody moved
        move = seating_services.move_delegate(secretariat, _get(day.ha), lan_seat, seen_from=ha_seat,
                                              seen_occupant=day.recipient.pk, swap=True)
        assert sorted(move.changes) == sorted([(day.ha.pk, lan_seat), (day.recipient.pk, ha_seat)])
        assert f"“Điểu Thị Lan” chuyển sang ghế {ha_seat}" in move.message
        entry = AuditLog.objects.filter(action="checkin.seat.move").latest("id")
        assert entry.after == {"seat": lan_seat, "swapped_with": {"id": day.recipient.pk, "seat": ha_seat}}
        assert SeatAssignment.objects.get(delegate_id=day.recipient.pk).manual
    after = _seats(day)
    assert after[day.ha.pk] == lan_seat and after[day.recipient.pk] == ha_seat


def test_a_swap_from_the_list_sends_the_occupant_to_the_list(day):
    secretariat = day.world.users["secretariat"]
    with scopes_disabled():
        move = seating_services.move_delegate(secretariat, _get(day.anh), "CT-01", seen_from="",
                                              seen_occupant=day.guest.pk, swap=True)
    assert "“Trần Văn Thành” chuyển vào danh sách chưa có chỗ" in move.message
    seats = _seats(day)
    assert seats[day.anh.pk] == "CT-01" and seats[day.guest.pk] == ""
    with scopes_disabled():
        assert not SeatAssignment.objects.filter(delegate_id=day.guest.pk).exists()


def test_a_stale_move_is_refused(day):
    secretariat = day.world.users["secretariat"]
    seats = _seats(day)
    with scopes_disabled():
        # the page showed P-B04 empty, someone sat there since
        seating_services.move_delegate(secretariat, _get(day.anh), "P-B04", seen_from="", seen_occupant=None)
        with pytest.raises(seating_services.StaleMove, match="Ghế P-B04 đã thay đổi.*nay có “Lê Hữu Nghĩa” ngồi"):
            seating_services.move_delegate(secretariat, _get(day.ha), "P-B04", seen_from=seats[day.ha.pk],
                                           seen_occupant=None, swap=True)
        # the page showed Ánh without a seat: she was seated since
        with pytest.raises(seating_services.StaleMove, match="đã được chuyển sang ghế P-B04.*tải lại trang"):
            seating_services.move_delegate(secretariat, _get(day.anh), "P-B03", seen_from="", seen_occupant=None)
        # the page showed Thành at CT-01 but he is gone
        with pytest.raises(seating_services.StaleMove, match="nay đang trống"):
            seating_services.move_delegate(secretariat, _get(day.anh), "T-C06", seen_from="P-B04",
                                           seen_occupant=day.ha.pk, swap=True)
    assert _seats(day)[day.ha.pk] == seats[day.ha.pk]


def test_out_of_the_hall_and_bad_seats(day):
    secretariat = day.world.users["secretariat"]
    seat = _seats(day)[day.ha.pk]
    with scopes_disabled():
        move = seating_services.move_delegate(secretariat, _get(day.ha), "", seen_from=seat)
        assert move.changes == [(day.ha.pk, "")] and "Đã bỏ chỗ ngồi" in move.message
        assert not SeatAssignment.objects.filter(delegate_id=day.ha.pk).exists()
        with pytest.raises(ValidationFailed, match="Không có ghế “X-A01”"):
            seating_services.move_delegate(secretariat, _get(day.ha), "x-a01", seen_from="")
        event_services.record_reply(None, _get(day.ha), "declined", "phone")
        with pytest.raises(ValidationFailed, match="không dự hội nghị"):
            seating_services.move_delegate(secretariat, _get(day.ha), "T-C06", seen_from="")


def test_permission_and_authority(day):
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            seating_services.move_delegate(day.world.users["reception"], _get(day.anh), "P-B04", seen_from="")
        with pytest.raises(PermissionDenied):
            seating_services.move_delegate(day.world.users["other_secretariat"], _get(day.anh), "P-B04", seen_from="")


def test_no_silent_displacement_by_seat_code_or_delegate_form(client, day):
    secretariat = day.world.users["secretariat"]
    with scopes_disabled():
        with pytest.raises(ValidationFailed, match="Ghế CT-01 đang có “Trần Văn Thành” ngồi"):
            services.set_seat(secretariat, _get(day.anh), "CT-01")
        with pytest.raises(ValidationFailed):
            event_services.update_delegate(secretariat, _get(day.anh), {"seat": "CT-01"})
    client.force_login(secretariat)
    r = client.post(reverse("checkin:seat_set", args=[day.anh.pk]), {"seat": "ct-01"}, follow=True)
    assert "Ghế CT-01 đang có “Trần Văn Thành” ngồi" in r.content.decode()
    assert _seats(day)[day.guest.pk] == "CT-01" and _seats(day)[day.anh.pk] == ""


# --- the move endpoint --------------------------------------------------------------------------

def _post(client, day, d, seat, seen_from="", occupant="", swap="0", event=None):
    url = reverse("checkin:seat_move", args=[(event or day.event).pk])
    return client.post(url, {"delegate": d.pk, "seat": seat, "from": seen_from, "occupant": occupant, "swap": swap})


def test_endpoint_moves_asks_and_refuses_stale(client, day):
    client.force_login(day.world.users["secretariat"])
    r = _post(client, day, day.anh, "P-B04")
    assert r.status_code == 200 and r.json()["changes"] == [[day.anh.pk, "P-B04"]]
    r = _post(client, day, day.anh, "CT-01", "P-B04", "")  # the page thought CT-01 empty
    assert r.status_code == 409 and r.json()["stale"] and "Ghế CT-01 đã thay đổi" in r.json()["error"]
    r = _post(client, day, day.anh, "CT-01", "P-B04", day.guest.pk)  # no swap asked
    assert r.status_code == 409 and r.json()["ask"] and r.json()["occupant"] == [day.guest.pk, "Trần Văn Thành"]
    r = _post(client, day, day.anh, "CT-01", "P-B04", day.guest.pk, swap="1")
    assert r.status_code == 200 and sorted(r.json()["changes"]) == sorted([[day.anh.pk, "CT-01"],
                                                                           [day.guest.pk, "P-B04"]])
    r = _post(client, day, day.anh, "Z-Z99", "CT-01")
    assert r.status_code == 400 and "Không có ghế" in r.json()["error"]


def test_endpoint_scope_permission_and_post_only(client, day):
    client.force_login(day.world.users["other_secretariat"])
    assert _post(client, day, day.anh, "P-B04").status_code == 404  # another authority's event
    client.force_login(day.world.users["secretariat"])
    assert _post(client, day, day.foreign, "P-B04").status_code == 404  # another authority's delegate
    assert _post(client, day, day.anh, "P-B04", event=day.other_event).status_code == 404  # not this event's
    assert client.get(reverse("checkin:seat_move", args=[day.event.pk])).status_code == 405
    for role in ("reception", "leader"):
        client.force_login(day.world.users[role])
        assert _post(client, day, day.anh, "P-B04").status_code == 403
    assert _seats(day)[day.anh.pk] == ""


def test_leader_sees_the_chart_without_moves(client, day):
    client.force_login(day.world.users["leader"])
    page = client.get(reverse("checkin:seating", args=[day.event.pk])).content.decode()
    assert f'data-l="CT-01" data-d="{day.guest.pk}"' in page and "data-manage" not in page
    assert 'id="swap-modal"' not in page


def test_page_query_count_is_fixed(client, day, django_assert_num_queries, django_assert_max_num_queries):
    """1 seated delegate or 3 (and a hundred more people): the same number of queries."""
    secretariat = day.world.users["secretariat"]
    url = reverse("checkin:seating", args=[day.event.pk])
    with scopes_disabled():
        for d in (day.ha, day.recipient):
            services.set_seat(None, _get(d), "")
    client.force_login(secretariat)
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        page = client.get(url).content.decode()
    assert page.count("data-d=") == 1
    with scopes_disabled():
        for d, seat in ((day.ha, "T-C05"), (day.recipient, "T-C06")):
            services.set_seat(None, _get(d), seat)
        for i in range(100):
            event_services.add_delegate(None, day.event, {"category": day.cats["c"], "full_name": f"Người Số {i}"})
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("data-d=") == 3 and "Người Số 99" in page


def test_chart_names_are_the_models(day):
    """The chart reads columns, not model instances: its names are `Delegate.attendee_name`."""
    with scopes_disabled():
        event_services.add_delegate(None, day.event, {"category": day.cats["b"], "organisation": day.world.unit_a})
        event_services.add_delegate(None, day.event, {"category": day.cats["d"], "represents": "Phòng Nội vụ",
                                                     "unit_text": "UBND huyện"})
        people = {p.id: p for p in seating_queries.people(day.event)}
        delegates = list(Delegate.objects.filter(event=day.event))
        assert len(people) == len(delegates) == 6
        for d in delegates:
            assert people[d.pk].name == d.attendee_name
        assert {p.name for p in people.values()} >= {"Lê Hữu Nghĩa", "Đại diện Phòng Nội vụ"}
        assert people[day.ha.pk].short == "N.V.Hạ"
