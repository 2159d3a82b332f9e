"""Award decisions (quyết định khen thưởng): their lines with prize money, issuing, deleting a draft."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua import clock
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, AuthorityLevel, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.orgs.wording import signature_of
from thidua.vn import normalise
from thidua.vn.dates import short_date

from .. import states
from ..catalogue_data import own_signer_level_of
from ..models import (
    Award,
    CouncilMeeting,
    Decision,
    DecisionLine,
    LineStatus,
    Proposal,
    ProposalLine,
    RecipientKind,
    SignerLevel,
)
from ..signals import decision_issued
from .catalogue import settings_for
from .prizes import check_power, prize_for, rules_on
from .proposals import apply_transition

DECISION_FIELDS = ("year", "number", "code", "date", "award", "signer_level", "signer", "signer_prefix",
                   "signer_title", "signer_name", "issuer", "reason", "proposed_by", "submission_number",
                   "submission_date")


def signer_lines(s) -> tuple[str, str]:
    """(prefix line, title line): a signer stored as "Q. CHỦ TỊCH" with no title signs "Q. CHỦ TỊCH"."""
    signature = signature_of(s)
    return signature.prefix, signature.title


def default_signer_level(authority: Authority) -> str:
    return own_signer_level_of(authority.level)


def default_issuer(authority: Authority, signer_level: str) -> str:
    """Who decides: the chairman of the authority, or of its province for a provincial decision it records."""
    if signer_level == "ct-tinh" and authority.level != AuthorityLevel.PROVINCE and authority.province_name:
        return f"Chủ tịch Ủy ban nhân dân tỉnh {authority.province_name}"
    return f"Chủ tịch {authority.name}"


def _line_key(spec: dict) -> tuple:
    if spec.get("person") is not None:
        return ("p", spec["person"].pk)
    if spec["kind"] == RecipientKind.COLLECTIVE and spec.get("organisation") is not None:
        return ("o", spec["organisation"].pk)
    return ("n", normalise.fold(spec.get("name", "")), normalise.fold(spec.get("unit_name", "")))


def _build_lines(d: Decision, specs: list[dict], start: int = 0) -> list[DecisionLine]:
    lines, seen, prizes = [], set(), {}
    existing = {(("p", pid) if pid else ("o", oid) if kind == "collective" else ("n", nf, ""))
                for pid, oid, kind, nf in d.lines.values_list("person_id", "organisation_id", "kind", "name_fold")} \
        if d.pk else set()
    for i, spec in enumerate(specs, start=1):
        kind = spec.get("kind")
        if kind not in RecipientKind.values:
            raise ValidationFailed(f"Dòng {i}: đối tượng không hợp lệ.", "lines")
        person, org = spec.get("person"), spec.get("organisation")
        if person is not None and person.authority_id != d.authority_id:
            raise ValidationFailed(f"Dòng {i}: cá nhân thuộc cơ quan khác.", "lines")
        if org is not None and org.authority_id != d.authority_id:
            raise ValidationFailed(f"Dòng {i}: đơn vị thuộc cơ quan khác.", "lines")
        if kind == RecipientKind.INDIVIDUAL and person is None:
            raise ValidationFailed(f"Dòng {i}: thiếu cá nhân.", "lines")
        name = spec.get("name") or (person.full_name if person else org.name if org else "")
        if not normalise.clean_text(name):
            raise ValidationFailed(f"Dòng {i}: thiếu tên.", "lines")
        key = _line_key({**spec, "name": name})
        if key in seen or key in existing:
            raise ValidationFailed(f"Dòng {i}: “{name}” trùng với một dòng khác của quyết định.", "lines")
        seen.add(key)
        if kind not in prizes:
            prizes[kind] = prize_for(d.award, kind, d.date, d.rounding_mode)
        coef, amount = prizes[kind]
        if person is not None and org is None:
            org = person.organisation
        lines.append(DecisionLine(
            decision=d, kind=kind, person=person, organisation=org, name=name,
            position=spec.get("position", person.position if person else ""),
            unit_name=spec.get("unit_name", (org.name if org and kind != RecipientKind.COLLECTIVE else "")),
            coefficient=coef, amount=amount, proposal_line=spec.get("proposal_line"), order=start + i).prepare())
    return lines


def _validate_decision(d: Decision) -> None:
    if d.award is None or not isinstance(d.award, Award):
        raise ValidationFailed("Danh hiệu, hình thức khen thưởng không có trong danh mục.", "award")
    if d.signer_level not in SignerLevel.values:
        raise ValidationFailed("Cấp người ký không hợp lệ.", "signer_level")
    if not d.signer_title or not d.signer_name:
        raise ValidationFailed("Nhập chức vụ và họ tên người ký.", "signer_name")
    if not d.reason:
        raise ValidationFailed("Nhập thành tích được khen (lý do).", "reason")
    rule_set, base = rules_on(d.date)
    check_power(d.award, d.signer_level, d.date)
    d.rule_set, d.base_salary = rule_set, base
    if d.number is not None and Decision.objects.filter(authority_id=d.authority_id, signer_level=d.signer_level,
                                                        code=d.code, number=d.number,
                                                        number_year=d.date.year).exclude(pk=d.pk).exists():
        raise ValidationFailed(f"Số {d.number_text} năm {d.date.year} đã được dùng.", "number")


def _check_after_council(d: Decision, proposal_line_ids) -> None:
    """A decision is taken on or after the day the council approved its candidates."""
    ids = [pk for pk in proposal_line_ids if pk]
    latest = CouncilMeeting.objects.filter(proposals__lines__pk__in=ids).order_by("-date").first() if ids else None
    if latest is not None and d.date < latest.date:
        raise ValidationFailed(f"Ngày quyết định ({short_date(d.date)}) trước ngày Hội đồng họp xét thông qua "
                               f"({short_date(latest.date)}); quyết định phải từ ngày {short_date(latest.date)} "
                               "trở về sau.", "date")


@transaction.atomic
def create_decision(actor: User | None, authority: Authority, values: dict, lines: list[dict]) -> Decision:
    require(actor, "awards.manage_decisions")
    check_authority(actor, authority.pk)
    d = Decision(authority=authority, created_at=clock.now(), rounding_mode=settings_for(authority).rounding_mode)
    for key in DECISION_FIELDS:
        if key in values:
            setattr(d, key, values[key])
    if not isinstance(values.get("award"), Award):
        raise ValidationFailed("Danh hiệu, hình thức khen thưởng không có trong danh mục.", "award")
    if not isinstance(values.get("date"), dt.date):
        raise ValidationFailed("Nhập ngày quyết định.", "date")
    s = values.get("signer")
    if s is not None:
        if s.authority_id != authority.pk:
            raise ValidationFailed("Người ký thuộc cơ quan khác.", "signer")
        prefix, title = signer_lines(s)
        d.signer_prefix = values.get("signer_prefix", prefix)
        d.signer_title = values.get("signer_title") or title
        d.signer_name = values.get("signer_name") or s.name
    d.signer_level = d.signer_level or default_signer_level(authority)
    d.year = d.year or d.date.year - 1
    d.issuer = d.issuer or default_issuer(authority, d.signer_level)
    _validate_decision(d)
    if not lines:
        raise ValidationFailed("Quyết định phải có ít nhất một tập thể hoặc cá nhân.", "lines")
    _check_after_council(d, [getattr(spec.get("proposal_line"), "pk", None) for spec in lines])
    d.save()
    DecisionLine.objects.bulk_create(_build_lines(d, lines))
    log_action(actor, "awards.decision.create", d, None, snapshot(d), note=f"{len(lines)} dòng")
    return d


def lines_from_proposals(proposals) -> list[dict]:
    specs = []
    for p in proposals:
        for line in p.lines.all():
            if line.status != LineStatus.PASSED:
                continue
            specs.append({"kind": line.kind, "person": line.person, "organisation": line.organisation,
                          "name": line.name, "position": line.position, "unit_name": line.unit_name,
                          "proposal_line": line})
    return specs


@transaction.atomic
def create_decision_from_proposals(actor: User | None, authority: Authority, values: dict, proposals) -> Decision:
    proposals = list(proposals)
    if not proposals:
        raise ValidationFailed("Chọn ít nhất một hồ sơ đã được Hội đồng thông qua.", "proposals")
    for p in proposals:
        if p.status != states.APPROVED:
            raise ValidationFailed(f"Hồ sơ của {p.organisation.name} chưa được Hội đồng thông qua.", "proposals")
        if p.award_id != values["award"].pk:
            raise ValidationFailed(f"Hồ sơ của {p.organisation.name} đề nghị “{p.award.name}”, khác với quyết định.",
                                   "proposals")
    return create_decision(actor, authority, values, lines_from_proposals(proposals))


DRAFT_FIELDS = ("year", "number", "code", "date", "reason", "proposed_by", "submission_number", "submission_date")


@transaction.atomic
def update_decision(actor: User | None, d: Decision, values: dict) -> Decision:
    """Edit a draft's number, date, signer and wording (its title and lines stay); a new date re-prices
    the lines by the rules of that date."""
    require(actor, "awards.manage_decisions")
    check_authority(actor, d.authority_id)
    if d.status != states.DECISION_DRAFT:
        raise ValidationFailed("Quyết định đã ban hành; không sửa được.")
    before = snapshot(d)
    if not isinstance(values.get("date", d.date), dt.date):
        raise ValidationFailed("Nhập ngày quyết định.", "date")
    for key in DRAFT_FIELDS:
        if key in values:
            setattr(d, key, normalise.clean_text(values[key]) if isinstance(values[key], str) else values[key])
    s = values.get("signer")
    if s is not None:
        if s.authority_id != d.authority_id:
            raise ValidationFailed("Người ký thuộc cơ quan khác.", "signer")
        d.signer = s
        d.signer_prefix, d.signer_title = signer_lines(s)
        d.signer_name = s.name
    _validate_decision(d)
    _check_after_council(d, d.lines.values_list("proposal_line_id", flat=True))
    d.save()
    if before["date"] != d.date.isoformat():
        lines = list(d.lines.all())
        for line in lines:
            line.coefficient, line.amount = prize_for(d.award, line.kind, d.date, d.rounding_mode)
        DecisionLine.objects.bulk_update(lines, ["coefficient", "amount"])
    log_action(actor, "awards.decision.update", d, before, snapshot(d))
    return d


@transaction.atomic
def add_decision_lines(actor: User | None, d: Decision, specs: list[dict]) -> int:
    require(actor, "awards.manage_decisions")
    check_authority(actor, d.authority_id)
    if d.status != states.DECISION_DRAFT:
        raise ValidationFailed("Quyết định đã ban hành; không sửa được danh sách.")
    _check_after_council(d, [getattr(spec.get("proposal_line"), "pk", None) for spec in specs])
    lines = _build_lines(d, specs, start=d.lines.count())
    DecisionLine.objects.bulk_create(lines)
    log_action(actor, "awards.decision.lines_add", d, None, {"count": len(lines)})
    return len(lines)


@transaction.atomic
def issue_decision(actor: User | None, d: Decision, number: int | None = None) -> Decision:
    require(actor, "awards.manage_decisions")
    check_authority(actor, d.authority_id)
    if d.status != states.DECISION_DRAFT:
        raise ValidationFailed("Quyết định đã được ban hành.")
    before = snapshot(d)
    if number is not None:
        d.number = number
    if d.number is None:
        raise ValidationFailed("Nhập số quyết định trước khi ban hành.", "number")
    _validate_decision(d)
    if not d.lines.exists():
        raise ValidationFailed("Quyết định chưa có tập thể, cá nhân nào.")
    _check_after_council(d, d.lines.values_list("proposal_line_id", flat=True))
    d.status, d.issued_at = states.DECISION_ISSUED, clock.now()
    d.save()
    line_ids = [pl for pl in d.lines.values_list("proposal_line_id", flat=True) if pl]
    ProposalLine.objects.filter(pk__in=line_ids).update(status=LineStatus.DECIDED)
    for p in Proposal.objects.filter(lines__pk__in=line_ids, status=states.APPROVED).distinct():
        apply_transition(actor, p, "decide", f"Quyết định số {d.number_text} ngày {short_date(d.date)}", system=True)
    log_action(actor, "awards.decision.issue", d, before, snapshot(d))
    decision_issued.send(sender=Decision, decision=d, actor=actor)
    return d


@transaction.atomic
def delete_decision(actor: User | None, d: Decision) -> None:
    require(actor, "awards.manage_decisions")
    check_authority(actor, d.authority_id)
    if d.status != states.DECISION_DRAFT:
        raise ValidationFailed("Không xóa được quyết định đã ban hành.")
    before, authority_id = snapshot(d), d.authority_id
    d.delete()
    log_action(actor, "awards.decision.delete", None, before, None, authority_id=authority_id)
