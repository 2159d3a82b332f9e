"""Every write of the emulation cycle: permission and scope checked, one transaction, audited."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua import clock
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Authority, Organisation, User
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed, require
from thidua.vn import normalise

from . import ranking, scoring, states
from .models import (
    Covenant,
    CovenantStatus,
    CovenantTarget,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    Cycle,
    Evidence,
    Group,
    GroupKind,
    Membership,
    Movement,
    MovementKind,
    MovementStatus,
    PeerAssignment,
    Score,
    Scorecard,
    ScoreSheet,
    SheetStatus,
)


class ScoresInvalid(ValidationFailed):
    """Several bad values at once; `errors` maps a criterion id to its Vietnamese message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("Có giá trị không hợp lệ; chưa lưu gì. Xem thông báo ở từng tiêu chí.", None)
        self.errors = errors


def _authority(actor: User | None, authority_id: int) -> None:
    if actor is not None and not actor.is_superuser:
        scope_for(actor).check_authority(authority_id)


def decimal_or_none(value, label: str = "Giá trị") -> Decimal | None:
    if value is None:
        return None
    text = normalise.clean_text(str(value)).replace(" ", "")
    if text == "":
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{label} “{value}” không phải là số.")
    if not number.is_finite():
        raise ValidationFailed(f"{label} “{value}” không phải là số.")
    return number


# --- cycles, clusters and blocks ------------------------------------------------------------

@transaction.atomic
def create_cycle(actor, authority: Authority, year: int, name: str = "", covenant_deadline=None,
                 self_score_deadline=None) -> Cycle:
    require(actor, "emulation.manage_cycles")
    _authority(actor, authority.pk)
    if not 2000 <= int(year) <= 2100:
        raise ValidationFailed("Năm thi đua không hợp lệ.", "year")
    if Cycle.objects.filter(authority=authority, year=year).exists():
        raise ValidationFailed(f"Năm thi đua {year} đã có.", "year")
    cycle = Cycle.objects.create(authority=authority, year=year, name=name or f"Năm thi đua {year}",
                                 covenant_deadline=covenant_deadline, self_score_deadline=self_score_deadline)
    log_action(actor, "emulation.cycle.create", cycle, None, snapshot(cycle), authority_id=authority.pk)
    return cycle


CYCLE_FIELDS = ("name", "covenant_deadline", "self_score_deadline", "tie_break", "grade_bands")


@transaction.atomic
def update_cycle(actor, cycle: Cycle, values: dict) -> Cycle:
    require(actor, "emulation.manage_cycles")
    _authority(actor, cycle.authority_id)
    before = snapshot(cycle)
    for key, value in values.items():
        if key not in CYCLE_FIELDS:
            raise ValueError(key)
        setattr(cycle, key, value)
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
    log_action(actor, "emulation.cycle.update", cycle, before, snapshot(cycle), authority_id=cycle.authority_id)
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
    _authority(actor, cycle.authority_id)
    group = Group(cycle=cycle, kind=kind, name=normalise.clean_text(name), scorecard=scorecard,
                  display_order=display_order if display_order is not None else cycle.groups.count() + 1)
    _validate_group(group)
    if Group.objects.filter(cycle=cycle, name=group.name).exists():
        raise ValidationFailed(f"Đã có “{group.name}” trong năm thi đua này.", "name")
    group.save()
    log_action(actor, "emulation.group.create", group, None, snapshot(group), authority_id=cycle.authority_id)
    return group


GROUP_FIELDS = ("kind", "name", "display_order", "head", "deputy", "scorecard", "meeting_date", "meeting_place")


@transaction.atomic
def update_group(actor, group: Group, values: dict) -> Group:
    require(actor, "emulation.manage_cycles")
    _authority(actor, group.cycle.authority_id)
    before = snapshot(group)
    for key, value in values.items():
        if key not in GROUP_FIELDS:
            raise ValueError(key)
        setattr(group, key, value)
    members = set(group.memberships.values_list("organisation_id", flat=True))
    _validate_group(group, members)
    if Group.objects.filter(cycle=group.cycle, name=group.name).exclude(pk=group.pk).exists():
        raise ValidationFailed(f"Đã có “{group.name}” trong năm thi đua này.", "name")
    group.save()
    after = snapshot(group)
    note = ""
    if before["head"] != after["head"] or before["deputy"] != after["deputy"]:
        note = "Thay đổi Cụm/Khối trưởng, phó (luân phiên)."
    log_action(actor, "emulation.group.update", group, before, after, note=note, authority_id=group.cycle.authority_id)
    return group


@transaction.atomic
def set_members(actor, group: Group, units: list[Organisation]) -> list[Membership]:
    """The member units of a cluster/block, in signing order. A unit belongs to one group per cycle."""
    require(actor, "emulation.manage_cycles")
    cycle = group.cycle
    _authority(actor, cycle.authority_id)
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
    log_action(actor, "emulation.group.members", group, {"members": before}, {"members": ids},
               authority_id=cycle.authority_id)
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
    log_action(actor, "emulation.cycle.copy", new, None, {"from": cycle.pk, "groups": new.groups.count()},
               authority_id=cycle.authority_id)
    return new


