"""The fast QR path makes, module for module, the symbol segno makes with the same mask and level."""

import random
import string

import segno

from thidua.paperwork import qr, qrfast


def _segno_rows(data: str) -> tuple[str, ...]:
    matrix = segno.make_qr(data, error="m", mask=qr.FIXED_MASK, boost_error=False).matrix
    return tuple("".join("1" if v else "0" for v in row) for row in matrix)


def test_same_symbol_as_segno_for_every_length_and_version():
    rng = random.Random(21)
    alphabet = string.ascii_letters + string.digits + "./:?=&-_~%"
    lengths = list(range(1, 140)) + [200, 271, 300, 400, 600]
    versions = set()
    for n in lengths:
        for _ in range(3):
            data = "".join(rng.choice(alphabet) for _ in range(n))
            assert qrfast.matrix_rows(data, qr.FIXED_MASK) == _segno_rows(data), data
            versions.add(len(_segno_rows(data)))
    assert len(versions) >= 12  # a dozen versions and more were compared


def test_other_payloads_go_through_segno():
    for data in ("12345", "HELLO WORLD 42", "Nguyễn Văn Hạ", "x" * 900):
        assert qrfast.matrix_rows(data, qr.FIXED_MASK) == _segno_rows(data)


def test_svg_and_png_carry_the_same_modules():
    data = "https://tdkt.honquan.gov.vn/d/1.a1.Zx8pQ2mN4vB7.abcdefghijklmnopqrstuv"
    rows = qrfast.matrix_rows(data, qr.FIXED_MASK)
    svg = qr.qr_svg(data)
    size = len(rows) + 2 * qr.BORDER
    assert f'viewBox="0 0 {size} {size}"' in svg
    assert svg.count("v1h") == sum(len([r for r in row.split("0") if r]) for row in rows)
    png = qr.qr_png(data)
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == size * 8
