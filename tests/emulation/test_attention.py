"""Dashboard items of the emulation cycle, following the one clock, in a few queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua import clock
from thidua.emulation import attention, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world, year=2025, deadline=dt.date(2025, 4, 7))


def _texts(user):
    with scopes_disabled():
        return [(i["level"], i["text"]) for i in attention.items(user)]


def test_secretariat_sees_missing_late_and_unlocked_groups(world, setup):
    sec = world.users["secretariat"]
    with scopes_disabled():
        services.update_cycle(None, setup.cycle, {"self_score_deadline": dt.date(2025, 12, 15)})
        services.update_group(None, setup.group, {"meeting_date": dt.date(2025, 12, 26)})
        with clock.as_of(dt.date(2025, 4, 1)):
            cov = services.save_covenant(None, setup.cycle, world.unit_a, {}, "Đúng hạn")
            services.transition_covenant(None, cov, "submitted")
        with clock.as_of(dt.date(2025, 4, 10)):
            cov = services.save_covenant(None, setup.cycle, world.unit_b, {}, "Trễ")
            services.transition_covenant(None, cov, "submitted")
    with clock.as_of(dt.date(2025, 3, 1)):
        assert _texts(sec) == []  # deadline still far
    with clock.as_of(dt.date(2025, 3, 30)):
        assert any(level == "info" and "còn 8 ngày" in t for level, t in _texts(sec))
    with clock.as_of(dt.date(2025, 4, 20)):
        texts = _texts(sec)
        assert ("danger", "1 đơn vị chưa gửi bản đăng ký giao ước thi đua năm 2025 (hạn 07/4/2025 đã qua).") in texts
        assert any(level == "warning" and "1 bản đăng ký" in t and "trễ hạn" in t for level, t in texts)
        assert not any("chưa khóa kết quả" in t for _, t in texts)
    with clock.as_of(dt.date(2026, 1, 5)):
        with CaptureQueriesContext(connection) as ctx:
            texts = _texts(sec)
        assert len(ctx.captured_queries) <= 8
        assert any("Khối trường học (năm 2025) đã họp bình xét ngày 26/12/2025 nhưng chưa khóa" in t for _, t in texts)
    assert _texts(world.users["reception"]) == [] and _texts(world.users["other_secretariat"]) == []


def test_unit_officer_sees_its_covenant_and_self_score(world, setup):
    officer = world.users["unit_officer"]
    with scopes_disabled():
        services.update_cycle(None, setup.cycle, {"self_score_deadline": dt.date(2025, 12, 15)})
    with clock.as_of(dt.date(2025, 3, 20)):
        texts = _texts(officer)
        assert texts == [("warning", "Bản đăng ký giao ước thi đua năm 2025 của đơn vị chưa gửi; hạn 07/4/2025.")]
    with clock.as_of(dt.date(2025, 4, 9)):
        assert _texts(officer)[0][0] == "danger" and "đã quá hạn" in _texts(officer)[0][1]
    with scopes_disabled(), clock.as_of(dt.date(2025, 4, 9)):
        cov = services.save_covenant(officer, setup.cycle, world.unit_a, {}, "Cam kết")
        services.transition_covenant(officer, cov, "submitted")
    with clock.as_of(dt.date(2025, 6, 1)):
        assert _texts(officer) == []  # sent (late, the secretariat sees that); self-score not yet due
    with clock.as_of(dt.date(2025, 12, 10)):
        assert _texts(officer) == [("warning", "Phiếu tự chấm điểm thi đua năm 2025 chưa gửi; hạn 15/12/2025.")]
    with scopes_disabled():
        sheet = services.get_sheet(setup.cycle, world.unit_a)
        services.save_scores(officer, sheet, "self", {setup.crit["2.1"].pk: ("1", "")})
        services.transition_sheet(officer, sheet, "submitted")
    with clock.as_of(dt.date(2025, 12, 20)):
        assert _texts(officer) == []


def test_dashboard_shows_the_items(client, world, setup):
    client.force_login(world.users["unit_officer"])
    with clock.as_of(dt.date(2025, 3, 20)):
        page = client.get("/").content.decode()
    assert "Bản đăng ký giao ước thi đua năm 2025 của đơn vị chưa gửi" in page
