"""The scoring and ranking rules, unit- and property-tested (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.emulation import ranking, scoring
from thidua.emulation.ranking import Entry, rank
from thidua.emulation.scoring import Rule, ScoreValueError, check_value, score_units, target_points

FIXED = Rule(1, "1.1", "I", "co_dinh", 10)
COUNT = Rule(2, "1.2", "I", "theo_lan", 6, 2)
TARGET = Rule(3, "2.1", "II", "chi_tieu", 20)
BONUS_A = Rule(4, "IV.1", "IV", "thuong", 4)
BONUS_B = Rule(5, "IV.2", "IV", "thuong", 4)
PENALTY = Rule(6, "V.1", "V", "tru", 30)
RULES = [FIXED, COUNT, TARGET, BONUS_A, BONUS_B, PENALTY]


def test_target_formula_follows_the_common_rule():
    assert target_points(20, 0.5, 2.0) == 5  # below target: proportional up to half
    assert target_points(20, 1.0, 2.0) == 10  # on target: half
    assert target_points(20, 2.0, 2.0) == 20  # the best exceeder: the maximum
    assert target_points(20, 1.5, 2.0) == 15  # halfway to the best excess
    assert target_points(20, None, 2.0) == 0


def test_unit_without_target_drops_the_criterion_from_its_maximum():
    scores = score_units(RULES, {"a": {1: 1, 2: 3, 3: 150}, "b": {1: 1, 2: 3, 3: 999}},
                         {"a": {3: 100}}, bonus_cap=5)
    assert scores["a"].applicable_max == 36 and scores["b"].applicable_max == 16
    assert scores["a"].total == 36  # 10 + 6 (capped) + 20 (best exceeder)
    assert scores["b"].total == 16 and scores["b"].share == 1


def test_bonus_is_capped_per_scorecard_and_penalty_never_drops_below_zero():
    s = score_units(RULES, {"a": {1: 1, 4: 4, 5: 4}}, {}, bonus_cap=5)["a"]
    assert s.bonus == 5 and s.total == 15
    s = score_units(RULES, {"a": {1: 1, 6: 30}}, {}, bonus_cap=5)["a"]
    assert s.penalty == 30 and s.total == 0
    s = score_units(RULES, {"a": {1: 1, 6: 30}}, {}, bonus_cap=5, penalty_cap=4)["a"]
    assert s.penalty == 4 and s.total == 6


def test_missing_scores_count_zero_but_stay_in_the_maximum():
    s = score_units(RULES, {"a": {1: 1}}, {"a": {3: 10}}, bonus_cap=0)["a"]
    assert s.missing == 2 and s.applicable_max == 36 and s.total == 10


@pytest.mark.parametrize("rule,value,message", [
    (FIXED, 2, "chỉ nhập 1 (đạt) hoặc 0"),
    (COUNT, -1, "không được nhập số âm"),
    (COUNT, 1.5, "số nguyên"),
    (BONUS_A, 4.5, "vượt quá điểm tối đa 4"),
])
def test_bad_values_are_refused_in_vietnamese(rule, value, message):
    with pytest.raises(ScoreValueError) as info:
        check_value(rule, value)
    assert message in str(info.value)


values = st.fixed_dictionaries({
    1: st.one_of(st.none(), st.sampled_from([0, 1])),
    2: st.one_of(st.none(), st.integers(0, 10)),
    3: st.one_of(st.none(), st.floats(0, 500, allow_nan=False)),
    4: st.one_of(st.none(), st.floats(0, 4, allow_nan=False)),
    5: st.one_of(st.none(), st.floats(0, 4, allow_nan=False)),
    6: st.one_of(st.none(), st.floats(0, 30, allow_nan=False)),
})
targets = st.one_of(st.just({}), st.fixed_dictionaries({3: st.floats(1, 300, allow_nan=False)}))
units = st.dictionaries(st.sampled_from("abcdefgh"), st.tuples(values, targets), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(units, st.floats(0, 10, allow_nan=False), st.one_of(st.none(), st.floats(0, 40, allow_nan=False)))
def test_scores_stay_within_their_bounds(data, bonus_cap, penalty_cap):
    vals = {u: v for u, (v, _) in data.items()}
    tgts = {u: t for u, (_, t) in data.items()}
    for s in score_units(RULES, vals, tgts, bonus_cap, penalty_cap).values():
        assert 0 <= s.share <= 1
        assert s.total >= 0
        assert s.bonus <= bonus_cap + 1e-9
        if penalty_cap is not None:
            assert s.penalty <= penalty_cap + 1e-9
        assert s.base <= s.applicable_max + 1e-6
        assert s.total <= s.applicable_max + bonus_cap + 1e-6


@settings(max_examples=150, deadline=None)
@given(units, st.sampled_from(["a", "b", "c"]), st.sampled_from([1, 2]), st.floats(0.01, 50, allow_nan=False))
def test_a_better_result_never_lowers_the_total(data, who, criterion, more):
    vals = {u: dict(v) for u, (v, _) in data.items()}
    tgts = {u: t for u, (_, t) in data.items()}
    vals.setdefault(who, {})
    before = score_units(RULES, vals, tgts, 5)[who].total
    if criterion == 1:
        vals[who][1] = 1
    else:
        vals[who][2] = (vals[who].get(2) or 0) + int(more)
    assert score_units(RULES, vals, tgts, 5)[who].total >= before - 1e-9


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 5, allow_nan=False), st.floats(0, 5, allow_nan=False), st.floats(0, 5, allow_nan=False))
def test_target_points_grow_with_the_result(r1, r2, best):
    lo, hi = sorted([r1, r2])
    best = max(best, hi)
    assert target_points(20, lo, best) <= target_points(20, hi, best) + 1e-9
    assert 0 <= target_points(20, hi, best) <= 20 + 1e-9


entry = st.builds(
    Entry,
    unit=st.uuids(),
    score=st.sampled_from([70.0, 80.0, 85.5, 90.0, 90.0, 100.0]),
    share=st.floats(0, 1, allow_nan=False),
    group_points=st.tuples(st.sampled_from([30.0, 40.0, 50.0])),
    full_marks=st.integers(0, 3),
    council_order=st.one_of(st.none(), st.integers(1, 3)),
    excluded_reason=st.sampled_from(["", "", "", "Đang bị thanh tra"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(entry, max_size=12), st.permutations(list(ranking.DEFAULT_CHAIN)))
def test_ranking_properties(entries, chain):
    result = rank(entries, chain)
    listed = [r.entry for r in result.rows]
    # excluded units are listed apart, never ranked
    assert all(e.excluded_reason for e in result.excluded)
    assert all(not e.excluded_reason for e in listed)
    assert len(listed) + len(result.excluded) == len(entries)
    if listed:
        top = max(e.score for e in listed)
        assert result.leaders and all(r.entry.score == top for r in result.leaders)
    # ranks never decrease down the list; equal ranks only with the tie flag; scores never increase
    for a, b in zip(result.rows, result.rows[1:], strict=False):
        assert a.rank <= b.rank
        assert a.entry.score >= b.entry.score
        if a.rank == b.rank:
            assert a.tied and b.tied
    # a tie is broken only by the chain: two units with the same rank are equal on every key used
    for a in result.rows:
        for b in result.rows:
            if a is not b and a.rank == b.rank:
                assert round(a.entry.score, 2) == round(b.entry.score, 2)
                if "first_group" in chain:
                    assert a.entry.group_points == b.entry.group_points
                if "full_marks" in chain:
                    assert a.entry.full_marks == b.entry.full_marks
    for r in result.rows:
        assert r.place == {1: "Nhất", 2: "Nhì", 3: "Ba"}.get(r.rank, "")


def test_tie_broken_by_first_group_then_left_tied_and_flagged():
    a = Entry("a", 90, 0.9, (40,), 2)
    b = Entry("b", 90, 0.9, (45,), 1)
    c = Entry("c", 90, 0.9, (40,), 2)
    d = Entry("d", 95, 0.95, (30,), 0)
    result = rank([a, b, c, d])
    assert [(r.entry.unit, r.rank, r.tied) for r in result.rows] == [
        ("d", 1, False), ("b", 2, False), ("a", 3, True), ("c", 3, True)]
    assert result.rows[1].decided_by == "first_group"
    assert [r.place for r in result.rows] == ["Nhất", "Nhì", "Ba", "Ba"]


def test_council_decision_separates_only_when_every_tied_unit_has_one():
    a = Entry("a", 90, 0.9, (40,), 2, council_order=2)
    b = Entry("b", 90, 0.9, (40,), 2, council_order=1)
    result = rank([a, b])
    assert [(r.entry.unit, r.rank, r.tied) for r in result.rows] == [("b", 1, False), ("a", 2, False)]
    assert result.rows[0].decided_by == "council"
    result = rank([a, Entry("b", 90, 0.9, (40,), 2)])
    assert all(r.tied and r.rank == 1 for r in result.rows)


def test_grade_bands():
    assert ranking.grade(0.95) == "Xuất sắc" and ranking.grade(0.85) == "Tốt"
    assert ranking.grade(0.7) == "Khá" and ranking.grade(0.1) == "Trung bình"
    assert ranking.grade(0.5, [[0.5, "Đạt"], [0, "Không đạt"]]) == "Đạt"
    assert scoring.KINDS == ("co_dinh", "theo_lan", "chi_tieu", "thuong", "tru")
