"""What the pages of the app share: the page size, a whole number from the query string, a document
sent as PDF or Word."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from thidua.orgs.viewkit import download, id_or_none
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf

PAGE_SIZE = 50


def int_param(value) -> int | None:
    return id_or_none(value)


def doc_response(doc, fmt: str, stem: str) -> HttpResponse:
    if fmt == "pdf":
        return download(render_pdf(doc), f"{stem}.pdf")
    if fmt == "docx":
        return download(render_docx(doc), f"{stem}.docx")
    raise Http404
