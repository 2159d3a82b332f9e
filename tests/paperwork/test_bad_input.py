"""Bad input: the document still renders correctly, or the caller gets a PaperworkError naming the part."""

from __future__ import annotations

import dataclasses
import io

import docx as python_docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.paperwork import (
    Column,
    FreePage,
    PaperworkError,
    Paragraph,
    Signature,
    Table,
    Text,
    render_docx,
    render_pdf,
    validate,
)
from thidua.paperwork.specimen import specimen_document

from .helpers import flat, pdf_text, squash


@pytest.fixture
def doc():
    return specimen_document()


def error_for(doc) -> PaperworkError:
    with pytest.raises(PaperworkError) as info:
        validate(doc)
    with pytest.raises(PaperworkError):
        render_pdf(doc)
    with pytest.raises(PaperworkError):
        render_docx(doc)
    assert isinstance(info.value, ValueError)
    return info.value


def test_empty_authority_is_named(doc):
    e = error_for(dataclasses.replace(doc, header=dataclasses.replace(doc.header, authority="  ")))
    assert "Thiếu tên cơ quan ban hành" in str(e) and "header.authority" in str(e)
    assert e.part == "header.authority"


@pytest.mark.parametrize(("change", "part"), [
    ({"summary": ""}, "summary"),
    ({"signature": None}, "signature"),
    ({"signature": Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "")}, "signature.name"),
    ({"signature": Signature("XYZ. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "A")}, "signature.prefix"),
    ({"distribution": ()}, "distribution"),
    ({"body": (), "annexes": ()}, "body"),
])
def test_empty_required_parts_are_named(doc, change, part):
    assert part in str(error_for(dataclasses.replace(doc, **change)))


@pytest.mark.parametrize("char", ["\U0001F600", "中"])
def test_character_outside_the_font_is_named_with_its_code_point(doc, char):
    body = (*doc.body[:3], Paragraph(f"Xin chào {char} các bạn"), *doc.body[3:])
    e = error_for(dataclasses.replace(doc, body=body))
    assert f"U+{ord(char):04X}" in str(e) and "body[3].text" in str(e)


def test_leading_zeros_are_enforced(doc):
    e = error_for(dataclasses.replace(doc, header=dataclasses.replace(doc.header, number_code="5/QĐ-UBND")))
    assert "header.number_code" in str(e)
    e = error_for(dataclasses.replace(doc, header=dataclasses.replace(
        doc.header, place_date="Hớn Quản, ngày 7 tháng 4 năm 2025")))
    assert "header.place_date" in str(e)
    e = error_for(dataclasses.replace(doc, header=dataclasses.replace(
        doc.header, place_date="Hớn Quản, ngày 07 tháng 2 năm 2025")))
    assert "tháng 02" in str(e)


def test_row_with_wrong_cell_count_is_named(doc):
    t = Table([Column("A"), Column("B")], [["1", "2"], ["only one"]], name="Bảng thử")
    e = error_for(dataclasses.replace(doc, body=(*doc.body, t)))
    assert "Dòng 2" in str(e) and "Bảng thử" in str(e)


def test_table_of_40_columns_is_a_clear_error(doc):
    t = Table([Column(f"C{i}") for i in range(40)], [[str(i) for i in range(40)]], name="Bảng rộng")
    e = error_for(dataclasses.replace(doc, body=(*doc.body, t)))
    assert "40 cột" in str(e) and "Bảng rộng" in str(e)


def test_table_of_30_columns_moves_to_landscape(doc, tmp_path):
    t = Table([Column(f"Cột {i}") for i in range(30)], [[f"ô{i}" for i in range(30)]], name="Bảng 30 cột")
    d = dataclasses.replace(doc, body=(*doc.body[:2], t, *doc.body[2:]), annexes=())
    path = tmp_path / "wide.pdf"
    path.write_bytes(render_pdf(d))
    from .helpers import words
    sizes = []
    for page in range(1, len(pdf_text(path).split("\f"))):
        (w, h), ws = words(path, page)
        sizes.append((w > h, any(x[4] == "ô29" for x in ws)))
    assert (True, True) in sizes  # the wide table is on a landscape page
    assert sizes[0][0] is False  # the document itself stays portrait
    reopened = python_docx.Document(io.BytesIO(render_docx(d)))
    assert any(s.page_width > s.page_height for s in reopened.sections)


def test_very_long_names_wrap_and_still_render(doc, tmp_path):
    long_name = "Nguyễn " + " ".join(["Thị Ngọc Phương Thảo Hạnh Dung"] * 8)
    # (no " - " in it: pdftotext joins a hyphen at the end of a line)
    long_authority = "TRUNG TÂM VĂN HÓA, THÔNG TIN, THỂ THAO VÀ TRUYỀN THANH, TRUYỀN HÌNH HUYỆN HỚN QUẢN"
    d = dataclasses.replace(doc, header=dataclasses.replace(doc.header, authority=long_authority),
                            signature=Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", long_name))
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(d))
    text = squash(pdf_text(path))
    assert squash(long_name) in text
    assert squash(long_authority) in text
    reopened = python_docx.Document(io.BytesIO(render_docx(d)))
    assert any(long_name in c.text for t in reopened.tables for row in t.rows for c in row.cells)


@settings(max_examples=15, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("*#$<>_`@[]{}\\=/-+~ \"'()aăâđêôơưẠỆỮ")), min_size=1, max_size=40))
def test_markup_like_text_prints_literally(s):
    s = s.strip() or "#"
    doc = specimen_document()
    d = dataclasses.replace(doc, body=(Paragraph("Đầu " + s + " cuối"),), annexes=())
    pdf = render_pdf(d)
    import subprocess
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert squash("Đầu " + s + " cuối") in squash(out)
    paragraphs = python_docx.Document(io.BytesIO(render_docx(d))).paragraphs
    assert flat("Đầu " + s + " cuối") in flat(" ".join(p.text for p in paragraphs))


