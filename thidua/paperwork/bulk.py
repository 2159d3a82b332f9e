"""Bulk runs: many documents of one kind into one PDF, or into a zip of DOCX files.

This is the path every mass mailing and certificate run takes. It is pure Python; a background task
(django-tasks) loads its objects, builds the documents with the apps' `documents.py`, calls
`render_bulk` with a progress callback that writes to the task's progress record, and stores the
result for the page that started it to download. Fonts, the parsed Typst template and the DOCX base
are cached per process, so a run pays for them once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .docx import render_docx_zip, safe_filename
from .model import Document, FreePage, PaperworkError
from .pdf import render_pdf_many

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BulkResult:
    content: bytes
    filename: str
    content_type: str
    count: int


def render_bulk(docs: Sequence[Document | FreePage], fmt: Literal["pdf", "docx"], title: str = "van-ban",
                names: Sequence[str] | None = None, progress: Progress | None = None) -> BulkResult:
    """Render `docs` as one PDF (`fmt="pdf"`) or a zip of DOCX files (`fmt="docx"`)."""
    if fmt == "pdf":
        return BulkResult(render_pdf_many(docs, progress=progress), safe_filename(title, ext=".pdf"),
                          "application/pdf", len(docs))
    if fmt == "docx":
        return BulkResult(render_docx_zip(docs, names, progress=progress),  # type: ignore[arg-type]
                          safe_filename(title, ext=".zip"), "application/zip", len(docs))
    raise PaperworkError(f"Định dạng không hỗ trợ: {fmt} (fmt)", "fmt")
