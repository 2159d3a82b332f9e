"""Reminder e-mails for tasks due soon: drafts in an outbox that a person sends or discards."""

import datetime as dt

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua import clock
from thidua.logistics import services
from thidua.logistics.models import TaskMail
from thidua.orgs.audit import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressed(prep):
    """unit_a has an address; unit_b has none but its unit officer has one."""
    w = prep["world"]
    with scopes_disabled():
        w.unit_a.email = "thtankhaia@example.vn"
        w.unit_a.save()
        officer_b = w.users["unit_officer"].__class__.objects.create(
            username="donvib", role="unit_officer", authority=w.authority, unit=w.unit_b, email="vhxh@example.vn")
    prep["officer_b"] = officer_b
    return prep


def _draft(prep, on, actor="secretariat", event=True, days=3):
    w = prep["world"]
    with scopes_disabled(), clock.as_of(on):
        return services.draft_task_reminders(w.users[actor] if actor else None, w.authority.pk,
                                             prep["event"] if event else None, days)


def test_drafts_for_late_and_due_tasks_once_each_nothing_sent(addressed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert _draft(addressed, dt.date(2025, 3, 20)) == ([], [])  # nothing due within 3 days
    drafted, skipped = _draft(addressed, dt.date(2025, 4, 4))
    assert skipped == []
    by_task = {m.task_id: m for m in drafted}
    assert set(by_task) == {addressed["own"].pk, addressed["theirs"].pk, addressed["helped"].pk}
    own = by_task[addressed["own"].pk]
    assert own.to == "thtankhaia@example.vn" and own.status == "draft"
    assert own.subject == "Nhắc việc sắp đến hạn: Việc của đơn vị A"
    assert "Kính gửi Trường Tiểu học Tân Khai A" in own.body and "05/4/2025 (còn 1 ngày)" in own.body
    helped = by_task[addressed["helped"].pk]
    assert helped.to == "vhxh@example.vn"  # the unit officer's address when the unit has none
    assert helped.subject.startswith("Nhắc việc quá hạn") and "đã quá hạn 1 ngày" in helped.body
    assert "phối hợp với Trường Tiểu học Tân Khai A" in helped.body
    assert django_mail.outbox == []  # drafts only
    # again: no second draft for a task that has one waiting
    assert _draft(addressed, dt.date(2025, 4, 4)) == ([], [])
    with scopes_disabled():
        assert AuditLog.objects.filter(action="logistics.mail.draft").count() == 3
        # the other authority's task is never drafted
        assert not TaskMail.objects.filter(task=addressed["other_task"]).exists()


def test_units_without_any_address_are_reported(prep):
    drafted, skipped = _draft(prep, dt.date(2025, 4, 4))
    assert drafted == [] and {t.pk for t in skipped} == {prep["own"].pk, prep["theirs"].pk, prep["helped"].pk}


def test_send_discard_and_failure(addressed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    drafted, _ = _draft(addressed, dt.date(2025, 4, 4))
    secretariat = addressed["world"].users["secretariat"]
    first, second, third = drafted
    with scopes_disabled(), clock.as_of(dt.datetime(2025, 4, 4, 9, 0)):
        sent = services.send_task_mail(secretariat, first)
        assert sent.status == "sent" and sent.sent_by == secretariat
        assert [(m.to, m.subject) for m in django_mail.outbox] == [([first.to], first.subject)]
        with pytest.raises(services.ValidationFailed):
            services.send_task_mail(secretariat, first)  # not twice
        services.discard_task_mail(secretariat, second)
        with pytest.raises(services.ValidationFailed):
            services.send_task_mail(secretariat, TaskMail.objects.get(pk=second.pk))
        settings.EMAIL_BACKEND = "tests.logistics.test_outbox.BrokenBackend"
        failed = services.send_task_mail(secretariat, third)
        assert failed.status == "failed" and "máy chủ thư từ chối" in failed.error
        assert len(django_mail.outbox) == 1
        assert [a.action for a in AuditLog.objects.filter(action__in=["logistics.mail.send", "logistics.mail.discard"])
                .order_by("id")] == ["logistics.mail.send", "logistics.mail.discard", "logistics.mail.send"]
    # a discarded or failed one can be drafted again; the one sent today not until tomorrow
    again, _ = _draft(addressed, dt.date(2025, 4, 4))
    assert {m.task_id for m in again} == {second.task_id, third.task_id}
    with scopes_disabled():
        TaskMail.objects.filter(status="draft").update(status="discarded")
    tomorrow, _ = _draft(addressed, dt.date(2025, 4, 5))
    assert first.task_id in {m.task_id for m in tomorrow}


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("máy chủ thư từ chối kết nối")


def test_only_the_secretariat_drafts_and_sends(addressed):
    w = addressed["world"]
    for role in ("unit_officer", "reviewer", "leader"):
        with pytest.raises(Exception) as exc:  # noqa: PT011
            _draft(addressed, dt.date(2025, 4, 4), actor=role)
        assert exc.type.__name__ == "PermissionDenied"
    drafted, _ = _draft(addressed, dt.date(2025, 4, 4))
    with scopes_disabled(), pytest.raises(Exception) as exc:  # noqa: PT011
        services.send_task_mail(w.users["unit_officer"], drafted[0])
    assert exc.type.__name__ == "PermissionDenied"
    with scopes_disabled(), pytest.raises(Exception) as exc:  # noqa: PT011
        services.send_task_mail(w.users["other_secretariat"], drafted[0])
    assert exc.type.__name__ == "PermissionDenied"
    with pytest.raises(services.ValidationFailed):
        _draft(addressed, dt.date(2025, 4, 4), days=31)


def test_pages_draft_send_and_refuse_tampering(client, addressed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    w = addressed["world"]
    event = addressed["event"]
    page_url = reverse("logistics:reminders") + f"?event={event.pk}&days=3"
    for role in ("unit_officer", "reviewer", "leader", "reception"):
        client.force_login(w.users[role])
        assert client.post(reverse("logistics:reminders_draft"), {"event": event.pk, "days": 3}).status_code == 403
    client.force_login(w.users["reviewer"])
    page = client.get(page_url).content.decode()
    assert "draft-reminders" not in page and "Hộp thư nhắc việc" not in page

    client.force_login(w.users["secretariat"])
    assert client.get(reverse("logistics:reminders_draft")).status_code == 405
    with clock.as_of(dt.date(2025, 4, 4)):
        r = client.post(reverse("logistics:reminders_draft"), {"event": event.pk, "days": 3}, follow=True)
    page = r.content.decode()
    assert "Đã soạn 3 thư nhắc (nháp)" in page and page.count('data-testid="outbox-mail"') == 3
    with scopes_disabled():
        mail = TaskMail.objects.get(task=addressed["own"])
    r = client.post(reverse("logistics:mail_action", args=[mail.pk, "gui"]), {"next": page_url}, follow=True)
    assert "Đã gửi thư nhắc đến thtankhaia@example.vn" in r.content.decode()
    assert len(django_mail.outbox) == 1
    assert client.get(reverse("logistics:mail_action", args=[mail.pk, "bo"])).status_code == 405
    assert client.post(reverse("logistics:mail_action", args=[mail.pk, "xoa"])).status_code == 404
    # another authority's secretariat cannot see or send this authority's mail
    with scopes_disabled():
        other = TaskMail.objects.get(task=addressed["helped"])
    client.force_login(w.users["other_secretariat"])
    assert client.post(reverse("logistics:mail_action", args=[other.pk, "gui"])).status_code in (403, 404)
    assert "Trang trí hội trường" not in client.get(reverse("logistics:reminders")).content.decode()
    with scopes_disabled():
        other.refresh_from_db()
        assert other.status == "draft"
