"""Council pages: the meetings, one meeting with its members, candidates and votes, its minutes."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.orgs.access import requires
from thidua.orgs.viewkit import act, id_or_none

from .. import documents, queries, services, states
from ..forms import VoteForm
from ..models import CouncilMeeting, Proposal, ProposalLine
from .common import doc_response


def _meeting(pk: int) -> CouncilMeeting:
    return get_object_or_404(CouncilMeeting, pk=pk)


def _detail(m) -> tuple:
    return ("awards:meeting_detail", m.pk)


@requires("awards.manage_council")
def meeting_list(request):
    return render(request, "awards/meeting_list.html", {"meetings": queries.meetings()})


@requires("awards.manage_council")
def meeting_detail(request, pk: int):
    m = get_object_or_404(CouncilMeeting, pk=pk)
    proposals = list(m.proposals.select_related("organisation", "award").prefetch_related(queries.lines_prefetch()))
    votes = {v.line_id: v for v in m.votes.all()}
    waiting = Proposal.objects.filter(status=states.ACCEPTED, year=m.year).select_related("organisation", "award")
    return render(request, "awards/meeting_detail.html", {
        "m": m, "members": list(m.members.all()), "proposals": proposals, "votes": votes, "waiting": waiting,
        "vote_form": VoteForm(), "needed": m.pass_num, "open": m.status == states.MEETING_OPEN,
        "has_quorum": m.has_quorum(), "quorum_reason": m.quorum_reason()})


@requires("awards.manage_council")
@require_POST
def meeting_presence(request, pk: int):
    m = _meeting(pk)
    return act(request, services.set_presence, request.user, m,
               {i for i in map(id_or_none, request.POST.getlist("present")) if i},
               done="Đã cập nhật thành viên có mặt.", then=_detail(m))


@requires("awards.manage_council")
@require_POST
def meeting_add(request, pk: int):
    m = _meeting(pk)
    ids = [i for i in map(id_or_none, request.POST.getlist("ids")) if i]
    return act(request, services.put_to_council, request.user, m, Proposal.objects.filter(pk__in=ids),
               done=lambda n: f"Đã trình {n} hồ sơ ra phiên họp.", then=_detail(m))


@requires("awards.manage_council")
@require_POST
def meeting_vote(request, pk: int, line_pk: int):
    m = _meeting(pk)
    line = get_object_or_404(ProposalLine.objects.select_related("proposal"), pk=line_pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Số phiếu không hợp lệ.")
        return redirect(*_detail(m))
    try:
        v = services.record_vote(request.user, m, line, **form.cleaned_data)
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    else:  # a candidate the council did not pass is not good news: not in green
        say = messages.success if v.passed else messages.warning
        say(request, f"{line.name}: {'thông qua' if v.passed else 'không thông qua'}.")
    return redirect(*_detail(m))


@requires("awards.manage_council")
@require_POST
def meeting_close(request, pk: int):
    m = _meeting(pk)
    return act(request, services.close_meeting, request.user, m,
               done=lambda r: f"Đã kết thúc xét: {r['approved']} hồ sơ thông qua, {r['rejected']} không thông qua.",
               then=_detail(m))


@requires("awards.manage_council")
def meeting_minutes(request, pk: int, fmt: str):
    m = _meeting(pk)
    votes = {v.line_id: v for v in m.votes.all()}
    rows = []
    for p in m.proposals.select_related("award").prefetch_related("lines"):
        for ln in p.lines.all():
            v = votes.get(ln.pk)
            rows.append((ln.name, p.award.name, v.get_ballot_display() if v else "", v.yes if v else 0,
                         v.no if v else 0, v.abstain if v else 0, bool(v and v.passed)))
    doc = documents.minutes_document(m, list(m.members.all()), rows)
    return doc_response(doc, fmt, f"bien-ban-hop-hoi-dong-{m.pk}")
