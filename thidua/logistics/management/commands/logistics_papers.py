"""`thidua logistics_papers bao-cao|to-trinh-du-toan|qd-du-toan|cv-tham-luan|cv-giao-uoc ID [--format
pdf|docx|xlsx] --out TỆP`: a conference paper of #22 for the conference ID, as its page makes it: the one
issued in the sổ văn bản đi when it is issued (its frozen copy), else the draft built from the data now
(its number and date blank). xlsx is the figures of the báo cáo tổng kết."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from thidua.logistics import papers
from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.scope import activate
from thidua.orgs.services import ValidationFailed
from thidua.paperwork.model import PaperworkError

PAPERS = {
    "bao-cao": (papers.REPORT, "báo cáo tổng kết công tác thi đua, khen thưởng của năm hội nghị tổng kết"),
    "to-trinh-du-toan": (papers.SUBMISSION, "tờ trình phê duyệt dự toán kinh phí hội nghị"),
    "qd-du-toan": (papers.DECISION, "quyết định phê duyệt dự toán kinh phí hội nghị"),
    "cv-tham-luan": (papers.TALKS, "công văn đề nghị các đơn vị chuẩn bị tham luận"),
    "cv-giao-uoc": (papers.COVENANTS, "công văn đề nghị các đơn vị đăng ký giao ước thi đua"),
}


class Command(BaseCommand):
    help = ("In giấy tờ hội nghị: " + "; ".join(f"{k}: {v}" for k, (_, v) in PAPERS.items())
            + ". ID là mã hội nghị (xem bằng lệnh: thidua events). Văn bản đã ban hành trong sổ văn bản đi được "
            "in đúng bản đã ban hành; chưa ban hành thì in bản dự thảo (chưa có số).")

    def add_arguments(self, parser):
        parser.add_argument("paper", choices=list(PAPERS), help="Loại giấy tờ")
        parser.add_argument("id", type=int, help="Mã hội nghị")
        parser.add_argument("--format", choices=["pdf", "docx", "xlsx"],
                            help="Định dạng (mặc định: theo đuôi tệp --out, không có thì pdf); xlsx: số liệu của "
                                 "báo cáo tổng kết")
        parser.add_argument("--out", required=True, help="Tệp ghi ra")
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất)")

    def handle(self, *args, **opts):
        out = Path(opts["out"])
        fmt = opts["format"] or {".docx": "docx", ".xlsx": "xlsx"}.get(out.suffix.lower(), "pdf")
        kind, label = PAPERS[opts["paper"]]
        if fmt == "xlsx" and kind != papers.REPORT:
            raise CommandError("Chỉ báo cáo tổng kết (bao-cao) có bảng số liệu Excel.")
        authority = resolve_authority(opts.get("authority"))
        with activate(authority):
            try:
                data = papers.render(kind, authority, str(opts["id"]), fmt)
            except Http404:
                raise CommandError(f"Không có hội nghị mã {opts['id']} của cơ quan này (xem mã bằng lệnh: "
                                   "thidua events).") from None
            except (ValidationFailed, PaperworkError) as exc:
                raise CommandError(f"Chưa in được: {exc}") from None
        out.write_bytes(data)
        self.stdout.write(f"Đã ghi {out} ({label}).")
