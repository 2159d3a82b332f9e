"""Import of units and people from the spreadsheets officials have. Every row is accounted for:
imported, updated, duplicate, skipped (a group heading or an empty row), or rejected with its row
number and a Vietnamese reason. A dry run produces the same report and changes nothing.

Imports run as background jobs (orgs.importjobs); the file is read outside any transaction and the rows
are written in short transactions (`ShortTransactions`), so a 50,000-row file never holds the database
while check-ins and other users write (#17)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import connection, transaction

from thidua.vn import normalise
from thidua.vn.collate import split_full_name
from thidua.vn.dates import parse_date
from thidua.vn.money import format_number
from thidua.vn.numbers import NumberError, parse_number

from . import services
from .models import Authority, Gender, Organisation, OrgKind, Person
from .sheets import (
    Column,
    ExportColumn,
    SheetError,
    SheetRow,
    SheetTable,
    legacy_note,
    read_table,
    write_xlsx,
)

IMPORTED, UPDATED, DUPLICATE, SKIPPED, REJECTED = "imported", "updated", "duplicate", "skipped", "rejected"
STATUS_LABELS = {
    IMPORTED: "Thêm mới",
    UPDATED: "Cập nhật",
    DUPLICATE: "Trùng lặp",
    SKIPPED: "Bỏ qua",
    REJECTED: "Bị từ chối",
}


@dataclass
class RowResult:
    row: int
    status: str
    reason: str = ""
    label: str = ""
    values: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportReport:
    kind: str
    filename: str
    dry_run: bool
    header_row: int = 0
    legacy_encoding: str | None = None
    unmatched_headers: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    legacy_counts: dict[str, int] = field(default_factory=dict)  # cells converted from TCVN3/VNI

    @classmethod
    def for_table(cls, kind: str, filename: str, dry_run: bool, table: SheetTable) -> ImportReport:
        return cls(kind, filename, dry_run, table.header_row, table.legacy_encoding, table.unmatched_headers,
                   legacy_counts=dict(table.legacy_counts))

    @property
    def legacy_note(self) -> str:
        """ "12 ô TCVN3, 3 ô VNI đã chuyển sang Unicode." (or "")."""
        return legacy_note(self.legacy_counts)

    def add(self, row: int, status: str, reason: str = "", label: str = "", values: dict | None = None) -> None:
        self.rows.append(RowResult(row, status, reason, label, values or {}))

    @property
    def counts(self) -> dict[str, int]:
        counts = {k: 0 for k in STATUS_LABELS}
        for r in self.rows:
            counts[r.status] += 1
        return counts

    SHOWN_ROWS = 1000

    @property
    def shown_rows(self) -> list[RowResult]:
        """The rows the report page lists: all of a small file; of a large one those that need a look
        (rejected, duplicate, skipped) first, at most SHOWN_ROWS, so a 50,000-row report stays a page."""
        if len(self.rows) <= self.SHOWN_ROWS:
            return self.rows
        notable = [r for r in self.rows if r.status not in (IMPORTED, UPDATED)]
        return notable[: self.SHOWN_ROWS]

    @property
    def hidden_rows(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == REJECTED]

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        """The report as `as_json` stored it (an import job's result)."""
        report = cls(data["kind"], data["file"], data["dry_run"], data["header_row"], data["legacy_encoding"],
                     list(data["unmatched_headers"]), legacy_counts=dict(data["legacy_counts"]))
        report.rows = [RowResult(r["row"], r["status"], r["reason"], r["label"], r["values"]) for r in data["rows"]]
        return report

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "file": self.filename,
            "dry_run": self.dry_run,
            "header_row": self.header_row,
            "legacy_encoding": self.legacy_encoding,
            "legacy_counts": self.legacy_counts,
            "legacy_note": self.legacy_note,
            "unmatched_headers": self.unmatched_headers,
            "counts": self.counts,
            "rows": [asdict(r) | {"status_label": r.status_label} for r in self.rows],
        }


Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, message: str = "") -> None:
    pass


class _Rollback(Exception):
    pass


def _run(report: ImportReport, dry_run: bool, body: Callable[[], None]) -> ImportReport:
    """All or nothing, for a small file that makes one whole (a scoring table and its criteria)."""
    try:
        with transaction.atomic():
            body()
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


