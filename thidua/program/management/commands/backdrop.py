from thidua.program import documents

from ._common import DocumentCommand


class Command(DocumentCommand):
    help = "In maket phông nền hội nghị (PDF tỉ lệ 1:10, ảnh PNG xem trước): thidua backdrop MÃ --pdf F --png F"
    label = "maket phông nền"
    builders = {"pdf": documents.backdrop_pdf, "png": documents.backdrop_png}
