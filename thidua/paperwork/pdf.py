"""Print-ready PDF through Typst (the `typst` wheel). Data goes in as JSON, never spliced into markup.

One compiler is kept per process: the fonts are loaded and the template parsed once, and a bulk run
is a compile of one JSON array (the template loops and breaks the page between documents). A long
run is compiled in chunks of `CHUNK` documents joined by `pdfjoin`, so the compiler's memory (about
half a megabyte a one-page letter while it lays them out) stays flat however many letters there are:
after each chunk, `_forget()` makes Typst drop what it memoised for it (typst-py evicts whatever the
last ten compiles did not use; ten tiny compiles age it out), and after a run a background thread
does the same and hands the freed memory back to the system, so a long-running worker shrinks again.
Only the shipped Liberation Serif is visible to Typst (system and Typst's embedded fonts are off), so
no glyph can fall back to another font; a font warning from Typst is turned into an error.
"""

from __future__ import annotations

import ctypes
import json
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import fonts, pdfjoin
from .layout import prepare
from .model import Document, FreePage, PaperworkError

if TYPE_CHECKING:
    import typst

TEMPLATE = Path(__file__).resolve().parent / "typst" / "document.typ"
Progress = Callable[[int, int], None]

CHUNK = 100  # documents a compile in a long run: about 60 MB of compiler memory for one-page letters
SINGLE_MAX = 300  # up to this many documents, one compile and no join
EVICT_AGE = 10  # typst-py calls comemo::evict(10) after every compile
_TINY = '{"docs":[]}'

_lock = threading.Lock()
_compiler: typst.Compiler | None = None
_cleaner: threading.Thread | None = None


def _get_compiler() -> typst.Compiler:
    global _compiler
    if _compiler is None:
        import typst  # noqa: PLC0415 (startup)

        font_set = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                               font_paths=[str(fonts.FONT_DIR)])
        _compiler = typst.Compiler(TEMPLATE, root=TEMPLATE.parent, font_paths=font_set,
                                   ignore_system_fonts=True)
    return _compiler


def compile_json(payload: str, tagged: bool = False, timings: dict | None = None) -> bytes:
    """Compile already prepared JSON ({"docs": [...]}) to PDF bytes."""
    t0 = time.perf_counter()
    with _lock:
        try:
            pdf, warnings = _get_compiler().compile_with_warnings(
                format="pdf", sys_inputs={"data": payload}, pdf_tags=tagged, timestamp=0
            )
        except RuntimeError as e:  # typst.TypstError: a template bug, not bad data (data never reaches markup)
            raise PaperworkError(f"Lỗi dàn trang PDF: {getattr(e, 'message', e)}", "pdf") from e
    for w in warnings:
        msg = str(getattr(w, "message", w))
        if "font" in msg or "glyph" in msg:
            raise PaperworkError(f"Lỗi phông chữ khi dàn trang PDF: {msg}", "font")
    if timings is not None:
        timings["compile"] = timings.get("compile", 0.0) + time.perf_counter() - t0
    assert isinstance(pdf, bytes)
    return pdf


def build_payload(items: Sequence[Document | FreePage], progress: Progress | None = None,
                  timings: dict | None = None, validated: bool = False) -> str:
    """The JSON Typst reads; `validated=True` when the caller has just run `validate` on every item."""
    t0 = time.perf_counter()
    total = len(items)
    docs = []
    step = max(1, total // 20)
    for i, item in enumerate(items):
        docs.append(prepare(item, check=not validated))
        if progress and (i + 1) % step == 0 and i + 1 < total:
            progress(i + 1, total + 1)  # the compile is the last step
    t1 = time.perf_counter()
    payload = json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":"))
    if timings is not None:
        timings["prepare_and_qr"] = timings.get("prepare_and_qr", 0.0) + t1 - t0
        timings["json"] = timings.get("json", 0.0) + time.perf_counter() - t1
    return payload


def render_pdf(item: Document | FreePage, tagged: bool = True) -> bytes:
    """One document (or free page) to PDF bytes."""
    return compile_json(build_payload([item]), tagged=tagged)


def render_png(item: Document | FreePage, ppi: float = 96) -> bytes:
    """The first page of a document or free page as PNG (previews such as the backdrop), through
    the same compiler, template and fonts as the PDF."""
    payload = build_payload([item])
    with _lock:
        try:
            out = _get_compiler().compile(format="png", ppi=ppi, sys_inputs={"data": payload})
        except RuntimeError as e:  # typst.TypstError
            raise PaperworkError(f"Lỗi dàn trang ảnh PNG: {getattr(e, 'message', e)}", "png") from e
    if isinstance(out, list):
        out = out[0]
    assert isinstance(out, bytes)
    return out


def _forget() -> None:
    """Age out what Typst memoised for the previous compiles (the template and fonts stay warm: the tiny
    compiles use them). Call with `_lock` held."""
    compiler = _get_compiler()
    for _ in range(EVICT_AGE):
        compiler.compile(format="pdf", sys_inputs={"data": _TINY}, pdf_tags=False, timestamp=0)


def _trim() -> None:
    """Give freed heap back to the system (glibc keeps it otherwise, and the worker's RSS would stay)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _clean() -> None:
    with _lock:
        _forget()
    _trim()


def release_later() -> None:
    """After a bulk run: forget and trim in a background thread, so the job's result is not held up."""
    global _cleaner
    _cleaner = threading.Thread(target=_clean, name="typst-release", daemon=True)
    _cleaner.start()


def settle() -> None:
    """Wait for the release after the last bulk run (benchmarks and tests that measure memory)."""
    if _cleaner is not None:
        _cleaner.join()


def render_pdf_many(items: Sequence[Document | FreePage], progress: Progress | None = None,
                    timings: dict | None = None, validated: bool = False) -> bytes:
    """Many documents into one PDF, each starting on a new page with its own page numbers.

    `progress(done, total)` is called at the start, while the documents are prepared, after each chunk
    and at the end. Pass a dict as `timings` to get seconds spent in prepare_and_qr, json, compile and
    join. `validated=True` skips a second `validate` of items the caller has just validated.
    """
    total = len(items)
    if total == 0:
        raise PaperworkError("Không có văn bản nào để in (docs)", "docs")
    if progress:
        progress(0, total)
    if total <= SINGLE_MAX:
        payload = build_payload(items, progress, timings, validated)
        pdf = compile_json(payload, tagged=False, timings=timings)
        del payload
    else:
        parts = []
        for start in range(0, total, CHUNK):
            chunk = items[start:start + CHUNK]
            payload = build_payload(chunk, None, timings, validated)
            parts.append(compile_json(payload, tagged=False, timings=timings))
            del payload
            with _lock:
                _forget()  # before the next chunk: this one's layout is no use to it
            if progress:
                progress(start + len(chunk), total + 1)
        t0 = time.perf_counter()
        pdf = pdfjoin.join(parts)
        del parts
        if timings is not None:
            timings["join"] = timings.get("join", 0.0) + time.perf_counter() - t0
    if total >= 20:
        release_later()
    if progress:
        progress(total, total)
    return pdf