class ShortTransactions:
    """An import's writes in short transactions instead of one long one (#17). `tick(done)` after each
    row ends the current transaction once it has lasted IMPORT_BATCH_SECONDS, reports progress (outside
    any transaction, so a dry run's rollback cannot undo it), and on SQLite pauses as long again, so a
    request waiting for the single write lock (a check-in) gets it between two batches. A dry run rolls
    each batch back; an error rolls back the batch it happened in, and the batches before it stay (the
    import is idempotent: run again, the rows already in are matched and updated, not doubled)."""

    def __init__(self, dry_run: bool, total: int, progress: Progress | None = None):
        self.dry_run, self.total = dry_run, total
        self.progress = progress or _no_progress
        self.seconds = settings.IMPORT_BATCH_SECONDS
        self.pause = self.seconds if connection.vendor == "sqlite" else 0.0
        self._atomic = None
        self._started = 0.0

    def _open(self) -> None:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._started = time.monotonic()

    def _close(self, exc: BaseException | None = None) -> None:
        atomic, self._atomic = self._atomic, None
        if exc is not None:
            atomic.__exit__(type(exc), exc, exc.__traceback__)
            return
        if self.dry_run:
            transaction.set_rollback(True)
        atomic.__exit__(None, None, None)

    def __enter__(self) -> ShortTransactions:
        self._open()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._close(exc)
        return False

    def tick(self, done: int) -> None:
        if time.monotonic() - self._started < self.seconds:
            return
        self._close()
        self.progress(done, self.total, f"Đã xử lý {format_number(done)}/{format_number(self.total)} dòng")
        if self.pause and not connection.in_atomic_block:
            time.sleep(self.pause)
        self._open()


def _raw_texts(row: SheetRow) -> list[str]:
    return [normalise.clean_text(str(v)) for v in row.raw if v not in (None, "") and str(v).strip()]


def _blank_or_heading(row: SheetRow) -> str | None:
    """Why a row holds no record: empty, or a group heading such as "I. KHỐI XÃ, THỊ TRẤN" or
    "Cộng" between the data rows (wherever in the row it stands); None for a data row."""
    texts = _raw_texts(row)
    if not texts:
        return "Dòng trống."
    mapped = [v for v in row.values.values() if v not in (None, "")]
    if len(set(texts)) == 1:
        t = texts[0]
        if re.match(r"^([IVXLC]+|[A-Z])[.)]\s", t) or t.isupper() or normalise.fold(t) in {"cong", "tong cong"}:
            return f"Dòng tiêu đề nhóm: {t}"
    if not mapped:
        return f"Dòng không có dữ liệu ở các cột cần nhập: {' '.join(texts)[:60]}"
    return None


def _formula_reason(row: SheetRow, columns: Sequence[Column], keys: Sequence[str]) -> str:
    """A text cell holding a formula (or text a spreadsheet would run: = + - @): refused, never read
    as data. Phone columns are not asked (+84… is a number)."""
    titles = {c.key: c.title for c in columns}
    for key in keys:
        value = row.values.get(key)
        if normalise.looks_like_formula(value):
            return f"Ô “{titles.get(key, key)}” chứa công thức ({value[:30]}), không phải dữ liệu."
    return ""


def footer_reason(row: SheetRow) -> str:
    """Why a row under the table (totals, the date line, signatures) is not read."""
    if not row.footer:
        return ""
    return f"Dòng cuối bảng (tổng cộng, ngày tháng, chữ ký): {' '.join(_raw_texts(row))[:60]}"


def text_check_reason(row: SheetRow) -> str:
    """A row with a cell that reads as Vietnamese both as it is and converted from TCVN3/VNI: refused
    with both readings side by side, never converted silently."""
    if not row.checks:
        return ""
    parts = [f"ô “{title}”: “{original}” (giữ nguyên) hay “{candidate}” (chuyển từ bảng mã cũ)?"
             for title, original, candidate in row.checks]
    return "Kiểm tra lại chữ: " + "; ".join(parts) + " Sửa ô này trong tệp rồi nhập lại."


# --- units ---------------------------------------------------------------------------------

