"""QR codes: always a full QR symbol, never Micro QR, which phones cannot read.

Speed: segno's general encoder takes about 1.5–3 ms a code here, most of it choosing the best of the
8 masks and placing bits one by one. Any mask gives a valid, decodable symbol, so documents use a
fixed mask, and `qrfast` makes the byte-mode symbols of URLs (every invitation, certificate and
check-in code) from per-version tables in about 0.1 ms, module for module the symbol segno makes,
cached per payload. The SVG is one path of horizontal runs, placed by Typst at an exact width; the
PNG (for DOCX) is a 1-bit greyscale image, one byte a module at the default scale.
"""

from __future__ import annotations

import re
import struct
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

from .qrfast import matrix_rows

if TYPE_CHECKING:
    import segno

FIXED_MASK = 2  # any of 0–7 is valid; the tests decode every output with zbarimg
BORDER = 4  # quiet zone in modules, as the standard asks
_RUN = re.compile("1+")


def make_qr(data: str, best_mask: bool = False) -> segno.QRCode:
    import segno  # noqa: PLC0415 (startup)

    if not data:
        raise ValueError("QR code without data")
    # boost_error=False keeps level M as asked: segno would otherwise try higher levels that fit the same
    # version, which costs about a millisecond a code and changes nothing a phone needs.
    return segno.make_qr(data, error="m", mask=None if best_mask else FIXED_MASK, boost_error=False)


def _rows(data: str, best_mask: bool) -> tuple[str, ...]:
    if not data:
        raise ValueError("QR code without data")
    if best_mask:
        return tuple("".join("1" if v else "0" for v in row) for row in make_qr(data, True).matrix)
    return matrix_rows(data, FIXED_MASK)


@lru_cache(maxsize=4096)
def qr_svg(data: str, best_mask: bool = False) -> str:
    """A compact SVG (viewBox in modules, quiet zone included) for `image(bytes(svg), width: …)`."""
    rows = _rows(data, best_mask)
    size = len(rows) + 2 * BORDER
    parts = []
    for y, row in enumerate(rows):
        for m in _RUN.finditer(row):
            w = m.end() - m.start()
            parts.append(f"M{m.start() + BORDER} {y + BORDER}h{w}v1h-{w}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(parts)}" fill="#000"/></svg>'
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def qr_png(data: str, scale: int = 8, best_mask: bool = False) -> bytes:
    """PNG for DOCX (Word does not take SVG without a PNG fallback): 1-bit greyscale, black on white,
    `scale` pixels a module, the quiet zone included."""
    rows = _rows(data, best_mask)
    n = len(rows)
    width = (n + 2 * BORDER) * scale
    blank = "0" * n
    quiet = "0" * BORDER
    if scale % 8 == 0:  # whole bytes a module: one translate a row
        table = {ord("1"): "\x00" * (scale // 8), ord("0"): "\xff" * (scale // 8)}

        def pixels(modules: str) -> bytes:
            return modules.translate(table).encode("latin-1")
    else:
        def pixels(modules: str) -> bytes:
            bits = "".join(("0" if c == "1" else "1") * scale for c in modules)  # 1 = white
            bits += "0" * (-len(bits) % 8)
            return int(bits, 2).to_bytes(len(bits) // 8, "big")
    lines = []
    for row in [blank] * BORDER + list(rows) + [blank] * BORDER:
        lines.append((b"\x00" + pixels(quiet + row + quiet)) * scale)  # filter type 0 on each line
    ihdr = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"".join(lines), 6))
            + _chunk(b"IEND", b""))
