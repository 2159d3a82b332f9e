"""#21: the ranking page shows one page of clusters/blocks (about 100 units) with an index of every
group and a search by unit name; the scoring loop gives bit-for-bit the totals of the plain rules."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.emulation.helpers import make_cycle, score_fully
from thidua.emulation import queries, services
from thidua.emulation.scoring import (
    BASE_KINDS,
    BONUS,
    TARGET,
    Rule,
    UnitScore,
    applies,
    criterion_points,
    ratio,
    score_units,
)
from thidua.orgs.models import Organisation


def _plain_score_units(rules, values, targets, bonus_cap, penalty_cap=None):
    """The rules applied one criterion at a time (the shape `score_units` had before #21)."""
    group_order = []
    for r in rules:
        if r.kind in BASE_KINDS and r.group not in group_order:
            group_order.append(r.group)
    best = {}
    for r in rules:
        if r.kind == TARGET:
            ratios = [x for x in (ratio(values.get(u, {}).get(r.id), targets.get(u, {}).get(r.id)) for u in values)
                      if x is not None]
            if ratios:
                best[r.id] = max(ratios)
    out = {}
    for unit, vals in values.items():
        tgt = targets.get(unit, {})
        base = bonus = penalty = amax = 0.0
        per_group = [0.0] * len(group_order)
        full = missing = 0
        for r in rules:
            v, t = vals.get(r.id), tgt.get(r.id)
            if r.kind in BASE_KINDS:
                if not applies(r, t):
                    continue
                amax += r.max_points
                if v is None:
                    missing += 1
                    continue
                p = criterion_points(r, v, t, best.get(r.id))
                base += p
                per_group[group_order.index(r.group)] += p
                if p >= r.max_points - 1e-9:
                    full += 1
            elif r.kind == BONUS:
                bonus += criterion_points(r, v)
            else:
                penalty += criterion_points(r, v)
        bonus = min(bonus, max(bonus_cap, 0.0))
        if penalty_cap is not None:
            penalty = min(penalty, max(penalty_cap, 0.0))
        total = max(0.0, base + bonus - penalty)
        out[unit] = UnitScore(unit, total, base, bonus, penalty, amax, 100.0 * total / amax if amax > 0 else 0.0,
                              min(1.0, total / amax) if amax > 0 else 0.0, tuple(per_group), full, missing)
    return out


rule = st.builds(Rule, id=st.integers(1, 8), code=st.just("x"), group=st.sampled_from(["I", "II", "III"]),
                 kind=st.sampled_from(["co_dinh", "theo_lan", "chi_tieu", "thuong", "tru"]),
                 max_points=st.sampled_from([1.0, 2.5, 5.0, 10.0, 20.0]),
                 unit_points=st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.0, 3.0])))
value = st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.0, 3.0, 0.25]), st.floats(0, 200, allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(rule, max_size=10, unique_by=lambda r: r.id),
       st.dictionaries(st.integers(1, 6), st.dictionaries(st.integers(1, 8), value, max_size=8), max_size=6),
       st.dictionaries(st.integers(1, 6), st.dictionaries(st.integers(1, 8), st.one_of(
           st.sampled_from([0.0, -1.0, 1.0, 3.0]), st.floats(0.01, 500, allow_nan=False)), max_size=8), max_size=6),
       st.sampled_from([0.0, 5.0, -1.0]), st.sampled_from([None, 0.0, 10.0]))
def test_score_units_equals_the_plain_rules(rules, values, targets, bonus_cap, penalty_cap):
    assert score_units(rules, values, targets, bonus_cap, penalty_cap) == \
        _plain_score_units(rules, values, targets, bonus_cap, penalty_cap)


@pytest.mark.django_db
def test_ranking_pages_index_and_search(client, world, settings, monkeypatch):
    s = make_cycle(world)
    with scopes_disabled():
        extra = [Organisation.objects.create(authority=world.authority, code=f"x{i}", name=f"Trường Tiểu học Số {i}",
                                             display_order=10 + i) for i in range(3)]
        other = services.create_group(None, s.cycle, "khoi", "Khối phường xã", scorecard=s.card)
        services.set_members(None, other, extra)
        score_fully(s, world.unit_a, {"1.1": 120, "1.2": 1, "2.1": 3})
        whole = queries.cycle_ranking(s.cycle)
        assert [gr.ranking.rows for gr in queries.cycle_ranking(s.cycle, [other.pk])] == \
            [gr.ranking.rows for gr in whole if gr.group.pk == other.pk]
    monkeypatch.setattr(queries, "RANKING_PAGE_ROWS", 3)
    client.force_login(world.users["secretariat"])
    url = reverse("emulation:ranking", args=[s.cycle.pk])
    first = client.get(url).content.decode()
    assert "Trang 1/2" in first and "Ánh Dương" in first and "Tiểu học Số 1" not in first
    assert f'href="?trang=2#g{other.pk}"' in first  # the index reaches every group
    second = client.get(url, {"trang": 2}).content.decode()
    assert "Trường Tiểu học Số 1" in second and "Ánh Dương" not in second
    assert client.get(url, {"trang": 99}).status_code == 200  # out of range: the last page
    found = client.get(url, {"q": "tieu hoc so 2"}).content.decode()
    assert f'href="?trang=2#u{extra[2].pk}"' in found
    # an action taken on page 2 comes back to page 2
    r = client.post(url + "?trang=2", {"action": "publish", "group": other.pk})
    assert r.status_code == 302 and r["Location"].endswith("?trang=2")
