import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.events import documents
from thidua.orgs.scope import activate

from ._event import TerminalProgress, resolve_event


class Command(BaseCommand):
    help = "In giấy mời của một hội nghị: một tệp PDF gộp, một tệp Word gồm mọi giấy mời và/hoặc tệp zip các tệp Word."

    def add_arguments(self, parser):
        parser.add_argument("event", help="Mã hội nghị")
        parser.add_argument("--pdf", help="Tệp PDF gộp (mỗi đại biểu một trang)")
        parser.add_argument("--docx-one", help="Một tệp Word gồm mọi giấy mời (mỗi giấy mời một trang)")
        parser.add_argument("--docx-zip", help="Tệp .zip gồm giấy mời Word của từng đại biểu")
        parser.add_argument("--site", help="Địa chỉ trang in trong mã QR, ví dụ https://tdkt.honquan.gov.vn (mặc định: "
                                           "của hội nghị, hoặc biến môi trường THIDUA_SITE_URL)")
        parser.add_argument("--authority")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON, không in tiến độ")

    def handle(self, *args, **opts):
        if not opts["pdf"] and not opts["docx_zip"] and not opts["docx_one"]:
            raise CommandError("Cần ít nhất một trong --pdf TỆP, --docx-one TỆP hoặc --docx-zip TỆP.")
        event = resolve_event(opts["event"], opts.get("authority"))
        try:
            site = documents.site_for(event, given=opts.get("site") or "")
        except documents.SiteMissing as exc:  # never 127.0.0.1 in the QR codes: no phone can open it
            raise CommandError(str(exc))
        result = {"event": event.slug}
        skipped: list[tuple[str, str]] = []
        with activate(event.authority):
            if opts["pdf"]:
                bar = TerminalProgress(sys.stderr, "Giấy mời PDF", not opts["json"])
                t0 = time.perf_counter()
                try:
                    data, count = documents.invitations_pdf(event, site, progress=bar, skipped=skipped)
                except ValueError as exc:
                    raise CommandError(str(exc))
                bar.end()
                Path(opts["pdf"]).write_bytes(data)
                result["pdf"] = {"file": opts["pdf"], "pages": count, "seconds": round(time.perf_counter() - t0, 3)}
            if opts["docx_zip"]:
                bar = TerminalProgress(sys.stderr, "Giấy mời Word", not opts["json"])
                t0 = time.perf_counter()
                try:
                    data, count = documents.invitations_docx_zip(event, site, progress=bar,
                                                                       skipped=[] if opts["pdf"] else skipped)
                except ValueError as exc:
                    raise CommandError(str(exc))
                bar.end()
                Path(opts["docx_zip"]).write_bytes(data)
                result["docx_zip"] = {"file": opts["docx_zip"], "files": count,
                                      "seconds": round(time.perf_counter() - t0, 3)}
            if opts["docx_one"]:
                bar = TerminalProgress(sys.stderr, "Giấy mời Word (một tệp)", not opts["json"])
                t0 = time.perf_counter()
                try:
                    data, count = documents.invitations_docx_one(
                        event, site, progress=bar, skipped=[] if opts["pdf"] or opts["docx_zip"] else skipped)
                except ValueError as exc:
                    raise CommandError(str(exc))
                bar.end()
                Path(opts["docx_one"]).write_bytes(data)
                result["docx_one"] = {"file": opts["docx_one"], "letters": count,
                                      "seconds": round(time.perf_counter() - t0, 3)}
        if skipped:
            result["skipped"] = [{"record": record, "reason": reason} for record, reason in skipped]
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for key, label in (("pdf", "trang PDF"), ("docx_one", "giấy mời trong một tệp Word"), ("docx_zip", "tệp Word")):
            if key in result:
                r = result[key]
                count = r.get("pages", r.get("files", r.get("letters")))
                self.stdout.write(self.style.SUCCESS(f"Đã ghi {r['file']}: {count} {label} trong {r['seconds']} giây."))
        for record, reason in skipped:
            self.stderr.write(self.style.WARNING(f"Không tạo được {record}: {reason}"))
