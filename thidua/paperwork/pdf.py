"""Print-ready PDF through Typst (the `typst` wheel). Data goes in as JSON, never spliced into markup.

One compiler is kept per process: the fonts are loaded and the template parsed once, and a bulk run
is a single compile of one JSON array (the template loops and breaks the page between documents).
Only the shipped Liberation Serif is visible to Typst (system and Typst's embedded fonts are off), so
no glyph can fall back to another font; a font warning from Typst is turned into an error.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import typst

from . import fonts
from .layout import prepare
from .model import Document, FreePage, PaperworkError

TEMPLATE = Path(__file__).resolve().parent / "typst" / "document.typ"
Progress = Callable[[int, int], None]

_lock = threading.Lock()
_compiler: typst.Compiler | None = None


def _get_compiler() -> typst.Compiler:
    global _compiler
    if _compiler is None:
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
        except typst.TypstError as e:  # a template bug, not bad data: data never reaches the markup
            raise PaperworkError(f"Lỗi dàn trang PDF: {e.message}", "pdf") from e
    for w in warnings:
        msg = str(getattr(w, "message", w))
        if "font" in msg or "glyph" in msg:
            raise PaperworkError(f"Lỗi phông chữ khi dàn trang PDF: {msg}", "font")
    if timings is not None:
        timings["compile"] = timings.get("compile", 0.0) + time.perf_counter() - t0
    assert isinstance(pdf, bytes)
    return pdf


def build_payload(items: Sequence[Document | FreePage], progress: Progress | None = None,
                  timings: dict | None = None) -> str:
    t0 = time.perf_counter()
    total = len(items)
    docs = []
    step = max(1, total // 20)
    for i, item in enumerate(items):
        docs.append(prepare(item))
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
        except typst.TypstError as e:
            raise PaperworkError(f"Lỗi dàn trang ảnh PNG: {e.message}", "png") from e
    if isinstance(out, list):
        out = out[0]
    assert isinstance(out, bytes)
    return out


def render_pdf_many(items: Sequence[Document | FreePage], progress: Progress | None = None,
                    timings: dict | None = None) -> bytes:
    """Many documents into one PDF, each starting on a new page with its own page numbers.

    `progress(done, total)` is called at the start, while the documents are prepared, and at the end.
    Pass a dict as `timings` to get seconds spent in prepare_and_qr, json and compile.
    """
    total = len(items)
    if total == 0:
        raise PaperworkError("Không có văn bản nào để in (docs)", "docs")
    if progress:
        progress(0, total)
    payload = build_payload(items, progress, timings)
    pdf = compile_json(payload, tagged=False, timings=timings)
    if progress:
        progress(total, total)
    return pdf
