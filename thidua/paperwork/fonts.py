"""The shipped fonts: where they are, which characters they cover, how wide a string is.

Liberation Serif 2.x (SIL OFL, see fonts/LICENSE) is metric-compatible with Times New Roman and has
every Vietnamese letter; the 1.07 release that chromium pulls in lacks ư, ạ, ệ… . Typst is pointed at
this folder only, with system and embedded fonts ignored, so no glyph can fall back to another font.

fontTools is not a dependency, so this module reads the two tables it needs (cmap formats 4 and 12,
and hmtx) itself.
"""

from __future__ import annotations

import struct
import unicodedata
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Liberation Serif"  # the name Typst knows; DOCX names "Times New Roman" instead
FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}


class _Font:
    """cmap (code point → glyph id), advance widths and units per em of one TrueType file."""

    def __init__(self, data: bytes):
        num_tables = struct.unpack_from(">H", data, 4)[0]
        tables = {}
        for i in range(num_tables):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            tables[tag.decode("latin-1")] = (offset, length)
        self.units_per_em = struct.unpack_from(">H", data, tables["head"][0] + 18)[0]
        self.cmap = _read_cmap(data, tables["cmap"][0])
        n_metrics = struct.unpack_from(">H", data, tables["hhea"][0] + 34)[0]
        hmtx = tables["hmtx"][0]
        self.advances = [struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(n_metrics)]

    def advance(self, glyph: int) -> int:
        return self.advances[min(glyph, len(self.advances) - 1)]


def _read_cmap(data: bytes, base: int) -> dict[int, int]:
    _version, n = struct.unpack_from(">HH", data, base)
    subtables = {}
    for i in range(n):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        subtables[(platform, encoding)] = base + offset
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            start = subtables[key]
            fmt = struct.unpack_from(">H", data, start)[0]
            if fmt == 12:
                return _cmap12(data, start)
            if fmt == 4:
                return _cmap4(data, start)
    raise ValueError("no Unicode cmap (format 4 or 12) in font")


def _cmap4(data: bytes, start: int) -> dict[int, int]:
    seg_count = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{seg_count}H", data, start + 14)
    starts_at = start + 16 + 2 * seg_count
    starts = struct.unpack_from(f">{seg_count}H", data, starts_at)
    deltas = struct.unpack_from(f">{seg_count}h", data, starts_at + 2 * seg_count)
    ro_at = starts_at + 4 * seg_count
    range_offsets = struct.unpack_from(f">{seg_count}H", data, ro_at)
    out: dict[int, int] = {}
    for i in range(seg_count):
        for c in range(starts[i], ends[i] + 1):
            if c == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (c + deltas[i]) & 0xFFFF
            else:
                addr = ro_at + 2 * i + range_offsets[i] + 2 * (c - starts[i])
                glyph = struct.unpack_from(">H", data, addr)[0]
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                out[c] = glyph
    return out


def _cmap12(data: bytes, start: int) -> dict[int, int]:
    n_groups = struct.unpack_from(">I", data, start + 12)[0]
    out: dict[int, int] = {}
    for i in range(n_groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        for c in range(first, last + 1):
            if glyph + (c - first):
                out[c] = glyph + (c - first)
    return out


@cache
def _font(bold: bool, italic: bool) -> _Font:
    return _Font((FONT_DIR / FILES[(bold, italic)]).read_bytes())


@cache
def covered() -> frozenset[str]:
    """Characters that every one of the four faces has a glyph for."""
    sets = [set(_font(b, i).cmap) for b, i in FILES]
    return frozenset(chr(c) for c in set.intersection(*sets))


def uncovered(text: str) -> list[str]:
    """Characters of `text` the font cannot draw (newlines are fine: they become line breaks)."""
    cov = covered()
    return [ch for ch in dict.fromkeys(text) if ch not in cov and ch != "\n"]


# Whitespace the text cleaners turn into a space or a line break (`vn.normalise`): never refused.
_SPACING = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
# Control, format (zero-width, direction marks, soft hyphen), private-use, surrogate, unassigned.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})


def _drawable(ch: str) -> bool:
    if ch in _SPACING:
        return True
    if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
        return False
    return ch in covered()


def undrawable_at(text: str) -> list[tuple[int, str]]:
    """(1-based position, character) of every character of `text` (as NFC) that a document cannot
    show: one the shipped fonts have no glyph for (emoji, Chinese…), or a control or invisible
    character (zero-width space, direction marks). Line breaks, tabs and spaces are fine."""
    text = unicodedata.normalize("NFC", text or "")
    return [(i, ch) for i, ch in enumerate(text, start=1) if not _drawable(ch)]


def undrawable(text: str) -> list[str]:
    """THE rule for text that will reach a document: the characters of `text` (each once, in order)
    that no document can draw. Empty means the text is fine. Used by the model text fields
    (`orgs.modelkit`), every form (`orgs.forms.VNForm`), the services' `apply_fields` and imports."""
    return list(dict.fromkeys(ch for _i, ch in undrawable_at(text)))


def shown(ch: str) -> str:
    """A character as a message shows it: itself, or its code (U+200B) when it is invisible."""
    if unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch.isspace():
        return f"U+{ord(ch):04X}"
    return ch


def undrawable_message(label: str, text: str) -> str:
    """"Họ và tên có ký tự không in được trên văn bản: “😀” (ký tự thứ 5)." — or "" when `text` is fine.
    `label` names the field (or the cell) the text came from."""
    found = undrawable_at(text)
    if not found:
        return ""
    parts = [f"“{shown(ch)}” (ký tự thứ {i})" for i, ch in found[:5]]
    more = f" và {len(found) - 5} ký tự khác" if len(found) > 5 else ""
    return f"{label} có ký tự không in được trên văn bản: {', '.join(parts)}{more}."


def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Advance width of a single line of `text` (no kerning), in points: enough to size a rule."""
    font = _font(bold, italic)
    units = sum(font.advance(font.cmap.get(ord(ch), 0)) for ch in text)
    return units * size_pt / font.units_per_em
