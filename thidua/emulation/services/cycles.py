"""Cycles, clusters and blocks: create and change a cycle, its groups and their members; copy a year's structure."""

from __future__ import annotations

from django.db import transaction

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, Organisation
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise

from .. import ranking
from ..models import (
    CriteriaGroup,
    Criterion,
    Cycle,
    Group,
    GroupKind,
    Membership,
    PeerAssignment,
    Scorecard,
    ScoreSheet,
)


@transaction.atomic
def create_cycle(actor, authority: Authority, year: int, name: str = "", covenant_deadline=None,
                 self_score_deadline=None) -> Cycle:
    require(actor, "emulation.manage_cycles")
    check_authority(actor, authority.pk)
    if not 2000 <= int(year) <= 2100:
        raise ValidationFailed("Năm thi đua không hợp lệ.", "year")
    if Cycle.objects.filter(authority=authority, year=year).exists():
        raise ValidationFailed(f"Năm thi đua {year} đã có.", "year")
    cycle = Cycle.objects.create(authority=authority, year=year, name=name or f"Năm thi đua {year}",
                                 covenant_deadline=covenant_deadline, self_score_deadline=self_score_deadline)
    log_action(actor, "emulation.cycle.create", cycle, None, snapshot(cycle))
    return cycle


CYCLE_FIELDS = ("name", "covenant_deadline", "self_score_deadline", "tie_break", "grade_bands")


@transaction.atomic
def update_cycle(actor, cycle: Cycle, values: dict) -> Cycle:
    require(actor, "emulation.manage_cycles")
    check_authority(actor, cycle.authority_id)
    before = snapshot(cycle)
    apply_fields(cycle, values, CYCLE_FIELDS)
    if "tie_break" in values or "grade_bands" in values:
        locked = cycle.groups.filter(locked_at__isnull=False).values_list("name", flat=True).first()
        if locked:
            raise ValidationFailed(f"Không đổi được cách phân định, xếp loại: kết quả {locked} đã khóa và công bố.",
                                   "tie_break" if "tie_break" in values else "grade_bands")
    try:
        cycle.tie_break = ranking.check_chain(cycle.tie_break)
        cycle.grade_bands = ranking.check_bands(cycle.grade_bands)
    except ranking.RulesError as exc:
        raise ValidationFailed(exc.message, exc.field)
    cycle.save()
    log_action(actor, "emulation.cycle.update", cycle, before, snapshot(cycle))
    return cycle


def _validate_group(group: Group, members: set[int] | None = None) -> None:
    if not group.name:
        raise ValidationFailed("Tên cụm, khối không được để trống.", "name")
    if group.kind not in GroupKind.values:
        raise ValidationFailed("Loại không hợp lệ (cụm hoặc khối).", "kind")
    if group.head_id and group.head_id == group.deputy_id:
        raise ValidationFailed("Cụm/Khối trưởng và Cụm/Khối phó phải là hai đơn vị khác nhau.", "deputy")
    if members is not None:
        for field in ("head", "deputy"):
            unit_id = getattr(group, f"{field}_id")
            if unit_id and unit_id not in members:
                raise ValidationFailed(f"{group.head_title if field == 'head' else group.deputy_title} phải là "
                                       "đơn vị thành viên của cụm, khối.", field)
    if group.scorecard_id and group.scorecard.cycle_id != group.cycle_id:
        raise ValidationFailed("Thang bảng điểm thuộc năm thi đua khác.", "scorecard")


@transaction.atomic
def create_group(actor, cycle: Cycle, kind: str, name: str, scorecard: Scorecard | None = None,
                 display_order: int | None = None) -> Group:
    require(actor, "emulation.manage_cycles")
    check_authority(actor, cycle.authority_id)
    group = Group(cycle=cycle, kind=kind, name=normalise.clean_text(name), scorecard=scorecard,
                  display_order=display_order if display_order is not None else cycle.groups.count() + 1)
    _validate_group(group)
    if Group.objects.filter(cycle=cycle, name=group.name).exists():
        raise ValidationFailed(f"Đã có “{group.name}” trong năm thi đua này.", "name")
    group.save()
    log_action(actor, "emulation.group.create", group, None, snapshot(group))
    return group


GROUP_FIELDS = ("kind", "name", "display_order", "head", "deputy", "scorecard", "meeting_date", "meeting_place")


@transaction.atomic
def update_group(actor, group: Group, values: dict) -> Group:
    require(actor, "emulation.manage_cycles")
    check_authority(actor, group.cycle.authority_id)
    before = snapshot(group)
    apply_fields(group, values, GROUP_FIELDS)
    members = set(group.memberships.values_list("organisation_id", flat=True))
    _validate_group(group, members)
    if Group.objects.filter(cycle=group.cycle, name=group.name).exclude(pk=group.pk).exists():
        raise ValidationFailed(f"Đã có “{group.name}” trong năm thi đua này.", "name")
    group.save()
    after = snapshot(group)
    note = ""
    if before["head"] != after["head"] or before["deputy"] != after["deputy"]:
        note = "Thay đổi Cụm/Khối trưởng, phó (luân phiên)."
    log_action(actor, "emulation.group.update", group, before, after, note=note)
    return group


