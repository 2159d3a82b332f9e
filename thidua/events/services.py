"""Every write to conferences, delegates and replies: permission and scope checked, one
transaction, one audit entry (`log_action`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max

from thidua import clock
from thidua.orgs import outbox
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import Authority, Organisation, Person, User
from thidua.orgs.outbox import MailStatus
from thidua.orgs.services import ValidationFailed, require
from thidua.vn import normalise
from thidua.vn.people import salutation

from . import quota
from .models import (
    Delegate,
    DelegateCategory,
    Event,
    EventKind,
    EventStatus,
    OutboxMail,
    Reply,
    ReplyChannel,
    ReplyStatus,
    Vehicle,
    new_nonce,
)

__all__ = ["ValidationFailed"]


def _check_authority(actor: User | None, authority_id: int) -> None:
    if actor is not None and not actor.is_superuser and actor.authority_id != authority_id:
        raise PermissionDenied("Dữ liệu này thuộc cơ quan khác.")


def _apply(obj, values: dict, allowed: tuple[str, ...]) -> None:
    for key, value in values.items():
        if key not in allowed:
            raise ValueError(f"unknown field {key}")
        setattr(obj, key, value)


# --- events --------------------------------------------------------------------------------

EVENT_FIELDS = ("slug", "title", "kind", "organiser", "closes_year", "launches_year", "date", "tentative_month",
                "tentative_year", "start_time", "end_time", "venue", "capacity", "chair", "purpose", "contents",
                "status", "invitation_code", "invitation_date", "signer", "contact", "parking_car",
                "parking_motorbike", "reply_by", "site_url")


def _validate_event(event: Event) -> None:
    if not normalise.clean_text(event.title):
        raise ValidationFailed("Tên hội nghị không được để trống.", "title")
    if not event.slug:
        raise ValidationFailed("Cần mã hội nghị (chữ thường, số, gạch nối).", "slug")
    if Event.objects.filter(authority_id=event.authority_id, slug=event.slug).exclude(pk=event.pk).exists():
        raise ValidationFailed(f"Mã hội nghị “{event.slug}” đã dùng cho hội nghị khác.", "slug")
    if event.start_time and event.end_time and event.end_time <= event.start_time:
        raise ValidationFailed("Giờ kết thúc phải sau giờ bắt đầu.", "end_time")
    if event.tentative_month is not None and not 1 <= event.tentative_month <= 12:
        raise ValidationFailed("Tháng dự kiến phải từ 1 đến 12.", "tentative_month")
    if event.organiser is not None and event.organiser.authority_id != event.authority_id:
        raise ValidationFailed("Đơn vị tổ chức thuộc cơ quan khác.", "organiser")
    if event.signer is not None and event.signer.authority_id != event.authority_id:
        raise ValidationFailed("Người ký thuộc cơ quan khác.", "signer")
    if event.status not in EventStatus.values:
        raise ValidationFailed("Trạng thái không hợp lệ.", "status")
    if event.kind not in EventKind.values:
        raise ValidationFailed("Loại hội nghị không hợp lệ.", "kind")


@transaction.atomic
def create_event(actor: User | None, authority: Authority, values: dict, default_categories: bool = True) -> Event:
    require(actor, "events.manage_events")
    _check_authority(actor, authority.pk)
    event = Event(authority=authority)
    _apply(event, values, EVENT_FIELDS)
    _validate_event(event)
    event.save()
    log_action(actor, "events.event.create", event, None, snapshot(event))
    if default_categories:
        for order, (code, name, size, description) in enumerate(quota.DEFAULT_CATEGORIES, start=1):
            save_category(actor, event, {"code": code, "name": name, "quota": size, "protocol_order": order,
                                         "description": description})
    return event


@transaction.atomic
def update_event(actor: User | None, event: Event, values: dict) -> Event:
    require(actor, "events.manage_events")
    _check_authority(actor, event.authority_id)
    before = snapshot(event)
    _apply(event, values, EVENT_FIELDS)
    _validate_event(event)
    event.save()
    after = snapshot(event)
    if after != before:
        log_action(actor, "events.event.update", event, before, after)
    return event


CATEGORY_FIELDS = ("code", "name", "quota", "protocol_order", "description")


@transaction.atomic
def save_category(actor: User | None, event: Event, values: dict,
                  category: DelegateCategory | None = None) -> DelegateCategory:
    require(actor, "events.manage_events")
    _check_authority(actor, event.authority_id)
    if category is not None and category.event_id != event.pk:
        raise PermissionDenied("Thành phần thuộc hội nghị khác.")
    before = snapshot(category)
    category = category or DelegateCategory(event=event)
    _apply(category, values, CATEGORY_FIELDS)
    if not normalise.clean_text(category.code) or not normalise.clean_text(category.name):
        raise ValidationFailed("Cần ký hiệu và tên thành phần.", "name")
    if DelegateCategory.objects.filter(event=event, code=normalise.clean_text(category.code)).exclude(
            pk=category.pk).exists():
        raise ValidationFailed(f"Ký hiệu thành phần “{category.code}” đã có.", "code")
    category.save()
    log_action(actor, "events.category.save", category, before, snapshot(category),
               authority_id=event.authority_id)
    return category


# --- delegates -----------------------------------------------------------------------------

DELEGATE_FIELDS = ("category", "organisation", "person", "full_name", "gender", "position", "unit_text", "phone",
                   "email", "vehicle", "seat", "area", "notes", "display_order", "represents", "recipient_key")


def _validate_delegate(d: Delegate) -> None:
    if d.category_id is None or d.category.event_id != d.event_id:
        raise ValidationFailed("Cần chọn thành phần đại biểu của hội nghị này.", "category")
    authority_id = d.event.authority_id
    if d.organisation is not None and d.organisation.authority_id != authority_id:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", "organisation")
    if d.person is not None and d.person.authority_id != authority_id:
        raise ValidationFailed("Cá nhân thuộc cơ quan khác.", "person")
    name = normalise.clean_text(d.full_name)
    if name.startswith(("=", "+", "@")):
        raise ValidationFailed("Họ và tên không được bắt đầu bằng dấu =, + hoặc @ (giống công thức Excel).",
                               "full_name")
    if not name and d.organisation is None and not normalise.clean_text(d.unit_text):
        raise ValidationFailed("Cần họ và tên đại biểu, hoặc đơn vị để mời “Đại diện lãnh đạo”.", "full_name")
    if len(name) > 180:
        raise ValidationFailed("Họ và tên quá dài.", "full_name")
    if d.gender not in ("M", "F", ""):
        raise ValidationFailed("Giới tính không hợp lệ.", "gender")
    if d.vehicle not in Vehicle.values:
        raise ValidationFailed("Phương tiện chỉ có thể là ô tô hoặc xe máy.", "vehicle")
    if d.email:
        try:
            validate_email(d.email)
        except DjangoValidationError:
            raise ValidationFailed(f"Địa chỉ thư điện tử “{d.email}” không hợp lệ.", "email")


def next_invitation_number(event: Event) -> int:
    return (Delegate.objects.filter(event=event).aggregate(m=Max("invitation_number"))["m"] or 0) + 1


@transaction.atomic
def add_delegate(actor: User | None, event: Event, values: dict, note: str = "") -> Delegate:
    _check_authority(actor, event.authority_id)
    delegate = Delegate(event=event)
    _apply(delegate, values, DELEGATE_FIELDS)
    require(actor, "events.manage_delegates", delegate)
    _validate_delegate(delegate)
    if delegate.person_id and Delegate.objects.filter(event=event, person_id=delegate.person_id).exists():
        raise ValidationFailed(f"{delegate.person.full_name} đã có trong danh sách đại biểu.", "person")
    delegate.invitation_number = next_invitation_number(event)
    if not delegate.display_order:
        delegate.display_order = delegate.invitation_number
    delegate.save()
    log_action(actor, "events.delegate.create", delegate, None, snapshot(delegate), note=note,
               authority_id=event.authority_id)
    return delegate


@transaction.atomic
def update_delegate(actor: User | None, delegate: Delegate, values: dict) -> Delegate:
    require(actor, "events.manage_delegates", delegate)  # the officer must own the current unit …
    _check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    _apply(delegate, values, DELEGATE_FIELDS)
    require(actor, "events.manage_delegates", delegate)  # … and cannot move the delegate to another unit
    _validate_delegate(delegate)
    delegate.save()
    after = snapshot(delegate)
    if after != before:
        log_action(actor, "events.delegate.update", delegate, before, after, authority_id=delegate.event.authority_id)
    return delegate


def _person_values(person: Person, category: DelegateCategory) -> dict:
    return {"category": category, "person": person, "organisation": person.organisation,
            "full_name": person.full_name, "gender": person.gender, "position": person.position,
            "phone": person.phone, "email": person.email}


@transaction.atomic
def add_people(actor: User | None, event: Event, category: DelegateCategory, people) -> tuple[list[Delegate], int]:
    """Invite people from the registry; those already invited are left alone. Returns (added, skipped)."""
    added, skipped = [], 0
    invited = set(Delegate.objects.filter(event=event, person__isnull=False).values_list("person_id", flat=True))
    for person in people:
        if person.pk in invited:
            skipped += 1
            continue
        added.append(add_delegate(actor, event, _person_values(person, category), note="Thêm từ danh bạ"))
        invited.add(person.pk)
    return added, skipped


@transaction.atomic
def add_unit_seats(actor: User | None, event: Event, category: DelegateCategory, units, seats: int,
                   position: str = "") -> list[Delegate]:
    """N seats per unit: "Đại diện lãnh đạo <unit>" placeholders, topped up to `seats` per unit and category."""
    if not 1 <= seats <= 20:
        raise ValidationFailed("Số đại biểu mỗi đơn vị phải từ 1 đến 20.", "seats")
    added = []
    for unit in units:
        have = Delegate.objects.filter(event=event, category=category, organisation=unit).count()
        for _ in range(quota.placeholder_counts(have, seats)):
            added.append(add_delegate(actor, event, {"category": category, "organisation": unit,
                                                     "position": position}, note="Thêm theo đơn vị"))
    return added


@transaction.atomic
def remove_delegate(actor: User | None, delegate: Delegate) -> None:
    require(actor, "events.manage_events")
    _check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    authority_id = delegate.event.authority_id
    log_action(actor, "events.delegate.delete", delegate, before, None, authority_id=authority_id)
    delegate.delete()


# --- award recipients (category d, one step) ------------------------------------------------

RECIPIENT_STATUS = {"added": "Đã thêm", "existing": "Đã có trong danh sách"}


@dataclass
class RecipientRow:
    """One award recipient (all their awards in the range) and what adding them did or would do."""

    key: str
    kind: str
    name: str  # as the delegate appears: "Ông Nguyễn Văn Hạ", "Đại diện Phòng Nội vụ"
    unit: str
    lines: list[str]  # "Nhận khen thưởng: Lao động tiên tiến (QĐ số 312/QĐ-UBND ngày 20/02/2025)"
    status: str = "added"
    reason: str = ""
    new_lines: list[str] = dc_field(default_factory=list)  # note lines an existing delegate does not have yet
    delegate: Delegate | None = None
    recipient: object = None  # the first (highest) awards.queries.Recipient

    @property
    def status_label(self) -> str:
        return RECIPIENT_STATUS[self.status]


@dataclass
class RecipientReport:
    date_from: dt.date
    date_to: dt.date
    category: DelegateCategory
    rows: list[RecipientRow]
    dry_run: bool = False
    warnings: list[str] = dc_field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"recipients": len(self.rows), "added": sum(r.status == "added" for r in self.rows),
                "existing": sum(r.status == "existing" for r in self.rows),
                "noted": sum(bool(r.status == "existing" and r.new_lines) for r in self.rows)}


def recipient_range(event: Event) -> tuple[dt.date, dt.date]:
    """The decisions of the cycle the event closes: dated in the following year, up to the event date."""
    if event.closes_year:
        year = event.closes_year + 1
    else:
        year = (event.date.year if event.date else event.tentative_year) or clock.today().year
    start, end = dt.date(year, 1, 1), event.date or dt.date(year, 12, 31)
    if end < start:  # held in the year it closes: that year's decisions
        start = dt.date(end.year, 1, 1)
    return start, end


def award_note(recipient) -> str:
    from thidua.vn.dates import numeric_date

    return (f"Nhận khen thưởng: {recipient.award_name} (QĐ số {recipient.decision_number} ngày "
            f"{numeric_date(recipient.decision_date)})")


def recipient_key(recipient) -> str:
    org = recipient.organisation.pk if recipient.organisation is not None else ""
    if recipient.kind == "individual":
        if recipient.person is not None:
            return f"p:{recipient.person.pk}"
        return f"n:{org}:{normalise.fold(recipient.name)}"[:120]
    if recipient.kind == "collective" and recipient.organisation is not None:
        return f"c:{org}"
    return f"{recipient.kind[0]}:{org}:{normalise.fold(recipient.name)}"[:120]


def _recipient_values(r, category: DelegateCategory, key: str, notes: str) -> dict:
    if r.kind == "individual":
        person = r.person
        organisation = r.organisation or (person.organisation if person is not None else None)
        return {"category": category, "person": person, "organisation": organisation, "full_name": r.name,
                "gender": person.gender if person is not None else "",
                "position": r.position or (person.position if person is not None else ""),
                "phone": person.phone if person is not None else "", "email": person.email if person is not None
                else "", "notes": notes, "recipient_key": key}
    return {"category": category, "organisation": r.organisation, "represents": r.name,
            "unit_text": "" if r.organisation is not None else r.name, "notes": notes, "recipient_key": key}


def _plan_recipients(event: Event, recipients) -> list[RecipientRow]:
    rows: dict[str, RecipientRow] = {}
    for r in recipients:  # highest form first: the first line of a recipient names them
        key = recipient_key(r)
        row = rows.get(key)
        if row is None:
            if r.kind == "individual":
                gender = r.person.gender if r.person is not None else ""
                name = f"{salutation(gender)} {r.name}"
            else:
                name = f"Đại diện {r.name}"
            unit = r.organisation.name if r.organisation is not None else ""
            row = rows[key] = RecipientRow(key, r.kind, name, unit, [], recipient=r)
        note = award_note(r)
        if note not in row.lines:
            row.lines.append(note)
    existing = list(Delegate.objects.filter(event=event).select_related("category", "organisation").order_by(
        "category__protocol_order", "display_order", "id"))
    by_key = {d.recipient_key: d for d in existing if d.recipient_key}
    by_person = {d.person_id: d for d in existing if d.person_id}
    by_name = {(d.organisation_id, normalise.fold(d.full_name)): d for d in existing if d.full_name}
    placeholders: dict[int, Delegate] = {}
    for d in existing:
        if not d.full_name and d.organisation_id:
            placeholders.setdefault(d.organisation_id, d)
    for row in rows.values():
        r = row.recipient
        org_id = r.organisation.pk if r.organisation is not None else None
        d = by_key.get(row.key)
        if d is None and r.kind == "individual":
            d = by_person.get(r.person.pk) if r.person is not None else by_name.get((org_id, normalise.fold(r.name)))
        elif d is None and r.kind == "collective" and org_id:
            d = placeholders.get(org_id)
        if d is None:
            continue
        row.status, row.delegate = "existing", d
        if d.recipient_key == row.key:
            row.reason = "đã thêm từ danh sách nhận khen thưởng lần trước"
        elif r.kind == "individual":
            row.reason = f"đã được mời ở thành phần {d.category}"
        else:
            row.reason = f"đơn vị đã có suất “{d.display_name}” ở thành phần {d.category}"
        if d.revoked:
            row.reason += " (giấy mời đã thu hồi)"
        have = set(d.notes.splitlines())
        row.new_lines = [line for line in row.lines if line not in have]
        if row.new_lines:
            row.reason += "; ghi thêm ghi chú nhận khen thưởng"
    return list(rows.values())


@transaction.atomic
def add_award_recipients(actor: User | None, event: Event, category: DelegateCategory | None = None,
                         date_from: dt.date | None = None, date_to: dt.date | None = None, recipients=None,
                         dry_run: bool = False) -> RecipientReport:
    """Every recipient of the issued decisions in [date_from, date_to] (default: the cycle the event
    closes) becomes a delegate in one step: a person by name, a collective as "Đại diện <tập thể>".
    Idempotent: a recipient already invited (in any category, or by an earlier run) is reported and,
    if it lacks them, gets the award lines in its notes; nobody is added twice."""
    require(actor, "events.manage_events")
    _check_authority(actor, event.authority_id)
    if category is None:
        category = DelegateCategory.objects.filter(event=event, code="d").first()
        if category is None:
            raise ValidationFailed("Hội nghị chưa có thành phần d) Đại diện tập thể và cá nhân điển hình tiên tiến; "
                                   "hãy chọn thành phần.", "category")
    if category.event_id != event.pk:
        raise PermissionDenied("Thành phần thuộc hội nghị khác.")
    default_from, default_to = recipient_range(event)
    date_from, date_to = date_from or default_from, date_to or default_to
    if date_from > date_to:
        raise ValidationFailed("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", "date_from")
    if recipients is None:
        from thidua.awards.queries import decided_recipients

        recipients = decided_recipients(event.authority_id, date_from, date_to)
    if not dry_run:  # one run at a time per event (the unique recipient key guards the rest)
        Event.objects.select_for_update().filter(pk=event.pk).first()
    rows = _plan_recipients(event, recipients)
    report = RecipientReport(date_from, date_to, category, rows, dry_run=dry_run)
    if dry_run:
        return report
    for row in rows:
        if row.status == "added":
            row.delegate = add_delegate(actor, event, _recipient_values(row.recipient, category, row.key,
                                                                        "\n".join(row.lines)),
                                        note="Thêm từ danh sách nhận khen thưởng")
        elif row.new_lines:
            d = Delegate.objects.select_for_update().get(pk=row.delegate.pk)
            before = snapshot(d)
            d.notes = "\n".join([*([d.notes] if d.notes else []), *row.new_lines])
            d.save()
            log_action(actor, "events.delegate.update", d, before, snapshot(d), note="Ghi thêm ghi chú nhận khen thưởng",
                       authority_id=event.authority_id)
            row.delegate = d
    counts = report.counts
    invited = Delegate.objects.filter(event=event, category=category, revoked=False).count()
    if category.quota and invited > category.quota:
        report.warnings.append(f"Thành phần {category}: đã mời {invited}, vượt dự kiến {category.quota} "
                               f"({invited - category.quota} đại biểu).")
    log_action(actor, "events.delegate.add_recipients", event, None,
               {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(), "category": category.code,
                **counts}, note=f"Thêm {counts['added']} người nhận khen thưởng; {counts['existing']} đã có trong "
                                f"danh sách", authority_id=event.authority_id)
    return report


# --- replies -------------------------------------------------------------------------------

def _apply_reply(delegate: Delegate, status: str, channel: str, substitute_name: str, substitute_position: str,
                 note: str, actor: User | None) -> Reply:
    if channel not in ReplyChannel.values:
        raise ValidationFailed("Hình thức trả lời không hợp lệ.", "channel")
    now = clock.now()
    if status != ReplyStatus.SUBSTITUTE:
        substitute_name = substitute_position = ""
    delegate.reply_status = status
    delegate.replied_at = now if status != ReplyStatus.PENDING else None
    delegate.substitute_name = substitute_name
    delegate.substitute_position = substitute_position
    delegate.save()
    return Reply.objects.create(
        delegate=delegate, status=status, channel=channel, substitute_name=delegate.substitute_name,
        substitute_position=delegate.substitute_position, note=normalise.clean_multiline(note),
        recorded_by=recorded_user(actor),
        recorded_by_name=actor.display if actor is not None else ("đại biểu" if channel == "link" else "hệ thống"),
        at=now)


@transaction.atomic
def record_reply(actor: User | None, delegate: Delegate, status: str, channel: str, substitute_name: str = "",
                 substitute_position: str = "", note: str = "") -> Reply:
    """Staff record an answer that came by phone, letter, in person…"""
    require(actor, "events.record_reply", delegate)
    _check_authority(actor, delegate.event.authority_id)
    delegate = Delegate.objects.select_for_update().select_related("event").get(pk=delegate.pk)
    substitute_name = normalise.clean_text(substitute_name)
    if error := quota.reply_error(delegate.reply_status, status, substitute_name):
        raise ValidationFailed(error, "substitute_name" if "thay" in error else "status")
    before = snapshot(delegate)
    reply = _apply_reply(delegate, status, channel, substitute_name, normalise.clean_text(substitute_position),
                         note, actor)
    log_action(actor, "events.delegate.reply", delegate, before, snapshot(delegate),
               note=f"{reply.get_channel_display()}: {reply.get_status_display()}", authority_id=delegate.event.authority_id)
    return reply


@transaction.atomic
def reply_by_link(delegate: Delegate, status: str, substitute_name: str = "", substitute_position: str = "",
                  note: str = "") -> Reply:
    """The delegate answers through their personal link: once only (a second use changes nothing)."""
    delegate = Delegate.objects.select_for_update().select_related("event").get(pk=delegate.pk)
    if delegate.revoked:
        raise ValidationFailed("Giấy mời này đã bị thu hồi.", "status")
    substitute_name = normalise.clean_text(substitute_name)
    if error := quota.reply_error(delegate.reply_status, status, substitute_name, by_link=True):
        raise ValidationFailed(error, "substitute_name" if "thay" in error else "status")
    before = snapshot(delegate)
    reply = _apply_reply(delegate, status, ReplyChannel.LINK, substitute_name,
                         normalise.clean_text(substitute_position), note, None)
    log_action(None, "events.delegate.reply", delegate, before, snapshot(delegate),
               note="Trả lời qua đường dẫn cá nhân", authority_id=delegate.event.authority_id)
    return reply


# --- invitations ---------------------------------------------------------------------------

@transaction.atomic
def revoke_invitation(actor: User | None, delegate: Delegate, reason: str = "") -> Delegate:
    """The printed QR and the reply link stop working."""
    require(actor, "events.print_invitations")
    _check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    delegate.revoked = True
    delegate.nonce = new_nonce()
    delegate.save()
    log_action(actor, "events.invitation.revoke", delegate, before, snapshot(delegate), note=reason,
               authority_id=delegate.event.authority_id)
    return delegate


@transaction.atomic
def reissue_invitation(actor: User | None, delegate: Delegate, reason: str = "") -> Delegate:
    """A new token (print the letter again); every older QR and reply link is refused."""
    require(actor, "events.print_invitations")
    _check_authority(actor, delegate.event.authority_id)
    before = snapshot(delegate)
    delegate.revoked = False
    delegate.nonce = new_nonce()
    delegate.save()
    log_action(actor, "events.invitation.reissue", delegate, before, snapshot(delegate), note=reason,
               authority_id=delegate.event.authority_id)
    return delegate


# --- bulk import (one audit entry for the whole file) ---------------------------------------

@transaction.atomic
def import_delegates(actor: User | None, event: Event, creates: list[dict], updates: list[tuple[Delegate, dict]],
                     filename: str) -> list[Delegate]:
    require(actor, "events.import_delegates")
    _check_authority(actor, event.authority_id)
    number = next_invitation_number(event)
    new = []
    for values in creates:
        d = Delegate(event=event, invitation_number=number, display_order=number)
        _apply(d, values, DELEGATE_FIELDS)
        d.nonce = new_nonce()
        # what save() does, for bulk_create
        for field in ("full_name", "position", "unit_text", "phone"):
            setattr(d, field, normalise.clean_text(getattr(d, field)))
        d.notes = normalise.clean_multiline(d.notes)
        d.name_fold = normalise.fold(f"{d.display_name} {d.position}")
        new.append(d)
        number += 1
    Delegate.objects.bulk_create(new, batch_size=500)
    changed = []
    for d, values in updates:
        _apply(d, values, DELEGATE_FIELDS)
        d.name_fold = normalise.fold(f"{d.display_name} {d.position} {d.substitute_name}")
        changed.append(d)
    if changed:
        Delegate.objects.bulk_update(changed, [*{k for _, v in updates for k in v}, "name_fold"], batch_size=500)
    log_action(actor, "events.delegate.import", event, None,
               {"file": filename, "created": len(new), "updated": len(changed),
                "updated_ids": [d.pk for d in changed]},
               note=f"Nhập {len(new)} đại biểu mới, cập nhật {len(changed)} từ tệp {filename}")
    return new


# --- reminders outbox ----------------------------------------------------------------------

@transaction.atomic
def draft_reminders(actor: User | None, event: Event, site: str) -> list[OutboxMail]:
    """A draft e-mail for every delegate who has not answered and has an address (one per delegate)."""
    require(actor, "events.send_reminders")
    _check_authority(actor, event.authority_id)
    from . import tokens
    from .documents import when_where

    pending = Delegate.objects.filter(event=event, reply_status=ReplyStatus.PENDING, revoked=False).exclude(
        email="").select_related("organisation")
    drafted = set(OutboxMail.objects.filter(event=event, status=MailStatus.DRAFT).values_list("delegate_id",
                                                                                                flat=True))
    out = []
    for d in pending:
        if d.pk in drafted:
            continue
        body = (f"Kính gửi {d.addressee},\n\n"
                f"{event.authority.name} đã gửi Giấy mời dự {event.title} ({when_where(event)}).\n"
                f"Đến nay chúng tôi chưa nhận được trả lời của {d.salutation if not d.is_placeholder else 'đơn vị'}."
                f" Xin vui lòng cho biết có tham dự hay cử người dự thay qua đường dẫn sau:\n"
                f"{tokens.reply_url(d, site)}\n\n"
                f"Trân trọng.\n{event.contact}")
        out.append(OutboxMail.objects.create(event=event, delegate=d, to=d.email,
                                             subject=f"Nhắc trả lời giấy mời: {event.title}"[:250], body=body,
                                             created_at=clock.now(), created_by=recorded_user(actor)))
    log_action(actor, "events.reminder.draft", event, None, {"drafted": len(out)})
    return out


def send_mail(actor: User | None, mail: OutboxMail) -> OutboxMail:
    """A person approved the draft: send it now (`thidua.orgs.outbox.send`)."""
    require(actor, "events.send_reminders")
    _check_authority(actor, mail.event.authority_id)
    return outbox.send(actor, mail, action="events.reminder.send", authority_id=mail.event.authority_id)


def discard_mail(actor: User | None, mail: OutboxMail) -> OutboxMail:
    require(actor, "events.send_reminders")
    _check_authority(actor, mail.event.authority_id)
    return outbox.discard(actor, mail, action="events.reminder.discard", authority_id=mail.event.authority_id)


def unit_choice(event: Event, unit_id) -> Organisation | None:
    return Organisation.objects.filter(authority_id=event.authority_id, pk=unit_id).first() if unit_id else None
