"""A proposal from a unit officer to a decided award, through the secretariat and the council, with
the refusals the law and the data imply."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled
from pypdf import PdfReader

from thidua.awards import documents, queries, services
from thidua.awards.models import Award, Decision, DecisionLine, ProposalEvent
from thidua.orgs.models import AuditLog, Person
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf

from .helpers import decided, make_signer, proposal

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_proposal_to_decided_award(world):
    officer, sec = world.users["unit_officer"], world.users["secretariat"]
    p = proposal(world)
    with scopes_disabled():
        services.add_line(officer, p, {"kind": "individual", "person": world.person_a, "achievement": "Dạy giỏi"})
        services.add_line(officer, p, {"kind": "collective", "organisation": world.unit_a})
        with pytest.raises(services.ValidationFailed, match="không thuộc"):
            services.add_line(officer, p, {"kind": "individual", "person": world.person_b})
        services.transition(officer, p, "submit")
        services.transition(officer, p, "recall")
        services.transition(officer, p, "submit")
        with pytest.raises(services.ValidationFailed, match="lý do"):
            services.transition(sec, p, "return", "")
        services.transition(sec, p, "return", "Thiếu báo cáo thành tích")
        assert p.status == "returned"
        services.transition(officer, p, "submit")
        with pytest.raises(PermissionDenied):
            services.transition(officer, p, "accept")
        services.transition(sec, p, "accept")
        m = services.create_meeting(sec, world.authority, {"year": 2024, "date": dt.date(2025, 3, 1),
                                                           "chair": "Nguyễn Văn Hạ", "secretary": "Lê Thị Hồng"},
                                    [("Nguyễn Văn Hạ", "Chủ tịch Hội đồng"), ("Trần Thị Ánh", "Phó Chủ tịch"),
                                     ("Lê Văn Bình", "Ủy viên")])
        services.put_to_council(sec, m, [p])
        line_person, line_unit = list(p.lines.order_by("order"))
        with pytest.raises(services.ValidationFailed, match="vượt quá"):
            services.record_vote(sec, m, line_person, "open", 3, 1, 0)
        assert services.record_vote(sec, m, line_person, "secret", 2, 1, 0).passed  # 2 ≥ 2/3 × 3
        assert not services.record_vote(sec, m, line_unit, "open", 1, 2, 0).passed
        assert services.close_meeting(sec, m) == {"approved": 1, "rejected": 0}
        p.refresh_from_db()
        assert p.status == "approved"
        d = services.create_decision_from_proposals(sec, world.authority, {
            "award": Award.objects.get(code="gk-xa"), "date": dt.date(2025, 3, 10), "year": 2024,
            "signer": make_signer(world.authority), "reason": "đã có thành tích xuất sắc năm 2024"}, [p])
        assert [(ln.name, ln.amount) for ln in d.lines.all()] == [("Nguyễn Văn Hạ", 360_000)]
        services.issue_decision(sec, d, 5)
        p.refresh_from_db()
        assert p.status == "decided" and d.number_text == "05/QĐ-UBND"
        actions = list(ProposalEvent.objects.filter(proposal=p).values_list("action", flat=True))
        assert actions == ["submit", "recall", "submit", "return", "submit", "accept", "to_council", "approve",
                           "decide"]
        assert AuditLog.objects.filter(action="awards.decision.issue").exists()
        recipients = queries.decided_recipients(world.authority)
        assert [(r.name, r.person, r.amount, r.decision_number) for r in recipients] == [
            ("Nguyễn Văn Hạ", world.person_a, 360_000, "05/QĐ-UBND")]
        assert queries.prize_total(world.authority) == 360_000
        assert queries.prize_total(world.authority, date_from=dt.date(2025, 4, 1)) == 0


def test_quorum_is_data(world):
    sec = world.users["secretariat"]
    p = proposal(world, actor=sec)
    with scopes_disabled():
        services.add_line(sec, p, {"kind": "individual", "person": world.person_a})
        services.transition(sec, p, "submit")
        services.transition(sec, p, "accept")
        m = services.create_meeting(sec, world.authority, {"year": 2024, "date": dt.date(2025, 3, 1), "chair": "A",
                                                           "secretary": "B"}, [("A", ""), ("B", ""), ("C", "")])
        services.put_to_council(sec, m, [p])
        services.set_presence(sec, m, {m.members.first().pk})
        with pytest.raises(services.ValidationFailed, match="Không đủ túc số"):
            services.close_meeting(sec, m)


def test_warnings_the_law_implies(world):
    sec = world.users["secretariat"]
    p = proposal(world, award="cstd-co-so", actor=sec)
    p2 = proposal(world, award="cstd-co-so", actor=sec)
    with scopes_disabled():
        line = services.add_line(sec, p, {"kind": "individual", "person": world.person_a})
        services.add_line(sec, p2, {"kind": "individual", "person": world.person_a})
        msgs = queries.proposal_warnings(p)[line.pk]
    assert any("nhiều lần" in m for m in msgs)
    assert any("chưa có danh hiệu Lao động tiên tiến" in m for m in msgs)
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="không dành cho tập thể"):
            services.add_line(sec, p, {"kind": "collective", "organisation": world.unit_a})


def test_bad_decisions_are_refused_and_nothing_is_saved(world):
    signer = make_signer(world.authority)
    base = {"award": Award.objects.get(code="gk-huyen"), "date": dt.date(2025, 7, 5), "year": 2024,
            "signer": signer, "reason": "đã có thành tích", "signer_level": "ct-huyen"}
    one = [{"kind": "individual", "person": world.person_a}]
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="không có thẩm quyền"):
            services.create_decision(None, world.authority, base, one)
        ok = {**base, "date": dt.date(2025, 6, 30)}
        with pytest.raises(services.ValidationFailed, match="trùng"):
            services.create_decision(None, world.authority, ok, one + one)
        with pytest.raises(services.ValidationFailed, match="Chưa có bộ quy định"):
            services.create_decision(None, world.authority, {**ok, "date": dt.date(2023, 5, 1)}, one)
        with pytest.raises(services.ValidationFailed, match="không có trong danh mục"):
            services.create_decision(None, world.authority, {**ok, "award": None}, one)
        with pytest.raises(services.ValidationFailed, match="không dành cho"):
            services.create_decision(None, world.authority, {**ok, "award": Award.objects.get(code="ldtt")},
                                     [{"kind": "collective", "organisation": world.unit_a}])
        other = Person.objects.get(given_name="Bích")
        with pytest.raises(services.ValidationFailed, match="cơ quan khác"):
            services.create_decision(None, world.authority, ok, [{"kind": "individual", "person": other}])
        assert Decision.objects.count() == 0 and DecisionLine.objects.count() == 0
        d = services.create_decision(None, world.authority, ok, one)
        assert d.lines.get().amount == 710_000  # 0.3 × 2,340,000 = 702,000 → 710,000


def test_decision_documents_read_right(world):
    d = decided(world)
    with scopes_disabled():
        d = Decision.objects.select_related("award", "rule_set", "authority").get(pk=d.pk)
        lines = queries.decision_lines(d)
        doc = documents.decision_document(d, lines)
    text = _pdf_text(render_pdf(doc))
    for expected in ("QUYẾT ĐỊNH", "05/QĐ-UBND", "I. TẬP THỂ", "II. CÁ NHÂN", "Nguyễn Văn Hạ", "Phòng Văn hóa - Xã hội",
                     "Một triệu không trăm bảy mươi nghìn đồng", "1.070.000"):
        assert expected in text, expected
    assert text.index("I. TẬP THỂ") < text.index("II. CÁ NHÂN")
    assert len(render_docx(doc)) > 5000


def test_decision_number_unique_per_year(world):
    decided(world)
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="đã được dùng"):
            decided(world, number=5)


def test_a_number_is_unique_per_issuer_so_the_provinces_decision_is_recorded_beside_the_communes_own(world):
    """#19: the province's 5/QĐ-UBND of the year, recorded at the commune, beside the commune's own 5/QĐ-UBND."""
    decided(world)
    province = decided(world, award="bk-tinh", number=5, level="ct-tinh")
    with scopes_disabled():
        assert Decision.objects.filter(authority=world.authority, number=5, code="QĐ-UBND").count() == 2
        assert province.number_text == "05/QĐ-UBND" and province.signer_level == "ct-tinh"
        with pytest.raises(services.ValidationFailed, match="đã được dùng"):
            decided(world, award="bk-tinh", number=5, level="ct-tinh")


