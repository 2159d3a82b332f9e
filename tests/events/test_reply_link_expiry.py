"""#16: a delegate's reply link expires at the end of the event's day, or of the day the secretariat
set on the event; then it says so and whom to contact. The check-in QR is another token and keeps
working on the conference day."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua import clock
from thidua.checkin import services as checkin
from thidua.events import services, tokens
from thidua.events.models import Delegate, Event, Reply
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2025, 4, 10)


def _at(day, hour=8):
    return clock.as_of(dt.datetime(day.year, day.month, day.day, hour, 0))


def test_link_works_through_the_event_day_and_not_after(client, conf):
    url = reverse("events:reply_link", args=[tokens.make_reply_token(conf.guest)])
    with _at(EVENT_DAY, 23):  # the last hour of the event's day: still open
        assert client.get(url).status_code == 200
    with _at(EVENT_DAY + dt.timedelta(days=1)):
        r = client.get(url)
        assert r.status_code == 410
        page = r.content.decode()
        assert "đã hết hạn (dùng được đến hết ngày 10/04/2025)" in page
        assert "liên hệ ban tổ chức: Bà Lê Thị Hồng, ĐT 0271 3 640 123" in page
        r = client.post(url, {"status": "declined"})
        assert r.status_code == 410
    with _at(dt.date(2026, 12, 1)):  # 20 months on
        assert client.post(url, {"status": "declined"}).status_code == 410
    with scopes_disabled():
        assert Delegate.objects.get(pk=conf.guest.pk).reply_status == "pending"
        assert not Reply.objects.filter(delegate=conf.guest).exists()


def test_a_date_set_on_the_event_closes_the_link_earlier(client, conf):
    with scopes_disabled():
        services.update_event(None, conf.event, {"reply_link_until": dt.date(2025, 4, 7)})
    url = reverse("events:reply_link", args=[tokens.make_reply_token(conf.guest)])
    with _at(dt.date(2025, 4, 7), 22):
        r = client.post(url, {"status": "accepted"}, follow=True)
        assert "Câu trả lời đã được ghi nhận" in r.content.decode()
    url = reverse("events:reply_link", args=[tokens.make_reply_token(conf.mine)])
    with _at(dt.date(2025, 4, 8)):
        r = client.get(url)
        assert r.status_code == 410 and "dùng được đến hết ngày 07/04/2025" in r.content.decode()


def test_the_service_refuses_an_expired_link_too(conf):
    with scopes_disabled(), _at(dt.date(2025, 5, 1)):
        with pytest.raises(ValidationFailed) as exc:
            services.reply_by_link(conf.guest, "accepted")
    assert "đã hết hạn" in exc.value.message


def test_the_secretariat_sets_the_date_in_the_event_form(client, conf):
    client.force_login(conf.world.users["secretariat"])
    url = reverse("events:event_edit", args=[conf.event.pk])
    page = client.get(url).content.decode()
    assert "Đường dẫn trả lời dùng được đến hết ngày" in page
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"reply_link_until": "2025-04-12", "date": "2025-04-10", "start_time": "07:30"})
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[-3000:]
    with scopes_disabled():
        assert Event.objects.get(pk=conf.event.pk).reply_link_until == dt.date(2025, 4, 12)
    page = client.get(reverse("events:event_detail", args=[conf.event.pk])).content.decode()
    assert "dùng được đến hết ngày 12/4/2025" in page


def test_check_in_qr_still_works_on_the_conference_day_after_the_reply_link_closed(conf):
    with scopes_disabled():
        services.update_event(None, conf.event, {"reply_link_until": dt.date(2025, 4, 7)})
        with _at(EVENT_DAY, 7):
            assert tokens.verify_token(tokens.make_token(conf.mine), conf.event)[1] is None
            out = checkin.check_in(None, tokens.make_token(conf.mine), "Bàn 1", "scan-0001", event=conf.event)
            assert out.checkin is not None and out.checkin.delegate_id == conf.mine.pk
