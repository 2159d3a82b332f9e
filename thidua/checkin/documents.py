"""Prints of the conference day, built with the paperwork model (free pages): the seating chart
(A3 or A4 landscape), name cards for the presidium table (folded A4), seat labels (A4, 14 a sheet)
and the parking list by vehicle (PDF and Excel); and the list of the delegates present, by category,
from the check-ins (a working paper attached to the minutes: PDF, DOCX, Excel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from thidua.events.models import Delegate, DelegateCategory, Event
from thidua.events.wording import who_attends
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.paperwork import Column, Document, FreePage, GroupRow, Header, Paragraph, Table, Text
from thidua.paperwork.pdf import render_pdf_many
from thidua.vn.dates import long_date, short_date
from thidua.vn.money import format_number
from thidua.vn.numbering import roman

from . import hall
from .models import CheckIn, CheckInStatus

PAPER = {"A3": (420.0, 297.0), "A4": (297.0, 210.0)}
VEHICLE_TITLES = {"car": "Ô TÔ", "motorbike": "XE MÁY"}


def _fit(text: str, width_mm: float, size_pt: float) -> str:
    """Cut `text` to what fits on one line of `width_mm` (Times: about half an em a character)."""
    per_char = size_pt * 0.3528 * 0.5
    room = max(3, int(width_mm / per_char))
    text = " ".join((text or "").split())
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def desk_names(delegates: Sequence[Delegate]) -> dict[int, str]:
    """{delegate id: the name the reception desk recorded} for those whose standing check-in names
    someone other than the invitee (one query): who is in the hall, for prints made after the desks open."""
    ids = [d.pk for d in delegates]
    if not ids:
        return {}
    return dict(CheckIn.objects.filter(delegate_id__in=ids, status=CheckInStatus.VALID).exclude(attendee_name="")
                .values_list("delegate_id", "attendee_name"))


def attendee(d: Delegate, desks: dict[int, str] | None = None) -> tuple[str, str]:
    """(name, title) printed for the person in `d`'s seat: the substitute with their own position
    (`events.wording.who_attends`), never the invitee's title."""
    return who_attends(d, (desks or {}).get(d.pk, ""))


def short_name(d: Delegate, desks: dict[int, str] | None = None) -> str:
    """"Văn Hạ" for Nguyễn Văn Hạ; "ĐD Trường TH Tân Khai A" for a placeholder."""
    name = attendee(d, desks)[0]
    if d.is_placeholder and name == d.display_name:
        org = d.organisation
        unit = (org.short_name or org.name) if org is not None else d.unit_text
        return f"ĐD {unit}"
    words = name.split()
    return " ".join(words[-2:]) if len(words) > 2 else name


def _event_line(event: Event) -> str:
    parts = [event.venue] if event.venue else []
    if event.date:
        parts.append(f"ngày {short_date(event.date)}")
    return ", ".join(parts)


# --- seating chart ----------------------------------------------------------------------------

def _chart_place(plan: dict, event: Event) -> str:
    name = plan.get("name", "")
    line = _event_line(event)
    if name and event.venue and name in event.venue:
        return line
    return " – ".join(p for p in (name, line) if p)


