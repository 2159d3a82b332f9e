"""The specimen document and the bulk-printing job that exercises the paperwork bulk path."""

from __future__ import annotations

from thidua.orgs.jobs import JobResult, handler
from thidua.paperwork import specimen as _specimen
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf, render_pdf_many

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def specimen_pdf() -> bytes:
    return render_pdf(_specimen.specimen_document())


def specimen_docx() -> bytes:
    return render_docx(_specimen.specimen_document())


@handler("web.specimen_bulk")
def specimen_bulk(job, progress) -> JobResult:
    count = int(job.params.get("count", 280))
    progress(0, count, "Đang chuẩn bị dữ liệu…")
    docs = _specimen.sample_letters(count)
    data = render_pdf_many(docs, progress=lambda done, total: progress(done, total, f"Đã dựng {done}/{total} trang"))
    return JobResult(data, f"giay-moi-mau-{count}.pdf", "application/pdf")
