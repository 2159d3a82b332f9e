"""`thidua dossiers [--authority ID] [--json]`: the dossiers between levels (id, from, to, form, state, dates,
decision), every one or those an authority sent or received."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.orgs.models import Authority

from ... import queries


def _date(value):
    return value.isoformat() if value else None


def row(d) -> dict:
    decision = d.decision
    return {
        "id": d.pk,
        "from": {"id": d.sender_id, "code": d.sender.code, "name": d.sender.name},
        "to": {"id": d.receiver_id, "code": d.receiver.code, "name": d.receiver.name},
        "form": {"code": d.award.code, "name": d.award.name},
        "year": d.year, "title": d.title, "state": d.state, "state_label": d.state_label, "items": d.item_count,
        "letter": {"number": d.letter_number, "date": _date(d.letter_date)},
        "dates": {"created": _date(d.created_at), "sent": _date(d.sent_at), "first_sent": _date(d.first_sent_at),
                  "received": _date(d.received_on), "decided": _date(d.decided_at)},
        "decision": None if decision is None else {
            "id": decision.pk, "number": decision.number_text, "date": _date(decision.date),
            "recorded_copy": d.recorded_decision_id},
    }


class Command(BaseCommand):
    help = "Liệt kê hồ sơ đề nghị khen thưởng gửi giữa các cấp (nơi gửi, nơi nhận, hình thức, trạng thái, ngày, quyết định)."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="Mã số (id) hoặc mã của cơ quan: hồ sơ cơ quan đó gửi hoặc nhận")
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        authority_id = None
        if opts.get("authority"):
            key = opts["authority"]
            with scopes_disabled():
                a = Authority.objects.filter(pk=int(key)).first() if key.isdigit() else \
                    Authority.objects.filter(code=key).first()
            if a is None:
                raise CommandError(f"Không có cơ quan “{key}”.")
            authority_id = a.pk
        rows = [row(d) for d in queries.all_dossiers(authority_id)]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Chưa có hồ sơ nào.")
            return
        for r in rows:
            decided = f"  QĐ {r['decision']['number']}" if r["decision"] else ""
            self.stdout.write(f"{r['id']:>5}  {r['from']['name'][:40]:<40} → {r['to']['name'][:30]:<30} "
                              f"{r['form']['name'][:40]:<40} {r['year']}  {r['state_label']}{decided}")
