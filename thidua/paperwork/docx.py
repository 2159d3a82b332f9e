"""Editable DOCX with python-docx: real paragraphs, styles and tables, no text boxes or shapes.

Rules (under the authority name, tiêu ngữ and trích yếu) are bottom borders of empty paragraphs
indented to the rule's length, which is computed from the font's advance widths (Liberation Serif is
metric-compatible with Times New Roman). Page numbers are a PAGE field in every section's own header,
on every page but a document's and an annex's first (different first page); annexes are new sections
that restart numbering at 1. What the PDF keeps together stays together here too (the last paragraph
with the signature, a signatory's block, a table row), with the PDF's column widths (layout) and line
pitches, so that LibreOffice and Word break the pages where the PDF does; the language is vi-VN.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from copy import deepcopy
from functools import cache

from . import fonts, ooxml
from .layout import (
    MARGIN_MM,
    PAGE_MM,
    QUOC_HIEU,
    TABLE_INSET_PT,
    TABLE_INSET_Y_PT,
    TIEU_NGU,
    prepare,
    text_width_mm,
)
from .model import Document, FreePage, PaperworkError
from .qr import qr_png

TWIPS_PER_MM = 1440 / 25.4
FONT = "Times New Roman"  # the authentic font on officials' PCs
Progress = Callable[[int, int], None]
ALIGN: dict = {}  # "left" … "justify" → WD_ALIGN_PARAGRAPH, filled by _load()
SIGN_COLS = (0.45, 0.55)
LANG = "vi-VN"  # Word checks the spelling in the document's language: en-US underlined every word
# The line pitches of typst/document.typ (a 0.907 em line plus its leading) where they differ from
# Word's single spacing (1.149 em for Liberation Serif / Times New Roman): table cells (leading 0.15 em)
# as a multiple of single; the header, trích yếu and signature lines (0.45 em) as space before each
# line after the first, which Word and LibreOffice both add in the same place.
CELL_LINE = (0.907 + 0.15) / 1.149
LINE_GAP_EM = 0.907 + 0.45 - 1.149

_new_docx = WD_ORIENT = WD_SECTION = WD_TABLE_ALIGNMENT = WD_ALIGN_VERTICAL = WD_ALIGN_PARAGRAPH = WD_BREAK = None
OxmlElement = qn = Mm = Pt = Twips = None


def _load() -> None:
    """python-docx, imported by the first DOCX rather than when an app imports this module (start-up)."""
    global _new_docx, WD_ORIENT, WD_SECTION, WD_TABLE_ALIGNMENT, WD_ALIGN_VERTICAL, WD_ALIGN_PARAGRAPH, WD_BREAK
    global OxmlElement, qn, Mm, Pt, Twips
    if _new_docx is not None:
        return
    from docx import Document  # noqa: PLC0415 (startup)
    from docx.enum.section import WD_ORIENT, WD_SECTION  # noqa: PLC0415 (startup)
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT  # noqa: PLC0415 (startup)
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK  # noqa: PLC0415 (startup)
    from docx.oxml import OxmlElement  # noqa: PLC0415 (startup)
    from docx.oxml.ns import qn  # noqa: PLC0415 (startup)
    from docx.shared import Mm, Pt, Twips  # noqa: PLC0415 (startup)

    ALIGN.update(left=WD_ALIGN_PARAGRAPH.LEFT, center=WD_ALIGN_PARAGRAPH.CENTER, right=WD_ALIGN_PARAGRAPH.RIGHT,
                 justify=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _new_docx = Document


@cache
def _base() -> bytes:
    """An empty document with the styles set once; every render starts from these bytes."""
    _load()
    d = _new_docx()
    for name in ("Normal", "Table Grid"):
        style = d.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(slot), FONT)
        style.font.size = Pt(14)
    ooxml.set_language(d.styles.element, LANG)
    pf = d.styles["Normal"].paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)  # Phụ lục I: paragraph spacing at least 6 pt
    pf.line_spacing = 1.0  # single … 1.5 lines
    d.core_properties.author = "thidua"
    _slim(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# The styles a rendered document uses (python-docx's default template carries 164, in 350 KB of XML,
# and a 440 KB stylesWithEffects copy for Word 2010: parsing and zipping them was most of a letter's time).
_KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Header", "HeaderChar",
                "Footer", "FooterChar"}
_DROP_RELS = ("/stylesWithEffects", "/metadata/thumbnail")


def _slim(d) -> None:
    """Drop the template's unused styles, its stylesWithEffects part and its thumbnail: what Word shows
    is unchanged (built-in styles stay available through the latent styles), the file is a tenth."""
    styles = d.styles.element
    for el in list(styles.iterchildren(qn("w:style"))):
        if el.get(qn("w:styleId")) not in _KEEP_STYLES:
            styles.remove(el)
    for rels in (d.part.rels, d.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(_DROP_RELS):
                del rels[r_id]


# ---------------------------------------------------------------- small helpers


def _para(container, text: str = "", size: float | None = None, bold=False, italic=False, align="left",
          indent=False, after: float | None = None, before: float | None = None):
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = ALIGN[align]
    if indent:
        pf.first_line_indent = Mm(10)
    if after is not None:
        pf.space_after = Pt(after)
    if before is not None:
        pf.space_before = Pt(before)
    if text:
        _run(p, text, size, bold, italic)
    return p


def _run(p, text, size=None, bold=False, italic=False):
    r = p.add_run(text)
    if size:
        r.font.size = Pt(size)
    if bold:
        r.bold = True
    if italic:
        r.italic = True
    return r


def _rule_excess(size: float) -> float:
    """What a rule paragraph under `size` pt text takes beyond the PDF's 3 pt gap and 0.5 pt stroke: the
    line above is Word's single line, taller than Typst's, and the border sits 1 pt below at 0.75 pt."""
    return (1.149 - 0.907) * size + 1.0 + 0.75 - 0.5


def _rule(container, rule_mm: float, box_mm: float, after: float = 0):
    """An empty paragraph whose bottom border is a centred rule `rule_mm` long."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    side = max(0.0, (box_mm - rule_mm) / 2)
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.space_before = Pt(0)
    pf.space_after = Pt(after)
    pf.line_spacing = Pt(3)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    return p


