"""The commendation documents issued through the outgoing register (`orgs.register`): an award decision
is drafted, edited and issued there, and issuing gives the decision the register's number and date.

A province's decision recorded by a lower authority (signer "ct-tinh") carries the province's number: it
is recorded on the decision page with the number typed, never issued through this authority's register.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.urls import reverse

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.register import Source, register_source
from thidua.orgs.services import ValidationFailed
from thidua.paperwork.model import Document
from thidua.vn.numbering import document_number

from . import documents, papers, queries, services, states
from .models import Award, Decision

DECISION = "awards.decision"
SUBMISSION = "awards.submission"  # the office's tờ trình to the chairman for a decision (keyed by its id)
UPPER_SUBMISSION = "awards.upper_submission"  # the authority's tờ trình to the province ("<award code>:<year>")


def _decision(authority, key: str) -> Decision:
    """The decision of `authority` with this id; another authority's id reads as no decision (a 404)."""
    try:
        pk = int(key)
    except (TypeError, ValueError):
        raise ValidationFailed("Không có quyết định khen thưởng này.") from None
    d = Decision.objects.select_related("award", "rule_set", "authority").filter(pk=pk, authority=authority).first()
    if d is None:
        raise ValidationFailed("Không có quyết định khen thưởng này.")
    return d


def build_decision(authority, key: str, number: int | None, day: dt.date | None) -> Document:
    d = _decision(authority, key)
    if documents.is_provincial(d):
        raise ValidationFailed(f"Quyết định của {documents.deciding_voice(d).short_name} mang số của tỉnh: ghi số "
                               "đã cấp và ban hành trên trang quyết định, không lấy số trong sổ văn bản đi.")
    if d.status != states.DECISION_DRAFT:
        raise ValidationFailed(f"Quyết định số {d.number_text} đã ban hành ngoài sổ văn bản đi.")
    lines = queries.decision_lines(d)
    d.number = number
    if day is not None and day != d.date:  # the prize money and the rules of the day it is issued
        d.date = day
        d.rule_set, d.base_salary = services.rules_on(day)
        lines = [copy.copy(ln) for ln in lines]
        prizes: dict[str, int] = {}
        for ln in lines:
            if ln.kind not in prizes:
                prizes[ln.kind] = services.prize_for(d.award, ln.kind, day, d.rounding_mode)[1]
            ln.amount = prizes[ln.kind]
    return documents.decision_document(d, lines)


def issue_decision(actor, key: str, number: int, day: dt.date) -> None:
    """The register issued the decision as number `number` on `day`: the decision is issued with them
    (its checks hold: a draft, with lines, within the signer's power, after the council)."""
    d = Decision.objects.select_for_update().get(pk=int(key))
    if day != d.date:
        d = services.update_decision(actor, d, {"date": day})
    services.issue_decision(actor, d, number)


def _title(authority, key: str) -> str:
    try:
        d = _decision(authority, key)
    except ValidationFailed:
        return "Quyết định khen thưởng"
    return f"Quyết định khen thưởng {d.award.name} năm {d.year}"


def _back(key: str) -> str:
    return reverse("awards:decision_detail", args=[int(key)]) if key.isdigit() else reverse("awards:decision_list")


def build_submission(authority, key: str, number: int | None, day: dt.date | None) -> Document:
    """The proposing office's tờ trình for the decision `key` (of this authority only)."""
    d = _decision(authority, key)
    refusal = papers.submission_refusal(d)
    if refusal:
        raise ValidationFailed(refusal)
    lines = queries.decision_lines(d)
    return papers.submission_document(d, lines, number, day, papers.council_results(d, lines))


def issue_submission(actor, key: str, number: int, day: dt.date) -> None:
    """The tờ trình was issued as `number` on `day`: the decision it proposes says so ("Theo đề nghị của …
    tại Tờ trình số 05/TTr-NV ngày …"); a decision already issued keeps its text, so it is refused."""
    d = Decision.objects.select_for_update().select_related("authority").get(pk=int(key))
    if d.status != states.DECISION_DRAFT:
        raise ValidationFailed(f"Quyết định số {d.number_text} đã ban hành: tờ trình phải ban hành trước quyết định.")
    before = snapshot(d)
    d.submission_number = document_number(number, papers.submission_symbol(d.authority))
    d.submission_date = day
    d.save(update_fields=["submission_number", "submission_date"])
    log_action(actor, "awards.decision.submission", d, before, snapshot(d))


def _submission_title(authority, key: str) -> str:
    try:
        d = _decision(authority, key)
    except ValidationFailed:
        return "Tờ trình đề nghị khen thưởng"
    return f"Tờ trình đề nghị {d.award.name} năm {d.year}"


# --- the tờ trình to the upper level ("<award code>:<year>") ---------------------------------------------


def upper_key(award_code: str, year: int) -> str:
    return f"{award_code}:{year}"


def _upper_parts(authority, key: str):
    """(award, year, candidates) of the key for `authority`; refuses a form it decides itself, or one
    without a candidate its council passed."""
    code, _, year_text = (key or "").partition(":")
    award = Award.objects.filter(code=code).first()
    if award is None or not year_text.isdigit():
        raise ValidationFailed("Không có danh hiệu, hình thức khen thưởng này.")
    refusal = papers.upper_refusal(authority, award)
    if refusal:
        raise ValidationFailed(refusal)
    year = int(year_text)
    lines = papers.upper_candidates(authority, award, year)
    if not lines:
        raise ValidationFailed(f"{authority.name} chưa có hồ sơ đề nghị “{award.name}” năm {year} được Hội đồng "
                               "thông qua: chưa lập được tờ trình cấp trên.")
    return award, year, lines


def build_upper_submission(authority, key: str, number: int | None, day: dt.date | None) -> Document:
    award, year, lines = _upper_parts(authority, key)
    results, yes = papers.upper_council(authority, lines)
    return papers.upper_submission_document(authority, award, year, lines, results, yes, number, day)


def _upper_title(authority, key: str) -> str:
    code, _, year = key.partition(":")
    award = Award.objects.filter(code=code).first()
    return f"Tờ trình cấp trên: {award.name if award else code} năm {year}"


def _upper_back(key: str) -> str:
    year = key.partition(":")[2]
    url = reverse("awards:upper_submissions")
    return f"{url}?nam={year}" if year.isdigit() else url


def register() -> None:
    register_source(Source(
        kind=DECISION, doc_kind="decision", kind_name="Quyết định", build=build_decision, on_issue=issue_decision,
        back=_back, title=_title))
    register_source(Source(
        kind=SUBMISSION, doc_kind="submission", kind_name="Tờ trình", build=build_submission,
        on_issue=issue_submission, back=_back, title=_submission_title))
    register_source(Source(
        kind=UPPER_SUBMISSION, doc_kind="submission", kind_name="Tờ trình", build=build_upper_submission,
        back=_upper_back, title=_upper_title))
