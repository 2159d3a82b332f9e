"""Prize money for every title and form, for each recipient kind, at both base salaries and across
1/7/2025 — checked against the tables of BRIEF §1.5–1.6 (ceiling to 10,000 đồng by default)."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards import prize, services
from thidua.awards.models import Award

D_ND98_1800 = dt.date(2024, 3, 15)  # ND 98/2023, base salary 1,800,000
D_ND98_2340 = dt.date(2025, 3, 15)  # ND 98/2023, base salary 2,340,000
D_ND152 = dt.date(2025, 8, 1)  # ND 152/2025, base salary 2,340,000
NA = None  # not for this kind of recipient, or no coefficient in that decree
I, C, H = "individual", "collective", "household"  # noqa: E741

# award code → kind → (amount 1/2024–6/2024, amount 7/2024–6/2025, amount from 7/2025)
EXPECTED = {
    "co-chinh-phu": {I: (NA, NA, NA), C: (21_600_000, 28_080_000, 28_080_000)},
    "cstd-toan-quoc": {I: (8_100_000, 10_530_000, 10_530_000), C: (NA, NA, NA)},
    "bk-thu-tuong": {I: (6_300_000, 8_190_000, 8_190_000), C: (12_600_000, 16_380_000, 16_380_000),
                     H: (9_450_000, 12_290_000, 12_290_000)},
    "co-tinh": {I: (NA, NA, NA), C: (14_400_000, 18_720_000, 18_720_000)},
    "bk-tinh": {I: (1_800_000, 2_340_000, 3_510_000), C: (3_600_000, 4_680_000, 7_020_000),
                H: (2_700_000, 3_510_000, 5_270_000)},
    "ttldxs": {I: (NA, NA, NA), C: (2_700_000, 3_510_000, 3_510_000)},
    "xa-tieu-bieu": {I: (NA, NA, NA), C: (3_600_000, 4_680_000, 4_680_000)},
    "cstd-tinh": {I: (5_400_000, 7_020_000, 7_020_000), C: (NA, NA, NA)},
    "ttldtt": {I: (NA, NA, NA), C: (1_440_000, 1_880_000, 1_880_000)},
    "cstd-co-so": {I: (1_800_000, 2_340_000, 2_340_000), C: (NA, NA, NA)},
    "thon-van-hoa": {I: (NA, NA, NA), C: (2_700_000, 3_510_000, 3_510_000)},
    # district chairman's Giấy khen: no district level (and no coefficient) from 1/7/2025
    "gk-huyen": {I: (540_000, 710_000, NA), C: (1_080_000, 1_410_000, NA), H: (810_000, 1_060_000, NA)},
    "gk-thu-truong": {I: (540_000, 710_000, 710_000), C: (1_080_000, 1_410_000, 1_410_000)},
    "gk-xa": {I: (270_000, 360_000, 710_000), C: (540_000, 710_000, 1_410_000), H: (410_000, 530_000, 1_060_000)},
    "ldtt": {I: (540_000, 710_000, 710_000), C: (NA, NA, NA)},
    "gia-dinh-van-hoa": {H: (NA, NA, NA)},
}
CASES = [(code, kind, day, amounts[i]) for code, kinds in EXPECTED.items() for kind, amounts in kinds.items()
         for i, day in enumerate((D_ND98_1800, D_ND98_2340, D_ND152))]


def test_every_catalogue_award_is_listed(world):
    assert set(Award.objects.values_list("code", flat=True)) == set(EXPECTED)


@pytest.mark.parametrize("code,kind,day,expected", CASES, ids=[f"{c}-{k}-{d}" for c, k, d, _ in CASES])
def test_prize_table(world, code, kind, day, expected):
    award = Award.objects.get(code=code)
    with scopes_disabled():
        if expected is None:
            with pytest.raises(services.ValidationFailed) as exc:
                services.prize_for(award, kind, day)
            assert "không dành cho" in exc.value.message or "Chưa có hệ số" in exc.value.message \
                or "chưa có hệ số" in exc.value.message
        else:
            assert services.prize_for(award, kind, day)[1] == expected


@pytest.mark.parametrize("day,rule_set,base", [
    (dt.date(2024, 1, 1), "nd98-2023", 1_800_000), (dt.date(2024, 6, 30), "nd98-2023", 1_800_000),
    (dt.date(2024, 7, 1), "nd98-2023", 2_340_000), (dt.date(2025, 6, 30), "nd98-2023", 2_340_000),
    (dt.date(2025, 7, 1), "nd152-2025", 2_340_000), (dt.date(2026, 1, 5), "nd152-2025", 2_340_000),
])
def test_decision_date_picks_rule_set_and_base_salary(world, day, rule_set, base):
    rs, amount = services.rules_on(day)
    assert (rs.code, amount) == (rule_set, base)


def test_no_rule_set_before_2024_is_refused(world):
    with pytest.raises(services.ValidationFailed) as exc:
        services.rules_on(dt.date(2023, 12, 31))
    assert "Chưa có bộ quy định" in exc.value.message and "31/12/2023" in exc.value.message


def test_nearest_rounding_as_a_setting(world):
    award = Award.objects.get(code="gk-xa")
    assert services.prize_for(award, I, D_ND98_2340, "nearest")[1] == 350_000
    assert services.prize_for(Award.objects.get(code="ttldtt"), C, D_ND98_2340, "nearest")[1] == 1_870_000
    assert services.prize_for(Award.objects.get(code="ldtt"), I, D_ND98_2340, "none")[1] == 702_000


def test_brief_rounding_examples():
    assert prize.amount(Decimal("0.15"), 2_340_000) == 360_000
    assert prize.amount(Decimal("0.15"), 2_340_000, prize.NEAREST) == 350_000
    assert prize.amount(Decimal("0.3"), 1_490_000) == 450_000  # 447,000 → 450,000 in both readings
    assert prize.amount(Decimal("0.3"), 1_490_000, prize.NEAREST) == 450_000


def test_uncertain_figures_are_marked(world):
    from thidua.awards.models import RuleItem

    uncertain = set(RuleItem.objects.filter(uncertain=True).values_list("rule_set__code", "award__code"))
    assert ("nd98-2023", "bk-tinh") in uncertain and ("nd152-2025", "bk-thu-tuong") in uncertain
    assert ("nd152-2025", "bk-tinh") not in uncertain


def test_editing_a_coefficient_changes_the_amount_and_is_audited(world):
    from thidua.awards.models import RuleItem
    from thidua.orgs.models import AuditLog

    item = RuleItem.objects.get(rule_set__code="nd98-2023", award__code="bk-tinh")
    with scopes_disabled():
        services.update_rule_item(world.users["secretariat"], item, {"coefficient_individual": Decimal("1.5"),
                                                                   "uncertain": False})
        assert AuditLog.objects.filter(action="awards.rule_item.update").count() == 1
    assert services.prize_for(item.award, I, D_ND98_2340)[1] == 3_510_000


amounts = st.integers(min_value=1, max_value=50_000_000)
coefs = st.decimals(min_value=0, max_value=20, places=2)


@settings(max_examples=200)
@given(coefs, amounts)
def test_ceiling_rounds_up_to_ten_thousand(coef, base):
    raw = coef * base
    value = prize.amount(coef, base)
    assert value % 10_000 == 0 and raw <= value < raw + 10_000


@settings(max_examples=200)
@given(coefs, amounts)
def test_nearest_is_within_half_a_step(coef, base):
    value = prize.amount(coef, base, prize.NEAREST)
    assert value % 10_000 == 0 and abs(value - coef * base) <= 5_000


@settings(max_examples=200)
@given(coefs, coefs, amounts, amounts, st.sampled_from(prize.ROUNDING_MODES))
def test_more_coefficient_or_salary_never_pays_less(c1, c2, b1, b2, mode):
    lo_c, hi_c = sorted((c1, c2))
    lo_b, hi_b = sorted((b1, b2))
    assert prize.amount(lo_c, lo_b, mode) <= prize.amount(hi_c, lo_b, mode) <= prize.amount(hi_c, hi_b, mode)


@settings(max_examples=100)
@given(st.decimals(min_value=Decimal("0.01"), max_value=20, places=2), amounts)
def test_collective_gets_more_than_individual_for_a_form(coef, base):
    c = prize.Coefficients(coef, None, None)
    ind = prize.amount(prize.coefficient(c, I, (I, C)), base)
    coll = prize.amount(prize.coefficient(c, C, (I, C)), base)
    assert coll >= ind


def test_bad_values_refused():
    with pytest.raises(prize.PrizeError):
        prize.amount(Decimal(1), 0)
    with pytest.raises(prize.PrizeError):
        prize.amount(Decimal(1), 1000, "sideways")
    with pytest.raises(prize.PrizeError, match="không dành cho tập thể"):
        prize.coefficient(prize.Coefficients(Decimal("0.3"), None, None), C, (I,), "Lao động tiên tiến")
