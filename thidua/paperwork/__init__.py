"""Decree 30/2020/NĐ-CP documents: one model, rendered to editable DOCX and print-ready PDF.

Pure Python (no Django); knows nothing of conferences or awards. See model.py for the parts.
"""

from .layout import prepare, validate
from .model import (
    Annex,
    Article,
    Bullets,
    Column,
    Document,
    FormSigner,
    FreePage,
    GroupRow,
    Header,
    Heading,
    PageBreak,
    PaperworkError,
    Paragraph,
    Qr,
    QrItem,
    ReportForm,
    Signature,
    Table,
    Text,
    end_marked,
)
from .pdf import render_pdf, render_pdf_many, render_png
from .qr import make_qr, qr_png, qr_svg

# python-docx is loaded where a DOCX is made, not when Django imports the app (start-up time)
_LAZY = {"BulkResult": "bulk", "render_bulk": "bulk", "render_docx": "docx", "render_docx_zip": "docx",
         "render_form_docx": "docxform", "safe_filename": "docx"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module  # noqa: PLC0415 (startup)

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Annex", "Article", "BulkResult", "Bullets", "Column", "Document", "FormSigner", "FreePage", "GroupRow",
    "Header", "Heading", "PageBreak", "PaperworkError", "Paragraph", "Qr", "QrItem", "ReportForm", "Signature",
    "Table", "Text", "end_marked", "make_qr", "prepare", "qr_png", "qr_svg", "render_bulk", "render_docx",
    "render_docx_zip",
    "render_form_docx", "render_pdf", "render_pdf_many", "render_png", "safe_filename", "validate",
]