def seating_chart(event: Event, plan: dict, delegates: Sequence[Delegate], paper: str = "A3") -> FreePage:
    width, height = PAPER[paper]
    k = width / 420.0
    margin = 10 * k
    by_seat = {d.seat: d for d in delegates if d.seat}
    desks = desk_names(list(by_seat.values()))
    items: list = [
        Text(margin, 8 * k, "SƠ ĐỒ CHỖ NGỒI", size_pt=20 * k, bold=True, align="center", width_mm=width - 2 * margin),
        Text(margin, 17 * k, _fit(event.title, width - 2 * margin, 12 * k), size_pt=12 * k, align="center",
             width_mm=width - 2 * margin),
        Text(margin, 23 * k, _fit(_chart_place(plan, event), width - 2 * margin, 11 * k),
             size_pt=11 * k, italic=True, align="center", width_mm=width - 2 * margin),
        Text(margin, 31 * k, "SÂN KHẤU", size_pt=14 * k, bold=True, align="center", width_mm=width - 2 * margin),
    ]
    head_blocks = [b for b in plan["blocks"] if b["head"]]
    body_blocks = [b for b in plan["blocks"] if not b["head"]]
    widths = [max(r["seats"] for r in b["rows"]) for b in body_blocks]
    gap = 1.6
    label_col = 1.2
    units = sum(widths) + gap * max(0, len(body_blocks) - 1) + label_col * len(body_blocks)
    cell = (width - 2 * margin) / max(units, 1)
    size = max(3.5, min(8.0, cell / 1.5))
    y = 38 * k
    # the presidium: one line of seats centred under the stage
    for b in head_blocks:
        for r in b["rows"]:
            n = r["seats"]
            hcell = min(cell * 2.2, (width - 2 * margin) / n)
            x0 = (width - n * hcell) / 2
            for i in range(n):
                label = hall.seat_label(b["code"], r["label"], i + 1)
                d = by_seat.get(label)
                text = f"{b['code']}-{i + 1}\n{_fit(short_name(d, desks), hcell, size) if d else '—'}"
                items.append(Text(x0 + i * hcell, y, text, size_pt=size, align="center", width_mm=hcell - 0.6,
                                  bold=d is not None))
            y += 9 * k
        items.append(Text(margin, y - 2 * k, b["name"].upper(), size_pt=8 * k, italic=True, align="center",
                          width_mm=width - 2 * margin))
        y += 6 * k
    depth = max((len(b["rows"]) for b in body_blocks), default=1)
    legend_h = 24 * k
    row_h = min(18 * k, (height - y - legend_h - margin) / depth)
    x = margin
    reserved: dict[str, set[str]] = {}
    for b, w in zip(body_blocks, widths, strict=True):
        items.append(Text(x, y, b["name"], size_pt=9 * k, bold=True, align="center", width_mm=(w + label_col) * cell))
        for ri, r in enumerate(b["rows"]):
            ry = y + 5 * k + ri * row_h
            mark = "*" if r["awards"] else ("†" if r["reserve"] else "")
            items.append(Text(x, ry, f"{r['label']}{mark}", size_pt=size + 1, bold=True, width_mm=label_col * cell))
            for c in r["reserve"]:
                reserved.setdefault(c, set()).add(f"{b['code']}-{r['label']}")
            n = r["seats"]
            for number in range(1, n + 1):
                # seat 1 is next to the aisle: on the right of a block whose aisle is on its right
                pos = (w - number) if b["aisle"] == "right" else (number - 1)
                cx = x + label_col * cell + pos * cell
                label = hall.seat_label(b["code"], r["label"], number)
                d = by_seat.get(label)
                text = f"{number}\n{_fit(short_name(d, desks), cell * 2, size)}" if d else f"{number}\n·"
                items.append(Text(cx, ry, text, size_pt=size, align="center", width_mm=cell - 0.4))
        x += (w + label_col + gap) * cell
    ly = height - legend_h - margin / 2 + 4 * k
    seated = sum(1 for d in delegates if d.seat)
    legend = [f"Tổng số ghế: {hall.capacity(plan)}; đã xếp {seated} đại biểu. Ghế số 1 ở sát lối đi.",
              "* hàng dành cho đại biểu nhận khen thưởng (theo thứ tự lên nhận). "
              "† hàng dành riêng: " + "; ".join(f"{c}) {', '.join(sorted(v))}" for c, v in sorted(reserved.items()))]
    for i, line in enumerate(legend):
        items.append(Text(margin, ly + i * 6 * k, _fit(line, width - 2 * margin, 9 * k), size_pt=9 * k,
                          width_mm=width - 2 * margin))
    return FreePage(width, height, tuple(items), name=f"Sơ đồ chỗ ngồi {paper}")


def seating_chart_pdf(event: Event, plan: dict, delegates: Sequence[Delegate], paper: str = "A3") -> bytes:
    return render_pdf_many([seating_chart(event, plan, delegates, paper)])


# --- name cards (bảng tên) --------------------------------------------------------------------

def _mirrored(t: Text, fold_mm: float) -> Text:
    """The same text upside down in the other half, so the folded card reads from both sides."""
    per_line = t.size_pt * 0.3528 * 1.25  # a line's box height in mm
    lines = 1 if t.width_mm is None or len(t.text) * t.size_pt * 0.3528 * 0.5 <= t.width_mm else 2
    height = per_line * lines
    return Text(t.x_mm, 2 * fold_mm - t.y_mm - height, t.text, size_pt=t.size_pt, bold=t.bold, italic=t.italic,
                align=t.align, width_mm=t.width_mm, rotate=180)


