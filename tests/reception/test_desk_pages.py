"""The desk's pages without a browser: a walk-in added by reception, a substitute named at the desk shown on
the desk's answer, its log and the delegate's page, and the check-in status on the delegate's page and in
the delegate export (#20)."""

import io
import re

from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from thidua import clock
from thidua.checkin import api, services
from thidua.checkin.models import CheckIn
from thidua.events import services as event_services
from thidua.events.models import Delegate, present
from thidua.orgs.models import AuditLog


def test_reception_adds_a_walk_in_from_the_desk(client, day):
    reception = day.world.users["reception"]
    client.force_login(reception)
    url = reverse("checkin:walk_in", args=[day.event.pk])
    r = client.post(url, {"full_name": "  Võ   Văn Tám ", "position": "Chuyên viên", "unit_text": "Phòng Tư pháp",
                          "category": day.cats["b"].pk, "desk": "Bàn 2", "nonce": "walk-in-nonce-1"}, follow=True)
    page = r.content.decode()
    assert "Đã thêm và điểm danh “Võ Văn Tám” (b), số giấy mời 0005." in page
    assert "khách không có giấy mời" in page  # the desk log
    with scopes_disabled():
        d = Delegate.objects.get(full_name="Võ Văn Tám")
        assert d.invitation_number == 5 and d.reply_status == "accepted"
        assert Delegate.objects.filter(present(), pk=d.pk).exists()
        c = CheckIn.objects.get(delegate=d)
        assert c.walk_in and c.desk == "Bàn 2" and c.by == reception
        assert d.replies.get().get_channel_display() and d.replies.get().recorded_by == reception
        assert AuditLog.objects.filter(action="events.delegate.create", object_id=str(d.pk), actor=reception).exists()
    # the number just given is accepted at the desk like a printed one
    r = client.get(reverse("checkin:api_lookup", args=[day.event.pk]), {"token": "5"})
    assert r.json()["code"] == "already_checked_in" and r.json()["delegate"]["id"] == d.pk


def test_a_refused_walk_in_comes_back_with_what_was_typed(client, day):
    client.force_login(day.world.users["reception"])
    r = client.post(reverse("checkin:walk_in", args=[day.event.pk]), {
        "full_name": "=CMD()", "position": "Chuyên viên", "unit_text": "Phòng Tư pháp", "category": day.cats["b"].pk})
    page = r.content.decode()
    assert r.status_code == 400 and "giống công thức Excel" in page
    assert 'value="Phòng Tư pháp"' in page and "<details class=\"card mb-3\" data-testid=\"walk-in\" open>" in page
    with scopes_disabled():
        assert not Delegate.objects.filter(unit_text="Phòng Tư pháp").exists()


def test_other_roles_cannot_add_a_walk_in(client, day):
    for role in ("unit_officer", "leader", "reviewer"):
        client.force_login(day.world.users[role])
        r = client.post(reverse("checkin:walk_in", args=[day.event.pk]), {"full_name": "X", "category": day.cats["b"].pk})
        assert r.status_code == 403, role


def test_a_substitute_named_at_the_desk_is_shown_everywhere(client, day):
    reception = day.world.users["reception"]
    with scopes_disabled():
        out = services.check_in(reception, day.ha, "Bàn 3", "substitute-nonce-1", event=day.event,
                                attendee_name="Phạm Văn Dũng")
        payload = api.outcome_payload(day.event, out)
    assert payload["delegate"]["attendee"] == "Phạm Văn Dũng" and payload["delegate"]["name"] == "Nguyễn Văn Hạ"
    client.force_login(reception)
    listed = client.get(reverse("checkin:api_delegates", args=[day.event.pk])).json()["delegates"]
    mine = next(d for d in listed if d["id"] == day.ha.pk)
    assert mine["attendee"] == "Phạm Văn Dũng" and "pham van dung" in mine["fold"]
    desk = client.get(reverse("checkin:desk", args=[day.event.pk])).content.decode()
    assert "Phạm Văn Dũng (dự thay Nguyễn Văn Hạ)" in desk
    client.force_login(day.world.users["secretariat"])
    page = client.get(reverse("events:delegate_detail", args=[day.ha.pk])).content.decode()
    assert "Đã đến" in page and "tại Bàn 3" in page and "Phạm Văn Dũng" in page
    page = client.get(reverse("events:delegate_detail", args=[day.guest.pk])).content.decode()
    assert "Chưa đến" in page


def test_the_delegate_export_says_who_arrived_when_and_where(client, day):
    with scopes_disabled():
        services.check_in(None, day.ha, "Bàn 3", "export-nonce-1", event=day.event, attendee_name="Phạm Văn Dũng")
        services.check_in(None, day.guest, "Bàn 1", "export-nonce-2", event=day.event)
    client.force_login(day.world.users["secretariat"])
    r = client.get(reverse("events:delegate_list", args=[day.event.pk]), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(row for row in rows if row and row[0] == "STT")
    at, desk, sub = (header.index(h) for h in ("Điểm danh", "Bàn đón tiếp", "Người đến dự thay (ghi tại bàn)"))
    name = header.index("Họ và tên")
    by_name = {row[name]: row for row in rows[rows.index(header) + 1:] if row and row[name]}
    assert by_name["Nguyễn Văn Hạ"][desk] == "Bàn 3" and by_name["Nguyễn Văn Hạ"][sub] == "Phạm Văn Dũng"
    assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", by_name["Trần Văn Thành"][at])
    assert by_name["Trần Thị Ánh"][at] == "Chưa đến"
    # the list of those who have not answered carries it too
    r = client.get(reverse("events:reminders", args=[day.event.pk]), {"format": "xlsx"})
    assert r.status_code == 200


def test_reception_lands_on_todays_desk(client, day):
    with scopes_disabled():
        today = event_services.create_event(None, day.world.authority, {
            "slug": "hom-nay", "title": "Hội nghị hôm nay", "date": clock.today(), "venue": "Hội trường"})
    client.force_login(day.world.users["reception"])
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == reverse("checkin:desk", args=[today.pk])
