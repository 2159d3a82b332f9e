"""Demo (#19): a running 2026 emulation year in each authority of the post-reform province (tỉnh Đồng Nai,
its two departments and three communes, orgs.demo_reform): a scoring table, two or three clusters/blocks
with their heads, the year's movement, and covenants registered before the 31/3/2026 deadline, most
accepted, some waiting, one draft, a few units not registered yet. Idempotent: a 2026 cycle that exists
is kept as it is."""

from __future__ import annotations

import datetime as dt
import random
import zlib

from thidua import clock
from thidua.orgs.models import Authority, Organisation, OrgKind

from . import services
from .models import Cycle, MovementKind

YEAR = 2026
CODES = ["dong-nai", "so-gd-dt", "so-y-te", "xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long"]

# (group code, group name, [(code, name, kind, max, unit points, unit label)])
CARD = [
    ("I", "Thực hiện nhiệm vụ chính trị, chỉ tiêu được giao", [
        ("1.1", "Tỷ lệ hoàn thành các chỉ tiêu, nhiệm vụ năm", "chi_tieu", 25, None, "%"),
        ("1.2", "Hồ sơ, thủ tục hành chính giải quyết đúng hạn", "chi_tieu", 15, None, "%"),
        ("1.3", "Vận hành chính quyền hai cấp thông suốt, không để ách tắc", "co_dinh", 15, None, ""),
    ]),
    ("II", "Xây dựng tổ chức đảng, cơ quan, đoàn thể", [
        ("2.1", "Tổ chức đảng đạt Hoàn thành tốt nhiệm vụ trở lên", "co_dinh", 10, None, ""),
        ("2.2", "Thực hiện quy chế dân chủ, văn hóa công vụ", "co_dinh", 10, None, ""),
    ]),
    ("III", "Tổ chức phong trào thi đua, công tác khen thưởng", [
        ("3.1", "Điển hình tiên tiến được biểu dương, nhân rộng", "theo_lan", 10, 2, "điển hình"),
        ("3.2", "Gửi báo cáo, hồ sơ thi đua, khen thưởng đúng hạn", "co_dinh", 15, None, ""),
    ]),
    ("IV", "Điểm thưởng", [("4.1", "Được cấp trên tặng Cờ thi đua, Bằng khen trong năm", "thuong", 5, None, "")]),
    ("V", "Điểm trừ", [("5.1", "Cán bộ, công chức, viên chức bị kỷ luật", "tru", 10, None, "")]),
]

# authority → [(kind, name, unit codes or a kind of unit)]
GROUPS = {
    "dong-nai": [
        ("cum", "Cụm thi đua các xã, phường", ["xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long"]),
        ("khoi", "Khối các sở, ban, ngành", ["so-noi-vu", "so-tai-chinh", "so-gd-dt", "so-y-te", "vp-ubnd"]),
        ("khoi", "Khối Mặt trận, đoàn thể và đơn vị sự nghiệp", ["mttq-tinh", "tinh-doan", "dai-ptth"]),
    ],
    "department": [
        ("khoi", "Khối các phòng chuyên môn", OrgKind.DEPARTMENT),
        ("khoi", "Khối đơn vị trực thuộc", None),
    ],
    "commune": [
        ("khoi", "Khối cơ quan, đoàn thể", None),
        ("cum", "Cụm khu phố, ấp", OrgKind.OTHER),
        ("khoi", "Khối trường học", OrgKind.SCHOOL),
    ],
}
PLAN = ["accepted", "submitted", "accepted", "draft", "accepted", "missing"]


def _members(units: list[Organisation], spec, taken: set[int]) -> list[Organisation]:
    if isinstance(spec, list):
        found = {u.code: u for u in units}
        return [found[c] for c in spec if c in found]
    return [u for u in units if u.pk not in taken and (spec is None or u.kind == spec)]


def _scorecard(cycle):
    card = services.create_scorecard(None, cycle, f"Thang bảng điểm thi đua năm {YEAR}", bonus_cap=5,
                                     penalty_cap=10)
    crits = []
    for gcode, gname, items in CARD:
        group = services.add_criteria_group(None, card, gcode, gname)
        for code, name, kind, mx, unit_points, unit_label in items:
            crits.append(services.add_criterion(None, card, group, {
                "code": code, "name": name, "kind": kind, "max_points": mx, "unit_points": unit_points,
                "unit_label": unit_label, "evidence_required": False}))
    return card, crits


def _year(authority: Authority, rng: random.Random) -> Cycle:
    with clock.as_of(dt.date(YEAR, 1, 5)):
        cycle = services.create_cycle(None, authority, YEAR, f"Năm thi đua {YEAR}",
                                      covenant_deadline=dt.date(YEAR, 3, 31),
                                      self_score_deadline=dt.date(YEAR, 12, 15))
    card, crits = _scorecard(cycle)
    units = list(Organisation.objects.filter(authority=authority).order_by("display_order", "id"))
    services.create_movement(None, cycle, {
        "name": f"Phong trào thi đua yêu nước năm {YEAR}", "kind": MovementKind.REGULAR,
        "launch_document": "Kế hoạch 12/KH-UBND" if authority.level != "so" else f"Kế hoạch 08/KH-{authority.doc_code}",
        "launch_date": dt.date(YEAR, 1, 20), "starts_on": dt.date(YEAR, 1, 20), "ends_on": dt.date(YEAR, 12, 31)},
        units)
    kind = authority.code if authority.code in GROUPS else "department" if authority.level == "so" else "commune"
    taken: set[int] = set()
    targets_of = [c for c in crits if c.kind == "chi_tieu"]
    specs = list(enumerate(GROUPS[kind], start=1))
    for order, (gkind, name, spec) in sorted(specs, key=lambda x: x[1][2] is None):  # the rest last
        members = _members(units, spec, taken)
        if len(members) < 2:
            continue
        taken |= {u.pk for u in members}
        group = services.create_group(None, cycle, gkind, name, scorecard=card, display_order=order)
        services.set_members(None, group, members)
        services.update_group(None, group, {"head": members[0], "deputy": members[1],
                                            "meeting_place": f"Hội trường {members[0].name}",
                                            "meeting_date": dt.date(YEAR, 12, 22)})
        for i, unit in enumerate(members):
            state = PLAN[(i + order) % len(PLAN)]
            if state == "missing":
                continue
            with clock.as_of(dt.date(YEAR, 3, 2) + dt.timedelta(days=(i * 3) % 25)):
                cov = services.save_covenant(None, cycle, unit, {c.pk: rng.randint(92, 100) for c in targets_of},
                                             f"Phấn đấu hoàn thành xuất sắc nhiệm vụ năm {YEAR}; xây dựng chính "
                                             "quyền hai cấp vận hành thông suốt, phục vụ Nhân dân tốt nhất.")
                if state == "draft":
                    continue
                services.transition_covenant(None, cov, "submitted")
                if state == "accepted":
                    services.transition_covenant(None, cov, "accepted")
    return cycle


def load(log=print) -> list[Cycle]:
    made = []
    for code in CODES:
        authority = Authority.objects.filter(code=code).first()
        if authority is None or Cycle.objects.filter(authority=authority, year=YEAR).exists():
            continue
        made.append(_year(authority, random.Random(zlib.crc32(code.encode()))))
    if made:
        log(f"Đã tạo năm thi đua {YEAR} của {len(made)} cơ quan (tỉnh Đồng Nai, sở, xã): cụm, khối, thang điểm, "
            "giao ước.")
    return made
