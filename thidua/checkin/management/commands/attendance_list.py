"""`thidua attendance_list ID [--format pdf|docx|xlsx] --out TỆP [--authority MÃ]`: the list of the
delegates present at the conference ID, by category, from the check-ins (as the attendance page makes it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.checkin import documents
from thidua.events.models import Event
from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.scope import activate
from thidua.paperwork.model import PaperworkError

FORMATS = ("pdf", "docx", "xlsx")


class Command(BaseCommand):
    help = ("In danh sách đại biểu có mặt của một hội nghị (theo thành phần, từ kết quả điểm danh) ra PDF, Word "
            "hoặc Excel. ID là mã hội nghị (xem bằng lệnh: thidua events).")

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="Mã hội nghị")
        parser.add_argument("--format", choices=FORMATS,
                            help="Định dạng (mặc định: theo đuôi tệp --out, không có thì pdf)")
        parser.add_argument("--out", required=True, help="Tệp ghi ra")
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất)")

    def handle(self, *args, **opts):
        out = Path(opts["out"])
        suffix = out.suffix.lower().lstrip(".")
        fmt = opts["format"] or (suffix if suffix in FORMATS else "pdf")
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            event = Event.objects.select_related("authority").filter(pk=opts["id"], authority=authority).first()
            if event is None:
                raise CommandError(f"Không có hội nghị mã {opts['id']} của cơ quan này (xem mã bằng lệnh: "
                                   "thidua events).")
            try:
                data, _name = documents.attendance_file(event, fmt)
            except PaperworkError as exc:
                raise CommandError(f"Chưa in được danh sách: {exc}") from None
            present = sum(len(g.present) for g in documents.attendance_list(event))
        out.write_bytes(data)
        self.stdout.write(f"Đã ghi {out}: danh sách {present} đại biểu có mặt.")
