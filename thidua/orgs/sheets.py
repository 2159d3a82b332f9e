"""Spreadsheets in and out, the way officials really have them.

Reading: .xlsx and legacy .xls (python-calamine), .csv; title rows above the header, header
synonyms, merged cells (values filled down/right), stray spaces, NFD text, TCVN3/VNI legacy text.
Writing: one exporter shape (rows → XLSX or CSV) that neutralises formula-like cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from thidua.vn import normalise
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


def _header_key(text: object) -> str:
    folded = normalise.fold(str(text or ""))
    return re.sub(r"[^a-z0-9]+", "", folded)


def _sniff(data: bytes, filename: str) -> str:
    if data[:4] == b"PK\x03\x04":
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


def _font_encodings(data: bytes, scan_rows: int = 60) -> dict[int, tuple[str, bool]]:
    """Per column, the legacy encoding its cells' font names (".VnTime" → TCVN3, "VNI-Times" → VNI),
    and whether the font is an upper-case TCVN3 "H" font. Only .xlsx carries fonts we can read."""
    found: dict[int, tuple[str, bool]] = {}
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        for row in ws.iter_rows(min_row=1, max_row=scan_rows):
            for idx, cell in enumerate(row):
                if not isinstance(getattr(cell, "value", None), str):
                    continue
                font = getattr(getattr(cell, "font", None), "name", None)
                encoding = normalise.encoding_from_font(font)
                if encoding and idx not in found:
                    found[idx] = (encoding, normalise.is_uppercase_font(font))
        wb.close()
    except Exception:  # fonts are a hint only; the content detector still runs
        return {}
    return found


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


def _read_grid(data: bytes, kind: str) -> list[list[object]]:
    if kind == "csv":
        for encoding in ("utf-8-sig", "cp1258", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if kind == "xlsx":
        _check_zip(data)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = wb.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
        merged = getattr(sheet, "merged_cell_ranges", None) or []
    except SheetError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SheetError(f"Không đọc được bảng tính: {exc}") from exc
    grid = [list(r) for r in grid]
    for rng in merged:
        (r0, c0), (r1, c1) = rng
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(grid[r]) and grid[r][c] in ("", None):
                    grid[r][c] = value
    return grid


def read_table(data: bytes, filename: str, columns: Sequence[Column], *, max_bytes: int,
               encoding: str = "auto") -> SheetTable:
    """Read the first sheet into rows keyed by column key.

    `encoding`: "auto" (detect TCVN3/VNI per column), "unicode", "tcvn3" or "vni".
    """
    if not data:
        raise SheetError("Tệp rỗng.")
    if len(data) > max_bytes:
        raise SheetError(f"Tệp quá lớn ({len(data) // 1024 // 1024} MB); giới hạn {max_bytes // 1024 // 1024} MB.")
    kind = _sniff(data, filename)
    grid = _read_grid(data, kind)
    fonts = _font_encodings(data) if (kind == "xlsx" and encoding == "auto") else {}
    if fonts:
        for raw in grid:
            for idx, (enc, upper) in fonts.items():
                if idx < len(raw) and isinstance(raw[idx], str):
                    raw[idx] = normalise.fix_legacy(raw[idx], enc, upper=upper)
    if len(grid) > MAX_ROWS:
        raise SheetError(f"Bảng tính có quá nhiều dòng (tối đa {format_number(MAX_ROWS)}).")

    wanted = {c.key: c.keys() for c in columns}
    best: tuple[int, int, dict[str, int], list[str]] | None = None
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        unmatched: list[str] = []
        for c, cell in enumerate(row):
            text = cell if isinstance(cell, str) else ("" if cell is None else str(cell))
            if encoding in ("tcvn3", "vni"):
                text = normalise.fix_legacy(text, encoding)
            elif encoding == "auto" and normalise.detect_legacy(text):
                text = normalise.fix_legacy(text, normalise.detect_legacy(text))
            key = _header_key(text)
            if not key:
                continue
            for col_key, keys in wanted.items():
                if key in keys and col_key not in found:
                    found[col_key] = c
                    break
            else:
                unmatched.append(normalise.clean_text(text))
        if found and (best is None or len(found) > best[1]):
            best = (r, len(found), found, unmatched)
    required = [c for c in columns if c.required]
    if best is None:
        names = ", ".join(f"“{c.title}”" for c in required) or "tiêu đề cột"
        raise SheetError(f"Không tìm thấy dòng tiêu đề. Bảng tính cần các cột: {names}.")
    header_row, _, found, unmatched = best
    missing = [c for c in required if c.key not in found]
    # A full name column can stand in for the split name columns; callers declare such choices
    # by marking none of them required and validating per row.
    if missing:
        names = ", ".join(f"“{c.title}”" for c in missing)
        raise SheetError(f"Thiếu cột bắt buộc: {names} (dòng tiêu đề là dòng {header_row + 1}).")

    rows: list[SheetRow] = []
    for r in range(header_row + 1, len(grid)):
        raw = grid[r]
        values = {key: _normalise_cell(raw[idx]) if idx < len(raw) else None for key, idx in found.items()}
        rows.append(SheetRow(number=r + 1, values=values, raw=list(raw)))

    legacy = None
    if encoding in ("tcvn3", "vni"):
        legacy = encoding
    elif fonts:
        legacy = None  # already converted column by column from the fonts
    elif encoding == "auto":
        sample = " ".join(str(v) for row in rows[:200] for v in row.values.values() if isinstance(v, str))
        legacy = normalise.detect_legacy(sample) if sample else None
    if legacy:
        for row in rows:
            for key, value in row.values.items():
                if isinstance(value, str):
                    row.values[key] = normalise.clean_text(normalise.fix_legacy(value, legacy))
    if fonts and not legacy:
        legacy = "/".join(sorted({enc for enc, _ in fonts.values()}))
    return SheetTable(header_row=header_row + 1, columns=found, rows=rows, unmatched_headers=unmatched,
                      legacy_encoding=legacy)


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
