"""'Đại biểu nhận khen thưởng chưa đến' lists only the delegates who receive an award at this conference
(the decisions of the cycle it closes, linked to delegates as the events app adds them) and who have not
arrived (#20)."""

import datetime as dt

from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.awards import services as award_services
from thidua.awards.models import Award
from thidua.checkin import queries, services
from thidua.events import services as event_services
from thidua.orgs.models import Person, Signer


def _decide(day, code, number, on, lines):
    with scopes_disabled():
        signer = Signer.objects.filter(authority=day.world.authority).first() or Signer.objects.create(
            authority=day.world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH",
            is_chair=True)
        d = award_services.create_decision(None, day.world.authority, {
            "award": Award.objects.get(code=code), "date": on, "year": 2024, "number": number, "signer": signer,
            "signer_level": "ct-xa", "reason": "đã có thành tích xuất sắc trong phong trào thi đua năm 2024"}, lines)
        return award_services.issue_decision(None, d)


def _names(day):
    with scopes_disabled():
        return [p["name"] for p in queries.attendance(day.event)["missing_recipients"]]


def test_only_recipients_of_this_conference_who_have_not_arrived(day):
    w = day.world
    with scopes_disabled():
        award_services.seed_catalogue(None)
        tam = Person.objects.create(authority=w.authority, organisation=w.unit_a, family_name="Lê", middle_name="Văn",
                                    given_name="Tâm", gender="M", position="Giáo viên")
        old = Person.objects.create(authority=w.authority, organisation=w.unit_b, family_name="Đỗ",
                                    middle_name="Văn", given_name="Sớm", gender="M")
    # nobody is decided yet: Điểu Thị Lan sits in category d but receives nothing
    assert _names(day) == []
    # this conference presents: Nguyễn Văn Hạ (invited in b), Lê Văn Tâm (added from the recipients),
    # a collective (unit B, whose leader's unnamed seat is invited); an award of last cycle is not presented
    _decide(day, "gk-xa", 5, dt.date(2025, 3, 10), [
        {"kind": "individual", "person": w.person_a}, {"kind": "individual", "person": tam},
        {"kind": "collective", "organisation": w.unit_b}])
    _decide(day, "gk-xa", 90, dt.date(2024, 12, 20), [{"kind": "individual", "person": old}])
    with scopes_disabled():
        seat = event_services.add_unit_seats(None, day.event, day.cats["c"], [w.unit_b], 1)
        event_services.add_award_recipients(None, day.event)
        # an unnamed seat of another unit is no recipient
        event_services.add_unit_seats(None, day.event, day.cats["c"], [w.unit_a], 1)
        event_services.add_delegate(None, day.event, {"category": day.cats["d"], "full_name": "Đỗ Văn Sớm",
                                                      "unit_text": "Trường Tiểu học"})
    assert seat  # the unit's seat receives the collective's award (one letter, the one naming it)
    missing = _names(day)
    assert "Điểu Thị Lan" not in missing and "Đỗ Văn Sớm" not in missing
    assert "Nguyễn Văn Hạ" in missing and "Lê Văn Tâm" in missing
    assert any(n.startswith("Đại diện") and w.unit_b.name in n for n in missing), missing
    assert not any(w.unit_a.name in n for n in missing if n.startswith("Đại diện")), missing
    assert len(missing) == 3
    # Nguyễn Văn Hạ arrives: he leaves the list; a declined recipient is not waited for
    with scopes_disabled():
        services.check_in(None, day.ha, "Bàn 1", "recipient-nonce-1", event=day.event)
        tam_delegate = day.event.delegates.get(person=tam)
        event_services.record_reply(None, tam_delegate, "declined", "phone")
    missing = _names(day)
    assert "Nguyễn Văn Hạ" not in missing and "Lê Văn Tâm" not in missing and len(missing) == 1


def test_the_attendance_page_shows_the_list(client, day):
    client.force_login(day.world.users["secretariat"])
    page = client.get(reverse("checkin:attendance", args=[day.event.pk])).content.decode()
    assert "Đại biểu nhận khen thưởng chưa đến (0)" in page and "Điểu Thị Lan" not in page
