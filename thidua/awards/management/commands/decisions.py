"""`thidua decisions [--json] [--authority MÃ] [--year N]`: the award decisions with their totals."""

import json
from datetime import date

from django.core.management.base import BaseCommand

from thidua.awards import queries
from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.scope import activate
from thidua.vn.dates import short_date
from thidua.vn.money import format_number


class Command(BaseCommand):
    help = "Liệt kê quyết định khen thưởng (số, ngày, người ký, danh hiệu/hình thức, số đối tượng, tổng tiền thưởng)."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất)")
        parser.add_argument("--year", type=int, help="Năm thi đua")
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            rows = [{"id": d.pk, "number": d.number_text, "date": d.date.isoformat(), "signer": d.signer_name,
                     "signer_title": " ".join(x for x in (d.signer_prefix, d.signer_title) if x),
                     "award": d.award.name, "status": d.status, "recipients": d.line_count, "total": d.total or 0}
                    for d in queries.decisions(opts.get("year"))]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Chưa có quyết định khen thưởng nào.")
            return
        for r in rows:
            self.stdout.write(f"{r['id']:>5}  {r['number']:<14} {short_date(date.fromisoformat(r['date'])):<11} "
                              f"{r['award'][:48]:<48} {r['recipients']:>5} đối tượng  "
                              f"{format_number(r['total']):>14} đ  {r['signer']}")