# --- cross scoring by peers -------------------------------------------------------------------

@transaction.atomic
def set_peer_assignments(actor, group: Group, scorers: dict) -> dict[int, int]:
    """Store who cross-scores whom in a cluster/block: scored unit id → scorer unit id (both
    members, never itself; every member scored by one peer). An empty mapping goes back to the
    default (each unit scores the next in signing order)."""
    require(actor, "emulation.manage_cycles")
    group = Group.objects.select_for_update().select_related("cycle").get(pk=group.pk)
    _authority(actor, group.cycle.authority_id)
    if group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối đã khóa; không đổi được phân công chấm chéo.", "scorers")
    names = dict(group.memberships.values_list("organisation_id", "organisation__name"))
    clean: dict[int, int] = {}
    for scored, scorer in scorers.items():
        scored, scorer = int(scored), int(scorer) if scorer not in (None, "") else None
        if scored not in names:
            raise ValidationFailed("Đơn vị được chấm không thuộc cụm, khối.", "scorers")
        if scorer is None:
            raise ValidationFailed(f"Chưa chọn đơn vị chấm chéo cho “{names[scored]}”.", "scorers")
        if scorer not in names:
            raise ValidationFailed(f"Đơn vị chấm chéo cho “{names[scored]}” phải là thành viên cụm, khối.", "scorers")
        if scorer == scored:
            raise ValidationFailed(f"“{names[scored]}” không tự chấm chéo cho mình.", "scorers")
        clean[scored] = scorer
    if clean and set(clean) != set(names):
        missing = [names[u] for u in names if u not in clean]
        raise ValidationFailed("Chưa phân công đơn vị chấm chéo cho: " + ", ".join(missing) + ".", "scorers")
    from .queries import peer_map

    before = {str(k): v for k, v in peer_map(group).items()}
    PeerAssignment.objects.filter(group=group).delete()
    PeerAssignment.objects.bulk_create([PeerAssignment(cycle=group.cycle, group=group, scorer_id=scorer,
                                                       scored_id=scored) for scored, scorer in clean.items()])
    after = {str(k): v for k, v in peer_map(group).items()}
    log_action(actor, "emulation.group.peers", group, {"peers": before}, {"peers": after},
               note="" if clean else "Trở về mặc định: mỗi đơn vị chấm đơn vị kế tiếp theo thứ tự ký.",
               authority_id=group.cycle.authority_id)
    return {int(k): v for k, v in after.items()}


# --- movements ---------------------------------------------------------------------------------

MOVEMENT_FIELDS = ("name", "kind", "launch_document", "launch_date", "starts_on", "ends_on", "status")


def _movement_units(cycle: Cycle, units) -> list[Organisation]:
    units = list(units)
    for u in units:
        if u.authority_id != cycle.authority_id:
            raise ValidationFailed(f"“{u.name}” thuộc cơ quan khác.", "units")
    if len({u.pk for u in units}) != len(units):
        raise ValidationFailed("Một đơn vị được chọn hai lần.", "units")
    return units


def _validate_movement(movement: Movement) -> None:
    movement.name = normalise.clean_text(movement.name)
    movement.launch_document = normalise.clean_text(movement.launch_document)
    if not movement.name:
        raise ValidationFailed("Tên phong trào không được để trống.", "name")
    if movement.kind not in MovementKind.values:
        raise ValidationFailed("Loại phong trào không hợp lệ.", "kind")
    if movement.status not in MovementStatus.values:
        raise ValidationFailed("Trạng thái phong trào không hợp lệ.", "status")
    if movement.starts_on and movement.ends_on and movement.ends_on < movement.starts_on:
        raise ValidationFailed("Ngày kết thúc phải sau ngày bắt đầu.", "ends_on")
    if movement.launch_date and not movement.launch_document:
        raise ValidationFailed("Có ngày ban hành thì cần ghi số, ký hiệu văn bản phát động.", "launch_document")
    if movement.status != MovementStatus.PLANNED and not movement.launch_document:
        raise ValidationFailed("Phong trào đã phát động cần ghi số, ký hiệu văn bản phát động.", "launch_document")
    if movement.launch_date and movement.ends_on and movement.launch_date > movement.ends_on:
        raise ValidationFailed("Ngày ban hành văn bản phát động phải trước ngày kết thúc.", "launch_date")
    if movement.kind == MovementKind.REGULAR:
        twin = Movement.objects.filter(cycle_id=movement.cycle_id, kind=MovementKind.REGULAR).exclude(pk=movement.pk)
        if twin.exists():
            raise ValidationFailed("Năm thi đua đã có phong trào thi đua thường xuyên (hằng năm).", "kind")


