"""One description of a Decree 30/2020 document, shared by the DOCX and the PDF renderer.

Plain frozen dataclasses, no Django. Every string is normalised to NFC on construction and every
sequence is stored as a tuple. Callers pass already formatted strings ("15/KH-UBND",
"Hớn Quản, ngày 07 tháng 4 năm 2025"); `validate()` checks the Decree's leading-zero rules.

Numbers in comments ("ô 2") are the cells of the layout table in Nghị định 30/2020/NĐ-CP, Phụ lục I.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from typing import Literal


class PaperworkError(ValueError):
    """A document cannot be rendered as described. The message is Vietnamese and names the part."""

    def __init__(self, message: str, part: str = ""):
        super().__init__(message)
        self.part = part


def _norm(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value)
    return value


class _Frozen:
    """NFC-normalise strings and turn lists into tuples after __init__ (frozen dataclasses)."""

    def __post_init__(self):
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            normed = _norm(value)
            if normed is not value:
                object.__setattr__(self, f.name, normed)


Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Header(_Frozen):
    """Ô 1–4: the two-column national header."""

    parent_authority: str  # ô 2, upper part: "UBND TỈNH BÌNH PHƯỚC" (may be "")
    authority: str  # ô 2, lower part: "ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN" ("\n" = line break)
    number_code: str  # ô 3: "15/QĐ-UBND" (printed "Số: 15/QĐ-UBND")
    place_date: str  # ô 4: "Hớn Quản, ngày 07 tháng 4 năm 2025"
    show_motto: bool = True  # ô 1: quốc hiệu and tiêu ngữ


@dataclass(frozen=True)
class Signature(_Frozen):
    """Ô 7a (authority, prefix), 7b (title), 7c (name)."""

    prefix: str  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "" when the head signs in person
    title: str  # "PHÓ CHỦ TỊCH", "CHỦ TỊCH"
    name: str  # "Nguyễn Văn Hạ": no academic titles
    extra_title_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph(_Frozen):
    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True  # first-line indent 1 cm


@dataclass(frozen=True)
class Heading(_Frozen):
    """"I. MỤC ĐÍCH, YÊU CẦU" (level 1, bold), "1. Mục đích" (level 2, bold), "a) …" (level 3, bold italic)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Article(_Frozen):
    """"Điều 1." in bold, then the text."""

    number: int | str
    text: str


@dataclass(frozen=True)
class Bullets(_Frozen):
    items: tuple[str, ...]
    marker: str = "-"


@dataclass(frozen=True)
class Column(_Frozen):
    title: str
    width_ratio: float = 1.0
    align: Literal["left", "center", "right"] = "left"


@dataclass(frozen=True)
class GroupRow(_Frozen):
    """A row spanning the whole table: "I. TẬP THỂ", "II. CÁ NHÂN"."""

    text: str


