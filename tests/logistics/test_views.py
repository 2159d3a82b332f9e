"""Every logistics page by role, id tampering across units and authorities, query counts, uploads."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.logistics.conftest import make_event
from tests.logistics.test_services import small_docx, small_pdf
from thidua.logistics import services
from thidua.logistics.models import Material, Task
from thidua.orgs.models import Signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    """world: unit_a (the officer's), unit_b (another unit), other authority with its own event."""
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="", title="CHỦ TỊCH",
                              is_chair=True)
        event = make_event(world.authority)
        other_event = make_event(world.other_authority, slug="khac")
        plan = services.create_plan(None, event, {"summary": "Tổ chức hội nghị tổng kết", "delegates_total": 280})
        services.save_assignment(None, plan, {"number": 1, "lead_unit": world.unit_a, "duties": "- Nộp giao ước",
                                              "deadline": dt.date(2025, 4, 7)})
        own = services.save_task(None, event, {"organisation": world.unit_a, "title": "Việc của đơn vị A",
                                               "deadline": dt.date(2025, 4, 5)})
        theirs = services.save_task(None, event, {"organisation": world.unit_b, "title": "Việc của đơn vị B",
                                                  "deadline": dt.date(2025, 4, 5)})
        own_m = services.save_material(None, event, {"kind": "talk", "title": "Tham luận đơn vị A",
                                                     "organisation": world.unit_a})
        their_m = services.save_material(None, event, {"kind": "report", "title": "Báo cáo tổng kết",
                                                       "organisation": world.unit_b})
        v = services.upload_version(None, their_m, small_pdf(), "bao-cao.pdf")
        tf = services.attach_task_file(None, theirs, small_pdf(), "b.pdf")
        budget = services.ensure_budget(None, event)
        line = services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "quantity": 2,
                                                        "unit_price": 100000})
        other_plan = services.create_plan(None, other_event, {"summary": "Kế hoạch khác"})
        other_task = services.save_task(None, other_event, {"organisation": world.other_unit, "title": "Khác",
                                                            "deadline": dt.date(2025, 4, 5)})
    return {"event": event, "plan": plan, "own": own, "theirs": theirs, "own_m": own_m, "their_m": their_m,
            "their_file": v.file, "their_task_file": tf.file, "line": line, "other_event": other_event,
            "other_plan": other_plan, "other_task": other_task, "world": world}


ROLES = ["admin", "secretariat", "reviewer", "unit_officer", "reception", "leader"]
ALL, NONE = dict.fromkeys(ROLES, 200), dict.fromkeys(ROLES, 403)


def allow(*roles):
    return {r: 200 if r in roles else 403 for r in ROLES}


STAFF = allow("admin", "secretariat", "reviewer", "unit_officer", "leader")
OFFICE = allow("admin", "secretariat", "reviewer", "leader")
MANAGER = allow("admin", "secretariat")

PAGES = [
    ("logistics:index", lambda s: [], STAFF),
    ("logistics:plan_detail", lambda s: [s["event"].pk], STAFF),
    ("logistics:plan_edit", lambda s: [s["event"].pk], MANAGER),
    ("logistics:assignment_create", lambda s: [s["event"].pk], MANAGER),
    ("logistics:section_create", lambda s: [s["event"].pk], MANAGER),
    ("logistics:task_list", lambda s: [], STAFF),
    ("logistics:task_create", lambda s: [s["event"].pk], MANAGER),
    ("logistics:task_detail", lambda s: [s["own"].pk], STAFF),
    ("logistics:task_edit", lambda s: [s["own"].pk], MANAGER),
    ("logistics:overview", lambda s: [], OFFICE),
    ("logistics:reminders", lambda s: [], OFFICE),
    ("logistics:material_list", lambda s: [s["event"].pk], STAFF),
    ("logistics:material_create", lambda s: [s["event"].pk], MANAGER),
    ("logistics:material_detail", lambda s: [s["own_m"].pk], STAFF),
    ("logistics:budget", lambda s: [s["event"].pk], OFFICE),
    ("logistics:budget_line_create", lambda s: [s["event"].pk], MANAGER),
]


@pytest.mark.parametrize("name,args,expected", PAGES, ids=[p[0] for p in PAGES])
def test_role_matrix(client, setup, name, args, expected):
    url = reverse(name, args=args(setup))
    assert client.get(url).status_code == 302
    for role, status in expected.items():
        client.force_login(setup["world"].users[role])
        assert client.get(url).status_code == status, (role, url)
        client.logout()


