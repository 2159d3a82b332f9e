"""Reads of the fund: the ledger of a year, the balance, the own decisions the fund pays. A bounded number
of queries whatever the number of entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from thidua.awards.models import DecisionLine
from thidua.awards.queries import own_decisions
from thidua.orgs.models import Authority

from . import states
from .models import FundEntry


@dataclass(frozen=True)
class Row:
    entry: FundEntry
    money_in: int
    money_out: int
    balance: int


@dataclass(frozen=True)
class YearLedger:
    authority: Authority
    year: int | None  # None: every year
    opening: int
    rows: tuple[Row, ...]
    total_in: int
    total_out: int
    closing: int
    lowest: int


def entries(authority: Authority | int):
    authority_id = authority if isinstance(authority, int) else authority.pk
    return FundEntry.objects.filter(authority_id=authority_id).select_related("decision", "created_by")


def balance(authority: Authority | int, before: dt.date | None = None) -> int:
    """The balance now, or before `before` (the opening of a period)."""
    qs = entries(authority)
    if before is not None:
        qs = qs.filter(date__lt=before)
    total = 0
    for kind, amount in qs.values("kind").annotate(s=Sum("amount")).values_list("kind", "s").order_by():
        total += states.signed(kind, amount)
    return total


def ledger(authority: Authority, year: int | None = None) -> YearLedger:
    """The ledger of a year (opening balance at 1/1, entries by date with the running balance, totals), or
    of every year."""
    qs = entries(authority).order_by("date", "id")
    opening = 0
    if year is not None:
        opening = balance(authority, before=dt.date(year, 1, 1))
        qs = qs.filter(date__year=year)
    rows = list(qs)
    book = states.running(opening, [(e.kind, e.amount) for e in rows])
    return YearLedger(authority, year, opening,
                      tuple(Row(e, s.money_in, s.money_out, s.balance) for e, s in zip(rows, book.steps, strict=True)),
                      book.total_in, book.total_out, book.closing, book.lowest)


def years(authority: Authority) -> list[int]:
    """The years that have entries, latest first."""
    return sorted({d.year for d in entries(authority).dates("date", "year")}, reverse=True)


def decision_total(decision) -> int:
    """The prize money of a decision: the sum of its lines."""
    return DecisionLine.objects.filter(decision=decision).aggregate(s=Sum("amount"))["s"] or 0


def is_own(decision) -> bool:
    """The decision is the authority's own (awards.queries.own_decisions, the one rule)."""
    return own_decisions(decision.authority).filter(pk=decision.pk).exists()


def unposted_decisions(authority: Authority):
    """The authority's own issued decisions with prize money and no posting yet."""
    return (own_decisions(authority).filter(fund_entries__isnull=True)
            .annotate(total=Sum("lines__amount")).filter(total__gt=0).order_by("date", "id"))


def by_kind(ledger_: YearLedger) -> dict[str, int]:
    """The period's totals by kind (the report's lines)."""
    out = dict.fromkeys(states.KINDS, 0)
    for r in ledger_.rows:
        out[r.entry.kind] += r.entry.amount
    return out


def negative_balance(authority: Authority | int) -> int | None:
    """The balance when it is below zero (the fund has paid more than it holds), else None."""
    now = balance(authority)
    return now if now < 0 else None

