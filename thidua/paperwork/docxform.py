"""A statistical report form (`model.ReportForm`) as editable DOCX, drawn from the same plain-data
layout as its PDF (`layout.prepare`): the three corners in a borderless table, the blocks as in a
document, the signers side by side in another borderless table."""

from __future__ import annotations

from copy import deepcopy

from . import docx as d
from . import ooxml
from .layout import prepare, text_width_mm
from .model import PaperworkError, ReportForm

CORNER_COLS = (0.36, 0.34, 0.30)  # as the Typst template's grid


def _corners(doc, f: dict, width: float) -> None:
    size = f["font_size"]
    t = d._plain_table(doc, 1, [width * c for c in CORNER_COLS])
    left, centre, right = t.cell(0, 0), t.cell(0, 1), t.cell(0, 2)
    for i, line in enumerate(f["left"]):
        p = d._cell_first(left) if i == 0 else d._para(left, after=0)
        d._run(p, line, size, bold=i == 0)
    for i, line in enumerate(f["title_lines"]):
        p = d._cell_first(centre) if i == 0 else d._para(centre, after=0)
        p.alignment = d.ALIGN["center"]
        d._run(p, line, size + 2, bold=True)
    if f["period"]:
        d._para(centre, f["period"], size, italic=True, align="center", after=0)
    for i, line in enumerate(f["right"]):
        p = d._cell_first(right) if i == 0 else d._para(right, after=0)
        d._run(p, line, size)
    d._para(doc, after=4)


def _signers(doc, f: dict, width: float) -> None:
    size = f["font_size"]
    sig = f["signers"]
    t = d._plain_table(doc, 1, [width / len(sig)] * len(sig))
    ooxml.row_flag(t.rows[0]._tr, "cantSplit")
    for i, s in enumerate(sig):
        cell = t.cell(0, i)
        p = d._cell_first(cell)
        p.alignment = d.ALIGN["center"]
        if s["place_date"]:
            d._run(p, s["place_date"], size, italic=True)
        d._para(cell, s["title"], size, bold=True, align="center", after=0)
        d._para(cell, s["note"], size, italic=True, align="center", after=0)
        for _ in range(4):  # room to sign (and seal)
            d._para(cell, align="center", after=0)
        d._para(cell, s["name"], size, bold=True, align="center", after=0)


def render_form_docx(form: ReportForm) -> bytes:
    """One report form as DOCX bytes."""
    if not isinstance(form, ReportForm):
        raise PaperworkError(f"Không phải biểu báo cáo: {type(form).__name__}", "")
    f = prepare(form, with_svg=False)
    doc = deepcopy(d._parsed())  # loads python-docx
    if f["name"]:
        doc.core_properties.title = f["name"]
    landscape = f["landscape"]
    width = text_width_mm(landscape)
    section = doc.sections[0]
    d._set_section(section, landscape, restart=True)
    d._page_number_header(section)
    body = doc.element.body
    for p in list(body.iterchildren(d.qn("w:p"))):  # the template's empty paragraph: the corners come first
        body.remove(p)
    _corners(doc, f, width)
    d._blocks(doc, f["body"], landscape, restart_after=False)
    _signers(doc, f, width)
    return ooxml.package_bytes(doc, d._SHARED_PARTS)
