"""The programme's dashboard items: what each role is asked to do, as the talk deadline nears."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.program.conftest import GOOD_TALK
from thidua import clock
from thidua.events import services as event_services
from thidua.orgs.scope import activate
from thidua.program import attention, queries, services
from thidua.program.models import AgendaItem

pytestmark = pytest.mark.django_db


NAME = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động… (10/4/2025)"


def _items(conf, role: str, on: dt.date) -> list[dict]:
    user = conf.world.users[role]
    with activate(conf.world.authority), clock.as_of(on):
        return attention.items(user)


def _texts(items) -> list[str]:
    return [i["text"] for i in items]


def test_unit_officer_sees_their_talk_with_its_deadline(conf):
    far = _items(conf, "unit_officer", dt.date(2025, 3, 1))
    assert len(far) == 1
    assert far[0]["level"] == "info"
    assert "Đơn vị cần gửi bài tham luận" in far[0]["text"] and "hạn 28/3/2025, còn 27 ngày" in far[0]["text"]
    assert far[0]["url"] == reverse("program:talk_detail", args=[conf.talk_a.pk])

    near = _items(conf, "unit_officer", dt.date(2025, 3, 25))
    assert [(i["level"], i["url"]) for i in near] == [("warning", reverse("program:talk_detail", args=[conf.talk_a.pk]))]
    assert "còn 3 ngày" in near[0]["text"]

    due = _items(conf, "unit_officer", dt.date(2025, 3, 28))
    assert due[0]["level"] == "danger" and "là hôm nay" in due[0]["text"]

    late = _items(conf, "unit_officer", dt.date(2025, 3, 30))
    assert late[0]["level"] == "danger" and "đã quá 2 ngày" in late[0]["text"]
    # never the other unit's talk
    assert all(str(conf.talk_b.pk) not in i["url"] for i in far + near + due + late)


def test_unit_officer_sees_a_returned_talk_and_nothing_once_sent(conf):
    officer = conf.world.users["unit_officer"]
    reviewer = conf.world.users["reviewer"]
    with activate(conf.world.authority), clock.as_of(dt.date(2025, 3, 20)):
        services.submit_text(officer, conf.talk_a, GOOD_TALK)
        assert attention.items(officer) == []
        services.review_talk(reviewer, conf.talk_a, "return", "Bớt số liệu thành tích, thêm bài học kinh nghiệm.")
        items = attention.items(officer)
    assert len(items) == 1
    assert "được trả lại để sửa" in items[0]["text"] and items[0]["level"] == "warning"
    with activate(conf.world.authority), clock.as_of(dt.date(2025, 4, 1)):
        assert attention.items(officer)[0]["level"] == "danger"


def test_secretariat_sees_unsent_talks_only_as_the_deadline_nears(conf):
    assert _items(conf, "secretariat", dt.date(2025, 3, 1)) == []
    near = _items(conf, "secretariat", dt.date(2025, 3, 22))
    assert _texts(near) == [f"2 đơn vị chưa gửi bài tham luận cho {NAME} (hạn 28/3/2025, còn 6 ngày)."]
    assert near[0]["level"] == "warning" and near[0]["url"] == reverse("program:talk_list", args=[conf.event.pk])
    late = _items(conf, "secretariat", dt.date(2025, 3, 29))
    assert late[0]["level"] == "danger" and "đã quá 1 ngày" in late[0]["text"]


def test_talks_waiting_for_review_for_reviewer_and_secretariat(conf):
    officer = conf.world.users["unit_officer"]
    with activate(conf.world.authority), clock.as_of(dt.date(2025, 3, 20)):
        services.submit_text(officer, conf.talk_a, GOOD_TALK)
    for role in ("reviewer", "secretariat"):
        texts = _texts(_items(conf, role, dt.date(2025, 3, 26)))
        assert f"1 bài tham luận chờ thẩm định ({NAME})." in texts
        assert any(t.startswith("1 đơn vị chưa gửi bài tham luận") for t in texts)
    # reception and leaders are not asked to do anything here
    assert _items(conf, "reception", dt.date(2025, 3, 26)) == []
    assert _items(conf, "leader", dt.date(2025, 3, 26)) == []


def test_agenda_warnings_match_the_agenda_page(conf):
    secretariat = conf.world.users["secretariat"]
    with activate(conf.world.authority):
        services.create_default_agenda(secretariat, conf.event)
        item = AgendaItem.objects.filter(event=conf.event).exclude(kind="giai_lao").order_by("position").first()
        services.update_item(secretariat, item, {"in_charge": "", "in_charge_unit": None})
        services.update_settings(secretariat, conf.event, {"day_end": dt.time(9, 0)})
        view = queries.agenda_view(conf.event, services.settings_for(conf.event))
    assert view.missing
    items = _items(conf, "secretariat", dt.date(2025, 3, 1))
    agenda_url = reverse("program:agenda", args=[conf.event.pk])
    texts = [i["text"] for i in items if i["url"] == agenda_url]
    assert texts == [f"Chương trình {NAME} kết thúc lúc {view.ends_at}, quá giờ dự kiến "
                     f"{_over(view.ends_at, '09:00')} phút.",
                     f"Chương trình {NAME}: {len(view.missing)} mục chưa có người hoặc đơn vị thực hiện."]
    # the reviewer cannot change the agenda: no agenda lines for them
    assert not [i for i in _items(conf, "reviewer", dt.date(2025, 3, 1)) if i["url"] == agenda_url]
    # fixing the day end removes the overrun line
    with activate(conf.world.authority):
        services.update_settings(secretariat, conf.event, {"day_end": dt.time(23, 0)})
    texts = [i["text"] for i in _items(conf, "secretariat", dt.date(2025, 3, 1)) if i["url"] == agenda_url]
    assert len(texts) == 1 and "chưa có người" in texts[0]


def _over(ends_at: str, day_end: str) -> int:
    h, m = map(int, ends_at.split(":"))
    eh, em = map(int, day_end.split(":"))
    return h * 60 + m - eh * 60 - em


def test_past_held_and_other_authority_events_are_left_out(conf):
    # the conference on 10/4/2025 is past as of May: nothing, though the talks were never sent
    assert _items(conf, "secretariat", dt.date(2025, 5, 1)) == []
    assert _items(conf, "unit_officer", dt.date(2025, 5, 1)) == []
    # the other authority's secretariat sees nothing of this authority's talks
    other = conf.world.users["other_secretariat"]
    with activate(conf.world.other_authority), clock.as_of(dt.date(2025, 3, 29)):
        assert attention.items(other) == []
    with scopes_disabled():
        conf.event.status = "held"
        conf.event.save(update_fields=["status"])
    assert _items(conf, "secretariat", dt.date(2025, 3, 29)) == []


def _queries(user, authority, on) -> int:
    with activate(authority), clock.as_of(on), CaptureQueriesContext(connection) as ctx:
        attention.items(user)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_events(conf):
    secretariat = conf.world.users["secretariat"]
    officer = conf.world.users["unit_officer"]
    on = dt.date(2025, 3, 26)
    with activate(conf.world.authority):
        services.create_default_agenda(secretariat, conf.event)
    one, one_unit = _queries(secretariat, conf.world.authority, on), _queries(officer, conf.world.authority, on)
    with scopes_disabled():
        for i in range(3):
            ev = event_services.create_event(None, conf.world.authority, {
                "slug": f"them-{i}", "title": f"Hội nghị sơ kết {i}", "date": dt.date(2025, 4, 20 + i),
                "start_time": dt.time(7, 30), "end_time": dt.time(11, 0)})
            services.update_settings(None, ev, {"talk_deadline": dt.date(2025, 3, 27)})
            services.invite_talk(None, ev, conf.world.unit_a, "Nhất Khối")
            services.invite_talk(None, ev, conf.world.unit_b, "Nhất Khối")
            services.create_default_agenda(None, ev)
    with activate(conf.world.authority), clock.as_of(on):
        assert len(attention.items(secretariat)) > 4
        assert len(attention.items(officer)) == 4
    assert _queries(secretariat, conf.world.authority, on) == one
    assert _queries(officer, conf.world.authority, on) == one_unit
    assert one <= 6 and one_unit <= 4


def test_dashboard_shows_the_items(conf, client):
    client.force_login(conf.world.users["unit_officer"])
    with clock.as_of(dt.date(2025, 3, 25)):
        page = client.get(reverse("web:dashboard")).content.decode()
    assert "Đơn vị cần gửi bài tham luận" in page
    assert reverse("program:talk_detail", args=[conf.talk_a.pk]) in page
    assert reverse("program:talk_detail", args=[conf.talk_b.pk]) not in page
    client.force_login(conf.world.users["secretariat"])
    with clock.as_of(dt.date(2025, 3, 25)):
        page = client.get(reverse("web:dashboard")).content.decode()
    assert "2 đơn vị chưa gửi bài tham luận" in page


def test_event_label_is_short_and_dated():
    title = ("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động thi đua và ký kết giao ước thi "
             "đua năm 2025")
    assert attention.event_label(title, dt.date(2025, 4, 10)) == NAME
    assert attention.event_label("Hội nghị sơ kết", None) == "Hội nghị sơ kết"
