import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.events.imports import import_delegates
from thidua.orgs.scope import activate
from thidua.orgs.sheets import SheetError

from ._event import resolve_event


class Command(BaseCommand):
    help = "Nhập danh sách đại biểu của một hội nghị từ Excel (báo cáo từng dòng)."

    def add_arguments(self, parser):
        parser.add_argument("event", help="Mã hội nghị (xem: thidua events)")
        parser.add_argument("file", help="Tệp .xlsx, .xls hoặc .csv")
        parser.add_argument("--authority", help="Mã cơ quan khi nhiều cơ quan dùng cùng mã hội nghị")
        parser.add_argument("--category", help="Thành phần mặc định cho dòng không ghi (a, b, c, d…)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")
        parser.add_argument("--json", action="store_true", help="In báo cáo dạng JSON")
        parser.add_argument("--encoding", default="auto", choices=["auto", "unicode", "tcvn3", "vni"])

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        event = resolve_event(opts["event"], opts.get("authority"))
        with activate(event.authority):
            default = None
            if opts.get("category"):
                default = event.categories.filter(code=opts["category"]).first()
                if default is None:
                    raise CommandError(f"Hội nghị không có thành phần “{opts['category']}”.")
            try:
                report = import_delegates(None, event, path.read_bytes(), path.name, dry_run=opts["dry_run"],
                                          max_bytes=settings.UPLOAD_MAX_BYTES, encoding=opts["encoding"],
                                          default_category=default)
            except SheetError as exc:
                raise CommandError(str(exc))
        if opts["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            return
        for row in report.rows:
            line = f"Dòng {row.row:>5}: {row.status_label:<11} {row.label}"
            if row.reason:
                line += f" — {row.reason}"
            self.stdout.write(line)
        if report.legacy_note:
            self.stdout.write(report.legacy_note)
        c = report.counts
        prefix = "[Chạy thử, chưa ghi] " if opts["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}Đại biểu: thêm mới {c['imported']}, cập nhật {c['updated']}, trùng lặp {c['duplicate']}, "
            f"bỏ qua {c['skipped']}, bị từ chối {c['rejected']} (tổng {len(report.rows)} dòng)."))