@transaction.atomic
def create_movement(actor, cycle: Cycle, values: dict, units=()) -> Movement:
    """A movement of the cycle: the regular annual one (one per cycle) or a thematic/periodic one."""
    require(actor, "emulation.manage_cycles")
    _authority(actor, cycle.authority_id)
    for key in values:
        if key not in MOVEMENT_FIELDS:
            raise ValueError(key)
    movement = Movement(cycle=cycle, **values)
    _validate_movement(movement)
    units = _movement_units(cycle, units)
    movement.status_changed_at = clock.now()
    movement.status_changed_by = recorded_user(actor)
    movement.save()
    movement.units.set(units)
    log_action(actor, "emulation.movement.create", movement, None,
               snapshot(movement) | {"units": sorted(u.pk for u in units)}, authority_id=cycle.authority_id)
    return movement


@transaction.atomic
def update_movement(actor, movement: Movement, values: dict, units=None, note: str = "") -> Movement:
    """Edit a movement; a status change follows MOVEMENT_TRANSITIONS and records who, when and why."""
    require(actor, "emulation.manage_cycles")
    movement = Movement.objects.select_for_update().select_related("cycle").get(pk=movement.pk)
    _authority(actor, movement.cycle.authority_id)
    before = snapshot(movement) | {"units": sorted(movement.units.values_list("pk", flat=True))}
    old_status = movement.status
    for key, value in values.items():
        if key not in MOVEMENT_FIELDS:
            raise ValueError(key)
        setattr(movement, key, value)
    _validate_movement(movement)
    note = normalise.clean_text(note)
    if movement.status != old_status:
        if not states.can(states.MOVEMENT_TRANSITIONS, old_status, movement.status):
            raise ValidationFailed(f"Không thể chuyển phong trào từ “{MovementStatus(old_status).label}” sang "
                                   f"“{MovementStatus(movement.status).label}”.", "status")
        movement.status_changed_at = clock.now()
        movement.status_changed_by = recorded_user(actor)
        movement.status_note = note
    movement.save()
    if units is not None:
        movement.units.set(_movement_units(movement.cycle, units))
    after = snapshot(movement) | {"units": sorted(movement.units.values_list("pk", flat=True))}
    log_action(actor, "emulation.movement.update", movement, before, after, note=note,
               authority_id=movement.cycle.authority_id)
    return movement


# --- scorecards ----------------------------------------------------------------------------------

@transaction.atomic
def create_scorecard(actor, cycle: Cycle, name: str, bonus_cap=0, penalty_cap=None) -> Scorecard:
    require(actor, "emulation.manage_cycles")
    _authority(actor, cycle.authority_id)
    name = normalise.clean_text(name)
    if not name:
        raise ValidationFailed("Tên thang bảng điểm không được để trống.", "name")
    if Scorecard.objects.filter(cycle=cycle, name=name).exists():
        raise ValidationFailed(f"Đã có thang bảng điểm “{name}”.", "name")
    bonus = decimal_or_none(bonus_cap, "Điểm thưởng tối đa") or Decimal(0)
    penalty = decimal_or_none(penalty_cap, "Điểm trừ tối đa")
    if bonus < 0 or (penalty is not None and penalty < 0):
        raise ValidationFailed("Điểm thưởng, điểm trừ tối đa không được âm.", "bonus_cap")
    card = Scorecard.objects.create(cycle=cycle, name=name, bonus_cap=bonus, penalty_cap=penalty)
    log_action(actor, "emulation.scorecard.create", card, None, snapshot(card), authority_id=cycle.authority_id)
    return card


@transaction.atomic
def add_criteria_group(actor, card: Scorecard, code: str, name: str) -> CriteriaGroup:
    _editable(actor, card)
    code, name = normalise.clean_text(code), normalise.clean_text(name)
    if not code:
        raise ValidationFailed("Thiếu mã nhóm tiêu chí.", "code")
    if not name:
        raise ValidationFailed("Thiếu tên nhóm tiêu chí.", "name")
    if card.criteria_groups.filter(code=code).exists():
        raise ValidationFailed(f"Mã nhóm “{code}” bị trùng.", "code")
    cg = CriteriaGroup.objects.create(scorecard=card, code=code, name=name,
                                      display_order=card.criteria_groups.count() + 1)
    log_action(actor, "emulation.criteria_group.create", cg, None, snapshot(cg), authority_id=card.cycle.authority_id)
    return cg


def scorecard_lock_reason(card: Scorecard) -> str:
    """Why a scorecard can no longer change ("" when it can): scoring has started on a sheet of a
    cluster/block using it (past the unit's own draft), or such a cluster/block is locked."""
    locked = Group.objects.filter(scorecard=card, locked_at__isnull=False).values_list("name", flat=True).first()
    if locked:
        return (f"Không sửa được thang bảng điểm “{card.name}”: kết quả của {locked} dùng thang điểm này đã khóa "
                "và công bố.")
    started = ScoreSheet.objects.filter(group__scorecard=card).exclude(status=SheetStatus.DRAFT).count()
    if started:
        return (f"Không sửa được thang bảng điểm “{card.name}”: đã có {started} phiếu chấm qua bước tự chấm; "
                "sửa tiêu chí lúc này làm sai lệch điểm đã chấm.")
    return ""


def _editable(actor, card: Scorecard) -> None:
    require(actor, "emulation.manage_cycles")
    _authority(actor, card.cycle.authority_id)
    reason = scorecard_lock_reason(card)
    if reason:
        raise ValidationFailed(reason, None)


