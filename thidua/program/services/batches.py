"""Award ceremony batches built from the issued decisions; presenters; moving a recipient."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count

from thidua.awards.models import Decision
from thidua.awards.queries import decided_recipients
from thidua.events.models import Delegate, Event
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Organisation, User
from thidua.orgs.services import ValidationFailed, check_authority, require

from .. import batching, queries
from ..models import (
    AgendaItem,
    AwardBatch,
    BatchMember,
)
from .agenda import _leaders
from .base import settings_for


def _representative(event: Event, organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    d = (Delegate.objects.filter(event=event, organisation=organisation).exclude(reply_status="declined")
         .exclude(full_name="").order_by("category__protocol_order", "display_order", "id").first())
    if d is None:
        return ""
    name = d.attendee_name
    position = d.substitute_position if d.reply_status == "substitute" else d.position
    return f"{name}, {position}" if position else name


@transaction.atomic
def build_batches(actor: User | None, event: Event, recipients: list | None = None) -> list[AwardBatch]:
    """(Re)build the batches from the issued decisions (awards.queries.decided_recipients), the
    highest form first, at most `stage_size` people per batch, presenters by seniority."""
    require(actor, "program.manage_program")
    check_authority(actor, event)
    ps = settings_for(event)
    if recipients is None:
        year = event.closes_year
        date_from = dt.date(year, 1, 1) if year else None
        recipients = decided_recipients(event.authority, date_from, event.date)
    if not recipients:
        raise ValidationFailed("Chưa có quyết định khen thưởng nào đã ban hành cho năm này để lập các đợt trao thưởng.",
                               "batches")
    before = {"batches": AwardBatch.objects.filter(event=event).count()}
    AgendaItem.objects.filter(event=event, batch__isnull=False).update(batch=None)
    AwardBatch.objects.filter(event=event).delete()
    entries = [batching.Entry(f"{r.rank}:{r.decision_id}:{r.award.pk}", r.rank, r.kind) for r in recipients]
    groups = batching.make_batches(entries, ps.stage_size)
    decisions = {d.pk: d for d in Decision.objects.filter(pk__in={r.decision_id for r in recipients})}
    presenters = _presenters(event, [decisions.get(recipients[g[0]].decision_id) for g in groups])
    reps: dict[int, str] = {}
    batches, members = [], []
    for pos, group in enumerate(groups, start=1):
        first = recipients[group[0]]
        name, title = presenters[pos - 1]
        d = decisions.get(first.decision_id)
        batch = AwardBatch.objects.create(
            event=event, position=pos, award_name=first.award_name, award_rank=first.rank,
            decision_id=first.decision_id, decision_number=first.decision_number, decision_date=first.decision_date,
            decision_issuer=d.issuer if d else "", presenter_name=name, presenter_position=title)
        batches.append(batch)
        for stand, idx in enumerate(group, start=1):
            r = recipients[idx]
            rep = ""
            if r.kind != "individual" and r.organisation is not None:
                if r.organisation.pk not in reps:
                    reps[r.organisation.pk] = _representative(event, r.organisation)
                rep = reps[r.organisation.pk]
            unit = r.organisation.name if (r.organisation is not None and r.kind == "individual") else ""
            members.append(BatchMember(batch=batch, position=stand, kind=r.kind, name=r.name, title=r.position,
                                       unit_name=unit, representative=rep, organisation=r.organisation,
                                       person=r.person))
    BatchMember.objects.bulk_create(members)
    log_action(actor, "program.batches.build", event, before,
               {"batches": len(batches), "recipients": len(members), "stage_size": ps.stage_size})
    return batches


def _presenters(event: Event, decisions: list) -> list[tuple[str, str]]:
    """(name, title) of who hands over each batch. The deciding level hands over its awards, as offices do:
    a batch decided above the host (the province's Bằng khen at a district's conference) goes to the
    leaders of that level who attend, most senior to the highest form; the host's own decisions go to
    its leaders the same way. When nobody of the level above attends, the host's chair hands them over
    on its behalf (the MC script then says "thừa ủy quyền của Chủ tịch Ủy ban nhân dân tỉnh …")."""
    leaders = _leaders(event)
    guests = queries.higher_guests(event)
    level = event.authority.level
    above = [d is not None and batching.decided_above(d.signer_level, level) for d in decisions]
    out: list[tuple[str, str]] = [("", "")] * len(decisions)
    for flag, people in ((True, guests or leaders[:1]), (False, leaders)):
        idx = [i for i, a in enumerate(above) if a is flag]
        for i, p in zip(idx, batching.assign_presenters(len(idx), len(people)), strict=False):
            out[i] = people[p]
    return out


@transaction.atomic
def update_batch(actor: User | None, batch: AwardBatch, presenter_name: str, presenter_position: str) -> AwardBatch:
    require(actor, "program.manage_program")
    check_authority(actor, batch.event)
    before = snapshot(batch)
    batch.presenter_name, batch.presenter_position = presenter_name, presenter_position
    batch.save()
    log_action(actor, "program.batch.update", batch, before, snapshot(batch))
    return batch


@transaction.atomic
def move_member(actor: User | None, member: BatchMember, target: AwardBatch) -> BatchMember:
    """Move a recipient to another batch of the same form; refused when that batch is full."""
    require(actor, "program.manage_program")
    source = member.batch
    check_authority(actor, source.event)
    if target.event_id != source.event_id:
        raise ValidationFailed("Đợt trao thưởng thuộc hội nghị khác.", "batch")
    if target.pk == source.pk:
        return member
    if (target.decision_id, target.award_name) != (source.decision_id, source.award_name):
        raise ValidationFailed(f"Đợt {target.position} trao “{target.award_name}”, khác hình thức của "
                               f"{member.name}.", "batch")
    stage = settings_for(source.event).stage_size
    count = target.members.count()
    if count + 1 > stage:
        raise ValidationFailed(f"Đợt {target.position} đã có {count} người; sân khấu chỉ đủ {stage} người mỗi đợt. "
                               f"Không chuyển được {member.name}.", "batch")
    before = snapshot(member)
    member.batch, member.position = target, count + 1
    member.save()
    for pos, m in enumerate(source.members.order_by("position", "id"), start=1):
        if m.position != pos:
            m.position = pos
            m.save(update_fields=["position"])
    log_action(actor, "program.member.move", member, before, snapshot(member))
    return member


def check_batch_sizes(event: Event) -> list[str]:
    """Messages for batches larger than the stage (kept in case the setting changed by hand)."""
    stage = settings_for(event).stage_size
    return [f"Đợt {b.position} có {b.n} người, nhiều hơn {stage} chỗ trên sân khấu."
            for b in AwardBatch.objects.filter(event=event).annotate(n=Count("members")) if b.n > stage]

