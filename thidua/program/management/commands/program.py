from thidua.program import documents

from ._common import DocumentCommand


class Command(DocumentCommand):
    help = "In chương trình hội nghị (PDF, DOCX): thidua program MÃ_HỘI_NGHỊ --pdf F --docx F"
    label = "chương trình hội nghị"
    builders = {"pdf": documents.program_pdf, "docx": documents.program_docx}