SCORECARD_FIELDS = ("name", "bonus_cap", "penalty_cap")


@transaction.atomic
def update_scorecard(actor, card: Scorecard, values: dict) -> Scorecard:
    """Name and the scorecard-wide parameters: the bonus cap and the penalty floor (most points
    subtracted)."""
    card = Scorecard.objects.select_for_update().select_related("cycle").get(pk=card.pk)
    _editable(actor, card)
    before = snapshot(card)
    for key in values:
        if key not in SCORECARD_FIELDS:
            raise ValueError(key)
    name = normalise.clean_text(values.get("name", card.name))
    if not name:
        raise ValidationFailed("Tên thang bảng điểm không được để trống.", "name")
    if Scorecard.objects.filter(cycle=card.cycle, name=name).exclude(pk=card.pk).exists():
        raise ValidationFailed(f"Đã có thang bảng điểm “{name}”.", "name")
    try:
        bonus = decimal_or_none(values.get("bonus_cap", card.bonus_cap), "Điểm thưởng tối đa") or Decimal(0)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, "bonus_cap")
    try:
        penalty = decimal_or_none(values.get("penalty_cap", card.penalty_cap), "Điểm trừ tối đa")
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, "penalty_cap")
    if bonus < 0:
        raise ValidationFailed("Điểm thưởng tối đa không được âm.", "bonus_cap")
    if penalty is not None and penalty < 0:
        raise ValidationFailed("Điểm trừ tối đa không được âm (để trống nếu không giới hạn).", "penalty_cap")
    card.name, card.bonus_cap, card.penalty_cap = name, bonus, penalty
    card.save()
    log_action(actor, "emulation.scorecard.update", card, before, snapshot(card), authority_id=card.cycle.authority_id)
    return card


@transaction.atomic
def update_criteria_group(actor, cg: CriteriaGroup, code: str, name: str, display_order: int | None = None):
    card = cg.scorecard
    _editable(actor, card)
    code, name = normalise.clean_text(code), normalise.clean_text(name)
    if not code:
        raise ValidationFailed("Thiếu mã nhóm tiêu chí.", "code")
    if not name:
        raise ValidationFailed("Thiếu tên nhóm tiêu chí.", "name")
    if card.criteria_groups.filter(code=code).exclude(pk=cg.pk).exists():
        raise ValidationFailed(f"Mã nhóm “{code}” bị trùng.", "code")
    before = snapshot(cg)
    cg.code, cg.name = code, name
    if display_order is not None:
        cg.display_order = display_order
    cg.save()
    log_action(actor, "emulation.criteria_group.update", cg, before, snapshot(cg), authority_id=card.cycle.authority_id)
    return cg


@transaction.atomic
def delete_criteria_group(actor, cg: CriteriaGroup) -> None:
    card = cg.scorecard
    _editable(actor, card)
    if cg.criteria.exists():
        raise ValidationFailed(f"Nhóm “{cg.code}. {cg.name}” còn tiêu chí; xóa hoặc chuyển các tiêu chí trước.", None)
    before = snapshot(cg)
    log_action(actor, "emulation.criteria_group.delete", cg, before, None, authority_id=card.cycle.authority_id)
    cg.delete()


def validate_criterion(values: dict) -> None:
    """The one check of a criterion's type and parameters (Excel import and the scorecard page)."""
    kind = values.get("kind")
    if kind not in CriterionKind.values:
        raise ValidationFailed(f"Loại tiêu chí “{kind}” không hợp lệ.", "kind")
    if not values.get("code"):
        raise ValidationFailed("Thiếu mã tiêu chí.", "code")
    if not values.get("name"):
        raise ValidationFailed("Thiếu nội dung tiêu chí.", "name")
    mx = values.get("max_points")
    if mx is None or mx <= 0:
        raise ValidationFailed("Điểm tối đa phải lớn hơn 0.", "max_points")
    if mx >= 100000:
        raise ValidationFailed("Điểm tối đa quá lớn.", "max_points")
    unit_points = values.get("unit_points")
    if kind == CriterionKind.PER_OCCURRENCE:
        if not (unit_points or 0) > 0:
            raise ValidationFailed("Tiêu chí tính theo số lần cần “điểm mỗi lần” lớn hơn 0.", "unit_points")
        if unit_points > mx:
            raise ValidationFailed("Điểm mỗi lần không được lớn hơn điểm tối đa (mức trần của tiêu chí).",
                                   "unit_points")
    elif unit_points not in (None, 0):
        raise ValidationFailed("Chỉ tiêu chí tính theo số lần mới có “điểm mỗi lần”.", "unit_points")


def _criterion_values(values: dict) -> dict:
    values = dict(values)
    for key in ("code", "name", "unit_label"):
        if key in values:
            values[key] = normalise.clean_text(values[key] or "")
    if "guidance" in values:
        values["guidance"] = normalise.clean_multiline(values["guidance"] or "")
    for key, label in (("max_points", "Điểm tối đa"), ("unit_points", "Điểm mỗi lần")):
        if key in values and not isinstance(values[key], Decimal):
            try:
                values[key] = decimal_or_none(values[key], label)
            except ValidationFailed as exc:
                raise ValidationFailed(exc.message, key)
    if values.get("unit_points") == 0:
        values["unit_points"] = None
    return values


