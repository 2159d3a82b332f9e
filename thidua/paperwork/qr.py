"""QR codes with segno: always a full QR symbol (`make_qr`), never Micro QR, which phones cannot read.

Speed: choosing the best of the 8 masks is about 80 % of segno's time (about 6 ms a code here). Any
mask gives a valid, decodable symbol, so bulk runs use a fixed mask (`best_mask=False`, about 1.3 ms).
The SVG is one path of horizontal runs, placed by Typst at an exact width.
"""

from __future__ import annotations

import io

import segno

FIXED_MASK = 2  # any of 0–7 is valid; the tests decode every output with zbarimg
BORDER = 4  # quiet zone in modules, as the standard asks


def make_qr(data: str, best_mask: bool = False) -> segno.QRCode:
    if not data:
        raise ValueError("QR code without data")
    # boost_error=False keeps level M as asked: segno would otherwise try higher levels that fit the same
    # version, which costs about a millisecond a code and changes nothing a phone needs.
    return segno.make_qr(data, error="m", mask=None if best_mask else FIXED_MASK, boost_error=False)


def qr_svg(data: str, best_mask: bool = False) -> str:
    """A compact SVG (viewBox in modules, quiet zone included) for `image(bytes(svg), width: …)`."""
    matrix = make_qr(data, best_mask).matrix
    n = len(matrix)
    size = n + 2 * BORDER
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                parts.append(f"M{start + BORDER} {y + BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(parts)}" fill="#000"/></svg>'
    )


def qr_png(data: str, scale: int = 8, best_mask: bool = False) -> bytes:
    """PNG for DOCX (Word does not take SVG without a PNG fallback)."""
    buf = io.BytesIO()
    make_qr(data, best_mask).save(buf, kind="png", scale=scale, border=BORDER)
    return buf.getvalue()
