"""Foundation figures: importing a 5,000-row people workbook (dry run and real) and the people
list page over 5,000 people (time and query count)."""

import io
import random
import time

from benchmarks import _django

ROWS = 5000


def _workbook(units: list[str]) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(7)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Bùi", "Đỗ", "Hồ"]
    middle = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"]
    given = ["An", "Ánh", "Bình", "Dung", "Đông", "Hạ", "Hương", "Lợi", "Ơn", "Ước", "Yến", "Thảo"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
    ws.append([])
    ws.append(["STT", "Họ tên", "Giới tính", "Chức vụ", "Đơn vị", "SĐT"])
    for i in range(ROWS):
        ws.append([i + 1, f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)} {i}",
                   rng.choice(["Nam", "Nữ"]), "Chuyên viên", rng.choice(units), f"09{rng.randint(10**7, 10**8 - 1)}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run() -> dict:
    _django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from thidua.orgs import demo
    from thidua.orgs.imports import import_people
    from thidua.orgs.models import Authority, Organisation, User

    with scopes_disabled():
        if not Authority.objects.filter(code="hon-quan").exists():
            demo.load(log=lambda *_: None)
        authority = Authority.objects.get(code="hon-quan")
        units = list(Organisation.objects.filter(authority=authority).values_list("name", flat=True))
        data = _workbook(units)
        t = time.perf_counter()
        dry = import_people(None, authority, data, "bench.xlsx", dry_run=True, max_bytes=50 * 1024 * 1024)
        dry_s = time.perf_counter() - t
        t = time.perf_counter()
        real = import_people(None, authority, data, "bench.xlsx", dry_run=False, max_bytes=50 * 1024 * 1024)
        real_s = time.perf_counter() - t
    assert dry.counts["imported"] == real.counts["imported"] == ROWS

    client = Client()
    with scopes_disabled():
        client.force_login(User.objects.get(username="thuongtruc"))
    client.get("/to-chuc/ca-nhan/")  # warm up
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            response = client.get("/to-chuc/ca-nhan/", {"page": 40})
            timings.append(time.perf_counter() - t)
        assert response.status_code == 200
    page_s = sorted(timings)[len(timings) // 2]
    return {
        "database": connection.vendor,
        "import_rows": ROWS,
        "import_dry_run_s": round(dry_s, 3),
        "import_real_s": round(real_s, 3),
        "people_list_page_median_s": round(page_s, 4),
        "people_list_queries": len(queries),
        "targets": {
            "import_5000_rows_s": {"target": 3.0, "value": round(real_s, 3), "ok": real_s < 3.0},
            "people_list_page_s": {"target": 0.15, "value": round(page_s, 4), "ok": page_s < 0.15},
        },
    }
