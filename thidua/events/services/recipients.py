"""Award recipients become delegates of category d in one step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua import clock
from thidua.awards.queries import decided_recipients
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise
from thidua.vn.dates import numeric_date
from thidua.vn.people import salutation

from ..models import Delegate, DelegateCategory, Event
from ..wording import AWARD_PREFIX
from .delegates import add_delegate

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
    return (f"{AWARD_PREFIX}{recipient.award_name} (QĐ số {recipient.decision_number} ngày "
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


def _unit_keys(organisation_id, *names: str) -> list:
    """How an unnamed seat or a commended collective is matched to its unit: the organisation's id, and
    each of its names folded (the registry's name, the text of an imported row, the collective's name)."""
    keys: list = [("o", organisation_id)] if organisation_id else []
    return keys + [("n", normalise.fold(n)) for n in names if normalise.fold(n)]


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
    # a collective already invited: an unnamed seat of its unit, found by the unit (the organisation, or
    # the unit's name for a unit written as text), so that it gets one letter, the one naming its award
    placeholders: dict[object, Delegate] = {}
    for d in existing:
        if not d.full_name:
            for unit_key in _unit_keys(d.organisation_id, d.unit_name, d.represents):
                placeholders.setdefault(unit_key, d)
    for row in rows.values():
        r = row.recipient
        org_id = r.organisation.pk if r.organisation is not None else None
        d = by_key.get(row.key)
        if d is None and r.kind == "individual":
            d = by_person.get(r.person.pk) if r.person is not None else by_name.get((org_id, normalise.fold(r.name)))
        elif d is None and r.kind == "collective":
            d = next((placeholders[k] for k in _unit_keys(org_id, r.organisation.name if r.organisation else "",
                                                          r.name) if k in placeholders), None)
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
    check_authority(actor, event.authority_id)
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
            log_action(actor, "events.delegate.update", d, before, snapshot(d), note="Ghi thêm ghi chú nhận khen thưởng")
            row.delegate = d
    counts = report.counts
    invited = Delegate.objects.filter(event=event, category=category, revoked=False).count()
    if category.quota and invited > category.quota:
        report.warnings.append(f"Thành phần {category}: đã mời {invited}, vượt dự kiến {category.quota} "
                               f"({invited - category.quota} đại biểu).")
    log_action(actor, "events.delegate.add_recipients", event, None,
               {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(), "category": category.code,
                **counts}, note=f"Thêm {counts['added']} người nhận khen thưởng; {counts['existing']} đã có trong "
                                f"danh sách")
    return report
