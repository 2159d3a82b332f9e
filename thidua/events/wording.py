"""How an invitation and the conference-day prints say things about an event and a delegate: when and
where (the letter, the reminder e-mail), whom a letter is addressed to, who sits in a seat and with what
title, the award a delegate receives. No Django."""

from __future__ import annotations

from typing import TYPE_CHECKING

from thidua.vn.dates import long_date, time_text, weekday_name
from thidua.vn.normalise import fold
from thidua.vn.people import position_at

if TYPE_CHECKING:
    from .models import Delegate, Event

# The start of a note line that says what a delegate receives at the conference (events.services.recipients
# writes them: "Nhận khen thưởng: Giấy khen … (QĐ số 05/QĐ-UBND ngày 10/03/2025)").
AWARD_PREFIX = "Nhận khen thưởng: "
SUBSTITUTE = "substitute"  # states.SUBSTITUTE, without importing the model layer


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


def award_lines(notes: str) -> list[str]:
    """What a delegate receives, from their notes: ["Giấy khen … (QĐ số 05/QĐ-UBND ngày 10/03/2025)", …]."""
    return [line[len(AWARD_PREFIX):].strip() for line in (notes or "").splitlines()
            if line.startswith(AWARD_PREFIX) and line[len(AWARD_PREFIX):].strip()]


def title_of(delegate: Delegate) -> str:
    """The invitee's position and unit as one phrase: "Phó Giám đốc Sở Nội vụ tỉnh Bình Phước"."""
    return position_at(delegate.position, delegate.unit_name)


def addressee_line(delegate: Delegate) -> str:
    """Whom a letter is addressed to ("Kính gửi:"): "Ông Trần Văn Thành, Phó Giám đốc Sở Nội vụ tỉnh Bình
    Phước"; "Đại diện lãnh đạo Phòng Văn hóa - Xã hội" for a seat the unit fills; "Đại diện <tập thể>"."""
    if delegate.is_placeholder:
        return delegate.display_name
    title = title_of(delegate)
    return f"{delegate.addressee}, {title}" if title else delegate.addressee


def who_attends(delegate: Delegate, desk_name: str = "") -> tuple[str, str]:
    """(name, title) of the person in the delegate's seat. The reception desk's record of who came
    (`desk_name`) wins; then the substitute named in the reply; else the invitee. A substitute is
    given their own position with the unit they represent, or the unit alone when their position is not
    known: never the invitee's title."""
    unit = delegate.unit_name
    substitute = delegate.substitute_name if delegate.reply_status == SUBSTITUTE else ""
    if desk_name and fold(desk_name) != fold(delegate.display_name):
        if substitute and fold(desk_name) == fold(substitute):
            return desk_name, position_at(delegate.substitute_position, unit)
        return desk_name, unit  # someone the desk named: their title is not known
    if substitute and not desk_name:
        return substitute, position_at(delegate.substitute_position, unit)
    return delegate.display_name, title_of(delegate)
