"""Background work of the emulation cycle: ranking a whole (large) cycle into the Excel summary
(bảng tổng hợp điểm), with progress per cluster/block."""

from __future__ import annotations

from thidua.orgs.jobs import JobResult, handler
from thidua.orgs.sheets import XLSX_TYPE

from . import documents, queries
from .models import Cycle


@handler("emulation.rank_cycle", idempotent=True)
def rank_cycle(job, progress) -> JobResult:
    cycle = Cycle.objects.select_related("authority").get(pk=job.params["cycle"])
    progress(0, max(1, cycle.groups.count()), "Đang nạp điểm của các đơn vị…")
    results = queries.cycle_ranking(
        cycle, progress=lambda done, total, name: progress(done, total, f"Đã xếp hạng {done}/{total}: {name}"))
    return JobResult(documents.ranking_xlsx(cycle, results), f"bang-tong-hop-diem-{cycle.year}.xlsx", XLSX_TYPE)
