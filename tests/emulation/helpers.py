"""A small cycle built through the services: one block with three units and a scorecard."""

import datetime as dt
from dataclasses import dataclass

from django_scopes import scopes_disabled

from tests.factories import World
from thidua.emulation import services
from thidua.emulation.models import Criterion, Cycle, Group, Scorecard
from thidua.orgs.models import Organisation


@dataclass
class Setup:
    cycle: Cycle
    card: Scorecard
    group: Group
    units: list[Organisation]
    crit: dict[str, Criterion]


def make_cycle(world: World, year: int = 2024, deadline=dt.date(2025, 4, 7)) -> Setup:
    with scopes_disabled():
        unit_c = Organisation.objects.create(authority=world.authority, code="c", name="Trường Mầm non Ánh Dương",
                                             kind="truong", display_order=3)
        cycle = services.create_cycle(None, world.authority, year, covenant_deadline=deadline)
        card = services.create_scorecard(None, cycle, "Thang điểm khối trường học", bonus_cap=5, penalty_cap=10)
        g1 = services.add_criteria_group(None, card, "I", "Thực hiện nhiệm vụ chuyên môn")
        g2 = services.add_criteria_group(None, card, "II", "Công tác thi đua, khen thưởng")
        g4 = services.add_criteria_group(None, card, "IV", "Điểm thưởng, điểm trừ")
        crit = {
            "1.1": services.add_criterion(None, card, g1, {"code": "1.1", "name": "Tỷ lệ học sinh lên lớp",
                                                           "kind": "chi_tieu", "max_points": 20, "unit_label": "%"}),
            "1.2": services.add_criterion(None, card, g1, {"code": "1.2", "name": "Hoàn thành kế hoạch năm học",
                                                           "kind": "co_dinh", "max_points": 10,
                                                           "evidence_required": True}),
            "2.1": services.add_criterion(None, card, g2, {"code": "2.1", "name": "Mô hình, điển hình tiên tiến",
                                                           "kind": "theo_lan", "max_points": 6, "unit_points": 2}),
            "4.1": services.add_criterion(None, card, g4, {"code": "4.1", "name": "Được cấp trên khen thưởng",
                                                           "kind": "thuong", "max_points": 5}),
            "4.2": services.add_criterion(None, card, g4, {"code": "4.2", "name": "Báo cáo trễ hạn",
                                                           "kind": "tru", "max_points": 10}),
        }
        group = services.create_group(None, cycle, "khoi", "Khối trường học", scorecard=card)
        units = [world.unit_a, world.unit_b, unit_c]
        services.set_members(None, group, units)
        services.update_group(None, group, {"head": world.unit_b, "deputy": world.unit_a})
    return Setup(cycle, card, group, units, crit)


def score_fully(s: Setup, unit, values: dict, target=100):
    """Register, self-score, review and finalise one unit with the given values (code → value)."""
    with scopes_disabled():
        cov = services.save_covenant(None, s.cycle, unit, {s.crit["1.1"].pk: target}, "Cam kết hoàn thành")
        services.transition_covenant(None, cov, "submitted")
        services.transition_covenant(None, cov, "accepted")
        sheet = services.get_sheet(s.cycle, unit)
        entries = {s.crit[k].pk: (v, "") for k, v in values.items()}
        services.save_scores(None, sheet, "self", entries)
        services.transition_sheet(None, sheet, "submitted") if not s.crit["1.2"].evidence_required or \
            values.get("1.2", 0) == 0 else _submit_with_evidence(s, sheet)
        services.transition_sheet(None, sheet, "reviewed")
        services.transition_sheet(None, sheet, "final")
        return sheet


def _submit_with_evidence(s: Setup, sheet):
    services.add_evidence(None, sheet, s.crit["1.2"], "bao-cao.pdf", b"%PDF-1.4 minh chung")
    services.transition_sheet(None, sheet, "submitted")
