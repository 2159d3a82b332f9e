"""Supporting units (phối hợp): their officers see the task, marked as such, and may write notes,
but the status and the files stay with the lead unit."""

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from tests.logistics.test_services import small_pdf
from thidua.logistics import services
from thidua.logistics.models import TaskNote
from thidua.orgs.audit import AuditLog

pytestmark = pytest.mark.django_db


def test_officer_list_shows_supported_tasks_marked_phoi_hop(client, prep):
    client.force_login(prep["world"].users["unit_officer"])
    page = client.get(reverse("logistics:task_list")).content.decode()
    assert "Việc của đơn vị A" in page and "Trang trí hội trường" in page
    assert "Việc của đơn vị B" not in page
    assert reverse("logistics:task_detail", args=[prep["other_task"].pk]) not in page
    assert page.count('data-testid="supporting-badge"') == 1
    row = page[page.index("Trang trí hội trường"):]
    assert row.index("phối hợp") < row.index("</tr>")
    own_row = page[page.index("Việc của đơn vị A"):]
    assert "supporting-badge" not in own_row[:own_row.index("</tr>")]
    # the Excel export says it too
    data = client.get(reverse("logistics:task_list") + "?format=xlsx").content
    titles = [c for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for c in r]
    assert "Trang trí hội trường (đơn vị phối hợp)" in titles and "Việc của đơn vị A" in titles
    # the secretariat sees every task, none marked
    client.force_login(prep["world"].users["secretariat"])
    page = client.get(reverse("logistics:task_list")).content.decode()
    assert "Việc của đơn vị B" in page and 'data-testid="supporting-badge"' not in page


def test_supporting_officer_reads_and_notes_but_does_not_work_the_task(client, prep):
    helped = prep["helped"]
    officer = prep["world"].users["unit_officer"]
    with scopes_disabled():
        services.attach_task_file(None, helped, small_pdf(), "so-do-hoi-truong.pdf")
    client.force_login(officer)
    page = client.get(reverse("logistics:task_detail", args=[helped.pk])).content.decode()
    assert 'data-testid="supporting-note"' in page and "đơn vị chủ trì là Phòng Văn hóa - Xã hội" in page
    assert 'data-testid="move-' not in page  # no status buttons
    assert reverse("logistics:task_note", args=[helped.pk]) in page
    assert reverse("logistics:task_upload", args=[helped.pk]) not in page
    with scopes_disabled():
        stored = helped.files.get().file
    assert client.get(reverse("logistics:file_download", args=[stored.pk])).status_code == 200

    r = client.post(reverse("logistics:task_note", args=[helped.pk]), {"text": "Đã chuẩn bị 2 lẵng hoa."})
    assert r.status_code == 302
    with scopes_disabled():
        note = TaskNote.objects.get(task=helped)
        assert note.text == "Đã chuẩn bị 2 lẵng hoa." and note.author == officer
        assert AuditLog.objects.filter(action="logistics.task.note", object_id=str(helped.pk)).exists()
    assert client.post(reverse("logistics:task_status", args=[helped.pk]), {"status": "done"}).status_code == 403
    upload = io.BytesIO(small_pdf())
    upload.name = "x.pdf"
    assert client.post(reverse("logistics:task_upload", args=[helped.pk]), {"file": upload}).status_code == 403
    with scopes_disabled():
        helped.refresh_from_db()
        assert helped.status == "todo" and helped.files.count() == 1


def test_tampered_ids_and_withdrawn_support_are_refused(client, prep):
    officer = prep["world"].users["unit_officer"]
    client.force_login(officer)
    for task in (prep["theirs"], prep["other_task"]):
        assert client.get(reverse("logistics:task_detail", args=[task.pk])).status_code in (403, 404)
        assert client.post(reverse("logistics:task_note", args=[task.pk]), {"text": "x"}).status_code in (403, 404)
    with scopes_disabled():
        services.save_task(None, prep["event"], {}, supporting=[], task=prep["helped"])
    assert client.get(reverse("logistics:task_detail", args=[prep["helped"].pk])).status_code == 403
    assert client.post(reverse("logistics:task_note", args=[prep["helped"].pk]), {"text": "x"}).status_code == 403
    page = client.get(reverse("logistics:task_list")).content.decode()
    assert "Trang trí hội trường" not in page
    with scopes_disabled():
        assert not TaskNote.objects.filter(text="x").exists()


@pytest.mark.parametrize("status,shows_done", [("all", True), ("open", False), ("done", True), ("khong-co", False)])
def test_the_status_filter_all_shows_finished_tasks_too(client, prep, status, shows_done):
    """"Tất cả" (status=all) lists finished tasks as well; it used to fall back to "Chưa xong"."""
    from thidua.logistics.models import Task, TaskStatus

    with scopes_disabled():
        Task.objects.filter(pk=prep["theirs"].pk).update(status=TaskStatus.DONE)
    client.force_login(prep["world"].users["secretariat"])
    page = client.get(reverse("logistics:task_list"), {"status": status}).content.decode()
    assert ("Việc của đơn vị B" in page) is shows_done
    assert "Việc của đơn vị A" in page or status == "done"
    selected = "all" if status == "all" else ("done" if status == "done" else "open")
    assert f'value="{selected}" selected' in page
