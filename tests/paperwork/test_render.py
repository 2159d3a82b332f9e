"""Render the specimen to PDF and DOCX; check text, fonts, geometry, page numbers, QR and the golden image."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua.paperwork import (
    Document,
    FreePage,
    QrItem,
    Text,
    render_docx,
    render_docx_zip,
    render_pdf,
    render_pdf_many,
)
from thidua.paperwork.specimen import HARD_DIACRITICS, MARKUP_LIKE, QR_DATA, specimen_document

from .helpers import MM, decode_qr, embedded_fonts, flat, page_texts, pdf_text, read_pgm, run, squash, words

GOLDEN = Path(__file__).parent / "golden" / "specimen-p1.pgm.gz"


@pytest.fixture(scope="module")
def spec() -> Document:
    return specimen_document()


@pytest.fixture(scope="module")
def spec_pdf(spec, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "specimen.pdf"
    path.write_bytes(render_pdf(spec))
    return path


@pytest.fixture(scope="module")
def spec_docx(spec, tmp_path_factory) -> python_docx.document.Document:
    data = render_docx(spec)
    (tmp_path_factory.mktemp("docx") / "specimen.docx").write_bytes(data)
    return python_docx.Document(io.BytesIO(data))


def expected_texts(doc: Document) -> list[str]:
    """Every element's text as it must appear (case applied as the Decree asks)."""
    h = doc.header
    out = [h.parent_authority.upper(), *h.authority.upper().split("\n"), "Số: " + h.number_code, h.place_date,
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", doc.kind_name.upper(),
           *doc.summary.split("\n"), doc.issuer.upper(), doc.closing.upper()]
    out += [b.rstrip(";.") for b in doc.legal_bases]
    for b in doc.body:
        kind = type(b).__name__
        if kind in ("Paragraph", "Heading"):
            out.append(b.text)
        elif kind == "Article":
            out += [f"Điều {b.number}.", b.text]
        elif kind == "Bullets":
            out += list(b.items)
        elif kind == "Table":
            out += [c.title for c in b.columns]
            out += [r.text for r in b.rows if type(r).__name__ == "GroupRow"]
        elif kind == "Qr":
            out.append(b.caption)
    s = doc.signatures[0]
    out += [s.prefix.upper(), s.title.upper(), s.name, "Nơi nhận:"]
    out += [d.rstrip(";.") for d in doc.distribution]
    for a in doc.annexes:
        out += [a.label, *(t.upper() for t in a.title_lines), a.subtitle]
    return [t for t in out if t]


# ---------------------------------------------------------------- PDF


def test_pdf_has_every_element_with_diacritics(spec, spec_pdf):
    text = flat(pdf_text(spec_pdf))
    squashed = squash(text)  # a line may break after "/" where the source has no space
    missing = [t for t in expected_texts(spec) if squash(t) not in squashed]
    assert not missing
    assert HARD_DIACRITICS in text
    assert MARKUP_LIKE in text  # printed literally, not interpreted as markup


def test_pdf_embeds_one_font_family_only(spec_pdf):
    fonts = embedded_fonts(spec_pdf)
    assert fonts
    assert {name for name, _ in fonts} <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                                           "LiberationSerif-BoldItalic"}
    assert all(emb == "yes" for _, emb in fonts)


