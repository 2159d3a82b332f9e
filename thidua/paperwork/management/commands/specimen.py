"""`thidua specimen --pdf F --docx F`: render the specimen decision (every element of the model)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.paperwork import PaperworkError, render_docx, render_pdf
from thidua.paperwork.specimen import specimen_document


class Command(BaseCommand):
    help = "Xuất văn bản mẫu (Quyết định theo Nghị định 30/2020/NĐ-CP) ra PDF và/hoặc DOCX."

    def add_arguments(self, parser):
        parser.add_argument("--pdf", type=Path, help="tệp PDF cần ghi")
        parser.add_argument("--docx", type=Path, help="tệp DOCX cần ghi")

    def handle(self, *args, pdf=None, docx=None, **options):
        if not pdf and not docx:
            raise CommandError("Cần ít nhất một trong --pdf hoặc --docx")
        doc = specimen_document()
        try:
            if pdf:
                pdf.write_bytes(render_pdf(doc))
                self.stdout.write(f"PDF: {pdf}")
            if docx:
                docx.write_bytes(render_docx(doc))
                self.stdout.write(f"DOCX: {docx}")
        except PaperworkError as e:
            raise CommandError(str(e)) from e