def test_downloads_by_role(client, setup):
    event = setup["event"]
    for name, args, expected in (("logistics:plan_file", [event.pk, "pdf"], STAFF),
                                 ("logistics:plan_file", [event.pk, "docx"], STAFF),
                                 ("logistics:budget_file", [event.pk, "docx"], OFFICE)):
        url = reverse(name, args=args)
        for role, status in expected.items():
            client.force_login(setup["world"].users[role])
            response = client.get(url)
            assert response.status_code == status, (role, url)
            if status == 200:
                assert response["Content-Disposition"].startswith("attachment")
    client.force_login(setup["world"].users["secretariat"])
    assert client.get(reverse("logistics:budget", args=[event.pk]) + "?format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_unit_officer_cannot_tamper_ids(client, setup):
    client.force_login(setup["world"].users["unit_officer"])
    theirs, their_m = setup["theirs"], setup["their_m"]
    page = client.get(reverse("logistics:task_list")).content.decode()
    assert "Việc của đơn vị A" in page and "Việc của đơn vị B" not in page
    page = client.get(reverse("logistics:material_list", args=[setup["event"].pk])).content.decode()
    assert "Tham luận đơn vị A" in page and "Báo cáo tổng kết" not in page
    assert client.get(reverse("logistics:task_detail", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("logistics:task_list") + f"?unit={theirs.organisation_id}").status_code == 403
    assert client.get(reverse("logistics:material_detail", args=[their_m.pk])).status_code == 403
    assert client.get(reverse("logistics:file_download", args=[setup["their_file"].pk])).status_code == 403
    assert client.get(reverse("logistics:file_download", args=[setup["their_task_file"].pk])).status_code == 403
    posts = [(reverse("logistics:task_status", args=[theirs.pk]), {"status": "done"}),
             (reverse("logistics:task_note", args=[theirs.pk]), {"text": "x"}),
             (reverse("logistics:task_upload", args=[theirs.pk]), {}),
             (reverse("logistics:material_upload", args=[their_m.pk]), {}),
             (reverse("logistics:material_move", args=[their_m.pk, "in_review"]), {}),
             (reverse("logistics:material_comment", args=[their_m.pk]), {"text": "x"}),
             (reverse("logistics:plan_tasks", args=[setup["event"].pk]), {}),
             (reverse("logistics:budget_move", args=[setup["event"].pk, "submitted"]), {}),
             (reverse("logistics:plan_issue", args=[setup["event"].pk]), {})]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    with scopes_disabled():
        theirs.refresh_from_db()
        assert theirs.status == "todo" and theirs.notes.count() == 0
        assert Material.objects.get(pk=their_m.pk).status == "draft"
    # Approving one's own material is a reviewer's move, not the unit's.
    with scopes_disabled():
        services.upload_version(None, setup["own_m"], small_docx(), "tl.docx")
    assert client.post(reverse("logistics:material_move", args=[setup["own_m"].pk, "in_review"])).status_code == 302
    assert client.post(reverse("logistics:material_move", args=[setup["own_m"].pk, "approved"])).status_code == 403
    with scopes_disabled():
        assert Material.objects.get(pk=setup["own_m"].pk).status == "in_review"


def test_other_authority_rows_are_invisible(client, setup):
    client.force_login(setup["world"].users["secretariat"])
    other = setup["other_event"]
    for url in (reverse("logistics:plan_detail", args=[other.pk]), reverse("logistics:budget", args=[other.pk]),
                reverse("logistics:material_list", args=[other.pk]),
                reverse("logistics:task_detail", args=[setup["other_task"].pk]),
                reverse("logistics:task_list") + f"?event={other.pk}"):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("logistics:task_status", args=[setup["other_task"].pk]),
                       {"status": "done"}).status_code == 404
    page = client.get(reverse("logistics:task_list")).content.decode()
    assert "Khác" not in page


def test_state_changes_need_post(client, setup):
    client.force_login(setup["world"].users["secretariat"])
    for url in (reverse("logistics:task_status", args=[setup["own"].pk]),
                reverse("logistics:plan_tasks", args=[setup["event"].pk]),
                reverse("logistics:budget_move", args=[setup["event"].pk, "submitted"])):
        assert client.get(url).status_code == 405


def test_officer_completes_a_task_and_uploads_through_the_pages(client, setup):
    client.force_login(setup["world"].users["unit_officer"])
    own = setup["own"]
    r = client.post(reverse("logistics:task_status", args=[own.pk]), {"status": "done"}, follow=True)
    assert "Đã chuyển nhiệm vụ sang “Đã xong”" in r.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("chuong-trinh.pdf", b"<html>not a pdf</html>")
    r = client.post(reverse("logistics:material_upload", args=[setup["own_m"].pk]), {"file": bad}, follow=True)
    assert "không phải văn bản" in r.content.decode()
    good = SimpleUploadedFile("tham-luan.pdf", small_pdf("Tham luận"))
    r = client.post(reverse("logistics:material_upload", args=[setup["own_m"].pk]), {"file": good}, follow=True)
    assert "Đã tải lên bản 1" in r.content.decode()
    with scopes_disabled():
        version = setup["own_m"].versions.get()
    download = client.get(reverse("logistics:file_download", args=[version.file.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf"


def test_secretariat_sees_late_and_at_risk_on_one_page(client, setup):
    client.force_login(setup["world"].users["secretariat"])
    from thidua import clock

    with clock.as_of(dt.date(2025, 4, 6)):
        page = client.get(reverse("logistics:overview")).content.decode()
    assert "Trễ hạn (2)" in page and "Việc của đơn vị A" in page and "Việc của đơn vị B" in page
    with clock.as_of(dt.date(2025, 4, 3)):
        page = client.get(reverse("logistics:reminders") + "?days=3").content.decode()
        xlsx = client.get(reverse("logistics:reminders") + "?days=3&format=xlsx")
    assert "Việc của đơn vị A" in page
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_plan_page_shows_findings_before_issuing(client, setup):
    client.force_login(setup["world"].users["secretariat"])
    with scopes_disabled():
        services.update_plan(None, setup["plan"], {"delegates_total": 400})
    page = client.get(reverse("logistics:plan_detail", args=[setup["event"].pk])).content.decode()
    assert "vượt sức chứa hội trường" in page and 'data-code="delegates_quota"' in page


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name,make", [
    ("logistics:task_list", "task"), ("logistics:overview", "task"), ("logistics:reminders", "task"),
    ("logistics:material_list", "material"), ("logistics:budget", "line"), ("logistics:index", "task"),
    ("logistics:plan_detail", "assignment"),
])
def test_list_query_counts_do_not_grow(client, setup, name, make):
    world, event = setup["world"], setup["event"]
    args = [] if name in ("logistics:task_list", "logistics:overview", "logistics:reminders", "logistics:index") \
        else [event.pk]
    url = reverse(name, args=args)
    client.force_login(world.users["secretariat"])
    from thidua import clock

    def add(n):
        with scopes_disabled():
            for i in range(n):
                if make == "task":
                    t = services.save_task(None, event, {"organisation": world.unit_b, "title": f"Việc {i}",
                                                         "deadline": dt.date(2025, 4, 2)}, supporting=[world.unit_a])
                    services.attach_task_file(None, t, small_pdf(), "t.pdf")
                elif make == "material":
                    m = services.save_material(None, event, {"kind": "other", "title": f"Tài liệu {i}",
                                                             "organisation": world.unit_b})
                    services.upload_version(None, m, small_pdf(), "m.pdf")
                elif make == "line":
                    services.save_budget_line(None, setup["line"].budget, {"group": "printing", "item": f"In {i}",
                                                                           "basis": "per_delegate", "per_delegate": 1,
                                                                           "unit_price": 3000})
                else:
                    services.save_assignment(None, setup["plan"], {"lead_unit": world.unit_b, "duties": f"- Việc {i}",
                                                                   "deadline_by_event": True},
                                             supporting=[world.unit_a])

    with clock.as_of(dt.date(2025, 4, 3)):
        add(1)
        one = _count(client, url)
        add(2)
        three = _count(client, url)
    assert three == one, (name, one, three)


def test_task_for_a_merged_unit_shows_a_clear_message(client, setup):
    world = setup["world"]
    from thidua.orgs import services as org_services

    with scopes_disabled():
        org_services.merge_organisation(None, world.unit_b, world.unit_a, dt.date(2025, 3, 1))
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("logistics:task_detail", args=[setup["theirs"].pk])).content.decode()
    assert "đã sáp nhập vào “Trường Tiểu học Tân Khai A”" in page
    r = client.post(reverse("logistics:task_create", args=[setup["event"].pk]),
                    {"organisation": world.unit_b.pk, "title": "Trang trí", "deadline": "2025-04-05"})
    assert r.status_code == 200 and "đã sáp nhập" in r.content.decode()
    with scopes_disabled():
        assert not Task.objects.filter(title="Trang trí").exists()
