"""The DOCX is as good as the PDF: laid out by LibreOffice, it has as many pages, the same header lines
(an authority name wraps in neither), the signature on the same page, numbers whole in their cells
and a page number on the same pages (issue #18). The structural checks (language, header widths,
page number in every section, rows that do not split) run without LibreOffice too."""

from __future__ import annotations

import io
import time
from dataclasses import replace

import docx as python_docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.paperwork import fonts, render_docx, render_pdf
from thidua.paperwork.layout import (
    AIR_MM,
    QUOC_HIEU,
    TABLE_INSET_PT,
    TIEU_NGU,
    column_ratios,
    header_columns,
    text_width_mm,
)
from thidua.paperwork.model import (
    Annex,
    Article,
    Column,
    Document,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from thidua.paperwork.specimen import specimen_document

from .lo import docx_pdfs, page_number, page_of, pdf_pages, segments

SIGNER = "Trần Thị Ượng"


def _mm(text: str, size: float, bold: bool = False) -> float:
    return fonts.text_width_pt(text, size, bold) * 25.4 / 72


def long_document(n: int = 19) -> Document:
    """n paragraphs: with 19 the last one fits at the foot of page 2 but the signature does not, so a
    DOCX without keep-with-next left the signature alone on page 3 (the PDF moves the paragraph too)."""
    body = [Paragraph(f"Mục {i:02d}. Chi hỗ trợ tổ chức hội nghị tổng kết phong trào thi đua, gồm thuê hội "
                      f"trường, trang trí, nước uống và tài liệu cho đại biểu tham dự theo kế hoạch đã được phê "
                      f"duyệt.") for i in range(1, n + 1)]
    return replace(specimen_document(), body=tuple(body), annexes=(), name="Dự trù kinh phí")


MONEY = ["6.000.000", "126.500.000", "1.234.567.000", "45.000"]


def number_document() -> Document:
    """A budget table whose money columns, by their ratios alone, are narrower than their numbers."""
    rows = [[f"{i:02d}", f"Khoản chi số {i} cho hội nghị tổng kết", "1", MONEY[i % 4], MONEY[(i + 1) % 4],
             MONEY[(i + 2) % 4]] for i in range(1, 9)]
    table = Table(columns=[Column("STT", 0.5, "center"), Column("Nội dung chi", 6.0), Column("SL", 0.4, "center"),
                           Column("Đơn giá", 0.8, "right"), Column("Thành tiền", 0.8, "right"),
                           Column("Ghi chú", 0.8, "right")],
                  rows=rows, total_row=["", "Tổng cộng", "", "", "1.234.567.000", ""], name="Dự trù")
    return replace(specimen_document(), body=(Paragraph("Dự trù kinh phí như sau:"), table,
                                              Paragraph("Kinh phí từ nguồn ngân sách huyện.")),
                   annexes=(), name="Dự trù kinh phí hội nghị")


def multi_signatory_document(n: int = 15) -> Document:
    sigs = tuple(Signature("", f"Trường TH số {i}", f"Nguyễn Văn {chr(65 + i)}",
                           extra_title_lines=("Hiệu trưởng",)) for i in range(1, n + 1))
    d = specimen_document()
    return replace(d, signature=sigs, annexes=(), body=d.body[:3], kind_name="Giao ước thi đua",
                   name="Giao ước thi đua")


def grid_document() -> Document:
    """Eleven signatories, every third under a "TM." prefix, the others with an empty line so that the
    names line up, after a heading and a last paragraph near the top of a page: the grid is longer than
    what is left of the page. The PDF kept the whole grid with the last paragraph and left the page
    before nearly empty, a heading alone at its foot; now the first row of signatories only."""
    d = specimen_document()
    sigs = [Signature("TM. Ban chấp hành" if i % 3 == 0 else "", f"Trường TH số {i}", f"Nguyễn Văn {chr(65 + i)}",
                      extra_title_lines=("",) if i % 3 else ()) for i in range(1, 12)]
    body = (*d.body[:2], Heading("III. TỔ CHỨC THỰC HIỆN", 1),
            Paragraph("Khối trưởng chủ trì, phối hợp khối phó theo dõi, đôn đốc, tổ chức chấm chéo và họp bình xét "
                      "cuối năm; báo cáo kết quả về Thường trực Hội đồng Thi đua - Khen thưởng."))
    return replace(d, body=body, signature=tuple(sigs), annexes=(), kind_name="Giao ước thi đua",
                   name="Giao ước thi đua nhiều đơn vị")


def annexed_document() -> Document:
    """A landscape table inside the body, a portrait annex and a landscape annex of several pages."""
    d = specimen_document()
    wide = Table(columns=[Column("STT", 0.5, "center"), *(Column(f"Tiêu chí {i}", 1.0) for i in range(1, 15))],
                 rows=[[f"{r:02d}", *(str(r * i) for i in range(1, 15))] for r in range(1, 6)], name="Chấm điểm")
    portrait = Annex(title_lines=("Danh sách", "đơn vị đăng ký"), subtitle="(Kèm theo Quyết định số 15/QĐ-UBND)",
                     label="Phụ lục I", blocks=tuple(Paragraph(f"Đơn vị số {i:02d} đăng ký thi đua đủ các chỉ "
                                                               f"tiêu, nhiệm vụ được giao trong năm 2025 theo "
                                                               f"hướng dẫn.") for i in range(1, 31)))
    landscape = replace(d.annexes[0], label="Phụ lục II", blocks=(replace(d.annexes[0].blocks[0], rows=(
        d.annexes[0].blocks[0].rows * 4)),))
    body = (Heading("I. CHẤM ĐIỂM", 1), Article(1, "Kết quả chấm điểm như bảng dưới đây."), wide,
            Article(2, "Các đơn vị thực hiện."))
    return replace(d, body=body, annexes=(portrait, landscape), name="Quyết định có phụ lục")


# "UBND HUYỆN HỚN QUẢN" is 55.7 mm wide: it wrapped in Word's 55.6 mm (59.4 mm less the default
# padding). "CÔNG AN HUYỆN HỚN QUẢN" (65.5 mm) and "ỦY BAN NHÂN DÂN PHƯỜNG" need the left column widened
# beyond 36 %, the first just fits beside the quốc hiệu; "PHÒNG TÀI CHÍNH - KẾ HOẠCH" (71.7 mm) cannot
# fit and wraps in both formats, after the same word.
HEADERS = [Header("UBND huyện Hớn Quản", "Phòng Nội vụ", "08/TTr-NV", "Hớn Quản, ngày 02 tháng 4 năm 2025"),
           Header("", "Công an huyện Hớn Quản", "15/QĐ-CAH", "Hớn Quản, ngày 07 tháng 4 năm 2025"),
           Header("UBND thành phố Đồng Xoài", "Ủy ban nhân dân phường\nTân Phú", "11/KH-UBND",
                  "Tân Phú, ngày 15 tháng 5 năm 2025"),
           Header("UBND huyện Hớn Quản", "Phòng Tài chính - Kế hoạch", "21/TTr-TCKH",
                  "Hớn Quản, ngày 15 tháng 5 năm 2025")]
WRAPS = {"PHÒNG TÀI CHÍNH - KẾ HOẠCH": "PHÒNG TÀI CHÍNH - KẾ"}  # what the first line holds


def header_document(h: Header) -> Document:
    return replace(specimen_document(), header=h, annexes=(), body=specimen_document().body[:2])


CASES = {
    "specimen": specimen_document,
    "long": long_document,
    "numbers": number_document,
    "multi": multi_signatory_document,
    "grid": grid_document,
    "annexes": annexed_document,
    **{f"header{i}": (lambda h=h: header_document(h)) for i, h in enumerate(HEADERS)},
}


@pytest.fixture(scope="module")
def laid_out() -> dict[str, tuple[Document, list[str], list[str], float]]:
    """Each case: (document, PDF page texts, DOCX-through-LibreOffice page texts, seconds a DOCX)."""
    docs = {k: make() for k, make in CASES.items()}
    started = time.monotonic()
    converted = docx_pdfs([render_docx(d) for d in docs.values()])
    per_file = (time.monotonic() - started) / len(docs)
    return {k: (d, pdf_pages(render_pdf(d)), pdf_pages(lo), per_file)
            for (k, d), lo in zip(docs.items(), converted, strict=True)}


@pytest.mark.parametrize("case", list(CASES))
def test_docx_has_as_many_pages_as_the_pdf(laid_out, case):
    _doc, pdf, lo, _t = laid_out[case]
    assert len(lo) == len(pdf), f"{case}: PDF {len(pdf)} trang, DOCX {len(lo)} trang"


def _whole(page: str, line: str) -> str:
    """The longest start of `line` (whole words) that one printed line of `page` holds."""
    printed = [" ".join(x.split()) for x in page.splitlines()]
    words = line.split()
    for n in range(len(words), 0, -1):
        if any(" ".join(words[:n]) in x for x in printed):
            return " ".join(words[:n])
    return ""


@pytest.mark.parametrize("case", list(CASES))
def test_header_lines_wrap_in_the_docx_only_where_the_pdf_does(laid_out, case):
    doc, pdf, lo, _t = laid_out[case]
    h = doc.header
    lines = [x.strip().upper() for x in (*h.parent_authority.split("\n"), *h.authority.split("\n")) if x.strip()]
    lines += [QUOC_HIEU, TIEU_NGU, "Số: " + h.number_code]
    for line in lines:
        assert _whole(pdf[0], line) == WRAPS.get(line, line), f"{case}: PDF"
        assert _whole(lo[0], line) == _whole(pdf[0], line), f"{case}: the DOCX wraps {line!r} otherwise"


@pytest.mark.parametrize("case", list(CASES))
def test_every_signature_is_on_the_pdfs_page_and_in_one_piece(laid_out, case):
    doc, pdf, lo, _t = laid_out[case]
    for s in doc.signatures:
        on_pdf, on_lo = page_of(pdf, s.name), page_of(lo, s.name)
        assert on_pdf and on_lo == on_pdf, f"{case}: {s.name} on PDF page {on_pdf}, DOCX page {on_lo}"
        title = s.title.upper()
        assert page_of(lo, title)[-1:] == on_lo, f"{case}: {title!r} and {s.name!r} on different pages"


def test_the_last_paragraph_goes_with_the_signature(laid_out):
    doc, pdf, lo, _t = laid_out["long"]
    last, before = doc.body[-1].text[:8], doc.body[-2].text[:8]
    for pages in (pdf, lo):
        sig = page_of(pages, SIGNER)[-1]
        assert last in pages[sig - 1]  # not a signature alone on its page …
        assert before in pages[sig - 2]  # … though the last paragraph would have fitted on the page before


def test_a_long_signatory_grid_starts_beside_the_text(laid_out):
    doc, pdf, lo, _t = laid_out["grid"]
    first, last = doc.signatures[0].name, doc.signatures[-1].name
    for pages in (pdf, lo):
        article = [i for i, p in enumerate(pages, start=1) if "Tặng Giấy khen" in p]
        assert page_of(pages, "III. TỔ CHỨC THỰC HIỆN") == page_of(pages, first) == article == [1]
        assert page_of(pages, last) == [2]


@pytest.mark.parametrize("case", ["grid", "multi"])
def test_signatory_names_line_up_as_in_the_pdf(laid_out, case):
    """An empty extra title line is printed as one, and the grid's cells are as wide as the PDF's, so
    a row's names share a line in both (a title wrapped only in the DOCX pushed its name down)."""
    doc, pdf, lo, _t = laid_out[case]
    names = {s.name for s in doc.signatures}

    def name_lines(pages):
        return [[x for x in segments(line) if x in names] for p in pages for line in p.splitlines()
                if any(x in names for x in segments(line))]

    assert name_lines(lo) == name_lines(pdf)
    assert max(len(x) for x in name_lines(pdf)) == 3


def test_numbers_are_whole_in_their_cells(laid_out):
    _doc, pdf, lo, _t = laid_out["numbers"]
    for pages in (pdf, lo):
        found = {s for p in pages for s in segments(p)}
        for m in MONEY:
            assert any(m == piece or piece.endswith(" " + m) or piece.startswith(m + " ") for piece in found), m
        assert not any(piece.startswith(".") or piece.endswith(".0") for piece in found if piece[:1] in ".0123456789")


@pytest.mark.parametrize("case", ["specimen", "annexes", "multi", "long", "grid"])
def test_page_numbers_match_the_pdf(laid_out, case):
    """Arabic numerals centred at the top, none on a first page; annexes from 1 again; a landscape table
    inside the body keeps the count (each section has its own header, so none goes missing)."""
    _doc, pdf, lo, _t = laid_out[case]
    numbers = [page_number(p) for p in pdf]
    assert numbers[0] == "" and (len(numbers) == 1 or numbers[1] == "2")
    assert [page_number(p) for p in lo] == numbers


def test_a_conversion_takes_seconds(laid_out):
    assert next(iter(laid_out.values()))[3] < 10


# ---------------------------------------------------------------- without LibreOffice


def _docx(doc: Document):
    return python_docx.Document(io.BytesIO(render_docx(doc)))


def test_the_language_is_vietnamese_everywhere():
    d = _docx(specimen_document())
    styles = d.styles.element
    langs = [el.get(qn("w:val")) for el in styles.iter(qn("w:lang"))]
    assert langs and set(langs) == {"vi-VN"}
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert default.get(qn("w:val")) == "vi-VN"
    assert styles.find(qn("w:style")) is not None
    for sid in ("Normal", "TableGrid"):
        style = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == sid)
        assert style.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert "en-US" not in d.element.xml


