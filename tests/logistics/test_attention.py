"""Conference preparation's dashboard items: late and due tasks, reviews, approval, plan checks."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.logistics.conftest import make_event
from tests.logistics.test_services import small_pdf
from thidua import clock
from thidua.logistics import attention, queries, services
from thidua.orgs.scope import activate

pytestmark = pytest.mark.django_db


def _items(prep, role: str, on: dt.date) -> list[dict]:
    with activate(prep["world"].authority), clock.as_of(on):
        return attention.items(prep["world"].users[role])


def _texts(items) -> list[str]:
    return [i["text"] for i in items]


def test_unit_officer_sees_own_late_and_due_tasks_and_supported_ones(prep):
    own, helped = prep["own"], prep["helped"]
    assert _items(prep, "unit_officer", dt.date(2025, 3, 20)) == []  # nothing due within 3 days
    items = _items(prep, "unit_officer", dt.date(2025, 4, 2))
    assert items == [
        {"level": "info", "url": reverse("logistics:task_detail", args=[helped.pk]),
         "text": "Đơn vị phối hợp thực hiện “Trang trí hội trường” đến hạn 03/4/2025 (còn 1 ngày)."},
        {"level": "warning", "url": reverse("logistics:task_detail", args=[own.pk]),
         "text": "Nhiệm vụ “Việc của đơn vị A” đến hạn 05/4/2025 (còn 3 ngày)."},
    ]
    late = _items(prep, "unit_officer", dt.date(2025, 4, 7))
    assert late[1] == {"level": "danger", "url": reverse("logistics:task_detail", args=[own.pk]),
                       "text": "Nhiệm vụ “Việc của đơn vị A” đã trễ hạn 2 ngày (hạn 05/4/2025)."}
    assert all(str(prep["theirs"].pk) not in i["url"].split("/") for i in late)
    with scopes_disabled():
        services.change_task_status(prep["world"].users["unit_officer"], own, "done")
    assert len(_items(prep, "unit_officer", dt.date(2025, 4, 7))) == 1


def test_unit_officer_sees_returned_materials(prep):
    w = prep["world"]
    with scopes_disabled():
        m = services.save_material(None, prep["event"], {"kind": "talk", "title": "Tham luận đơn vị A",
                                                         "organisation": w.unit_a})
        services.upload_version(w.users["unit_officer"], m, small_pdf(), "tham-luan.pdf")
        services.move_material(w.users["unit_officer"], m, "in_review")
    assert _items(prep, "unit_officer", dt.date(2025, 3, 20)) == []
    with scopes_disabled():
        services.move_material(w.users["reviewer"], m, "returned", "Rút ngắn còn 7 phút.")
    assert _items(prep, "unit_officer", dt.date(2025, 3, 20)) == [
        {"level": "warning", "url": reverse("logistics:material_detail", args=[m.pk]),
         "text": "Tài liệu “Tham luận đơn vị A” bị trả lại để sửa: đọc góp ý và tải lên bản mới."}]
    # another unit's returned material is not theirs
    with scopes_disabled():
        b = services.save_material(None, prep["event"], {"kind": "report", "title": "Báo cáo",
                                                         "organisation": w.unit_b})
        services.upload_version(None, b, small_pdf(), "bc.pdf")
        services.move_material(None, b, "in_review")
        services.move_material(None, b, "returned", "Sửa số liệu.")
    assert len(_items(prep, "unit_officer", dt.date(2025, 3, 20))) == 1


def test_secretariat_sees_late_and_due_counts_reviews_budget_and_plan(prep):
    w, event = prep["world"], prep["event"]
    title = "Hội nghị tổng kết năm 2024 (10/4/2025)"
    with scopes_disabled():
        slip = services.save_section(None, prep["plan"], {"numeral": "VII", "title": "Khen thưởng", "kind": "other",
                                                          "text": "Khen thưởng tập thể tiêu biểu."})
    with activate(w.authority):
        findings = queries.plan_findings(prep["plan"])
    assert [f.code for f in findings] == ["section_gap"]
    items = _items(prep, "secretariat", dt.date(2025, 4, 4))
    q = f"?event={event.pk}"
    assert items[0] == {"level": "danger", "url": reverse("logistics:overview") + q,
                        "text": f"1 nhiệm vụ chuẩn bị {title} đã trễ hạn."}
    assert items[1] == {"level": "warning", "url": reverse("logistics:reminders") + q,
                        "text": f"2 nhiệm vụ chuẩn bị {title} đến hạn trong 3 ngày tới."}
    plan_line = items[-1]
    assert plan_line["url"] == reverse("logistics:plan_detail", args=[event.pk])
    assert f"có {len(findings)} điểm cần soát lại: {findings[0].message}" in plan_line["text"]
    assert len(items) == 3

    with scopes_disabled():
        m = services.save_material(None, event, {"kind": "report", "title": "Báo cáo", "organisation": w.unit_b})
        services.upload_version(None, m, small_pdf(), "bc.pdf")
        services.move_material(None, m, "in_review")
        budget = services.ensure_budget(None, event)
        services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "quantity": 2,
                                                 "unit_price": 100000})
        services.move_budget(None, budget, "submitted")
        services.save_section(None, prep["plan"], {"numeral": "VI"}, slip)  # the slip corrected
    texts = _texts(_items(prep, "secretariat", dt.date(2025, 3, 20)))
    assert f"1 tài liệu {title} chờ thẩm định." in texts
    assert f"Dự trù kinh phí {title} đang chờ duyệt." in texts
    assert not any("nhiệm vụ" in t for t in texts)  # nothing late or due on 20/3
    assert not any("Kế hoạch" in t for t in texts)  # the plan checks pass now
    # the reviewer: only the review line
    assert _texts(_items(prep, "reviewer", dt.date(2025, 3, 20))) == [f"1 tài liệu {title} chờ thẩm định."]
    # a material assigned to another reviewer is not theirs
    with scopes_disabled():
        m.reviewer = w.users["admin"]
        m.save()
    assert _items(prep, "reviewer", dt.date(2025, 3, 20)) == []
    assert _items(prep, "reception", dt.date(2025, 3, 20)) == []
    # once the conference is past, nothing
    assert _items(prep, "secretariat", dt.date(2025, 4, 11)) == []


def test_other_authority_is_invisible(prep):
    w = prep["world"]
    with activate(w.other_authority), clock.as_of(dt.date(2025, 4, 7)):
        items = attention.items(w.users["other_secretariat"])
    assert items
    assert all(f"event={prep['event'].pk}" not in i["url"] for i in items)


def _count(user, authority, on) -> int:
    with activate(authority), clock.as_of(on), CaptureQueriesContext(connection) as ctx:
        attention.items(user)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_tasks_and_events(prep):
    w = prep["world"]
    on = dt.date(2025, 4, 4)
    with scopes_disabled():
        services.ensure_budget(None, prep["event"])
    sec, unit = _count(w.users["secretariat"], w.authority, on), _count(w.users["unit_officer"], w.authority, on)
    with scopes_disabled():
        for i in range(3):
            ev = make_event(w.authority, slug=f"them-{i}", date=dt.date(2025, 4, 20 + i))
            for j in range(4):
                services.save_task(None, ev, {"organisation": w.unit_a, "title": f"Việc {i}.{j}",
                                              "deadline": dt.date(2025, 4, 3 + j)})
    assert _count(w.users["secretariat"], w.authority, on) == sec
    assert _count(w.users["unit_officer"], w.authority, on) <= unit + 1  # one more: the "và N khác" count
    assert sec <= 12 and unit <= 4
    with activate(w.authority), clock.as_of(on):
        lines = attention.items(w.users["unit_officer"])
    assert len(lines) == attention.UNIT_LIMIT + 1 and lines[-1]["text"].startswith("Còn ")


def test_dashboard_lists_the_items(client, prep):
    client.force_login(prep["world"].users["unit_officer"])
    with clock.as_of(dt.date(2025, 4, 2)):
        page = client.get(reverse("web:dashboard")).content.decode()
    assert "Việc của đơn vị A" in page and "Trang trí hội trường" in page
    assert "Việc của đơn vị B" not in page
