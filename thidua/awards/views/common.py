"""What the pages of the app share: the page size and a document sent as PDF or Word (ids from the
request: `orgs.viewkit.id_or_none`)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from thidua.orgs.viewkit import download
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf

PAGE_SIZE = 50


def doc_response(doc, fmt: str, stem: str) -> HttpResponse:
    if fmt == "pdf":
        return download(render_pdf(doc), f"{stem}.pdf")
    if fmt == "docx":
        return download(render_docx(doc), f"{stem}.docx")
    raise Http404
