"""The conference papers of #22 (logistics.papers): one page listing them for a conference, each with its
state in the sổ văn bản đi, the button that opens its draft there, and its PDF/DOCX (the figures of the
report also as XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from thidua.orgs.access import requires
from thidua.orgs.models import RegisterEntry
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import download
from thidua.paperwork.model import PaperworkError

from .. import papers
from .common import event_of

SLUGS = {"bao-cao": papers.REPORT, "to-trinh-du-toan": papers.SUBMISSION, "qd-du-toan": papers.DECISION,
         "cv-tham-luan": papers.TALKS, "cv-giao-uoc": papers.COVENANTS}
HINTS = {
    papers.REPORT: "Số liệu từ thi đua, khen thưởng của năm tổng kết; phần nhận định để trống cho cơ quan soạn thảo.",
    papers.SUBMISSION: "Cơ quan tham mưu trình Chủ tịch phê duyệt dự toán (tổng kinh phí lấy từ trang Kinh phí).",
    papers.DECISION: "Chủ tịch phê duyệt dự toán; bảng dự toán là phụ lục.",
    papers.TALKS: "Gửi các đơn vị trình bày tham luận; hạn gửi lấy từ trang Chương trình hội nghị.",
    papers.COVENANTS: "Gửi các đơn vị thành viên cụm, khối; hạn lấy từ năm thi đua được phát động.",
}


@requires("logistics.view_plan")
def papers_page(request, event_id: int):
    event = event_of(event_id)
    entries = {e.source: e for e in RegisterEntry.objects.filter(
        authority_id=event.authority_id, source__in=[f"{k}:{event.pk}" for k in SLUGS.values()])}
    rows = [{"slug": slug, "kind": kind, "title": papers.TITLES[kind], "hint": HINTS[kind],
             "entry": entries.get(f"{kind}:{event.pk}")} for slug, kind in SLUGS.items()]
    return render(request, "logistics/papers.html", {"event": event, "rows": rows})


@requires("logistics.view_plan")
def papers_file(request, event_id: int, slug: str, fmt: str):
    event = event_of(event_id)
    kind = SLUGS.get(slug)
    if kind is None or fmt not in ("pdf", "docx", "xlsx") or (fmt == "xlsx" and kind != papers.REPORT):
        raise Http404
    try:
        data = papers.render(kind, event.authority, str(event.pk), fmt)
    except (ValidationFailed, PaperworkError) as exc:
        messages.error(request, f"Chưa tạo được văn bản: {exc}")
        return redirect("logistics:papers", event_id=event.pk)
    return download(data, f"{slug}-{event.slug}.{fmt}")
