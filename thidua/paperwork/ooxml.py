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
