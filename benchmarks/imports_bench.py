"""The import path on a messy 5,000-row delegate workbook (#16): title rows, a two-row merged header,
Unicode names (some NFD), TCVN3 cells in .VnTime, VNI cells in VNI-Times and TCVN3 cells whose font
was lost, representative rows, over-long phones, a footer with signatures. Rows a second for the dry
run and the real import, beside python-calamine alone reading the same file; medians of 3 runs."""

from __future__ import annotations

import io
import time
import unicodedata

from benchmarks import _django, _report

ROWS = 5000
RUNS = 3


def _workbook(rows: int, offset: int = 0) -> bytes:
    """`offset` changes every name, so that each run reads another file (nothing memoised helps)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from thidua.vn.legacy import encode_legacy

    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Bùi", "Đỗ", "Dương"]
    middles = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Quốc"]
    givens = ["An", "Bình", "Hạ", "Hương", "Lan", "Sơn", "Ơn", "Yến", "Tuấn", "Thuỷ", "Lộc", "Nhung"]
    units = ["Phòng Nội vụ", "Phòng Văn hóa - Xã hội", "Trường Tiểu học Tân Khai A", "Hội Nông dân"]
    positions = ["Chuyên viên", "Trưởng phòng", "Phó Chủ tịch", "Hiệu trưởng"]
    vntime, vni = Font(name=".VnTime"), Font(name="VNI-Times")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN"])
    ws.append(["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"])
    ws.append(["STT", "Họ và tên", "Ông/Bà", "Chức vụ", "Đơn vị", "Thành phần", "Liên hệ", None])
    ws.append([None, None, None, None, None, None, "Điện thoại", "Email"])
    for i in range(rows):
        name = f"{families[i % 10]} {middles[i % 7]} {givens[i % 12]}"
        name = f"{name} {chr(0x41 + (i + offset) % 26)}{i + offset}"  # one person per row
        position, unit = positions[i % 4], units[i % 4]
        phone = f"09{i:08d}" if i % 97 else "0912 345 678 " * 5  # about 1 % too long
        kind = i % 10
        if kind == 9 and i % 3 == 0:  # a representative of the unit
            ws.append([i + 1, None, None, None, unit, "c", None, None])
            continue
        if kind in (0, 1):  # TCVN3, .VnTime
            cells = [WriteOnlyCell(ws, value=encode_legacy(v, "tcvn3")) for v in (name, position)]
            for cell in cells:
                cell.font = vntime
        elif kind == 2:  # VNI, VNI-Times
            cells = [WriteOnlyCell(ws, value=encode_legacy(v, "vni")) for v in (name, position)]
            for cell in cells:
                cell.font = vni
        elif kind == 3:  # TCVN3 typed in a font since reset to Calibri
            cells = [encode_legacy(name, "tcvn3"), encode_legacy(position, "tcvn3")]
        elif kind == 4:
            cells = [unicodedata.normalize("NFD", name), position]
        else:
            cells = [name, position]
        ws.append([i + 1, cells[0], "Ông" if i % 2 else "Bà", cells[1], unit, "bcd"[i % 3], phone, ""])
    ws.append([None, "Tổng cộng: 5.000 đại biểu"])
    ws.append([None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"])
    ws.append([None, "Nguyễn Văn Bảy", None, None, "Lê Văn Tám"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run() -> dict:
    _django.setup()
    from django.conf import settings
    from django.db import connection
    from django_scopes import scopes_disabled
    from python_calamine import CalamineWorkbook

    from thidua.events import demo as events_demo
    from thidua.events import services
    from thidua.events.imports import import_delegates
    from thidua.orgs import demo as orgs_demo

    rows = ROWS * _report.scale()
    files = [_workbook(rows, n * rows) for n in range(RUNS)]
    data = files[0]
    calamine, dry, real = [], [], []
    loads = [_report.load()]
    for n in range(RUNS):
        t = time.perf_counter()
        CalamineWorkbook.from_filelike(io.BytesIO(files[n])).get_sheet_by_index(0).to_python(skip_empty_area=False)
        calamine.append(time.perf_counter() - t)
    with scopes_disabled():
        orgs_demo.load(log=lambda *_: None)
        event = events_demo.load(log=lambda *_: None)
        reports = []
        for n in range(RUNS):
            target = services.create_event(None, event.authority, {"slug": f"bench-imports-{n}", "title": "Nhập thử"})
            t = time.perf_counter()
            data = files[n]
            dry_report = import_delegates(None, target, data, "5000.xlsx", dry_run=True,
                                          max_bytes=settings.UPLOAD_MAX_BYTES)
            dry.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = import_delegates(None, target, data, "5000.xlsx", dry_run=False,
                                      max_bytes=settings.UPLOAD_MAX_BYTES)
            real.append(time.perf_counter() - t)
            assert [(r.row, r.status) for r in dry_report.rows] == [(r.row, r.status) for r in report.rows]
            reports.append(report)
        again = import_delegates(None, target, data, "5000.xlsx", dry_run=False, max_bytes=settings.UPLOAD_MAX_BYTES)
    loads.append(_report.load())
    report = reports[-1]
    fig_dry = _report.figure(dry, loads=(loads[0], loads[1]))
    fig_real = _report.figure(real, loads=(loads[0], loads[1]))
    fig_read = _report.figure(calamine, loads=(loads[0], loads[1]))
    at_1 = _report.scale() == 1
    return {
        "database": connection.vendor,
        "rows": rows,
        "file_kib": len(data) // 1024,
        "calamine_read": fig_read.as_dict(),
        "dry_run": fig_dry.as_dict(),
        "dry_run_rows_per_s": round(rows / fig_dry.median),
        "import": fig_real.as_dict(),
        "import_rows_per_s": round(rows / fig_real.median),
        "counts": report.counts,
        "legacy_note": report.legacy_note,
        "second_import_added": again.counts["imported"],
        "targets": {
            "import_5000_messy_rows": _report.target(fig_real, 3.0 if at_1 else None, floor=fig_read.median,
                                                     floor_name="calamine read alone",
                                                     note="mixed Unicode/NFD/TCVN3/VNI workbook, another file each run"),
            "dry_run_5000_messy_rows": _report.target(fig_dry, 3.0 if at_1 else None, floor=fig_read.median,
                                                      floor_name="calamine read alone"),
            "second_import_adds_none": {"target": 0, "value": again.counts["imported"],
                                        "ok": again.counts["imported"] == 0, "kind": "warm"},
        },
    }
