"""Demo: UBND huyện Hớn Quản's 2024 cycle (clusters/blocks, scorecards, complete locked final scores,
so a first-ranked unit in each) and its 2025 cycle (heads rotated, covenants in every state, some
late against the 07/4/2025 deadline). Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django_scopes import scopes_disabled

from thidua import clock
from thidua.orgs.models import Authority, Organisation

from . import demo_reform, services
from .models import Cycle, MovementKind, MovementStatus

GROUPS = [
    ("cum", "Cụm thi đua số 1", ["xa-tan-khai", "xa-thanh-an", "xa-an-khuong", "xa-an-phu", "xa-tan-loi",
                                  "xa-tan-hung", "xa-minh-duc"]),
    ("cum", "Cụm thi đua số 2", ["xa-minh-tam", "xa-phuoc-an", "xa-thanh-binh", "xa-dong-no", "xa-tan-hiep",
                                  "xa-tan-quan"]),
    ("khoi", "Khối Đảng – đoàn thể", ["vp-huyen-uy", "ban-to-chuc", "ban-tuyen-giao", "ban-dan-van", "ubkt-huyen-uy",
                                      "mttq", "huyen-doan", "hoi-lhpn", "hoi-nong-dan", "hoi-ccb", "ldld"]),
    ("khoi", "Khối cơ quan chuyên môn", ["vp-hdnd-ubnd", "phong-noi-vu", "phong-tc-kh", "phong-tu-phap", "phong-kt-ht",
                                         "phong-nn-ptnt", "phong-tn-mt", "phong-gd-dt", "phong-vh-tt", "phong-ld-tbxh",
                                         "phong-y-te", "phong-dan-toc", "thanh-tra"]),
    ("khoi", "Khối đơn vị sự nghiệp", ["tt-vh-tt", "dai-tt-th", "tt-y-te", "ban-qlda", "tt-dvnn", "tt-gdnn-gdtx"]),
    ("khoi", "Khối trường học", ["thcs-tan-khai", "thcs-thanh-an", "thcs-an-khuong", "thcs-minh-duc", "th-tan-khai-a",
                                 "th-tan-khai-b", "th-thanh-binh", "th-dong-no", "mn-hoa-phuong", "mn-tan-hung"]),
    ("khoi", "Khối ngành dọc", ["cong-an", "bchqs", "chi-cuc-thue", "kho-bac", "toa-an", "vien-ks", "thads", "bhxh",
                                "nhcsxh"]),
]

# (group code, group name, [(code, name, kind, max, unit points, unit label, evidence)])
COMMUNE_CARD = [
    ("I", "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội được giao", [
        ("1.1", "Thu ngân sách nhà nước trên địa bàn", "chi_tieu", 12, None, "triệu đồng", False),
        ("1.2", "Tỷ lệ hộ nghèo giảm trong năm", "chi_tieu", 8, None, "%", False),
        ("1.3", "Tỷ lệ người dân tham gia bảo hiểm y tế", "chi_tieu", 8, None, "%", False),
        ("1.4", "Số tiêu chí nông thôn mới đạt thêm", "chi_tieu", 10, None, "tiêu chí", False),
        ("1.5", "Giải ngân vốn đầu tư công đúng tiến độ", "co_dinh", 8, None, "", False),
        ("1.6", "Hoàn thành chỉ tiêu giao quân", "co_dinh", 8, None, "", False),
        ("1.7", "Bảo đảm an ninh trật tự, không để xảy ra điểm nóng", "co_dinh", 6, None, "", False),
    ]),
    ("II", "Xây dựng Đảng, chính quyền, Mặt trận và các đoàn thể", [
        ("2.1", "Tổ chức đảng đạt Hoàn thành tốt nhiệm vụ trở lên", "co_dinh", 8, None, "", False),
        ("2.2", "Cải cách hành chính, chỉ số hài lòng đạt yêu cầu", "co_dinh", 6, None, "", False),
        ("2.3", "Mặt trận, đoàn thể xếp loại vững mạnh", "co_dinh", 6, None, "", False),
    ]),
    ("III", "Tổ chức phong trào thi đua, công tác khen thưởng", [
        ("3.1", "Mô hình, điển hình tiên tiến được nhân rộng", "theo_lan", 8, 2, "mô hình", False),
        ("3.2", "Gửi báo cáo thi đua, khen thưởng đúng hạn", "co_dinh", 6, None, "", False),
        ("3.3", "Hồ sơ đề nghị khen thưởng đúng quy định", "co_dinh", 6, None, "", False),
    ]),
    ("IV", "Điểm thưởng", [
        ("4.1", "Được cấp trên tặng Cờ thi đua, Bằng khen trong năm", "thuong", 5, None, "", True),
        ("4.2", "Có mô hình mới, cách làm hay được cấp tỉnh ghi nhận", "thuong", 3, None, "", False),
    ]),
    ("V", "Điểm trừ", [
        ("5.1", "Báo cáo trễ hạn, sai số liệu", "tru", 5, None, "", False),
        ("5.2", "Cán bộ, công chức bị kỷ luật trong năm", "tru", 10, None, "", False),
    ]),
]
BLOCK_CARD = [
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", [
        ("1.1", "Tỷ lệ hoàn thành kế hoạch công tác năm", "chi_tieu", 20, None, "%", False),
        ("1.2", "Hồ sơ, thủ tục giải quyết đúng hạn", "chi_tieu", 15, None, "%", False),
        ("1.3", "Tham mưu văn bản, đề án được cấp có thẩm quyền ban hành", "theo_lan", 10, 2, "văn bản", False),
        ("1.4", "Hoàn thành nhiệm vụ đột xuất được giao", "co_dinh", 15, None, "", False),
    ]),
    ("II", "Xây dựng cơ quan, đơn vị, tổ chức đảng, đoàn thể", [
        ("2.1", "Chi bộ đạt Hoàn thành tốt nhiệm vụ trở lên", "co_dinh", 8, None, "", False),
        ("2.2", "Thực hiện quy chế dân chủ, văn hóa công sở", "co_dinh", 6, None, "", False),
        ("2.3", "Công đoàn, chi đoàn xếp loại vững mạnh", "co_dinh", 6, None, "", False),
    ]),
    ("III", "Tổ chức phong trào thi đua, công tác khen thưởng", [
        ("3.1", "Phát động, sơ kết, tổng kết phong trào thi đua", "co_dinh", 8, None, "", False),
        ("3.2", "Điển hình tiên tiến được biểu dương", "theo_lan", 6, 1.5, "điển hình", False),
        ("3.3", "Gửi báo cáo, hồ sơ thi đua đúng hạn", "co_dinh", 6, None, "", False),
    ]),
    ("IV", "Điểm thưởng", [
        ("4.1", "Được cấp trên tặng Cờ thi đua, Bằng khen trong năm", "thuong", 5, None, "", True),
    ]),
    ("V", "Điểm trừ", [
        ("5.1", "Báo cáo trễ hạn, sai số liệu", "tru", 5, None, "", False),
        ("5.2", "Cán bộ, công chức, viên chức bị kỷ luật", "tru", 10, None, "", False),
    ]),
]
TARGETS = {"triệu đồng": (2500, 9000), "%": (90, 100), "tiêu chí": (1, 3)}


def _card(cycle, name, spec):
    card = services.create_scorecard(None, cycle, name, bonus_cap=5, penalty_cap=10)
    crits = []
    for gcode, gname, items in spec:
        cg = services.add_criteria_group(None, card, gcode, gname)
        for code, cname, kind, mx, unit_points, unit_label, evidence in items:
            crits.append(services.add_criterion(None, card, cg, {
                "code": code, "name": cname, "kind": kind, "max_points": mx, "unit_points": unit_points,
                "unit_label": unit_label, "evidence_required": evidence,
                "guidance": "Căn cứ báo cáo của đơn vị và xác nhận của cơ quan chuyên môn." if kind != "co_dinh" else ""}))
    return card, crits


def _target(c, rng):
    lo, hi = TARGETS.get(c.unit_label, (90, 100))
    return rng.randint(int(lo), int(hi))


def _score_unit(cycle, unit, crits, rng, strength: float):
    cov = services.save_covenant(None, cycle, unit, {c.pk: _target(c, rng) for c in crits if c.kind == "chi_tieu"},
                                 "Phấn đấu hoàn thành xuất sắc các chỉ tiêu, nhiệm vụ được giao.")
    with clock.as_of(dt.date(cycle.year, 3, 20)):
        services.transition_covenant(None, cov, "submitted")
        services.transition_covenant(None, cov, "accepted")
    targets = {t.criterion_id: float(t.target) for t in cov.targets.all()}
    sheet = services.get_sheet(cycle, unit)
    entries = {}
    for c in crits:
        mx = float(c.max_points)
        if c.kind == "chi_tieu":
            v = round(targets[c.pk] * rng.uniform(0.85, 1.0 + 0.25 * strength), 1)
        elif c.kind == "co_dinh":
            v = 1 if rng.random() < 0.7 + 0.3 * strength else 0
        elif c.kind == "theo_lan":
            v = rng.randint(0, int(mx / float(c.unit_points)) + 1)
        elif c.kind == "thuong":
            v = round(rng.choice([0, 0, 0, 1, 2, 3]) * min(1.0, mx / 3), 1) if strength > 0.5 else 0
        else:
            v = rng.choice([0, 0, 0, 0, 1, 2]) if strength < 0.6 else 0
        entries[c.pk] = (v, "")
    with clock.as_of(dt.date(cycle.year, 12, 10)):
        services.save_scores(None, sheet, "self", entries)
        for c in crits:
            if c.evidence_required and entries[c.pk][0]:
                services.add_evidence(None, sheet, c, "bang-khen.pdf", b"%PDF-1.4\n% minh chung\n")
        services.transition_sheet(None, sheet, "submitted")
    with clock.as_of(dt.date(cycle.year, 12, 20)):
        changed = {}
        for c in crits:
            if c.kind == "co_dinh" and entries[c.pk][0] == 1 and rng.random() < 0.06:
                changed[c.pk] = (0, "Chưa có văn bản chứng minh")
        if changed:
            services.save_scores(None, sheet, "cross", changed)
        services.transition_sheet(None, sheet, "reviewed")
    with clock.as_of(dt.date(cycle.year + 1, 1, 8)):
        services.transition_sheet(None, sheet, "final")


def load(log=print):
    cycle = _load_seed(log)
    with scopes_disabled():
        demo_reform.load(log)  # the post-reform province's 2026 year (#19)
    return cycle


def _load_seed(log):
    with scopes_disabled():
        try:
            authority = Authority.objects.get(code="hon-quan")
        except Authority.DoesNotExist:
            log("Chưa có cơ quan mẫu hon-quan; bỏ qua dữ liệu thi đua.")
            return None
        if Cycle.objects.filter(authority=authority, year=2024).exists():
            log("Dữ liệu mẫu thi đua đã có; giữ nguyên.")
            return None
        units = {o.code: o for o in Organisation.objects.filter(authority=authority)}
        rng = random.Random(2024)
        c24 = services.create_cycle(None, authority, 2024, "Năm thi đua 2024", covenant_deadline=dt.date(2024, 3, 29))
        commune_card, commune_crits = _card(c24, "Thang bảng điểm cụm xã, thị trấn năm 2024", COMMUNE_CARD)
        block_card, block_crits = _card(c24, "Thang bảng điểm các khối thi đua huyện năm 2024", BLOCK_CARD)
        services.create_movement(None, c24, {"name": "Phong trào thi đua yêu nước năm 2024",
                                             "kind": MovementKind.REGULAR, "launch_document": "Kế hoạch 25/KH-UBND",
                                             "launch_date": dt.date(2024, 1, 12), "status": MovementStatus.CLOSED,
                                             "starts_on": dt.date(2024, 1, 15), "ends_on": dt.date(2024, 12, 31)},
                                 list(units.values()))
        services.create_movement(None, c24, {"name": "Bình Phước chung sức xây dựng nông thôn mới",
                                             "kind": MovementKind.THEMATIC, "launch_document": "Kế hoạch 112/KH-UBND",
                                             "launch_date": dt.date(2024, 2, 26), "status": MovementStatus.CLOSED,
                                             "starts_on": dt.date(2024, 3, 1), "ends_on": dt.date(2024, 11, 30)},
                                 [u for u in units.values() if u.kind == "xa"])
        services.create_movement(None, c24, {"name": "Đợt thi đua cao điểm chào mừng Quốc khánh 2/9",
                                             "kind": MovementKind.PERIODIC, "launch_document": "Công văn 1045/UBND-NC",
                                             "launch_date": dt.date(2024, 5, 27), "status": MovementStatus.CLOSED,
                                             "starts_on": dt.date(2024, 6, 1), "ends_on": dt.date(2024, 9, 2)},
                                 [u for u in units.values() if u.kind != "xa"])
        for order, (kind, name, codes) in enumerate(GROUPS, start=1):
            card, crits = (commune_card, commune_crits) if kind == "cum" else (block_card, block_crits)
            g = services.create_group(None, c24, kind, name, scorecard=card, display_order=order)
            members = [units[c] for c in codes]
            services.set_members(None, g, members)
            services.update_group(None, g, {"head": members[0], "deputy": members[1], "meeting_place":
                                            f"Hội trường {members[0].name}", "meeting_date": dt.date(2024, 12, 26)})
            for i, unit in enumerate(members):
                _score_unit(c24, unit, crits, rng, strength=1.0 - i / max(1, len(members)) * 0.8 + rng.uniform(0, .2))
            if name == "Khối ngành dọc":
                m = g.memberships.get(organisation=units["thads"])
                services.exclude_unit(None, m, "Đang trong thời gian thanh tra theo kết luận của Thanh tra tỉnh")
            with clock.as_of(dt.date(2025, 1, 10)):
                services.lock_group(None, g, publish=order % 2 == 1)
        log(f"Đã tạo năm thi đua 2024: {len(GROUPS)} cụm, khối, điểm đã khóa.")

        with clock.as_of(dt.date(2025, 2, 15)):
            c25 = services.copy_structure(None, c24, 2025, covenant_deadline=dt.date(2025, 4, 7))
        c25.name = "Năm thi đua 2025"
        c25.save()
        services.create_movement(None, c25, {"name": "Phong trào thi đua yêu nước năm 2025",
                                             "kind": MovementKind.REGULAR, "launch_document": "Kế hoạch 18/KH-UBND",
                                             "launch_date": dt.date(2025, 4, 2), "starts_on": dt.date(2025, 4, 7),
                                             "ends_on": dt.date(2025, 12, 31)}, list(units.values()))
        services.create_movement(None, c25, {"name": "Thi đua chào mừng Đại hội Đảng bộ các cấp nhiệm kỳ 2025 – 2030",
                                             "kind": MovementKind.THEMATIC, "status": MovementStatus.PLANNED,
                                             "starts_on": dt.date(2025, 5, 1), "ends_on": dt.date(2025, 10, 31)},
                                 [u for u in units.values() if u.kind != "truong"])
        plan = ["accepted", "submitted", "late", "returned", "draft", "missing", "paper"]
        for g in c25.groups.all():
            card_crits = list(g.scorecard.criteria.filter(kind="chi_tieu"))
            for i, m in enumerate(g.memberships.select_related("organisation").order_by("signing_order")):
                unit = m.organisation
                state = "missing" if unit.code == "xa-tan-khai" else plan[(i + g.display_order) % len(plan)]
                if state == "missing":
                    continue
                targets = {c.pk: _target(c, rng) for c in card_crits}
                day = dt.date(2025, 4, 12) if state == "late" else dt.date(2025, 3, 20) + dt.timedelta(days=i % 14)
                with clock.as_of(day):
                    cov = services.save_covenant(None, c25, unit, targets, "Phấn đấu hoàn thành xuất sắc nhiệm vụ "
                                                 "năm 2025, giữ vững danh hiệu thi đua.", on_paper=state == "paper")
                    if state == "draft":
                        continue
                    services.transition_covenant(None, cov, "submitted")
                    if state == "returned":
                        services.transition_covenant(None, cov, "returned",
                                                     "Chỉ tiêu thu ngân sách thấp hơn Nghị quyết HĐND giao; đề nghị "
                                                     "điều chỉnh.")
                    elif state in ("accepted", "paper"):
                        services.transition_covenant(None, cov, "accepted")
        log("Đã tạo năm thi đua 2025: cụm, khối luân phiên trưởng, phó; giao ước ở đủ các trạng thái "
            "(hạn 07/4/2025).")
        return c25
