"""The specimen document and a bulk-printing run of sample letters, which exercises the same
bulk path (job, progress, one merged PDF) that invitations and certificates take."""

from __future__ import annotations

import secrets

from thidua.orgs.jobs import JobResult, handler
from thidua.paperwork import specimen as _specimen
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import Document, Header, Paragraph, Qr, Signature
from thidua.paperwork.pdf import render_pdf, render_pdf_many

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_GIVEN = ["Hạ", "Ánh", "Ượng", "Đông", "Yến", "Lợi", "Thảo", "Ước"]


def specimen_pdf() -> bytes:
    return render_pdf(_specimen.specimen_document())


def specimen_docx() -> bytes:
    return render_docx(_specimen.specimen_document())


def sample_letters(count: int) -> list[Document]:
    """`count` one-page sample invitations, each with its own QR code."""
    header = Header(parent_authority="", authority="ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN", number_code="     /GM-UBND",
                    place_date="Hớn Quản, ngày 07 tháng 4 năm 2025")
    letters = []
    for i in range(1, count + 1):
        name = f"Nguyễn Văn {_GIVEN[i % len(_GIVEN)]}"
        letters.append(Document(
            header=header, kind_name="GIẤY MỜI", summary="Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            body=(
                Paragraph(f"Ủy ban nhân dân huyện Hớn Quản trân trọng kính mời Ông {name} (mẫu số {i:03d}) đến dự "
                          "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động thi đua và ký kết "
                          "giao ước thi đua năm 2025."),
                Paragraph("Thời gian: 07 giờ 30 phút, ngày 10 tháng 4 năm 2025.", indent=True),
                Paragraph("Địa điểm: Hội trường Ủy ban nhân dân huyện.", indent=True),
                Qr(f"MAU-{i:04d}-{secrets.token_urlsafe(24)}", size_mm=28, caption="Mã điểm danh"),
            ),
            signature=Signature(prefix="TL. CHỦ TỊCH", title="CHÁNH VĂN PHÒNG", name="Trần Văn Lợi"),
            distribution=("Như trên;", "Lưu: VT."), name=f"giay-moi-mau-{i:03d}",
        ))
    return letters


@handler("web.specimen_bulk", idempotent=True)
def specimen_bulk(job, progress) -> JobResult:
    count = int(job.params.get("count", 280))
    progress(0, count, "Đang chuẩn bị dữ liệu…")
    docs = sample_letters(count)
    data = render_pdf_many(docs, progress=lambda done, total: progress(done, total, f"Đã dựng {done}/{total} trang"))
    return JobResult(data, f"giay-moi-mau-{count}.pdf", "application/pdf")
