from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.vn.dates import (
    long_date,
    month_text,
    numeric_date,
    parse_date,
    place_date,
    short_date,
    time_text,
    weekday_name,
)


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2025, 4, 7), "ngày 07 tháng 4 năm 2025"),
        (date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),
        (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
        (date(2025, 11, 1), "ngày 01 tháng 11 năm 2025"),
    ],
)
def test_long_date_decree_30(d, text):
    assert long_date(d) == text


def test_place_date():
    assert place_date("Hớn Quản", date(2025, 4, 7)) == "Hớn Quản, ngày 07 tháng 4 năm 2025"
    assert place_date("Trấn Biên", date(2026, 1, 5)) == "Trấn Biên, ngày 05 tháng 01 năm 2026"
    assert place_date(" Hớn  Quản ", date(2025, 4, 7)) == "Hớn Quản, ngày 07 tháng 4 năm 2025"


def test_place_date_blank_before_signing():
    assert place_date("Hớn Quản", year=2025) == "Hớn Quản, ngày      tháng      năm 2025"
    assert place_date("Hớn Quản") == "Hớn Quản, ngày      tháng      năm      "
    nbsp = "\u00a0" * 4
    assert place_date("Hớn Quản", year=2025, blank=nbsp) == f"Hớn Quản, ngày{nbsp}tháng{nbsp}năm 2025"
    assert place_date("", date(2025, 4, 7)) == "ngày 07 tháng 4 năm 2025"


def test_short_and_numeric_dates():
    assert short_date(date(2025, 4, 7)) == "07/4/2025"
    assert short_date(date(2025, 1, 15)) == "15/01/2025"
    assert short_date(date(2025, 2, 5)) == "05/02/2025"
    assert short_date(date(2025, 12, 25)) == "25/12/2025"
    assert numeric_date(date(2025, 4, 7)) == "07/04/2025"
    assert numeric_date(date(2025, 12, 25)) == "25/12/2025"


def test_weekday_names():
    monday = date(2025, 4, 7)
    names = [weekday_name(monday + timedelta(days=i)) for i in range(7)]
    assert names == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def test_time_text():
    assert time_text(time(7, 30)) == "07 giờ 30 phút"
    assert time_text(time(14, 0)) == "14 giờ 00"
    assert time_text(time(8, 5)) == "08 giờ 05 phút"
    assert time_text(datetime(2025, 1, 15, 13, 45)) == "13 giờ 45 phút"


@pytest.mark.parametrize(
    "text",
    ["07/4/2025", "7/04/2025", "2025-04-07", "07-04-2025", "07.04.2025", " 7/4/2025 ", "ngày 07 tháng 4 năm 2025",
     "Ngày 7 tháng 04 năm 2025", "07 / 04 / 2025"],
)  # fmt: skip
def test_parse_date_formats(text):
    assert parse_date(text) == date(2025, 4, 7)


def test_parse_date_passes_dates_through():
    assert parse_date(date(2025, 4, 7)) == date(2025, 4, 7)
    assert parse_date(datetime(2025, 4, 7, 8, 30)) == date(2025, 4, 7)


@pytest.mark.parametrize(
    "text",
    ["31/02/2025", "32/1/2025", "07/13/2025", "07/4/25", "2025/04/07x", "07/04-2025", "hôm qua", "", None],
)
def test_parse_date_rejects_with_vietnamese_message(text):
    with pytest.raises(ValueError, match="^Ngày không hợp lệ: "):
        parse_date(text)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=200)
@given(dates)
def test_formats_parse_back(d):
    assert parse_date(short_date(d)) == d
    assert parse_date(numeric_date(d)) == d
    assert parse_date(long_date(d)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(numeric_date(d).replace("/", ".")) == d


@settings(max_examples=200)
@given(dates)
def test_decree_30_padding_rule(d):
    day, month = long_date(d).split(" ")[1], long_date(d).split(" ")[3]
    assert len(day) == 2
    assert month == month_text(d)
    assert (len(month) == 2) == (d.month in (1, 2, 10, 11, 12))
    assert month.startswith("0") == (d.month in (1, 2))