def test_pdf_page_size_and_margins(spec_pdf):
    pages = int(next(line.split()[-1] for line in run("pdfinfo", str(spec_pdf)).splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 5
    for page in range(1, pages + 1):
        (w, h), ws = words(spec_pdf, page)
        landscape = w > h
        assert sorted((round(w), round(h))) == [595, 842]
        body = [x for x in ws if not x[4].isdigit() or x[1] > 20 * MM]  # the page number sits in the margin
        left = 30 * MM - 1
        right = w - 15 * MM + 1
        assert min(x[0] for x in body) >= left, (page, min(body))
        assert max(x[2] for x in body) <= right, (page, max(body, key=lambda x: x[2]))
        assert min(x[1] for x in body) >= 20 * MM - 1
        assert max(x[3] for x in body) <= h - 20 * MM + 1
        if landscape:
            assert page > 4  # only the annex is landscape


def test_page_numbers_from_page_two_and_annex_restarts(spec_pdf):
    texts = page_texts(spec_pdf)
    tops = []
    for page in range(1, len(texts) + 1):
        _, ws = words(spec_pdf, page)
        tops.append([x[4] for x in ws if x[1] < 20 * MM])  # words in the top margin
    assert tops[0] == []  # page 1 not numbered
    annex_first = next(i for i, t in enumerate(texts) if "Phụ lục" in t)
    for i, top in enumerate(tops[1:annex_first], start=2):
        assert top == [str(i)]
    assert tops[annex_first] == []  # the annex starts again at 1, not shown
    for i, top in enumerate(tops[annex_first + 1:], start=2):
        assert top == [str(i)]


def test_table_header_repeats_on_every_page(spec_pdf):
    texts = page_texts(spec_pdf)
    running = [t for t in texts if "Hoàn thành xuất sắc" in t]
    assert len(running) >= 2
    assert all("Tên tập thể, cá nhân" in t for t in running)


def test_qr_in_pdf_decodes(spec_pdf, tmp_path):
    texts = page_texts(spec_pdf)
    page = next(i for i, t in enumerate(texts, start=1) if "Mã tra cứu văn bản" in t)
    assert decode_qr(spec_pdf, page, tmp_path) == [QR_DATA]


def test_golden_page_one(spec_pdf):
    """Page 1 at 50 dpi against the stored image. Regenerate: THIDUA_UPDATE_GOLDEN=1 pytest tests/paperwork."""
    pgm = subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", "1", "-l", "1", "-singlefile", str(spec_pdf)],
                         check=True, capture_output=True).stdout
    if os.environ.get("THIDUA_UPDATE_GOLDEN") == "1" or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(gzip.compress(pgm, mtime=0))
        if os.environ.get("THIDUA_UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden image created at {GOLDEN}; check it in")
    w, h, got = read_pgm(pgm)
    gw, gh, want = read_pgm(gzip.decompress(GOLDEN.read_bytes()))
    assert (w, h) == (gw, gh)
    mean_abs = sum(abs(a - b) for a, b in zip(got, want, strict=True)) / len(got)
    changed = sum(1 for a, b in zip(got, want, strict=True) if abs(a - b) > 64) / len(got)
    assert mean_abs < 1.0 and changed < 0.002, f"layout changed: mean diff {mean_abs:.2f}, {changed:.2%} pixels"


def test_paragraphs_are_6pt_apart_on_single_lines(spec, tmp_path):
    """Phụ lục I: paragraph spacing at least 6 pt, line spacing single to 1.5 lines (the DOCX sets
    6 pt after each paragraph; the PDF must not print tighter)."""
    import dataclasses

    from thidua.paperwork.model import Paragraph

    long = "Phòng Nội vụ tổng hợp báo cáo kết quả phong trào thi đua của các cơ quan, đơn vị, địa phương " * 3
    doc = dataclasses.replace(spec, body=(Paragraph("MỐC " + long), Paragraph("MỐC " + long)), annexes=())
    path = tmp_path / "spacing.pdf"
    path.write_bytes(render_pdf(doc))
    _, ws = words(path, 1)
    first = [w for w in ws if w[4] == "MỐC"]
    assert len(first) == 2
    top, second = sorted(first, key=lambda w: w[1])
    lines = sorted({round(w[3], 1) for w in ws if top[1] - 1 <= w[1] < second[1] - 1})
    pitch = min(b - a for a, b in zip(lines, lines[1:], strict=False))
    assert 14 * 1.1 <= pitch <= 14 * 1.5 * 1.2  # single … 1.5 lines at 14 pt
    gap = round(second[3], 1) - lines[-1]  # last line of the first paragraph → first of the second
    assert gap - pitch >= 6 - 0.3, (gap, pitch)


def test_bulk_pdf_one_compile_pages_and_progress(tmp_path):
    from benchmarks.paperwork_bench import letter

    calls = []
    docs = [letter(i) for i in range(12)]
    path = tmp_path / "many.pdf"
    path.write_bytes(render_pdf_many(docs, progress=lambda d, t: calls.append((d, t))))
    texts = page_texts(path)
    assert len(texts) == 12  # one page each
    for i, t in enumerate(texts):
        assert docs[i].recipients[0] in flat(t)
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert decode_qr(path, 5, tmp_path) == [docs[4].body[-1].data]


def test_free_page_places_text_absolutely(tmp_path):
    page = FreePage(297, 210, items=(
        Text(0, 80, "GIẤY KHEN", 30, bold=True, align="center", width_mm=297),
        Text(40, 120, "Tặng bà Đặng Thị Ượng, Trưởng phòng *Nội vụ* #x", 18, italic=True),
        QrItem(250, 160, "https://x.vn/bk/0001", 30),
    ))
    path = tmp_path / "free.pdf"
    path.write_bytes(render_pdf(page))
    (w, h), ws = words(path, 1)
    assert (round(w / MM), round(h / MM)) == (297, 210)
    first = next(x for x in ws if x[4] == "Tặng")
    assert abs(first[0] - 40 * MM) < 1.5
    assert 120 * MM - 1 < first[1] < 120 * MM + 8
    title = [x for x in ws if x[4] in ("GIẤY", "KHEN")]
    centre = (title[0][0] + title[-1][2]) / 2
    assert abs(centre - w / 2) < 2
    assert "*Nội vụ* #x" in flat(pdf_text(path))
    assert decode_qr(path, 1, tmp_path) == ["https://x.vn/bk/0001"]


# ---------------------------------------------------------------- DOCX


def docx_text(d) -> str:
    parts = [p.text for p in d.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for t in d.tables:
        cells(t)
    return flat("\n".join(parts))


def test_docx_has_every_element(spec, spec_docx):
    text = docx_text(spec_docx)
    missing = [t for t in expected_texts(spec) if flat(t) not in text]
    assert not missing
    assert HARD_DIACRITICS in text and MARKUP_LIKE in text
    assert "Nguyễn Văn Hạ, chuyên viên" in text  # table cells


def test_docx_page_geometry_and_font(spec_docx):
    sections = spec_docx.sections
    assert len(sections) >= 2
    for s in sections:
        portrait = s.page_width < s.page_height
        w, h = (s.page_width, s.page_height) if portrait else (s.page_height, s.page_width)
        assert abs(w - Mm(210)) < Mm(0.5) and abs(h - Mm(297)) < Mm(0.5)
        assert Mm(20) <= s.top_margin <= Mm(25) and Mm(20) <= s.bottom_margin <= Mm(25)
        assert Mm(30) <= s.left_margin <= Mm(35) and Mm(15) <= s.right_margin <= Mm(20)
        assert s.different_first_page_header_footer
    assert sections[-1].page_width > sections[-1].page_height  # the annex is landscape
    assert sections[-1]._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    normal = spec_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    assert all(rfonts.get(qn(k)) == "Times New Roman" for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"))
    assert "PAGE" in sections[0].header._element.xml
    assert not any(p.text for p in sections[0].first_page_header.paragraphs)


def test_docx_has_no_text_boxes_and_real_tables(spec_docx):
    xml = spec_docx.element.xml
    assert "txbx" not in xml and "v:shape" not in xml and "wps:" not in xml
    grid = [t for t in spec_docx.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grid) == 2
    first_row = grid[0].rows[0]._tr
    assert first_row.trPr.find(qn("w:tblHeader")) is not None  # header row repeats in Word


def test_docx_annex_cells_are_padded_as_in_the_pdf(spec_docx):
    """Word's default padding (0.19 cm a side) wrapped "STT" in the annex's narrow first column; the
    DOCX pads as the PDF does, and the two files say the same."""
    from thidua.paperwork.layout import TABLE_INSET_PT

    grid = [t for t in spec_docx.tables if t.style is not None and t.style.name == "Table Grid"]
    for table in grid:
        tbl_pr = table._tbl.tblPr
        mar = tbl_pr.find(qn("w:tblCellMar"))
        sides = {e.tag.split("}")[1]: int(e.get(qn("w:w"))) for e in mar}
        assert {k: sides[k] for k in ("left", "right")} == {"left": 60, "right": 60}
        names = [c.tag.split("}")[1] for c in tbl_pr]
        assert "tblLook" not in names or names.index("tblCellMar") < names.index("tblLook")
    typst = (Path(__file__).parents[2] / "thidua/paperwork/typst/document.typ").read_text()
    assert f"inset: (x: {TABLE_INSET_PT:g}pt" in typst


def test_docx_zip_names_are_safe_and_unique(spec):
    import zipfile

    calls = []
    data = render_docx_zip([spec, spec, spec], ["Quyết định: 15/QĐ-UBND", "Quyết định: 15/QĐ-UBND", "a/b?*"],
                           progress=lambda d, t: calls.append(d))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == ["Quyết định- 15-QĐ-UBND.docx", "Quyết định- 15-QĐ-UBND (2).docx", "a-b-.docx"] or \
        len(set(names)) == 3
    assert all(not any(c in n for c in '<>:"/\\|?*') for n in names)
    assert calls[0] == 0 and calls[-1] == 3
