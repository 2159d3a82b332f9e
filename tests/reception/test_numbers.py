"""The number printed on an invitation under its QR code ("Mã điểm danh số 0002") is accepted at the desk
however it is typed, and the delegate search finds it (#20)."""

import json

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.checkin import queries, scanner, services
from thidua.checkin.models import CheckIn

PREFIXES = ["", "Mã điểm danh số ", "mã điểm danh số", "MA DIEM DANH SO ", "số ", "So: ", "#", "số. "]


@st.composite
def typed(draw, number):
    """`number` as a person may type it: zero-padded or not, spaces anywhere between the digits, a prefix."""
    digits = "0" * draw(st.integers(0, 6)) + str(number)
    gaps = draw(st.lists(st.sampled_from(["", "", " ", "  "]), min_size=len(digits), max_size=len(digits)))
    body = "".join(d + g for d, g in zip(digits, gaps, strict=True))
    return draw(st.sampled_from(["", " ", "\t"])) + draw(st.sampled_from(PREFIXES)) + body + \
        draw(st.sampled_from(["", " ", "\n"]))


@given(st.integers(1, 9_999_999).flatmap(lambda n: st.tuples(st.just(n), typed(n))))
def test_any_padding_and_spacing_of_a_number_reads_as_that_number(case):
    number, text = case
    assert scanner.invitation_number(text) == number


@pytest.mark.parametrize("text", ["", "0", "0000", " 0 0 ", "abc", "12a", "2-3", "số", "-2", "2.5", "1" * 8,
                                  "4.ab.cd.ef", "Mã điểm danh số", "x" * 100])
def test_what_is_not_an_invitation_number(text):
    assert scanner.invitation_number(text) is None


def test_the_printed_line_and_its_reading():
    assert scanner.number_text(2) == "0002"
    assert scanner.invitation_number(f"Mã điểm danh số {scanner.number_text(2)}") == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_typing_of_a_delegates_number_finds_that_delegate(day, data):
    with scopes_disabled():
        for d in (day.ha, day.anh, day.guest, day.recipient):
            text = data.draw(typed(d.invitation_number))
            out = services.check_in(day.world.users["reception"], text, "Bàn 1", "nonce-dry-run", event=day.event,
                                    dry_run=True)
            assert out.code == "ok" and out.delegate.pk == d.pk, text
            assert [h.pk for h in queries.search(day.event, text)] == [d.pk], text


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_typed_number_checks_in_at_the_desk_once(client, day):
    client.force_login(day.world.users["reception"])
    url = reverse("checkin:api_checkin", args=[day.event.pk])
    number = day.guest.invitation_number
    r = _post(client, url, {"token": f"{number:04d}", "nonce": "number-nonce-1", "desk": "Bàn 2"})
    data = r.json()
    assert data["code"] == "ok" and data["delegate"]["id"] == day.guest.pk
    assert data["delegate"]["number"] == number
    r = _post(client, url, {"token": f" {number} ", "nonce": "number-nonce-2", "desk": "Bàn 1"})
    assert r.json()["code"] == "already_checked_in" and "Bàn 2" in r.json()["message"]
    r = _post(client, url, {"token": "9999", "nonce": "number-nonce-3"})
    assert r.json()["code"] == "unknown" and "Không có giấy mời số 9999" in r.json()["message"]
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.guest, status="valid").count() == 1


def test_a_number_of_another_event_is_not_this_events(client, day):
    """The number is read within the desk's event: number 1 of another conference is this one's number 1."""
    client.force_login(day.world.users["reception"])
    r = client.get(reverse("checkin:api_lookup", args=[day.event.pk]), {"token": "0001"})
    assert r.json()["delegate"]["id"] == day.ha.pk and day.ha.invitation_number == 1
    r = client.get(reverse("checkin:api_lookup", args=[day.other_event.pk]), {"token": "0001"})
    assert r.json()["code"] == "unknown"


def test_the_search_finds_the_number_and_still_names_without_accents(client, day):
    client.force_login(day.world.users["reception"])
    url = reverse("checkin:api_search", args=[day.event.pk])
    assert [d["id"] for d in client.get(url, {"q": "0 0 0 3"}).json()["delegates"]] == [day.guest.pk]
    assert [d["id"] for d in client.get(url, {"q": "nguyen van ha"}).json()["delegates"]] == [day.ha.pk]
    listed = client.get(reverse("checkin:api_delegates", args=[day.event.pk])).json()["delegates"]
    assert {d["id"]: d["number"] for d in listed}[day.recipient.pk] == day.recipient.invitation_number
