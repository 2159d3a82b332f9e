"""A working paper (kịch bản, đề cương): the organiser top left, no quốc hiệu, number, signature or Nơi nhận."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx

from thidua.paperwork import (
    Document,
    Header,
    PaperworkError,
    Paragraph,
    render_docx,
    render_pdf,
    serial,
    validate,
)

from .helpers import flat, page_texts


def _paper(**kw) -> Document:
    values = {"header": Header(parent_authority="", authority="ỦY BAN NHÂN DÂN\nXÃ TÂN LỢI\nBAN TỔ CHỨC HỘI NGHỊ",
                               number_code="", place_date=""),
              "kind_name": "KỊCH BẢN DẪN CHƯƠNG TRÌNH", "summary": "Hội nghị tổng kết công tác thi đua năm 2025",
              "body": (Paragraph("Kính thưa quý vị đại biểu!"),), "working": True, "name": "kich-ban"}
    return Document(**{**values, **kw})


def test_a_working_paper_prints_no_national_header_number_or_signature(tmp_path):
    doc = _paper()
    path = tmp_path / "kb.pdf"
    path.write_bytes(render_pdf(doc))
    text = flat(page_texts(path)[0])
    assert "BAN TỔ CHỨC HỘI NGHỊ" in text and "KỊCH BẢN DẪN CHƯƠNG TRÌNH" in text
    assert "CỘNG HÒA" not in text and "Số:" not in text and "Nơi nhận" not in text
    words = " ".join(p.text for p in Docx(io.BytesIO(render_docx(doc))).paragraphs)
    cells = " ".join(c.text for t in Docx(io.BytesIO(render_docx(doc))).tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA" not in words + cells and "Số:" not in words + cells and "Kính thưa" in words
    assert serial.load(serial.dump(doc)) == doc


def test_an_official_document_still_needs_its_number_signature_and_distribution():
    with pytest.raises(PaperworkError, match="số, ký hiệu"):
        validate(_paper(working=False))


def test_the_end_mark_closes_the_last_text_block_once():
    from thidua.paperwork import Article, Column, Table, end_marked  # noqa: PLC0415 (optional)

    blocks = (Paragraph("Mở đầu."), Article(2, "Điều hai."), Table(columns=(Column("A"),), rows=(("x",),)))
    marked = end_marked(blocks)
    assert marked[1].text == "Điều hai./." and marked[0].text == "Mở đầu." and marked[2] == blocks[2]
    assert end_marked(marked) == marked
