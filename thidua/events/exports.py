"""Delegate lists to Excel (through `orgs.sheets.write_xlsx`, which makes every text formula-safe)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.vn.dates import numeric_date

from .models import Delegate, Event

COLUMNS = [ExportColumn("Số GM", 8, "int"), ExportColumn("Thành phần", 10), ExportColumn("Danh xưng", 10),
           ExportColumn("Họ và tên", 28), ExportColumn("Chức vụ", 26), ExportColumn("Đơn vị", 34),
           ExportColumn("Điện thoại", 14), ExportColumn("Thư điện tử", 22), ExportColumn("Trả lời", 14),
           ExportColumn("Người dự thay", 24), ExportColumn("Phương tiện", 10), ExportColumn("Khu vực, ghế", 14),
           ExportColumn("Ghi chú", 24), ExportColumn("Điểm danh", 18), ExportColumn("Bàn đón tiếp", 14),
           ExportColumn("Người đến dự thay (ghi tại bàn)", 26)]

# The check-in app owns presence (`checkin.CheckIn`, related name `checkins`; its valid status is
# `checkin.states.VALID`): read here through the relation, as `models.present` counts it.
VALID = "valid"


def _with_checkins(delegates):
    """The delegates with their valid check-in prefetched (one query), as `d.valid_checkins`."""
    model = Delegate._meta.get_field("checkins").related_model
    wanted = Prefetch("checkins", queryset=model.objects.filter(status=VALID), to_attr="valid_checkins")
    if isinstance(delegates, QuerySet):
        return delegates.prefetch_related(wanted)
    delegates = list(delegates)
    prefetch_related_objects(delegates, wanted)
    return delegates


def checkin_cells(d) -> list[str]:
    """(arrived at "07:42 10/04/2025", desk, who came in their place as the desk wrote it): empty when absent."""
    c = next(iter(getattr(d, "valid_checkins", ())), None)
    if c is None:
        return ["Chưa đến", "", ""]
    at = timezone.localtime(c.at)
    return [f"{at:%H:%M} {numeric_date(at.date())}", c.desk, c.attendee_name]


def rows(delegates):
    for d in _with_checkins(delegates):
        sub = ", ".join(p for p in (d.substitute_name, d.substitute_position) if p)
        yield [d.invitation_number, d.category.code, "" if d.is_placeholder else d.salutation, d.display_name,
               d.position, d.unit_name, d.phone, d.email,
               "Đã thu hồi" if d.revoked else d.get_reply_status_display(), sub, d.get_vehicle_display()
               if d.vehicle else "", " ".join(p for p in (d.area, d.seat) if p), d.notes, *checkin_cells(d)]


def delegates_xlsx(event: Event, delegates, title: str = "DANH SÁCH ĐẠI BIỂU") -> bytes:
    """Every text (names, units, notes, the event's title above the table) is made formula-safe by
    `write_xlsx`, the one place that does it. Each row says whether and when the delegate arrived, at
    which desk, and who came in their place when the desk named someone."""
    return write_xlsx(COLUMNS, rows(delegates), title=title, subtitle_lines=[event.title, f"Thời gian: {event.when_text}"])
