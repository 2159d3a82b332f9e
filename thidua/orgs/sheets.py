"""Spreadsheets in and out, the way officials really have them.

Reading: .xlsx and legacy .xls (python-calamine), .csv; title rows above the header, header
synonyms, merged cells (values filled down/right), stray spaces, NFD text, TCVN3/VNI legacy text.
Writing: one exporter shape (rows → XLSX or CSV) that neutralises formula-like cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from thidua.vn import normalise
from thidua.vn.legacy import read_legacy, reads_as_vietnamese
from thidua.vn.money import format_number

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 150
MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 20


class SheetError(ValueError):
    """A file that cannot be read as a table; the message is Vietnamese and shown to the user."""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def keys(self) -> set[str]:
        return {_header_key(a) for a in (self.title, *self.aliases)}


@dataclass
class SheetRow:
    number: int  # 1-based row number as the user sees it in Excel
    values: dict[str, object]
    raw: list[object] = field(default_factory=list)
    footer: bool = False  # under the table: totals, the date line, signatures
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # (column title, as is, converted)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return normalise.clean_text(str(value))


@dataclass
class SheetTable:
    header_row: int
    columns: dict[str, int]  # key -> column index
    rows: list[SheetRow]
    unmatched_headers: list[str]
    legacy_encoding: str | None = None
    legacy_counts: dict[str, int] = field(default_factory=dict)  # cells converted, per encoding


def _header_key(text: object) -> str:
    folded = normalise.fold(str(text or ""))
    return re.sub(r"[^a-z0-9]+", "", folded)


def _sniff(data: bytes, filename: str) -> str:
    if data[:4] == b"PK\x03\x04":
        _check_zip(data)  # a zip bomb or a zip that is no workbook is refused before it is opened
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    name = filename.lower()
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise SheetError("Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc CSV.")


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > 5000:
                raise SheetError("Tệp Excel có cấu trúc bất thường (quá nhiều thành phần).")
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
                raise SheetError("Tệp Excel giải nén ra quá lớn (nghi là tệp độc hại); không xử lý.")
            if "[Content_Types].xml" not in zf.namelist():
                raise SheetError("Tệp không phải bảng tính Excel hợp lệ.")
    except zipfile.BadZipFile:
        raise SheetError("Tệp Excel bị hỏng hoặc không đúng định dạng.")


_CELL = re.compile(rb'<c\b([^>]*?)(/>|>(.*?)</c>)', re.S)
_ATTR_R = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_FORMULA = re.compile(rb"<f\b[^>]*>(.*?)</f>|<f\b[^>]*/>", re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>|<is>", re.S)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _attr(tag: bytes, name: bytes) -> str | None:
    m = re.search(rb"\b" + name + rb'="([^"]*)"', tag)
    return html.unescape(m.group(1).decode("utf-8", "replace")) if m else None


def _first_sheet_path(zf: zipfile.ZipFile) -> str:
    """The part holding the first sheet (what calamine reads), from workbook.xml and its relations.
    Read with regular expressions: the standard library's XML parser is not safe on untrusted files."""
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*>", zf.read("xl/workbook.xml"))
    rid = _attr(sheet.group(0), rb"r:id") if sheet else None
    for rel in re.findall(rb"<Relationship\b[^>]*>", zf.read("xl/_rels/workbook.xml.rels")):
        if rid and _attr(rel, rb"Id") == rid:
            target = _attr(rel, rb"Target") or ""
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return "xl/worksheets/sheet1.xml"


