"""The pages do what a user expects: downloads, uploads, council and decision forms, certificates
through the job, statistics computed from the data."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.awards import services
from thidua.awards.models import Award, CertificateBlank, Proposal
from thidua.orgs.models import Job

from .helpers import decided, proposal

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_officer_uploads_and_downloads_a_file(client, world):
    p = proposal(world)
    client.force_login(world.users["unit_officer"])
    url = reverse("awards:attachment_upload", args=[p.pk])
    client.post(url, {"kind": "bao-cao", "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.4 bao cao")})
    bad = client.post(url, {"kind": "bao-cao", "file": SimpleUploadedFile("virus.pdf", b"MZ\x90")}, follow=True)
    assert "không đúng loại" in bad.content.decode()
    with scopes_disabled():
        att = p.attachments.get()
    response = client.get(reverse("awards:attachment_download", args=[att.pk]))
    assert response.status_code == 200 and response.content == b"%PDF-1.4 bao cao"


def test_submission_letter_lists_the_nominees(client, world):
    p = proposal(world)
    with scopes_disabled():
        services.add_line(None, p, {"kind": "individual", "person": world.person_a, "achievement": "Dạy giỏi"})
    client.force_login(world.users["unit_officer"])
    text = _text(client.get(reverse("awards:proposal_letter", args=[p.pk, "pdf"])).content)
    assert "TỜ TRÌNH" in text and "Nguyễn Văn Hạ, Hiệu trưởng" in text and "TRƯỜNG TIỂU HỌC TÂN KHAI A" in text


def test_return_needs_a_reason_on_the_page(client, world):
    p = proposal(world)
    with scopes_disabled():
        services.add_line(None, p, {"kind": "individual", "person": world.person_a})
        services.transition(None, p, "submit")
    client.force_login(world.users["secretariat"])
    page = client.post(reverse("awards:proposal_transition", args=[p.pk]), {"action": "return"}, follow=True)
    assert "Cần ghi lý do" in page.content.decode()
    client.post(reverse("awards:proposal_transition", args=[p.pk]), {"action": "return", "reason": "Thiếu biên bản"})
    with scopes_disabled():
        assert Proposal.objects.get(pk=p.pk).status == "returned"
    history = client.get(reverse("awards:proposal_history_file", args=[p.pk, "pdf"]))
    assert "Thiếu biên bản" in _text(history.content)


def test_bulk_accept(client, world):
    ps = [proposal(world) for _ in range(3)]
    with scopes_disabled():
        for p in ps[:2]:
            services.add_line(None, p, {"kind": "individual", "person": world.person_a})
            services.transition(None, p, "submit")
    client.force_login(world.users["secretariat"])
    page = client.post(reverse("awards:proposal_bulk"), {"ids": [p.pk for p in ps], "action": "accept"}, follow=True)
    body = page.content.decode()
    assert "Đã “Tiếp nhận” 2 hồ sơ." in body and "Không thể “Tiếp nhận”" in body
    with scopes_disabled():
        assert sorted(Proposal.objects.values_list("status", flat=True)) == ["accepted", "accepted", "draft"]


def test_decision_files_and_certificates_job(client, world, django_capture_on_commit_callbacks):
    d = decided(world)
    client.force_login(world.users["secretariat"])
    xlsx = client.get(reverse("awards:decision_file", args=[d.pk, "xlsx"]))
    values = [c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row]
    assert "Phòng Văn hóa - Xã hội" in values and 710_000 in values
    assert client.get(reverse("awards:decision_file", args=[d.pk, "docx"])).content[:2] == b"PK"
    client.post(reverse("awards:blank_create"), {"name": "Phôi Giấy khen xã", "width_mm": "297", "height_mm": "210",
                                                 "fields_json": '{"name": {"x": 40, "y": 90, "w": 217, "size": 22}}'})
    with scopes_disabled():
        blank = CertificateBlank.objects.get()
    bad = client.post(reverse("awards:blank_edit", args=[blank.pk]), {
        "name": "x", "width_mm": "297", "height_mm": "210", "fields_json": '{"name": {"x": 400, "y": 90}}'})
    assert "nằm ngoài trang" in bad.content.decode()
    calib = client.get(reverse("awards:blank_calibration", args=[blank.pk]))
    assert "Họ tên / tên tập thể" in _text(calib.content)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:decision_certificates", args=[d.pk]), {"blank": blank.pk})
    with scopes_disabled():
        job = Job.objects.get(kind="awards.certificates")
    assert response.status_code == 302 and job.status == "done"
    pdf = client.get(reverse("web:job_download", args=[job.pk]))
    data = b"".join(pdf.streaming_content) if hasattr(pdf, "streaming_content") else pdf.content
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "Phòng Văn hóa - Xã hội" in reader.pages[0].extract_text()
    assert "Nguyễn Văn Hạ" in reader.pages[1].extract_text()


def test_statistics_computed_from_the_data(client, world):
    decided(world)
    decided(world, award="bk-tinh", number=6, level="ct-tinh", lines=[{"kind": "individual", "person": world.person_b}])
    client.force_login(world.users["secretariat"])
    q = "?from=01/01/2025&to=31/12/2025"
    page = client.get(reverse("awards:statistics") + q).content.decode()
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in page
    xlsx = client.get(reverse("awards:statistics_file", args=["0603", "xlsx"]) + q)
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()]
    header = next(r for r in rows if "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in r)
    total = next(r for r in rows if r[1] == "Tổng số")
    assert total[4] == 3  # the province's Bằng khen and the commune's own Giấy khen (two lines)
    assert total[header.index("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")] == 1
    assert total[header.index("Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã")] == 2
    assert next(r for r in rows if r[1] == "- Cá nhân")[4] == 2
    pdf = client.get(reverse("awards:statistics_file", args=["0603", "pdf"]) + q)
    assert "Biểu số: 0603.N/BNV-TĐKT" in _text(pdf.content)
    empty = client.get(reverse("awards:statistics_file", args=["0603", "xlsx"]) + "?from=01/01/2026&to=31/12/2026")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(empty.content)).active.iter_rows()]
    assert next(r for r in rows if r[1] == "Tổng số")[4] == 0


def test_council_minutes(client, world):
    p = proposal(world)
    with scopes_disabled():
        services.add_line(None, p, {"kind": "individual", "person": world.person_a})
        services.transition(None, p, "submit")
        services.transition(None, p, "accept")
        m = services.create_meeting(None, world.authority, {"year": 2024, "date": dt.date(2025, 3, 1),
                                                            "chair": "Nguyễn Văn Hạ", "secretary": "Lê Thị Hồng"},
                                    [("Nguyễn Văn Hạ", "Chủ tịch"), ("Trần Thị Ánh", "Ủy viên")])
        services.put_to_council(None, m, [p])
        services.record_vote(None, m, p.lines.get(), "secret", 2, 0, 0)
    client.force_login(world.users["secretariat"])
    text = _text(client.get(reverse("awards:meeting_minutes", args=[m.pk, "pdf"])).content)
    assert "BIÊN BẢN" in text and "Thông qua" in text and "Bỏ phiếu kín" in text and "2/2" in text


def test_catalogue_edit_through_the_page(client, world):
    from thidua.awards.models import RuleItem

    with scopes_disabled():
        item = RuleItem.objects.get(rule_set__code="nd98-2023", award__code="gk-xa")
    client.force_login(world.users["reviewer"])
    assert client.post(reverse("awards:rule_item_edit", args=[item.pk]), {"coefficient_individual": "1"}).status_code == 403
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("awards:catalogue")).content.decode()
    # each coefficient box carries its visible label, not a placeholder that the narrow box clips (#20)
    for label in ("Hệ số cá nhân", "Hệ số tập thể", "Hệ số hộ gia đình"):
        assert re.search(rf'<label[^>]*>{label}<input[^>]*name="coefficient_', page), label
    assert 'placeholder="cá nhân"' not in page
    client.post(reverse("awards:rule_item_edit", args=[item.pk]), {"coefficient_individual": "0,2"})
    item.refresh_from_db()
    assert str(item.coefficient_individual) == "0.20"
    client.post(reverse("awards:settings_save"), {"rounding_mode": "nearest", "quorum_num": 1, "quorum_den": 2,
                                                  "pass_num": 1, "pass_den": 2})
    with scopes_disabled():
        assert services.settings_for(world.authority).rounding_mode == "nearest"


def test_form_0601_counts_the_movements(world):
    from thidua.awards import stats
    from thidua.emulation import services as emulation

    with scopes_disabled():
        cycle = emulation.create_cycle(None, world.authority, 2024, "Năm thi đua 2024")
        emulation.create_movement(None, cycle, {"name": "Phong trào thi đua yêu nước năm 2024", "kind": "thuong_xuyen",
                                                "starts_on": dt.date(2024, 1, 1), "ends_on": dt.date(2024, 12, 31),
                                                "status": "du_kien"})
        emulation.create_movement(None, cycle, {"name": "Thi đua chào mừng Quốc khánh", "kind": "dot",
                                                "starts_on": dt.date(2024, 6, 1), "ends_on": dt.date(2024, 9, 2),
                                                "status": "du_kien"})
        form = stats.build("0601", world.authority, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    values = {code: v[0] for _label, code, v, _b in form.rows if code}
    assert (values["01"], values["06"], values["07"], values["11"], values["12"]) == (2, 1, 1, 1, 1)


def test_the_proposal_form_groups_the_catalogue_by_kind_and_level(client, world):
    """#20: 'a proposal's award list is one flat list of 16' — grouped, titles before forms, highest level first."""
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("awards:proposal_create")).content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)"', page)
    assert groups[0].startswith("Danh hiệu thi đua – ") and any(g.startswith("Hình thức khen thưởng – ") for g in groups)
    assert groups.index("Hình thức khen thưởng – Cấp tỉnh") < groups.index("Hình thức khen thưởng – Cấp xã")
    section = page.split('label="Hình thức khen thưởng – Cấp xã"')[1].split("</optgroup>")[0]
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã" in section
    with scopes_disabled():
        award = Award.objects.get(code="gk-xa")
    response = client.post(reverse("awards:proposal_create"), {"organisation": world.unit_a.pk, "year": 2024,
                                                               "family": 1, "award": award.pk})
    assert response.status_code == 302
