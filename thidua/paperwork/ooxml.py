"""Writing a python-docx document's package (the .docx zip) quickly, for bulk runs.

python-docx's `save` serialises and deflates every part of every letter, though most parts (styles,
theme, fonts, settings) are the same bytes in every document of a run. Here each part's bytes are
deflated once and kept (keyed by the bytes themselves), so a letter costs its own parts only: the
document, its header, its QR picture and its properties. The zip is the one `save` writes (same
entries, same order, deflated), byte for byte apart from the compression level's choices.
"""

from __future__ import annotations

import struct
import zlib
from copy import deepcopy
from functools import lru_cache

_LEVEL = 6


@lru_cache(maxsize=256)
def _deflated(data: bytes) -> tuple[int, bytes]:
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), c.compress(data) + c.flush()


def _fresh(data: bytes) -> tuple[int, bytes]:
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), c.compress(data) + c.flush()


def write_zip(entries: list[tuple[str, bytes, bool]]) -> bytes:
    """A zip of (name, bytes, shared) entries, deflated; `shared` bytes (the same in many documents)
    are deflated once per process."""
    out = bytearray()
    central = bytearray()
    dos_time, dos_date = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 00:00, as python-docx writes
    for name, data, shared in entries:
        crc, packed = _deflated(data) if shared else _fresh(data)
        raw = name.encode("utf-8")
        flags = 0x800 if not raw.isascii() else 0
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, 8, dos_time, dos_date, crc, len(packed),
                           len(data), len(raw), 0) + raw + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, 8, dos_time, dos_date, crc,
                               len(packed), len(data), len(raw), 0, 0, 0, 0, 0, offset) + raw
    start = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def package_bytes(document, static: frozenset[str]) -> bytes:
    """The .docx of a python-docx `document`, as `document.save` would write it; parts whose name is in
    `static` are taken as shared between documents (their deflated bytes are reused)."""
    from docx.opc.pkgwriter import _ContentTypesItem  # noqa: PLC0415 (startup)

    package = document.part.package
    parts = list(package.iter_parts())
    entries = [("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob, False),
               ("_rels/.rels", package.rels.xml, True)]
    for part in parts:
        name = part.partname.membername
        entries.append((name, part.blob, name in static))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml, name in static))
    return write_zip(entries)


# ---------------------------------------------------------------- WordprocessingML details

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """`parent`'s first `w:tag` child, added (before the first of `before` present, else last) if missing."""
    el = parent.find(W + tag)
    if el is None:
        el = parent.makeelement(W + tag, {})
        nxt = next((c for c in parent if c.tag in {W + b for b in before}), None)
        if nxt is not None:
            nxt.addprevious(el)
        else:
            parent.append(el)
    return el


_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath")


def set_language(styles, lang: str) -> None:
    """`lang` as the language of every run: in the document defaults and in each paragraph, character
    and table style of a styles part (`w:styles` element)."""
    defaults = _child(_child(_child(styles, "docDefaults"), "rPrDefault"), "rPr")
    targets = [defaults]
    for style in styles.iterchildren(W + "style"):
        if style.get(W + "type") in ("paragraph", "character", "table"):
            targets.append(_child(style, "rPr", before=("tblPr", "trPr", "tcPr", "tblStylePr")))
    for rpr in targets:
        el = _child(rpr, "lang", before=_AFTER_LANG)
        el.set(W + "val", lang)


def keep_with_next(p) -> None:
    """A `w:p` stays on the page of the paragraph (or table row) after it."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = p.makeelement(W + "pPr", {})
        p.insert(0, ppr)
    if ppr.find(W + "keepNext") is None:
        el = ppr.makeelement(W + "keepNext", {})
        style = ppr.find(W + "pStyle")
        if style is not None:
            style.addnext(el)
        else:
            ppr.insert(0, el)


def line_spacing(ppr, multiple: float) -> None:
    """Proportional line spacing ("auto": 240 is single) in a `w:pPr`, kept with its other spacing."""
    spacing = ppr.find(W + "spacing")
    if spacing is None:
        spacing = ppr.makeelement(W + "spacing", {})
        nxt = next((c for c in ppr if c.tag in {W + t for t in _AFTER_SPACING}), None)
        if nxt is not None:
            nxt.addprevious(spacing)
        else:
            ppr.append(spacing)
    spacing.set(W + "line", str(round(240 * multiple)))
    spacing.set(W + "lineRule", "auto")


_AFTER_SPACING = ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                  "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                  "pPrChange")


def _sub(parent, tag: str, **attrs):
    el = parent.makeelement(W + tag, {W + k: v for k, v in attrs.items()})
    parent.append(el)
    return el


def row_flag(tr, flag: str) -> None:
    """A table row property that is on or off: "cantSplit" (the row never breaks across pages),
    "tblHeader" (the row repeats at the top of every page)."""
    trpr = _child(tr, "trPr", before=("tc",))
    if trpr.find(W + flag) is None:
        _sub(trpr, flag)


def cell_margins(tbl_pr, side_pt: float, top_pt: float = 0.0) -> None:
    """Cell padding of a table (`w:tblPr`), as the PDF's `inset` has it (Word's default, 0.19 cm a
    side, wrapped "STT" in the annex's narrow first column, and the national header's authority name)."""
    mar = tbl_pr.makeelement(W + "tblCellMar", {})
    for edge, pt in (("top", top_pt), ("left", side_pt), ("bottom", top_pt), ("right", side_pt)):
        _sub(mar, edge, w=str(int(round(pt * 20))), type="dxa")
    look = tbl_pr.find(W + "tblLook")  # the schema's order: tblCellMar comes before tblLook
    if look is not None:
        look.addprevious(mar)
    else:
        tbl_pr.append(mar)


SINGLE_EM = 1.149  # Word's single line for Times New Roman / Liberation Serif, in em
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


_PPR: dict = {}


def _cell_ppr(p, align: str, size_half_points: str, line: float, filled: bool):
    """A table cell paragraph's properties, built once per kind and copied (a 2,000-row annex has 20,000
    cells): no space after, the line spacing, the alignment, the paragraph mark at the cell's size."""
    key = (align, size_half_points, line, filled)
    ppr = _PPR.get(key)
    if ppr is None:
        ppr = p.makeelement(W + "pPr", {})
        if filled:
            _sub(ppr, "spacing", after="0", line=str(round(240 * line)), lineRule="auto")
        else:  # LibreOffice gives an empty paragraph a full single line whatever the multiple: say it exactly
            exact = int(size_half_points) * 10 * SINGLE_EM * line  # twentieths of a point
            _sub(ppr, "spacing", after="0", line=str(round(exact)), lineRule="exact")
        _sub(ppr, "jc", val=_JC[align])
        mark_size(ppr, size_half_points)
        _PPR[key] = ppr
    return ppr