def _width_mm(text: str, size: float, bold=False, italic=False) -> float:
    return max(fonts.text_width_pt(line, size, bold, italic) for line in text.split("\n")) * 25.4 / 72


def _plain_table(container, rows: int, widths_mm: Sequence[float]):
    t = container.add_table(rows=rows, cols=len(widths_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for i, w in enumerate(widths_mm):
        t.columns[i].width = Mm(w)
        for cell in t.columns[i].cells:
            cell.width = Mm(w)
    return t


def _cell_first(cell):
    """The cell's existing empty paragraph, formatted as a plain centred line."""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    return p


def _set_section(section, landscape: bool, paper: str = "A4", restart: bool | None = None,
                 title_page: bool = True):
    """Page size, margins and numbering of a section. `title_page`: its first page shows no number (a
    document's and an annex's first page); a landscape table's section shows it on every page."""
    w, h = PAGE_MM[paper]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(h), Mm(w)) if landscape else (Mm(w), Mm(h))
    # stored in twips: round up so that 15 mm does not become 14.99 mm
    section.top_margin = Twips(math.ceil(MARGIN_MM["top"] * TWIPS_PER_MM))
    section.bottom_margin = Twips(math.ceil(MARGIN_MM["bottom"] * TWIPS_PER_MM))
    section.left_margin = Twips(math.ceil(MARGIN_MM["left"] * TWIPS_PER_MM))
    section.right_margin = Twips(math.ceil(MARGIN_MM["right"] * TWIPS_PER_MM))
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = title_page
    _page_number_header(section)
    if restart is not None:
        sect = section._sectPr
        for old in sect.findall(qn("w:pgNumType")):
            sect.remove(old)
        if restart:
            el = OxmlElement("w:pgNumType")
            el.set(qn("w:start"), "1")
            sect.append(el)


def _page_number_header(section):
    """The page number centred in the top margin, 13 pt, in this section's own header (a section that
    inherits its header from the one before lost its numbers in LibreOffice); the first page of a
    section with a title page has no header at all."""
    header = section.header
    if header.is_linked_to_previous:
        header.is_linked_to_previous = False
    p = header.paragraphs[0]
    if p._p.find(qn("w:fldSimple")) is not None:
        return
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "26")
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


# ---------------------------------------------------------------- parts

_PARTS: OrderedDict = OrderedDict()  # body elements by what they were built from, least recently used first


