"""Benchmark: 280 one-page invitation letters (Giấy mời), each with a 30 mm QR code.

Run from the repository root:  .venv/bin/python -m benchmarks.paperwork_bench  (or python benchmarks/paperwork_bench.py)
Prints one JSON object: seconds per part (prepare+QR, JSON, Typst compile; DOCX zip), pages, pages per
second, and pass/fail against the targets (PDF < 1 s, DOCX zip < 8 s). The first compile in a process
also loads the fonts and parses the template; it is measured separately as "warmup".
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua.paperwork import (  # noqa: E402
    Document,
    Header,
    Paragraph,
    Qr,
    Signature,
    render_docx_zip,
    render_pdf,
    render_pdf_many,
)
from thidua.paperwork.qr import qr_svg  # noqa: E402

N = 280
TARGET_PDF_S = 1.0
TARGET_DOCX_S = 8.0
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
_GIVEN = ["Văn Hạ", "Thị Ượng", "Hữu Đức", "Thị Thu Hường", "Minh Tuệ", "Ngọc Ánh", "Quốc Việt", "Thị Lựu"]


def letter(i: int) -> Document:
    name = f"{_FAMILY[i % 10]} {_GIVEN[i % 8]}"
    salutation = "Bà" if "Thị" in name else "Ông"
    token = f"https://hoinghi.honquan.gov.vn/c/{i:05d}?t=Zx8pQ2mN4vB7kL1sR9wT{i:04d}"  # ~60 characters
    return Document(
        header=Header("UBND tỉnh Bình Phước", "Ủy ban nhân dân\nhuyện Hớn Quản", "25/GM-UBND",
                      "Hớn Quản, ngày 02 tháng 4 năm 2025"),
        kind_name="Giấy mời",
        summary="Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
        recipients=[f"{salutation} {name}, Trưởng phòng, đơn vị số {i % 40 + 1:02d}"],
        body=[
            Paragraph("Ủy ban nhân dân huyện Hớn Quản trân trọng kính mời tới dự Hội nghị tổng kết công tác thi "
                      "đua, khen thưởng năm 2024 và phát động phong trào thi đua năm 2025."),
            Paragraph("Thời gian: 07 giờ 30 phút, thứ Hai, ngày 07 tháng 4 năm 2025.", indent=True),
            Paragraph("Địa điểm: Hội trường Ủy ban nhân dân huyện Hớn Quản.", indent=True),
            Paragraph("Vui lòng xuất trình mã QR dưới đây khi đến dự để điểm danh.", italic=True),
            Qr(token, 30, align="right", caption=f"Mã đại biểu {i + 1:03d}"),
        ],
        signature=Signature("TL. Chủ tịch", "Chánh Văn phòng", "Lê Hữu Đức"),
        distribution=["Như trên", "Lưu: VT, VP"],
        name=f"Giấy mời {i + 1:03d} - {name}",
    )


def main() -> dict:
    docs = [letter(i) for i in range(N)]
    t = time.perf_counter()
    render_pdf(docs[0])  # loads fonts, parses the template: paid once per process
    warmup = time.perf_counter() - t

    t = time.perf_counter()
    for i in range(N):
        qr_svg(f"https://hoinghi.honquan.gov.vn/c/{i:05d}?t=Zx8pQ2mN4vB7kL1sR9wT{i:04d}")
    qr_only = time.perf_counter() - t

    timings: dict = {}
    t = time.perf_counter()
    pdf = render_pdf_many(docs, timings=timings)
    pdf_total = time.perf_counter() - t

    t = time.perf_counter()
    zipped = render_docx_zip(docs)
    docx_total = time.perf_counter() - t

    pages = _count_pages(pdf)
    result = {
        "documents": N,
        "pages": pages,
        "warmup_s": round(warmup, 3),
        "pdf": {
            "total_s": round(pdf_total, 3),
            "prepare_and_qr_s": round(timings.get("prepare_and_qr", 0), 3),
            "of_which_qr_s": round(qr_only, 3),
            "json_s": round(timings.get("json", 0), 3),
            "compile_s": round(timings.get("compile", 0), 3),
            "pages_per_second": round(pages / pdf_total, 1),
            "bytes": len(pdf),
            "target_s": TARGET_PDF_S,
            "pass": pdf_total < TARGET_PDF_S,
        },
        "docx_zip": {
            "total_s": round(docx_total, 3),
            "per_document_ms": round(1000 * docx_total / N, 1),
            "documents_per_second": round(N / docx_total, 1),
            "bytes": len(zipped),
            "target_s": TARGET_DOCX_S,
            "pass": docx_total < TARGET_DOCX_S,
        },
    }
    return result


def run() -> dict:
    """Entry point for `python -m benchmarks`: the figures plus the shared "targets" summary."""
    result = main()
    result["targets"] = {
        "pdf_280_letters_s": {"target": TARGET_PDF_S, "value": result["pdf"]["total_s"], "ok": result["pdf"]["pass"]},
        "docx_zip_280_letters_s": {"target": TARGET_DOCX_S, "value": result["docx_zip"]["total_s"],
                                   "ok": result["docx_zip"]["pass"]},
    }
    return result


def _count_pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=2))