@transaction.atomic
def add_criterion(actor, card: Scorecard, group: CriteriaGroup, values: dict) -> Criterion:
    _editable(actor, card)
    if group.scorecard_id != card.pk:
        raise ValidationFailed("Nhóm tiêu chí thuộc thang bảng điểm khác.", "group")
    values = _criterion_values(values)
    values.setdefault("code", "")
    values.setdefault("name", "")
    validate_criterion(values)
    if card.criteria.filter(code=values["code"]).exists():
        raise ValidationFailed(f"Mã tiêu chí “{values['code']}” bị trùng.", "code")
    values.setdefault("display_order", card.criteria.count() + 1)
    c = Criterion.objects.create(scorecard=card, group=group, **values)
    log_action(actor, "emulation.criterion.create", c, None, snapshot(c), authority_id=card.cycle.authority_id)
    return c


CRITERION_FIELDS = ("group", "code", "name", "kind", "max_points", "unit_points", "unit_label", "guidance",
                    "evidence_required", "display_order")


def _criterion_in_use(c: Criterion) -> str:
    if CovenantTarget.objects.filter(criterion=c).exists():
        return "đã có đơn vị đăng ký chỉ tiêu"
    if Score.objects.filter(criterion=c).exists():
        return "đã có đơn vị tự chấm"
    return ""


@transaction.atomic
def update_criterion(actor, c: Criterion, values: dict) -> Criterion:
    card = c.scorecard
    _editable(actor, card)
    for key in values:
        if key not in CRITERION_FIELDS:
            raise ValueError(key)
    merged = {k: getattr(c, k) for k in CRITERION_FIELDS} | _criterion_values(values)
    group = merged.pop("group")
    if group.scorecard_id != card.pk:
        raise ValidationFailed("Nhóm tiêu chí thuộc thang bảng điểm khác.", "group")
    validate_criterion(merged)
    if card.criteria.filter(code=merged["code"]).exclude(pk=c.pk).exists():
        raise ValidationFailed(f"Mã tiêu chí “{merged['code']}” bị trùng.", "code")
    if merged["kind"] != c.kind:
        used = _criterion_in_use(c)
        if used:
            raise ValidationFailed(f"Không đổi được loại tiêu chí {c.code}: {used}.", "kind")
    before = snapshot(c)
    c.group = group
    for key, value in merged.items():
        setattr(c, key, value)
    c.save()
    log_action(actor, "emulation.criterion.update", c, before, snapshot(c), authority_id=card.cycle.authority_id)
    return c


@transaction.atomic
def delete_criterion(actor, c: Criterion) -> None:
    card = c.scorecard
    _editable(actor, card)
    used = _criterion_in_use(c)
    if used:
        raise ValidationFailed(f"Không xóa được tiêu chí {c.code}: {used}.", None)
    log_action(actor, "emulation.criterion.delete", c, snapshot(c), None, authority_id=card.cycle.authority_id)
    c.delete()


# --- covenants ------------------------------------------------------------------------------------

def membership_of(cycle: Cycle, organisation_id: int) -> Membership:
    m = Membership.objects.filter(cycle=cycle, organisation_id=organisation_id).select_related("group").first()
    if m is None:
        raise ValidationFailed("Đơn vị chưa thuộc cụm, khối thi đua nào trong năm này.", None)
    return m