def test_the_header_columns_are_the_pdfs_and_unpadded():
    doc = header_document(HEADERS[1])
    left, right = header_columns(doc.header, text_width_mm(False))
    assert left > 0.36 * text_width_mm(False)  # widened for the long name
    t = _docx(doc).tables[0]
    grid = [int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert [round(g * 25.4 / 1440, 1) for g in grid] == [round(left, 1), round(right, 1)]
    mar = t._tbl.tblPr.find(qn("w:tblCellMar"))
    assert {int(e.get(qn("w:w"))) for e in mar} == {0}


def test_every_section_numbers_its_pages():
    d = _docx(annexed_document())
    assert len(d.sections) == 5  # body, landscape table, body again, two annexes
    for i, s in enumerate(d.sections):
        assert not s.header.is_linked_to_previous and "PAGE" in s.header._element.xml
        # no number on a document's or an annex's first page; a landscape table's section numbers all
        assert s.different_first_page_header_footer == (i in (0, 3, 4))
    restarts = [s._sectPr.find(qn("w:pgNumType")) for s in d.sections]
    assert [r is not None and r.get(qn("w:start")) == "1" for r in restarts] == [True, False, False, True, True]


def test_signature_rows_never_split():
    d = _docx(multi_signatory_document())
    sig_table = d.tables[-1]
    assert len(sig_table.rows) == 5
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in sig_table.rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ABCDEGHIKLMNOPQRSTUVXYĐỦƯỢÂẬỆỘ ", min_size=1, max_size=45), min_size=1,
                max_size=3), st.booleans(), st.booleans())
