"""`thidua decision_export ID --pdf F --docx F --xlsx F`: one decision with its attached list."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.awards import documents, exports, queries
from thidua.awards.models import Decision
from thidua.orgs.scope import activate
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf


class Command(BaseCommand):
    help = "Xuất một quyết định khen thưởng ra PDF, DOCX và danh sách Excel."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int)
        parser.add_argument("--pdf")
        parser.add_argument("--docx")
        parser.add_argument("--xlsx")

    def handle(self, *args, **opts):
        if not (opts["pdf"] or opts["docx"] or opts["xlsx"]):
            raise CommandError("Chỉ ra ít nhất một tệp: --pdf, --docx hoặc --xlsx.")
        with scopes_disabled():
            d = Decision.objects.filter(pk=opts["id"]).only("authority_id").first()
        if d is None:
            raise CommandError(f"Không có quyết định mã {opts['id']}.")
        with activate(d.authority_id):
            d = Decision.objects.select_related("award", "rule_set", "authority").get(pk=opts["id"])
            lines = queries.decision_lines(d)
            doc = documents.decision_document(d, lines)
            for key, render in (("pdf", render_pdf), ("docx", render_docx),
                                ("xlsx", lambda _doc: exports.decision_xlsx(d, lines))):
                if opts[key]:
                    Path(opts[key]).write_bytes(render(doc))
                    self.stdout.write(f"Đã ghi {opts[key]}")