@transaction.atomic
def save_covenant(actor, cycle: Cycle, organisation: Organisation, targets: dict, commitments: str,
                  on_paper: bool = False) -> Covenant:
    """Create or update a unit's registration (draft or returned). `targets`: criterion id → value
    (None or "" removes the target: the criterion then does not apply to the unit)."""
    covenant = Covenant.objects.filter(cycle=cycle, organisation=organisation).first()
    probe = covenant or Covenant(cycle=cycle, organisation=organisation)
    require(actor, "emulation.edit_covenant", probe)
    _authority(actor, cycle.authority_id)
    if organisation.authority_id != cycle.authority_id:
        raise PermissionDenied("Đơn vị thuộc cơ quan khác.")
    m = membership_of(cycle, organisation.pk)
    if on_paper and actor is not None and not actor.has_perm("emulation.decide_covenant"):
        raise PermissionDenied("Chỉ Thường trực Hội đồng được nhập hộ bản đăng ký giấy.")
    if covenant is not None and covenant.status not in (CovenantStatus.DRAFT, CovenantStatus.RETURNED):
        raise ValidationFailed(f"Bản đăng ký đang ở trạng thái “{covenant.get_status_display()}”, không sửa được.")
    criteria = {c.pk: c for c in Criterion.objects.filter(scorecard_id=m.group.scorecard_id, kind=CriterionKind.TARGET)}
    clean: dict[int, Decimal] = {}
    errors: dict[int, str] = {}
    for cid, raw in targets.items():
        cid = int(cid)
        if cid not in criteria:
            raise ValidationFailed("Tiêu chí không thuộc thang bảng điểm của cụm, khối.", None)
        try:
            value = decimal_or_none(raw, f"Chỉ tiêu {criteria[cid].code}")
        except ValidationFailed as exc:
            errors[cid] = exc.message
            continue
        if value is not None and value <= 0:
            errors[cid] = f"Chỉ tiêu {criteria[cid].code} phải lớn hơn 0 (để trống nếu không đăng ký)."
        elif value is not None:
            clean[cid] = value
    if errors:
        raise ScoresInvalid(errors)
    before = None
    if covenant is None:
        covenant = Covenant(cycle=cycle, organisation=organisation, created_at=clock.now())
    else:
        before = snapshot(covenant) | {"targets": {str(t.criterion_id): str(t.target) for t in covenant.targets.all()}}
    covenant.commitments = normalise.clean_multiline(commitments)
    covenant.on_paper = covenant.on_paper or on_paper
    covenant.save()
    covenant.targets.exclude(criterion_id__in=clean).delete()
    existing = {t.criterion_id: t for t in covenant.targets.all()}
    for cid, value in clean.items():
        t = existing.get(cid)
        if t is None:
            CovenantTarget.objects.create(covenant=covenant, criterion_id=cid, target=value)
        elif t.target != value:
            t.target = value
            t.save(update_fields=["target"])
    after = snapshot(covenant) | {"targets": {str(k): str(v) for k, v in clean.items()}}
    log_action(actor, "emulation.covenant.save", covenant, before, after,
               note="Nhập hộ từ bản giấy" if on_paper else "", authority_id=cycle.authority_id)
    return covenant


@transaction.atomic
def transition_covenant(actor, covenant: Covenant, new: str, note: str = "") -> Covenant:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    perm = "emulation.edit_covenant" if new == CovenantStatus.SUBMITTED else "emulation.decide_covenant"
    require(actor, perm, covenant)
    _authority(actor, covenant.cycle.authority_id)
    if not states.can(states.COVENANT_TRANSITIONS, covenant.status, new):
        raise ValidationFailed(f"Không thể chuyển bản đăng ký từ “{covenant.get_status_display()}” sang "
                               f"“{CovenantStatus(new).label}”.")
    note = normalise.clean_multiline(note)
    if new == CovenantStatus.RETURNED and not note:
        raise ValidationFailed("Cần ghi ý kiến khi trả lại bản đăng ký.", "note")
    before = snapshot(covenant)
    now = clock.now()
    covenant.status = new
    covenant.status_changed_at = now
    covenant.status_changed_by = recorded_user(actor)
    covenant.status_note = note
    if new == CovenantStatus.SUBMITTED:
        covenant.submitted_at = now
    covenant.save()
    log_action(actor, f"emulation.covenant.{new}", covenant, before, snapshot(covenant), note=note,
               authority_id=covenant.cycle.authority_id)
    return covenant


# --- score sheets ----------------------------------------------------------------------------------

ROUNDS = ("self", "cross", "explain", "final")
ROUND_STATES = {
    "self": (SheetStatus.DRAFT,),
    "cross": (SheetStatus.SUBMITTED,),
    "explain": (SheetStatus.REVIEWED,),
    "final": (SheetStatus.REVIEWED, SheetStatus.EXPLAINED, SheetStatus.FINAL),
}
ROUND_PERMS = {"self": "emulation.self_score", "cross": "emulation.cross_score", "explain": "emulation.self_score",
               "final": "emulation.final_score"}
ROUND_LABELS = {"self": "tự chấm", "cross": "chấm chéo, thẩm định", "explain": "giải trình", "final": "chấm của Hội đồng"}


def get_sheet(cycle: Cycle, organisation: Organisation) -> ScoreSheet:
    """The unit's score sheet for the cycle, created on first use."""
    sheet = ScoreSheet.objects.filter(cycle=cycle, organisation=organisation).select_related("group").first()
    if sheet is None:
        m = membership_of(cycle, organisation.pk)
        sheet = ScoreSheet.objects.create(cycle=cycle, group=m.group, organisation=organisation)
    return sheet


def _rule(c: Criterion) -> scoring.Rule:
    return scoring.Rule(c.pk, c.code, "", c.kind, float(c.max_points), float(c.unit_points) if c.unit_points else None)


