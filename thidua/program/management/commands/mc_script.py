from thidua.program import documents

from ._common import DocumentCommand


class Command(DocumentCommand):
    help = "In kịch bản dẫn chương trình (PDF, DOCX): thidua mc_script MÃ_HỘI_NGHỊ --pdf F --docx F"
    label = "kịch bản dẫn chương trình"
    builders = {"pdf": documents.mc_script_pdf, "docx": documents.mc_script_docx}
