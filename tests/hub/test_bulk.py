"""Bulk actions on the delegate list (events.bulk, events.services.bulk): one service call, the refused rows
reported in Vietnamese, POST with CSRF, scoped (#20)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.events.models import Delegate
from thidua.events.services.bulk import bulk_delegates
from thidua.orgs.models import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


def test_service_changes_category_and_reports_refusals(conf):
    actor = conf.world.users["secretariat"]
    with scopes_disabled():
        result = bulk_delegates(actor, conf.event, [conf.mine.pk, conf.guest.pk], "category", conf.cats["c"])
        assert result.done == [conf.mine.pk, conf.guest.pk] and not result.refused
        assert Delegate.objects.get(pk=conf.mine.pk).category == conf.cats["c"]
        result = bulk_delegates(actor, conf.event, [conf.mine.pk], "category", conf.cats["c"])
        assert result.refused == [(conf.mine.display_name, "đã thuộc thành phần c).")]
        bulk_delegates(actor, conf.event, [conf.theirs.pk], "accepted")
        result = bulk_delegates(actor, conf.event, [conf.theirs.pk, conf.guest.pk], "delete")
        assert result.done == [conf.guest.pk]
        assert "đã trả lời" in result.refused[0][1]
        assert not Delegate.objects.filter(pk=conf.guest.pk).exists()
        assert AuditLog.objects.filter(action="events.delegate.bulk").count() == 4
        with pytest.raises(ValidationFailed):
            bulk_delegates(actor, conf.event, [], "revoke")
        with pytest.raises(ValidationFailed):
            bulk_delegates(actor, conf.event, [conf.mine.pk], "nope")


def test_view_posts_with_csrf_and_keeps_the_filters(client, conf):
    client.force_login(conf.world.users["secretariat"])
    page = client.get(reverse("events:delegate_list", args=[conf.event.pk])).content.decode()
    assert 'data-testid="bulk-form"' in page and "data-confirm=" in page and 'name="ids"' in page
    assert "web/bulk.js" in page
    url = reverse("events:delegate_bulk", args=[conf.event.pk])
    r = client.post(url, {"ids": [conf.mine.pk, conf.theirs.pk], "action": "revoke", "query": "order=name&q=a"})
    assert r.status_code == 302 and r["Location"].endswith("?order=name&q=a")
    with scopes_disabled():
        assert Delegate.objects.filter(pk__in=[conf.mine.pk, conf.theirs.pk], revoked=True).count() == 2
    r = client.post(url, {"ids": [conf.mine.pk], "action": "accepted"}, follow=True)
    assert "giấy mời đã bị thu hồi" in r.content.decode()
    assert client.get(url).status_code == 405
    with scopes_disabled():
        other = Delegate.objects.create(event=conf.other_event, category=conf.other_event.categories.first(),
                                        full_name="Người khác")
    assert client.post(url, {"ids": [other.pk], "action": "revoke"}).status_code == 404


def test_unit_officer_cannot_touch_another_units_delegate(client, conf):
    client.force_login(conf.world.users["unit_officer"])
    url = reverse("events:delegate_bulk", args=[conf.event.pk])
    assert client.post(url, {"ids": [conf.theirs.pk], "action": "accepted"}).status_code == 404
    r = client.post(url, {"ids": [conf.mine.pk], "action": "accepted"}, follow=True)
    assert r.status_code == 200
    with scopes_disabled():
        assert Delegate.objects.get(pk=conf.mine.pk).reply_status == "accepted"


def test_print_selected_letters(client, conf):
    client.force_login(conf.world.users["secretariat"])
    url = reverse("events:delegate_bulk", args=[conf.event.pk])
    r = client.post(url, {"ids": [conf.mine.pk, conf.guest.pk], "action": "print"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
