"""Pages: who may see what, id tampering, query counts, the reply link and the QR page."""

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.events import services, tokens
from thidua.events.models import Delegate, Reply
from thidua.orgs.models import AuditLog, Job

pytestmark = pytest.mark.django_db

ROLES = ("admin", "secretariat", "reviewer", "unit_officer", "reception", "leader")


def _matrix(conf):
    e, d = conf.event.pk, conf.mine.pk
    staff = {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 403, "leader": 200}
    managers = {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403, "reception": 403,
                "leader": 403}
    return [
        ("events:event_list", [], staff),
        ("events:event_detail", [e], staff),
        ("events:delegate_list", [e], staff),
        ("events:delegate_detail", [d], staff),
        ("events:reminders", [e], staff),
        ("events:event_create", [], managers),
        ("events:event_edit", [e], managers),
        ("events:add_people", [e], managers),
        ("events:add_units", [e], managers),
        ("events:import_upload", [e], managers),
        ("events:invitations", [e], managers),
        ("events:delegate_create", [e], {**managers, "unit_officer": 200}),
        ("events:delegate_edit", [d], {**managers, "unit_officer": 200}),
    ]


def test_role_matrix(client, conf):
    for name, args, expected in _matrix(conf):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 302, url  # anonymous → login
        for role, status in expected.items():
            client.force_login(conf.world.users[role])
            assert client.get(url).status_code == status, (role, url)
            client.logout()


def test_unit_officer_sees_and_answers_only_for_own_unit(client, conf):
    client.force_login(conf.world.users["unit_officer"])
    page = client.get(reverse("events:delegate_list", args=[conf.event.pk])).content.decode()
    assert "Nguyễn Văn Hạ" in page and "Trần Thị Ánh" not in page and "Trần Văn Thành" not in page
    for name in ("events:delegate_detail", "events:delegate_edit"):
        assert client.get(reverse(name, args=[conf.theirs.pk])).status_code == 403
        assert client.get(reverse(name, args=[conf.guest.pk])).status_code == 403
    r = client.post(reverse("events:delegate_reply", args=[conf.theirs.pk]), {"status": "declined", "channel": "phone"})
    assert r.status_code == 403
    # own delegate: allowed; moving them to another unit is refused
    r = client.post(reverse("events:delegate_reply", args=[conf.mine.pk]), {"status": "accepted", "channel": "phone"})
    assert r.status_code == 302
    r = client.post(reverse("events:delegate_edit", args=[conf.mine.pk]),
                    {"category": conf.cats["b"].pk, "full_name": "Nguyễn Văn Hạ", "organisation": conf.world.unit_b.pk})
    assert r.status_code in (200, 403)  # another unit is not even a choice
    with scopes_disabled():
        mine, theirs = Delegate.objects.get(pk=conf.mine.pk), Delegate.objects.get(pk=conf.theirs.pk)
    assert (mine.reply_status, mine.organisation_id) == ("accepted", conf.world.unit_a.pk)
    assert theirs.reply_status == "pending"
    # not a manager: no revoke, no print
    assert client.post(reverse("events:delegate_invitation", args=[conf.mine.pk, "thu-hoi"])).status_code == 403
    assert client.get(reverse("events:delegate_letter", args=[conf.mine.pk, "pdf"])).status_code == 403


def test_other_authority_is_invisible(client, conf):
    client.force_login(conf.world.users["secretariat"])
    assert client.get(reverse("events:event_detail", args=[conf.other_event.pk])).status_code == 404
    assert client.get(reverse("events:delegate_list", args=[conf.other_event.pk])).status_code == 404
    client.force_login(conf.world.users["other_secretariat"])
    for name, arg in (("events:delegate_detail", conf.mine.pk), ("events:event_detail", conf.event.pk),
                      ("events:invitations", conf.event.pk)):
        assert client.get(reverse(name, args=[arg])).status_code == 404
    assert client.post(reverse("events:delegate_reply", args=[conf.mine.pk]),
                       {"status": "declined", "channel": "phone"}).status_code == 404
    assert "Hội nghị tổng kết" not in client.get(reverse("events:event_list")).content.decode()