@transaction.atomic
def set_members(actor, group: Group, units: list[Organisation]) -> list[Membership]:
    """The member units of a cluster/block, in signing order. A unit belongs to one group per cycle."""
    require(actor, "emulation.manage_cycles")
    cycle = group.cycle
    check_authority(actor, cycle.authority_id)
    ids = [u.pk for u in units]
    if len(set(ids)) != len(ids):
        raise ValidationFailed("Một đơn vị được chọn hai lần.", "members")
    for u in units:
        if u.authority_id != cycle.authority_id:
            raise ValidationFailed(f"“{u.name}” thuộc cơ quan khác.", "members")
    elsewhere = (Membership.objects.filter(cycle=cycle, organisation_id__in=ids).exclude(group=group)
                 .select_related("organisation", "group"))
    for m in elsewhere:
        raise ValidationFailed(f"“{m.organisation.name}” đã thuộc “{m.group.name}”.", "members")
    before = list(group.memberships.order_by("signing_order").values_list("organisation_id", flat=True))
    current = {m.organisation_id: m for m in group.memberships.all()}
    removed = set(current) - set(ids)
    if removed and ScoreSheet.objects.filter(cycle=cycle, organisation_id__in=removed, scores__isnull=False).exists():
        raise ValidationFailed("Không thể bỏ đơn vị đã có điểm chấm khỏi cụm, khối.", "members")
    Membership.objects.filter(group=group, organisation_id__in=removed).delete()
    if removed or set(ids) - set(current):
        # a stored cross-scoring arrangement no longer fits the members: back to the default ring
        PeerAssignment.objects.filter(group=group).delete()
    for order, unit_id in enumerate(ids, start=1):
        m = current.get(unit_id)
        if m is None:
            Membership.objects.create(cycle=cycle, group=group, organisation_id=unit_id, signing_order=order)
        elif m.signing_order != order:
            m.signing_order = order
            m.save(update_fields=["signing_order"])
    if group.head_id in removed or group.deputy_id in removed:
        group.head = None if group.head_id in removed else group.head
        group.deputy = None if group.deputy_id in removed else group.deputy
        group.save()
    log_action(actor, "emulation.group.members", group, {"members": before}, {"members": ids})
    return list(group.memberships.order_by("signing_order"))


@transaction.atomic
def copy_structure(actor, cycle: Cycle, year: int, covenant_deadline=None, rotate: bool = True) -> Cycle:
    """Start the next cycle from this one: scorecards, clusters/blocks and members. With `rotate` the
    deputy becomes the head and the next member in signing order the deputy (the members may change
    it at their meeting)."""
    require(actor, "emulation.manage_cycles")
    new = create_cycle(actor, cycle.authority, year, covenant_deadline=covenant_deadline)
    new.previous = cycle
    new.tie_break, new.grade_bands = cycle.tie_break, cycle.grade_bands
    new.save()
    cards = {}
    for card in cycle.scorecards.all():
        copy = Scorecard.objects.create(cycle=new, name=card.name, bonus_cap=card.bonus_cap,
                                        penalty_cap=card.penalty_cap)
        cards[card.pk] = copy
        groups = {}
        for cg in card.criteria_groups.all():
            groups[cg.pk] = CriteriaGroup.objects.create(scorecard=copy, code=cg.code, name=cg.name,
                                                         display_order=cg.display_order)
        for c in card.criteria.all():
            Criterion.objects.create(scorecard=copy, group=groups[c.group_id], code=c.code, name=c.name, kind=c.kind,
                                     max_points=c.max_points, unit_points=c.unit_points, unit_label=c.unit_label,
                                     guidance=c.guidance, evidence_required=c.evidence_required,
                                     display_order=c.display_order)
    for g in cycle.groups.all():
        members = [m.organisation_id for m in g.memberships.order_by("signing_order")
                   if m.organisation.valid_to is None and m.organisation.merged_into_id is None]
        head, deputy = g.head_id, g.deputy_id
        if rotate and members:
            head = g.deputy_id if g.deputy_id in members else members[0]
            start = members.index(head)
            deputy = members[(start + 1) % len(members)] if len(members) > 1 else None
        ng = Group.objects.create(cycle=new, kind=g.kind, name=g.name, display_order=g.display_order,
                                  scorecard=cards.get(g.scorecard_id), previous=g, head_id=head, deputy_id=deputy)
        for order, unit_id in enumerate(members, start=1):
            Membership.objects.create(cycle=new, group=ng, organisation_id=unit_id, signing_order=order)
    log_action(actor, "emulation.cycle.copy", new, None, {"from": cycle.pk, "groups": new.groups.count()})
    return new
