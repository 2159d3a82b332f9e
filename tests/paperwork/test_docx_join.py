"""Many documents in one DOCX (`docx.render_docx_joined`): each starts on a new page and reads as when
printed alone (its own header and number, no page number on its first page, numbers from 1 after)."""

from __future__ import annotations

import io
from dataclasses import replace

import docx as python_docx
import pytest
from docx.oxml.ns import qn

from thidua.paperwork import render_pdf
from thidua.paperwork.docx import render_docx_joined
from thidua.paperwork.model import Document, FreePage, Header, PaperworkError, Paragraph, Qr, Signature, Text

from .lo import docx_pdfs, page_number, pdf_pages


def _letter(n: int, paragraphs: int = 2) -> Document:
    body = tuple(Paragraph(f"Đoạn {i + 1} của giấy mời số {n}: " + "nội dung hội nghị tổng kết " * 6, indent=True)
                 for i in range(paragraphs))
    return Document(
        header=Header(parent_authority="", authority="ỦY BAN NHÂN DÂN\nXÃ TÂN KHAI", number_code=f"{n:02d}/GM-UBND",
                      place_date="Tân Khai, ngày 02 tháng 3 năm 2026"),
        kind_name="Giấy mời", summary="Dự Hội nghị tổng kết", recipients=(f"Đại biểu số {n}",),
        body=(*body, Qr(f"https://tdkt.example.vn/qr/{n}", 30, align="right", caption=f"Mã số {n:04d}")),
        signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"), distribution=("Như trên", "Lưu: VT."),
        font_size=14, name=f"giay-moi-{n}")


def test_each_document_is_a_section_of_its_own_with_its_picture():
    docs = [_letter(1), _letter(2, paragraphs=30), _letter(3)]
    data = render_docx_joined(docs, "Giấy mời")
    d = python_docx.Document(io.BytesIO(data))
    assert d.core_properties.title == "Giấy mời"
    assert [p.text for p in d.paragraphs if p.text.startswith("Kính gửi")] == [
        "Kính gửi: Đại biểu số 1", "Kính gửi: Đại biểu số 2", "Kính gửi: Đại biểu số 3"]
    assert len(d.sections) == 3
    for s in d.sections:  # no number on a document's first page, numbering from 1
        assert s.different_first_page_header_footer
        assert s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    # every QR picture is in the package, each its own
    blips = d.element.body.findall(".//" + qn("a:blip"))
    images = {d.part.related_parts[b.get(qn("r:embed"))].blob for b in blips}
    assert len(blips) == 3 and len(images) == 3
    # Word refuses a document whose drawings share an id ("unreadable content"): each picture has its own
    ids = [el.get("id") for el in d.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == 3 and len(set(ids)) == 3
    names = {d.part.related_parts[b.get(qn("r:embed"))].partname for b in blips}
    assert len(names) == 3 and all(n.startswith("/word/media/") and n.endswith(".png") for n in names)


def test_libreoffice_lays_out_as_many_pages_as_the_pdfs_and_numbers_each_document_from_one():
    docs = [_letter(1), _letter(2, paragraphs=30), _letter(3)]
    pdf_counts = [len(pdf_pages(render_pdf(doc))) for doc in docs]
    assert pdf_counts[0] == 1 and pdf_counts[1] >= 2
    pages = pdf_pages(docx_pdfs([render_docx_joined(docs)])[0])
    assert len(pages) == sum(pdf_counts)
    starts = [0, pdf_counts[0], pdf_counts[0] + pdf_counts[1]]
    for n, start in enumerate(starts, start=1):  # each document starts on a page of its own, unnumbered
        assert f"{n:02d}/GM-UBND" in pages[start] and page_number(pages[start]) == ""
    assert page_number(pages[starts[1] + 1]) == "2"  # the long one's second page is its page 2


def test_one_document_is_the_single_render_and_bad_input_is_refused():
    one = python_docx.Document(io.BytesIO(render_docx_joined([_letter(7)])))
    assert len(one.sections) == 1 and one.core_properties.title == "giay-moi-7"
    with pytest.raises(PaperworkError, match="docs"):
        render_docx_joined([])
    with pytest.raises(PaperworkError, match="PDF"):
        render_docx_joined([_letter(1), FreePage(100, 100, items=(Text(10, 10, "x"),))])
    with pytest.raises(PaperworkError):  # validated unless the caller says it did
        render_docx_joined([replace(_letter(1), summary="")])