def name_card(d: Delegate, desks: dict[int, str] | None = None) -> FreePage:
    """A4 landscape folded in two along the long side into a tent: the lower half faces the hall, the
    upper half (printed upside down) faces the presidium."""
    width, height = 297.0, 210.0
    who, line = attendee(d, desks)
    name = who.upper()
    size = 48 if len(name) <= 20 else (40 if len(name) <= 26 else 32)
    items = [
        Text(10, 101, "- " * 70, size_pt=8, align="center", width_mm=277),
        Text(10, 96, "gấp theo đường này", size_pt=7, italic=True, align="center", width_mm=277),
        Text(10, 128, name, size_pt=size, bold=True, align="center", width_mm=277),
    ]
    if line:
        items.append(Text(10, 172, _fit(line, 277 * 1.8, 18), size_pt=18, align="center", width_mm=277))
    items += [_mirrored(t, height / 2) for t in items[2:]]
    return FreePage(width, height, tuple(items), name=f"Bảng tên {who}")


def name_cards(delegates: Sequence[Delegate]) -> list[FreePage]:
    desks = desk_names(delegates)
    return [name_card(d, desks) for d in delegates]


def name_cards_pdf(delegates: Sequence[Delegate]) -> bytes:
    return render_pdf_many(name_cards(delegates))


# --- seat labels ------------------------------------------------------------------------------

LABEL_W, LABEL_H, LABEL_COLS, LABEL_ROWS = 105.0, 42.4, 2, 7


def seat_labels(event: Event, delegates: Sequence[Delegate], seat_texts: dict[str, str]) -> list[FreePage]:
    pages = []
    per_page = LABEL_COLS * LABEL_ROWS
    desks = desk_names(delegates)
    for start in range(0, len(delegates), per_page):
        items = []
        for i, d in enumerate(delegates[start:start + per_page]):
            who, title = attendee(d, desks)
            col, row = i % LABEL_COLS, i // LABEL_COLS
            x, y = col * LABEL_W + 6, 0.5 + row * LABEL_H + 4
            label = [
                Text(x, y, d.seat, size_pt=22, bold=True),
                Text(x + 45, y + 2, _fit(seat_texts.get(d.seat, ""), 48, 9), size_pt=9, italic=True, align="right",
                     width_mm=48),
                Text(x, y + 13, _fit(who, 93, 14), size_pt=14, bold=True, width_mm=93),
                Text(x, y + 21, _fit(title, 93 * 1.6, 9), size_pt=9, width_mm=93),
                Text(x, y + 31, _fit(f"{d.category.code}) {d.category.name}", 93, 8), size_pt=8, italic=True,
                     width_mm=93),
            ]
            items += [t for t in label if t.text]  # a seat outside the plan has no description
        pages.append(FreePage(210.0, 297.0, tuple(items), name="Nhãn ghế"))
    return pages


def seat_labels_pdf(event: Event, delegates: Sequence[Delegate], seat_texts: dict[str, str]) -> bytes:
    return render_pdf_many(seat_labels(event, delegates, seat_texts))


# --- parking list -----------------------------------------------------------------------------

PARKING_COLUMNS = [("STT", 12, "center"), ("Họ và tên", 52, "left"), ("Chức vụ, đơn vị", 78, "left"),
                   ("TP", 10, "center"), ("Ghế", 20, "center")]
ROWS_PER_PAGE = 34


def _parking_rows(groups: dict[str, list[Delegate]], seats: dict[str, str]):
    for vehicle in ("car", "motorbike"):
        for i, d in enumerate(groups.get(vehicle, []), start=1):
            yield vehicle, i, d


