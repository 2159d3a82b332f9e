"""The pages: who sees what, id tampering, uploads with bad files, query counts, downloads, CLI."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled
from pypdf import PdfWriter

from tests.program.conftest import GOOD_TALK, docx_bytes
from tests.program.test_rules_pure import REPORT
from thidua.orgs.models import Organisation
from thidua.program import services
from thidua.program.models import AgendaItem, AwardBatch, ItemKind, Talk, TalkStatus

pytestmark = pytest.mark.django_db

ROLES = ("admin", "secretariat", "reviewer", "unit_officer", "reception", "leader")


def _expect(ok: set[str]) -> dict:
    return {r: 200 if r in ok else 403 for r in ROLES}


STAFF = {"admin", "secretariat", "reviewer", "unit_officer", "leader"}
MANAGERS = {"admin", "secretariat"}


@pytest.fixture
def agenda(conf):
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
    return conf


def test_role_matrix(client, agenda):
    e = agenda.event.pk
    pages = [
        (reverse("program:event_list"), _expect(STAFF)),
        (reverse("program:agenda", args=[e]), _expect(STAFF)),
        (reverse("program:talk_list", args=[e]), _expect(STAFF)),
        (reverse("program:batch_list", args=[e]), _expect(STAFF)),
        (reverse("program:settings", args=[e]), _expect(MANAGERS)),
        (reverse("program:item_create", args=[e]), _expect(MANAGERS)),
        (reverse("program:operator", args=[e]), _expect(MANAGERS)),
        (reverse("program:projector", args=[e]), _expect(STAFF | {"reception"})),
        (reverse("program:projector_state", args=[e]), _expect(STAFF | {"reception"})),
        (reverse("program:talk_detail", args=[agenda.talk_a.pk]), _expect(STAFF)),
    ]
    for url, expected in pages:
        client.logout()
        assert client.get(url).status_code == 302, url  # anonymous → login
        for role, status in expected.items():
            client.force_login(agenda.world.users[role])
            assert client.get(url).status_code == status, (role, url)


def test_unit_officer_sees_and_touches_only_their_own_talk(client, agenda, decisions):
    officer = agenda.world.users["unit_officer"]
    client.force_login(officer)
    page = client.get(reverse("program:talk_list", args=[agenda.event.pk])).content.decode()
    assert "Trường Tiểu học Tân Khai A" in page and "Phòng Văn hóa - Xã hội" not in page
    theirs = agenda.talk_b.pk
    assert client.get(reverse("program:talk_detail", args=[theirs])).status_code == 403
    assert client.post(reverse("program:talk_text", args=[theirs]), {"text": "Xin chào"}).status_code == 403
    assert client.post(reverse("program:talk_info", args=[theirs]), {"title": "Sửa"}).status_code == 403
    upload = io.BytesIO(docx_bytes(GOOD_TALK))
    upload.name = "x.docx"
    assert client.post(reverse("program:talk_upload", args=[theirs]), {"file": upload}).status_code == 403
    assert client.post(reverse("program:talk_review", args=[agenda.talk_a.pk]), {"action": "accept"}).status_code == 403
    assert client.post(reverse("program:talk_remind", args=[agenda.event.pk])).status_code == 403
    assert client.post(reverse("program:batch_build", args=[agenda.event.pk])).status_code == 403
    with scopes_disabled():
        item = AgendaItem.objects.filter(event=agenda.event).first()
    assert client.post(reverse("program:item_move", args=[item.pk]), {"delta": 1}).status_code == 403
    with scopes_disabled():
        v = services.submit_text(None, Talk.objects.get(pk=theirs), GOOD_TALK)
        assert Talk.objects.get(pk=theirs).title == ""
    assert client.get(reverse("program:version_file", args=[v.pk])).status_code == 403
    # their own works
    assert client.post(reverse("program:talk_text", args=[agenda.talk_a.pk]), {"text": GOOD_TALK}).status_code == 302
    with scopes_disabled():
        assert Talk.objects.get(pk=agenda.talk_a.pk).status == TalkStatus.SUBMITTED


def test_other_authority_rows_are_404(client, agenda):
    client.force_login(agenda.world.users["other_secretariat"])
    assert client.get(reverse("program:agenda", args=[agenda.event.pk])).status_code == 404
    assert client.get(reverse("program:talk_detail", args=[agenda.talk_a.pk])).status_code == 404
    assert client.post(reverse("program:agenda_default", args=[agenda.event.pk])).status_code == 404
    with scopes_disabled():
        item = AgendaItem.objects.filter(event=agenda.event).first()
    assert client.post(reverse("program:item_delete", args=[item.pk])).status_code == 404
    assert client.get(reverse("program:projector_state", args=[agenda.event.pk])).status_code == 404


def test_state_changes_need_post_and_csrf(agenda):
    c = Client(enforce_csrf_checks=True)
    c.force_login(agenda.world.users["secretariat"])
    assert c.get(reverse("program:agenda_default", args=[agenda.event.pk])).status_code == 405
    assert c.post(reverse("program:operator_action", args=[agenda.event.pk]), {"action": "start"}).status_code == 403
    assert c.get(reverse("program:talk_remind", args=[agenda.event.pk])).status_code == 405


def _upload(client, talk, data: bytes, name: str) -> str:
    f = io.BytesIO(data)
    f.name = name
    response = client.post(reverse("program:talk_upload", args=[talk.pk]), {"file": f}, follow=True)
    return response.content.decode()


def test_bad_files_are_refused_with_clear_messages_and_nothing_lost(client, agenda, settings):
    client.force_login(agenda.world.users["unit_officer"])
    talk = agenda.talk_a
    assert "Tệp rỗng" in _upload(client, talk, b"", "x.docx")
    assert "Chỉ nhận tệp Word (.docx) hoặc PDF" in _upload(client, talk, b"\x89PNG\r\n\x1a\n" + b"0" * 50, "anh.docx")
    assert "Word đời cũ (.doc)" in _upload(client, talk, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cu.doc")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("mat-khau")
    locked = io.BytesIO()
    writer.write(locked)
    assert "PDF có đặt mật khẩu" in _upload(client, talk, locked.getvalue(), "khoa.pdf")
    blank = io.BytesIO()
    w2 = PdfWriter()
    w2.add_blank_page(200, 200)
    w2.write(blank)
    assert "Không đọc được chữ nào" in _upload(client, talk, blank.getvalue(), "trang.pdf")
    settings.UPLOAD_MAX_BYTES = 1000
    assert "Tệp “lon.docx” quá lớn" in _upload(client, talk, docx_bytes(GOOD_TALK), "lon.docx")
    with scopes_disabled():
        t = Talk.objects.get(pk=talk.pk)
        assert t.status == TalkStatus.INVITED and not t.versions.exists()
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    page = _upload(client, talk, docx_bytes(GOOD_TALK), "tham-luan.docx")
    assert "Đã gửi bản 1" in page and "khoảng 5,8 phút" in page
    with scopes_disabled():
        v = Talk.objects.get(pk=talk.pk).versions.get()
    r = client.get(reverse("program:version_file", args=[v.pk]))
    assert r.status_code == 200 and r.content.startswith(b"PK")
    assert r["Content-Disposition"].startswith("attachment;")


def test_reviewer_sees_report_like_hints(client, agenda):
    with scopes_disabled():
        services.submit_text(None, agenda.talk_b, REPORT * 4)
    client.force_login(agenda.world.users["reviewer"])
    page = client.get(reverse("program:talk_detail", args=[agenda.talk_b.pk])).content.decode()
    assert "Gợi ý cho người thẩm định" in page and "báo cáo thành tích" in page
    r = client.post(reverse("program:talk_review", args=[agenda.talk_b.pk]),
                    {"action": "return", "comment": "Đề nghị viết lại theo hướng bài học kinh nghiệm."}, follow=True)
    assert "Đã trả lại bài" in r.content.decode()


def test_accepting_on_the_page_shows_the_talk_in_the_agenda(client, agenda):
    with scopes_disabled():
        services.submit_text(None, agenda.talk_a, GOOD_TALK)
    client.force_login(agenda.world.users["reviewer"])
    client.post(reverse("program:talk_review", args=[agenda.talk_a.pk]), {"action": "accept"})
    page = client.get(reverse("program:agenda", args=[agenda.event.pk])).content.decode()
    assert "Đã duyệt · ước tính 5,8 phút" in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_have_bounded_queries(client, conf, decisions):
    w = conf.world
    client.force_login(w.users["secretariat"])
    with scopes_disabled():
        services.update_settings(None, conf.event, {"talk_count": 10})
        services.create_default_agenda(None, conf.event)
        services.build_batches(None, conf.event)
    urls = [reverse("program:agenda", args=[conf.event.pk]), reverse("program:talk_list", args=[conf.event.pk]),
            reverse("program:batch_list", args=[conf.event.pk]), reverse("program:event_list"),
            reverse("program:operator", args=[conf.event.pk])]
    few = [_count(client, u) for u in urls]
    with scopes_disabled():
        for i in range(3):
            unit = Organisation.objects.create(authority=w.authority, code=f"u{i}", name=f"Xã Số {i}")
            services.invite_talk(None, conf.event, unit, "")
            services.add_item(None, conf.event, {"kind": ItemKind.OTHER, "title": f"Mục {i}", "duration_minutes": 5,
                                                 "in_charge": "Ban Tổ chức"})
        AwardBatch.objects.filter(event=conf.event).delete()
        services.update_settings(None, conf.event, {"stage_size": 2})
        assert len(services.build_batches(None, conf.event)) > 3
    many = [_count(client, u) for u in urls]
    assert many == few


def test_documents_download_and_cli(client, agenda, tmp_path):
    client.force_login(agenda.world.users["leader"])
    e = agenda.event.pk
    r = client.get(reverse("program:document", args=[e, "chuong-trinh", "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get(reverse("program:document", args=[e, "kich-ban", "docx"]))
    assert r.status_code == 200 and r.content.startswith(b"PK")
    r = client.get(reverse("program:document", args=[e, "maket", "png"]))
    assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
    assert client.get(reverse("program:document", args=[e, "khac", "pdf"])).status_code == 404
    out = io.StringIO()
    call_command("program", "tong-ket-2024", "--authority", "tan-khai", "--pdf", str(tmp_path / "ct.pdf"),
                 "--docx", str(tmp_path / "ct.docx"), stdout=out)
    call_command("mc_script", "tong-ket-2024", "--pdf", str(tmp_path / "kb.pdf"), stdout=out)
    call_command("backdrop", "tong-ket-2024", "--pdf", str(tmp_path / "m.pdf"), "--png", str(tmp_path / "m.png"),
                 stdout=out)
    assert (tmp_path / "ct.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "m.png").stat().st_size > 1000
    assert "Đã ghi kịch bản dẫn chương trình (PDF)" in out.getvalue()
    with pytest.raises(CommandError, match="Không có hội nghị mã"):
        call_command("program", "khong-co", "--pdf", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Cần ít nhất một tệp"):
        call_command("backdrop", "tong-ket-2024")


def test_operator_drives_the_projector_state(client, agenda):
    client.force_login(agenda.world.users["secretariat"])
    with scopes_disabled():
        item = AgendaItem.objects.filter(event=agenda.event, kind=ItemKind.TALK).first()
    url = reverse("program:operator_action", args=[agenda.event.pk])
    client.post(url, {"action": "show", "item": item.pk})
    client.post(url, {"action": "start"})
    state = client.get(reverse("program:projector_state", args=[agenda.event.pk])).json()
    assert state["item"]["title"] == item.title and state["timer"]["state"] == "running"
    assert 0 < state["timer"]["ends_at"] - state["now"] <= 7 * 60 * 1000
    client.post(url, {"action": "pause"})
    state = client.get(reverse("program:projector_state", args=[agenda.event.pk])).json()
    assert state["timer"]["state"] == "paused" and 0 < state["timer"]["remaining"] <= 420
    r = client.post(url, {"action": "start", "minutes": "abc"}, follow=True)
    assert "Số phút “abc” không phải là số" in r.content.decode()