@transaction.atomic
def save_scores(actor, sheet: ScoreSheet, round_: str, entries: dict, reason: str = "") -> ScoreSheet:
    """Save one round of a sheet. `entries`: criterion id → (value, text) where text is the note
    (self), the comment (cross), the explanation or the council's note (final); values arrive as
    typed ("8,5", "", "abc"). Every bad value is reported at its criterion and nothing is saved."""
    if round_ not in ROUNDS:
        raise ValueError(round_)
    sheet = ScoreSheet.objects.select_for_update().select_related("group", "cycle").get(pk=sheet.pk)
    require(actor, ROUND_PERMS[round_], sheet)
    _authority(actor, sheet.cycle.authority_id)
    if sheet.status == SheetStatus.LOCKED:
        raise ValidationFailed("Kết quả đã khóa và công bố; không thể thay đổi điểm.")
    if sheet.status not in ROUND_STATES[round_]:
        raise ValidationFailed(f"Phiếu đang ở bước “{sheet.get_status_display()}”; chưa (hoặc không còn) "
                               f"nhập điểm {ROUND_LABELS[round_]} được.")
    reason = normalise.clean_multiline(reason)
    on_behalf = round_ in ("self", "explain") and actor is not None and actor.unit_id != sheet.organisation_id
    if on_behalf and not reason:
        raise ValidationFailed("Sửa điểm của đơn vị khác cần ghi lý do.", "reason")
    criteria = {c.pk: c for c in Criterion.objects.filter(scorecard_id=sheet.group.scorecard_id)}
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    errors: dict[int, str] = {}
    changes: list[tuple[Score, dict, dict]] = []
    for cid, (raw, text) in entries.items():
        cid = int(cid)
        c = criteria.get(cid)
        if c is None:
            raise ValidationFailed("Tiêu chí không thuộc thang bảng điểm của phiếu.")
        text = normalise.clean_multiline(text or "")
        score = scores.get(cid) or Score(sheet=sheet, criterion=c)
        before = snapshot(score)
        if round_ == "explain":
            score.explanation = text
        else:
            try:
                value = decimal_or_none(raw, f"Tiêu chí {c.code}: giá trị")
                scoring.check_value(_rule(c), float(value) if value is not None else None)
            except (ValidationFailed, scoring.ScoreValueError) as exc:
                errors[cid] = getattr(exc, "message", None) or str(exc)
                continue
            if round_ == "self":
                score.self_value, score.self_note = value, text
            elif round_ == "cross":
                if value != score.self_value and not text and value is not None:
                    errors[cid] = f"Tiêu chí {c.code}: chấm khác điểm tự chấm cần ghi nhận xét."
                    continue
                score.cross_value, score.cross_comment = value, text
            else:
                earlier = score.cross_value if score.cross_value is not None else score.self_value
                if value != earlier and value is not None and not (text or reason):
                    errors[cid] = f"Tiêu chí {c.code}: điểm Hội đồng khác điểm thẩm định cần ghi lý do."
                    continue
                score.final_value, score.final_note = value, text or (reason if value != earlier else score.final_note)
        after = snapshot(score)
        if score.pk is None or before != after:
            changes.append((score, before, after))
    if errors:
        raise ScoresInvalid(errors)
    for score, before, _after in changes:
        score.save()
        log_action(actor, f"emulation.score.{round_}", score, before if before.get("id") else None, snapshot(score),
                   note=reason, authority_id=sheet.cycle.authority_id)
    return sheet


SHEET_PERMS = {
    SheetStatus.SUBMITTED: "emulation.self_score",
    SheetStatus.REVIEWED: "emulation.cross_score",
    SheetStatus.DRAFT: "emulation.return_sheet",
    SheetStatus.EXPLAINED: "emulation.self_score",
    SheetStatus.FINAL: "emulation.final_score",
}


@transaction.atomic
def transition_sheet(actor, sheet: ScoreSheet, new: str, note: str = "") -> ScoreSheet:
    sheet = ScoreSheet.objects.select_for_update().select_related("group", "cycle").get(pk=sheet.pk)
    if new == SheetStatus.LOCKED:
        raise ValidationFailed("Khóa kết quả theo cả cụm, khối (nút “Khóa và công bố”).")
    perm = SHEET_PERMS[new]
    if sheet.status == SheetStatus.FINAL and new == SheetStatus.REVIEWED:
        perm = "emulation.final_score"
    require(actor, perm, sheet)
    _authority(actor, sheet.cycle.authority_id)
    if not states.can(states.SHEET_TRANSITIONS, sheet.status, new):
        raise ValidationFailed(f"Không thể chuyển phiếu từ “{sheet.get_status_display()}” sang "
                               f"“{SheetStatus(new).label}”.")
    note = normalise.clean_multiline(note)
    if new == SheetStatus.DRAFT and not note:
        raise ValidationFailed("Cần ghi lý do khi trả phiếu cho đơn vị chấm lại.", "note")
    if new == SheetStatus.SUBMITTED:
        missing = [c.code for c in Criterion.objects.filter(scorecard_id=sheet.group.scorecard_id,
                                                            evidence_required=True)
                   if not Evidence.objects.filter(score__sheet=sheet, score__criterion=c).exists()
                   and sheet.scores.filter(criterion=c, self_value__gt=0).exists()]
        if missing:
            raise ValidationFailed("Thiếu tệp minh chứng cho tiêu chí: " + ", ".join(missing) + ".", "evidence")
    before = snapshot(sheet)
    sheet.status = new
    sheet.status_changed_at = clock.now()
    sheet.status_changed_by = recorded_user(actor)
    sheet.status_note = note
    sheet.save()
    log_action(actor, f"emulation.sheet.{new}", sheet, before, snapshot(sheet), note=note,
               authority_id=sheet.cycle.authority_id)
    return sheet


