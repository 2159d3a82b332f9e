"""Dates and times as Vietnamese officials write them (Decree 30/2020/NĐ-CP, Phụ lục I).

Decree 30 rule for the date line: days below 10 and the months 1 and 2 take a leading zero
("ngày 07 tháng 4 năm 2025", "ngày 15 tháng 01 năm 2025", "ngày 05 tháng 02 năm 2025"), other
months do not ("tháng 4", "tháng 12"). Month 1 and 2 are padded so that nobody can turn
"tháng 1" into "tháng 11" or "tháng 2" into "tháng 12" by hand.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

__all__ = [
    "BLANK",
    "day_text",
    "long_date",
    "month_text",
    "numeric_date",
    "parse_date",
    "place_date",
    "short_date",
    "time_text",
    "weekday_name",
]

#: Gap left for a hand-written day, month or year on a document printed before signing.
BLANK = " " * 6

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def day_text(d: date) -> str:
    """Day of month, two digits: 07, 15."""
    return f"{d.day:02d}"


def month_text(d: date) -> str:
    """Month the Decree 30 way: 01, 02, 3, 4 … 12."""
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def long_date(d: date) -> str:
    """The date without the place: "ngày 07 tháng 4 năm 2025"."""
    return f"ngày {day_text(d)} tháng {month_text(d)} năm {d.year}"


def place_date(place: str, d: date | None = None, year: int | None = None, blank: str = BLANK) -> str:
    """The place-and-date line under the national motto.

    ``place_date("Hớn Quản", date(2025, 4, 7))`` → "Hớn Quản, ngày 07 tháng 4 năm 2025".
    Without ``d`` the day and month are left blank to be written in when the document is signed:
    ``place_date("Hớn Quản", year=2025)`` → "Hớn Quản, ngày      tháng      năm 2025" (and the year
    too when ``year`` is ``None``). Pass ``blank="\\u00a0" * 6`` where spaces would collapse.
    """
    place = " ".join((place or "").split())
    if d is not None:
        text = long_date(d)
    else:
        text = (
            f"ngày{blank}tháng{blank}năm {year}" if year is not None else f"ngày{blank}tháng{blank}năm{blank}"
        )
    return f"{place}, {text}" if place else text


def short_date(d: date) -> str:
    """Short date with the Decree 30 padding: "07/4/2025", "15/01/2025", "25/12/2025"."""
    return f"{day_text(d)}/{month_text(d)}/{d.year}"


def numeric_date(d: date) -> str:
    """dd/mm/yyyy for tables and spreadsheets: "07/04/2025"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def weekday_name(d: date) -> str:
    """Day of the week: "Thứ Hai" … "Thứ Bảy", "Chủ nhật"."""
    return _WEEKDAYS[d.weekday()]


def time_text(t: time | datetime) -> str:
    """Time as officials write it: "07 giờ 30 phút"; on the hour "14 giờ 00"."""
    if t.minute == 0:
        return f"{t.hour:02d} giờ 00"
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LONG = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def parse_date(s: str | date | None) -> date:
    """Parse a date the way users type it, day first.

    Accepts "07/4/2025", "7/04/2025", "07-04-2025", "07.04.2025", "2025-04-07" and
    "ngày 07 tháng 4 năm 2025"; a ``date`` passes through (a ``datetime`` gives its date). Years
    must have four digits. Anything else, or a day that does not exist, raises ``ValueError``
    with the message "Ngày không hợp lệ: …".
    """
    if isinstance(s, datetime):
        return s.date()
    if isinstance(s, date):
        return s
    text = " ".join(str(s or "").split())
    parts: tuple[int, int, int] | None = None  # (year, month, day)
    if m := _ISO.fullmatch(text):
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := _DMY.fullmatch(text):
        parts = (int(m.group(4)), int(m.group(3)), int(m.group(1)))
    elif m := _LONG.fullmatch(text):
        parts = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise ValueError(f"Ngày không hợp lệ: {s!s}" if text else "Ngày không hợp lệ: (trống)")
