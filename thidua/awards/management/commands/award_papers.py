"""`thidua award_papers ky-nhan|to-trinh|phieu-bau|kiem-phieu ID [--format pdf|docx] --out TỆP`: one of the
papers around a decision (ID of the decision) or a council meeting (ID of the meeting), as the pages
make them. The tờ trình is the copy issued through the register, or while it is not issued a draft
(its number blank). `thidua award_papers to-trinh-cap-tren MÃ_DANH_HIỆU NĂM --out TỆP`: the authority's
tờ trình to the province for a form decided above it, the same way (issued copy, else the draft)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.awards import papers, queries
from thidua.awards.models import CouncilMeeting, Decision
from thidua.awards.sources import SUBMISSION, UPPER_SUBMISSION, build_upper_submission, upper_key
from thidua.orgs.management.commands._importcmd import resolve_authority
from thidua.orgs.models import RegisterEntry, RegisterState
from thidua.orgs.scope import activate
from thidua.orgs.services import ValidationFailed
from thidua.paperwork.model import PaperworkError

PAPERS = {
    "ky-nhan": "danh sách ký nhận tiền thưởng của một quyết định",
    "to-trinh": "tờ trình của cơ quan tham mưu đề nghị ban hành một quyết định (bản đã ban hành trong sổ văn bản đi, chưa ban hành thì bản dự thảo)",
    "phieu-bau": "phiếu bầu của một phiên họp Hội đồng (mỗi thành viên có mặt một phiếu)",
    "kiem-phieu": "biên bản kiểm phiếu của một phiên họp Hội đồng",
    "to-trinh-cap-tren": "tờ trình của Chủ tịch đề nghị Chủ tịch Ủy ban nhân dân tỉnh khen thưởng một danh hiệu, hình "
                         "thức do cấp trên quyết định (ID là mã danh hiệu, kèm năm thi đua)",
}


class Command(BaseCommand):
    help = ("In giấy tờ khen thưởng: " + "; ".join(f"{k}: {v}" for k, v in PAPERS.items())
            + ". ID là mã quyết định (ky-nhan, to-trinh), mã phiên họp (phieu-bau, kiem-phieu) hoặc mã danh hiệu, "
              "hình thức và năm (to-trinh-cap-tren bk-tinh 2025).")

    def add_arguments(self, parser):
        parser.add_argument("paper", choices=list(PAPERS), help="Loại giấy tờ")
        parser.add_argument("id", help="Mã quyết định, mã phiên họp hoặc mã danh hiệu (to-trinh-cap-tren)")
        parser.add_argument("year", nargs="?", type=int, help="Năm thi đua (to-trinh-cap-tren)")
        parser.add_argument("--format", choices=["pdf", "docx"], help="Định dạng (mặc định: theo đuôi tệp --out, "
                                                                         "không có thì pdf)")
        parser.add_argument("--out", required=True, help="Tệp ghi ra")
        parser.add_argument("--authority", help="Mã cơ quan (mặc định: cơ quan duy nhất)")
        parser.add_argument("--ban", default="", help="Ban kiểm phiếu (kiem-phieu): mã các thành viên, cách nhau "
                                                      "bởi dấu phẩy, trưởng ban trước")

    def handle(self, *args, **opts):
        out = Path(opts["out"])
        fmt = opts["format"] or ("docx" if out.suffix.lower() == ".docx" else "pdf")
        authority = resolve_authority(opts.get("authority"))
        kind = opts["paper"]
        if kind == "to-trinh-cap-tren":
            if opts["year"] is None:
                raise CommandError("to-trinh-cap-tren: ghi mã danh hiệu, hình thức và năm thi đua, ví dụ: bk-tinh 2025.")
            source = f"{UPPER_SUBMISSION}:{upper_key(opts['id'], opts['year'])}"
        else:
            if not str(opts["id"]).isdigit() or opts["year"] is not None:
                raise CommandError(f"{kind}: ID là một số (mã quyết định hoặc mã phiên họp).")
            source = f"{SUBMISSION}:{opts['id']}" if kind == "to-trinh" else ""
        with activate(authority):
            issued = RegisterEntry.objects.filter(authority=authority, source=source,
                                                  state=RegisterState.ISSUED).first() if source else None
            if kind == "to-trinh-cap-tren":
                try:
                    paper = build_upper_submission(authority, source.partition(":")[2], None, None) \
                        if issued is None else None
                except ValidationFailed as exc:
                    raise CommandError(exc.message) from None
            else:
                paper = self._paper(kind, int(opts["id"]), opts["ban"])
            try:  # an issued tờ trình is the copy frozen in the register
                data = getattr(issued, fmt).read() if issued is not None else papers.render(paper, fmt)
            except PaperworkError as exc:
                raise CommandError(f"Chưa in được: {exc}") from None
        out.write_bytes(data)
        self.stdout.write(f"Đã ghi {out} ({PAPERS[opts['paper']]}).")

    def _paper(self, kind: str, pk: int, ban: str):
        if kind in ("ky-nhan", "to-trinh"):
            d = Decision.objects.select_related("award", "rule_set", "authority").filter(pk=pk).first()
            if d is None:
                raise CommandError(f"Không có quyết định khen thưởng số {pk} của cơ quan này "
                                   "(xem mã bằng lệnh: thidua decisions).")
            lines = queries.decision_lines(d)
            if kind == "ky-nhan":
                return papers.receipt_list(d, lines)
            refusal = papers.submission_refusal(d)
            if refusal:
                raise CommandError(refusal)
            return papers.submission_document(d, lines, results=papers.council_results(d, lines))
        m = CouncilMeeting.objects.select_related("authority").filter(pk=pk).first()
        if m is None:
            raise CommandError(f"Không có phiên họp Hội đồng số {pk} của cơ quan này.")
        if kind == "phieu-bau":
            return papers.ballots_document(m, papers.secret_candidates(m), len(papers.ballot_members(m)))
        try:
            ids = [int(x) for x in ban.split(",") if x.strip()]
        except ValueError:
            raise CommandError("--ban: ghi mã các thành viên là số, cách nhau bởi dấu phẩy.") from None
        return papers.count_minutes(m, papers.secret_counts(m), papers.tellers_of(m, ids))
