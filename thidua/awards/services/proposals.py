"""Proposals (hồ sơ đề nghị khen thưởng): their lines and their moves along the transition table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua import clock
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Authority, Organisation, Person, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from .. import states, workflow
from ..models import Award, Proposal, ProposalEvent, ProposalLine, RecipientKind
from ..signals import proposal_moved


def _who(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"


def _units_under(unit: Organisation) -> set[int]:
    return {unit.pk, *Organisation.objects.filter(parent=unit).values_list("pk", flat=True)}


PROPOSAL_FIELDS = ("organisation", "year", "family", "award", "title", "summary", "letter_number", "letter_date")


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
    check_authority(actor, authority.pk)
    _validate_proposal(p)
    if not p.title:
        p.title = f"Đề nghị tặng {p.award.name} năm {p.year}"
    p.save()
    log_action(actor, "awards.proposal.create", p, None, snapshot(p))
    return p


@transaction.atomic
def update_proposal(actor: User | None, p: Proposal, values: dict) -> Proposal:
    require(actor, "awards.edit_proposal", p)
    check_authority(actor, p.authority_id)
    if p.status not in states.EDITABLE:
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
    check_authority(actor, p.authority_id)
    if p.status not in states.EDITABLE:
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
    check_authority(actor, p.authority_id)
    if p.status not in states.EDITABLE:
        raise ValidationFailed("Chỉ bớt được khỏi hồ sơ đang soạn hoặc bị trả lại.")
    before = snapshot(line)
    line.delete()
    log_action(actor, "awards.proposal.line_remove", p, before, None, note=before["name"])


def roles_of(actor: User | None, p: Proposal) -> set[str]:
    if actor is None:
        return {states.UNIT, states.SECRETARIAT, states.COUNCIL_ROLE}
    roles = set()
    if actor.has_perm("awards.edit_proposal", p):
        roles.add(states.UNIT)
    if actor.has_perm("awards.review_proposals"):
        roles.add(states.SECRETARIAT)
    if actor.has_perm("awards.manage_council"):
        roles.add(states.COUNCIL_ROLE)
    return roles


def apply_transition(actor: User | None, p: Proposal, action: str, reason: str = "", system: bool = False) -> Proposal:
    t = states.TRANSITIONS.get(action)
    if t is None:
        raise ValidationFailed(f"Thao tác không hợp lệ: {action}.")
    if not system and t.by not in roles_of(actor, p):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    check_authority(actor, p.authority_id)
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
    proposal_moved.send(sender=Proposal, proposal=p, action=action, actor=actor)
    return p


@transaction.atomic
def transition(actor: User | None, p: Proposal, action: str, reason: str = "") -> Proposal:
    return apply_transition(actor, p, action, reason)


def bulk_transition(actor: User | None, proposals, action: str, reason: str = "") -> tuple[int, list[str]]:
    """Each proposal in its own transaction; returns (done, Vietnamese errors)."""
    done, errors = 0, []
    for p in proposals:
        try:
            with transaction.atomic():
                apply_transition(actor, p, action, reason)
            done += 1
        except (ValidationFailed, PermissionDenied) as exc:
            errors.append(f"{p.organisation.name}: {getattr(exc, 'message', None) or exc}")
    return done, errors