def test_free_page_errors_and_docx_refusal():
    with pytest.raises(PaperworkError, match="items\\[0\\]"):
        validate(FreePage(100, 100, items=(Text(150, 10, "x"),)))
    with pytest.raises(PaperworkError, match="U\\+1F600"):
        render_pdf(FreePage(100, 100, items=(Text(10, 10, "x \U0001F600"),)))
    with pytest.raises(PaperworkError, match="PDF"):
        render_docx(FreePage(100, 100, items=(Text(10, 10, "x"),)))


def test_nfd_input_is_normalised(doc):
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Hạ")
    d = dataclasses.replace(doc, signature=Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", nfd))
    assert d.signature.name == "Nguyễn Văn Hạ"


def test_render_png_draws_a_free_page_preview():
    from thidua.paperwork import FreePage, Text, render_png

    png = render_png(FreePage(width_mm=800, height_mm=400, items=(Text(x_mm=0, y_mm=150, text="HỘI NGHỊ", size_pt=200,
                                                                        bold=True, align="center", width_mm=800),)),
                     ppi=20)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert abs(width - 800 / 25.4 * 20) < 2


def test_free_page_colours_and_upside_down_text():
    import subprocess
    import tempfile

    from thidua.paperwork import FreePage, PaperworkError, Text, render_pdf

    card = FreePage(width_mm=210, height_mm=148, background="#8B1A1A", items=(
        Text(x_mm=0, y_mm=100, text="Nguyễn Văn Hạ", size_pt=40, bold=True, align="center", width_mm=210,
             color="#FFD966"),
        Text(x_mm=0, y_mm=20, text="Nguyễn Văn Hạ", size_pt=40, bold=True, align="center", width_mm=210,
             rotate=180),
    ))
    pdf = render_pdf(card)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout
        ppm = subprocess.run(["pdftoppm", "-r", "10", "-f", "1", "-l", "1", f.name], capture_output=True,
                             check=True).stdout
    assert text.count("Nguyễn Văn Hạ") >= 1
    # The page is painted: the first pixel after the PPM header is the dark red background.
    header_end = ppm.index(b"255\n") + 4
    assert tuple(ppm[header_end:header_end + 3]) == (0x8B, 0x1A, 0x1A)
    for bad in (Text(x_mm=1, y_mm=1, text="x", color="red"), Text(x_mm=1, y_mm=1, text="x", rotate=90)):
        try:
            render_pdf(FreePage(width_mm=50, height_mm=50, items=(bad,)))
        except PaperworkError as exc:
            assert "items[0]" in str(exc)
        else:
            raise AssertionError("bad colour or rotation accepted")