def _reuse(doc, key, build) -> None:
    """Append what `build()` adds to the body; the next document with the same `key` gets a copy of the
    elements instead (python-docx's object layer is most of a letter's time). Self-contained parts only:
    no relationship (picture, header) may be inside."""
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    hit = _PARTS.get(key)
    if hit is not None and sect is not None:
        _PARTS.move_to_end(key)
        for el in hit:
            sect.addprevious(deepcopy(el))
        return
    start = len(body) - (sect is not None)
    build()
    if sect is not None:
        if len(_PARTS) >= 512:
            _PARTS.popitem(last=False)  # the least recently used: a one-off (a name) goes, shared parts stay
        _PARTS[key] = [deepcopy(el) for el in list(body)[start:len(body) - 1]]


def _national_header(doc, h: dict, width: float):
    """Ô 1–4 in a borderless two-column table (sizes as in the Typst template), its columns as wide as
    the PDF's (layout.header_columns) and unpadded as there, so that a line wraps in neither or both."""
    lw, rw = h["columns"]
    t = _plain_table(doc, 2, (lw, rw))
    ooxml.cell_margins(t._tbl.tblPr, 0)
    left, right = t.cell(0, 0), t.cell(0, 1)
    first = _cell_first(left)
    if h["parent"]:
        _lines(left, h["parent"], 13, first)  # ô 2: parent authority, 13 pt upright
        first = None
    _lines(left, h["authority"], 13, first, bold=True)  # ô 2: authority, 13 pt bold
    _rule(left, 0.4 * min(_width_mm(h["authority"], 13, True), lw), lw)  # 1/3–1/2 of its width
    if h["motto"]:
        _lines(right, QUOC_HIEU, 13, _cell_first(right), bold=True)  # ô 1: 13 pt bold
        _lines(right, TIEU_NGU, 14, bold=True)  # ô 1: 14 pt bold
        _rule(right, _width_mm(TIEU_NGU, 14, True), rw)  # as long as the text
    p = _cell_first(t.cell(1, 0))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(_ROW_GAP)
    _run(p, h["number"], 13)  # ô 3: 13 pt
    if h["cv_summary"]:
        _para(t.cell(1, 0), h["cv_summary"], 12, align="center", before=6, after=0)  # ô 5b: 12 pt
    p = _cell_first(t.cell(1, 1))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(_ROW_GAP)
    _run(p, h["place_date"], 14, italic=True)  # ô 4: 14 pt italic


_ROW_GAP = 8 - _rule_excess(13)  # the PDF's row gutter of 8 pt below the rules of the first row


def _lines(container, text: str, size: float, first=None, bold=False, italic=False):
    """Each line of `text` a centred paragraph (the first into `first` if given), the lines after the
    first set apart as the PDF's leading sets them."""
    for i, line in enumerate(text.split("\n")):
        p = first if i == 0 and first is not None else _para(container, after=0, before=LINE_GAP_EM * size)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, size, bold, italic)
    return p


def _fill_tc(tc, text: str, align: str, size_half_points: str, bold: bool = False) -> None:
    ooxml.fill_cell(tc, text, align, size_half_points, bold, CELL_LINE)


