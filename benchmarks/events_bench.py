"""Conference benchmarks: 280 invitations with QR into one PDF (paperwork bulk path), a DOCX zip of
280, and importing a 5,000-row delegate workbook. LibreOffice comparison only when `soffice` exists."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks import _django


def _workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["DANH SÁCH ĐẠI BIỂU"])
    ws.append(["STT", "Họ và tên", "Ông/Bà", "Chức vụ", "Đơn vị", "Thành phần", "Điện thoại", "Xe"])
    families, middles, givens = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"], ["Văn", "Thị", "Hữu", "Ngọc"], \
        ["An", "Bình", "Hạ", "Ánh", "Lan", "Sơn", "Ước", "Yến"]
    for i in range(rows):
        name = f"{families[i % 5]} {middles[i % 4]} {givens[i % 8]} {i}"
        ws.append([i + 1, name, "Ông" if i % 2 else "Bà", "Chuyên viên", "Phòng Nội vụ", "bcd"[i % 3],
                   f"09{i:08d}", "Xe máy"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run() -> dict:
    _django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from thidua.events import demo as events_demo
    from thidua.events import documents, services
    from thidua.events.imports import import_delegates
    from thidua.orgs import demo as orgs_demo

    with scopes_disabled():
        orgs_demo.load(log=lambda *_: None)
        event = events_demo.load(log=lambda *_: None)
        site = "https://tdkt.honquan.gov.vn"
        delegates = documents.delegates_for_print(event)
        docs = documents.invitation_documents(event, delegates, site)
        from thidua.paperwork.pdf import render_pdf_many

        render_pdf_many(docs[:2])  # warm the compiler (fonts, template) as a running worker has it
        # events' own share of a print run: loading the delegates and building the letters (tokens included)
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            documents.invitation_documents(event, documents.delegates_for_print(event), site)
        events_s = time.perf_counter() - t0
        from thidua.events.tokens import qr_url
        from thidua.paperwork.qr import qr_png, qr_svg

        urls = [qr_url(d, site) for d in delegates]
        t0 = time.perf_counter()
        for u in urls:
            qr_svg(u)
        qr_svg_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for u in urls:
            qr_png(u)
        qr_png_s = time.perf_counter() - t0
        timings: dict = {}
        t0 = time.perf_counter()
        pdf, count = documents.invitations_pdf(event, site, timings=timings)
        pdf_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        docx_zip, _ = documents.invitations_docx_zip(event, site)
        docx_s = time.perf_counter() - t0

        data = _workbook(5000)
        empty = services.create_event(None, event.authority, {"slug": "bench-import", "title": "Nhập thử"})
        t0 = time.perf_counter()
        report = import_delegates(None, empty, data, "5000.xlsx", dry_run=False, max_bytes=settings.UPLOAD_MAX_BYTES)
        import_s = time.perf_counter() - t0

    result = {
        "invitations": count,
        "pdf_seconds": round(pdf_s, 3),
        "pdf_pages_per_second": round(count / pdf_s, 1),
        "pdf_breakdown_seconds": {k: round(v, 3) for k, v in timings.items()},
        "pdf_bytes": len(pdf),
        "events_prepare_seconds": round(events_s, 3),  # delegates + letters + tokens, before paperwork
        "events_prepare_queries": len(queries),
        "paperwork_qr_svg_280_seconds": round(qr_svg_s, 3),  # inside prepare_and_qr of the PDF
        "paperwork_qr_png_280_seconds": round(qr_png_s, 3),  # inside the DOCX zip
        "docx_zip_seconds": round(docx_s, 3),
        "docx_per_second": round(count / docx_s, 1),
        "import_rows": len(report.rows),
        "import_imported": report.counts["imported"],
        "import_seconds": round(import_s, 3),
        "import_rows_per_second": round(len(report.rows) / import_s),
    }
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        import zipfile

        with tempfile.TemporaryDirectory() as tmp:
            with zipfile.ZipFile(io.BytesIO(docx_zip)) as zf:
                zf.extractall(tmp)
            files = [str(p) for p in Path(tmp).glob("*.docx")]
            t0 = time.perf_counter()
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, *files], check=True,
                           capture_output=True)
            lo = time.perf_counter() - t0
        result["libreoffice_seconds"] = round(lo, 3)
        result["libreoffice_ratio"] = round(lo / pdf_s, 1)
    else:
        result["libreoffice"] = "soffice không được cài: bỏ qua so sánh"
    result["targets"] = {
        "pdf_280_seconds": {"target": 1.0, "value": result["pdf_seconds"], "ok": pdf_s < 1.0},
        "docx_zip_280_seconds": {"target": 8.0, "value": result["docx_zip_seconds"], "ok": docx_s < 8.0},
        "import_5000_seconds": {"target": 3.0, "value": result["import_seconds"], "ok": import_s < 3.0},
    }
    return result
