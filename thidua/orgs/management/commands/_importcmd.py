"""Shared body of `thidua import_units` and `thidua import_people`."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.orgs.models import Authority
from thidua.orgs.scope import activate
from thidua.orgs.sheets import SheetError


class ImportCommand(BaseCommand):
    runner = None  # set by subclasses
    label = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx, .xls hoặc .csv")
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất trong hệ thống)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")
        parser.add_argument("--json", action="store_true", help="In báo cáo dạng JSON")
        parser.add_argument("--encoding", default="auto", choices=["auto", "unicode", "tcvn3", "vni"])

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            try:
                report = type(self).runner(None, authority, path.read_bytes(), path.name, dry_run=opts["dry_run"],
                                           max_bytes=settings.UPLOAD_MAX_BYTES, encoding=opts["encoding"])
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
            f"{prefix}{self.label}: thêm mới {c['imported']}, cập nhật {c['updated']}, trùng lặp {c['duplicate']}, "
            f"bỏ qua {c['skipped']}, bị từ chối {c['rejected']} (tổng {len(report.rows)} dòng)."))


def resolve_authority(code: str | None) -> Authority:
    if code:
        try:
            return Authority.objects.get(code=code)
        except Authority.DoesNotExist:
            raise CommandError(f"Không có cơ quan mã “{code}”.")
    authorities = list(Authority.objects.all()[:2])
    if len(authorities) != 1:
        raise CommandError("Có nhiều (hoặc chưa có) cơ quan; chỉ rõ bằng --authority MÃ.")
    return authorities[0]