def _table(doc, b: dict, width: float):
    cols = b["columns"]
    total = sum(c["ratio"] for c in cols)
    widths = [width * c["ratio"] / total for c in cols]
    rows = b["rows"]
    # The header row and one template row go through python-docx (widths, style); every data row is
    # a deep copy of the template filled with lxml, which keeps a long annex linear and fast.
    t = _plain_table(doc, 2, widths)
    t.style = doc.styles["Table Grid"]
    # the PDF's vertical inset, less what Word's single line is taller than Typst's (0.15 em a line)
    # and less half the border, which Word and LibreOffice add to the row and Typst draws over the inset
    ooxml.cell_margins(t._tbl.tblPr, TABLE_INSET_PT, TABLE_INSET_Y_PT - 0.15 * b["size"] / 2 - 0.25)
    size = b["size"]
    half_points = str(int(round(size * 2)))
    header, template_row = list(t.rows)
    if b["repeat"]:
        ooxml.row_flag(header._tr, "tblHeader")
    for i, c in enumerate(cols):
        p = _cell_first(header.cells[i])
        p.alignment = ALIGN["center"]
        _run(p, c["title"], size, bold=True)
        ooxml.line_spacing(p._p.get_or_add_pPr(), CELL_LINE)
        ooxml.mark_size(p._p.get_or_add_pPr(), half_points)
        header.cells[i].vertical_alignment = WD_ALIGN_VERTICAL.CENTER  # as the PDF's horizon
    template = template_row._tr
    ooxml.row_flag(template_row._tr, "cantSplit")
    tbl = t._tbl
    tbl.remove(template)
    for r in rows:
        tr = deepcopy(template)
        tcs = tr.findall(qn("w:tc"))
        if "group" in r:
            first = tcs[0]
            tcpr = first.find(qn("w:tcPr"))
            span = OxmlElement("w:gridSpan")
            span.set(qn("w:val"), str(len(tcs)))
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is not None:
                tcw.set(qn("w:w"), str(int(round(width * TWIPS_PER_MM))))
                tcw.addnext(span)
            else:
                tcpr.append(span)
            for tc in tcs[1:]:
                tr.remove(tc)
            _fill_tc(first, r["group"], "left", half_points, bold=True)
        else:
            for i, text in enumerate(r["cells"]):
                _fill_tc(tcs[i], text, cols[i]["align"], half_points, bold=r.get("bold", False))
        tbl.append(tr)
    if b["total"] is not None:
        tr = deepcopy(template)
        for i, (tc, text) in enumerate(zip(tr.findall(qn("w:tc")), b["total"], strict=False)):
            _fill_tc(tc, text, cols[i]["align"], half_points, bold=True)
        tbl.append(tr)
    # Word needs a paragraph after a table; as tall as the PDF's space after it
    _para(doc, after=0).paragraph_format.line_spacing = Pt(7.5)


def _blocks(doc, items: list[dict], landscape: bool, restart_after: bool):
    width = text_width_mm(landscape)
    for b in items:
        t = b["t"]
        if t == "p":
            _reuse(doc, ("p", b["text"], b["bold"], b["italic"], b["align"], b["indent"]),
                   lambda b=b: _para(doc, b["text"], bold=b["bold"], italic=b["italic"], align=b["align"],
                                     indent=b["indent"] and b["align"] == "justify"))
        elif t == "h":
            # the PDF's 6 pt below a heading, less what Word's line is taller than Typst's
            p = _para(doc, b["text"], bold=True, italic=b["level"] >= 3, align="justify", indent=True,
                      before=6, after=6 - 0.26 * 14)
            p.paragraph_format.keep_with_next = True
        elif t == "article":
            p = _para(doc, align="justify", indent=True)
            _run(p, b["label"], bold=True)
            _run(p, " " + b["text"])
        elif t == "bullets":
            for it in b["items"]:
                _para(doc, f"{b['marker']} {it}", align="justify", indent=True)
        elif t == "table":
            if b["landscape"]:
                _set_section(doc.add_section(WD_SECTION.NEW_PAGE), True, restart=False, title_page=False)
                _table(doc, b, text_width_mm(True))
                _set_section(doc.add_section(WD_SECTION.NEW_PAGE), landscape, restart=False, title_page=False)
            else:
                _para(doc, after=0).paragraph_format.line_spacing = Pt(5)  # the PDF's space above a table
                _table(doc, b, width)
        elif t == "qr":
            p = _para(doc, align=b["align"], after=0 if b["caption"] else 6)
            ooxml.add_picture(p.add_run(), qr_png(b["data"]), Mm(b["size"]))
            if b["caption"]:
                _para(doc, b["caption"], 11, align=b["align"])
        elif t == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _signature_cell(cell, s: dict, first: bool = True):
    _lines(cell, "\n".join(s["lines"]), 14, _cell_first(cell) if first else None, bold=True)  # ô 7a/7b
    for _ in range(5):  # room for signature and seal, about 28 mm
        _para(cell, align="center", after=0)
    return _para(cell, s["name"], 14, bold=True, align="center", after=0)  # ô 7c


def _distribution(container, items: list[str], first_par=None):
    p = first_par if first_par is not None else _para(container, after=0)
    _run(p, "Nơi nhận:", 12, bold=True, italic=True)  # ô 9b: 12 pt bold italic
    for it in items:
        _para(container, it, 11, after=0)  # 11 pt upright