def test_staff_records_a_substitute_and_history_is_kept(client, conf):
    client.force_login(conf.world.users["secretariat"])
    url = reverse("events:delegate_reply", args=[conf.theirs.pk])
    r = client.post(url, {"status": "substitute", "channel": "letter", "substitute_name": ""}, follow=True)
    assert "Cần ghi họ và tên người dự thay." in r.content.decode()
    r = client.post(url, {"status": "substitute", "channel": "letter", "substitute_name": "Lê Thị Bảo",
                          "substitute_position": "Phó Trưởng phòng"}, follow=True)
    page = r.content.decode()
    assert "Cử người dự thay: Lê Thị Bảo, Phó Trưởng phòng" in page and "Văn bản, thư" in page
    with scopes_disabled():
        assert Reply.objects.filter(delegate=conf.theirs).count() == 1
        assert AuditLog.objects.filter(action="events.delegate.reply", object_id=str(conf.theirs.pk)).exists()


@pytest.mark.usefixtures("before_the_event")  # a reply link closes after the event's day (#16)
def test_reply_link_answers_once(client, conf):
    url = reverse("events:reply_link", args=[tokens.make_reply_token(conf.guest)])
    page = client.get(url).content.decode()
    assert "Trân trọng kính mời" not in page and "Ông Trần Văn Thành" in page and "Hội trường UBND xã" in page
    r = client.post(url, {"status": "substitute", "substitute_name": "", "substitute_position": ""})
    assert "Cần ghi họ và tên người dự thay." in r.content.decode()
    r = client.post(url, {"status": "substitute", "substitute_name": "Nguye\u0302\u0303n Thị Hoài",
                          "substitute_position": "Trưởng phòng"}, follow=True)
    assert "Câu trả lời đã được ghi nhận" in r.content.decode() and "Nguyễn Thị Hoài" in r.content.decode()
    r = client.post(url, {"status": "declined"}, follow=True)  # second use: nothing changes
    assert "đã được trả lời" in r.content.decode()
    with scopes_disabled():
        d = Delegate.objects.get(pk=conf.guest.pk)
        assert (d.reply_status, d.substitute_name) == ("substitute", "Nguyễn Thị Hoài")
        assert list(Reply.objects.filter(delegate=d).values_list("channel", flat=True)) == ["link"]


def test_bad_and_revoked_links(client, conf):
    r = client.get(reverse("events:reply_link", args=["1.2.abcdefabcdef.AAAAAAAAAAAAAAAAAAAAAA"]))
    assert r.status_code == 404 and "Đường dẫn trả lời không hợp lệ" in r.content.decode()
    old = tokens.make_reply_token(conf.guest)
    with scopes_disabled():
        services.reissue_invitation(None, conf.guest)
    r = client.get(reverse("events:reply_link", args=[old]))
    assert r.status_code == 410 and "không còn giá trị" in r.content.decode()


def test_qr_page(client, conf):
    token = tokens.make_token(conf.mine)
    url = reverse("events:qr", args=[token])
    anon = client.get(url).content.decode()
    assert "Nguyễn Văn Hạ" not in anon and "đón tiếp" in anon
    client.force_login(conf.world.users["reception"])
    assert "Nguyễn Văn Hạ" in client.get(url).content.decode()
    r = client.get(reverse("events:qr", args=[token[:-2] + "zz"]))
    assert r.status_code == 404 and "không phải mã do hệ thống cấp" in r.content.decode()
    with scopes_disabled():
        services.reissue_invitation(None, conf.mine)
    r = client.get(url)
    assert r.status_code == 410 and "đã bị thu hồi hoặc đã được cấp lại" in r.content.decode()
    client.force_login(conf.world.users["other_secretariat"])
    assert "Nguyễn Văn Hạ" not in client.get(reverse("events:qr", args=[tokens.make_token(conf.mine)])).content.decode()


def test_invitation_job_produces_the_merged_pdf(client, conf, django_capture_on_commit_callbacks):
    client.force_login(conf.world.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("events:invitations", args=[conf.event.pk]), {"fmt": "pdf"})
    assert r.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="events.invitations_pdf")
    assert job.status == "done", job.message
    data = b"".join(client.get(reverse("web:job_download", args=[job.pk])).streaming_content)
    assert data.startswith(b"%PDF")
    import pypdf

    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:invitations", args=[conf.event.pk]), {"fmt": "docx"})
    with scopes_disabled():
        job = Job.objects.get(kind="events.invitations_docx")
    assert job.status == "done" and job.result_name.endswith(".zip")
    assert client.get(reverse("events:invitations", args=[conf.event.pk])).status_code == 200
    assert client.get(reverse("events:delegate_letter", args=[conf.mine.pk, "docx"])).status_code == 200


