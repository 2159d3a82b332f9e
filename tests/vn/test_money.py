import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.vn.money import (
    amount_in_words,
    format_money,
    format_number,
    number_in_words,
    round_nearest,
    round_up_to,
)

# --- formatting -------------------------------------------------------------------------------


def test_format_money():
    assert format_money(2_340_000) == "2.340.000 đồng"
    assert format_money(2_340_000, unit=False) == "2.340.000"
    assert format_money(0) == "0 đồng"
    assert format_money(999) == "999 đồng"
    assert format_money(1000) == "1.000 đồng"
    assert format_money(Decimal("4680000")) == "4.680.000 đồng"
    assert format_money(Decimal("4680000.00")) == "4.680.000 đồng"
    assert format_money(Decimal("1234.5")) == "1.234,5 đồng"
    assert format_money(-50_000) == "-50.000 đồng"
    assert format_money(1_000_000_000_000) == "1.000.000.000.000 đồng"


def test_format_number():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(Decimal("1234.5")) == "1.235"  # half up
    assert format_number(Decimal("0.125"), 2) == "0,13"
    assert format_number(1234567, 2) == "1.234.567,00"
    assert format_number(-0.04, 1) == "0,0"
    assert format_number(7) == "7"


def test_format_rejects_non_numbers():
    with pytest.raises(TypeError):
        format_money("1000")
    with pytest.raises(TypeError):
        format_money(True)


@settings(max_examples=200)
@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_money_round_trips(n):
    text = format_money(n, unit=False)
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*", text)
    assert int(text.replace(".", "")) == n


@settings(max_examples=200)
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_format_number_round_trips(d):
    text = format_number(d, 2)
    assert Decimal(text.replace(".", "").replace(",", ".")) == d


# --- amount in words --------------------------------------------------------------------------

EXAMPLES = {
    0: "Không đồng",
    1: "Một đồng",
    5: "Năm đồng",
    10: "Mười đồng",
    11: "Mười một đồng",
    14: "Mười bốn đồng",
    15: "Mười lăm đồng",
    20: "Hai mươi đồng",
    21: "Hai mươi mốt đồng",
    24: "Hai mươi tư đồng",
    25: "Hai mươi lăm đồng",
    55: "Năm mươi lăm đồng",
    101: "Một trăm linh một đồng",
    104: "Một trăm linh bốn đồng",
    105: "Một trăm linh năm đồng",
    110: "Một trăm mười đồng",
    115: "Một trăm mười lăm đồng",
    121: "Một trăm hai mươi mốt đồng",
    1_005: "Một nghìn không trăm linh năm đồng",
    1_010: "Một nghìn không trăm mười đồng",
    21_000: "Hai mươi mốt nghìn đồng",
    150_000: "Một trăm năm mươi nghìn đồng",
    1_000_000: "Một triệu đồng",
    1_000_005: "Một triệu không trăm linh năm đồng",
    1_005_000: "Một triệu không trăm linh năm nghìn đồng",
    1_490_000: "Một triệu bốn trăm chín mươi nghìn đồng",
    2_340_000: "Hai triệu ba trăm bốn mươi nghìn đồng",
    4_680_000: "Bốn triệu sáu trăm tám mươi nghìn đồng",
    10_000_000: "Mười triệu đồng",
    1_000_000_000: "Một tỷ đồng",
    1_000_000_005: "Một tỷ không trăm linh năm đồng",
    2_015_000_000: "Hai tỷ không trăm mười lăm triệu đồng",
    1_000_000_000_000: "Một nghìn tỷ đồng",
    1_000_500_000_000: "Một nghìn tỷ năm trăm triệu đồng",
    10**15: "Một triệu tỷ đồng",
    10**18: "Một tỷ tỷ đồng",
}


@pytest.mark.parametrize(("n", "words"), EXAMPLES.items())
def test_amount_in_words_examples(n, words):
    assert amount_in_words(n) == words


def test_amount_in_words_options():
    assert amount_in_words(2_340_000, suffix="./.") == "Hai triệu ba trăm bốn mươi nghìn đồng./."
    assert amount_in_words(105, zero_tens="lẻ", thousand="ngàn") == "Một trăm lẻ năm đồng"
    assert amount_in_words(1_005, thousand="ngàn") == "Một ngàn không trăm linh năm đồng"
    assert amount_in_words(3, currency="USD") == "Ba USD"
    assert amount_in_words(3, currency="") == "Ba"
    assert amount_in_words(Decimal("2340000")) == "Hai triệu ba trăm bốn mươi nghìn đồng"
    assert amount_in_words(-2000) == "Âm hai nghìn đồng"
    assert number_in_words(0) == "không"


def test_amount_in_words_rejects_fractions():
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1.5"))
    with pytest.raises(TypeError):
        amount_in_words(1.0)


