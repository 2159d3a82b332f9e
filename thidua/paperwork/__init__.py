"""Decree 30/2020/NĐ-CP documents: one model, rendered to editable DOCX and print-ready PDF.

Pure Python (no Django); knows nothing of conferences or awards. See model.py for the parts.
"""

from .bulk import BulkResult, render_bulk
from .docx import render_docx, render_docx_zip, safe_filename
from .layout import prepare, validate
from .model import (
    Annex,
    Article,
    Bullets,
    Column,
    Document,
    FreePage,
    GroupRow,
    Header,
    Heading,
    PageBreak,
    PaperworkError,
    Paragraph,
    Qr,
    QrItem,
    Signature,
    Table,
    Text,
)
from .pdf import render_pdf, render_pdf_many, render_png
from .qr import make_qr, qr_png, qr_svg

__all__ = [
    "Annex", "Article", "BulkResult", "Bullets", "Column", "Document", "FreePage", "GroupRow", "Header",
    "Heading", "PageBreak", "PaperworkError", "Paragraph", "Qr", "QrItem", "Signature", "Table", "Text",
    "make_qr", "prepare", "qr_png", "qr_svg", "render_bulk", "render_docx", "render_docx_zip", "render_pdf",
    "render_pdf_many", "render_png", "safe_filename", "validate",
]
