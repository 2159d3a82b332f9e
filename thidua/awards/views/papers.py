"""The papers made on the decision and meeting pages (#22): the danh sách ký nhận tiền thưởng of a
decision, the ballots and the biên bản kiểm phiếu of a meeting's secret vote. The office's tờ trình is
drafted and issued through the register (`web:register_open 'awards.submission' <decision id>`)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.orgs.access import requires
from thidua.orgs.viewkit import download, id_or_none

from .. import papers, queries
from ..models import CouncilMeeting, Decision

TYPES = {"pdf": "pdf", "docx": "docx"}


def _send(paper, fmt: str, stem: str):
    if fmt not in TYPES:
        raise Http404
    return download(papers.render(paper, fmt), f"{stem}.{fmt}")


@requires("awards.view_decisions")
def paper_receipts(request, pk: int, fmt: str):
    d = get_object_or_404(Decision.objects.select_related("award", "rule_set", "authority"), pk=pk)
    return _send(papers.receipt_list(d, queries.decision_lines(d)), fmt, f"danh-sach-ky-nhan-tien-thuong-{d.pk}")


@requires("awards.manage_council")
def paper_ballots(request, pk: int, fmt: str):
    m = get_object_or_404(CouncilMeeting.objects.select_related("authority"), pk=pk)
    doc = papers.ballots_document(m, papers.secret_candidates(m), len(papers.ballot_members(m)))
    return _send(doc, fmt, f"phieu-bau-{m.pk}")


@requires("awards.manage_council")
def paper_count(request, pk: int, fmt: str):
    m = get_object_or_404(CouncilMeeting.objects.select_related("authority"), pk=pk)
    ban = [i for i in map(id_or_none, request.GET.getlist("ban")) if i]
    doc = papers.count_minutes(m, papers.secret_counts(m), papers.tellers_of(m, ban))
    return _send(doc, fmt, f"bien-ban-kiem-phieu-{m.pk}")
