"""Score sheets: the scoring rounds, the sheet's states, locking and publishing a group's results."""

from __future__ import annotations

from django.db import transaction

from thidua import clock
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Organisation
from thidua.orgs.services import ValidationFailed, check_authority, read_number, require
from thidua.vn import normalise

from .. import scoring, states
from ..models import Criterion, Cycle, Evidence, Group, Membership, Score, ScoreSheet, SheetStatus
from ..states import ROUND_LABELS, ROUND_STATES, ROUNDS
from .common import ScoresInvalid
from .covenants import membership_of

ROUND_PERMS = {"self": "emulation.self_score", "cross": "emulation.cross_score", "explain": "emulation.self_score",
               "final": "emulation.final_score"}


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
    check_authority(actor, sheet.cycle.authority_id)
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
                value = read_number(raw, f"Tiêu chí {c.code}: giá trị", places=2)
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
                   note=reason)
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
    check_authority(actor, sheet.cycle.authority_id)
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
    log_action(actor, f"emulation.sheet.{new}", sheet, before, snapshot(sheet), note=note)
    return sheet


@transaction.atomic
def lock_group(actor, group: Group, publish: bool = False) -> Group:
    """Lock a cluster/block's results: every ranked unit must have its council score. With
    `publish` the member units see the group's whole table (otherwise each sees its own line)."""
    require(actor, "emulation.manage_ranking")
    check_authority(actor, group.cycle.authority_id)
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
    log_action(actor, "emulation.group.lock", group, before, snapshot(group))
    return group


@transaction.atomic
def publish_group(actor, group: Group, published: bool, note: str = "") -> Group:
    """Publish (or withdraw) a locked cluster/block's ranking table to its member units."""
    require(actor, "emulation.manage_ranking")
    group = Group.objects.select_for_update().select_related("cycle").get(pk=group.pk)
    check_authority(actor, group.cycle.authority_id)
    if not group.locked_at:
        raise ValidationFailed("Chỉ công bố bảng xếp hạng sau khi đã khóa kết quả.", "published")
    before = snapshot(group)
    group.published = bool(published)
    group.save()
    log_action(actor, "emulation.group.publish" if published else "emulation.group.unpublish", group, before,
               snapshot(group), note=normalise.clean_text(note))
    return group


@transaction.atomic
def exclude_unit(actor, membership: Membership, reason: str) -> Membership:
    """The council excludes a unit from ranking (discipline, investigation…); empty reason re-admits."""
    require(actor, "emulation.manage_ranking")
    check_authority(actor, membership.cycle.authority_id)
    if membership.group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối đã khóa.")
    before = snapshot(membership)
    membership.excluded_reason = normalise.clean_text(reason)
    membership.save()
    log_action(actor, "emulation.membership.exclude", membership, before, snapshot(membership))
    return membership


@transaction.atomic
def set_council_order(actor, membership: Membership, order: int | None, note: str) -> Membership:
    """Record the council's decision between units with equal scores (the last tie-break)."""
    require(actor, "emulation.manage_ranking")
    check_authority(actor, membership.cycle.authority_id)
    if membership.group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối đã khóa.")
    note = normalise.clean_text(note)
    if order is not None and not note:
        raise ValidationFailed("Cần ghi căn cứ quyết định của Hội đồng (ví dụ: biên bản bỏ phiếu).", "note")
    before = snapshot(membership)
    membership.council_order, membership.council_note = order, note
    membership.save()
    log_action(actor, "emulation.membership.council_order", membership, before, snapshot(membership))
    return membership
