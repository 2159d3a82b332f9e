"""Every write of the commendation app: permission and scope checked, one transaction, audited."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua import clock
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Authority, AuthorityLevel, Organisation, Person, User
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed, require
from thidua.vn import normalise
from thidua.vn.dates import short_date

from . import council, prize, workflow
from .catalogue import seed
from .models import (
    Attachment,
    AttachmentKind,
    Award,
    AwardFamily,
    AwardPower,
    AwardSettings,
    BaseSalary,
    CertificateBlank,
    CouncilMeeting,
    CouncilMember,
    CouncilVote,
    Decision,
    DecisionLine,
    LineStatus,
    Proposal,
    ProposalEvent,
    ProposalLine,
    RecipientKind,
    RuleItem,
    RuleSet,
    SignerLevel,
)

__all__ = ["ValidationFailed"]

LEVEL_OF_AUTHORITY = {AuthorityLevel.PROVINCE: "ct-tinh", AuthorityLevel.DISTRICT: "ct-huyen",
                      AuthorityLevel.COMMUNE: "ct-xa", AuthorityLevel.DEPARTMENT: "thu-truong",
                      AuthorityLevel.SECTOR: "thu-truong"}


def _check_authority(actor: User | None, authority_id: int) -> None:
    if actor is not None and not actor.is_superuser:
        scope_for(actor).check_authority(authority_id)


def _who(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"


# --- catalogue -------------------------------------------------------------------------------------


@transaction.atomic
def seed_catalogue(actor: User | None = None) -> dict[str, int]:
    require(actor, "awards.manage_catalogue")
    created = seed(django_apps.get_model)
    if any(created.values()):
        log_action(actor, "awards.catalogue.seed", None, None, created)
    return created


@transaction.atomic
def update_rule_item(actor: User | None, item: RuleItem, values: dict) -> RuleItem:
    require(actor, "awards.manage_catalogue")
    before = snapshot(item)
    for key in ("coefficient_individual", "coefficient_collective", "coefficient_household", "uncertain", "note"):
        if key in values:
            value = values[key]
            if key.startswith("coefficient") and value is not None and Decimal(value) < 0:
                raise ValidationFailed("Hệ số tiền thưởng không được âm.", key)
            setattr(item, key, normalise.clean_text(value) if key == "note" else value)
    item.save()
    log_action(actor, "awards.rule_item.update", item, before, snapshot(item))
    return item


@transaction.atomic
def save_base_salary(actor: User | None, valid_from: dt.date, amount: int, legal_basis: str = "") -> BaseSalary:
    require(actor, "awards.manage_catalogue")
    if amount <= 0:
        raise ValidationFailed("Mức lương cơ sở phải lớn hơn 0.", "amount")
    row = BaseSalary.objects.filter(valid_from=valid_from).first()
    before = snapshot(row)
    if row is None:
        row = BaseSalary(valid_from=valid_from)
    row.amount, row.legal_basis = amount, normalise.clean_text(legal_basis)
    row.save()
    log_action(actor, "awards.base_salary.save", row, before, snapshot(row))
    return row


def settings_for(authority: Authority) -> AwardSettings:
    found = AwardSettings.objects.filter(authority=authority).first()
    return found or AwardSettings(authority=authority)


@transaction.atomic
def update_settings(actor: User | None, authority: Authority, values: dict) -> AwardSettings:
    require(actor, "awards.manage_catalogue")
    _check_authority(actor, authority.pk)
    obj = settings_for(authority)
    before = snapshot(obj) if obj.pk else None
    for key in ("rounding_mode", "quorum_num", "quorum_den", "pass_num", "pass_den"):
        if key in values:
            setattr(obj, key, values[key])
    if obj.rounding_mode not in prize.ROUNDING_MODES:
        raise ValidationFailed("Cách làm tròn không hợp lệ.", "rounding_mode")
    for num, den in (("quorum_num", "quorum_den"), ("pass_num", "pass_den")):
        if getattr(obj, den) <= 0 or getattr(obj, num) > getattr(obj, den):
            raise ValidationFailed("Tỷ lệ phải là phân số từ 0 đến 1 (tử số không lớn hơn mẫu số).", num)
    obj.save()
    log_action(actor, "awards.settings.update", obj, before, snapshot(obj), authority_id=authority.pk)
    return obj


# --- prize money -------------------------------------------------------------------------------------


def rules_on(day: dt.date) -> tuple[RuleSet, int]:
    """The rule set and base salary in force for a decision dated `day`."""
    rule_set = prize.in_force([(r.valid_from, r.valid_to, r) for r in RuleSet.objects.all()], day)
    if rule_set is None:
        raise ValidationFailed(f"Chưa có bộ quy định khen thưởng áp dụng cho ngày {short_date(day)}.", "date")
    salary = prize.in_force([(b.valid_from, None, b) for b in BaseSalary.objects.all()], day)
    if salary is None:
        raise ValidationFailed(f"Chưa có mức lương cơ sở áp dụng cho ngày {short_date(day)}.", "date")
    return rule_set, salary.amount


def coefficients(rule_set: RuleSet, award: Award) -> prize.Coefficients:
    item = RuleItem.objects.filter(rule_set=rule_set, award=award).first()
    if item is None:
        raise ValidationFailed(f"{rule_set.name} chưa có hệ số tiền thưởng của “{award.name}”.", "award")
    return prize.Coefficients(item.coefficient_individual, item.coefficient_collective, item.coefficient_household,
                              rule_set.collective_multiplier, rule_set.household_multiplier)


def prize_for(award: Award, kind: str, day: dt.date, rounding_mode: str = prize.CEIL) -> tuple[Decimal, int]:
    """(coefficient, amount in đồng) for one recipient of `award` in a decision dated `day`."""
    rule_set, base = rules_on(day)
    try:
        coef = prize.coefficient(coefficients(rule_set, award), kind, award.kinds, award.name)
        return coef, prize.amount(coef, base, rounding_mode, rule_set.rounding_step)
    except prize.PrizeError as exc:
        raise ValidationFailed(str(exc), "award") from exc


def check_power(award: Award, signer_level: str, day: dt.date) -> None:
    powers = [(p.signer_level, p.valid_from, p.valid_to) for p in AwardPower.objects.filter(award=award)]
    if not prize.may_award(powers, signer_level, day):
        label = dict(SignerLevel.choices).get(signer_level, signer_level)
        raise ValidationFailed(f"{label} không có thẩm quyền tặng “{award.name}” vào ngày {short_date(day)}.",
                               "signer_level")


# --- proposals ---------------------------------------------------------------------------------------


def _units_under(unit: Organisation) -> set[int]:
    return {unit.pk, *Organisation.objects.filter(parent=unit).values_list("pk", flat=True)}


PROPOSAL_FIELDS = ("organisation", "year", "family", "award", "title", "summary")


def _validate_proposal(p: Proposal) -> None:
    if p.organisation.authority_id != p.authority_id:
        raise ValidationFailed("Đơn vị đề nghị thuộc cơ quan khác.", "organisation")
    if not 2000 <= int(p.year) <= 2100:
        raise ValidationFailed("Năm thi đua không hợp lệ.", "year")
    if not p.award.active:
        raise ValidationFailed(f"“{p.award.name}” không còn dùng.", "award")


@transaction.atomic
def create_proposal(actor: User | None, authority: Authority, values: dict) -> Proposal:
    p = Proposal(authority=authority, created_by=recorded_user(actor), created_at=clock.now())
    for key in PROPOSAL_FIELDS:
        if key in values:
            setattr(p, key, values[key])
    if not isinstance(values.get("award"), Award):
        raise ValidationFailed("Danh hiệu, hình thức khen thưởng không có trong danh mục.", "award")
    require(actor, "awards.edit_proposal", p)
    _check_authority(actor, authority.pk)
    _validate_proposal(p)
    if not p.title:
        p.title = f"Đề nghị tặng {p.award.name} năm {p.year}"
    p.save()
    log_action(actor, "awards.proposal.create", p, None, snapshot(p))
    return p


@transaction.atomic
def update_proposal(actor: User | None, p: Proposal, values: dict) -> Proposal:
    require(actor, "awards.edit_proposal", p)
    _check_authority(actor, p.authority_id)
    if p.status not in workflow.EDITABLE:
        raise ValidationFailed("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại.")
    before = snapshot(p)
    for key in PROPOSAL_FIELDS:
        if key in values:
            setattr(p, key, values[key])
    require(actor, "awards.edit_proposal", p)
    _validate_proposal(p)
    p.save()
    log_action(actor, "awards.proposal.update", p, before, snapshot(p))
    return p


@transaction.atomic
def add_line(actor: User | None, p: Proposal, values: dict) -> ProposalLine:
    """values: kind, and person (individual) or organisation (collective) or name (household), achievement."""
    require(actor, "awards.edit_proposal", p)
    _check_authority(actor, p.authority_id)
    if p.status not in workflow.EDITABLE:
        raise ValidationFailed("Chỉ thêm được vào hồ sơ đang soạn hoặc bị trả lại.")
    kind = values.get("kind")
    if kind not in RecipientKind.values:
        raise ValidationFailed("Đối tượng phải là cá nhân, tập thể hoặc hộ gia đình.", "kind")
    if kind not in p.award.kinds:
        raise ValidationFailed(f"“{p.award.name}” không dành cho {RecipientKind(kind).label.lower()}.", "kind")
    allowed_units = _units_under(p.organisation)
    line = ProposalLine(proposal=p, kind=kind, achievement=values.get("achievement", ""),
                        order=(p.lines.count() + 1))
    if kind == RecipientKind.INDIVIDUAL:
        person = values.get("person")
        if not isinstance(person, Person) or person.authority_id != p.authority_id:
            raise ValidationFailed("Chọn một cá nhân trong danh sách.", "person")
        if person.organisation_id not in allowed_units:
            raise ValidationFailed(f"{person.full_name} không thuộc {p.organisation.name}; đơn vị chỉ đề nghị "
                                   "cá nhân của mình.", "person")
        if p.lines.filter(person=person).exists():
            raise ValidationFailed(f"{person.full_name} đã có trong hồ sơ này.", "person")
        line.person, line.organisation = person, person.organisation
        line.name, line.position = person.full_name, person.position
        line.unit_name = person.organisation.name if person.organisation else ""
    elif kind == RecipientKind.COLLECTIVE:
        org = values.get("organisation")
        if not isinstance(org, Organisation) or org.pk not in allowed_units:
            raise ValidationFailed("Tập thể được đề nghị phải là đơn vị mình hoặc đơn vị trực thuộc.", "organisation")
        if p.lines.filter(kind="collective", organisation=org).exists():
            raise ValidationFailed(f"{org.name} đã có trong hồ sơ này.", "organisation")
        line.organisation, line.name = org, values.get("name") or org.name
    else:
        name = normalise.clean_text(values.get("name", ""))
        if not name:
            raise ValidationFailed("Nhập tên hộ gia đình (chủ hộ).", "name")
        line.name, line.organisation, line.unit_name = f"Hộ gia đình {name}" if not name.lower().startswith("hộ") \
            else name, p.organisation, values.get("unit_name", "") or p.organisation.name
    line.save()
    log_action(actor, "awards.proposal.line_add", p, None, snapshot(line), note=line.name)
    return line


@transaction.atomic
def remove_line(actor: User | None, line: ProposalLine) -> None:
    p = line.proposal
    require(actor, "awards.edit_proposal", p)
    _check_authority(actor, p.authority_id)
    if p.status not in workflow.EDITABLE:
        raise ValidationFailed("Chỉ bớt được khỏi hồ sơ đang soạn hoặc bị trả lại.")
    before = snapshot(line)
    line.delete()
    log_action(actor, "awards.proposal.line_remove", p, before, None, note=before["name"])


def roles_of(actor: User | None, p: Proposal) -> set[str]:
    if actor is None:
        return {workflow.UNIT, workflow.SECRETARIAT, workflow.COUNCIL_ROLE}
    roles = set()
    if actor.has_perm("awards.edit_proposal", p):
        roles.add(workflow.UNIT)
    if actor.has_perm("awards.review_proposals"):
        roles.add(workflow.SECRETARIAT)
    if actor.has_perm("awards.manage_council"):
        roles.add(workflow.COUNCIL_ROLE)
    return roles


def _transition(actor: User | None, p: Proposal, action: str, reason: str = "", system: bool = False) -> Proposal:
    t = workflow.TRANSITIONS.get(action)
    if t is None:
        raise ValidationFailed(f"Thao tác không hợp lệ: {action}.")
    if not system and t.by not in roles_of(actor, p):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    _check_authority(actor, p.authority_id)
    reason = normalise.clean_multiline(reason)
    try:
        target = workflow.transition(p.status, action, reason)
    except workflow.TransitionError as exc:
        raise ValidationFailed(str(exc), "action") from exc
    if action == "submit" and not p.lines.exists():
        raise ValidationFailed("Hồ sơ chưa có tập thể, cá nhân nào được đề nghị.")
    before = snapshot(p)
    source = p.status
    p.status = target
    if action == "submit":
        p.submitted_at = clock.now()
    p.save()
    ProposalEvent.objects.create(proposal=p, at=clock.now(), actor=recorded_user(actor),
                                 actor_name=_who(actor), action=action, from_status=source, to_status=target,
                                 reason=reason)
    log_action(actor, f"awards.proposal.{action}", p, before, snapshot(p), note=reason)
    return p


@transaction.atomic
def transition(actor: User | None, p: Proposal, action: str, reason: str = "") -> Proposal:
    return _transition(actor, p, action, reason)


def bulk_transition(actor: User | None, proposals, action: str, reason: str = "") -> tuple[int, list[str]]:
    """Each proposal in its own transaction; returns (done, Vietnamese errors)."""
    done, errors = 0, []
    for p in proposals:
        try:
            with transaction.atomic():
                _transition(actor, p, action, reason)
            done += 1
        except (ValidationFailed, PermissionDenied) as exc:
            errors.append(f"{p.organisation.name}: {getattr(exc, 'message', None) or exc}")
    return done, errors


# --- attachments -------------------------------------------------------------------------------------

ATTACHMENT_KINDS = frozenset({"pdf", "docx", "doc", "xlsx", "jpg", "png"})


def attachments_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "awards" / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def add_attachment(actor: User | None, p: Proposal, kind: str, filename: str, data: bytes) -> Attachment:
    require(actor, "awards.edit_proposal", p)
    _check_authority(actor, p.authority_id)
    if p.status not in workflow.EDITABLE:
        raise ValidationFailed("Chỉ đính kèm được vào hồ sơ đang soạn hoặc bị trả lại.", "file")
    if kind not in AttachmentKind.values:
        raise ValidationFailed("Loại tài liệu không hợp lệ.", "kind")
    content_type = uploads.TYPES[uploads.check_upload(data, filename, ATTACHMENT_KINDS)]
    name = re.sub(r"[^\w.\- ]+", "_", normalise.clean_text(Path(filename).name))[:150] or "tep"
    att = Attachment(proposal=p, kind=kind, filename=name, content_type=content_type, size=len(data), path="",
                     uploaded_by=recorded_user(actor), uploaded_at=clock.now())
    att.save()
    target = attachments_dir() / f"{p.pk}-{att.pk}"
    target.write_bytes(data)
    att.path = str(target.relative_to(Path(settings.MEDIA_ROOT)))
    att.save(update_fields=["path"])
    log_action(actor, "awards.attachment.add", p, None, snapshot(att), note=name)
    return att


def attachment_file(att: Attachment) -> Path | None:
    return uploads.stored_file(att.path)


@transaction.atomic
def remove_attachment(actor: User | None, att: Attachment) -> None:
    p = att.proposal
    require(actor, "awards.edit_proposal", p)
    if p.status not in workflow.EDITABLE:
        raise ValidationFailed("Chỉ xóa được tệp của hồ sơ đang soạn hoặc bị trả lại.")
    before = snapshot(att)
    path = attachment_file(att)
    att.delete()
    if path:
        path.unlink(missing_ok=True)
    log_action(actor, "awards.attachment.remove", p, before, None)


# --- council -----------------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(actor: User | None, authority: Authority, values: dict, members: list[tuple[str, str]]) -> CouncilMeeting:
    require(actor, "awards.manage_council")
    _check_authority(actor, authority.pk)
    s = settings_for(authority)
    m = CouncilMeeting(authority=authority, year=values["year"], date=values["date"],
                       place=normalise.clean_text(values.get("place") or "Phòng họp Ủy ban nhân dân"),
                       chair=normalise.clean_text(values.get("chair", "")),
                       secretary=normalise.clean_text(values.get("secretary", "")),
                       quorum_num=s.quorum_num, quorum_den=s.quorum_den, pass_num=s.pass_num, pass_den=s.pass_den)
    if not m.chair or not m.secretary:
        raise ValidationFailed("Nhập người chủ trì và thư ký phiên họp.", "chair")
    members = [(normalise.clean_text(n), normalise.clean_text(r)) for n, r in members if normalise.clean_text(n)]
    if not members:
        raise ValidationFailed("Phiên họp phải có danh sách thành viên Hội đồng.", "members")
    m.save()
    CouncilMember.objects.bulk_create([CouncilMember(meeting=m, name=n, role=r) for n, r in members])
    log_action(actor, "awards.meeting.create", m, None, snapshot(m), authority_id=authority.pk)
    return m


def _open_meeting(m: CouncilMeeting) -> None:
    if m.status != "open":
        raise ValidationFailed("Phiên họp đã kết thúc; không sửa được.")


@transaction.atomic
def set_presence(actor: User | None, m: CouncilMeeting, present_ids: set[int]) -> None:
    require(actor, "awards.manage_council")
    _check_authority(actor, m.authority_id)
    _open_meeting(m)
    before = {mem.pk: mem.present for mem in m.members.all()}
    for mem in m.members.all():
        mem.present = mem.pk in present_ids
        mem.save(update_fields=["present"])
    log_action(actor, "awards.meeting.presence", m, {"present": before}, {"present": sorted(present_ids)})


@transaction.atomic
def put_to_council(actor: User | None, m: CouncilMeeting, proposals) -> int:
    require(actor, "awards.manage_council")
    _open_meeting(m)
    n = 0
    for p in proposals:
        if p.authority_id != m.authority_id:
            raise ValidationFailed("Hồ sơ thuộc cơ quan khác.")
        _transition(actor, p, "to_council")
        p.meeting = m
        p.save(update_fields=["meeting"])
        n += 1
    return n


@transaction.atomic
def record_vote(actor: User | None, m: CouncilMeeting, line: ProposalLine, ballot: str, yes: int, no: int,
                abstain: int) -> CouncilVote:
    require(actor, "awards.manage_council")
    _check_authority(actor, m.authority_id)
    _open_meeting(m)
    if line.proposal.meeting_id != m.pk or line.proposal.status != workflow.COUNCIL:
        raise ValidationFailed(f"{line.name} không thuộc danh sách trình phiên họp này.")
    members, present = m.members.count(), m.members.filter(present=True).count()
    try:
        outcome = council.tally(members, present, yes, no, abstain, Fraction(m.quorum_num, m.quorum_den),
                                Fraction(m.pass_num, m.pass_den))
    except council.VoteError as exc:
        raise ValidationFailed(str(exc), "yes") from exc
    vote = CouncilVote.objects.filter(meeting=m, line=line).first()
    before = snapshot(vote)
    vote = vote or CouncilVote(meeting=m, line=line)
    vote.ballot, vote.yes, vote.no, vote.abstain, vote.passed = ballot, yes, no, abstain, outcome.passed
    vote.save()
    log_action(actor, "awards.meeting.vote", m, before, snapshot(vote), note=f"{line.name}: {outcome.reason}")
    return vote


@transaction.atomic
def close_meeting(actor: User | None, m: CouncilMeeting) -> dict[str, int]:
    """Every candidate without a passing vote fails; each proposal is approved if any line passed."""
    require(actor, "awards.manage_council")
    _check_authority(actor, m.authority_id)
    _open_meeting(m)
    members, present = m.members.count(), m.members.filter(present=True).count()
    if not council.at_least(present, members, Fraction(m.quorum_num, m.quorum_den)):
        raise ValidationFailed(f"Không đủ số thành viên dự họp ({present}/{members}); không thể kết thúc xét.")
    votes = {v.line_id: v for v in m.votes.all()}
    result = {"approved": 0, "rejected": 0}
    for p in m.proposals.filter(status=workflow.COUNCIL).prefetch_related("lines"):
        passed_any = False
        for line in p.lines.all():
            v = votes.get(line.pk)
            line.status = LineStatus.PASSED if v and v.passed else LineStatus.FAILED
            line.save(update_fields=["status"])
            passed_any |= line.status == LineStatus.PASSED
        if passed_any:
            _transition(actor, p, "approve", system=True)
            result["approved"] += 1
        else:
            _transition(actor, p, "reject", "Hội đồng không thông qua (không đủ phiếu đồng ý).", system=True)
            result["rejected"] += 1
    before = snapshot(m)
    m.status = "closed"
    m.save(update_fields=["status"])
    log_action(actor, "awards.meeting.close", m, before, snapshot(m), note=str(result))
    return result


# --- decisions ---------------------------------------------------------------------------------------

DECISION_FIELDS = ("year", "number", "code", "date", "award", "signer_level", "signer", "signer_prefix",
                   "signer_title", "signer_name", "issuer", "reason", "proposed_by")


def signer_lines(s) -> tuple[str, str]:
    """(prefix line, title line): a signer stored as "Q. CHỦ TỊCH" with no title signs "Q. CHỦ TỊCH"."""
    return (s.prefix, s.title) if s.title else ("", s.prefix)


def default_signer_level(authority: Authority) -> str:
    return LEVEL_OF_AUTHORITY.get(authority.level, "thu-truong")


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
    if d.number is not None and Decision.objects.filter(authority_id=d.authority_id, code=d.code, number=d.number,
                                                        number_year=d.date.year).exclude(pk=d.pk).exists():
        raise ValidationFailed(f"Số {d.number_text} năm {d.date.year} đã được dùng.", "number")


@transaction.atomic
def create_decision(actor: User | None, authority: Authority, values: dict, lines: list[dict]) -> Decision:
    require(actor, "awards.manage_decisions")
    _check_authority(actor, authority.pk)
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
    d.issuer = d.issuer or f"Chủ tịch {authority.name}"
    _validate_decision(d)
    if not lines:
        raise ValidationFailed("Quyết định phải có ít nhất một tập thể hoặc cá nhân.", "lines")
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
        if p.status != workflow.APPROVED:
            raise ValidationFailed(f"Hồ sơ của {p.organisation.name} chưa được Hội đồng thông qua.", "proposals")
        if p.award_id != values["award"].pk:
            raise ValidationFailed(f"Hồ sơ của {p.organisation.name} đề nghị “{p.award.name}”, khác với quyết định.",
                                   "proposals")
    return create_decision(actor, authority, values, lines_from_proposals(proposals))


@transaction.atomic
def add_decision_lines(actor: User | None, d: Decision, specs: list[dict]) -> int:
    require(actor, "awards.manage_decisions")
    _check_authority(actor, d.authority_id)
    if d.status != "draft":
        raise ValidationFailed("Quyết định đã ban hành; không sửa được danh sách.")
    lines = _build_lines(d, specs, start=d.lines.count())
    DecisionLine.objects.bulk_create(lines)
    log_action(actor, "awards.decision.lines_add", d, None, {"count": len(lines)})
    return len(lines)


@transaction.atomic
def issue_decision(actor: User | None, d: Decision, number: int | None = None) -> Decision:
    require(actor, "awards.manage_decisions")
    _check_authority(actor, d.authority_id)
    if d.status != "draft":
        raise ValidationFailed("Quyết định đã được ban hành.")
    before = snapshot(d)
    if number is not None:
        d.number = number
    if d.number is None:
        raise ValidationFailed("Nhập số quyết định trước khi ban hành.", "number")
    _validate_decision(d)
    if not d.lines.exists():
        raise ValidationFailed("Quyết định chưa có tập thể, cá nhân nào.")
    d.status, d.issued_at = "issued", clock.now()
    d.save()
    line_ids = [pl for pl in d.lines.values_list("proposal_line_id", flat=True) if pl]
    ProposalLine.objects.filter(pk__in=line_ids).update(status=LineStatus.DECIDED)
    for p in Proposal.objects.filter(lines__pk__in=line_ids, status=workflow.APPROVED).distinct():
        _transition(actor, p, "decide", f"Quyết định số {d.number_text} ngày {short_date(d.date)}", system=True)
    log_action(actor, "awards.decision.issue", d, before, snapshot(d))
    return d


@transaction.atomic
def delete_decision(actor: User | None, d: Decision) -> None:
    require(actor, "awards.manage_decisions")
    _check_authority(actor, d.authority_id)
    if d.status != "draft":
        raise ValidationFailed("Không xóa được quyết định đã ban hành.")
    before, authority_id = snapshot(d), d.authority_id
    d.delete()
    log_action(actor, "awards.decision.delete", None, before, None, authority_id=authority_id)


# --- certificate blanks --------------------------------------------------------------------------------

BLANK_FIELDS = {
    "name": "Họ tên / tên tập thể", "unit": "Chức vụ, đơn vị", "achievement": "Thành tích",
    "decision": "Số, ngày quyết định", "place_date": "Địa danh, ngày tháng", "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
}
DEFAULT_FIELDS = {
    "name": {"x": 40, "y": 88, "w": 217, "size": 22, "bold": True, "align": "center"},
    "unit": {"x": 40, "y": 102, "w": 217, "size": 15, "align": "center"},
    "achievement": {"x": 40, "y": 114, "w": 217, "size": 15, "italic": True, "align": "center"},
    "decision": {"x": 20, "y": 160, "w": 120, "size": 12, "align": "center"},
    "place_date": {"x": 160, "y": 140, "w": 120, "size": 13, "italic": True, "align": "center"},
    "signer_title": {"x": 160, "y": 148, "w": 120, "size": 13, "bold": True, "align": "center"},
    "signer_name": {"x": 160, "y": 182, "w": 120, "size": 14, "bold": True, "align": "center"},
}


def validate_blank_fields(fields: dict, width: float, height: float) -> dict:
    clean = {}
    if not isinstance(fields, dict):
        raise ValidationFailed("Vị trí các ô phải là một bảng (JSON object).", "fields")
    for key, spec in fields.items():
        if key not in BLANK_FIELDS:
            raise ValidationFailed(f"Ô không có: {key}. Các ô: {', '.join(BLANK_FIELDS)}.", "fields")
        try:
            x, y, w, size = (float(spec["x"]), float(spec["y"]), float(spec.get("w", 100)),
                             float(spec.get("size", 14)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationFailed(f"Ô “{BLANK_FIELDS[key]}”: cần x, y (mm) là số.", "fields") from exc
        if not (0 <= x < width and 0 <= y < height and 0 < w <= width and 6 <= size <= 72):
            raise ValidationFailed(f"Ô “{BLANK_FIELDS[key]}” nằm ngoài trang hoặc cỡ chữ không hợp lệ.", "fields")
        align = spec.get("align", "left")
        if align not in ("left", "center", "right"):
            raise ValidationFailed(f"Ô “{BLANK_FIELDS[key]}”: căn lề phải là left, center hoặc right.", "fields")
        clean[key] = {"x": x, "y": y, "w": min(w, width - x), "size": size, "bold": bool(spec.get("bold")),
                      "italic": bool(spec.get("italic")), "align": align}
    return clean


@transaction.atomic
def save_blank(actor: User | None, authority: Authority, values: dict, blank: CertificateBlank | None = None) -> CertificateBlank:
    require(actor, "awards.manage_decisions")
    _check_authority(actor, authority.pk)
    before = snapshot(blank)
    blank = blank or CertificateBlank(authority=authority)
    blank.name = normalise.clean_text(values.get("name", blank.name))
    if not blank.name:
        raise ValidationFailed("Nhập tên phôi.", "name")
    blank.award = values.get("award", blank.award)
    blank.width_mm = Decimal(str(values.get("width_mm", blank.width_mm)))
    blank.height_mm = Decimal(str(values.get("height_mm", blank.height_mm)))
    if not (50 <= blank.width_mm <= 1000 and 50 <= blank.height_mm <= 1000):
        raise ValidationFailed("Khổ phôi phải từ 50 đến 1000 mm.", "width_mm")
    blank.fields = validate_blank_fields(values.get("fields", blank.fields or DEFAULT_FIELDS),
                                         float(blank.width_mm), float(blank.height_mm))
    blank.save()
    log_action(actor, "awards.blank.save", blank, before, snapshot(blank))
    return blank


# --- leading units of the ranking → Cờ thi đua, in one step ----------------------------------------------


@transaction.atomic
def propose_leading_units(actor: User | None, authority: Authority, cycle, award_code: str = "co-tinh") -> list[Proposal]:
    """One proposal per first-ranked unit of each locked cluster/block of `cycle` (emulation's ranking),
    each proposing the unit itself, with its score as the achievement. Units already proposed for the
    award in that cycle are skipped; tied units are included and flagged in the achievement."""
    from thidua.emulation.queries import leading_units

    require(actor, "awards.review_proposals")
    _check_authority(actor, authority.pk)
    if cycle.authority_id != authority.pk:
        raise ValidationFailed("Năm thi đua thuộc cơ quan khác.", "cycle")
    award = Award.objects.filter(code=award_code).first()
    if award is None or not award.for_collective:
        raise ValidationFailed("Danh hiệu đề nghị phải dành cho tập thể (Cờ thi đua).", "award")
    leaders = leading_units(cycle)
    if not leaders:
        raise ValidationFailed(f"{cycle} chưa có cụm, khối nào chốt kết quả xếp hạng.", "cycle")
    family = AwardFamily.objects.get(code="thuong-xuyen")
    done = set(Proposal.objects.filter(cycle=cycle, award=award).values_list("organisation_id", flat=True))
    created = []
    for lu in leaders:
        org = lu.organisation
        if org.pk in done:
            continue
        p = create_proposal(actor, authority, {
            "organisation": org, "year": cycle.year, "family": family, "award": award,
            "title": f"Đề nghị tặng {award.name} năm {cycle.year} cho đơn vị dẫn đầu {lu.group}",
            "summary": f"Dẫn đầu {lu.group} năm {cycle.year}."})
        p.cycle = cycle
        p.save(update_fields=["cycle"])
        tie = " (đồng hạng nhất)" if lu.tied else ""
        add_line(actor, p, {"kind": "collective", "organisation": org,
                            "achievement": f"Xếp hạng {lu.rank}{tie} {lu.group}, tổng điểm "
                                           f"{str(lu.total).replace('.', ',')} ({str(lu.score).replace('.', ',')}/100)"})
        done.add(org.pk)
        created.append(p)
    return created