def test_header_columns_fit_what_they_can(lines, motto, landscape):
    """The left column holds its longest line whenever the quốc hiệu and tiêu ngữ leave room; those two
    always fit; the columns fill the text width and the left one is never under 36 %."""
    width = text_width_mm(landscape)
    h = Header("", "\n".join(lines), "01/QĐ-UBND", "Hà Nội, ngày 01 tháng 01 năm 2025", show_motto=motto)
    left, right = header_columns(h, width)
    assert abs(left + right - width) < 0.02 and left >= 0.36 * width - 0.01
    need = max([_mm(x.strip().upper(), 13, True) for x in lines if x.strip()] + [_mm("Số: 01/QĐ-UBND", 13)])
    right_need = max(_mm(QUOC_HIEU, 13, True), _mm(TIEU_NGU, 14, True)) if motto else 0
    if need + AIR_MM + right_need + AIR_MM <= width:
        assert left >= need + AIR_MM - 0.01
    if motto and 0.36 * width + right_need + AIR_MM <= width:
        assert right >= right_need + AIR_MM - 0.01


def test_number_columns_fit_the_widest_number():
    table = number_document().body[1]
    width = text_width_mm(False)
    ratios = column_ratios(table, width)
    total = sum(ratios)
    pad = 2 * TABLE_INSET_PT * 25.4 / 72
    for j in (3, 4, 5):
        widest = max(_mm(r[j], table.font_size) for r in table.rows)
        assert ratios[j] / total * width >= widest + pad
    widest_total = _mm("1.234.567.000", table.font_size, True)
    assert ratios[4] / total * width >= widest_total + pad