def _closing(doc, d: dict, width: float):
    sigs = d["signatures"]
    if not sigs and not d["distribution"]:  # a working paper: nothing to sign
        return
    if len(sigs) <= 1:
        t = _plain_table(doc, 1, (width * SIGN_COLS[0], width * SIGN_COLS[1]))
        # unpadded as the PDF's grid: a title or a Nơi nhận line wraps in both or neither
        ooxml.cell_margins(t._tbl.tblPr, 0)
        ooxml.row_flag(t.rows[0]._tr, "cantSplit")
        if d["distribution"]:
            _distribution(t.cell(0, 0), d["distribution"], _cell_first(t.cell(0, 0)))
        if sigs:
            _signature_cell(t.cell(0, 1), sigs[0])
    else:
        n_cols = 2 if len(sigs) in (2, 4) else 3
        n_rows = -(-len(sigs) // n_cols)
        t = _plain_table(doc, n_rows, [width / n_cols] * n_cols)
        ooxml.cell_margins(t._tbl.tblPr, 0)
        for row in t.rows:
            ooxml.row_flag(row._tr, "cantSplit")  # a signatory's title, room to sign and name stay on one page
        for i, s in enumerate(sigs):
            cell = t.cell(i // n_cols, i % n_cols)
            # the PDF's 14 pt between rows of signatories, less what Word's line is taller than Typst's
            _signature_cell(cell, s).paragraph_format.space_after = Pt(14 - (1.149 - 0.907) * 14)
        if d["distribution"]:
            start = len(doc.element.body) - 1
            _distribution(doc, d["distribution"], _para(doc, before=12, after=0))
            for p in list(doc.element.body)[start:-2]:  # the Nơi nhận block is not split either
                ooxml.keep_with_next(p)


def _document(doc, d: dict):
    landscape = d["landscape"]
    width = text_width_mm(landscape)
    section = doc.sections[0]
    _set_section(section, landscape, restart=True)
    body_el = doc.element.body
    # the template's single empty paragraph goes: the header table comes first
    for p in list(body_el.iterchildren(qn("w:p"))):
        body_el.remove(p)
    _reuse(doc, ("header", json.dumps(d["header"]), width), lambda: _national_header(doc, d["header"], width))
    if d["kind"]:
        def kind():
            _para(doc, d["kind"], 14, bold=True, align="center", before=14, after=0)  # ô 5a
            _lines(doc, d["summary"], 14, bold=True)
            _rule(doc, 0.4 * min(_width_mm(d["summary"], 14, True), width), width, after=10 - _rule_excess(14))

        _reuse(doc, ("kind", d["kind"], d["summary"], width), kind)
    else:
        _para(doc, after=4)
    if d["issuer"]:
        _para(doc, d["issuer"], 14, bold=True, align="center", after=16)  # the PDF's 10 pt and its paragraph spacing
    recips = d["recipients"]
    if len(recips) == 1:
        _para(doc, "Kính gửi: " + recips[0], align="center", after=10)  # ô 9a
    elif recips:
        first = _para(doc, "Kính gửi: ", after=0)
        first.paragraph_format.left_indent = Mm(25)
        first.paragraph_format.first_line_indent = Mm(0)
        _run(first, recips[0])
        for r in recips[1:]:
            p = _para(doc, r, after=0)
            p.paragraph_format.left_indent = Mm(25 + _width_mm("Kính gửi: ", 14))
        _para(doc, after=4)
    for base in d["bases"]:
        _para(doc, base, italic=True, align="justify", indent=True)  # căn cứ, italic
    if d["closing"]:
        _para(doc, d["closing"], 14, bold=True, align="center", before=4, after=6)
    # the last paragraph (or list, or QR code) before the signature goes to the signature's page, as in
    # the PDF: a signature never stands alone on a page
    body, last = d["body"], d["body"][-1:]
    if last and last[0]["t"] in ("p", "article", "bullets", "qr"):
        body = body[:-1]
    _blocks(doc, body, landscape, restart_after=False)
    start = len(body_el) - 1
    _blocks(doc, last if body is not d["body"] else [], landscape, restart_after=False)
    _para(doc, after=0).paragraph_format.line_spacing = Pt(13)  # the PDF's 10 pt above the signature
    for p in list(body_el)[start:-1]:
        ooxml.keep_with_next(p)
    _reuse(doc, ("closing", json.dumps([d["signatures"], d["distribution"]]), width), lambda: _closing(doc, d, width))
    for a in d["annexes"]:
        sec = doc.add_section(WD_SECTION.NEW_PAGE)
        _set_section(sec, a["landscape"], restart=True)  # annexes are numbered separately
        aw = text_width_mm(a["landscape"])
        _lines(doc, "\n".join(([a["label"]] if a["label"] else []) + a["title_lines"]), 14, _para(doc, after=0),
               bold=True)
        if a["subtitle"]:
            _lines(doc, a["subtitle"], 14, italic=True)
            _rule(doc, 0.4 * min(_width_mm(a["subtitle"], 14, italic=True), aw), aw, after=10 - _rule_excess(14))
        _blocks(doc, a["blocks"], a["landscape"], restart_after=False)


def render_docx(item: Document, validated: bool = False) -> bytes:
    """One Decree 30 document as DOCX bytes (`validated=True`: the caller has just validated it)."""
    return render_docx_joined([item], validated=validated)


def render_docx_joined(items: Sequence[Document], title: str = "", progress: Progress | None = None,
                       validated: bool = False) -> bytes:
    """Documents in one DOCX, each its own section (a new page, as if printed alone): a mail merge."""
    if not items or any(isinstance(item, FreePage) for item in items):
        raise PaperworkError(*(("Trang bố cục tự do (FreePage) chỉ xuất được PDF", "FreePage") if items else
                               ("Không có văn bản nào để xuất (docs)", "docs")))
    doc, parts = deepcopy(_parsed()), []  # a copy of the parsed base: cheaper than reading the package again
    for i, item in enumerate(items):
        _document(doc, prepare(item, with_svg=False, check=not validated))
        if len(items) > 1:  # one stays where it was built: detaching a 2,000-row table costs lxml seconds
            parts.append(ooxml.take_body(doc.element.body))
        if progress and ((i + 1) % 10 == 0 or i + 1 == len(items)):
            progress(i + 1, len(items))
    ooxml.join_sections(doc.element.body, parts)  # nothing to join for one document
    doc.core_properties.title = title or items[0].name or ""
    return ooxml.package_bytes(doc, _SHARED_PARTS)


# parts every document carries unchanged: deflated once per process (ooxml.package_bytes)
_SHARED_PARTS = frozenset({"docProps/app.xml", "word/styles.xml", "word/settings.xml", "word/webSettings.xml",
                           "word/fontTable.xml", "word/theme/theme1.xml", "word/numbering.xml",
                           "customXml/item1.xml", "customXml/itemProps1.xml"})


@cache
def _parsed():
    base = _base()  # loads python-docx
    return _new_docx(io.BytesIO(base))


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


def safe_filename(name: str, fallback: str = "van-ban", ext: str = ".docx") -> str:
    """A file name Windows, macOS and zip tools all accept; Vietnamese letters are kept (NFC)."""
    base = unicodedata.normalize("NFC", name or "")
    if base.lower().endswith(ext):
        base = base[: -len(ext)]
    base = _UNSAFE.sub("-", base)
    base = re.sub(r"\s+", " ", base).strip(" .-")[:120].rstrip(" .-")
    return (base or fallback) + ext


def render_docx_zip(items: Sequence[Document], names: Sequence[str] | None = None,
                    progress: Progress | None = None, validated: bool = False) -> bytes:
    """Many documents as a zip of DOCX files named after `names` (made safe and unique)."""
    total = len(items)
    if total == 0:
        raise PaperworkError("Không có văn bản nào để xuất (docs)", "docs")
    if names is not None and len(names) != total:
        raise PaperworkError(f"Có {total} văn bản nhưng {len(names)} tên tệp (names)", "names")
    if progress:
        progress(0, total)
    used: set[str] = set()
    buf = io.BytesIO()
    step = max(1, total // 50)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # DOCX is already deflated
        for i, item in enumerate(items):
            wanted = names[i] if names is not None else (item.name or f"van-ban-{i + 1:03d}")
            fname = safe_filename(wanted)
            stem, k = fname[: -len(".docx")], 2
            while fname.casefold() in used:
                fname = f"{stem} ({k}).docx"
                k += 1
            used.add(fname.casefold())
            zf.writestr(fname, render_docx(item, validated))
            if progress and ((i + 1) % step == 0 or i + 1 == total):
                progress(i + 1, total)
    return buf.getvalue()
