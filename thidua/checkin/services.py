"""Every write of the conference day: check-in (pretix's door-scan shape), undo, walk-ins, the hall
plan and seats, API tokens. Permission and authority checked, one transaction, one audit entry."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua import clock
from thidua.events import services as event_services
from thidua.events.models import Delegate, Event, Reply, ReplyChannel, ReplyStatus
from thidua.events.tokens import claimed_delegate_id, verify_token_detail
from thidua.orgs.audit import build_entry, log_action, recorded_user, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.paperwork.fonts import undrawable_message
from thidua.vn import normalise
from thidua.vn.dates import time_text

from . import hall, queries, scanner, store
from .models import ApiToken, CheckIn, CheckInStatus, HallPlan, Scan, ScanResult, SeatAssignment, hash_key

__all__ = ["ValidationFailed", "Outcome", "check_in", "undo_check_in", "add_walk_in", "save_plan", "auto_assign",
           "set_seat", "create_token", "revoke_token"]

_NONCE = re.compile(r"^[0-9A-Za-z_-]{8,64}$")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


@dataclass
class Outcome:
    """The answer to one scan, as the desk shows it and the API returns it."""

    code: str
    delegate: Delegate | None = None
    checkin: CheckIn | None = None
    conflict: CheckIn | None = None
    replay: bool = False
    dry_run: bool = False
    message: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.code == scanner.OK


def _local_time(value) -> str:
    return time_text(timezone.localtime(value))


def _message(code: str, conflict: CheckIn | None) -> str:
    if code == scanner.ALREADY and conflict is not None:
        return scanner.already_message(_local_time(conflict.at), conflict.desk)
    return scanner.MESSAGES.get(code, scanner.MESSAGES[scanner.FORGED])


# The check-in path is the conference day's hot loop (280 people in half an hour at three desks, and
# a scanner app may replay a whole queue): its statements are in `store`, in plain SQL, and a scan
# reads what it needs in one of them, inside the transaction it writes in.

def _complete(scan: Scan, read: store.DeskRead | None = None) -> Scan:
    """The earlier scan with what its answer shows, reusing what the desk read already holds."""
    near = read or store.DeskRead()
    if near.delegate is not None and near.delegate.pk == scan.delegate_id:
        scan.delegate = near.delegate
    else:
        scan.delegate = store.delegate(scan.delegate_id) if scan.delegate_id else None
    for name in ("checkin", "conflict"):
        pk = getattr(scan, f"{name}_id")
        held = near.checkin if near.checkin is not None and near.checkin.pk == pk else None
        setattr(scan, name, held or (store.checkin(pk) if pk else None))
    return scan


def _from_scan(scan: Scan, event: Event) -> Outcome:
    if scan.event_id != event.pk:
        raise ValidationFailed("Mã lượt quét này đã dùng cho hội nghị khác.", "nonce")
    return Outcome(scan.result, scan.delegate, scan.checkin, scan.conflict, replay=True,
                   message=_message(scan.result, scan.conflict))


def _resolve(event: Event, token_or_delegate, token: str | None, read: store.DeskRead,
             number: int | None = None) -> tuple[Delegate | None, str | None, str]:
    """(delegate, error code, message override), judged on the delegate as just read. `number` is an
    invitation number typed in place of the QR code (read within the desk's event)."""
    if isinstance(token_or_delegate, Delegate) or number is not None:
        d = read.delegate
        if d is None:
            return None, scanner.UNKNOWN, scanner.unknown_number_message(number) if number is not None else ""
        if d.event_id != event.pk:
            same_authority = store.authority_of(d.event_id) == event.authority_id
            return (d if same_authority else None), scanner.WRONG_EVENT, ""
        if d.revoked:
            return d, scanner.REVOKED, ""
        return d, None, ""
    if token is None:
        return None, scanner.FORGED, scanner.MESSAGES[scanner.GARBAGE]
    delegate, code = verify_token_detail(
        token, event, load=lambda pk: read.delegate if read.delegate is not None and read.delegate.pk == pk else None)
    if delegate is not None and delegate.event_id != event.pk and store.authority_of(delegate.event_id) != event.authority_id:
        return None, scanner.WRONG_EVENT, ""  # another authority's invitation: say nothing about it
    return delegate, code, ""


def check_in(actor: User | None, token_or_delegate, desk: str, nonce: str, *, event: Event, dry_run: bool = False,
             attendee_name: str = "", offline: bool = False, walk_in: bool = False) -> Outcome:
    """Check one delegate in at a desk. Idempotent by the client's `nonce`: a retried upload gets the
    first answer back (`replay=True`) and changes nothing. Refusals carry a machine-readable code
    (unknown, forged, revoked, wrong_event, already_checked_in) and are logged as scans too.
    `dry_run` answers what would happen and writes nothing."""
    require(actor, "checkin.check_in")
    check_authority(actor, event.authority_id)
    nonce = (nonce or "").strip()
    if not _NONCE.match(nonce):
        raise ValidationFailed("Thiếu mã lượt quét (nonce) hoặc mã không hợp lệ (8–64 ký tự chữ, số, - hoặc _).",
                               "nonce")
    if message := undrawable_message("Tên người dự", attendee_name or ""):  # printed on the attendance list
        raise ValidationFailed(message, "attendee_name")
    scan = _Scan(actor, event, token_or_delegate, normalise.clean_text(desk)[:40], nonce,
                 normalise.clean_text(attendee_name)[:180], offline, walk_in)
    if dry_run:
        return scan.run(dry_run=True)
    try:
        with store.writing():
            return scan.run(dry_run=False)
    except IntegrityError:
        # A race lost (on PostgreSQL; SQLite serialises the writers). The same nonce arrived twice at
        # once (a retry racing its original): answer with the first.
        earlier = store.scan_by_nonce(nonce)
        if earlier is not None:
            return _from_scan(_complete(earlier), event)
    # Another desk checked the same delegate in meanwhile (`checkin_one_valid`): ask again, and see it.
    with store.writing():
        return scan.run(dry_run=False)


@dataclass
class _Scan:
    actor: User | None
    event: Event
    target: object  # a Delegate, or what the scanner read
    desk: str
    nonce: str
    attendee_name: str
    offline: bool
    walk_in: bool

    def run(self, dry_run: bool) -> Outcome:
        token = number = None
        if isinstance(self.target, Delegate):
            claimed = self.target.pk
        else:
            text = str(self.target or "")
            token = scanner.extract_token(text)
            claimed = claimed_delegate_id(token) if token else None
            if token is None and (number := scanner.invitation_number(text)) is not None:
                claimed = store.delegate_id_by_number(self.event.pk, number)  # "0002" typed from the invitation
        read = store.desk_read(claimed, self.nonce)
        if read.scan is not None and not dry_run:
            return _from_scan(_complete(read.scan, read), self.event)
        delegate, code, message = _resolve(self.event, self.target, token, read, number)
        conflict = None
        if code is None:
            conflict = read.checkin
            code = scanner.ALREADY if conflict is not None else scanner.OK
        out = Outcome(code, delegate, None, conflict, dry_run=dry_run, message=message or _message(code, conflict))
        if dry_run:
            return out
        by = recorded_user(self.actor)
        scan = Scan(event=self.event, nonce=self.nonce, at=clock.now(), desk=self.desk, by=by, delegate=delegate,
                    result=code if code in ScanResult.values else ScanResult.FORGED, conflict=conflict,
                    offline=self.offline)
        if code == scanner.OK:
            out.checkin = self._record(delegate, by, scan)
        else:
            store.insert(scan)
        return out

    def _record(self, delegate: Delegate, by: User | None, scan: Scan) -> CheckIn:
        """The new check-in, written with its audit entry and the scan that made it."""
        now = scan.at
        attendee_name = self.attendee_name
        if not attendee_name and delegate.reply_status == ReplyStatus.SUBSTITUTE:
            attendee_name = delegate.substitute_name
        if attendee_name and normalise.fold(attendee_name) == normalise.fold(delegate.display_name):
            attendee_name = ""
        before = {"checked_in_at": None, "seat": delegate.seat}
        checkin = CheckIn(event=self.event, delegate=delegate, at=now, desk=self.desk, by=by, nonce=self.nonce,
                          attendee_name=attendee_name, walk_in=self.walk_in)
        delegate.event = self.event  # the desk's event, in hand: the audit entry reads its authority off it
        who = f"{attendee_name} (dự thay {delegate.display_name})" if attendee_name else delegate.display_name
        entry = build_entry(self.actor, "checkin.delegate.check_in", delegate, before,
                            {"checked_in_at": now, "seat": delegate.seat, "desk": self.desk, "nonce": self.nonce,
                             "attendee_name": attendee_name, "walk_in": self.walk_in, "offline": self.offline},
                            note=f"Điểm danh {who}" + (f" tại {self.desk}" if self.desk else "")
                            + (" (gửi lại khi có mạng)" if self.offline else ""))
        store.record_checkin(checkin, entry, scan)
        return checkin


@transaction.atomic
def undo_check_in(actor: User | None, checkin: CheckIn, reason: str) -> CheckIn:
    """A mistaken check-in is undone (kept, marked, with who and why); the delegate counts as absent."""
    require(actor, "checkin.undo")
    check_authority(actor, checkin.event.authority_id)
    reason = normalise.clean_text(reason)[:250]
    if not reason:
        raise ValidationFailed("Cần ghi lý do hủy điểm danh.", "reason")
    checkin = CheckIn.objects.select_for_update().select_related("delegate", "event").get(pk=checkin.pk)
    if checkin.status != CheckInStatus.VALID:
        raise ValidationFailed("Lượt điểm danh này đã được hủy trước đó.", "reason")
    before = snapshot(checkin)
    checkin.status = CheckInStatus.UNDONE
    checkin.undone_at = clock.now()
    checkin.undone_by = recorded_user(actor)
    checkin.undo_reason = reason
    checkin.save()
    log_action(actor, "checkin.delegate.undo", checkin.delegate, before, snapshot(checkin), note=f"Hủy điểm danh: {reason}")
    return checkin


WALK_IN_FIELDS = ("category", "full_name", "gender", "position", "unit_text", "organisation", "phone", "notes",
                  "vehicle")


@transaction.atomic
def add_walk_in(actor: User | None, event: Event, values: dict, desk: str, nonce: str) -> Outcome:
    """Someone without an invitation is received on the spot, by reception or the secretariat: added as
    a delegate of the event under the next invitation number, their answer recorded as given in person,
    and checked in, in one transaction (audited: the delegate's creation, then the check-in).

    Reception may not add delegates in general (`events.manage_delegates`), only this one at the desk:
    so the row is written here, under `checkin.add_walk_in`, after `events.services.check_delegate`
    (the rules of a delegate's form)."""
    require(actor, "checkin.add_walk_in")
    check_authority(actor, event.authority_id)
    values = {k: v for k, v in values.items() if k in WALK_IN_FIELDS}
    name = normalise.clean_text(values.get("full_name", ""))
    if not name:
        raise ValidationFailed("Cần họ và tên người đến dự.", "full_name")
    event_services.check_delegate(event, values)  # the rules of a delegate added by hand, one place
    Event.objects.select_for_update().filter(pk=event.pk).first()  # two desks adding at once: one number each
    delegate = Delegate(event=event)
    apply_fields(delegate, values, WALK_IN_FIELDS)
    delegate.invitation_number = event_services.next_invitation_number(event)
    delegate.display_order = delegate.invitation_number
    now = clock.now()
    delegate.reply_status, delegate.replied_at = ReplyStatus.ACCEPTED, now
    try:
        delegate.full_clean(exclude=["nonce", "name_fold"])
    except DjangoValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise ValidationFailed(errors[0], None if field == NON_FIELD_ERRORS else field)
    delegate.save()
    Reply.objects.create(delegate=delegate, status=ReplyStatus.ACCEPTED, channel=ReplyChannel.IN_PERSON,
                         note="Đến dự tại hội nghị", recorded_by=recorded_user(actor),
                         recorded_by_name=actor.display if actor is not None else "hệ thống", at=now)
    log_action(actor, "events.delegate.create", delegate, None, snapshot(delegate),
               note="Đến dự không có giấy mời (thêm tại bàn đón tiếp)")
    return check_in(actor, delegate, desk, nonce, event=event, walk_in=True)


# --- seating ---------------------------------------------------------------------------------

def _category_codes(event: Event) -> list[str]:
    return list(event.categories.values_list("code", flat=True))


@transaction.atomic
def save_plan(actor: User | None, event: Event, data: dict) -> HallPlan:
    require(actor, "checkin.manage_seating")
    check_authority(actor, event.authority_id)
    try:
        clean = hall.validate_plan(data, _category_codes(event))
    except hall.PlanError as exc:
        raise ValidationFailed("Sơ đồ chưa hợp lệ: " + "; ".join(exc.errors[:8]), "plan")
    labels = {s.label for s in hall.seats(clean)}
    current = HallPlan.objects.filter(event=event).first()
    before = snapshot(current)
    if current is None:
        current = HallPlan(event=event)
    current.plan = clean
    current.updated_at = clock.now()
    current.updated_by = recorded_user(actor)
    current.save()
    queries.forget_seat_texts()  # this process answers with the new plan at once; others within 15 s
    # seats that no longer exist are given back
    gone = list(SeatAssignment.objects.filter(event=event).exclude(delegate__seat__in=labels).values_list(
        "delegate_id", flat=True))
    if gone:
        SeatAssignment.objects.filter(event=event, delegate_id__in=gone).delete()
        Delegate.objects.filter(pk__in=gone).update(seat="")
    log_action(actor, "checkin.plan.save", current, before, snapshot(current),
               note=f"{len(labels)} ghế; bỏ chỗ của {len(gone)} đại biểu" if gone else f"{len(labels)} ghế")
    return current


@transaction.atomic
def auto_assign(actor: User | None, event: Event) -> hall.Assignment:
    """Assign seats by protocol order; seats set by hand stay. Writes Delegate.seat (one audit entry)."""
    require(actor, "checkin.manage_seating")
    check_authority(actor, event.authority_id)
    hall_plan = HallPlan.objects.filter(event=event).first()
    if hall_plan is None:
        raise ValidationFailed("Chưa có sơ đồ hội trường.", "plan")
    all_seats = hall.seats(hall_plan.plan)
    people = queries.seated_delegates(event)
    ranks = queries.award_ranks(event, people)
    manual = dict(SeatAssignment.objects.filter(event=event, manual=True).values_list("delegate_id", "delegate__seat"))
    guests = [hall.Guest(d.pk, d.category.code, d.category.protocol_order, d.display_order, ranks.get(d.pk),
                         manual.get(d.pk)) for d in people]
    result = hall.assign(all_seats, guests)
    kept = {d for d in manual if result.seats.get(d) == manual[d]}
    SeatAssignment.objects.filter(event=event).exclude(delegate_id__in=kept).delete()
    SeatAssignment.objects.bulk_create([SeatAssignment(event=event, delegate_id=d, manual=False)
                                        for d in result.seats if d not in kept], batch_size=500)
    changed = []
    everyone = Delegate.objects.filter(event=event).only("id", "seat")
    for d in everyone:
        seat = result.seats.get(d.pk, "")
        if d.seat != seat:
            d.seat = seat
            changed.append(d)
    # one delegate per seat at every step: the moved ones leave their seats before taking the new ones
    Delegate.objects.filter(pk__in=[d.pk for d in changed]).update(seat="")
    Delegate.objects.bulk_update([d for d in changed if d.seat], ["seat"], batch_size=500)
    log_action(actor, "checkin.seats.assign", hall_plan, None,
               {"seated": len(result.seats), "unplaced": list(result.unplaced), "changed": len(changed)},
               note=f"Xếp chỗ tự động: {len(result.seats)} đại biểu có chỗ, {len(result.unplaced)} chưa có chỗ")
    return result


@transaction.atomic
def set_seat(actor: User | None, delegate: Delegate, seat: str) -> Delegate:
    """Put a delegate in a seat by hand (kept by later automatic runs); "" frees the seat. A seat held by
    someone else is refused (nobody is moved silently): a swap is asked for on the seating chart
    (`seating_services.move_delegate(..., swap=True)`)."""
    require(actor, "checkin.manage_seating")
    event = delegate.event
    check_authority(actor, event.authority_id)
    seat = normalise.clean_text(seat).upper()
    delegate = Delegate.objects.select_for_update().select_related("event").get(pk=delegate.pk)
    before = {"seat": delegate.seat}
    mine = SeatAssignment.objects.filter(delegate=delegate).first()
    if not seat:
        if mine:
            mine.delete()
        Delegate.objects.filter(pk=delegate.pk).update(seat="")
        delegate.seat = ""
        log_action(actor, "checkin.seat.set", delegate, before, {"seat": ""}, note="Bỏ chỗ ngồi")
        return delegate
    hall_plan = HallPlan.objects.filter(event=event).first()
    if hall_plan is None:
        raise ValidationFailed("Chưa có sơ đồ hội trường.", "seat")
    labels = {s.label: s for s in hall.seats(hall_plan.plan)}
    if seat not in labels:
        raise ValidationFailed(f"Không có ghế “{seat}” trong sơ đồ hội trường.", "seat")
    other_delegate = Delegate.objects.filter(event=event, seat=seat).exclude(pk=delegate.pk).first()
    if other_delegate is not None:
        raise ValidationFailed(f"Ghế {seat} đang có “{other_delegate.attendee_name}” ngồi: chọn ghế trống, hoặc kéo"
                               " thả trên sơ đồ để đổi chỗ (có hỏi trước).", "seat")
    if mine:
        mine.delete()
    note = f"Xếp tay vào ghế {seat} ({labels[seat].text})"
    SeatAssignment.objects.create(event=event, delegate=delegate, manual=True)
    Delegate.objects.filter(pk=delegate.pk).update(seat=seat)
    delegate.seat = seat
    log_action(actor, "checkin.seat.set", delegate, before, {"seat": seat}, note=note)
    return delegate


# --- API tokens ------------------------------------------------------------------------------

@transaction.atomic
def create_token(actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """A bearer token for a scanner device acting as `user`; returns (token, key shown once)."""
    require(actor, "checkin.manage_tokens")
    check_authority(actor, user.authority_id)
    name = normalise.clean_text(name)[:80] or "Máy quét"
    key = "tdk_" + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key), prefix=key[4:10],
                                    created_at=clock.now())
    log_action(actor, "checkin.token.create", token, None, {"user": user.pk, "name": name, "prefix": token.prefix},
               authority_id=user.authority_id)  # a token is the account's: no scope path of its own
    return token, key


@transaction.atomic
def revoke_token(actor: User | None, token: ApiToken) -> ApiToken:
    require(actor, "checkin.manage_tokens")
    check_authority(actor, token.user.authority_id)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        log_action(actor, "checkin.token.revoke", token, None, {"revoked_at": token.revoked_at},
                   authority_id=token.user.authority_id)  # a token is the account's: no scope path of its own
    return token
