"""Tasks, materials and the budget through their services: what a user would notice."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled
from pypdf import PdfReader

from thidua import clock
from thidua.awards import demo as awards_demo
from thidua.awards.models import DecisionLine
from thidua.events import services as event_services
from thidua.logistics import demo, documents, queries, services
from thidua.logistics.models import Material, Task
from thidua.orgs import services as org_services
from thidua.orgs.audit import AuditLog
from thidua.orgs.scope import scope_for
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import Document, Header, Paragraph, Signature
from thidua.paperwork.pdf import render_pdf

pytestmark = pytest.mark.django_db


def small_pdf(text="Báo cáo") -> bytes:
    return render_pdf(Document(header=Header("", "ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN", "      /BC-UBND",
                                             "Hớn Quản, ngày 20 tháng 3 năm 2025"), kind_name="Báo cáo", summary=text,
                               body=(Paragraph(text),), signature=Signature("", "CHỦ TỊCH", "Nguyễn Văn Hạ"),
                               distribution=("Lưu: VT.",)), tagged=False)


def small_docx(text="Bài phát biểu") -> bytes:
    return render_docx(Document(header=Header("", "ỦY BAN NHÂN DÂN", "      /BC-UBND", "Hớn Quản, ngày 20 tháng 3 "
                                              "năm 2025"), kind_name=None, summary=text, body=(Paragraph(text),),
                                signature=Signature("", "CHỦ TỊCH", "Nguyễn Văn Hạ"), distribution=("Lưu: VT.",)))


@pytest.fixture
def plan(honquan):
    with scopes_disabled():
        p = services.create_plan(None, honquan["event"], demo.plan_values())
        demo.add_assignments(p)
    return p


def test_tasks_from_section_iv_in_one_click(honquan, plan):
    with scopes_disabled(), clock.as_of(dt.date(2025, 3, 20)):
        created = services.create_tasks_from_plan(None, plan)
        again = services.create_tasks_from_plan(None, plan)
        noi_vu = Task.objects.filter(organisation__code="phong-noi-vu", assignment__number=2).order_by("id")
        assert again == []  # repeatable: points that have tasks are left alone
        assert [t.title.split(",")[0] for t in noi_vu][:2] == ["Trang trí hội nghị", "In ấn thư mời"]
        assert noi_vu.count() == 5 and all(t.deadline == dt.date(2025, 4, 10) for t in noi_vu)
        assert {u.code for u in noi_vu[0].supporting_units.all()} == {"phong-tc-kh", "tt-vh-tt"}
        communes = Task.objects.filter(assignment__number=6, organisation__kind="xa")
        assert communes.count() == 13 and {t.deadline for t in communes} == {dt.date(2025, 4, 7)}
        assert len(created) == Task.objects.count()
        assert AuditLog.objects.filter(action="logistics.task.create").count() == len(created)


def test_a_unit_that_no_longer_exists_gets_a_clear_message(honquan, plan):
    units = honquan["units"]
    with scopes_disabled():
        org_services.merge_organisation(None, units["phong-vh-tt"], units["phong-noi-vu"], dt.date(2025, 3, 1))
        with clock.as_of(dt.date(2025, 3, 20)):
            with pytest.raises(services.ValidationFailed) as exc:
                services.save_task(None, plan.event, {"organisation": units["phong-vh-tt"], "title": "In tài liệu",
                                                      "deadline": dt.date(2025, 4, 5)})
            assert "đã sáp nhập vào “Phòng Nội vụ”" in exc.value.message and "01/3/2025" in exc.value.message
            a = plan.assignments.get(number=5)
            a.lead_unit = units["phong-vh-tt"]
            a.save()
            with pytest.raises(services.ValidationFailed) as exc:
                services.create_tasks_from_plan(None, plan)
            assert "Điểm 5" in exc.value.message and "đơn vị kế thừa" in exc.value.message
            assert Task.objects.count() == 0  # nothing half-made
            assert [f.code for f in queries.plan_findings(plan)] == ["assignment_unit_gone"]


def test_deadline_after_the_event_is_refused(honquan):
    with scopes_disabled(), pytest.raises(services.ValidationFailed) as exc:
        services.save_task(None, honquan["event"], {"organisation": honquan["units"]["phong-noi-vu"],
                                                    "title": "Trang trí", "deadline": dt.date(2025, 4, 11)})
    assert "sau ngày hội nghị 10/4/2025" in exc.value.message


def test_status_moves_are_recorded_and_checked(honquan):
    users, units = honquan["users"], honquan["units"]
    with scopes_disabled():
        task = services.save_task(None, honquan["event"], {"organisation": units["xa-tan-khai"], "title": "Nộp giao ước",
                                                           "deadline": dt.date(2025, 4, 7)})
        officer = users["donvi"]
        services.change_task_status(officer, task, "in_progress", "Đang soạn")
        with pytest.raises(PermissionDenied):
            services.change_task_status(officer, task, "cancelled")  # only the secretariat cancels
        services.change_task_status(officer, task, "done", "Đã nộp")
        task.refresh_from_db()
        assert task.status == "done" and task.done_at is not None and task.status_changed_by == officer
        assert [(n.from_status, n.to_status, n.author_name) for n in task.notes.all()] == [
            ("todo", "in_progress", "Phạm Thị Mai"), ("in_progress", "done", "Phạm Thị Mai")]
        with pytest.raises(services.ValidationFailed):
            services.change_task_status(officer, task, "todo")  # done → todo is not a move
        other = services.save_task(None, honquan["event"], {"organisation": units["phong-noi-vu"], "title": "Trang trí",
                                                            "deadline": dt.date(2025, 4, 7)})
        with pytest.raises(PermissionDenied):
            services.change_task_status(officer, other, "done")


def test_late_and_at_risk_as_of_a_date(honquan):
    units = honquan["units"]
    with scopes_disabled():
        for title, day in (("Trễ", dt.date(2025, 3, 30)), ("Sắp đến hạn", dt.date(2025, 4, 4)),
                           ("Còn xa", dt.date(2025, 4, 9))):
            services.save_task(None, honquan["event"], {"organisation": units["phong-noi-vu"], "title": title,
                                                        "deadline": day})
        done = services.save_task(None, honquan["event"], {"organisation": units["phong-noi-vu"], "title": "Xong rồi",
                                                           "deadline": dt.date(2025, 3, 25)})
        services.change_task_status(None, done, "done")
        scope = scope_for(honquan["users"]["thuongtruc"])
        with clock.as_of(dt.date(2025, 4, 2)):
            data = queries.overview(scope, honquan["event"])
            assert [r.task.title for r in data["late"]] == ["Trễ"]
            assert [r.task.title for r in data["soon"]] == ["Sắp đến hạn"]
            assert [r.task.title for r in queries.reminders(scope, honquan["event"], 7)] == ["Sắp đến hạn", "Còn xa"]


def test_uploads_are_checked_by_content_not_name(honquan, settings):
    with scopes_disabled():
        m = services.save_material(None, honquan["event"], {"kind": "report", "title": "",
                                                             "organisation": honquan["units"]["phong-noi-vu"],
                                                             "copies": 280})
        assert m.title == "Báo cáo tổng kết"
        with pytest.raises(services.ValidationFailed) as exc:
            services.upload_version(None, m, b"MZ\x90\x00 not a document", "bao-cao.pdf")
        assert "không phải văn bản" in exc.value.message and "PDF" in exc.value.message
        png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
        with pytest.raises(services.ValidationFailed) as exc:
            services.upload_version(None, m, png, "bao-cao.docx")
        assert "ảnh PNG" in exc.value.message
        settings.UPLOAD_MAX_BYTES = 1000
        with pytest.raises(services.ValidationFailed) as exc:
            services.upload_version(None, m, small_pdf(), "bao-cao.pdf")
        assert "quá lớn" in exc.value.message
        settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
        assert m.versions.count() == 0
        v = services.upload_version(None, m, small_docx(), "../../etc/bao cáo.docx")
        assert v.number == 1 and v.file.kind == "docx" and v.file.original_name == "bao cáo.docx"
        assert (settings.MEDIA_ROOT / v.file.content.name).exists() and v.file.content.name.startswith("logistics/")


def test_material_review_states(honquan):
    users = honquan["users"]
    with scopes_disabled():
        m = services.save_material(None, honquan["event"], {"kind": "opening", "title": "",
                                                             "organisation": honquan["units"]["phong-noi-vu"],
                                                             "reviewer": users["thamdinh"]})
        with pytest.raises(services.ValidationFailed) as exc:
            services.move_material(None, m, "in_review")
        assert "Chưa có tệp" in exc.value.message
        services.upload_version(None, m, small_docx(), "khai-mac.docx")
        services.move_material(None, m, "in_review")
        with pytest.raises(services.ValidationFailed):
            services.upload_version(None, m, small_docx(), "khai-mac-2.docx")  # not while in review
        with pytest.raises(services.ValidationFailed) as exc:
            services.move_material(users["thamdinh"], m, "returned", "")
        assert "lý do" in exc.value.message
        services.move_material(users["thamdinh"], m, "returned", "Bổ sung số liệu khen thưởng.")
        services.upload_version(None, m, small_pdf("Khai mạc"), "khai-mac.pdf")
        services.move_material(None, m, "in_review")
        services.move_material(users["thamdinh"], m, "approved", "Đạt.")
        m.refresh_from_db()
        assert m.status == "approved" and m.status_changed_by == users["thamdinh"]
        assert [c.to_status for c in m.comments.all()] == ["in_review", "returned", "in_review", "approved"]
        assert m.comments.get(to_status="returned").version.number == 1


def test_bundle_merges_approved_pdfs_behind_a_contents_page(honquan):
    units = honquan["units"]
    with scopes_disabled():
        made = []
        for kind, data, name, approve in (("report", small_pdf("Báo cáo tổng kết"), "bc.pdf", True),
                                          ("program", small_pdf("Chương trình"), "ct.pdf", False),
                                          ("launch", small_docx("Phát động"), "pd.docx", True)):
            m = services.save_material(None, honquan["event"], {"kind": kind, "title": "",
                                                                 "organisation": units["phong-noi-vu"]})
            services.upload_version(None, m, data, name)
            services.move_material(None, m, "in_review")
            if approve:
                services.move_material(None, m, "approved", "Đạt.")
            made.append(m)
        result = documents.bundle(honquan["event"], list(Material.objects.order_by("id")))
    assert result.included == ["Báo cáo tổng kết"]
    assert result.missing_pdf == ["Bài phát động thi đua"] and result.not_approved == ["Chương trình hội nghị"]
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == 2
    cover = reader.pages[0].extract_text()
    assert "DANH MỤC TÀI LIỆU" in cover and "Báo cáo tổng kết" in cover and "Bài phát động thi đua" in cover


def test_budget_totals_agree_with_delegates_and_award_decisions(honquan):
    event, units = honquan["event"], honquan["units"]
    with scopes_disabled():
        awards_demo.load(log=lambda *a: None)
        recorded = DecisionLine.objects.filter(decision__status="issued", decision__authority=honquan["authority"])
        # the prize line counts the district's own decisions, not the province's recorded there (#19)
        decided = sum(ln.amount for ln in recorded.filter(decision__signer_level="ct-huyen"))
        assert 0 < decided < sum(ln.amount for ln in recorded)
        cat = event.categories.get(code="b")
        delegates = [event_services.add_delegate(None, event, {"category": cat, "organisation": units[c],
                                                               "position": "Lãnh đạo"})
                     for c in ("phong-noi-vu", "phong-tc-kh", "phong-tu-phap", "mttq", "huyen-doan")]
        event_services.record_reply(None, delegates[0], "declined", "phone")
        budget = services.ensure_budget(None, event)
        services.save_budget_line(None, budget, {"group": "refreshments", "item": "Nước uống", "unit": "người",
                                                 "basis": "per_delegate", "per_delegate": 2, "unit_price": 15000})
        services.save_budget_line(None, budget, {"group": "decoration", "item": "Phông nền", "unit": "bộ",
                                                 "basis": "fixed", "quantity": 1, "unit_price": 6_000_000})
        services.save_budget_line(None, budget, {"group": "prize", "item": "Tiền thưởng", "basis": "prize"})
        s = queries.budget_summary(budget)
        assert s.delegates == 4  # five invited, one declined
        assert [r.amount for r in s.rows] == [4 * 2 * 15000, 6_000_000, decided]
        assert s.conference_total == 4 * 2 * 15000 + 6_000_000 and s.fund_total == decided
        doc_text = " ".join(getattr(b, "text", "") for b in documents.budget_document(budget, s).body)
        assert "6.120.000 đồng" in doc_text and "Sáu triệu một trăm hai mươi nghìn đồng" in doc_text
        services.update_budget(None, budget, {"prize_from_fund": False})
        s2 = queries.budget_summary(budget)
        assert s2.conference_total == 6_120_000 + decided and s2.fund_total == 0
        assert any("Quỹ thi đua" in w for w in s2.warnings)
        event_services.add_delegate(None, event, {"category": cat, "organisation": units["hoi-ccb"]})
        assert queries.budget_summary(budget).rows[0].amount == 5 * 2 * 15000  # follows the delegate count


def test_budget_refuses_negative_and_absurd_amounts(honquan):
    with scopes_disabled():
        budget = services.ensure_budget(None, honquan["event"])
        cases = [({"unit_price": -5000}, "không được âm"), ({"quantity": -1}, "không được âm"),
                 ({"unit_price": 5_000_000_000}, "quá lớn"), ({"quantity": 1_000_000}, "quá lớn"),
                 ({"quantity": "abc"}, "“abc” không phải là số")]
        for values, message in cases:
            with pytest.raises(services.ValidationFailed) as exc:
                services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "basis": "fixed",
                                                         "quantity": 1, "unit_price": 1000, **values})
            assert message in exc.value.message
        assert budget.lines.count() == 0


def test_budget_norm_warning_and_finance_approval(honquan):
    users = honquan["users"]
    with scopes_disabled():
        budget = services.ensure_budget(None, honquan["event"])
        services.set_norm(None, budget.authority_id, "refreshments", 40000, "NQ HĐND tỉnh")
        services.save_budget_line(None, budget, {"group": "refreshments", "item": "Giải khát", "basis": "per_delegate",
                                                 "per_delegate": 1, "unit_price": 50000})
        assert any("vượt định mức 40.000" in w for w in queries.budget_summary(budget).warnings)
        with pytest.raises(PermissionDenied):
            services.move_budget(users["donvi"], budget, "submitted")
        services.move_budget(users["thuongtruc"], budget, "submitted")
        with pytest.raises(services.ValidationFailed):
            services.save_budget_line(None, budget, {"group": "flowers", "item": "Hoa", "quantity": 1,
                                                     "unit_price": 1000})
        with pytest.raises(PermissionDenied):
            services.move_budget(users["thamdinh"], budget, "approved")
        budget = services.move_budget(users["quantri"], budget, "approved", "Đồng ý")
        assert budget.approved_by == users["quantri"] and budget.approved_at is not None
        entry = AuditLog.objects.filter(action="logistics.budget.approved").get()
        assert "Phòng Tài chính - Kế hoạch" in entry.note


def test_issue_needs_a_clean_plan_and_a_number(honquan):
    from tests.logistics.test_seed_plan import enter_as_written

    plan = enter_as_written(honquan["event"])
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed) as exc:
            services.issue_plan(None, plan, "35/KH-UBND", dt.date(2025, 3, 15))
        assert "3 lỗi" in exc.value.message
        plan.refresh_from_db()
        assert plan.status == "draft"
    with scopes_disabled():
        clean = services.create_plan(None, event_services.create_event(
            None, honquan["authority"], {"slug": "khac", "title": "Hội nghị khác", "date": dt.date(2025, 4, 10),
                                         "capacity": 300}), demo.plan_values())
        demo.add_assignments(clean)
        with pytest.raises(services.ValidationFailed):
            services.issue_plan(None, clean, "", dt.date(2025, 3, 15))
        services.issue_plan(None, clean, "35/KH-UBND", dt.date(2025, 3, 15))
        assert clean.status == "issued"
        with pytest.raises(services.ValidationFailed):
            services.update_plan(None, clean, {"talks_count": 4})
