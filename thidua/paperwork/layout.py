"""Validation, and the one plain-data layout both renderers draw from.

`prepare()` turns a Document or FreePage into JSON-ready dicts: case applied (UPPER where the Decree
asks), punctuation of lists completed, tables checked against the page width (moved to landscape
pages when too wide for portrait). The PDF renderer hands this JSON to Typst; the DOCX renderer walks
the same dicts, so the two formats cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from . import fonts
from .model import (
    Annex,
    Article,
    Block,
    Bullets,
    Document,
    FreePage,
    GroupRow,
    Header,
    Heading,
    PageBreak,
    PaperworkError,
    Paragraph,
    Qr,
    QrItem,
    ReportForm,
    Table,
    Text,
)
from .qr import qr_svg

PAGE_MM = {"A4": (210.0, 297.0)}
MARGIN_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}  # Phụ lục I: 20–25/20–25/30–35/15–20
TABLE_INSET_PT = 3.0  # a table cell's left/right padding, in the DOCX and in typst/document.typ alike
TABLE_INSET_Y_PT = 4.0  # a table cell's top/bottom padding in typst/document.typ (the DOCX matches it)
HEADER_LEFT = 0.36  # ô 2–3's share of the text width when everything fits (ô 1 and 4 take the rest)
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
AIR_MM = 1.5  # spare width beside a line that must not wrap (kerning, a renderer's rounding)
MIN_COLUMN_MM = 7.0  # narrower than this, a cell cannot hold "Nguyễn" in 12 pt
SIGNATURE_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


def text_width_mm(landscape: bool, paper: str = "A4") -> float:
    w, h = PAGE_MM[paper]
    return (h if landscape else w) - MARGIN_MM["left"] - MARGIN_MM["right"]


# ---------------------------------------------------------------- validation


def _strings(obj, path: str):
    """Yield (path, string) for every string inside a model object."""
    if isinstance(obj, str):
        yield path, obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, tuple | list):
        for i, v in enumerate(obj):
            yield from _strings(v, f"{path}[{i}]")


_DRAWABLE: set[str] = set()  # texts found drawable: the letters of one run share most of theirs


def _check_glyphs(obj) -> None:
    """The one drawable-text rule (`fonts.undrawable`): no glyph in the fonts, or a control character."""
    for path, s in _strings(obj, ""):
        if s in _DRAWABLE:
            continue
        if message := fonts.undrawable_message(f"Phần {path}", s):
            codes = ", ".join(f"U+{ord(c):04X}" for c in fonts.undrawable(s))
            raise PaperworkError(f"{message[:-1]} (mã {codes}).", path)
        if len(_DRAWABLE) > 50_000:
            _DRAWABLE.clear()
        _DRAWABLE.add(s)


def _require(value: str, message: str, part: str) -> None:
    if not value or not value.strip():
        raise PaperworkError(f"{message} ({part})", part)


_NUMBER = re.compile(r"^\s*(\d+)/")
_DAY = re.compile(r"ngày\s+(\d+)\s")
_MONTH = re.compile(r"tháng\s+(\d+)\s")


def _check_leading_zeros(doc: Document) -> None:
    m = _NUMBER.match(doc.header.number_code)
    if m and int(m.group(1)) < 10 and len(m.group(1)) < 2:
        raise PaperworkError(
            f"Số văn bản nhỏ hơn 10 phải có số 0 ở trước, ví dụ 0{m.group(1)}/… (header.number_code)",
            "header.number_code",
        )
    d = _DAY.search(doc.header.place_date)
    if d and int(d.group(1)) < 10 and len(d.group(1)) < 2:
        raise PaperworkError("Ngày nhỏ hơn 10 phải có số 0 ở trước, ví dụ ngày 07 (header.place_date)",
                             "header.place_date")
    mo = _MONTH.search(doc.header.place_date)
    if mo and int(mo.group(1)) in (1, 2) and len(mo.group(1)) < 2:
        raise PaperworkError("Tháng 1 và tháng 2 phải viết tháng 01, tháng 02 (header.place_date)",
                             "header.place_date")


def _check_table(t: Table, part: str, landscape: bool) -> bool:
    """Validate a table; return True if it must go onto landscape pages."""
    label = f"{part} ({t.name})" if t.name else part
    if not t.columns:
        raise PaperworkError(f"Bảng không có cột nào ({label}.columns)", f"{part}.columns")
    for j, c in enumerate(t.columns):
        if not (c.width_ratio > 0):
            raise PaperworkError(f"Độ rộng cột phải lớn hơn 0 ({label}.columns[{j}])", f"{part}.columns[{j}]")
    n = len(t.columns)
    for i, r in enumerate(t.rows):
        if isinstance(r, GroupRow):
            continue
        if len(r) != n:
            raise PaperworkError(
                f"Dòng {i + 1} của bảng có {len(r)} ô, bảng có {n} cột ({label}.rows[{i}])", f"{part}.rows[{i}]"
            )
    if t.total_row is not None and len(t.total_row) != n:
        raise PaperworkError(
            f"Dòng tổng cộng có {len(t.total_row)} ô, bảng có {n} cột ({label}.total_row)", f"{part}.total_row"
        )
    total = sum(c.width_ratio for c in t.columns)
    narrowest = min(c.width_ratio for c in t.columns) / total

    def fits(land: bool) -> bool:
        return narrowest * text_width_mm(land) >= MIN_COLUMN_MM

    if fits(landscape or t.landscape):
        return t.landscape
    if fits(True):
        return True  # too wide for portrait: print it on landscape pages
    raise PaperworkError(
        f"Bảng có {n} cột, không vừa khổ A4 ngang: cột hẹp nhất chỉ còn "
        f"{narrowest * text_width_mm(True):.1f} mm, cần ít nhất {MIN_COLUMN_MM:.0f} mm. "
        f"Hãy bớt cột hoặc tách bảng ({label})",
        part,
    )


def _check_blocks(blocks, part: str, landscape: bool) -> None:
    for i, b in enumerate(blocks):
        p = f"{part}[{i}]"
        if isinstance(b, Paragraph | Heading | Article):
            _require(b.text, "Đoạn văn bản trống", f"{p}.text")
        if isinstance(b, Heading) and b.level not in (1, 2, 3):
            raise PaperworkError(f"Cấp đề mục phải là 1, 2 hoặc 3 ({p}.level)", f"{p}.level")
        if isinstance(b, Bullets):
            if not b.items:
                raise PaperworkError(f"Danh sách gạch đầu dòng trống ({p}.items)", f"{p}.items")
            for j, it in enumerate(b.items):
                _require(it, "Mục trống trong danh sách", f"{p}.items[{j}]")
        if isinstance(b, Table):
            _check_table(b, p, landscape)
        if isinstance(b, Qr):
            _require(b.data, "Mã QR không có dữ liệu", f"{p}.data")
            if not 10 <= b.size_mm <= 120:
                raise PaperworkError(f"Cỡ mã QR phải từ 10 đến 120 mm ({p}.size_mm)", f"{p}.size_mm")
        if not isinstance(b, Paragraph | Heading | Article | Bullets | Table | Qr | PageBreak):
            raise PaperworkError(f"Khối nội dung không hợp lệ: {type(b).__name__} ({p})", p)


def validate(item: Document | FreePage | ReportForm) -> None:
    """Raise PaperworkError (Vietnamese, naming the part) if `item` cannot be rendered faithfully."""
    if isinstance(item, FreePage):
        _validate_free(item)
        return
    if isinstance(item, ReportForm):
        _validate_form(item)
        return
    if not isinstance(item, Document):
        raise PaperworkError(f"Không phải văn bản: {type(item).__name__}", "")
    doc = item
    h = doc.header
    _require(h.authority, "Thiếu tên cơ quan ban hành", "header.authority")
    if not doc.working:  # a working paper has no number and may have no date
        _require(h.number_code, "Thiếu số, ký hiệu văn bản", "header.number_code")
        _require(h.place_date, "Thiếu địa danh, ngày tháng năm ban hành", "header.place_date")
    _require(doc.summary, "Thiếu trích yếu nội dung", "summary")
    if doc.kind_name is not None:
        _require(doc.kind_name, "Thiếu tên loại văn bản", "kind_name")
    if not doc.body and not doc.annexes:
        raise PaperworkError("Văn bản không có nội dung (body)", "body")
    if doc.paper not in PAGE_MM:
        raise PaperworkError(f"Khổ giấy không hỗ trợ: {doc.paper} (paper)", "paper")
    if doc.orientation not in ("portrait", "landscape"):
        raise PaperworkError(f"Hướng giấy không hợp lệ: {doc.orientation} (orientation)", "orientation")
    if not 13 <= doc.font_size <= 14:
        raise PaperworkError("Cỡ chữ nội dung phải từ 13 đến 14 (font_size)", "font_size")
    sigs = doc.signatures
    if not sigs and not doc.working:
        raise PaperworkError("Thiếu phần chữ ký (signature)", "signature")
    for i, s in enumerate(sigs):
        p = "signature" if len(sigs) == 1 else f"signature[{i}]"
        _require(s.title, "Thiếu chức vụ người ký", f"{p}.title")
        _require(s.name, "Thiếu họ tên người ký", f"{p}.name")
        prefix = s.prefix.strip()
        if prefix and not prefix.upper().startswith(SIGNATURE_PREFIXES):
            raise PaperworkError(
                f"Quyền hạn ký phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. ({p}.prefix)", f"{p}.prefix"
            )
    if not doc.distribution and not doc.working:
        raise PaperworkError("Thiếu nơi nhận (distribution)", "distribution")
    for i, r in enumerate(doc.recipients):
        _require(r, "Nơi gửi trống", f"recipients[{i}]")
    for i, r in enumerate(doc.distribution):
        _require(r, "Nơi nhận trống", f"distribution[{i}]")
    for i, r in enumerate(doc.legal_bases):
        _require(r, "Căn cứ trống", f"legal_bases[{i}]")
    _check_leading_zeros(doc)
    _check_blocks(doc.body, "body", doc.orientation == "landscape")
    for i, a in enumerate(doc.annexes):
        if not isinstance(a, Annex):
            raise PaperworkError(f"Phụ lục không hợp lệ ({i})", f"annexes[{i}]")
        if not any(t.strip() for t in a.title_lines):
            raise PaperworkError(f"Thiếu tên phụ lục (annexes[{i}].title_lines)", f"annexes[{i}].title_lines")
        if not a.blocks:
            raise PaperworkError(f"Phụ lục không có nội dung (annexes[{i}].blocks)", f"annexes[{i}].blocks")
        _check_blocks(a.blocks, f"annexes[{i}].blocks", a.landscape)
    _check_glyphs(doc)


def _validate_form(form: ReportForm) -> None:
    if not any(t.strip() for t in form.title_lines):
        raise PaperworkError("Thiếu tên biểu (title_lines)", "title_lines")
    if not form.blocks:
        raise PaperworkError("Biểu không có nội dung (blocks)", "blocks")
    if form.orientation not in ("portrait", "landscape"):
        raise PaperworkError(f"Hướng giấy không hợp lệ: {form.orientation} (orientation)", "orientation")
    if not 10 <= form.font_size <= 14:
        raise PaperworkError("Cỡ chữ của biểu phải từ 10 đến 14 (font_size)", "font_size")
    if not form.signers:
        raise PaperworkError("Thiếu phần ký của biểu (signers)", "signers")
    for i, s in enumerate(form.signers):
        _require(s.title, "Thiếu chức danh người ký biểu", f"signers[{i}].title")
    _check_blocks(form.blocks, "blocks", form.orientation == "landscape")
    _check_glyphs(form)


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_color(value: str, part: str) -> None:
    if value and not _COLOR.match(value):
        raise PaperworkError(f"Màu “{value}” không hợp lệ: ghi dạng #RRGGBB ({part})", part)


def _validate_free(page: FreePage) -> None:
    if not (page.width_mm > 0 and page.height_mm > 0):
        raise PaperworkError("Kích thước trang phải lớn hơn 0 (width_mm, height_mm)", "width_mm")
    _check_color(page.background, "background")
    for i, it in enumerate(page.items):
        p = f"items[{i}]"
        if not (0 <= it.x_mm < page.width_mm and 0 <= it.y_mm < page.height_mm):
            raise PaperworkError(f"Vị trí nằm ngoài trang ({p})", p)
        if isinstance(it, Text):
            _require(it.text, "Ô chữ trống", f"{p}.text")
            _check_color(it.color, f"{p}.color")
            if it.rotate not in (0, 180):
                raise PaperworkError(f"Chỉ xoay chữ 0 hoặc 180 độ ({p}.rotate)", f"{p}.rotate")
        elif isinstance(it, QrItem):
            _require(it.data, "Mã QR không có dữ liệu", f"{p}.data")
        else:
            raise PaperworkError(f"Thành phần không hợp lệ: {type(it).__name__} ({p})", p)
    _check_glyphs(page)


# ---------------------------------------------------------------- layout


def _punctuated(items, dash: bool = True) -> list[str]:
    """"- A;" … "- Z." as the Decree writes lists (adds, never removes, characters)."""
    out = []
    for i, it in enumerate(items):
        s = it.strip()
        last = i == len(items) - 1
        if s[-1] not in ";.,:!?":
            s += "." if last else ";"
        if dash and not s.startswith(("-", "+", "•")):
            s = "- " + s
        out.append(s)
    return out


def _mm(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    return fonts.text_width_pt(text, size, bold, italic) * 25.4 / 72


def header_columns(h: Header, width_mm: float) -> tuple[float, float]:
    """The national header's two columns in mm (ô 2–3 left, ô 1 and 4 right), for the PDF and the DOCX
    alike: 36 % / 64 % of the text width, the left one widened for an authority or parent line that
    would wrap (measured with the shipped font, bold as printed), never so far that the quốc hiệu or
    the tiêu ngữ wraps. A line too long for any split wraps in both formats."""
    left_need = max([_mm(x.strip().upper(), 13) for x in h.parent_authority.split("\n") if x.strip()]
                    + [_mm(x.strip().upper(), 13, bold=True) for x in h.authority.split("\n") if x.strip()]
                    + [_mm("Số: " + h.number_code.strip(), 13)]) + AIR_MM
    right_min = (max(_mm(QUOC_HIEU, 13, bold=True), _mm(TIEU_NGU, 14, bold=True)) + AIR_MM
                 if h.show_motto else 0.0)
    left = min(max(HEADER_LEFT * width_mm, left_need), max(HEADER_LEFT * width_mm, width_mm - right_min))
    return round(left, 2), round(width_mm - left, 2)


@functools.lru_cache(maxsize=20_000)
def _word_mm(word: str, size: float, bold: bool) -> float:
    return _mm(word, size, bold)


def _longest_word_mm(cells, size: float, bold: bool) -> float:
    words = {w for c in cells for w in c.split()}
    return max((_word_mm(w, size, bold) for w in words), default=0.0)


def column_ratios(t: Table, width_mm: float) -> list[float]:
    """The columns' shares of `width_mm`, each at least as wide as the longest word of its title (bold,
    at the table's size) and of its cells (a number "6.000.000" is one word) plus the cell padding, the
    difference taken from the columns with room to spare: a narrow "STT" column otherwise broke its
    title inside the word, and a money column its number, in Word and LibreOffice."""
    ratios = [c.width_ratio for c in t.columns]
    total = sum(ratios)
    widths = [r / total * width_mm for r in ratios]
    pad_mm = 2 * TABLE_INSET_PT * 25.4 / 72 + 0.5  # both sides, and half a millimetre of air
    rows = [r for r in t.rows if not isinstance(r, GroupRow)]

    def need_mm(j: int, c) -> float:
        words = max(_longest_word_mm([c.title], t.font_size, True), _longest_word_mm([r[j] for r in rows],
                    t.font_size, False), _longest_word_mm([t.total_row[j]] if t.total_row else [], t.font_size,
                    True))
        return words + pad_mm

    # nor narrower than what `_check_table` asks of the narrowest column
    need = [max(MIN_COLUMN_MM, need_mm(j, c)) for j, c in enumerate(t.columns)]
    short = sum(max(0.0, n - w) for w, n in zip(widths, need, strict=True))
    room = sum(max(0.0, w - n) for w, n in zip(widths, need, strict=True))
    if short == 0 or room < short:
        return ratios  # nothing to mend, or nothing to mend it with
    out = [n if w < n else w - (w - n) / room * short for w, n in zip(widths, need, strict=True)]
    return [w / width_mm * total for w in out]


def _block(b: Block, landscape: bool, with_svg: bool) -> dict:
    if isinstance(b, Paragraph):
        return {"t": "p", "text": b.text, "bold": b.bold, "italic": b.italic, "align": b.align, "indent": b.indent}
    if isinstance(b, Heading):
        return {"t": "h", "text": b.text, "level": b.level}
    if isinstance(b, Article):
        number = str(b.number).strip().rstrip(".")
        return {"t": "article", "label": f"Điều {number}.", "text": b.text}
    if isinstance(b, Bullets):
        return {"t": "bullets", "marker": b.marker, "items": list(b.items)}
    if isinstance(b, Table):
        land = _check_table(b, b.name or "table", landscape) and not landscape
        rows = [{"group": r.text} if isinstance(r, GroupRow) else {"cells": list(r), "bold": i in b.bold_rows}
                for i, r in enumerate(b.rows)]
        return {
            "t": "table",
            "columns": [{"title": c.title, "ratio": r, "align": c.align}
                        for c, r in zip(b.columns, column_ratios(b, text_width_mm(landscape or land)), strict=True)],
            "rows": rows,
            "total": list(b.total_row) if b.total_row is not None else None,
            "repeat": b.header_repeat,
            "landscape": land,
            "size": b.font_size,
        }
    if isinstance(b, Qr):
        out = {"t": "qr", "data": b.data, "size": b.size_mm, "align": b.align, "caption": b.caption}
        if with_svg:
            out["svg"] = qr_svg(b.data)
        return out
    if isinstance(b, PageBreak):
        return {"t": "pagebreak"}
    raise PaperworkError(f"Khối nội dung không hợp lệ: {type(b).__name__}", "body")


def prepare(item: Document | FreePage | ReportForm, with_svg: bool = True, check: bool = True) -> dict:
    """Validate `item` and lay it out as plain data (see the module docstring)."""
    if check:
        validate(item)
    if isinstance(item, ReportForm):
        landscape = item.orientation == "landscape"
        return {"type": "form", "name": item.name, "landscape": landscape, "font_size": item.font_size,
                "left": [x.strip() for x in item.left if x.strip()],
                "title_lines": [t.strip().upper() for t in item.title_lines if t.strip()],
                "period": item.period.strip(), "right": [x.strip() for x in item.right if x.strip()],
                "body": [_block(b, landscape, with_svg) for b in item.blocks],
                "signers": [{"title": s.title.strip().upper(), "note": s.note.strip(), "name": s.name.strip(),
                             "place_date": s.place_date.strip()} for s in item.signers]}
    if isinstance(item, FreePage):
        items = []
        for it in item.items:
            if isinstance(it, Text):
                items.append({"t": "text", "x": it.x_mm, "y": it.y_mm, "text": it.text, "size": it.size_pt,
                              "bold": it.bold, "italic": it.italic, "align": it.align, "width": it.width_mm,
                              "rotate": it.rotate, "color": it.color or None})
            else:
                d = {"t": "qr", "x": it.x_mm, "y": it.y_mm, "data": it.data, "size": it.size_mm}
                if with_svg:
                    d["svg"] = qr_svg(it.data)
                items.append(d)
        return {"type": "free", "width": item.width_mm, "height": item.height_mm, "items": items,
                "background": item.background or None}

    doc = item
    h = doc.header
    landscape = doc.orientation == "landscape"
    recipients = list(doc.recipients)
    if len(recipients) > 1:
        recipients = _punctuated(recipients)
    return {
        "type": "doc",
        "name": doc.name,
        "landscape": landscape,
        "font_size": doc.font_size,
        "header": {
            "parent": h.parent_authority.strip().upper(),
            "authority": h.authority.strip().upper(),
            "number": "" if doc.working else "Số: " + h.number_code.strip(),
            "place_date": h.place_date.strip(),
            "motto": h.show_motto and not doc.working,
            "cv_summary": doc.summary.strip() if doc.kind_name is None else "",
            "columns": header_columns(h, text_width_mm(landscape)),
        },
        "kind": (doc.kind_name or "").strip().upper(),
        "summary": doc.summary.strip(),
        "recipients": recipients,
        "issuer": doc.issuer.strip().upper(),
        "bases": _punctuated(doc.legal_bases, dash=False) if doc.legal_bases else [],
        "closing": doc.closing.strip().upper(),
        "body": [_block(b, landscape, with_svg) for b in doc.body],
        "signatures": [
            {
                # an empty extra line is printed as one: a grid of signatories lines its names up
                "lines": [x.strip().upper() for x in (s.prefix, s.title) if x.strip()]
                + [x.strip().upper() for x in s.extra_title_lines],
                "name": s.name.strip(),
            }
            for s in doc.signatures
        ],
        "distribution": _punctuated(doc.distribution),
        "annexes": [
            {
                "label": a.label.strip(),
                "title_lines": [t.strip().upper() for t in a.title_lines if t.strip()],
                "subtitle": a.subtitle.strip(),
                "landscape": a.landscape,
                "blocks": [_block(b, a.landscape, with_svg) for b in a.blocks],
            }
            for a in doc.annexes
        ],
    }