@transaction.atomic
def lock_group(actor, group: Group, publish: bool = False) -> Group:
    """Lock a cluster/block's results: every ranked unit must have its council score. With
    `publish` the member units see the group's whole table (otherwise each sees its own line)."""
    require(actor, "emulation.manage_ranking")
    _authority(actor, group.cycle.authority_id)
    if group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối này đã khóa.")
    members = list(group.memberships.select_related("organisation"))
    sheets = {s.organisation_id: s for s in ScoreSheet.objects.select_for_update().filter(group=group)}
    not_ready = [m.organisation.label for m in members
                 if not m.excluded and (m.organisation_id not in sheets
                                        or sheets[m.organisation_id].status != SheetStatus.FINAL)]
    if not_ready:
        raise ValidationFailed("Chưa khóa được: Hội đồng chưa chấm xong cho " + ", ".join(not_ready) + ".")
    now = clock.now()
    for s in sheets.values():
        s.status, s.status_changed_at = SheetStatus.LOCKED, now
        s.status_changed_by = recorded_user(actor)
        s.save()
    before = snapshot(group)
    group.locked_at, group.locked_by = now, (recorded_user(actor))
    group.published = bool(publish)
    group.save()
    log_action(actor, "emulation.group.lock", group, before, snapshot(group), authority_id=group.cycle.authority_id)
    return group


@transaction.atomic
def publish_group(actor, group: Group, published: bool, note: str = "") -> Group:
    """Publish (or withdraw) a locked cluster/block's ranking table to its member units."""
    require(actor, "emulation.manage_ranking")
    group = Group.objects.select_for_update().select_related("cycle").get(pk=group.pk)
    _authority(actor, group.cycle.authority_id)
    if not group.locked_at:
        raise ValidationFailed("Chỉ công bố bảng xếp hạng sau khi đã khóa kết quả.", "published")
    before = snapshot(group)
    group.published = bool(published)
    group.save()
    log_action(actor, "emulation.group.publish" if published else "emulation.group.unpublish", group, before,
               snapshot(group), note=normalise.clean_text(note), authority_id=group.cycle.authority_id)
    return group


@transaction.atomic
def exclude_unit(actor, membership: Membership, reason: str) -> Membership:
    """The council excludes a unit from ranking (discipline, investigation…); empty reason re-admits."""
    require(actor, "emulation.manage_ranking")
    _authority(actor, membership.cycle.authority_id)
    if membership.group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối đã khóa.")
    before = snapshot(membership)
    membership.excluded_reason = normalise.clean_text(reason)
    membership.save()
    log_action(actor, "emulation.membership.exclude", membership, before, snapshot(membership),
               authority_id=membership.cycle.authority_id)
    return membership


@transaction.atomic
def set_council_order(actor, membership: Membership, order: int | None, note: str) -> Membership:
    """Record the council's decision between units with equal scores (the last tie-break)."""
    require(actor, "emulation.manage_ranking")
    _authority(actor, membership.cycle.authority_id)
    if membership.group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối đã khóa.")
    note = normalise.clean_text(note)
    if order is not None and not note:
        raise ValidationFailed("Cần ghi căn cứ quyết định của Hội đồng (ví dụ: biên bản bỏ phiếu).", "note")
    before = snapshot(membership)
    membership.council_order, membership.council_note = order, note
    membership.save()
    log_action(actor, "emulation.membership.council_order", membership, before, snapshot(membership),
               authority_id=membership.cycle.authority_id)
    return membership


# --- evidence -----------------------------------------------------------------------------------------

EVIDENCE_KINDS = frozenset({"pdf", "png", "jpg", "docx", "xlsx"})


@transaction.atomic
def add_evidence(actor, sheet: ScoreSheet, criterion: Criterion, filename: str, data: bytes) -> Evidence:
    require(actor, "emulation.self_score", sheet)
    _authority(actor, sheet.cycle.authority_id)
    if sheet.status not in (SheetStatus.DRAFT, SheetStatus.REVIEWED):
        raise ValidationFailed("Chỉ bổ sung minh chứng khi tự chấm hoặc giải trình.", "file")
    if criterion.scorecard_id != sheet.group.scorecard_id:
        raise ValidationFailed("Tiêu chí không thuộc thang bảng điểm của phiếu.")
    kind = uploads.check_upload(data, filename, EVIDENCE_KINDS)
    ctype, ext = uploads.TYPES[kind], f".{kind}"
    score, _ = Score.objects.get_or_create(sheet=sheet, criterion=criterion)
    rel = Path("emulation") / str(sheet.cycle_id) / str(sheet.pk) / f"{uuid.uuid4().hex}{ext}"
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    name = normalise.clean_text(Path(filename).name)[:200] or f"minh-chung{ext}"
    ev = Evidence.objects.create(score=score, path=str(rel), filename=name, content_type=ctype, size=len(data),
                                 uploaded_at=clock.now(), uploaded_by=recorded_user(actor))
    log_action(actor, "emulation.evidence.add", ev, None, snapshot(ev), authority_id=sheet.cycle.authority_id)
    return ev