def fill_cell(tc, text: str, align: str, size_half_points: str, bold: bool, line: float) -> None:
    """Fill a table cell's (`w:tc`) empty paragraph with lxml directly: python-docx's object layer
    costs ~5 ms a row, which made a 2,000-line annex take 15 s. Line breaks and tabs become <w:br/> and
    <w:tab/> as in add_run; `line` is the line spacing as a multiple of single."""
    p = tc.find(W + "p")
    proto = _cell_ppr(p, align, size_half_points, line, bool(text))
    old = p.find(W + "pPr")
    if old is not None:
        p.remove(old)
    p.insert(0, deepcopy(proto))
    if not text:
        return
    r = _sub(p, "r")
    rpr = _sub(r, "rPr")
    if bold:
        _sub(rpr, "b")
    _sub(rpr, "sz", val=size_half_points)
    _sub(rpr, "szCs", val=size_half_points)
    for i, line_text in enumerate(text.split("\n")):
        if i:
            _sub(r, "br")
        for j, piece in enumerate(line_text.split("\t")):
            if j:
                _sub(r, "tab")
            if piece:
                t = _sub(r, "t")
                t.set(_XML_SPACE, "preserve")
                t.text = piece


def mark_size(ppr, size_half_points: str) -> None:
    """The paragraph mark's font size (in a `w:pPr`): Word and LibreOffice size an empty paragraph, and
    the last line of any, by its mark, which is the style's 14 pt unless said (an empty 12 pt table
    cell made its row taller than the PDF's)."""
    rpr = _child(ppr, "rPr", before=("sectPr", "pPrChange"))
    for tag in ("sz", "szCs"):
        _child(rpr, tag).set(W + "val", size_half_points)


# ---------------------------------------------------------------- many documents in one


def take_body(body) -> list:
    """Detach everything in a document's body but its last section's properties (`sectPr`), and return
    it with a copy of those properties last: the body is empty for the next document built into it."""
    sect = body.find(f"{W}sectPr")
    found = [el for el in body if el is not sect]
    for el in found:
        body.remove(el)
    return [*found, deepcopy(sect)]


def join_sections(body, documents: list[list]) -> None:
    """Put `documents` (each a `take_body` list) into `body`, each closing its last section with its own
    properties (page, margins, headers, numbering from 1, no number on its first page), in a paragraph
    one point high: each document starts on a new page and reads as if printed alone."""
    sect = body.find(f"{W}sectPr")
    for i, (*elements, own) in enumerate(documents):
        for el in elements:
            sect.addprevious(el)
        if i == len(documents) - 1:
            sect.addprevious(own)
            body.remove(sect)
            break
        para = sect.makeelement(f"{W}p", {})
        ppr = _sub(para, "pPr")
        _sub(ppr, "spacing", before="0", after="0", line="20", lineRule="exact")
        _sub(_sub(ppr, "rPr"), "sz", val="2")
        ppr.append(own)
        sect.addprevious(para)


# ---------------------------------------------------------------- pictures

PICTURE_ID_BASE = 10_000  # drawing ids of the pictures added here: above any the base document holds


def add_picture(run, png: bytes, width) -> None:
    """A PNG at the end of `run`, `width` wide. python-docx's `Run.add_picture` hashes every image already
    in the package, searches their names and the part's relationships for each new one: quadratic, 4 of the
    5 s of 1,120 letters in one DOCX. Here each picture gets its own name, relationship and drawing id."""
    from docx.image.image import Image  # noqa: PLC0415 (startup)
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415 (startup)
    from docx.opc.packuri import PackURI  # noqa: PLC0415 (startup)
    from docx.oxml.shape import CT_Inline  # noqa: PLC0415 (startup)
    from docx.parts.image import ImagePart  # noqa: PLC0415 (startup)

    part = run.part
    n = getattr(part, "_thidua_pictures", 0) + 1
    part._thidua_pictures = n
    image = Image.from_blob(png)
    media = ImagePart(PackURI(f"/word/media/hinh{n}.{image.ext}"), image.content_type, png, image)
    rid = f"rIdHinh{n}"
    part.rels.add_relationship(RELATIONSHIP_TYPE.IMAGE, media, rid)
    cx, cy = image.scaled_dimensions(width, None)
    run._r.add_drawing(CT_Inline.new_pic_inline(PICTURE_ID_BASE + n, rid, image.filename, cx, cy))