def _add(conf, n):
    with scopes_disabled():
        for i in range(n):
            services.add_delegate(None, conf.event, {"category": conf.cats["c"], "organisation": conf.world.unit_b,
                                                     "full_name": f"Phạm Văn Số{i}", "gender": "M"})


@pytest.mark.parametrize("name", ["events:delegate_list", "events:event_detail", "events:reminders"])
def test_list_query_count_does_not_grow(client, conf, django_assert_max_num_queries, name):
    client.force_login(conf.world.users["secretariat"])
    url = reverse(name, args=[conf.event.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _add(conf, 3)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)
    for order in ("unit", "name"):
        with CaptureQueriesContext(connection) as q:
            client.get(url + f"?order={order}")
        assert len(q) <= len(one) + 1


def test_export_neutralises_formulas_and_sorts_by_given_name(client, conf):
    import io

    from openpyxl import load_workbook

    with scopes_disabled():
        services.add_delegate(None, conf.event, {"category": conf.cats["a"], "unit_text": "=HYPERLINK(\"http://x\")",
                                                 "full_name": "Đỗ Văn Ánh"})
    client.force_login(conf.world.users["secretariat"])
    r = client.get(reverse("events:delegate_list", args=[conf.event.pk]) + "?order=name&format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    names = [row[4] for row in ws.iter_rows(min_row=6, values_only=True)]
    # given name first (Ánh, Ánh, Hạ, Thành), then the middle name (Thị before Văn)
    assert names == ["Trần Thị Ánh", "Đỗ Văn Ánh", "Nguyễn Văn Hạ", "Trần Văn Thành"]
    units = [row[6] for row in ws.iter_rows(min_row=6, values_only=True)]
    assert units[1] == "=HYPERLINK(\"http://x\")"  # the text as typed, a quote-prefixed string cell
    assert ws.cell(row=7, column=7).quotePrefix
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_formula_in_a_name_is_refused(client, conf):
    client.force_login(conf.world.users["secretariat"])
    r = client.post(reverse("events:delegate_create", args=[conf.event.pk]),
                    {"category": conf.cats["a"].pk, "full_name": "=HYPERLINK(\"http://evil\",\"x\")"})
    assert "giống công thức Excel" in r.content.decode()


def test_quota_board_warns_over_capacity(client, conf):
    with scopes_disabled():
        services.update_event(None, conf.event, {"capacity": 2})
    client.force_login(conf.world.users["leader"])
    page = client.get(reverse("events:event_detail", args=[conf.event.pk])).content.decode()
    assert "vượt sức chứa hội trường (2 chỗ)" in page


def test_reminder_outbox_needs_a_person_to_send(client, conf, mailoutbox):
    with scopes_disabled():
        services.update_delegate(None, conf.theirs, {"email": "anh@example.vn"})
    client.force_login(conf.world.users["secretariat"])
    client.post(reverse("events:reminders_draft", args=[conf.event.pk]))
    assert mailoutbox == []
    page = client.get(reverse("events:reminders", args=[conf.event.pk])).content.decode()
    assert "anh@example.vn" in page and "/hoi-nghi/tra-loi/" in page
    with scopes_disabled():
        from thidua.events.models import OutboxMail

        mail = OutboxMail.objects.get()
    client.post(reverse("events:mail_action", args=[mail.pk, "gui"]))
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["anh@example.vn"]
    # a second press (another tab, a double click) sends nothing more, and says why
    r = client.post(reverse("events:mail_action", args=[mail.pk, "gui"]), follow=True)
    assert len(mailoutbox) == 1 and "Thư này đã được gửi hoặc đã bỏ." in r.content.decode()
    with scopes_disabled():
        assert AuditLog.objects.filter(action="events.reminder.send").count() == 1
    r = client.get(reverse("events:reminders", args=[conf.event.pk]) + "?format=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
