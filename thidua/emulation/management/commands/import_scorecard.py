import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.emulation.imports import import_scorecard
from thidua.emulation.models import Cycle
from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.scope import activate
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import SheetError


class Command(BaseCommand):
    help = "Nhập thang bảng điểm từ Excel (cột: Nhóm, Tên nhóm, Mã tiêu chí, Nội dung tiêu chí, Loại, Điểm tối đa…)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--cycle", type=int, required=True, help="Năm thi đua")
        parser.add_argument("--name", required=True, help="Tên thang bảng điểm")
        parser.add_argument("--bonus-cap", default="0", help="Điểm thưởng tối đa")
        parser.add_argument("--authority")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            cycle = Cycle.objects.filter(authority=authority, year=opts["cycle"]).first()
            if cycle is None:
                raise CommandError(f"Không có năm thi đua {opts['cycle']}.")
            try:
                report, card = import_scorecard(None, cycle, opts["name"], path.read_bytes(), path.name,
                                                dry_run=opts["dry_run"], max_bytes=settings.UPLOAD_MAX_BYTES,
                                                bonus_cap=opts["bonus_cap"])
            except (SheetError, ValidationFailed) as exc:
                raise CommandError(getattr(exc, "message", str(exc)))
        if opts["json"]:
            self.stdout.write(json.dumps(report.as_json() | {"scorecard_id": card.pk if card else None},
                                         ensure_ascii=False, indent=2))
            return
        for row in report.rows:
            self.stdout.write(f"Dòng {row.row:>4}: {row.status_label:<11} {row.label}" + (f" — {row.reason}" if row.reason else ""))
        c = report.counts
        prefix = "[Chạy thử, chưa ghi] " if opts["dry_run"] else ""
        done = f"đã tạo “{card.name}”" if card else "chưa tạo thang bảng điểm"
        self.stdout.write(self.style.SUCCESS(f"{prefix}{c['imported']} tiêu chí hợp lệ, {c['rejected']} dòng bị từ chối; {done}."))
