"""Scorecard editing on the page: same checks as the Excel import, errors at the field, audit, and
no edits once scoring has started or a cluster/block is locked."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from thidua.emulation import services
from thidua.emulation.models import CriteriaGroup, Criterion
from thidua.orgs.audit import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


def test_parameters_are_checked_per_type(world, setup):
    sec = world.users["secretariat"]
    g1 = setup.crit["1.1"].group
    with scopes_disabled():
        cases = [
            ({"code": "1.1", "name": "Trùng", "kind": "co_dinh", "max_points": "5"}, "code", "bị trùng"),
            ({"code": "1.9", "name": "Mô hình", "kind": "theo_lan", "max_points": "6"}, "unit_points", "điểm mỗi lần"),
            ({"code": "1.9", "name": "Mô hình", "kind": "theo_lan", "max_points": "6", "unit_points": "8"},
             "unit_points", "không được lớn hơn điểm tối đa"),
            ({"code": "1.9", "name": "Đạt", "kind": "co_dinh", "max_points": "6", "unit_points": "2"},
             "unit_points", "Chỉ tiêu chí tính theo số lần"),
            ({"code": "1.9", "name": "Đạt", "kind": "co_dinh", "max_points": "0"}, "max_points", "lớn hơn 0"),
            ({"code": "1.9", "name": "Đạt", "kind": "co_dinh", "max_points": "năm"}, "max_points", "không phải là số"),
            ({"code": "1.9", "name": "Đạt", "kind": "khac", "max_points": "5"}, "kind", "không hợp lệ"),
        ]
        for values, field, text in cases:
            with pytest.raises(ValidationFailed, match=text) as info:
                services.add_criterion(sec, setup.card, g1, values)
            assert info.value.field == field, values
        c = services.add_criterion(sec, setup.card, g1, {"code": " 1.9 ", "name": "Mô hình  mới", "kind": "theo_lan",
                                                         "max_points": "6", "unit_points": "1,5"})
        assert c.code == "1.9" and float(c.unit_points) == 1.5 and c.name == "Mô hình mới"
        with pytest.raises(ValidationFailed, match="bị trùng"):
            services.update_criterion(sec, c, {"code": "1.2"})
        with pytest.raises(ValidationFailed, match="bị trùng"):
            services.add_criteria_group(sec, setup.card, "I", "Nhóm khác")
        with pytest.raises(ValidationFailed, match="còn tiêu chí"):
            services.delete_criteria_group(sec, g1)
        with pytest.raises(PermissionDenied):
            services.update_criterion(world.users["unit_officer"], c, {"name": "x"})
        with pytest.raises(ValidationFailed, match="không được âm") as info:
            services.update_scorecard(sec, setup.card, {"penalty_cap": "-1"})
        assert info.value.field == "penalty_cap"
        services.update_scorecard(sec, setup.card, {"bonus_cap": "7,5", "penalty_cap": ""})
        setup.card.refresh_from_db()
        assert float(setup.card.bonus_cap) == 7.5 and setup.card.penalty_cap is None
        services.delete_criterion(sec, c)
        assert AuditLog.objects.filter(action="emulation.criterion.delete").exists()


def test_criterion_in_use_keeps_its_kind_and_cannot_be_deleted(world, setup):
    with scopes_disabled():
        services.save_covenant(None, setup.cycle, world.unit_a, {setup.crit["1.1"].pk: 100}, "Cam kết")
        with pytest.raises(ValidationFailed, match="đã có đơn vị đăng ký chỉ tiêu"):
            services.update_criterion(None, setup.crit["1.1"], {"kind": "co_dinh"})
        with pytest.raises(ValidationFailed, match="đã có đơn vị đăng ký chỉ tiêu"):
            services.delete_criterion(None, setup.crit["1.1"])
        services.update_criterion(None, setup.crit["1.1"], {"guidance": "Theo số liệu Chi cục Thống kê"})


def test_no_edit_once_scoring_started_or_locked(world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 100, "1.2": 0})
        reason = services.scorecard_lock_reason(setup.card)
        assert "đã có 1 phiếu chấm qua bước tự chấm" in reason
        for call in (lambda: services.add_criteria_group(None, setup.card, "IX", "Mới"),
                     lambda: services.update_criterion(None, setup.crit["2.1"], {"max_points": "8"}),
                     lambda: services.update_scorecard(None, setup.card, {"bonus_cap": "9"})):
            with pytest.raises(ValidationFailed, match="Không sửa được thang bảng điểm"):
                call()
        for unit in setup.units[1:]:
            score_fully(setup, unit, {"1.1": 90, "1.2": 0})
        services.lock_group(None, setup.group)
        assert "đã khóa" in services.scorecard_lock_reason(setup.card)


def test_scorecard_page_adds_edits_and_deletes_with_errors_at_the_field(client, world, setup):
    url = reverse("emulation:scorecard", args=[setup.card.pk])
    client.force_login(world.users["unit_officer"])
    assert "Thêm tiêu chí" not in client.get(url).content.decode()
    assert client.post(url, {"action": "add_group", "g-code": "V", "g-name": "Điểm trừ"}).status_code == 403
    client.force_login(world.users["secretariat"])
    page = client.post(url, {"action": "add_group", "g-code": "I", "g-name": "Trùng"}).content.decode()
    assert 'data-testid="error-code"' in page and "Mã nhóm “I” bị trùng" in page
    assert client.post(url, {"action": "add_group", "g-code": "V", "g-name": "Điểm trừ khác"}).status_code == 302
    with scopes_disabled():
        g5 = CriteriaGroup.objects.get(scorecard=setup.card, code="V")
    page = client.post(url, {"action": "add_criterion", "c-group": g5.pk, "c-code": "5.1", "c-name": "Vi phạm",
                             "c-kind": "theo_lan", "c-max_points": "4"}).content.decode()
    assert 'data-testid="error-unit_points"' in page and 'value="Vi phạm"' in page  # typed values kept
    assert client.post(url, {"action": "add_criterion", "c-group": g5.pk, "c-code": "5.1", "c-name": "Vi phạm",
                             "c-kind": "theo_lan", "c-max_points": "4", "c-unit_points": "1",
                             "c-guidance": "Mỗi lần vi phạm", "c-evidence_required": "on"}).status_code == 302
    with scopes_disabled():
        c = Criterion.objects.get(scorecard=setup.card, code="5.1")
        assert c.evidence_required and c.group == g5
    edit = reverse("emulation:criterion", args=[c.pk])
    page = client.post(edit, {"group": g5.pk, "code": "1.1", "name": "Vi phạm", "kind": "theo_lan",
                              "max_points": "4", "unit_points": "1"}).content.decode()
    assert 'data-testid="error-code"' in page and "Mã tiêu chí “1.1” bị trùng" in page
    assert client.post(edit, {"group": g5.pk, "code": "5.1", "name": "Vi phạm quy chế", "kind": "tru",
                              "max_points": "4"}).status_code == 302
    with scopes_disabled():
        c.refresh_from_db()
        assert c.kind == "tru" and c.unit_points is None and c.name == "Vi phạm quy chế"
    # another scorecard's group id is not a choice
    page = client.post(edit, {"group": 999999, "code": "5.1", "name": "x", "kind": "tru", "max_points": "4"})
    assert 'data-testid="error-group"' in page.content.decode()
    assert client.post(edit, {"action": "delete"}).status_code == 302
    page = client.post(url, {"action": "edit_group", "group": g5.pk, f"g{g5.pk}-code": "II",
                             f"g{g5.pk}-name": "x"}).content.decode()
    assert "Mã nhóm “II” bị trùng" in page
    assert client.post(url, {"action": "delete_group", "group": g5.pk}).status_code == 302
    with scopes_disabled():
        assert not CriteriaGroup.objects.filter(pk=g5.pk).exists()
    page = client.post(url, {"action": "settings", "name": "Thang điểm mới", "bonus_cap": "abc"}).content.decode()
    assert 'data-testid="error-bonus_cap"' in page
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("emulation:criterion", args=[setup.crit["1.2"].pk])).status_code == 404


def test_page_shows_why_a_scored_scorecard_is_locked(client, world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 100, "1.2": 0})
    client.force_login(world.users["secretariat"])
    url = reverse("emulation:scorecard", args=[setup.card.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="scorecard-locked"' in page and "Thêm tiêu chí" not in page
    client.post(url, {"action": "add_group", "g-code": "V", "g-name": "Mới"})
    with scopes_disabled():
        assert not CriteriaGroup.objects.filter(scorecard=setup.card, code="V").exists()
