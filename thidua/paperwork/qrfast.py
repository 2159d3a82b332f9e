"""The QR symbols of bulk runs, about twenty times faster than segno's general encoder, and cached.

Invitation payloads are ASCII URLs, which QR encodes in byte mode. For those, at error level M with
the fixed mask of `qr.FIXED_MASK`, everything but the data is the same for every symbol of one
version: the function patterns, format and version information, the order in which the codeword
bits are placed and the mask over them. That is worked out once per version (with segno's own
pattern functions, so the layout is segno's), and a symbol is then its codewords (Reed–Solomon by
table) laid through a precomputed permutation. The matrix equals segno's `make_qr(data, error="m",
mask=FIXED_MASK, boost_error=False)` module for module (tests compare thousands of payloads); any
other payload (digits only, upper-case alphanumerics, non-ASCII, too long) goes through segno.

`matrix_rows(data)` answers the rows as strings of "0"/"1" (quiet zone not included) from a
per-process cache keyed by payload, so a letter printed again costs nothing: a token's QR is made
once per worker.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from operator import itemgetter

_ALNUM = re.compile(r"^[0-9A-Z $%*+\-./:]*\Z")
MAX_FAST_VERSION = 20


def _is_byte_mode(data: str) -> bool:
    return data.isascii() and not data.isdigit() and not _ALNUM.match(data)


@cache
def _layout(version: int, mask: int):
    """(size, capacity bits, ecc blocks, placement permutation, data-cell mask as int, n data bits)."""
    from segno import consts, encoder  # noqa: PLC0415 (startup)

    size = encoder.calc_matrix_size(version)
    reserved = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(reserved, size, size)
    encoder.add_alignment_patterns(reserved, size, size)
    # the placement order of add_codewords: two-module columns, right to left, alternately up and down
    order = []
    seen = set()
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (size - 1 - vertical) if upwards else vertical
                if reserved[i][j] == 0x2 and (i, j) not in seen:
                    seen.add((i, j))
                    order.append(i * size + j)
    fn = encoder.get_data_mask_functions(False)[mask]
    mask_bits = "".join("1" if fn(k // size, k % size) else "0" for k in order)
    # function patterns, format and version information: from a symbol segno makes for this version
    ref = encoder.encode("a", error=consts.ERROR_LEVEL_M, version=version, mask=mask, boost_error=False,
                         micro=False)
    fixed = "".join("1" if v else "0" for row in ref.matrix for v in row)
    # every cell reads from `fixed` (function cells) or from the data bits appended after it
    source = list(range(size * size))
    for bit, cell in enumerate(order):
        source[cell] = size * size + bit
    return (size, consts.SYMBOL_CAPACITY[version][consts.ERROR_LEVEL_M], consts.ECC[version][consts.ERROR_LEVEL_M],
            itemgetter(*source), int(mask_bits, 2), len(order), fixed)


@lru_cache(maxsize=1)
def _tables():
    from segno import consts  # noqa: PLC0415 (startup)

    return consts.GALIOS_LOG, consts.GALIOS_EXP, consts.GEN_POLY, consts.SYMBOL_CAPACITY, consts.ERROR_LEVEL_M


def _version_for(length: int) -> int | None:
    _log, _exp, _gen, capacity, level = _tables()
    for v in range(1, MAX_FAST_VERSION + 1):
        if 4 + (8 if v < 10 else 16) + 8 * length <= capacity[v][level]:
            return v
    return None


def _codewords(payload: bytes, version: int, capacity: int) -> list[int]:
    """The data codewords as segno writes them: mode, count, data, terminator, padding, pad codewords."""
    count_bits = 8 if version < 10 else 16
    bits = 4 + count_bits + 8 * len(payload)
    value = (0x4 << count_bits | len(payload)) << 8 * len(payload) | int.from_bytes(payload, "big")
    term = min(capacity - bits, 4)
    value <<= term
    bits += term
    pad = 8 - bits % 8  # segno pads with a whole zero byte when already on a byte boundary
    value <<= pad
    bits += pad
    words = list(value.to_bytes(bits // 8, "big"))
    for i in range(capacity // 8 - len(words)):
        words.append(0xEC if i % 2 == 0 else 0x11)
    return words


@cache
def _rs_table(n_err: int) -> tuple[int, ...]:
    """For each lead coefficient, the generator polynomial times it, as one int of `n_err` bytes."""
    log, exp, gen_poly, _cap, _lvl = _tables()
    gen = gen_poly[n_err]
    table = [0]
    for coef in range(1, 256):
        table.append(int.from_bytes(bytes(exp[log[coef] + g] for g in gen[:n_err]), "big"))
    return tuple(table)


def _final_message(words: list[int], blocks_info) -> bytes:
    """Data blocks and their Reed–Solomon blocks (a shift register over whole-int remainders), interleaved."""
    data_blocks, error_blocks = [], []
    pos = 0
    for info in blocks_info:
        n_err = info.num_total - info.num_data
        table, shift, keep = _rs_table(n_err), 8 * (n_err - 1), (1 << 8 * n_err) - 1
        for _ in range(info.num_blocks):
            block = words[pos:pos + info.num_data]
            pos += info.num_data
            data_blocks.append(block)
            rem = 0
            for b in block:
                rem = ((rem << 8) & keep) ^ table[(rem >> shift) ^ b]
            error_blocks.append(rem.to_bytes(n_err, "big"))
    out = bytearray()
    for blocks in (data_blocks, error_blocks):
        longest = max(len(b) for b in blocks)
        for i in range(longest):
            out.extend(b[i] for b in blocks if i < len(b))
    return bytes(out)


@lru_cache(maxsize=20_000)
def matrix_rows(data: str, mask: int) -> tuple[str, ...]:
    """The symbol's rows, dark = "1", without the quiet zone; cached per payload."""
    version = _version_for(len(data)) if _is_byte_mode(data) else None
    if version is None:
        return _segno_rows(data, mask)
    size, capacity, blocks_info, gather, mask_int, n_bits, fixed = _layout(version, mask)
    message = _final_message(_codewords(data.encode("ascii"), version, capacity), blocks_info)
    value = int.from_bytes(message, "big") << (n_bits - 8 * len(message))  # remainder bits are zero
    cells = "".join(gather(fixed + format(value ^ mask_int, f"0{n_bits}b")))
    return tuple(cells[i:i + size] for i in range(0, size * size, size))


def _segno_rows(data: str, mask: int) -> tuple[str, ...]:
    import segno  # noqa: PLC0415 (startup)

    matrix = segno.make_qr(data, error="m", mask=mask, boost_error=False).matrix
    return tuple("".join("1" if v else "0" for v in row) for row in matrix)
