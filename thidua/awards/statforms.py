"""The statistical report forms of Thông tư 02/2023/TT-BNV (biểu 0601.N … 0605.N/BNV-TĐKT) as paperwork
`ReportForm`s, laid out as the circular's forms and not as letters: top left the form's code, the circular
and the day the report is due; centre the title and the period; top right "Đơn vị báo cáo" (the
authority) and "Đơn vị nhận báo cáo" (the level above it); the table with its row of column codes (A, B,
C, 1, 2 …) and rows 01, 02 …; under it what the software does not hold; at the bottom Người lập biểu,
Người kiểm tra biểu and the head of the authority (its chair's name where known)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thidua.orgs.models import Authority, Signer
from thidua.orgs.wording import Voice, qualified_unit_name
from thidua.paperwork.model import Column, FormSigner, Paragraph, ReportForm, Table
from thidua.vn.dates import place_date, short_date
from thidua.vn.money import format_number

from .stats import StatForm

CIRCULAR = "Ban hành kèm theo Thông tư số 02/2023/TT-BNV ngày 23 tháng 3 năm 2023 của Bộ trưởng Bộ Nội vụ"
# The day the report is due as the deployed provincial system prints it on 0601–0603 (uncertain: the
# circular's own text was not seen; the clerk may correct it in the DOCX).
DUE = "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo"
MINISTRY = "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"


def receiver(authority: Authority) -> str:
    """The unit that receives the authority's statistics: a province reports to the Ministry; a commune,
    district or department to the province's office that advises on emulation and commendation (its
    Sở Nội vụ by the province's defaults: orgs.officialdom), named with the province."""
    if authority.level == "tinh":
        return MINISTRY
    province = f"tỉnh {authority.province_name}" if authority.province_name else ""
    office = Voice.for_level("tinh", province).proposer
    name = office.name if office else "Cơ quan thường trực Hội đồng Thi đua - Khen thưởng"
    return qualified_unit_name(name, province, own_office=True) if province else name


def period_text(start: dt.date, end: dt.date) -> str:
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"Năm {start.year}"
    return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}"


def chair_name(authority: Authority, day: dt.date) -> str:
    s = (Signer.objects.filter(authority=authority, is_chair=True)
         .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
         .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("display_order", "id").first())
    return s.name if s else ""


def _short(title: str) -> str:
    """A column title as forms abbreviate it: "Giấy khen của Chủ tịch UBND cấp xã"."""
    return title.replace("Ủy ban nhân dân", "UBND")


def _cell(v) -> str:
    return format_number(v) if isinstance(v, int) else str(v)


BELOW = "Gồm cấp tỉnh, các sở, ban, ngành và các xã, phường, đặc khu trực thuộc"


def statistics_form(form: StatForm, authority: Authority, start: dt.date, end: dt.date, below: bool = False
                    ) -> ReportForm:
    """The form as paperwork; `below`: counted for the province with those below it (#19) — the province
    still reports and signs it, the title says what it covers."""
    has_unit = bool(form.units)
    n = len(form.columns)
    wide = n + (3 if has_unit else 2) >= 6
    cols = (Column("", 4.6 if wide else 4.0), Column("Mã số", 0.8, "center"),
            *((Column("Đơn vị tính", 1.1, "center"),) if has_unit else ()),
            *(Column(_short(c), 1.25 if wide else 1.4, "center") for c in form.columns))
    codes = ("A", "B", *(("C",) if has_unit else ()), *form.codes)
    rows = [codes]
    bold = [0]
    for i, (label, code, values, is_bold) in enumerate(form.rows):
        unit = (form.units[i],) if has_unit else ()
        rows.append((label, code, *unit, *(_cell(v) for v in values or ("",) * n)))
        if is_bold:
            bold.append(i + 1)
    size = 10 if n > 8 else 11 if wide else 12
    blocks = []
    if form.unit:
        blocks.append(Paragraph(f"Đơn vị tính: {form.unit}", italic=True, align="right", indent=False))
    blocks.append(Table(columns=cols, rows=tuple(rows), bold_rows=tuple(bold), font_size=size,
                        name=f"Biểu {form.code}"))
    for note in form.notes:
        blocks.append(Paragraph(f"Ghi chú: {note}", italic=True, align="left", indent=False))
    signers = (FormSigner("Người lập biểu"), FormSigner("Người kiểm tra biểu"),
               FormSigner("Thủ trưởng đơn vị", "(Ký, đóng dấu, họ tên)", chair_name(authority, end),
                          place_date(authority.place_name, blank=" … ")))
    return ReportForm(
        left=(f"Biểu số: {form.code}.N/BNV-TĐKT", CIRCULAR, DUE),
        title_lines=(form.title, *((f"({BELOW})",) if below else ())), period=period_text(start, end),
        right=(f"Đơn vị báo cáo: {authority.short_name}", f"Đơn vị nhận báo cáo: {receiver(authority)}"),
        blocks=tuple(blocks), signers=signers, orientation="landscape" if wide else "portrait",
        font_size=11 if wide else 12, name=f"Biểu {form.code}.N/BNV-TĐKT",
    )
