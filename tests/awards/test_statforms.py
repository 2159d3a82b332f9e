"""Statistics forms 0601–0605 (Thông tư 02/2023/TT-BNV): laid out as the circular's forms (corners, the
A/B/1/2 row, rows 01…n, three signers), counting the authority's own awards and its clusters."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.awards.helpers import decided, make_signer
from tests.factories import make_authority
from thidua.awards import statforms, stats
from thidua.emulation import services as emulation
from thidua.orgs.models import Person
from thidua.paperwork import render_form_docx, render_pdf

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def commune(world):
    with scopes_disabled():
        world.authority.province_name = "Đồng Nai"
        world.authority.save()
        worker = Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Lê",
                                       middle_name="Văn", given_name="Tám", gender="M", position="Giáo viên")
    day = dt.date(2026, 3, 10)
    decided(world, award="ldtt", number=1, day=day, lines=[{"kind": "individual", "person": world.person_a},
                                                           {"kind": "individual", "person": worker}])
    decided(world, award="cstd-co-so", number=2, day=day, lines=[{"kind": "individual", "person": world.person_a}])
    decided(world, award="gk-xa", number=3, day=day)  # person_a and the collective unit_b
    decided(world, award="ttldtt", number=4, day=day, lines=[{"kind": "collective", "organisation": world.unit_a}])
    decided(world, award="bk-tinh", number=5, day=day, level="ct-tinh",
            lines=[{"kind": "individual", "person": world.person_b}])
    with scopes_disabled():
        cycle = emulation.create_cycle(None, world.authority, 2026, "Năm thi đua 2026")
        emulation.create_group(None, cycle, "cum", "Cụm thi đua số 1")
        emulation.create_group(None, cycle, "khoi", "Khối các trường học")
        emulation.create_movement(None, cycle, {"name": "Thi đua chào mừng Đại hội", "kind": "chuyen_de",
                                                "starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2026, 6, 30),
                                                "status": "du_kien"})
    return world


def _codes(form):
    return [code for _label, code, _v, _b in form.rows if code]


def _row(form, code):
    return next(v for _label, c, v, _b in form.rows if c == code)


def _col(form, name):
    return form.columns.index(name)


@pytest.mark.django_db
def test_every_form_numbers_its_rows_without_a_gap(commune):
    with scopes_disabled():
        for code in stats.FORMS:
            form = stats.build(code, commune.authority, *YEAR)
            codes = _codes(form)
            assert codes == [f"{i:02d}" for i in range(1, len(codes) + 1)], code
            assert all(len(v) == len(form.columns) for _l, c, v, _b in form.rows if c), code
        f0601 = stats.build("0601", commune.authority, *YEAR)
    assert len(_codes(f0601)) == 12
    labels = [label for label, *_ in f0601.rows]
    assert "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức" in labels
    assert _row(f0601, "04")[0] == 2  # one cụm, one khối
    assert _row(f0601, "05")[0] == 1  # the commune's own movement, in column 4
    assert _row(f0601, "01") == (3, 0, 0, 3)
    assert _row(f0601, "11")[0] == 1 and _row(f0601, "12")[0] == 2


@pytest.mark.django_db
def test_0603_counts_the_authoritys_own_awards(commune):
    with scopes_disabled():
        form = stats.build("0603", commune.authority, *YEAR)
    total = _row(form, "01")
    assert total[0] == 7  # 2 LĐTT + 1 CSTĐCS + 2 Giấy khen + 1 TTLĐTT + 1 Bằng khen tỉnh
    assert total[_col(form, "Lao động tiên tiến")] == 2
    assert total[_col(form, "Chiến sĩ thi đua cơ sở")] == 1
    assert total[_col(form, "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã")] == 2
    assert total[_col(form, "Tập thể lao động tiên tiến")] == 1
    assert total[_col(form, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")] == 1
    assert form.columns.index("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh") < form.columns.index("Lao động tiên tiến")
    assert "Giấy khen của Thủ trưởng cơ quan, đơn vị" not in form.columns  # not the commune's to give
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân huyện" not in form.columns  # no districts in 2026
    rows = {label: v for label, c, v, _b in form.rows if c}
    assert rows["- Tập thể"][0] == 2 and rows["- Cá nhân"][0] == 5
    assert rows["+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, "
                "nông dân …)"][0] == 1  # the teacher
    assert rows["- Thường xuyên"][0] == 4  # the titles are yearly
    assert any("3 lượt khen thưởng không qua hồ sơ đề nghị" in n for n in form.notes)  # Giấy khen, Bằng khen
    with scopes_disabled():
        national = stats.build("0602", commune.authority, *YEAR)
    assert _row(national, "01")[0] == 0 and "Lao động tiên tiến" not in national.columns


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(commune):
    def count():
        with scopes_disabled(), CaptureQueriesContext(connection) as ctx:
            for code in stats.FORMS:
                stats.build(code, commune.authority, *YEAR)
                statforms.chair_name(commune.authority, YEAR[1])
        return len(ctx.captured_queries)

    before = count()
    for n in range(6, 12):
        decided(commune, award="ldtt", number=n, day=dt.date(2026, 5, 1),
                lines=[{"kind": "individual", "person": commune.person_a}])
    assert count() == before


@pytest.mark.parametrize(("level", "province", "expected"), [
    ("huyen", "Bình Phước", "Đơn vị nhận báo cáo: Sở Nội vụ tỉnh Bình Phước"),
    ("xa", "Đồng Nai", "Đơn vị nhận báo cáo: Sở Nội vụ tỉnh Đồng Nai"),
    ("so", "Đồng Nai", "Đơn vị nhận báo cáo: Sở Nội vụ tỉnh Đồng Nai"),
    ("tinh", "Đồng Nai", "Đơn vị nhận báo cáo: Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"),
])
@pytest.mark.django_db
def test_reporting_and_receiving_units_by_level(world, level, province, expected):
    with scopes_disabled():
        a = make_authority(f"a-{level}", "huyện Hớn Quản" if level == "huyen" else "xã Tân Lợi")
        a.level, a.province_name = level, province
        a.save()
        form = statforms.statistics_form(stats.build("0601", a, dt.date(2025, 1, 1), dt.date(2025, 6, 30)), a,
                                         dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert form.right == (f"Đơn vị báo cáo: {a.short_name}", expected)
    assert form.period == "Từ ngày 01/01/2025 đến ngày 30/6/2025"


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.django_db
def test_forms_render_as_the_circulars_layout(commune):
    make_signer(commune.authority)
    with scopes_disabled():
        docs = {code: statforms.statistics_form(stats.build(code, commune.authority, *YEAR), commune.authority, *YEAR)
                for code in stats.FORMS}
    form = docs["0603"]
    table = form.blocks[0]
    assert table.rows[0][:4] == ("A", "B", "C", "1") and table.rows[0][4] == "2"
    assert [r[1] for r in table.rows[1:] if r[1]][:3] == ["01", "02", "03"]
    assert form.orientation == "landscape" and docs["0605"].orientation == "portrait"
    for code, doc in docs.items():
        pdf = " ".join(_pdf_text(render_pdf(doc)).split())
        word = _docx_text(render_form_docx(doc))
        for text in (pdf, word):
            assert f"Biểu số: {code}.N/BNV-TĐKT" in text
            assert "Đơn vị báo cáo: UBND xã Tân Khai" in text
            assert "Đơn vị nhận báo cáo: Sở Nội vụ tỉnh Đồng Nai" in text
            assert "NGƯỜI LẬP BIỂU" in text and "NGƯỜI KIỂM TRA BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
            assert "Nguyễn Văn Hạ" in text
            assert "Năm 2026" in text
            assert "Số:" not in text and "Nơi nhận" not in text
    assert "Lao động tiên tiến" in _docx_text(render_form_docx(docs["0603"]))


@pytest.mark.django_db
def test_statistics_files_from_the_page(client, commune):
    client.force_login(commune.users["secretariat"])
    q = "?from=01/01/2026&to=31/12/2026"
    page = client.get(reverse("awards:statistics") + q).content.decode()
    assert "Lao động tiên tiến" in page and "Ghi chú:" in page
    pdf = client.get(reverse("awards:statistics_file", args=["0601", "pdf"]) + q)
    assert "Biểu số: 0601.N/BNV-TĐKT" in _pdf_text(pdf.content)
    word = client.get(reverse("awards:statistics_file", args=["0603", "docx"]) + q)
    assert word.status_code == 200 and "Chiến sĩ thi đua cơ sở" in _docx_text(word.content)
    assert client.get(reverse("awards:statistics_file", args=["0603", "odt"]) + q).status_code == 404


@given(st.lists(st.tuples(st.text(min_size=1, max_size=5), st.booleans()), max_size=30))
def test_numbered_codes_run_without_a_gap(items):
    rows, units = stats.numbered([(label, None if heading else (1,), False, "") for label, heading in items])
    codes = [c for _l, c, _v, _b in rows if c]
    assert codes == [f"{i:02d}" for i in range(1, len(codes) + 1)]
    assert len(units) == len(rows) == len(items)


@pytest.mark.parametrize(("position", "enterprise", "kind"), [
    ("Chủ tịch UBND tỉnh", False, "top"), ("Giám đốc Sở Nội vụ", False, "dept"),
    ("Giám đốc", True, "business"), ("Phó Trưởng phòng Văn hóa - Xã hội", False, "leader"),
    ("Hiệu trưởng", False, "leader"), ("Giáo viên", False, "worker"), ("", False, "worker"),
])
def test_person_class(position, enterprise, kind):
    assert stats.person_class(position, enterprise) == kind
