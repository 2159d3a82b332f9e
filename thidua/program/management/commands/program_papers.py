"""`thidua program_papers phat-dong|khai-mac|be-mac|ket-luan ID [--format pdf|docx] --out TỆP`: the
speeches' papers and the notice of the conclusions for the conference ID, as the programme page makes
them (the notice as issued in the sổ văn bản đi once it is, else the draft from the data)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.scope import activate
from thidua.orgs.services import ValidationFailed
from thidua.paperwork.model import PaperworkError
from thidua.program import papers

NAMES = {"phat-dong": "dự thảo lời phát động thi đua", "khai-mac": "đề cương phát biểu khai mạc",
         "be-mac": "đề cương phát biểu bế mạc", "ket-luan": "thông báo kết luận hội nghị"}


class Command(BaseCommand):
    help = ("In giấy tờ bài phát biểu và thông báo kết luận hội nghị: " + "; ".join(
        f"{k}: {v}" for k, v in NAMES.items()) + ". ID là mã hội nghị (xem bằng lệnh: thidua events). Thông báo "
        "kết luận đã ban hành trong sổ văn bản đi được in đúng bản đã ban hành; chưa ban hành thì in bản dự thảo.")

    def add_arguments(self, parser):
        parser.add_argument("paper", choices=list(NAMES), help="Loại giấy tờ")
        parser.add_argument("id", type=int, help="Mã hội nghị")
        parser.add_argument("--format", choices=["pdf", "docx"],
                            help="Định dạng (mặc định: theo đuôi tệp --out, không có thì pdf)")
        parser.add_argument("--out", required=True, help="Tệp ghi ra")
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất)")

    def handle(self, *args, **opts):
        out = Path(opts["out"])
        fmt = opts["format"] or ("docx" if out.suffix.lower() == ".docx" else "pdf")
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            try:
                event = papers.event_in(authority, str(opts["id"]))
                data = papers.render(event, opts["paper"], fmt)
            except Http404:
                raise CommandError(f"Không có hội nghị mã {opts['id']} của cơ quan này (xem mã bằng lệnh: "
                                   "thidua events).") from None
            except (ValidationFailed, PaperworkError) as exc:
                raise CommandError(f"Chưa in được: {getattr(exc, 'message', None) or exc}") from None
        out.write_bytes(data)
        self.stdout.write(f"Đã ghi {out} ({NAMES[opts['paper']]}).")
