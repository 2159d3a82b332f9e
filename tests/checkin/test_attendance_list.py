"""The list of the delegates present (#22), by category from the check-ins, for a district's conference
(2025) and a commune's (2026): the counts are the check-ins made, a substitute is listed as themselves on
behalf of the invitee, the commune's list says nothing of a district; PDF, DOCX and Excel."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from tests.events import levels
from tests.factories import make_user
from tests.paperwork.helpers import embedded_fonts
from tests.paperwork.lo import docx_pdfs, pdf_pages
from thidua import clock
from thidua.checkin import documents, services

pytestmark = pytest.mark.django_db


def _check_in(conf, d, at: dt.datetime):
    with clock.as_of(timezone.make_aware(at)):
        out = services.check_in(None, d, "Bàn 1", f"nonce-{conf.level}-{d.pk:08d}", event=conf.event)
    assert out.checkin is not None, out.message


@pytest.fixture(params=["huyen", "xa"])
def conf(request):
    conf = levels.build(request.param)
    year = conf.event.date.year
    with scopes_disabled():
        _check_in(conf, conf.guest, dt.datetime(year, 1, 20, 7, 5))
        _check_in(conf, conf.head, dt.datetime(year, 1, 20, 7, 12))  # the substitute came; the teacher did not
    return conf


def test_the_list_counts_the_check_ins_by_category_and_shows_the_substitute_as_themselves(conf, tmp_path):
    with scopes_disabled():
        groups = documents.attendance_list(conf.event)
        pdf, _ = documents.attendance_file(conf.event, "pdf")
        docx, _ = documents.attendance_file(conf.event, "docx")
        xlsx, _ = documents.attendance_file(conf.event, "xlsx")
    by_label = {g.label.split(". ", 1)[1]: g for g in groups}
    a, b = by_label[conf.cats["a"].name], by_label[conf.cats["b"].name]
    assert [g.label[:3] for g in groups][:2] == ["I. ", "II."]  # protocol order
    assert (len(a.present), a.invited) == (1, 1) and (len(b.present), b.invited) == (1, 2)
    assert sum(len(g.present) for g in groups) == 2 and sum(g.invited for g in groups) == 3
    sub = b.present[0]
    assert sub.name == "Lê Hữu Nghĩa (dự thay Nguyễn Thị Mai)"
    assert sub.title == f"Phó Hiệu trưởng {conf.school.name}" and sub.at == "07:12"
    assert a.present[0].name == "Trần Văn Thành" and a.present[0].at == "07:05"
    path = tmp_path / "ds.pdf"
    path.write_bytes(pdf)
    text = " ".join(" ".join(p.split()) for p in pdf_pages(pdf, layout=False))
    assert "DANH SÁCH ĐẠI BIỂU CÓ MẶT" in text and "Lê Hữu Nghĩa (dự thay Nguyễn Thị Mai)" in text
    assert "có mặt 1/2 đại biểu được mời" in text and "có mặt 2/3 đại biểu được mời" in text
    assert "Phạm Văn Bình" not in text and "Đỗ Thị Hoa" not in text  # absent
    assert "CỘNG HÒA" not in text and "Số:" not in text  # a working paper attached to the minutes
    if conf.level == "xa":
        assert "huyện" not in text.lower() and "xã Tân Lợi".upper() in text
    else:
        assert "HUYỆN HỚN QUẢN" in text
    size = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in size or "595.28 x 841.89" in size  # A4
    assert {name for name, _ in embedded_fonts(path)} <= {"LiberationSerif", "LiberationSerif-Bold",
                                                           "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
    assert all(emb == "yes" for _, emb in embedded_fonts(path))
    lo = pdf_pages(docx_pdfs([docx])[0], layout=False)
    assert len(lo) == len(pdf_pages(pdf))
    assert "Lê Hữu Nghĩa (dự thay Nguyễn Thị Mai)" in " ".join(" ".join(p.split()) for p in lo)
    ws = load_workbook(io.BytesIO(xlsx)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Lê Hữu Nghĩa (dự thay Nguyễn Thị Mai)" in values and "07:05" in values
    assert "Tổng cộng: có mặt 2/3 đại biểu được mời" in values


def test_the_page_and_the_command_make_it_for_their_own_authority_only(conf, client, tmp_path):
    with scopes_disabled():
        clerk = make_user(f"clerk-{conf.level}", "secretariat", conf.authority)
        other = levels.build("xa" if conf.level == "huyen" else "huyen")
        outsider = make_user("outsider", "secretariat", other.authority)
    client.force_login(clerk)
    page = client.get(f"/don-tiep/{conf.event.pk}/diem-danh/").content.decode()
    url = f"/don-tiep/{conf.event.pk}/diem-danh/danh-sach.xlsx"
    assert url in page
    r = client.get(url)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get(f"/don-tiep/{conf.event.pk}/diem-danh/danh-sach.pdf").content.startswith(b"%PDF")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    out = tmp_path / "ds.docx"
    call_command("attendance_list", str(conf.event.pk), "--out", str(out), "--authority", conf.authority.code)
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(Exception, match="Không có hội nghị mã"):
        call_command("attendance_list", str(conf.event.pk), "--out", str(out), "--authority", other.authority.code)
