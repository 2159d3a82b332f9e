"""Benchmark: 280 one-page invitation letters (Giấy mời), each with a 30 mm QR code.

Run from the repository root:  .venv/bin/python -m benchmarks.paperwork_bench  (or python benchmarks/paperwork_bench.py)
Prints one JSON object: median (min–max) of 3 warm runs, each with another date line so that Typst
compiles anew (prepare+QR, JSON, compile), QR codes from fresh payloads, the DOCX zip, against the
targets (PDF ≤ 0.6 s, DOCX zip ≤ 2 s). The first compile in a process also loads the fonts and parses
the template; it is measured separately as "warmup_cold_s".
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
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
TARGET_PDF_S = 0.6
TARGET_DOCX_S = 2.0
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
    """Figures for 280 letters (× `--scale`): a cold first compile, then warm runs each with another
    date line (so Typst compiles anew), the QR codes from fresh payloads, the DOCX zip."""
    from benchmarks import _report
    from thidua.paperwork import pdf as paperwork_pdf
    from thidua.paperwork import qr, qrfast

    n = N * _report.scale()
    base = [letter(i) for i in range(n)]

    def varied(run: int) -> list[Document]:
        return [replace(d, header=replace(d.header, place_date=f"Hớn Quản, ngày {run + 10:02d} tháng 4 năm 2025"))
                for d in base]

    t = time.perf_counter()
    render_pdf(base[0])  # loads fonts, parses the template: paid once per process (cold)
    warmup = time.perf_counter() - t
    inputs = [varied(i) for i in range(3)]
    timings: list[dict] = []
    pages: list[int] = []

    def pdf_run(i: int) -> None:
        tm: dict = {}
        pages.append(_count_pages(render_pdf_many(inputs[i], timings=tm)))
        timings.append(tm)

    fig_pdf = _report.measure(pdf_run, 3)
    paperwork_pdf.settle()

    def qr_run(i: int) -> None:
        qrfast.matrix_rows.cache_clear()
        qr.qr_svg.cache_clear()
        for k in range(n):
            qr_svg(f"https://hoinghi.honquan.gov.vn/c/{k:05d}?t=Zx8pQ2mN4vB7kL1sR9wT{k:04d}{i}")

    fig_qr = _report.measure(qr_run, 3)
    zipped: list[bytes] = []
    fig_docx = _report.measure(lambda i: zipped.append(render_docx_zip(varied(10 + i))), 3)
    memory = {}  # one more run each, on another input, while resident memory is sampled
    for name, fn in (("pdf", lambda: render_pdf_many(varied(20))), ("docx_zip", lambda: render_docx_zip(varied(21)))):
        _, top, before, after = _report.peak(fn)
        memory[name] = {"peak_mb": top, "before_mb": before, "growth_mb": round(top - before, 1)}
    paperwork_pdf.settle()
    return {
        "documents": n,
        "pages": pages[-1],
        "warmup_cold_s": round(warmup, 3),
        "pdf": {**fig_pdf.as_dict(), "pages_per_second": round(pages[-1] / fig_pdf.median, 1),
                "breakdown_s": {k: round(sorted(t.get(k, 0.0) for t in timings)[1], 3) for k in timings[-1]}},
        "qr_svg": {**fig_qr.as_dict(), "per_code_ms": round(1000 * fig_qr.median / n, 3)},
        "docx_zip": {**fig_docx.as_dict(), "per_document_ms": round(1000 * fig_docx.median / n, 1),
                     "bytes": len(zipped[-1])},
        "memory": memory,
        "figures": {"pdf": fig_pdf, "docx": fig_docx},
    }


def run() -> dict:
    """Entry point for `python -m benchmarks`: the figures plus the table rows under "targets"."""
    from benchmarks import _report

    result = main()
    figures = result.pop("figures")
    at_scale_1 = _report.scale() == 1
    result["targets"] = {
        "pdf_280_letters_warm": _report.target(figures["pdf"], TARGET_PDF_S if at_scale_1 else None),
        "docx_zip_280_letters": _report.target(figures["docx"], TARGET_DOCX_S if at_scale_1 else None),
    }
    return result


def _count_pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