def test_attachments_checked_by_content(world, settings):
    officer = world.users["unit_officer"]
    p = proposal(world)
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="không đúng loại"):
            services.add_attachment(officer, p, "bao-cao", "bao-cao.pdf", b"MZ\x90\x00 not a pdf")
        settings.UPLOAD_MAX_BYTES = 100
        with pytest.raises(services.ValidationFailed, match="quá lớn"):
            services.add_attachment(officer, p, "bao-cao", "bao-cao.pdf", b"%PDF-1.4" + b"x" * 200)
        settings.UPLOAD_MAX_BYTES = 10_000
        att = services.add_attachment(officer, p, "bao-cao", "báo cáo.pdf", b"%PDF-1.4 test")
        assert services.attachment_data(att) == b"%PDF-1.4 test"
        assert str(settings.MEDIA_ROOT) in att.file.path and att.file.name.startswith("awards/attachments/")


def test_search_finds_merged_units(world):
    from thidua.orgs.models import Organisation
    from thidua.orgs.scope import scope_for
    from thidua.orgs.services import merge_organisation

    decided(world)
    with scopes_disabled():
        new = Organisation.objects.create(authority=world.authority, code="moi", name="Phòng Văn hóa - Xã hội mới")
        merge_organisation(None, world.unit_b, new, dt.date(2025, 7, 1))
        scope = scope_for(world.users["secretariat"])
        found = list(queries.search(scope, unit_id=new.pk))
        assert [ln.name for ln in found] == ["Phòng Văn hóa - Xã hội"]
        assert [ln.name for ln in queries.search(scope, q="nguyen van ha")] == ["Nguyễn Văn Hạ"]
        officer_scope = scope_for(world.users["unit_officer"])
        assert [ln.name for ln in queries.search(officer_scope, q="phong van hoa")] == []


def test_recipients_ordered_highest_form_first(world):
    decided(world, award="gk-xa", number=5)
    decided(world, award="bk-tinh", number=6, level="ct-tinh", lines=[{"kind": "individual", "person": world.person_b}])
    with scopes_disabled():
        got = [(r.award.code, r.kind) for r in queries.decided_recipients(world.authority)]
    assert got == [("bk-tinh", "individual"), ("gk-xa", "collective"), ("gk-xa", "individual")]