def parking_pages(event: Event, groups: dict[str, list[Delegate]], seats: dict[str, str]) -> list[FreePage]:
    pages: list[FreePage] = []
    desks = desk_names([d for people in groups.values() for d in people])
    for vehicle in ("car", "motorbike"):
        people = groups.get(vehicle, [])
        where = event.parking_car if vehicle == "car" else event.parking_motorbike
        chunks = [people[i:i + ROWS_PER_PAGE] for i in range(0, len(people), ROWS_PER_PAGE)] or [[]]
        for ci, chunk in enumerate(chunks):
            items = [
                Text(15, 12, event.authority.short_name.upper(), size_pt=12, bold=True),
                Text(15, 22, f"DANH SÁCH ĐẠI BIỂU ĐI {VEHICLE_TITLES[vehicle]}", size_pt=14, bold=True, align="center",
                     width_mm=180),
                Text(15, 29, _fit(event.title, 180 * 1.9, 11), size_pt=11, italic=True, align="center", width_mm=180),
                Text(15, 41, _fit(f"Nơi để xe: {where or 'theo hướng dẫn của Ban tổ chức'}. Tổng số: {len(people)}.",
                                  180, 12), size_pt=12, width_mm=180),
            ]
            y = 50.0
            x = 15.0
            for title, w, align in PARKING_COLUMNS:
                items.append(Text(x, y, title, size_pt=11, bold=True, align=align, width_mm=w))
                x += w
            items.append(Text(15, y + 4.2, "_" * 118, size_pt=8))
            y += 9
            for n, d in enumerate(chunk, start=ci * ROWS_PER_PAGE + 1):
                cells = [str(n), *attendee(d, desks), d.category.code, d.seat or ""]
                x = 15.0
                for (_title, w, align), value in zip(PARKING_COLUMNS, cells, strict=True):
                    if value:
                        items.append(Text(x, y, _fit(value, w - 1, 11), size_pt=11, align=align, width_mm=w - 1))
                    x += w
                y += 6.6
            if not chunk:
                items.append(Text(15, y, "Không có đại biểu nào đăng ký phương tiện này.", size_pt=11, italic=True))
            items.append(Text(15, 284, f"Trang {ci + 1}/{len(chunks)}", size_pt=9, align="right", width_mm=180))
            pages.append(FreePage(210.0, 297.0, tuple(items), name=f"Danh sách xe {vehicle}"))
    return pages


def parking_pdf(event: Event, groups: dict[str, list[Delegate]], seats: dict[str, str]) -> bytes:
    return render_pdf_many(parking_pages(event, groups, seats))


def parking_xlsx(event: Event, groups: dict[str, list[Delegate]], seats: dict[str, str]) -> bytes:
    columns = [ExportColumn("Phương tiện", 12), ExportColumn("Họ và tên", 28), ExportColumn("Chức vụ", 26),
               ExportColumn("Đơn vị", 34), ExportColumn("Thành phần", 10), ExportColumn("Điện thoại", 14),
               ExportColumn("Ghế", 10), ExportColumn("Vị trí ghế", 26), ExportColumn("Nơi để xe", 30)]
    rows = []
    desks = desk_names([d for people in groups.values() for d in people])
    for vehicle, _, d in _parking_rows(groups, seats):
        where = event.parking_car if vehicle == "car" else event.parking_motorbike
        name, _title = attendee(d, desks)
        position = d.position if name == d.display_name else (
            d.substitute_position if name == d.attendee_name else "")
        rows.append([VEHICLE_TITLES[vehicle].capitalize(), name, position, d.unit_name,
                     d.category.code, d.phone, d.seat, seats.get(d.seat, ""), where])  # made safe by write_xlsx
    return write_xlsx(columns, rows, title="DANH SÁCH ĐẠI BIỂU THEO PHƯƠNG TIỆN",
                      subtitle_lines=[event.title, _event_line(event)], sheet_name="Danh sách xe")


# --- the list of the delegates present (danh sách đại biểu có mặt) --------------------------------------
# A working paper, not an official document: the secretary attaches it to the minutes of the conference
# (biên bản hội nghị), whose number and signatures it shares; a number of its own would spend one of the
# register's, and Decree 30 (Art. 7) has no such document type. So: the authority's name top left, the
# title, no quốc hiệu, number, signature or Nơi nhận.


@dataclass(frozen=True)
class Present:
    name: str  # the person in the seat, a substitute "(dự thay …)"
    title: str  # their position and unit (`events.wording.who_attends`)
    at: str  # "07:12"


@dataclass(frozen=True)
class CategoryList:
    label: str  # "I. Đại biểu cấp tỉnh"
    invited: int
    present: tuple[Present, ...]


