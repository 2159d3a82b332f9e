"""Background work of the commendation app: all certificates of a decision in one PDF."""

from __future__ import annotations

from thidua.orgs.jobs import JobResult, handler
from thidua.paperwork.bulk import render_bulk

from . import documents
from .models import CertificateBlank, Decision


@handler("awards.certificates")
def certificates(job, progress) -> JobResult:
    d = Decision.objects.select_related("authority", "award").get(pk=job.params["decision"])
    blank = CertificateBlank.objects.get(pk=job.params["blank"], authority_id=d.authority_id)
    lines = list(d.lines.all())
    progress(0, len(lines), "Đang chuẩn bị dữ liệu…")
    pages = documents.certificate_pages(d, lines, blank)
    result = render_bulk(pages, "pdf", title=f"giay-khen-{d.number or d.pk}",
                         progress=lambda done, total: progress(done, total, f"Đã dựng {done}/{total} trang"))
    return JobResult(result.content, result.filename, result.content_type)
