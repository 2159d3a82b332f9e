"""Join the PDFs of several Typst compiles into one, fast and without a PDF library.

A long bulk run is compiled in chunks so that the compiler's memory stays flat (about half a
megabyte a letter while it compiles); the chunks are then joined here. Typst writes plain PDFs:
numbered objects, a classic cross-reference table, no object streams. Joining renumbers each
chunk's objects by an offset (references are rewritten in object dictionaries and arrays only, never
inside stream data or strings), hangs each chunk's page tree under a new root, and keeps the first
chunk's catalogue (language, viewer preferences) and document information. Outlines and named
destinations of the later chunks are not carried over: bulk documents have none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*(<<.*?>>)\s*startxref", re.S)
_REF_OR_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|(\d+) (\d+) R\b", re.S)  # literal strings are skipped
_OBJ_HEAD = re.compile(rb"(\d+) 0 obj\s*")
_STREAM = re.compile(rb">>\s*stream\r?\n")


class PdfJoinError(ValueError):
    pass


def _objects(pdf: bytes) -> tuple[dict[int, bytes], bytes, bytes]:
    """{number: body between "obj" and "endobj"}, the trailer dictionary and the header line(s)."""
    m = _XREF.search(pdf)
    if m is None:
        raise PdfJoinError("no startxref")
    xref_at = int(m.group(1))
    if not pdf.startswith(b"xref", xref_at):
        raise PdfJoinError("not a classic cross-reference table")
    lines = pdf[xref_at:].split(b"\n", 2)
    first, count = (int(x) for x in lines[1].split())
    table = lines[2]
    offsets = []
    for k in range(count):
        entry = table[20 * k:20 * k + 20]
        if entry[17:18] == b"n":
            offsets.append((int(entry[:10]), first + k))
    offsets.sort()
    bodies = {}
    for i, (at, number) in enumerate(offsets):
        end = offsets[i + 1][0] if i + 1 < len(offsets) else xref_at
        chunk = pdf[at:end]
        head = _OBJ_HEAD.match(chunk)
        if head is None or int(head.group(1)) != number:
            raise PdfJoinError(f"object {number} not where the table says")
        stop = chunk.rfind(b"endobj")
        bodies[number] = chunk[head.end():stop].rstrip()
    t = _TRAILER.search(pdf, xref_at)
    if t is None:
        raise PdfJoinError("no trailer")
    return bodies, t.group(1), pdf[:offsets[0][0]]


def _renumber(text: bytes, shift: int) -> bytes:
    def sub(m: re.Match) -> bytes:
        if m.group(1) is None:
            return m.group(0)  # a string: left as it is
        return b"%d %s R" % (int(m.group(1)) + shift, m.group(2))

    return _REF_OR_STRING.sub(sub, text)


def _body(body: bytes, shift: int) -> bytes:
    s = _STREAM.search(body)
    if s is None:
        return _renumber(body, shift)
    return _renumber(body[:s.start() + 2], shift) + body[s.start() + 2:]


def _ref(trailer_or_dict: bytes, key: bytes) -> int:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", trailer_or_dict)
    if m is None:
        raise PdfJoinError(f"no /{key.decode()}")
    return int(m.group(1))


def join(pdfs: Sequence[bytes]) -> bytes:
    """One PDF with the pages of `pdfs` in order (each a Typst output)."""
    if len(pdfs) == 1:
        return pdfs[0]
    out = bytearray()
    positions: dict[int, int] = {}
    kids: list[int] = []
    total_pages = 0
    shift = 0
    catalog = None
    info = None
    trailer_id = b""
    parsed = [_objects(p) for p in pdfs]
    root_pages = sum(max(b) for b, _t, _h in parsed) + 1
    new_catalog = root_pages + 1
    out += parsed[0][2]
    for n, (bodies, trailer, _header) in enumerate(parsed):
        root = _ref(trailer, b"Root")
        pages = _ref(bodies[root], b"Pages")
        count = re.search(rb"/Count\s+(\d+)", bodies[pages])
        if count is None:
            raise PdfJoinError("page tree without /Count")
        total_pages += int(count.group(1))
        kids.append(pages + shift)
        if n == 0:
            catalog = _renumber(bodies[root], shift)
            if b"/Info" in trailer:
                info = _ref(trailer, b"Info")
            m = re.search(rb"/ID\s*(\[.*?\])", trailer, re.S)
            trailer_id = m.group(1) if m else b""
        for number in sorted(bodies):
            if number == root:
                continue  # each chunk's catalogue: the joined file has one, written below
            body = _body(bodies[number], shift)
            if number == pages:
                body = body.replace(b"<<", b"<</Parent %d 0 R" % root_pages, 1)
            positions[number + shift] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number + shift, body)
        shift += max(bodies)
    assert catalog is not None
    catalog = re.sub(rb"/Pages\s+\d+ 0 R", b"/Pages %d 0 R" % root_pages, catalog, count=1)
    kids_refs = b" ".join(b"%d 0 R" % k for k in kids)
    for number, body in ((root_pages, b"<</Type/Pages/Count %d/Kids[%s]>>" % (total_pages, kids_refs)),
                         (new_catalog, catalog)):
        positions[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    size = new_catalog + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):  # numbers no chunk used (and dropped catalogues) stay free
        at = positions.get(number)
        out += b"0000000000 65535 f \n" if at is None else b"%010d 00000 n \n" % at
    trailer = b"<</Size %d/Root %d 0 R" % (size, new_catalog)
    if info is not None:
        trailer += b"/Info %d 0 R" % info
    if trailer_id:
        trailer += b"/ID" + trailer_id
    out += b"trailer\n" + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
