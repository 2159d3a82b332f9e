"""Council meetings (Hội đồng Thi đua - Khen thưởng): members, presence, votes, results."""

from __future__ import annotations

from fractions import Fraction

from django.db import transaction

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from .. import council, states
from ..models import CouncilMeeting, CouncilMember, CouncilVote, LineStatus, ProposalLine
from .catalogue import settings_for
from .proposals import apply_transition


@transaction.atomic
def create_meeting(actor: User | None, authority: Authority, values: dict, members: list[tuple[str, str]]) -> CouncilMeeting:
    require(actor, "awards.manage_council")
    check_authority(actor, authority.pk)
    s = settings_for(authority)
    m = CouncilMeeting(authority=authority, year=values["year"], date=values["date"],
                       place=normalise.clean_text(values.get("place") or "Phòng họp Ủy ban nhân dân"),
                       chair=normalise.clean_text(values.get("chair", "")),
                       secretary=normalise.clean_text(values.get("secretary", "")),
                       quorum_num=s.quorum_num, quorum_den=s.quorum_den, quorum_strict=s.quorum_strict,
                       pass_num=s.pass_num, pass_den=s.pass_den)
    if not m.chair or not m.secretary:
        raise ValidationFailed("Nhập người chủ trì và thư ký phiên họp.", "chair")
    members = [(normalise.clean_text(n), normalise.clean_text(r)) for n, r in members if normalise.clean_text(n)]
    if not members:
        raise ValidationFailed("Phiên họp phải có danh sách thành viên Hội đồng.", "members")
    twice = council.duplicates(n for n, _ in members)
    if twice:
        raise ValidationFailed("Mỗi thành viên chỉ ghi một lần; có tên ghi hơn một lần: " + ", ".join(twice) + ".",
                               "members")
    m.save()
    CouncilMember.objects.bulk_create([CouncilMember(meeting=m, name=n, role=r).prepare() for n, r in members])
    log_action(actor, "awards.meeting.create", m, None, snapshot(m))
    return m


def _open_meeting(m: CouncilMeeting) -> None:
    if m.status != states.MEETING_OPEN:
        raise ValidationFailed("Phiên họp đã kết thúc; không sửa được.")


@transaction.atomic
def set_presence(actor: User | None, m: CouncilMeeting, present_ids: set[int]) -> None:
    require(actor, "awards.manage_council")
    check_authority(actor, m.authority_id)
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
        apply_transition(actor, p, "to_council")
        p.meeting = m
        p.save(update_fields=["meeting"])
        n += 1
    return n


@transaction.atomic
def record_vote(actor: User | None, m: CouncilMeeting, line: ProposalLine, ballot: str, yes: int, no: int,
                abstain: int) -> CouncilVote:
    require(actor, "awards.manage_council")
    check_authority(actor, m.authority_id)
    _open_meeting(m)
    if line.proposal.meeting_id != m.pk or line.proposal.status != states.COUNCIL:
        raise ValidationFailed(f"{line.name} không thuộc danh sách trình phiên họp này.")
    members, present = m.roll()
    try:
        outcome = council.tally(members, present, yes, no, abstain, m.quorum_ratio,
                                Fraction(m.pass_num, m.pass_den), quorum_strict=m.quorum_strict)
    except council.VoteError as exc:
        raise ValidationFailed(str(exc), "yes") from exc
    if not outcome.quorum:  # no quorum, no decision: nothing is recorded, least of all "Không thông qua"
        raise ValidationFailed(outcome.reason, "yes")
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
    check_authority(actor, m.authority_id)
    _open_meeting(m)
    if not m.has_quorum():
        raise ValidationFailed(m.quorum_reason() + " Không thể kết thúc xét.")
    votes = {v.line_id: v for v in m.votes.all()}
    result = {"approved": 0, "rejected": 0}
    for p in m.proposals.filter(status=states.COUNCIL).prefetch_related("lines"):
        passed_any = False
        for line in p.lines.all():
            v = votes.get(line.pk)
            line.status = LineStatus.PASSED if v and v.passed else LineStatus.FAILED
            line.save(update_fields=["status"])
            passed_any |= line.status == LineStatus.PASSED
        if passed_any:
            apply_transition(actor, p, "approve", system=True)
            result["approved"] += 1
        else:
            apply_transition(actor, p, "reject", "Hội đồng không thông qua (không đủ phiếu đồng ý).", system=True)
            result["rejected"] += 1
    before = snapshot(m)
    m.status = states.MEETING_CLOSED
    m.save(update_fields=["status"])
    log_action(actor, "awards.meeting.close", m, before, snapshot(m), note=str(result))
    return result