def attendance_list(event: Event) -> list[CategoryList]:
    """The delegates checked in (a standing check-in), by category in protocol order, each with the time
    of their check-in; and how many were invited in each (revoked letters not counted). Three queries."""
    checkins = {c.delegate_id: c for c in CheckIn.objects.filter(event=event, status=CheckInStatus.VALID)}
    delegates = list(Delegate.objects.filter(event=event, revoked=False).select_related("organisation")
                     .order_by("category__protocol_order", "display_order", "id"))
    by_category: dict[int, list[Delegate]] = {}
    for d in delegates:
        by_category.setdefault(d.category_id, []).append(d)
    out = []
    cats = DelegateCategory.objects.filter(event=event).order_by("protocol_order", "code")
    for i, cat in enumerate(cats, start=1):
        rows = []
        for d in by_category.get(cat.pk, []):
            c = checkins.get(d.pk)
            if c is None:
                continue
            name, title = who_attends(d, c.attendee_name)
            if name != d.display_name and not d.is_placeholder:
                name = f"{name} (dự thay {d.display_name})"
            rows.append(Present(name, title, timezone.localtime(c.at).strftime("%H:%M")))
        out.append(CategoryList(f"{roman(i)}. {cat.name}", len(by_category.get(cat.pk, [])), tuple(rows)))
    return out


def _counted(present: int, invited: int) -> str:
    return f"có mặt {format_number(present)}/{format_number(invited)} đại biểu được mời"


def attendance_document(event: Event, groups: Sequence[CategoryList]) -> Document:
    authority = event.authority
    present, invited = sum(len(g.present) for g in groups), sum(g.invited for g in groups)
    rows: list = []
    for g in groups:
        rows.append(GroupRow(f"{g.label} ({_counted(len(g.present), g.invited)})"))
        rows += [(str(n), p.name, p.title, p.at) for n, p in enumerate(g.present, start=1)]
    when = ", tại ".join(x for x in (long_date(event.date) if event.date else "", event.venue) if x)
    body = (*([Paragraph(f"({when[0].upper()}{when[1:]})", italic=True, align="center", indent=False)] if when else []),
            Table(columns=(Column("STT", 0.1, "center"), Column("Họ và tên", 0.3), Column("Chức vụ, đơn vị", 0.45),
                           Column("Giờ đến", 0.15, "center")),
                  rows=tuple(rows), total_row=("", "Tổng cộng", _counted(present, invited), ""),
                  name="Danh sách đại biểu có mặt"),
            Paragraph(f"Tổng số đại biểu có mặt: {format_number(present)}/{format_number(invited)} đại biểu được mời"
                      + (f" ({format_number(round(100 * present / invited))}%)." if invited else ".")))
    return Document(header=Header(parent_authority=authority.parent_line, authority=authority.header_name,
                                  number_code="", place_date=""),
                    kind_name="Danh sách đại biểu có mặt", summary=f"Kèm theo Biên bản {event.title}", body=body,
                    working=True, name=f"danh-sach-dai-bieu-co-mat-{event.slug}")


def attendance_xlsx(event: Event, groups: Sequence[CategoryList]) -> bytes:
    columns = [ExportColumn("Thành phần", 34), ExportColumn("Họ và tên", 34), ExportColumn("Chức vụ, đơn vị", 50),
               ExportColumn("Giờ đến", 10)]
    rows = [[g.label, p.name, p.title, p.at] for g in groups for p in g.present]
    present, invited = sum(len(g.present) for g in groups), sum(g.invited for g in groups)
    lines = [event.title, _event_line(event), *(f"{g.label}: {_counted(len(g.present), g.invited)}" for g in groups),
             f"Tổng cộng: {_counted(present, invited)}"]
    return write_xlsx(columns, rows, title="DANH SÁCH ĐẠI BIỂU CÓ MẶT", subtitle_lines=[x for x in lines if x],
                      sheet_name="Đại biểu có mặt")


def attendance_file(event: Event, fmt: str) -> tuple[bytes, str]:
    """(bytes, file name) of the list in `fmt` ("pdf", "docx" or "xlsx")."""
    groups = attendance_list(event)
    name = f"danh-sach-dai-bieu-co-mat-{event.slug}.{fmt}"
    if fmt == "xlsx":
        return attendance_xlsx(event, groups), name
    from thidua.paperwork import render_docx, render_pdf  # noqa: PLC0415 (startup)

    render = {"pdf": render_pdf, "docx": render_docx}[fmt]
    return render(attendance_document(event, groups)), name
