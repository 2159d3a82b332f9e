"""Background work of the commendation app: all certificates of a decision in one PDF."""

from __future__ import annotations

from thidua.orgs.jobs import JobResult, handler
from thidua.orgs.modelkit import undrawable_fields
from thidua.paperwork.bulk import render_bulk
from thidua.paperwork.layout import validate
from thidua.paperwork.model import PaperworkError

from . import documents
from .models import CertificateBlank, Decision


@handler("awards.certificates", idempotent=True)
def certificates(job, progress) -> JobResult:
    d = Decision.objects.select_related("authority", "award").get(pk=job.params["decision"])
    blank = CertificateBlank.objects.get(pk=job.params["blank"], authority_id=d.authority_id)
    lines = list(d.lines.all())
    progress(0, len(lines), "Đang chuẩn bị dữ liệu…")
    pages, skipped = [], []
    by_name = {ln.name: ln for ln in reversed(lines)}
    for page in documents.certificate_pages(d, lines, blank):
        try:
            validate(page)  # one recipient whose name the font cannot draw never fails the whole run
        except PaperworkError as exc:
            line = by_name.get(page.name)
            skipped.append((page.name, " ".join(undrawable_fields(line)) if line is not None else str(exc)))
            continue
        pages.append(page)
    if lines and not pages:
        raise ValueError(f"Không tạo được giấy khen nào: {skipped[0][0]}: {skipped[0][1]}"[:250])
    result = render_bulk(pages, "pdf", title=f"giay-khen-{d.number or d.pk}",
                         progress=lambda done, total: progress(done, total, f"Đã dựng {done}/{total} trang"))
    return JobResult(result.content, result.filename, result.content_type, skipped)
