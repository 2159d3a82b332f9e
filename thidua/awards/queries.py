"""Reads for pages, exports and the other apps (conference delegates, award batches, budget)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum

from thidua.orgs.models import Authority, Organisation, Person
from thidua.orgs.queries import vi
from thidua.orgs.scope import Scope
from thidua.orgs.wording import locality_of
from thidua.vn import normalise

from . import legal_checks, states
from .catalogue_data import own_signer_level_of
from .models import (
    Award,
    CouncilMeeting,
    Decision,
    DecisionLine,
    Proposal,
    ProposalLine,
)

# --- for other apps -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    kind: str  # "individual" / "collective" / "household"
    name: str  # display name
    position: str
    organisation: Organisation | None  # the collective, or the person's unit
    person: Person | None
    award: Award
    award_name: str
    award_kind: str  # "title" / "form"
    level: str  # national / province / district / commune / grassroots
    rank: int  # protocol rank, higher is presented first
    decision_id: int
    decision_number: str
    decision_date: dt.date
    amount: int


def own_signer_level(authority: Authority) -> str:
    """The signer level of the authority's own decisions: its chairman's (ct-tinh, ct-huyen, ct-xa) or its
    head's (thu-truong). A decision of another level recorded here (the province's, copied at a district or
    commune) is not the authority's own: the other level decides it and its fund pays the prizes."""
    return own_signer_level_of(authority.level)


