"""Demo fund ledgers: the yearly allocations (trích lập) of the demo authorities, looked up by code and left
out quietly when absent (the seed's district; the post-reform province, its departments and communes), the
postings of their own issued decisions, and the balance of an authority merged on 1/7/2025 carried to its
successor. Decisions issued after this app is loaded are posted by the signal as they are issued; those the
demo made earlier are posted here through the same service. Idempotent."""

from __future__ import annotations

import datetime as dt

from thidua import clock
from thidua.orgs.models import Authority
from thidua.vn.dates import short_date

from . import queries, services, states
from .models import FundEntry

# code → (date, amount, document number, what)
ALLOCATIONS: dict[str, tuple[tuple[dt.date, int, str, str], ...]] = {
    "hon-quan": ((dt.date(2025, 1, 10), 60_000_000, "05/QĐ-UBND",
                  "Trích lập Quỹ thi đua, khen thưởng năm 2025 từ dự toán ngân sách huyện"),),
    "binh-phuoc": ((dt.date(2025, 1, 8), 650_000_000, "35/QĐ-UBND",
                    "Trích lập Quỹ thi đua, khen thưởng năm 2025 từ dự toán ngân sách tỉnh"),),
    "dong-nai": ((dt.date(2025, 7, 15), 900_000_000, "120/QĐ-UBND",
                  "Trích lập Quỹ thi đua, khen thưởng 6 tháng cuối năm 2025 (sau hợp nhất)"),
                 (dt.date(2026, 1, 12), 1_800_000_000, "18/QĐ-UBND",
                  "Trích lập Quỹ thi đua, khen thưởng năm 2026 từ dự toán ngân sách tỉnh")),
    "so-gd-dt": ((dt.date(2026, 1, 20), 180_000_000, "09/QĐ-SGDĐT",
                  "Trích lập Quỹ thi đua, khen thưởng năm 2026 từ dự toán của Sở"),),
    "so-y-te": ((dt.date(2026, 1, 20), 150_000_000, "11/QĐ-SYT",
                 "Trích lập Quỹ thi đua, khen thưởng năm 2026 từ dự toán của Sở"),),
    "tt-tan-khai-cu": ((dt.date(2025, 1, 15), 45_000_000, "04/QĐ-UBND",
                        "Trích lập Quỹ thi đua, khen thưởng năm 2025"),),
    "xa-thanh-binh-cu": ((dt.date(2025, 1, 15), 30_000_000, "03/QĐ-UBND",
                          "Trích lập Quỹ thi đua, khen thưởng năm 2025"),),
    "xa-tan-khai-moi": ((dt.date(2026, 1, 16), 95_000_000, "07/QĐ-UBND",
                         "Trích lập Quỹ thi đua, khen thưởng năm 2026 từ dự toán ngân sách xã"),),
    "xa-tan-hung-moi": ((dt.date(2026, 1, 16), 70_000_000, "06/QĐ-UBND",
                         "Trích lập Quỹ thi đua, khen thưởng năm 2026 từ dự toán ngân sách xã"),),
    "phuong-binh-long": ((dt.date(2026, 1, 16), 85_000_000, "08/QĐ-UBND",
                          "Trích lập Quỹ thi đua, khen thưởng năm 2026 từ dự toán ngân sách phường"),),
}
CARRIED_OUT = "Chuyển số dư quỹ khi hợp nhất sang {to}"
CARRIED_IN = "Tiếp nhận số dư quỹ của {name} (hợp nhất từ ngày {day})"


def _once(authority: Authority, day: dt.date, kind: str, amount: int, number: str, what: str) -> bool:
    if FundEntry.objects.filter(authority=authority, date=day, kind=kind, description=what).exists():
        return False
    with clock.as_of(day):
        services.record_entry(None, authority, {"date": day, "kind": kind, "amount": amount, "description": what,
                                                "document_number": number, "document_date": day if number else None})
    return True


def _carry(authority: Authority) -> bool:
    """An authority merged into its successor hands its balance on at its last day."""
    successor, last = authority.successor, authority.valid_to
    if successor is None or last is None:
        return False
    rest = queries.balance(authority, before=last + dt.timedelta(days=1))
    if rest <= 0:
        return False
    out = _once(authority, last, states.ADJUST_OUT, rest, "", CARRIED_OUT.format(to=successor.short_name))
    _once(successor, last + dt.timedelta(days=1), states.ADJUST_IN, rest, "",
          CARRIED_IN.format(name=authority.short_name, day=short_date(last + dt.timedelta(days=1))))
    return out


def load(log=print) -> None:
    found = {a.code: a for a in Authority.objects.filter(code__in=list(ALLOCATIONS)).select_related("successor")}
    if not found:
        log("Chưa có cơ quan mẫu; bỏ qua sổ quỹ thi đua, khen thưởng.")
        return
    made = posted = 0
    for code, rows in ALLOCATIONS.items():
        authority = found.get(code)
        if authority is None:
            continue
        for day, amount, number, what in rows:
            made += _once(authority, day, states.ALLOCATION, amount, number, what)
        posted += services.post_issued(None, authority)
    carried = sum(_carry(a) for a in found.values())
    log(f"Sổ quỹ thi đua, khen thưởng mẫu: {len(found)} cơ quan, {made} khoản trích lập, {posted} quyết định ghi chi"
        f"{f', {carried} cơ quan hợp nhất chuyển số dư' if carried else ''}.")
