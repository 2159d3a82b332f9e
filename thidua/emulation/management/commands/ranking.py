import json
import sys

from django.core.management.base import BaseCommand, CommandError

from thidua.emulation import queries
from thidua.emulation.models import Cycle
from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.scope import activate


class Command(BaseCommand):
    help = "In kết quả xếp hạng từng cụm, khối của một năm thi đua (tổng điểm, hạng, xếp loại)."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, required=True, help="Năm thi đua, ví dụ 2024")
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất)")
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            cycle = Cycle.objects.filter(authority=authority, year=opts["cycle"]).first()
            if cycle is None:
                raise CommandError(f"Không có năm thi đua {opts['cycle']} của {authority.short_name}.")

            def progress(done, total, name):
                if not opts["json"]:
                    sys.stderr.write(f"\r[{done}/{total}] Đang xếp hạng {name[:50]:<50}")
                    if done == total:
                        sys.stderr.write("\n")

            results = queries.cycle_ranking(cycle, progress=progress)
            data = {"cycle": cycle.year, "authority": authority.code, "groups": []}
            for gr in results:
                units = []
                for row in gr.ranking.rows:
                    s = gr.scores[row.entry.unit]
                    units.append({"code": gr.organisations[row.entry.unit].code,
                                  "name": gr.organisations[row.entry.unit].name, "total": round(s.total, 2),
                                  "applicable_max": round(s.applicable_max, 2), "score": round(s.score, 2),
                                  "share": round(s.share, 4), "rank": row.rank, "tied": row.tied,
                                  "place": row.place, "grade": row.grade, "decided_by": row.decided_by})
                excluded = [{"code": gr.organisations[e.unit].code, "name": gr.organisations[e.unit].name,
                             "reason": e.excluded_reason} for e in gr.ranking.excluded]
                data["groups"].append({"name": gr.group.name, "kind": gr.group.kind, "locked": gr.locked,
                                       "units": units, "excluded": excluded})
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for g in data["groups"]:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{g['name']}{' (đã khóa)' if g['locked'] else ''}"))
            for u in g["units"]:
                tie = " [bằng điểm]" if u["tied"] else ""
                self.stdout.write(f"  {u['rank']:>3}. {u['name']:<50} {u['total']:>8.2f} / {u['applicable_max']:<7g} "
                                  f"{u['score']:>6.2f}  {u['place'] or u['grade']}{tie}")
            for e in g["excluded"]:
                self.stdout.write(f"    –  {e['name']} (không xét: {e['reason']})")
        self.stdout.write(self.style.SUCCESS(f"Đã xếp hạng {len(data['groups'])} cụm, khối năm {cycle.year}."))