# A reader written independently of the generator: splits on the scale words from the largest.
DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
         "bảy": 7, "tám": 8, "chín": 9}  # fmt: skip


def _parse_below_thousand(words):
    value = 0
    if "trăm" in words:
        i = words.index("trăm")
        assert i == 1, words
        value += DIGIT[words[0]] * 100
        words = words[2:]
    if words and words[0] == "linh":
        assert len(words) == 2 and words[1] not in ("mốt", "lăm", "tư"), words
        return value + DIGIT[words[1]]
    if words and words[0] == "mười":
        assert len(words) <= 2 and words[1:] != ["mốt"] and words[1:] != ["tư"], words
        return value + 10 + (DIGIT[words[1]] if len(words) == 2 else 0)
    if "mươi" in words:
        assert words.index("mươi") == 1 and words[0] not in ("không", "một", "mốt"), words
        value += DIGIT[words[0]] * 10
        words = words[2:]
        assert len(words) <= 1 and words != ["một"] and words != ["bốn"], words
        return value + (DIGIT[words[0]] if words else 0)
    assert len(words) <= 1 and words != ["lăm"] and words != ["mốt"], words
    return value + (DIGIT[words[0]] if words else 0)


def _parse(words):
    if not words:
        return 0
    for scale, size in (("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3)):
        if scale in words:
            i = len(words) - 1 - words[::-1].index(scale)  # last occurrence of the scale word
            return _parse(words[:i]) * size + _parse(words[i + 1 :])
    return _parse_below_thousand(words)


def words_to_number(text):
    assert text.endswith(" đồng")
    words = text[: -len(" đồng")].lower().split(" ")
    sign = 1
    if words[0] == "âm":
        sign, words = -1, words[1:]
    if words == ["không"]:
        return 0
    return sign * _parse(words)


@pytest.mark.parametrize(("n", "words"), EXAMPLES.items())
def test_reader_reads_examples(n, words):
    assert words_to_number(words) == n


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**16))
def test_amount_in_words_round_trips(n):
    text = amount_in_words(n)
    assert text
    assert text[0].isupper() and text[1:] == text[1:].lower()
    assert text.endswith("đồng")
    assert "  " not in text and text == text.strip()
    assert words_to_number(text) == n


@settings(max_examples=100)
@given(st.integers(min_value=0, max_value=999_999).map(lambda k: k * 1000))
def test_round_thousands_round_trip(n):
    # prize money is usually whole thousands: exercise the zero-group rules
    assert words_to_number(amount_in_words(n)) == n


# --- rounding ---------------------------------------------------------------------------------


def test_rounding_examples():
    assert round_up_to(2_341_000) == 2_350_000
    assert round_up_to(2_340_000) == 2_340_000
    assert round_up_to(1) == 10_000
    assert round_up_to(0) == 0
    assert round_nearest(2_345_000) == 2_350_000
    assert round_nearest(2_344_999) == 2_340_000
    assert round_nearest(-15_000) == -20_000  # halves away from zero
    assert round_up_to(-15_000) == -10_000
    assert round_up_to(Decimal("2340000.01")) == Decimal("2350000")
    assert round_nearest(Decimal("1234.5"), 1) == Decimal("1235")
    assert round_nearest(1_234, 100) == 1_200
    assert isinstance(round_up_to(5), int)
    assert isinstance(round_up_to(Decimal(5)), Decimal)


def test_rounding_rejects_bad_steps():
    with pytest.raises(ValueError, match="Bước làm tròn"):
        round_up_to(5, 0)
    with pytest.raises(ValueError):
        round_nearest(5, -10)
    with pytest.raises(TypeError):
        round_up_to(5.0)


steps = st.sampled_from([1, 10, 1000, 10_000, 100_000, 7])
ints = st.integers(min_value=-(10**15), max_value=10**15)
decimals = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False)


@settings(max_examples=200)
@given(st.one_of(ints, decimals), steps)
def test_round_up_to_properties(n, step):
    r = round_up_to(n, step)
    assert r % step == 0
    assert r >= n
    assert r - n < step
    assert round_up_to(r, step) == r


@settings(max_examples=200)
@given(st.one_of(ints, decimals), steps)
def test_round_nearest_properties(n, step):
    r = round_nearest(n, step)
    assert r % step == 0
    assert abs(r - n) * 2 <= step
    assert round_nearest(r, step) == r
    assert round_nearest(-n, step) == -r  # symmetric: halves go away from zero


@settings(max_examples=100)
@given(st.integers(min_value=0, max_value=10**12), steps)
def test_rounding_is_monotonic(n, step):
    assert round_up_to(n, step) <= round_up_to(n + 1, step)
    assert round_nearest(n, step) <= round_nearest(n + 1, step)
