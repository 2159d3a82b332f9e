"""One parser for every number an official types: what `vn.money` writes reads back the same, the
usual ways of writing a number are understood, and a value that could be read two ways is refused
with both readings."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.vn.money import format_decimal, format_number
from thidua.vn.numbers import NumberError, parse_number

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False,
                      allow_infinity=False)


@given(amounts)
def test_what_is_shown_reads_back_to_the_same_number(value):
    """Pages show at most two decimals (`format_decimal`): a value shown and sent back is unchanged."""
    assert parse_number(format_decimal(value)) == value


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_whole_numbers_with_thousands_dots_or_spaces(n):
    assert parse_number(format_number(n)) == n
    assert parse_number(format_number(n).replace(".", " ")) == n
    assert parse_number(format_number(n), integer=True) == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_lone_comma_before_three_digits_is_ambiguous_unless_whole_numbers_only(head, tail):
    typed = f"{head},{tail:03d}"
    with pytest.raises(NumberError) as refused:
        parse_number(typed, label="Chỉ tiêu")
    assert "Chỉ tiêu" in refused.value.message and typed in refused.value.message
    assert parse_number(typed, integer=True) == head * 1000 + tail


@pytest.mark.parametrize(("typed", "expected"), [
    ("7.500", 7500), ("7 500", 7500), ("7\u00a0500", 7500), ("7.500,5", Decimal("7500.5")),
    ("1.234.567", 1234567), ("7,5", Decimal("7.5")), ("0,125", Decimal("0.125")), ("7.5", Decimal("7.5")),
    ("7,500.5", Decimal("7500.5")), ("1,234,567", 1234567), ("\u22123,5", Decimal("-3.5")), (" 12 ", 12),
    ("", None), (None, None), (7.5, Decimal("7.5")), (12, 12), (Decimal("2.25"), Decimal("2.25")),
])
def test_the_ways_officials_write_numbers(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["7.50.0", "1,23,4", "abc", "7,5,0", "1.2,3.4", "12a", "--5", "7 50", "1e5",
                                   "nan", "Infinity"])
def test_what_is_not_a_number_is_refused_naming_the_value(typed):
    with pytest.raises(NumberError) as refused:
        parse_number(typed, label="Điểm tự chấm")
    assert refused.value.message.startswith("Điểm tự chấm")


def test_whole_numbers_only_refuse_a_decimal_saying_how_it_was_read():
    with pytest.raises(NumberError, match=r"số nguyên \(đã đọc là 7,5\)"):
        parse_number("7,5", integer=True)
