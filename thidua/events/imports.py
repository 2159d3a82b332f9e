"""Import of delegates from the spreadsheets officials keep, on the foundation's reader
(`read_table`: title rows, header synonyms, merged cells, NFD, TCVN3/VNI, zip bombs) and report
(`ImportReport`: every row imported, updated, duplicate, skipped or rejected with a reason).

Categories are matched by code ("a", "b)") or name ("Đại biểu huyện"); a heading row such as
"b) Đại biểu huyện" between the data sets the category for the rows under it. A row with a unit
but no name invites "Đại diện lãnh đạo <unit>"."""

from __future__ import annotations

import re

from thidua.orgs.imports import (
    DUPLICATE,
    IMPORTED,
    PROGRESS_EVERY,
    REJECTED,
    SKIPPED,
    UPDATED,
    ImportReport,
    Progress,
    RowResult,
    UnitMatcher,
    _row_values,
    footer_reason,
    text_check_reason,
)
from thidua.orgs.models import Person
from thidua.orgs.sheets import Column, ExportColumn, SheetError, SheetRow, read_table, write_xlsx
from thidua.vn import normalise
from thidua.vn.people import gender_code

from . import services
from .models import Delegate, DelegateCategory, Event

COLUMNS = [
    Column("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Tên đại biểu", "Họ và tên đại biểu", "Đại biểu",
                                      "Tên khách mời")),
    Column("salutation", "Danh xưng", ("Ông/Bà", "Giới tính", "Nam/Nữ", "Giới", "Xưng hô")),
    Column("position", "Chức vụ", ("Chức vụ, chức danh", "Chức danh", "Chức vụ/Chức danh")),
    Column("unit", "Đơn vị", ("Cơ quan, đơn vị", "Đơn vị công tác", "Cơ quan", "Nơi công tác", "Mã đơn vị")),
    Column("category", "Thành phần", ("Thành phần đại biểu", "Nhóm đại biểu", "Loại đại biểu", "Nhóm", "TP")),
    Column("phone", "Điện thoại", ("SĐT", "Số điện thoại", "ĐT", "Di động")),
    Column("email", "Thư điện tử", ("Email", "E-mail")),
    Column("vehicle", "Phương tiện", ("Xe", "Loại xe", "Phương tiện đi lại")),
    Column("notes", "Ghi chú", ()),
]

_VEHICLES = {"o to": "car", "oto": "car", "xe hoi": "car", "xe o to": "car", "car": "car", "xe may": "motorbike",
             "xe gan may": "motorbike", "mo to": "motorbike", "motorbike": "motorbike", "": ""}


class CategoryMatcher:
    def __init__(self, event: Event):
        self.index: dict[str, DelegateCategory] = {}
        for c in DelegateCategory.objects.filter(event=event):
            self.index[normalise.fold(c.code)] = c
            self.index[normalise.fold(c.name)] = c
            self.index[normalise.fold(f"{c.code}) {c.name}")] = c

    def find(self, text: str) -> DelegateCategory | None:
        key = normalise.fold(text).strip(" .:")
        if key in self.index:
            return self.index[key]
        m = re.match(r"^([a-z0-9]{1,3})\s*[).:-]\s*(.*)$", key)
        if m:
            return self.index.get(m.group(1)) or self.index.get(m.group(2))
        return None


def _formula(row: SheetRow) -> str:
    for key in ("full_name", "position", "unit", "notes", "category"):
        value = row.values.get(key)
        if normalise.looks_like_formula(value):
            return f"Ô “{dict((c.key, c.title) for c in COLUMNS)[key]}” chứa công thức ({value[:30]}), không phải dữ liệu."
    return ""


