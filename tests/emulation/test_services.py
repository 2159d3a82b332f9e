"""Cycle, covenant and scoring services: states, audit, validation, locking, ranking."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from thidua import clock
from thidua.emulation import queries, services
from thidua.emulation.models import Covenant, Group, Membership, ScoreSheet
from thidua.orgs.audit import AuditLog
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


def test_unit_officer_registers_own_covenant_and_not_another(world, setup):
    officer = world.users["unit_officer"]
    with scopes_disabled():
        cov = services.save_covenant(officer, setup.cycle, world.unit_a, {setup.crit["1.1"].pk: "95,5"}, "Cam kết")
        assert cov.targets.get().target == pytest.approx(95.5)
        with pytest.raises(PermissionDenied):
            services.save_covenant(officer, setup.cycle, world.unit_b, {}, "x")
        with pytest.raises(PermissionDenied):  # paper entry is for the secretariat
            services.save_covenant(officer, setup.cycle, world.unit_a, {}, "x", on_paper=True)
        services.transition_covenant(officer, cov, "submitted")
        with pytest.raises(PermissionDenied):
            services.transition_covenant(officer, cov, "accepted")
        with pytest.raises(ValidationFailed, match="Cần ghi ý kiến"):
            services.transition_covenant(world.users["secretariat"], cov, "returned")
        services.transition_covenant(world.users["secretariat"], cov, "returned", "Chỉ tiêu 1.1 quá thấp")
        cov.refresh_from_db()
        assert cov.status == "returned" and cov.status_note == "Chỉ tiêu 1.1 quá thấp"
        assert AuditLog.objects.filter(action="emulation.covenant.returned", object_id=str(cov.pk)).exists()


def test_bad_targets_are_reported_and_nothing_is_lost(world, setup):
    with scopes_disabled():
        services.save_covenant(None, setup.cycle, world.unit_a, {setup.crit["1.1"].pk: "90"}, "Cam kết cũ")
        with pytest.raises(services.ScoresInvalid) as info:
            services.save_covenant(None, setup.cycle, world.unit_a, {setup.crit["1.1"].pk: "chín mươi"}, "Mới")
        assert "không phải là số" in info.value.errors[setup.crit["1.1"].pk]
        cov = Covenant.objects.get(organisation=world.unit_a)
        assert cov.commitments == "Cam kết cũ" and cov.targets.get().target == 90


def test_secretariat_paper_entry_is_marked(world, setup):
    with scopes_disabled():
        cov = services.save_covenant(world.users["secretariat"], setup.cycle, world.unit_b, {}, "Bản giấy",
                                     on_paper=True)
        assert cov.on_paper
        assert AuditLog.objects.get(action="emulation.covenant.save").note == "Nhập hộ từ bản giấy"


def test_late_and_missing_covenants_follow_the_clock(world, setup):
    scope = scope_for(world.users["secretariat"])
    with scopes_disabled():
        with clock.as_of(dt.date(2025, 4, 1)):
            cov = services.save_covenant(None, setup.cycle, world.unit_a, {}, "Sớm")
            services.transition_covenant(None, cov, "submitted")
            rows = queries.covenant_overview(setup.cycle, scope)[0][1]
            assert [r.late for r in rows] == [False, False, False]
        with clock.as_of(dt.date(2025, 4, 10)):
            cov_b = services.save_covenant(None, setup.cycle, world.unit_b, {}, "Muộn")
            services.transition_covenant(None, cov_b, "submitted")
            by_unit = {r.membership.organisation_id: r for r in queries.covenant_overview(setup.cycle, scope)[0][1]}
            assert not by_unit[world.unit_a.pk].late
            assert by_unit[world.unit_b.pk].late and not by_unit[world.unit_b.pk].missing
            c = setup.units[2]
            assert by_unit[c.pk].late and by_unit[c.pk].missing and by_unit[c.pk].covenant is None
            counts = queries.covenant_counts(queries.covenant_overview(setup.cycle, scope))
            assert counts["late"] == 2 and counts["missing"] == 1 and counts["submitted"] == 2


def test_score_values_are_checked_per_criterion(world, setup):
    with scopes_disabled():
        sheet = services.get_sheet(setup.cycle, world.unit_a)
        services.save_scores(None, sheet, "self", {setup.crit["2.1"].pk: ("2", "")})
        with pytest.raises(services.ScoresInvalid) as info:
            services.save_scores(None, sheet, "self", {setup.crit["1.2"].pk: ("3", ""), setup.crit["4.1"].pk: ("7", ""),
                                                       setup.crit["2.1"].pk: ("-1", ""),
                                                       setup.crit["1.1"].pk: ("abc", "")})
        errors = info.value.errors
        assert "chỉ nhập 1 (đạt) hoặc 0" in errors[setup.crit["1.2"].pk]
        assert "vượt quá điểm tối đa 5" in errors[setup.crit["4.1"].pk]
        assert "số âm" in errors[setup.crit["2.1"].pk]
        assert "không phải là số" in errors[setup.crit["1.1"].pk]
        assert sheet.scores.get(criterion=setup.crit["2.1"]).self_value == 2  # nothing lost


def test_rounds_reasons_audit_and_lock(world, setup):
    sec, officer = world.users["secretariat"], world.users["unit_officer"]
    with scopes_disabled():
        sheet = services.get_sheet(setup.cycle, world.unit_a)
        services.save_scores(officer, sheet, "self", {setup.crit["1.2"].pk: ("1", "Đã hoàn thành")})
        with pytest.raises(ValidationFailed, match="minh chứng"):
            services.transition_sheet(officer, sheet, "submitted")
        with pytest.raises(ValidationFailed, match=r"virus.exe” không đúng loại, không nhận được. Chỉ nhận: PDF, Word \(.docx\), Excel \(.xlsx\), ảnh PNG, ảnh JPEG"):
            services.add_evidence(officer, sheet, setup.crit["1.2"], "virus.exe", b"MZ\x90\x00")
        services.add_evidence(officer, sheet, setup.crit["1.2"], "ke-hoach.pdf", b"%PDF-1.7 ...")
        services.transition_sheet(officer, sheet, "submitted")
        with pytest.raises(ValidationFailed, match="chưa \\(hoặc không còn\\)"):
            services.save_scores(officer, sheet, "self", {setup.crit["1.2"].pk: ("0", "")})
        with pytest.raises(PermissionDenied):
            services.save_scores(officer, sheet, "cross", {setup.crit["1.2"].pk: ("0", "")})
        with pytest.raises(services.ScoresInvalid):  # a changed score needs a comment
            services.save_scores(world.users["reviewer"], sheet, "cross", {setup.crit["1.2"].pk: ("0", "")})
        services.save_scores(world.users["reviewer"], sheet, "cross",
                             {setup.crit["1.2"].pk: ("0", "Kế hoạch chưa được phê duyệt")})
        services.transition_sheet(world.users["reviewer"], sheet, "reviewed")
        services.save_scores(officer, sheet, "explain", {setup.crit["1.2"].pk: ("", "Đã có quyết định phê duyệt")})
        services.transition_sheet(officer, sheet, "explained")
        services.save_scores(sec, sheet, "final", {setup.crit["1.2"].pk: ("1", "")}, reason="Chấp nhận giải trình")
        services.transition_sheet(sec, sheet, "final")
        log = AuditLog.objects.filter(action="emulation.score.final").get()
        assert log.changes["final_value"] == [None, "1"] and log.note == "Chấp nhận giải trình"
        # the other two units get final scores, then the block is locked
        score_fully(setup, world.unit_b, {"1.2": 0, "2.1": 1})
        with pytest.raises(ValidationFailed, match="Hội đồng chưa chấm xong"):
            services.lock_group(sec, setup.group)
        services.exclude_unit(sec, Membership.objects.get(organisation=setup.units[2]), "Đang bị thanh tra")
        services.lock_group(sec, Group.objects.get(pk=setup.group.pk))
        assert ScoreSheet.objects.get(pk=sheet.pk).status == "locked"
        with pytest.raises(ValidationFailed, match="đã khóa"):
            services.save_scores(sec, sheet, "final", {setup.crit["1.2"].pk: ("0", "x")}, reason="x")
        leaders = queries.leading_units(setup.cycle)
        assert [(u.organisation, u.rank, u.tied) for u in leaders] == [(world.unit_a, 1, False)]
        gr = queries.cycle_ranking(setup.cycle)[0]
        assert [e.unit for e in gr.ranking.excluded] == [setup.units[2].pk]


def test_ranking_ties_are_shown_not_broken(world, setup):
    with scopes_disabled():
        for unit in setup.units:
            score_fully(setup, unit, {"1.1": 100, "1.2": 0, "2.1": 2})
        gr = queries.cycle_ranking(setup.cycle)[0]
        assert all(r.rank == 1 and r.tied for r in gr.ranking.rows)
        # the council decides: recorded with its reason, audited
        sec = world.users["secretariat"]
        with pytest.raises(ValidationFailed, match="căn cứ"):
            services.set_council_order(sec, Membership.objects.get(organisation=world.unit_b), 1, "")
        for order, unit in enumerate([world.unit_b, world.unit_a, setup.units[2]], start=1):
            services.set_council_order(sec, Membership.objects.get(organisation=unit), order, "Biên bản bỏ phiếu")
        gr = queries.cycle_ranking(setup.cycle)[0]
        assert [(gr.organisations[r.entry.unit], r.rank, r.tied) for r in gr.ranking.rows] == [
            (world.unit_b, 1, False), (world.unit_a, 2, False), (setup.units[2], 3, False)]
        assert not queries.leading_units(setup.cycle)  # not locked yet
        assert not queries.leading_units_cached(setup.cycle)
        # the homes' cached leaders: the same as computed once the block is locked, and a lock made later
        # (a new lock time) is read anew, never the earlier answer
        services.lock_group(sec, Group.objects.get(pk=setup.group.pk))
        cached = queries.leading_units_cached(setup.cycle)
        assert [(u.organisation, u.rank) for u in cached] == [(world.unit_b, 1)]
        assert [(u.organisation, u.rank) for u in cached] == [
            (u.organisation, u.rank) for u in queries.leading_units(setup.cycle)]
        with CaptureQueriesContext(connection) as hit:
            assert [u.organisation for u in queries.leading_units_cached(setup.cycle)] == [world.unit_b]
        assert len(hit.captured_queries) == 1
        Group.objects.filter(pk=setup.group.pk).update(locked_at=None)
        assert queries.leading_units_cached(setup.cycle) == []


def test_target_scoring_uses_best_exceeder_of_the_block(world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 150, "1.2": 0}, target=100)  # best exceeder: 20
        score_fully(setup, world.unit_b, {"1.1": 125, "1.2": 0}, target=100)  # halfway: 15
        score_fully(setup, setup.units[2], {"1.1": 50, "1.2": 0}, target=100)  # below: 5
        gr = queries.cycle_ranking(setup.cycle)[0]
        totals = {gr.organisations[k]: v.total for k, v in gr.scores.items()}
        assert totals == {world.unit_a: 20, world.unit_b: 15, setup.units[2]: 5}


def test_copy_structure_rotates_heads(world, setup):
    with scopes_disabled():
        new = services.copy_structure(None, setup.cycle, 2025, covenant_deadline=dt.date(2025, 4, 7))
        g = new.groups.get()
        assert g.previous_id == setup.group.pk and g.scorecard.criteria.count() == 5
        assert g.head_id == world.unit_a.pk  # last year's deputy
        assert [m.organisation_id for m in g.memberships.order_by("signing_order")] == [u.pk for u in setup.units]
        order = queries.covenant_signing_order(new)
        assert [u["organisation"] for u in order[0]["units"]] == setup.units


def test_unit_belongs_to_one_group_per_cycle(world, setup):
    with scopes_disabled():
        other = services.create_group(None, setup.cycle, "cum", "Cụm thi đua số 1")
        with pytest.raises(ValidationFailed, match="đã thuộc"):
            services.set_members(None, other, [world.unit_a])
        with pytest.raises(ValidationFailed, match="thành viên"):
            services.update_group(None, other, {"head": world.unit_a})
