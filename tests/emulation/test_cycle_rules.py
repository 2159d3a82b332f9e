"""The tie-break chain and grade bands of a cycle: validation (pure and through the page), audit,
and no change once a cluster/block is locked."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from tests.emulation.helpers import make_cycle, score_fully
from tests.factories import make_world
from thidua.emulation import ranking, services
from thidua.orgs.audit import AuditLog
from thidua.orgs.services import ValidationFailed


@pytest.mark.parametrize("bands, text", [
    ([[0.8, "Tốt"], [0.9, "Xuất sắc"]], "thấp hơn mức “Tốt”"),
    ([[0.9, "Xuất sắc"], [0.9, "Tốt"]], "thấp hơn mức “Xuất sắc”"),
    ([[1.2, "Xuất sắc"]], "0–100%"),
    ([[-0.1, "Kém"]], "0–100%"),
    ([[0.9, ""]], "thiếu tên"),
    ([[0.9, "Tốt"], [0.5, "tốt"]], "trùng tên"),
    ([["abc", "Tốt"]], "phải là số"),
    ([], "ít nhất một mức"),
])
def test_bad_bands_are_refused(bands, text):
    with pytest.raises(ranking.RulesError, match=text):
        ranking.check_bands(bands)


def test_bad_chains_are_refused():
    with pytest.raises(ranking.RulesError, match="chỉ chọn một lần"):
        ranking.check_chain(["council", "council"])
    with pytest.raises(ranking.RulesError, match="không hợp lệ"):
        ranking.check_chain(["luck"])
    assert ranking.check_chain(["full_marks", "", "council"]) == ["full_marks", "council"]


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=6, unique=True))
def test_accepted_bands_give_every_share_at_most_one_grade(minimums):
    bands = ranking.check_bands([[m, f"Mức {i}"] for i, m in enumerate(sorted(minimums, reverse=True))])
    for share in (0, 0.33, 0.5, 0.651, 0.9, 1):
        g = ranking.grade(share, bands)
        expected = [b[1] for b in bands if share + 1e-9 >= b[0]]
        assert g == (expected[0] if expected else "")


@pytest.mark.django_db
def test_page_edits_chain_and_bands_and_refuses_after_lock(client):
    world = make_world()
    s = make_cycle(world)
    url = reverse("emulation:cycle_rules", args=[s.cycle.pk])
    client.force_login(world.users["reviewer"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["secretariat"])
    page = client.post(url, {"tb1": "council", "tb2": "council", "band_label1": "Xuất sắc", "band_min1": "90"})
    assert 'data-testid="error-tie_break"' in page.content.decode()
    page = client.post(url, {"tb1": "full_marks", "band_label1": "Xuất sắc", "band_min1": "90",
                             "band_label2": "Khá", "band_min2": "95"}).content.decode()
    assert 'data-testid="error-grade_bands"' in page and "phải có tỷ lệ tối thiểu thấp hơn" in page
    assert 'value="95"' in page  # what was typed stays
    assert client.post(url, {"tb1": "full_marks", "tb2": "first_group", "band_label1": "Xuất sắc",
                             "band_min1": "92,5", "band_label2": "Hoàn thành", "band_min2": "0"}).status_code == 302
    with scopes_disabled():
        s.cycle.refresh_from_db()
        assert s.cycle.tie_break == ["full_marks", "first_group"]
        assert s.cycle.grade_bands == [[0.925, "Xuất sắc"], [0.0, "Hoàn thành"]]
        assert AuditLog.objects.filter(action="emulation.cycle.update").exists()
    ranking_page = client.get(reverse("emulation:ranking", args=[s.cycle.pk])).content.decode()
    assert "Xuất sắc từ 92,5%" in ranking_page and "nhiều tiêu chí đạt điểm tối đa hơn →" in ranking_page
    with scopes_disabled():
        for unit in s.units:
            score_fully(s, unit, {"1.1": 100, "1.2": 0})
        services.lock_group(None, s.group)
        with pytest.raises(ValidationFailed, match="đã khóa"):
            services.update_cycle(None, s.cycle, {"grade_bands": [[0, "Đạt"]]})
    page = client.post(url, {"tb1": "council", "band_label1": "Đạt", "band_min1": "0"}).content.decode()
    assert "đã khóa và công bố" in page