UNIT_COLUMNS = [
    Column("code", "Mã đơn vị", ("Mã", "Mã ĐV", "Ma don vi", "Code")),
    Column("name", "Tên đơn vị", ("Đơn vị", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Tên cơ quan", "Tên"), required=True),
    Column("short_name", "Tên ngắn", ("Tên viết tắt", "Viết tắt")),
    Column("kind", "Loại", ("Loại đơn vị", "Khối", "Loại hình")),
    Column("parent", "Đơn vị cấp trên", ("Trực thuộc", "Cấp trên")),
    Column("order", "Thứ tự", ("STT", "TT", "Số thứ tự")),
    Column("phone", "Điện thoại", ("SĐT", "Số điện thoại", "ĐT")),
    Column("email", "Thư điện tử", ("Email", "E-mail")),
    Column("address", "Địa chỉ", ()),
]

_KIND_WORDS = {normalise.fold(label): value for value, label in OrgKind.choices} | {
    normalise.fold(value): value for value in OrgKind.values
} | {
    "phong ban": OrgKind.DEPARTMENT, "phong": OrgKind.DEPARTMENT, "doan the": OrgKind.MASS_ORG,
    "su nghiep": OrgKind.PUBLIC_SERVICE, "truong": OrgKind.SCHOOL, "truong hoc": OrgKind.SCHOOL,
    "nganh doc": OrgKind.VERTICAL, "xa": OrgKind.COMMUNE, "xa thi tran": OrgKind.COMMUNE, "dang": OrgKind.PARTY,
}


def guess_kind(name: str) -> str:
    f = normalise.fold(name)
    if f.startswith(("ubnd xa", "ubnd thi tran", "ubnd phuong", "xa ", "thi tran", "phuong ", "uy ban nhan dan xa")):
        return OrgKind.COMMUNE
    if f.startswith("truong"):
        return OrgKind.SCHOOL
    if f.startswith(("phong ", "thanh tra", "van phong hdnd")):
        return OrgKind.DEPARTMENT
    if f.startswith(("trung tam", "dai truyen", "ban quan ly")):
        return OrgKind.PUBLIC_SERVICE
    if f.startswith(("hoi ", "huyen doan", "uy ban mat tran", "lien doan lao dong", "uy ban mttq")):
        return OrgKind.MASS_ORG
    if f.startswith(("cong an", "ban chi huy quan su", "chi cuc", "kho bac", "toa an", "vien kiem sat",
                     "bao hiem xa hoi", "ngan hang", "dien luc")):
        return OrgKind.VERTICAL
    if f.startswith(("van phong huyen uy", "ban to chuc", "ban tuyen giao", "ban dan van", "uy ban kiem tra", "dang uy")):
        return OrgKind.PARTY
    return OrgKind.OTHER


def make_code(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", normalise.fold(name)).strip("-")[:34] or "don-vi"
    code, n = base, 2
    while code in taken:
        code = f"{base}-{n}"
        n += 1
    taken.add(code)
    return code


def import_units(actor, authority: Authority, data: bytes, filename: str, *, dry_run: bool,
                 max_bytes: int, encoding: str = "auto", progress: Progress | None = None) -> ImportReport:
    table = read_table(data, filename, UNIT_COLUMNS, max_bytes=max_bytes, encoding=encoding)
    report = ImportReport.for_table("units", filename, dry_run, table)
    existing = list(Organisation.objects.filter(authority=authority))
    by_code = {o.code.casefold(): o for o in existing}
    by_name = {normalise.match_key(o.name): o for o in existing}
    taken = {o.code for o in existing}
    seen: dict[str, int] = {}
    with ShortTransactions(dry_run, len(table.rows), progress) as batches:
        for done, row in enumerate(table.rows, 1):
            batches.tick(done)
            name = row.text("name")
            if skip := footer_reason(row) or _blank_or_heading(row):
                report.add(row.number, SKIPPED, skip)
                continue
            if reason := (_formula_reason(row, UNIT_COLUMNS, ["name", "short_name", "code", "parent", "address"])
                          or text_check_reason(row)):
                report.add(row.number, REJECTED, reason, label=name, values=_row_values(row))
                continue
            if not name:
                report.add(row.number, REJECTED, "Thiếu tên đơn vị.", values=_row_values(row))
                continue
            key = normalise.match_key(name)
            if key in seen:
                report.add(row.number, DUPLICATE, f"Trùng với dòng {seen[key]} trong tệp.", label=name)
                continue
            seen[key] = row.number
            kind_text = row.text("kind")
            kind = _KIND_WORDS.get(normalise.fold(kind_text)) if kind_text else guess_kind(name)
            if kind is None:
                report.add(row.number, REJECTED, f"Loại đơn vị “{kind_text}” không hợp lệ.", label=name,
                           values=_row_values(row))
                continue
            parent = None
            if parent_text := row.text("parent"):
                parent = by_code.get(parent_text.casefold()) or by_name.get(normalise.match_key(parent_text))
                if parent is None:
                    report.add(row.number, REJECTED, f"Không tìm thấy đơn vị cấp trên “{parent_text}”.", label=name,
                               values=_row_values(row))
                    continue
            order_value = row.values.get("order")
            try:
                order = (None if order_value in (None, "") else
                         parse_number(order_value, integer=True, label="Thứ tự"))
            except NumberError as exc:
                report.add(row.number, REJECTED, exc.message, label=name, values=_row_values(row))
                continue
            values = {
                "name": name,
                "short_name": row.text("short_name"),
                "kind": kind,
                "parent": parent,
                "phone": row.text("phone"),
                "email": row.text("email"),
                "address": row.text("address"),
            }
            if order is not None and order >= 0:
                values["display_order"] = int(order)
            code = row.text("code")
            target = by_code.get(code.casefold()) if code else None
            target = target or by_name.get(key)
            try:
                if target is not None:
                    services.update_organisation(actor, target, values)
                    report.add(row.number, UPDATED, label=name)
                else:
                    values["code"] = code or make_code(name, taken)
                    values.setdefault("display_order", row.number)
                    org = services.create_organisation(actor, authority, values)
                    by_code[org.code.casefold()] = org
                    by_name[key] = org
                    report.add(row.number, IMPORTED, label=name)
            except services.ValidationFailed as exc:
                report.add(row.number, REJECTED, exc.message, label=name, values=_row_values(row))
    return report


# --- people --------------------------------------------------------------------------------

PEOPLE_COLUMNS = [
    Column("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Tên đại biểu", "Họ và tên đại biểu", "Tên cá nhân")),
    Column("family_name", "Họ", ()),
    Column("middle_name", "Tên đệm", ("Chữ đệm", "Tên lót")),
    Column("given_name", "Tên", ()),
    Column("gender", "Giới tính", ("Nam/Nữ", "Phái", "Giới")),
    Column("position", "Chức vụ", ("Chức vụ, chức danh", "Chức danh", "Chức vụ/Chức danh")),
    Column("unit", "Đơn vị", ("Cơ quan, đơn vị", "Đơn vị công tác", "Cơ quan", "Nơi công tác", "Mã đơn vị")),
    Column("phone", "Điện thoại", ("SĐT", "Số điện thoại", "ĐT", "Di động")),
    Column("email", "Thư điện tử", ("Email", "E-mail")),
    Column("birth_date", "Ngày sinh", ("Năm sinh", "Ngày tháng năm sinh")),
]


def _gender(text: str) -> str | None:
    f = normalise.fold(text)
    if not f:
        return ""
    if f in {"nam", "m", "male", "ong"}:
        return Gender.MALE
    if f in {"nu", "f", "female", "ba"}:
        return Gender.FEMALE
    return None


def _row_values(row: SheetRow) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.values.items()}


class UnitMatcher:
    """Finds a unit by code, name or short name, accent- and spacing-insensitively; a unit that
    was merged resolves to the unit it merged into."""

    def __init__(self, authority: Authority):
        self.units = list(Organisation.objects.filter(authority=authority))
        self.index: dict[str, Organisation] = {}
        for o in self.units:
            for text in (o.code, o.name, o.short_name):
                if text:
                    self.index.setdefault(normalise.fold(text), o)

    def find(self, text: str) -> Organisation | None:
        org = self.index.get(normalise.fold(text))
        seen = set()
        while org is not None and org.merged_into_id and org.pk not in seen:
            seen.add(org.pk)
            org = next((u for u in self.units if u.pk == org.merged_into_id), org)
        return org


# New people written at a time by the real import: 100 people and their audit entries hold SQLite's write lock
# for a few milliseconds (200 gave a check-in p99 of 271 ms during a 50,000-row import with 8 desks).
PEOPLE_BATCH = 100
PROGRESS_EVERY = 100  # rows between two progress reports of an import that runs outside transactions


def import_people(actor, authority: Authority, data: bytes, filename: str, *, dry_run: bool,
                  max_bytes: int, encoding: str = "auto", default_unit: Organisation | None = None,
                  progress: Progress | None = None) -> ImportReport:
    table = read_table(data, filename, PEOPLE_COLUMNS, max_bytes=max_bytes, encoding=encoding)
    if "full_name" not in table.columns and "given_name" not in table.columns:
        raise SheetError("Thiếu cột “Họ và tên” (hoặc các cột “Họ”, “Tên đệm”, “Tên”).")
    report = ImportReport.for_table("people", filename, dry_run, table)

    units = UnitMatcher(authority)
    existing = {}
    for p in Person.objects.filter(authority=authority):
        existing[(normalise.match_key(p.full_name), p.organisation_id)] = p
    seen: dict[tuple, int] = {}
    new: list[Person] = []
    # No transaction around the rows: a dry run writes nothing (the services' checks only), and the real
    # import writes each update and each PEOPLE_BATCH new people in a transaction of their own, so the write
    # lock is held only while they are written, not while rows are read and checked (#17).
    total = len(table.rows)
    for done, row in enumerate(table.rows, 1):
        if len(new) >= PEOPLE_BATCH:
            if not dry_run:
                services.create_people(actor, new)
            new = []
        if progress is not None and done % PROGRESS_EVERY == 0:  # the job runner throttles the writes
            progress(done, total, f"Đã xử lý {format_number(done)}/{format_number(total)} dòng")
        if skip := footer_reason(row) or _blank_or_heading(row):
            report.add(row.number, SKIPPED, skip)
            continue
        full = row.text("full_name")
        if full:
            family, middle, given = split_full_name(full)
        else:
            family, middle, given = row.text("family_name"), row.text("middle_name"), row.text("given_name")
            full = " ".join(p for p in (family, middle, given) if p)
        if reason := (_formula_reason(row, PEOPLE_COLUMNS, ["full_name", "family_name", "middle_name",
                                                            "given_name", "position", "unit"])
                      or text_check_reason(row)):
            report.add(row.number, REJECTED, reason, label=full, values=_row_values(row))
            continue
        if not given:
            report.add(row.number, REJECTED, "Thiếu họ và tên.", values=_row_values(row))
            continue
        gender = _gender(row.text("gender"))
        if gender is None:
            report.add(row.number, REJECTED, f"Giới tính “{row.text('gender')}” không hợp lệ (ghi Nam hoặc Nữ).",
                       label=full, values=_row_values(row))
            continue
        unit_text = row.text("unit")
        unit = units.find(unit_text) if unit_text else default_unit
        if unit_text and unit is None:
            report.add(row.number, REJECTED, f"Không tìm thấy đơn vị “{unit_text}”.", label=full,
                       values=_row_values(row))
            continue
        birth = row.values.get("birth_date")
        birth_date = None
        if isinstance(birth, dt.date):
            birth_date = birth
        elif birth not in (None, ""):
            text = str(birth)
            if not re.fullmatch(r"(19|20)\d\d", text):
                try:
                    birth_date = parse_date(text)
                except ValueError:
                    report.add(row.number, REJECTED, f"Ngày sinh “{text}” không hợp lệ.", label=full,
                               values=_row_values(row))
                    continue
        key = (normalise.match_key(full), unit.pk if unit else None)
        if key in seen:
            report.add(row.number, DUPLICATE, f"Trùng với dòng {seen[key]} trong tệp.", label=full)
            continue
        seen[key] = row.number
        values = {
            "family_name": family, "middle_name": middle, "given_name": given, "gender": gender,
            "position": row.text("position"), "organisation": unit, "phone": row.text("phone"),
            "email": row.text("email"), "birth_date": birth_date,
        }
        try:
            if key in existing:
                if dry_run:
                    services.check_person_update(actor, existing[key], values)
                else:
                    services.update_person(actor, existing[key], values)
                report.add(row.number, UPDATED, label=full)
            else:
                new.append(services.new_person(actor, authority, values))
                report.add(row.number, IMPORTED, label=full)
        except services.ValidationFailed as exc:
            report.add(row.number, REJECTED, exc.message, label=full, values=_row_values(row))
    if new and not dry_run:
        services.create_people(actor, new)
    return report


def template_workbook(kind: str) -> bytes:
    """A blank workbook with the expected headers and one example row."""
    if kind == "units":
        cols = [ExportColumn(c.title, 24) for c in UNIT_COLUMNS if c.key != "order"]
        example = ["xa-tan-khai", "UBND thị trấn Tân Khai", "TT Tân Khai", "Xã, phường, thị trấn", "", "0271 3 000 000",
                   "", "Thị trấn Tân Khai"]
        return write_xlsx(cols, [example], title="MẪU DANH SÁCH ĐƠN VỊ")
    cols = [ExportColumn(t, 22) for t in ("Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Điện thoại", "Thư điện tử",
                                          "Ngày sinh")]
    example = ["Nguyễn Văn An", "Nam", "Chuyên viên", "Phòng Nội vụ", "0912 000 000", "", "07/04/1985"]
    return write_xlsx(cols, [example], title="MẪU DANH SÁCH CÁ NHÂN")


def rejected_workbook(report: ImportReport) -> bytes:
    """The rejected rows with their reasons, to fix and import again."""
    keys: list[str] = []
    for r in report.rejected:
        for k in r.values:
            if k not in keys:
                keys.append(k)
    cols = [ExportColumn("Dòng", 8), ExportColumn("Lý do", 40), *[ExportColumn(k, 20) for k in keys]]
    rows = [[r.row, r.reason, *[r.values.get(k) for k in keys]] for r in report.rejected]
    return write_xlsx(cols, rows, title="CÁC DÒNG BỊ TỪ CHỐI")