def import_delegates(actor, event: Event, data: bytes, filename: str, *, dry_run: bool, max_bytes: int,
                     encoding: str = "auto", default_category: DelegateCategory | None = None,
                     progress: Progress | None = None) -> ImportReport:
    """Rows are read and checked outside any transaction; the real import then writes the delegates in one
    bulk transaction (an event's list is a few thousand rows at most: well under a second)."""
    table = read_table(data, filename, COLUMNS, max_bytes=max_bytes, encoding=encoding)
    if "full_name" not in table.columns and "unit" not in table.columns:
        seen = ", ".join(f"“{h[:40]}”" for h in table.unmatched_headers[:15]) or "không có"
        raise SheetError("Thiếu cột “Họ và tên” (hoặc “Đơn vị” để mời đại diện lãnh đạo đơn vị). "
                         f"Các cột thấy ở dòng tiêu đề {table.header_row}: {seen}.")
    report = ImportReport.for_table("delegates", filename, dry_run, table)
    units = UnitMatcher(event.authority)
    categories = CategoryMatcher(event)
    people = {(normalise.match_key(p.full_name), p.organisation_id): p
              for p in Person.objects.filter(authority_id=event.authority_id, active=True)}
    existing = {}
    # "Đại diện lãnh đạo <unit>" rows have no name to match by: the n-th such row of a unit in the file
    # is the n-th such delegate of that unit already invited, so importing the file again adds none.
    representatives: dict[tuple, list[Delegate]] = {}
    for d in Delegate.objects.filter(event=event).select_related("organisation").order_by("display_order", "pk"):
        existing.setdefault((normalise.match_key(d.display_name), d.organisation_id, normalise.fold(d.unit_text)), d)
        if not d.full_name and not d.represents and not d.person_id:
            representatives.setdefault((d.organisation_id, normalise.fold(d.unit_text)), []).append(d)
    seen: dict[tuple, int] = {}
    current = default_category
    creates: list[dict] = []
    pending: dict[tuple[str, int], tuple[int, object]] = {}  # (kind, index) → (report position, row)
    updates: list[tuple[Delegate, dict]] = []
    total = len(table.rows)
    for done, row in enumerate(table.rows, 1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total, f"Đã kiểm tra {done}/{total} dòng")
        texts = [v for v in row.values.values() if v not in (None, "")]
        if not texts:
            report.add(row.number, SKIPPED, "Dòng trống.")
            continue
        if skip := footer_reason(row):
            report.add(row.number, SKIPPED, skip)
            continue
        name, unit_text, cat_text = row.text("full_name"), row.text("unit"), row.text("category")
        if len(texts) == 1 and isinstance(texts[0], str) and not cat_text:
            heading = categories.find(texts[0]) or categories.find(re.sub(r"^[IVX]+[.)]\s*", "", texts[0]))
            if heading is not None:
                current = heading
                report.add(row.number, SKIPPED, f"Dòng tiêu đề thành phần {heading}.", label=texts[0])
                continue
            if re.match(r"^([IVXLC]+|[A-Za-z])[.)]\s", texts[0]) or texts[0].isupper():
                report.add(row.number, SKIPPED, "Dòng tiêu đề nhóm.", label=texts[0])
                continue
        label = name or (f"Đại diện lãnh đạo {unit_text}" if unit_text else "")
        if reason := _formula(row) or text_check_reason(row):
            report.add(row.number, REJECTED, reason, label=label, values=_row_values(row))
            continue
        if not name and not unit_text:
            report.add(row.number, REJECTED, "Thiếu họ và tên (và không có đơn vị để mời đại diện).",
                       values=_row_values(row))
            continue
        category = categories.find(cat_text) if cat_text else current
        if category is None:
            reason = (f"Không rõ thành phần “{cat_text}” (ghi ký hiệu a, b, c… hoặc tên thành phần)." if cat_text
                      else "Thiếu thành phần đại biểu.")
            report.add(row.number, REJECTED, reason, label=label, values=_row_values(row))
            continue
        sal = row.text("salutation")
        gender = gender_code(sal) if sal else ""
        if gender is None:
            report.add(row.number, REJECTED, f"Danh xưng “{sal}” không hợp lệ (ghi Ông hoặc Bà, Nam hoặc Nữ).",
                       label=label, values=_row_values(row))
            continue
        vehicle = _VEHICLES.get(normalise.fold(row.text("vehicle")))
        if vehicle is None:
            report.add(row.number, REJECTED, f"Phương tiện “{row.text('vehicle')}” không rõ (ghi ô tô hoặc xe máy).",
                       label=label, values=_row_values(row))
            continue
        email = row.text("email")
        unit = units.find(unit_text) if unit_text else None
        free_unit = unit_text if unit is None else ""
        key = (normalise.match_key(label if name else f"Đại diện lãnh đạo {unit.name if unit else unit_text}"),
               unit.pk if unit else None, normalise.fold(free_unit))
        if name and key in seen:
            report.add(row.number, DUPLICATE, f"Trùng với dòng {seen[key]} trong tệp.", label=label)
            continue
        seen.setdefault(key, row.number)
        person = people.get((key[0], unit.pk if unit else None)) if name else None  # key[0]: the name's match key
        values = {"category": category, "organisation": unit, "unit_text": free_unit, "full_name": name,
                  "position": row.text("position") or (person.position if person else ""),
                  "gender": gender or (person.gender if person else ""), "person": person,
                  "phone": row.text("phone") or (person.phone if person else ""), "email": email,
                  "vehicle": vehicle, "notes": row.text("notes")}
        note = "" if unit or not unit_text else f"Đơn vị “{unit_text}” ngoài danh bạ: ghi nguyên văn."
        if name:
            target = existing.get(key)
        else:
            waiting = representatives.get((unit.pk if unit else None, normalise.fold(free_unit)), [])
            target = waiting.pop(0) if waiting else None
        changes = values
        if target is not None:
            changes = {k: v for k, v in values.items() if v not in ("", None) or k == "category"}
        if dry_run:  # the service's own rules, as the real import below applies them when it saves
            try:
                services.check_delegate(event, changes, target)
            except services.ValidationFailed as exc:
                report.add(row.number, REJECTED, exc.message, label=label, values=_row_values(row))
                continue
        pending[("update" if target is not None else "create",
                 len(updates) if target is not None else len(creates))] = (len(report.rows), row)
        if target is not None:
            updates.append((target, changes))
            report.add(row.number, UPDATED, note, label=label)
        else:
            creates.append(values)
            report.add(row.number, IMPORTED, note, label=label)
    if not dry_run and (creates or updates):

        def refused(kind: str, index: int, message: str) -> None:
            at, row = pending[(kind, index)]
            report.rows[at] = RowResult(row.number, REJECTED, message, report.rows[at].label, _row_values(row))

        services.import_delegates(actor, event, creates, updates, filename, on_invalid=refused)
    return report


def template_workbook() -> bytes:
    cols = [ExportColumn(t, w) for t, w in (("Họ và tên", 26), ("Danh xưng", 10), ("Chức vụ", 26), ("Đơn vị", 32),
                                             ("Thành phần", 12), ("Điện thoại", 14), ("Thư điện tử", 24),
                                             ("Phương tiện", 12), ("Ghi chú", 20))]
    rows = [["Nguyễn Văn An", "Ông", "Trưởng phòng", "Phòng Nội vụ", "b", "0912 000 000", "", "Ô tô", ""],
            ["", "", "", "UBND xã Thanh An", "c", "", "", "", "Đơn vị cử đại diện lãnh đạo"]]
    return write_xlsx(cols, rows, title="MẪU DANH SÁCH ĐẠI BIỂU")