def _legacy_styles(zf: zipfile.ZipFile) -> dict[int, tuple[str, bool]]:
    """Cell style index → (legacy encoding, upper-case "H" font) for the styles whose font is legacy."""
    try:
        styles = zf.read("xl/styles.xml")
    except KeyError:
        return {}
    fonts_part = re.search(rb"<(?:\w+:)?fonts\b[^>]*>(.*?)</(?:\w+:)?fonts>", styles, re.S)
    xfs_part = re.search(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", styles, re.S)
    if not fonts_part or not xfs_part:
        return {}
    fonts = []
    for font in re.finditer(rb"<(?:\w+:)?font\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?font>)", fonts_part.group(1), re.S):
        name = re.search(rb"<(?:\w+:)?name\b[^>]*>", font.group(1) or b"")
        fonts.append(_attr(name.group(0), rb"val") if name else None)
    found = {}
    for i, xf in enumerate(re.findall(rb"<(?:\w+:)?xf\b[^>]*>", xfs_part.group(1))):
        font_id = int(_attr(xf, rb"fontId") or 0)
        name = fonts[font_id] if font_id < len(fonts) else None
        if encoding := normalise.encoding_from_font(name):
            found[i] = (encoding, normalise.is_uppercase_font(name))
    return found


@dataclass
class _CellFacts:
    """What the grid of values does not say about an .xlsx: each cell's legacy font and the formulas
    that have no stored value (a formula Excel never computed reads as an empty cell)."""

    fonts: dict[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def _font_encodings(data: bytes) -> _CellFacts:
    """Per cell (row, column), the legacy encoding its font names (".VnTime" → TCVN3, "VNI-Times" → VNI,
    and whether it is an upper-case "H" font), and the formulas without a value. Read straight from
    the sheet's XML (a regular-expression pass: 5,000 rows in a few tens of milliseconds)."""
    facts = _CellFacts()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            legacy = _legacy_styles(zf)
            xml = zf.read(_first_sheet_path(zf))
    except (KeyError, zipfile.BadZipFile, ValueError):
        return facts
    if legacy:
        wanted = b"|".join(str(i).encode() for i in legacy)
        for m in re.finditer(rb'<c\b([^>]*?\bs="(' + wanted + rb')"[^>]*)>', xml):
            if ref := _ATTR_R.search(m.group(1)):
                facts.fonts[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = legacy[int(m.group(2))]
    for f in re.finditer(rb"<f\b", xml):  # only where there are formulas: the cell around each
        start, end = xml.rfind(b"<c ", 0, f.start()), xml.find(b"</c>", f.start())
        cell = _CELL.match(xml, start, end + 4) if start >= 0 and end >= 0 else None
        ref = _ATTR_R.search(cell.group(1)) if cell else None
        if ref is None:
            continue
        body = cell.group(3) or b""
        value = _VALUE.search(body)
        if value is None or value.group(0) == b"<v></v>":
            formula = _FORMULA.search(body)
            text = ((formula.group(1) if formula else b"") or b"").decode("utf-8", "replace")
            facts.formulas[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = "=" + html.unescape(text)
    return facts


def _normalise_cell(value: object) -> object:
    if isinstance(value, str):
        return normalise.clean_text(value) or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    if value == "":
        return None
    return value


def _decode_csv(data: bytes, encoding: str) -> str:
    """UTF-8 (with or without BOM) when it decodes; otherwise the bytes one to one (Latin-1, with
    Windows-1252 punctuation), which is how TCVN3/VNI text is held, or Windows-1258 (Excel's
    "CSV" on a Vietnamese Windows) when that reads as Vietnamese and no legacy choice was made."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        one_to_one = data.decode("cp1252")
    except UnicodeDecodeError:
        one_to_one = data.decode("latin-1")
    if encoding in ("tcvn3", "vni"):
        return one_to_one
    try:
        vn = normalise.nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        return one_to_one
    words = [w for w in re.findall(r"[^\W\d_]+", vn) if not w.isascii()]
    if words and sum(1 for w in words if reads_as_vietnamese(w)) * 10 >= len(words) * 9:
        legacy_words = [w for w in re.findall(r"[^\W\d_]+", one_to_one) if not w.isascii()]
        converted = sum(1 for w in legacy_words if read_legacy(w).encoding)
        if converted * 2 < len(legacy_words):
            return vn
    return one_to_one


def _read_grid(data: bytes, kind: str, encoding: str = "auto") -> tuple[list[list[object]], list]:
    """The first sheet's values as a grid, and its merged ranges ((r0, c0), (r1, c1))."""
    if kind == "csv":
        text = _decode_csv(data, encoding)
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)], []
    try:
        from python_calamine import CalamineWorkbook  # noqa: PLC0415 (startup)

        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = wb.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
        merged = getattr(sheet, "merged_cell_ranges", None) or []
    except SheetError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SheetError(f"Không đọc được bảng tính: {exc}") from exc
    return [list(r) for r in grid], list(merged)


def _fill_merged(grid: list[list[object]], merged: list) -> None:
    for rng in merged:
        (r0, c0), (r1, c1) = rng
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(grid[r]) and grid[r][c] in ("", None):
                    grid[r][c] = value


@dataclass
class LegacyCheck:
    """A cell whose text reads as Vietnamese both as it is and converted: kept as it is, shown."""

    row: int  # 1-based, as in Excel
    column: int  # 0-based
    original: str
    candidate: str


def _decode_legacy(grid: list[list[object]], facts: _CellFacts, encoding: str
                   ) -> tuple[dict[str, int], list[LegacyCheck]]:
    """Convert legacy text in place, cell by cell; returns (cells converted per encoding, cells to check)."""
    counts: dict[str, int] = {}
    checks: list[LegacyCheck] = []
    if encoding == "unicode":
        return counts, checks
    forced = encoding if encoding in normalise.LEGACY_ENCODINGS else None
    second_look: list[tuple[int, int]] = []
    detected: dict[str, int] = {}  # read from the text alone, not from a font
    examined = 0
    seen: dict[tuple, object] = {}  # the same text in the same font reads the same (units, positions)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value or value.isascii():
                continue
            font = facts.fonts.get((r, c))
            memo = (value, font or forced)
            reading = seen.get(memo)
            if reading is None:
                if font is not None:
                    reading = read_legacy(value, font_encoding=font[0], upper=font[1])
                elif forced:  # the user's choice, except where the text reads as Vietnamese both ways
                    reading = read_legacy(value, hint=forced)
                    if not reading.unsure and reading.encoding is None and not reads_as_vietnamese(value):
                        reading = read_legacy(value, font_encoding=forced)
                else:
                    reading = read_legacy(value)
                seen[memo] = reading
            if reading.unsure and (forced or font is not None):  # a person decides: both readings shown
                checks.append(LegacyCheck(r + 1, c, normalise.clean_text(reading.text),
                                          normalise.clean_text(reading.candidate)))
                continue
            if font is None and not forced:
                examined += 1
                if reading.encoding is None:
                    second_look.append((r, c))
                    continue
                detected[reading.encoding] = detected.get(reading.encoding, 0) + 1
            if reading.encoding:
                row[c] = reading.text
                counts[reading.encoding] = counts.get(reading.encoding, 0) + 1
    # The file's own encoding settles the cells that read both ways: the one most cells read in by
    # their text, when enough do and the file marks none by font (a workbook that marks legacy text
    # by font marks the rest as Unicode by theirs).
    hint = max(detected, key=detected.get) if detected else None
    if hint and (facts.fonts or detected[hint] * 20 < examined):
        hint = None
    if second_look and hint:
        for r, c in second_look:
            reading = read_legacy(grid[r][c], hint=hint)
            if reading.unsure:
                checks.append(LegacyCheck(r + 1, c, normalise.clean_text(reading.text),
                                          normalise.clean_text(reading.candidate)))
            elif reading.encoding:
                grid[r][c] = reading.text
                counts[reading.encoding] = counts.get(reading.encoding, 0) + 1
    return counts, checks


def legacy_note(counts: dict[str, int]) -> str:
    """ "12 ô TCVN3, 3 ô VNI đã chuyển sang Unicode." or ""."""
    parts = [f"{format_number(n)} ô {enc.upper()}" for enc, n in sorted(counts.items()) if n]
    return f"{', '.join(parts)} đã chuyển sang Unicode." if parts else ""


# Rows under the table: totals, the place-and-date line, signature blocks. From the first such row on,
# nothing is data.
_FOOTER = re.compile(
    r"^(tong cong\b.*|tong so\b.*|nguoi lap( bieu| danh sach)?|lap bieu|ky,? ghi ro ho ten|ky ten,? dong dau|"
    r"ky,? dong dau|xac nhan cua .*|.*ngay \S* ?thang \S* ?nam \S*)$"
)


def _is_footer(row: list[object]) -> bool:
    texts = [v for v in row if isinstance(v, str) and v.strip()]
    if not texts or len(set(texts)) > 2:
        return False
    texts = [normalise.fold(v) for v in texts]
    return any(_FOOTER.match(re.sub(r"[^a-z0-9 ,]+", "", t).strip(" ,")) for t in texts)


def _text_of(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return normalise.clean_text(str(cell))


def _match_header(cells: Sequence[object], wanted: dict[str, set[str]], found: dict[str, int],
                  unmatched: list[str]) -> None:
    for c, cell in enumerate(cells):
        text = _text_of(cell)
        key = _header_key(text)
        if not key or c in found.values():
            continue
        for col_key, keys in wanted.items():
            if key in keys and col_key not in found:
                found[col_key] = c
                break
        else:
            unmatched.append(text)


def _find_header(grid: list[list[object]], columns: Sequence[Column]
                 ) -> tuple[int, int, dict[str, int], list[str]] | None:
    """(first header row, rows it spans (1 or 2), column key → index, unmatched headers) of the
    best-matching header in the first rows. A two-row header (a group title over sub-titles, merged or
    not) is read as one: a column matches by either of its two cells."""
    wanted = {c.key: c.keys() for c in columns}
    best = None
    rows = grid[:HEADER_SCAN_ROWS]
    for r, row in enumerate(rows):
        found: dict[str, int] = {}
        unmatched: list[str] = []
        _match_header(row, wanted, found, unmatched)
        if not found:
            continue
        span = 1
        if r + 1 < len(grid):
            below = dict(found)
            extra: list[str] = []
            _match_header(grid[r + 1], wanted, below, extra)
            if len(below) > len(found):
                found, unmatched, span = below, unmatched + extra, 2
        unmatched = [t for t in dict.fromkeys(unmatched) if t]
        if best is None or len(found) > len(best[2]):
            best = (r, span, found, unmatched)
    return best


def _headers_seen(grid: list[list[object]]) -> str:
    """The texts of the fullest of the first rows, to show what the file has instead."""
    rows = [[_text_of(c) for c in row if _text_of(c)] for row in grid[:HEADER_SCAN_ROWS]]
    fullest = max(rows, key=len, default=[])
    if not fullest:
        return "không có"
    shown = [f"“{t[:40]}”" for t in dict.fromkeys(fullest)][:15]
    return ", ".join(shown)


def check_file(data: bytes, filename: str, *, max_bytes: int) -> str:
    """An upload page's quick checks before a background import (empty, size, content); SheetError if not."""
    if not data:
        raise SheetError("Tệp rỗng.")
    if len(data) > max_bytes:
        raise SheetError(f"Tệp quá lớn ({len(data) // 1024 // 1024} MB); giới hạn {max_bytes // 1024 // 1024} MB.")
    return _sniff(data, filename)


def read_table(data: bytes, filename: str, columns: Sequence[Column], *, max_bytes: int,
               encoding: str = "auto") -> SheetTable:
    """Read the first sheet into rows keyed by column key.

    `encoding`: "auto" (each cell by its own font, else by its text: `vn.legacy.read_legacy`),
    "unicode", "tcvn3" or "vni" (every cell not in another legacy font read in that encoding).
    """
    kind = check_file(data, filename, max_bytes=max_bytes)
    grid, merged = _read_grid(data, kind, encoding)
    if len(grid) > MAX_ROWS:
        raise SheetError(f"Bảng tính có quá nhiều dòng (tối đa {format_number(MAX_ROWS)}).")
    facts = _font_encodings(data) if kind == "xlsx" else _CellFacts()
    for (r, c), formula in facts.formulas.items():
        if r < len(grid) and c < len(grid[r]) and grid[r][c] in ("", None):
            grid[r][c] = formula
    counts, checks = _decode_legacy(grid, facts, encoding)
    _fill_merged(grid, merged)

    best = _find_header(grid, columns)
    required = [c for c in columns if c.required]
    if best is None:
        names = ", ".join(f"“{c.title}”" for c in (required or columns))
        need = "cần các cột" if required else "cần ít nhất một trong các cột"
        raise SheetError(f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu: bảng tính {need} "
                         f"{names}. Các tiêu đề thấy trong tệp: {_headers_seen(grid)}.")
    header_row, span, found, unmatched = best
    missing = [c for c in required if c.key not in found]
    if missing:
        names = ", ".join(f"“{c.title}”" for c in missing)
        seen = ", ".join(f"“{t[:40]}”" for t in unmatched[:15]) or "không có"
        raise SheetError(f"Thiếu cột bắt buộc: {names} (dòng tiêu đề là dòng {header_row + 1}). "
                         f"Các cột khác thấy ở dòng tiêu đề: {seen}.")

    by_row: dict[int, list[LegacyCheck]] = {}
    for check in checks:
        by_row.setdefault(check.row, []).append(check)
    titles = {idx: next(c.title for c in columns if c.key == key) for key, idx in found.items()}
    rows: list[SheetRow] = []
    footer = False
    for r in range(header_row + span, len(grid)):
        raw = grid[r]
        # under the table from the first footer row on; a full row after it (three texts or more)
        # is data again, never lost to a date typed in a note
        if footer and len({v for v in raw if isinstance(v, str) and v.strip()}) >= 3:
            footer = False
        footer = footer or _is_footer(raw)
        values = {key: _normalise_cell(raw[idx]) if idx < len(raw) else None for key, idx in found.items()}
        row_checks = [(titles[k.column], k.original, k.candidate) for k in by_row.get(r + 1, ())
                      if k.column in titles]
        rows.append(SheetRow(number=r + 1, values=values, raw=list(raw), footer=footer, checks=row_checks))

    legacy = encoding if encoding in normalise.LEGACY_ENCODINGS else ("/".join(sorted(counts)) or None)
    return SheetTable(header_row=header_row + span, columns=found, rows=rows, unmatched_headers=unmatched,
                      legacy_encoding=legacy, legacy_counts=counts)


# --- writing -------------------------------------------------------------------------------

def neutralise(value: object) -> object:
    """A value as a CSV cell: text in NFC, and text that a spreadsheet would run as a formula
    (`vn.normalise.looks_like_formula`) quoted with a leading apostrophe. Numbers, dates and None
    pass unchanged (-5 stays a number)."""
    if isinstance(value, str):
        value = normalise.nfc(value)
        if normalise.looks_like_formula(value):
            return "'" + value
    return value


def _put(cell, value: object) -> None:
    """The one way a value goes into an xlsx cell. Text is NFC and always a string cell (never a
    formula, whatever it starts with); text a spreadsheet would run on editing is also marked
    quote-prefixed, so Excel and LibreOffice keep it text when the cell is edited. The text itself
    stays as typed, so an exported sheet imports back to the same values."""
    if isinstance(value, str):
        value = normalise.nfc(value)
        cell.value = value
        cell.data_type = "s"
        if normalise.looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value


@dataclass(frozen=True)
class ExportColumn:
    title: str
    width: float = 18
    kind: str = "text"  # text | int | money | date


def write_xlsx(columns: Sequence[ExportColumn], rows: Iterable[Sequence[object]], *, title: str = "",
               subtitle_lines: Sequence[str] = (), sheet_name: str = "Danh sách") -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 (startup)
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: PLC0415 (startup)
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 (startup)

    wb = Workbook()
    ws = wb.active
    ws.title = (sheet_name.lstrip("=+-@\t\r\n \uff1d\uff0b\uff0d\uff20") or "Danh sách")[:31]
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    r = 1
    ncols = len(columns) + 1
    if title:
        _put(ws.cell(row=r, column=1), title)
        ws.cell(row=r, column=1).font = Font(name="Times New Roman", size=14, bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
        r += 1
    for line in subtitle_lines:
        _put(ws.cell(row=r, column=1), line)
        ws.cell(row=r, column=1).font = Font(name="Times New Roman", size=12, italic=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
        r += 1
    if title or subtitle_lines:
        r += 1
    header_row = r
    for c, col in enumerate([ExportColumn("STT", 6), *columns], start=1):
        cell = ws.cell(row=r, column=c)
        _put(cell, col.title)
        cell.font = bold
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    for i, row in enumerate(rows, start=1):
        r += 1
        cells = [i, *row]
        for c, value in enumerate(cells, start=1):
            col = columns[c - 2] if c > 1 else ExportColumn("STT", kind="int")
            cell = ws.cell(row=r, column=c)
            _put(cell, value)
            cell.font = font
            cell.border = border
            if col.kind == "money":
                cell.number_format = "#,##0"
            elif col.kind == "date":
                cell.number_format = "dd/mm/yyyy"
            cell.alignment = Alignment(vertical="top", wrap_text=col.kind == "text",
                                       horizontal="center" if c == 1 else None)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{max(r, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ncols > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_csv(columns: Sequence[ExportColumn], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["STT", *[neutralise(c.title) for c in columns]])
    for i, row in enumerate(rows, start=1):
        writer.writerow([i, *[neutralise(v) for v in row]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
