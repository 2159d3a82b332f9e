"""Delegate lists to Excel (through `orgs.sheets.write_xlsx`, which makes every text formula-safe)."""

from __future__ import annotations

from thidua.orgs.sheets import ExportColumn, write_xlsx

from .models import Event

COLUMNS = [ExportColumn("Số GM", 8, "int"), ExportColumn("Thành phần", 10), ExportColumn("Danh xưng", 10),
           ExportColumn("Họ và tên", 28), ExportColumn("Chức vụ", 26), ExportColumn("Đơn vị", 34),
           ExportColumn("Điện thoại", 14), ExportColumn("Thư điện tử", 22), ExportColumn("Trả lời", 14),
           ExportColumn("Người dự thay", 24), ExportColumn("Phương tiện", 10), ExportColumn("Khu vực, ghế", 14),
           ExportColumn("Ghi chú", 24)]


def rows(delegates):
    for d in delegates:
        sub = ", ".join(p for p in (d.substitute_name, d.substitute_position) if p)
        yield [d.invitation_number, d.category.code, "" if d.is_placeholder else d.salutation, d.display_name,
               d.position, d.unit_name, d.phone, d.email,
               "Đã thu hồi" if d.revoked else d.get_reply_status_display(), sub, d.get_vehicle_display()
               if d.vehicle else "", " ".join(p for p in (d.area, d.seat) if p), d.notes]


def delegates_xlsx(event: Event, delegates, title: str = "DANH SÁCH ĐẠI BIỂU") -> bytes:
    """Every text (names, units, notes, the event's title above the table) is made formula-safe by
    `write_xlsx`, the one place that does it."""
    return write_xlsx(COLUMNS, rows(delegates), title=title, subtitle_lines=[event.title, f"Thời gian: {event.when_text}"])
