"""How an invitation says when and where an event is held (the letter, the reminder e-mail). No Django."""

from __future__ import annotations

from typing import TYPE_CHECKING

from thidua.vn.dates import long_date, time_text, weekday_name

if TYPE_CHECKING:
    from .models import Event

def when_text(event: Event) -> str:
    """"07 giờ 30 phút, Thứ Năm, ngày 10 tháng 4 năm 2025" (or the tentative month)."""
    if event.date:
        day = f"{weekday_name(event.date)}, {long_date(event.date)}"
        return f"{time_text(event.start_time)}, {day}" if event.start_time else day.capitalize()
    if event.tentative_month and event.tentative_year:
        return f"Dự kiến tháng {event.tentative_month}/{event.tentative_year} (sẽ có thông báo cụ thể)"
    return "Sẽ có thông báo cụ thể"


def when_where(event: Event) -> str:
    return f"{when_text(event)}, tại {event.venue}" if event.venue else when_text(event)
