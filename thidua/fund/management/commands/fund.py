"""`thidua fund AUTHORITY_ID [--year YYYY] [--json]`: the fund's ledger of an authority (entries with the
running balance, totals in and out, the balance). AUTHORITY_ID is the id (`thidua authorities`) or the code."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.orgs.models import Authority
from thidua.orgs.scope import activate
from thidua.vn.dates import short_date
from thidua.vn.money import format_money, format_number

from ... import queries


def _authority(key: str) -> Authority:
    with scopes_disabled():
        found = (Authority.objects.filter(pk=int(key)).first() if key.isdigit()
                 else Authority.objects.filter(code=key).first())
    if found is None:
        raise CommandError(f"Không có cơ quan “{key}” (xem `thidua authorities`).")
    return found


class Command(BaseCommand):
    help = "Sổ quỹ thi đua, khen thưởng của một cơ quan: các bút toán và số dư."

    def add_arguments(self, parser):
        parser.add_argument("authority", help="Mã số (id) hoặc mã cơ quan")
        parser.add_argument("--year", type=int, default=None, help="Chỉ một năm (mặc định: mọi năm)")
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        authority = _authority(str(opts["authority"]).strip())
        with activate(authority):
            book = queries.ledger(authority, opts["year"])
            balance = queries.balance(authority)
        if opts["json"]:
            out = {"authority": {"id": authority.pk, "code": authority.code, "name": authority.name},
                   "year": opts["year"], "opening": book.opening,
                   "entries": [{"id": r.entry.pk, "date": r.entry.date.isoformat(), "kind": r.entry.kind,
                                "amount": r.entry.amount, "signed_amount": r.entry.signed_amount,
                                "balance": r.balance, "description": r.entry.description,
                                "decision": r.entry.decision_id, "document_number": r.entry.document_number,
                                "document_date": r.entry.document_date.isoformat() if r.entry.document_date
                                else None} for r in book.rows],
                   "total_in": book.total_in, "total_out": book.total_out, "closing": book.closing,
                   "balance": balance}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{authority.name} — số dư đầu kỳ {format_money(book.opening)}")
        for r in book.rows:
            change = ("+" if r.entry.signed_amount > 0 else "") + format_number(r.entry.signed_amount)
            self.stdout.write(f"{short_date(r.entry.date):>10}  {change:>16}  {format_number(r.balance):>16}  "
                              f"{r.entry.description}")
        self.stdout.write(f"Thu {format_money(book.total_in)}; chi {format_money(book.total_out)}; "
                          f"số dư {format_money(balance)}")
