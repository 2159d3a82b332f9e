"""Dashboard items about conferences: who has not answered, letters not printed or printed before
delegates were added, quota and hall; a unit officer sees only their unit; cheap queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from thidua import clock
from thidua.events import attention, services
from thidua.orgs.models import Job
from thidua.orgs.scope import activate
from thidua.vn.dates import short_date

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2025, 4, 2)  # the conf event is on 10/4/2025


def _items(conf, role, day=BEFORE):
    user = conf.world.users[role]
    with clock.as_of(day), activate(user.authority_id):
        return attention.items(user)


def _texts(items):
    return [i["text"] for i in items]


def test_secretariat_sees_pending_unprinted_and_unnumbered(conf):
    items = _items(conf, "secretariat")
    name = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 (10/4/2025)"
    assert items[0] == {"level": "warning", "url": reverse("events:reminders", args=[conf.event.pk]),
                        "text": f"{name}: 3/3 đại biểu chưa trả lời giấy mời."}
    assert items[1]["text"] == f"{name}: chưa in giấy mời cho 3 đại biểu." and items[1]["level"] == "info"
    assert items[1]["url"] == reverse("events:invitations", args=[conf.event.pk])
    assert len(items) == 2  # numbered letter, quotas and hall fine
    with scopes_disabled():
        services.update_event(None, conf.event, {"reply_by": dt.date(2025, 4, 1), "invitation_code": ""})
        services.record_reply(None, conf.mine, "accepted", "phone")
    items = _items(conf, "secretariat")
    assert items[0]["level"] == "danger" and items[0]["text"].endswith(
        "2/3 đại biểu chưa trả lời giấy mời; đã quá hạn trả lời 01/4/2025.")
    assert f"{name}: giấy mời chưa có số, ký hiệu." in _texts(items)


def test_printed_letters_and_delegates_added_after(conf):
    printed = timezone.now()  # rows carry their real creation time
    with scopes_disabled():
        Job.objects.create(authority=conf.world.authority, kind="events.invitations_pdf", title="GM", status="done",
                           params={"event": conf.event.pk, "site": "x"}, finished_at=printed)
        Job.objects.create(authority=conf.world.authority, kind="events.invitations_docx", title="GM khác",
                           status="done", params={"event": conf.other_event.pk}, finished_at=printed)
    assert not any("in giấy mời" in t for t in _texts(_items(conf, "secretariat")))
    with scopes_disabled():
        services.add_unit_seats(None, conf.event, conf.cats["c"], [conf.world.unit_b], 2)
    texts = _texts(_items(conf, "secretariat"))
    day = short_date(timezone.localdate(printed))
    assert any(f"2 đại biểu được thêm sau lần in giấy mời gần nhất ({day}); cần in" in t for t in texts)


def test_quota_and_hall_warnings(conf):
    with scopes_disabled():
        services.update_event(None, conf.event, {"capacity": 2})
        services.save_category(None, conf.event, {"quota": 1}, conf.cats["b"])
    items = _items(conf, "secretariat")
    over = [i for i in items if "vượt" in i["text"]]
    assert [i["level"] for i in over] == ["warning", "danger"]
    assert over[0]["text"].endswith("thành phần b) Đại biểu xã đã mời 2, vượt dự kiến 1.")
    assert over[1]["text"].endswith("3 đại biểu dự kiến có mặt, vượt sức chứa hội trường (2 chỗ).")
    assert over[1]["url"] == reverse("events:event_detail", args=[conf.event.pk])


def test_unit_officer_sees_only_own_unit_and_past_events_drop_out(conf):
    items = _items(conf, "unit_officer")
    assert _texts(items) == ["Đơn vị có 1 đại biểu chưa trả lời giấy mời dự Hội nghị tổng kết công tác thi đua, "
                             "khen thưởng năm 2024 (10/4/2025)."]
    with scopes_disabled():
        services.record_reply(None, conf.mine, "declined", "phone")
    assert _items(conf, "unit_officer") == []
    assert _items(conf, "secretariat", day=dt.date(2025, 4, 11)) == []  # the event is over
    assert _items(conf, "secretariat", day=dt.date(2025, 4, 10)) != []  # on the day itself
    for role in ("reviewer", "leader", "reception"):
        assert _items(conf, role) == []
    assert _items(conf, "other_secretariat") == []  # another authority's event has no date, nothing of ours


def test_query_count_does_not_grow(conf):
    user = conf.world.users["secretariat"]

    def count():
        with clock.as_of(BEFORE), activate(user.authority_id), CaptureQueriesContext(connection) as q:
            attention.items(user)
        return len(q)

    one = count()
    with scopes_disabled():
        for i in range(5):
            services.add_delegate(None, conf.event, {"category": conf.cats["d"], "full_name": f"Phạm Văn Số{i}"})
        services.create_event(None, conf.world.authority, {"slug": "le-phat-dong", "title": "Lễ phát động thi đua",
                                                           "date": dt.date(2025, 5, 2)})
    assert count() == one <= 4


def test_dashboard_shows_the_items(client, conf):
    client.force_login(conf.world.users["secretariat"])
    with clock.as_of(BEFORE):
        page = client.get(reverse("web:dashboard")).content.decode()
    assert "3/3 đại biểu chưa trả lời giấy mời" in page and "chưa in giấy mời cho 3 đại biểu" in page