def own_decisions(authority: Authority | int, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """The authority's own issued decisions (the one rule: issued, signed at its own level), in a period."""
    if isinstance(authority, int):
        authority = Authority.objects.get(pk=authority)
    qs = Decision.objects.filter(authority=authority, status=states.DECISION_ISSUED,
                                 signer_level=own_signer_level(authority))
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs


def _issued(authority: Authority | int, date_from: dt.date | None, date_to: dt.date | None):
    authority_id = authority if isinstance(authority, int) else authority.pk
    qs = DecisionLine.objects.filter(decision__authority_id=authority_id, decision__status=states.DECISION_ISSUED)
    if date_from:
        qs = qs.filter(decision__date__gte=date_from)
    if date_to:
        qs = qs.filter(decision__date__lte=date_to)
    return qs


KIND_ORDER = {"collective": 0, "household": 1, "individual": 2}


def decided_recipients(authority: Authority | int, date_from: dt.date | None = None,
                       date_to: dt.date | None = None) -> list[Recipient]:
    """Recipients of issued decisions, highest form first; collectives before individuals within a form."""
    qs = _issued(authority, date_from, date_to).select_related("decision", "decision__award", "organisation",
                                                               "person")
    out = [Recipient(kind=ln.kind, name=ln.name, position=ln.position, organisation=ln.organisation,
                     person=ln.person, award=ln.decision.award, award_name=ln.decision.award.name,
                     award_kind=ln.decision.award.kind, level=ln.decision.award.level, rank=ln.decision.award.rank,
                     decision_id=ln.decision_id, decision_number=ln.decision.number_text,
                     decision_date=ln.decision.date, amount=ln.amount) for ln in qs]
    out.sort(key=lambda r: (-r.rank, r.decision_date, r.decision_id, KIND_ORDER[r.kind]))
    return out


def prize_total(authority: Authority | int, date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """The prize money the authority pays: the lines of its own issued decisions in the period (#19; a
    province's decision recorded here is paid by the province's fund)."""
    return (DecisionLine.objects.filter(decision__in=own_decisions(authority, date_from, date_to))
            .aggregate(s=Sum("amount"))["s"] or 0)


# --- proposals ----------------------------------------------------------------------------------------


def proposals(scope: Scope, status: str = "", year: int | None = None, award_id: int | None = None, q: str = ""):
    qs = scope.filter_units(Proposal.objects.all(), "organisation_id").select_related("organisation", "award",
                                                                                      "family")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if award_id:
        qs = qs.filter(award_id=award_id)
    if q:
        qs = qs.filter(organisation__name_fold__contains=normalise.fold(q))
    return qs.annotate(line_count=Count("lines", distinct=True),
                       file_count=Count("attachments", distinct=True)).order_by("-year", "organisation__display_order",
                                                                                vi("organisation__name"), "id")


def proposal_warnings(p: Proposal) -> dict[int, list[str]]:
    """Law checks for the lines of `p`, against everything else proposed or decided that year."""
    lines = list(p.lines.all())
    person_ids = [ln.person_id for ln in lines if ln.person_id]
    org_ids = [ln.organisation_id for ln in lines if ln.kind == "collective" and ln.organisation_id]
    others = ProposalLine.objects.filter(proposal__authority_id=p.authority_id, proposal__year=p.year).exclude(
        proposal__status__in=[states.REJECTED]).filter(Q(person_id__in=person_ids) | Q(organisation_id__in=org_ids,
                                                                                          kind="collective"))
    cands = [legal_checks.Candidate(ln.pk, ln.kind, ln.person_id, ln.organisation_id if ln.kind == "collective" else None,
                              ln.name, code, name, p.year)
             for ln, code, name in [(o, o.proposal.award.code, o.proposal.award.name)
                                    for o in others.select_related("proposal__award")]]
    known = {c.line_id for c in cands}
    cands += [legal_checks.Candidate(ln.pk, ln.kind, ln.person_id, ln.organisation_id if ln.kind == "collective" else None,
                               ln.name, p.award.code, p.award.name, p.year) for ln in lines if ln.pk not in known]
    held = {(pid, code, year) for pid, code, year in ProposalLine.objects.filter(
        person_id__in=person_ids, proposal__year=p.year).exclude(proposal__status=states.REJECTED).values_list(
        "person_id", "proposal__award__code", "proposal__year")}
    held |= {(pid, code, p.year) for pid, code in DecisionLine.objects.filter(
        person_id__in=person_ids, decision__year=p.year).values_list("person_id", "decision__award__code")}
    awards = {a.code: a for a in Award.objects.select_related("prerequisite")}
    allowed = {code: a.kinds for code, a in awards.items()}
    pre = {code: (a.prerequisite.code, a.prerequisite.name) for code, a in awards.items() if a.prerequisite}
    result = legal_checks.warnings(cands, allowed, pre, held)
    return {k: v for k, v in result.items() if k in {ln.pk for ln in lines}}


# --- council ------------------------------------------------------------------------------------------


def meetings():
    return CouncilMeeting.objects.annotate(proposal_count=Count("proposals", distinct=True),
                                           member_count=Count("members", distinct=True)).order_by("-date", "-id")


# --- decisions ----------------------------------------------------------------------------------------


def decisions(year: int | None = None, status: str = ""):
    qs = Decision.objects.select_related("award")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(line_count=Count("lines"), total=Sum("lines__amount")).order_by("-date", "-id")


def decision_lines(d: Decision):
    return list(d.lines.select_related("person", "organisation").order_by("order", "id"))


# --- search past awards ---------------------------------------------------------------------------------


def related_units(org_ids: set[int]) -> set[int]:
    """The units connected by mergers to `org_ids`: those merged into them and those they merged into."""
    found = set(org_ids)
    frontier = set(org_ids)
    while frontier:
        rows = Organisation.objects.filter(Q(pk__in=frontier) | Q(merged_into_id__in=frontier)).values_list(
            "pk", "merged_into_id")
        nxt = set()
        for pk, into in rows:
            for x in (pk, into):
                if x and x not in found:
                    nxt.add(x)
        found |= nxt
        frontier = nxt
    return found


def search(scope: Scope, q: str = "", unit_id: int | None = None, person_id: int | None = None,
           authority_ids: list[int] | None = None):
    """Lines of issued decisions, any year, by a name (accent-insensitive) or a unit (and its merger chain).

    `authority_ids`: the authorities searched, the user's and those merged into it (`orgs.tree.lineage_ids`,
    #19): their decisions are its history, and a word of the query also matches the name of the authority
    that decided (the old commune's or the new one's), so "nguyen van ha thanh binh" finds Nguyễn Văn Hạ's
    award from the former Xã Thanh Bình."""
    qs = DecisionLine.objects.filter(decision__status=states.DECISION_ISSUED).select_related(
        "decision", "decision__award", "decision__authority", "organisation")
    if authority_ids is not None:
        qs = qs.filter(decision__authority_id__in=authority_ids)
    if scope.unit_id is not None:
        qs = qs.filter(organisation_id__in=related_units({scope.unit_id}))
    if person_id:
        qs = qs.filter(person_id=person_id)
    if unit_id:
        units = related_units({unit_id})
        qs = qs.filter(Q(organisation_id__in=units) | Q(person__organisation_id__in=units))
    if q:
        words = normalise.fold(q).split()
        unit_match = Organisation.objects.all()
        for w in words:
            unit_match = unit_match.filter(name_fold__contains=w)
        unit_ids = related_units(set(unit_match.values_list("pk", flat=True))) if words else set()
        cond = Q()
        for w in words:
            cond &= Q(name_fold__contains=w)
        for authority_id, rest in _places(authority_ids, words):  # "… thanh binh": the award of that place
            named = Q(decision__authority_id=authority_id)
            for w in rest:
                named &= Q(name_fold__contains=w)
            cond |= named
        qs = qs.filter(cond | Q(organisation_id__in=unit_ids, kind="collective"))
    if not (q or unit_id or person_id):
        return qs.none()
    return qs.order_by("-decision__date", "-decision__award__rank", "order")


LEVEL_WORDS = ("thi tran", "thanh pho", "thi xa", "dac khu", "phuong", "huyen", "tinh", "xa")


def _places(authority_ids: list[int] | None, words: list[str]) -> list[tuple[int, list[str]]]:
    """The searched authorities whose place name the query says as a phrase ("thanh binh", "xa thanh
    binh", "thi tran tan khai"), each with the words left for the recipient's name. One query."""
    if not authority_ids or not words:
        return []
    text = f" {' '.join(words)} "
    out = []
    for a in Authority.objects.filter(pk__in=authority_ids).only("pk", "locality", "short_name"):
        place = normalise.fold(locality_of(a))
        bare = next((place[len(w) + 1:] for w in LEVEL_WORDS if place.startswith(f"{w} ")), place)
        for phrase in (place, bare):
            if phrase and f" {phrase} " in text:
                out.append((a.pk, text.replace(f" {phrase} ", " ", 1).split()))
                break
    return out


def lines_prefetch():
    return Prefetch("lines", queryset=ProposalLine.objects.select_related("person", "organisation"))
