"""The papers made on the decision and meeting pages (#22): the danh sách ký nhận tiền thưởng of a
decision, the ballots and the biên bản kiểm phiếu of a meeting's secret vote. The office's tờ trình is
drafted and issued through the register (`web:register_open 'awards.submission' <decision id>`), and so is
the authority's tờ trình to the province for each form decided above it (`upper_submissions` lists them)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.models import RegisterEntry
from thidua.orgs.viewkit import download, id_or_none

from .. import papers, queries
from ..models import CouncilMeeting, Decision
from ..sources import UPPER_SUBMISSION

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


@requires("awards.manage_council")
def upper_submissions(request):
    """The forms decided above the authority with candidates its council passed in the year (?nam=, this year
    by default), each with its tờ trình cấp trên in the register."""
    authority = request.user.authority
    year = int(request.GET["nam"]) if request.GET.get("nam", "").isdigit() else clock.today().year
    forms = papers.upper_forms(authority, year)
    entries = {e.source.partition(":")[2]: e for e in RegisterEntry.objects.filter(
        authority=authority, source__in=[f"{UPPER_SUBMISSION}:{key}" for _a, _n, key in forms])}
    rows = [{"award": a, "count": n, "key": key, "entry": entries.get(key)} for a, n, key in forms]
    return render(request, "awards/upper_submissions.html", {
        "rows": rows, "year": year, "years": [year - 1, year, year + 1], "kind": UPPER_SUBMISSION,
        "refusal": papers.upper_authority_refusal(authority)})