@dataclass(frozen=True)
class Table(_Frozen):
    """A bordered table; the header row repeats on every page it runs over.

    `rows` holds lists of cell strings (one per column) or `GroupRow`s. `total_row` is printed bold.
    A table too wide for a portrait page is moved onto landscape pages; one too wide even for those
    is an error.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...] | GroupRow, ...]
    header_repeat: bool = True
    total_row: tuple[str, ...] | None = None
    landscape: bool = False
    font_size: float = 13
    name: str = ""  # used in error messages: "Bảng danh sách khen thưởng"
    bold_rows: tuple[int, ...] = ()  # indexes into `rows` printed bold (a form's "Tổng số", "1. Chia theo …")


@dataclass(frozen=True)
class Qr(_Frozen):
    """A QR code (always a full QR symbol, never Micro QR) printed `size_mm` wide."""

    data: str
    size_mm: float = 30
    align: Literal["left", "center", "right"] = "right"
    caption: str = ""


@dataclass(frozen=True)
class PageBreak(_Frozen):
    pass


Block = Paragraph | Heading | Article | Bullets | Table | Qr | PageBreak


def end_marked(blocks) -> tuple:
    """The blocks with Decree 30's end mark "./." closing the last paragraph or article (its own full stop
    not doubled); blocks already ending so, or with no text block, are returned as they are."""
    blocks = tuple(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if isinstance(b, Paragraph | Article):
            if b.text.rstrip().endswith("./."):
                return blocks
            text = b.text.rstrip().rstrip(".")
            return (*blocks[:i], dataclasses.replace(b, text=f"{text}./."), *blocks[i + 1:])
    return blocks


@dataclass(frozen=True)
class Annex(_Frozen):
    """An annex: its pages are numbered separately, from 1 (the number is shown from its 2nd page)."""

    title_lines: tuple[str, ...]  # ("DANH SÁCH", "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN")
    subtitle: str  # "(Kèm theo Quyết định số 15/QĐ-UBND ngày 07 tháng 4 năm 2025 của …)"
    blocks: tuple[Block, ...] = ()
    label: str = ""  # "Phụ lục", "Phụ lục I"; "" for none
    landscape: bool = False


@dataclass(frozen=True)
class Document(_Frozen):
    header: Header
    kind_name: str | None  # ô 5a: "QUYẾT ĐỊNH", "KẾ HOẠCH", "GIẤY MỜI"; None for a công văn
    summary: str  # ô 5a/5b trích yếu: "Về việc tặng Giấy khen …"; for công văn "V/v …"
    body: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()  # ô 9a "Kính gửi:"
    issuer: str = ""  # decisions: "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN" above the căn cứ
    legal_bases: tuple[str, ...] = ()  # "Căn cứ …;" (italic), last one ends "."
    closing: str = ""  # "QUYẾT ĐỊNH:" between the căn cứ and the articles
    signature: Signature | tuple[Signature, ...] | None = None
    distribution: tuple[str, ...] = ()  # ô 9b Nơi nhận; the last is usually "Lưu: VT, VP."
    annexes: tuple[Annex, ...] = ()
    paper: Literal["A4"] = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"
    font_size: float = 14  # body text, 13–14 pt
    name: str = ""  # for error messages and file names
    # An internal working paper (kịch bản dẫn chương trình, đề cương bài phát biểu, dự thảo lời phát động):
    # the organiser's name top left, no quốc hiệu and tiêu ngữ, no number; signature and Nơi nhận only if given.
    working: bool = False

    @property
    def signatures(self) -> tuple[Signature, ...]:
        if self.signature is None:
            return ()
        if isinstance(self.signature, Signature):
            return (self.signature,)
        return tuple(self.signature)


@dataclass(frozen=True)
class FormSigner(_Frozen):
    """One column of a report form's signature row: "NGƯỜI LẬP BIỂU" over "(Ký, họ tên)", room to sign,
    then the name when it is known."""

    title: str  # "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"
    note: str = "(Ký, họ tên)"
    name: str = ""
    place_date: str = ""  # italic, above the title: "Hớn Quản, ngày … tháng … năm …"


@dataclass(frozen=True)
class ReportForm(_Frozen):
    """A statistical report form (biểu mẫu báo cáo thống kê, such as those of Thông tư 02/2023/TT-BNV).
    Not a Decree 30 document: no national header, number, Kính gửi or Nơi nhận. Its top has three
    corners: left the form's code (first line bold), the circular that issued it and the day it is due;
    centre the title (bold, upper) and the period (italic); right the reporting unit and the unit that
    receives the report. Then the blocks (the table, whose first row is usually the column codes A, B,
    1, 2 …; notes), then the signers side by side."""

    left: tuple[str, ...]
    title_lines: tuple[str, ...]
    period: str
    right: tuple[str, ...]
    blocks: tuple[Block, ...]
    signers: tuple[FormSigner, ...]
    orientation: Literal["portrait", "landscape"] = "portrait"
    font_size: float = 12  # the corners and notes; the table has its own
    name: str = ""


# Free pages: absolute positions on a custom page (certificates on pre-printed blanks, name cards,
# backdrops). PDF only.


@dataclass(frozen=True)
class Text(_Frozen):
    """Text whose box has its top-left corner at (x_mm, y_mm); `width_mm` lets it wrap and align."""

    x_mm: float
    y_mm: float
    text: str
    size_pt: float = 14
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right"] = "left"
    width_mm: float | None = None
    rotate: Literal[0, 180] = 0  # 180: upside down, for the back half of a folded name card
    color: str = ""  # "#RRGGBB"; "" is black


@dataclass(frozen=True)
class QrItem(_Frozen):
    x_mm: float
    y_mm: float
    data: str
    size_mm: float = 25


@dataclass(frozen=True)
class FreePage(_Frozen):
    width_mm: float
    height_mm: float
    items: tuple[Text | QrItem, ...] = field(default_factory=tuple)
    name: str = ""
    background: str = ""  # "#RRGGBB" page colour (backdrop previews); "" is none (white paper)

