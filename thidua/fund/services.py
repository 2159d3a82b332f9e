"""Every write to the fund: an entry typed by the secretariat (trích lập, chi, điều chỉnh), and the posting
of an issued decision's prize money. Acting user first (`None` = the operator at the command line)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from thidua import clock
from thidua.awards.models import Decision
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, User
from thidua.orgs.services import ValidationFailed, check_authority, read_number, require
from thidua.vn import normalise
from thidua.vn.dates import short_date
from thidua.vn.money import format_money

from . import queries, states
from .models import FundEntry

ENTRY_FIELDS = ("date", "kind", "amount", "description", "document_number", "document_date")
EARLIEST = dt.date(2000, 1, 1)


def _clean(values: dict) -> dict:
    kind = values.get("kind") or ""
    if kind not in states.KINDS:
        raise ValidationFailed("Chọn loại bút toán: trích lập, chi, điều chỉnh tăng hoặc giảm.", "kind")
    day = values.get("date")
    if not isinstance(day, dt.date):
        raise ValidationFailed("Nhập ngày của bút toán.", "date")
    if day < EARLIEST or day > clock.today() + dt.timedelta(days=366):
        raise ValidationFailed(f"Ngày {short_date(day)} không hợp lý cho sổ quỹ.", "date")
    amount = read_number(values.get("amount"), "Số tiền", integer=True, field="amount")
    if amount is None or amount <= 0:
        raise ValidationFailed("Số tiền phải lớn hơn 0 đồng.", "amount")
    if amount > states.MAX_AMOUNT:
        raise ValidationFailed(f"Số tiền {format_money(int(amount))} quá lớn; kiểm tra lại.", "amount")
    description = normalise.clean_text(values.get("description") or "")
    if not description:
        raise ValidationFailed("Nhập nội dung bút toán.", "description")
    document_date = values.get("document_date") or None
    if document_date is not None and document_date > clock.today() + dt.timedelta(days=366):
        raise ValidationFailed("Ngày chứng từ không hợp lý.", "document_date")
    return {"date": day, "kind": kind, "amount": int(amount), "description": description,
            "document_number": normalise.clean_text(values.get("document_number") or ""),
            "document_date": document_date}


def record_entry(actor: User | None, authority: Authority, values: dict) -> FundEntry:
    """A typed entry of the authority's fund (never a decision's posting: that one comes from issuing)."""
    require(actor, "fund.manage_fund")
    check_authority(actor, authority.pk)
    clean = _clean(values)
    with transaction.atomic():
        entry = FundEntry(authority=authority, created_by=actor if actor is not None and actor.pk else None,
                          created_at=clock.now(), **clean)
        entry.full_clean()
        entry.save()
        log_action(actor, "fund.entry.create", entry, None, snapshot(entry))
    return entry


def update_entry(actor: User | None, entry: FundEntry, values: dict) -> FundEntry:
    """Correct a typed entry; a decision's posting follows its decision and is corrected by an adjustment."""
    require(actor, "fund.manage_fund")
    check_authority(actor, entry)
    if entry.is_posting:
        raise ValidationFailed("Bút toán chi theo quyết định khen thưởng không sửa được; ghi một bút toán điều "
                               "chỉnh nếu cần.")
    clean = _clean(values)
    with transaction.atomic():
        before = snapshot(entry)
        for name, value in clean.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        log_action(actor, "fund.entry.update", entry, before, snapshot(entry))
    return entry


def posting_text(d: Decision) -> str:
    return f"Chi tiền thưởng theo Quyết định số {d.number_text} ngày {short_date(d.date)} ({d.award.name})"


def post_decision(actor: User | None, d: Decision) -> FundEntry | None:
    """Post an issued decision's prize money as a payment of the fund of the authority that decides it: only
    the authority's own decisions (awards.queries.own_decisions; a province's decision recorded here is the
    province's to pay), only once (an existing posting is returned as it is), none for a decision without
    prize money."""
    if d.status != "issued" or not queries.is_own(d):
        return None
    existing = FundEntry.objects.filter(decision=d).first()
    if existing is not None:
        return existing
    total = queries.decision_total(d)
    if total <= 0:
        return None
    require(actor, "awards.manage_decisions")
    check_authority(actor, d.authority_id)
    try:
        with transaction.atomic():
            entry = FundEntry.objects.create(
                authority_id=d.authority_id, date=d.date, kind=states.PAYMENT, amount=total,
                description=posting_text(d), decision=d, document_number=d.number_text, document_date=d.date,
                created_by=actor if actor is not None and actor.pk else None, created_at=clock.now())
            log_action(actor, "fund.entry.post", entry, None, snapshot(entry))
    except IntegrityError:  # posted meanwhile by another issue of the same decision
        return FundEntry.objects.filter(decision=d).first()
    return entry


def post_issued(actor: User | None, authority: Authority) -> int:
    """Post every own issued decision not posted yet (decisions issued before the fund existed, the demo's);
    how many were posted. Running it again posts nothing."""
    require(actor, "fund.manage_fund")
    check_authority(actor, authority.pk)
    posted = 0
    for d in queries.unposted_decisions(authority).select_related("award"):
        if post_decision(actor, d) is not None:
            posted += 1
    return posted


def on_decision_issued(sender, decision: Decision, actor: User | None = None, **kwargs) -> None:
    """awards.signals.decision_issued: inside the issuing transaction, so the posting commits or rolls back
    with the issue."""
    post_decision(actor, decision)
