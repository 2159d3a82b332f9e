"""Proposal lists from Excel (#19): a unit, or a commune's secretariat, imports its list of candidates (name,
birth year, position, unit, form, achievement summary) into DRAFT proposals, one per unit × form × year.

The file is read by the same reader as the units and people imports (`orgs.sheets.read_table`: TCVN3/VNI
cells converted, a header under title rows, header synonyms, footers) and every row is accounted for in
the same report (`orgs.imports.ImportReport`): imported (a line added to a draft), duplicate, skipped
(a heading, a blank row, the footer), or rejected with a Vietnamese reason. The rows are written through
the services (permission, authority, audit) in ONE transaction, each row in a savepoint of its own, so a
refused row never undoes the others; a dry run runs the very same code and rolls everything back.

People are matched to `orgs.Person` by name (accent-insensitively, the exact spelling preferred), birth
year and unit, or created; a row without a birth year whose name is a unit becomes a collective line.
A unit officer imports for its own unit only; the secretariat for any unit of its authority.

The import runs as a background job like the others (`orgs.importjobs`): kind "proposals"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from thidua import clock
from thidua.orgs import services as org_services
from thidua.orgs.importjobs import ImportKind, register
from thidua.orgs.imports import (
    DUPLICATE,
    IMPORTED,
    REJECTED,
    SKIPPED,
    ImportReport,
    Progress,
    UnitMatcher,
    footer_reason,
    text_check_reason,
)
from thidua.orgs.models import Authority, AuthorityLevel, Gender, Job, Organisation, Person, User
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import Column, ExportColumn, SheetError, SheetRow, read_table, write_xlsx
from thidua.paperwork.fonts import undrawable_message
from thidua.vn import normalise
from thidua.vn.collate import split_full_name
from thidua.vn.dates import parse_date
from thidua.vn.money import format_number

from . import services, states
from .models import Award, AwardFamily, Proposal, RecipientKind

KIND = "proposals"
LABEL = "đề nghị khen thưởng"
MAX_ROWS = 5000  # a list is a unit's or a commune's year, not a database
FAMILY = "thuong-xuyen"  # an imported list is the year's regular commendation

COLUMNS = [
    Column("name", "Họ và tên", ("Họ tên", "Họ, tên", "Tên cá nhân", "Tên tập thể", "Họ và tên / Tên tập thể",
                                 "Tập thể, cá nhân", "Cá nhân, tập thể", "Tên tập thể, cá nhân",
                                 "Tên cá nhân, tập thể", "Họ tên cá nhân, tên tập thể"), required=True),
    Column("birth", "Năm sinh", ("NS", "Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh năm")),
    # "Năm sinh" over two sub-columns "Nam" | "Nữ", as many lists have it: the year in one tells the gender
    Column("birth_male", "Nam", ("Năm sinh nam",)),
    Column("birth_female", "Nữ", ("Năm sinh nữ",)),
    Column("gender", "Giới tính", ("Nam/Nữ", "Giới", "Phái")),
    Column("position", "Chức vụ", ("Chức vụ, chức danh", "Chức danh", "Chức vụ/Chức danh", "CV")),
    Column("unit", "Đơn vị", ("Đơn vị công tác", "Cơ quan, đơn vị", "Nơi công tác", "Cơ quan", "Đơn vị đề nghị")),
    Column("award", "Hình thức khen thưởng", ("Danh hiệu", "Hình thức", "Danh hiệu thi đua", "Danh hiệu, hình thức",
                                              "Hình thức, danh hiệu", "Danh hiệu, hình thức khen thưởng",
                                              "Hình thức đề nghị", "Danh hiệu đề nghị", "Đề nghị khen thưởng",
                                              "Hình thức khen", "HTKT")),  # or a heading over the rows
    Column("achievement", "Tóm tắt thành tích", ("Thành tích", "Thành tích đạt được", "Nội dung thành tích",
                                                 "Tóm tắt thành tích đạt được", "Thành tích tiêu biểu")),
]

# words officials shorten in a form's name, and the titles known by their initials (LĐTT, CSTĐCS)
_WORDS = {"ubnd": "uy ban nhan dan", "ct": "chu tich", "tt": "thu tuong", "cp": "chinh phu",
          "bk": "bang khen", "gk": "giay khen", "cstd": "chien si thi dua", "tw": "trung uong"}
_LEVEL_PREFERENCE = {  # which of several matching forms an authority of this level means ("Giấy khen")
    AuthorityLevel.COMMUNE: ("commune", "grassroots"),
    AuthorityLevel.DISTRICT: ("district", "grassroots"),
    AuthorityLevel.DEPARTMENT: ("grassroots",),
    AuthorityLevel.SECTOR: ("grassroots",),
    AuthorityLevel.PROVINCE: ("province",),
}


def _words(text: str) -> list[str]:
    folded = re.sub(r"[^a-z0-9]+", " ", normalise.fold(text)).split()
    out: list[str] = []
    for w in folded:
        out.extend(_WORDS.get(w, w).split())
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.sub(r"[^a-z0-9]+", " ", normalise.fold(name)).split())


class AwardMatcher:
    """Finds a title or form of the catalogue from what a list calls it: its code or name, accent- and
    case-insensitively, with common shortenings ("UBND", "CT", "LĐTT"); a shorter name ("Giấy khen")
    matches the forms whose names hold all its words, and of several the one this authority's level
    gives (a commune's "Giấy khen" is its chairman's)."""

    _STOP = {"cua", "cap"}

    def __init__(self, authority: Authority):
        self.awards = list(Award.objects.filter(active=True))
        self.level = authority.level
        self.exact: dict[str, Award] = {}
        for a in self.awards:
            self.exact.setdefault(a.code.casefold(), a)
            self.exact.setdefault(" ".join(_words(a.name)), a)
        for a in self.awards:
            self.exact.setdefault(_initials(a.name), a)

    def find(self, text: str, kind: str) -> tuple[Award | None, str]:
        """(the award, "") or (None, why not)."""
        words = _words(text)
        key = " ".join(words)
        found = self.exact.get(text.strip().casefold()) or self.exact.get(key) or self.exact.get(key.replace(" ", ""))
        if found is not None:
            return found, ""
        wanted = set(words) - self._STOP
        candidates = [a for a in self.awards if wanted and wanted <= set(_words(a.name))]
        fits = [a for a in candidates if kind in a.kinds]
        if candidates and not fits:  # "Lao động tiên tiến" is not "Tập thể lao động tiên tiến"
            names = "; ".join(f"“{a.name}”" for a in candidates[:5])
            return None, (f"Không có hình thức khen thưởng “{text}” dành cho {RecipientKind(kind).label.lower()} "
                          f"trong danh mục (gần giống: {names}).")
        if len(candidates) > 1:
            preferred = _LEVEL_PREFERENCE.get(self.level, ())
            for level in preferred:
                at_level = [a for a in fits if a.level == level]
                if len(at_level) == 1:
                    return at_level[0], ""
            candidates = fits
        if len(candidates) == 1:
            return candidates[0], ""
        if candidates:
            names = "; ".join(f"“{a.name}”" for a in candidates[:5])
            return None, f"“{text}” có thể là: {names}. Ghi rõ tên hình thức khen thưởng."
        return None, (f"Không có hình thức khen thưởng “{text}” trong danh mục; ghi tên hoặc mã như trong "
                      "Danh mục khen thưởng (ví dụ “Lao động tiên tiến”, “Giấy khen”).")


def birth_year(value: object) -> int | None:
    """The year of a “Năm sinh” cell: 1985, "1985", 07/04/1985 or a date; ValueError if it is none of them."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise.clean_text(str(value))
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
    else:
        year = parse_date(text).year  # ValueError on anything else
    if not 1900 <= year <= clock.today().year:
        raise ValueError(text)
    return year


def _birth_cell(row: SheetRow) -> tuple[str, str]:
    """(the column holding the birth year, the gender it or the “Giới tính” column tells, or "")."""
    text = normalise.fold(row.text("gender"))
    gender = Gender.MALE if text in {"nam", "m", "ong"} else Gender.FEMALE if text in {"nu", "f", "ba"} else ""
    if row.values.get("birth_female") not in (None, ""):
        return "birth_female", Gender.FEMALE
    if row.values.get("birth_male") not in (None, ""):
        return "birth_male", Gender.MALE
    if row.values.get("birth") not in (None, "") and "birth_female" in row.values and "birth_male" not in row.values:
        return "birth", Gender.MALE  # "Năm sinh" merged over "Nam" | "Nữ": its first column is "Nam"
    return "birth", gender


def _birth_date(value: object) -> dt.date | None:
    """A full date of birth when the cell holds one (a year alone is no date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalise.clean_text(str(value or ""))
    if not text or re.fullmatch(r"\d{4}(\.0)?", text):
        return None
    try:
        return parse_date(text)
    except ValueError:
        return None


def _values(row: SheetRow) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.values.items()}


@dataclass
class _Plan:
    """What one row asks for, before anything is written."""

    kind: str
    award: Award
    unit: Organisation  # the proposing unit (the proposal's)
    home: Organisation  # the person's unit, or the collective itself
    name: str
    year: int | None
    birth: dt.date | None
    gender: str
    position: str
    achievement: str


class _People:
    """The authority's people by folded name and unit, to match a row to one of them."""

    def __init__(self, authority: Authority):
        self.by_fold: dict[tuple[str, int | None], list[Person]] = {}
        for p in Person.objects.filter(authority=authority):  # a retired person is still themselves
            self.by_fold.setdefault((normalise.fold(p.full_name), p.organisation_id), []).append(p)

    def find(self, name: str, year: int | None, unit: Organisation) -> Person | None:
        """The one person this row means, None for a new one; ValidationFailed when it cannot tell."""
        found = [p for p in self.by_fold.get((normalise.fold(name), unit.pk), [])
                 if year is None or p.birth_date is None or p.birth_date.year == year]
        if len(found) > 1:
            exact = [p for p in found if normalise.match_key(p.full_name) == normalise.match_key(name)]
            found = exact or found
        if len(found) > 1 and year is not None:
            found = [p for p in found if p.birth_date and p.birth_date.year == year] or found
        if len(found) > 1:
            raise ValidationFailed(f"Có {len(found)} người tên “{name}” ở {unit.name}; ghi năm sinh để phân biệt.")
        return found[0] if found else None

    def add(self, person: Person) -> None:
        self.by_fold.setdefault((normalise.fold(person.full_name), person.organisation_id), []).append(person)


def _own_units(unit: Organisation) -> set[int]:
    return {unit.pk, *Organisation.objects.filter(parent=unit).values_list("pk", flat=True)}


class _Importer:
    def __init__(self, actor: User | None, authority: Authority, year: int, default_unit: Organisation | None):
        self.actor, self.authority, self.year = actor, authority, year
        self.units = UnitMatcher(authority)
        self.awards = AwardMatcher(authority)
        self.people = _People(authority)
        self.family = AwardFamily.objects.get(code=FAMILY)
        unit_id = scope_for(actor).unit_id if actor is not None else None
        self.own = next((u for u in self.units.units if u.pk == unit_id), None) if unit_id else None
        if unit_id and self.own is None:
            raise SheetError("Tài khoản của bạn chưa gắn với đơn vị nào của cơ quan này.")
        self.own_ids = _own_units(self.own) if self.own else set()
        self.default_unit = self.own or default_unit
        self.drafts: dict[tuple[int, int], Proposal] = {}
        self.heading_award = ""  # the form a group heading names ("I. LAO ĐỘNG TIÊN TIẾN"), for the rows under it

    def heading(self, reason: str) -> str:
        """A group heading that names a form ("I. LAO ĐỘNG TIÊN TIẾN", "Danh hiệu: Chiến sĩ thi đua cơ sở
        (05 người)") gives it to the rows under it that have none of their own."""
        text = normalise.fold(reason.removeprefix("Dòng tiêu đề nhóm: "))
        text = re.sub(r"^([ivxlc]+|[a-z]|\d+)[.)]\s*", "", text)
        text = re.sub(r"^(danh hieu|hinh thuc|de nghi tang|de nghi|tang)\s*:?\s*", "", text)
        text = re.sub(r"\s*\(.*\)\s*$", "", text).strip(" :.")
        if not text or text in {"tap the", "ca nhan", "ho gia dinh", "tap the, ca nhan", "ca nhan, tap the"}:
            return reason  # a heading of who, not of what
        for kind in (RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE):
            award, _why = self.awards.find(text, kind)
            if award is not None:
                self.heading_award = award.name
                return f"{reason} (hình thức cho các dòng dưới: {award.name})"
        return reason

    # --- reading a row ---------------------------------------------------------------------

    def plan(self, row: SheetRow) -> _Plan:
        """What the row asks for; ValidationFailed (the row's reason) when it cannot be imported."""
        name = row.text("name")
        for key, title in (("name", "Họ và tên"), ("position", "Chức vụ"), ("unit", "Đơn vị"),
                           ("award", "Hình thức khen thưởng"), ("achievement", "Tóm tắt thành tích")):
            value = row.values.get(key)
            if normalise.looks_like_formula(value):
                raise ValidationFailed(f"Ô “{title}” chứa công thức ({str(value)[:30]}), không phải dữ liệu.")
            if message := undrawable_message(f"Ô “{title}”", row.text(key)):
                raise ValidationFailed(message)
        if reason := text_check_reason(row):
            raise ValidationFailed(reason)
        if not name:
            raise ValidationFailed("Thiếu họ và tên (hoặc tên tập thể).")
        birth_key, gender = _birth_cell(row)
        try:
            year = birth_year(row.values.get(birth_key))
        except ValueError:
            raise ValidationFailed(f"Năm sinh “{row.text(birth_key)}” không hợp lệ (ghi năm, ví dụ 1985).") from None
        unit_text = row.text("unit")
        unit = self.units.find(unit_text) if unit_text else None
        if unit_text and unit is None:
            raise ValidationFailed(f"Không tìm thấy đơn vị “{unit_text}” trong danh sách đơn vị.")
        collective = self.units.find(name) if year is None else None
        kind = RecipientKind.COLLECTIVE if collective else RecipientKind.INDIVIDUAL
        award_text = row.text("award") or self.heading_award
        if not award_text:
            raise ValidationFailed(f"Dòng {row.number}: thiếu hình thức khen thưởng (cột “Hình thức khen thưởng”, "
                                   "hoặc dòng tiêu đề nhóm ghi hình thức, ví dụ “I. LAO ĐỘNG TIÊN TIẾN”).")
        award, why = self.awards.find(award_text, kind)
        if award is None:
            raise ValidationFailed(f"Dòng {row.number}: {why}")
        if kind not in award.kinds:
            if kind == RecipientKind.INDIVIDUAL and RecipientKind.COLLECTIVE in award.kinds:
                raise ValidationFailed(f"“{award.name}” chỉ dành cho tập thể, mà “{name}” không khớp đơn vị nào "
                                       "trong danh sách đơn vị.")
            raise ValidationFailed(f"“{award.name}” không dành cho {RecipientKind(kind).label.lower()}.")
        home = collective or unit
        if self.own is not None:  # a unit officer: its own unit, and the units under it, only
            if home is not None and home.pk not in self.own_ids:
                raise ValidationFailed(f"“{home.name}” không phải đơn vị của bạn ({self.own.name}): cán bộ đơn vị "
                                       "chỉ nhập danh sách của đơn vị mình.")
            proposing = self.own
        elif collective is not None:
            proposing = unit if unit is not None and collective.parent_id == unit.pk else collective
        else:
            proposing = unit or self.default_unit
        if proposing is None:
            raise ValidationFailed("Thiếu đơn vị (cột “Đơn vị”).")
        return _Plan(kind, award, proposing, home or proposing, name, year, _birth_date(row.values.get(birth_key)),
                     gender, row.text("position"), normalise.clean_multiline(str(row.values.get("achievement") or "")))

    # --- writing a row ---------------------------------------------------------------------

    def _person(self, plan: _Plan) -> tuple[Person, bool]:
        person = self.people.find(plan.name, plan.year, plan.home)
        if person is not None:
            # what the list knows and the record lacks (never overwriting what the record has)
            missing = {k: v for k, v in (("position", plan.position), ("birth_date", plan.birth),
                                         ("gender", plan.gender)) if v and not getattr(person, k)}
            if missing:
                try:
                    org_services.update_person(self.actor, person, missing)
                except PermissionDenied:  # a person of a unit under the officer's: the line is still theirs
                    person.refresh_from_db()
            return person, False
        family, middle, given = split_full_name(plan.name)
        try:
            person = org_services.create_person(self.actor, self.authority, {
                "family_name": family, "middle_name": middle, "given_name": given, "position": plan.position,
                "organisation": plan.home, "birth_date": plan.birth, "gender": plan.gender})
        except PermissionDenied:
            raise ValidationFailed(f"“{plan.name}” chưa có trong danh sách cá nhân của {plan.home.name}; tài khoản "
                                   "của bạn không thêm được cá nhân vào đơn vị này.") from None
        self.people.add(person)
        return person, True

    def _draft(self, plan: _Plan) -> tuple[Proposal, bool]:
        key = (plan.unit.pk, plan.award.pk)
        if key in self.drafts:
            return self.drafts[key], False
        found = (Proposal.objects.filter(authority=self.authority, organisation=plan.unit, award=plan.award,
                                         year=self.year, status=states.DRAFT).order_by("pk").first())
        created = found is None
        if created:
            found = services.create_proposal(self.actor, self.authority, {
                "organisation": plan.unit, "year": self.year, "family": self.family, "award": plan.award})
        self.drafts[key] = found
        return found, created

    def write(self, plan: _Plan) -> tuple[str, str]:
        """(status, what was done) for a planned row, in a savepoint of its own; ValidationFailed,
        PermissionDenied or a refused write (IntegrityError, DataError) undo the row, and only the row: what
        this import remembers (its drafts, its new people) forgets what the savepoint rolled back."""
        drafts, people = dict(self.drafts), {k: list(v) for k, v in self.people.by_fold.items()}
        try:
            with transaction.atomic():
                return self._write(plan)
        except BaseException:
            self.drafts, self.people.by_fold = drafts, people
            raise

    def _write(self, plan: _Plan) -> tuple[str, str]:
        person, new_person = self._person(plan) if plan.kind == RecipientKind.INDIVIDUAL else (None, False)
        proposal, new_proposal = self._draft(plan)
        if plan.kind == RecipientKind.COLLECTIVE:
            if proposal.lines.filter(kind=plan.kind, organisation=plan.home).exists():
                return DUPLICATE, f"{plan.home.name} đã có trong hồ sơ “{proposal.title}”."
            services.add_line(self.actor, proposal, {"kind": plan.kind, "organisation": plan.home,
                                                     "achievement": plan.achievement})
            who = "tập thể"
        else:
            if proposal.lines.filter(person=person).exists():
                return DUPLICATE, f"{person.full_name} đã có trong hồ sơ “{proposal.title}”."
            services.add_line(self.actor, proposal, {"kind": plan.kind, "person": person,
                                                     "achievement": plan.achievement})
            who = "cá nhân mới" if new_person else "cá nhân có sẵn"
        where = "lập hồ sơ mới" if new_proposal else "thêm vào hồ sơ đang soạn"
        return IMPORTED, f"{plan.award.name}, {plan.unit.name}: {where}; {who}."


def import_proposals(actor: User | None, authority: Authority, data: bytes, filename: str, *, dry_run: bool,
                     max_bytes: int, year: int | None = None, encoding: str = "auto",
                     default_unit: Organisation | None = None, progress: Progress | None = None) -> ImportReport:
    """Read the list, then add each row to the draft proposal of its unit × form × `year` (created when
    there is none), in one transaction with a savepoint per row; a dry run rolls the whole back."""
    table = read_table(data, filename, COLUMNS, max_bytes=max_bytes, encoding=encoding)
    if len(table.rows) > MAX_ROWS:  # one transaction holds the write lock while it runs: keep it short
        raise SheetError(f"Danh sách quá dài ({format_number(len(table.rows))} dòng; tối đa "
                         f"{format_number(MAX_ROWS)}): chia thành nhiều tệp.")
    report = ImportReport.for_table(KIND, filename, dry_run, table)
    year = year or clock.today().year
    seen: dict[tuple, int] = {}
    total = len(table.rows)
    with transaction.atomic():
        importer = _Importer(actor, authority, year, default_unit)
        for done, row in enumerate(table.rows, 1):
            if progress is not None and done % 100 == 0:
                progress(done, total, f"Đã xử lý {format_number(done)}/{format_number(total)} dòng")
            if skip := footer_reason(row):
                report.add(row.number, SKIPPED, skip)
                continue
            if skip := _blank_or_heading(row):
                report.add(row.number, SKIPPED, importer.heading(skip) if skip.startswith("Dòng tiêu đề") else skip)
                continue
            label = row.text("name")
            try:
                plan = importer.plan(row)
            except ValidationFailed as exc:
                report.add(row.number, REJECTED, exc.message, label=label, values=_values(row))
                continue
            label = f"{plan.name} – {plan.award.name}"
            key = (plan.kind, normalise.fold(plan.name), plan.year, plan.home.pk, plan.award.pk)
            if key in seen:
                report.add(row.number, DUPLICATE, f"Trùng với dòng {seen[key]} trong tệp.", label=label)
                continue
            try:
                status, reason = importer.write(plan)
            except ValidationFailed as exc:
                report.add(row.number, REJECTED, exc.message, label=label, values=_values(row))
                continue
            except PermissionDenied as exc:
                report.add(row.number, REJECTED, str(exc), label=label, values=_values(row))
                continue
            except (IntegrityError, DataError) as exc:  # a value the database refuses: this row only
                report.add(row.number, REJECTED, f"Không ghi được dòng này: {str(exc).splitlines()[0][:120]}",
                           label=label, values=_values(row))
                continue
            seen[key] = row.number  # a later copy of a refused row is tried on its own
            report.add(row.number, status, reason, label=label)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _blank_or_heading(row: SheetRow) -> str | None:
    """As the people import: an empty row, or a group heading ("I. KHỐI TRƯỜNG HỌC", "Tập thể", "Cá
    nhân") standing alone in a row; None for a data row."""
    texts = [normalise.clean_text(str(v)) for v in row.raw if v not in (None, "") and str(v).strip()]
    if not texts:
        return "Dòng trống."
    if len(set(texts)) == 1:
        t = texts[0]
        folded = normalise.fold(t).strip(" .:")
        if (re.match(r"^([IVXLC]+|[A-Z])[.)]\s", t) or t.isupper()
                or folded in {"cong", "tong cong", "tap the", "ca nhan", "a tap the", "b ca nhan"}):
            return f"Dòng tiêu đề nhóm: {t}"
    if not any(v not in (None, "") for v in row.values.values()):
        return f"Dòng không có dữ liệu ở các cột cần nhập: {' '.join(texts)[:60]}"
    return None


def template_workbook() -> bytes:
    """The list as the import expects it, with one example row of each kind."""
    cols = [ExportColumn("STT", 6), ExportColumn("Họ và tên", 26), ExportColumn("Năm sinh", 10),
            ExportColumn("Chức vụ", 20), ExportColumn("Đơn vị", 28), ExportColumn("Hình thức khen thưởng", 30),
            ExportColumn("Tóm tắt thành tích", 50)]
    rows = [[1, "Nguyễn Văn An", 1985, "Giáo viên", "Trường Tiểu học Tân Khai A", "Lao động tiên tiến",
             "Hoàn thành xuất sắc nhiệm vụ năm học; có sáng kiến được công nhận cấp cơ sở."],
            [2, "Trường Tiểu học Tân Khai A", "", "", "Trường Tiểu học Tân Khai A", "Tập thể lao động tiên tiến",
             "Tập thể (để trống năm sinh, ghi đúng tên đơn vị): hoàn thành tốt nhiệm vụ năm học."]]
    return write_xlsx(cols, rows, title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")


# --- the background job (orgs.importjobs) ---------------------------------------------------

def _run(actor: User, meta: dict, data: bytes, dry_run: bool, progress: Progress) -> ImportReport:
    authority = Authority.objects.get(pk=meta["authority"])
    unit = Organisation.objects.filter(authority=authority, pk=meta.get("unit")).first() if meta.get("unit") else None
    return import_proposals(actor, authority, data, meta["name"], dry_run=dry_run, year=meta.get("year"),
                            max_bytes=settings.UPLOAD_MAX_BYTES, encoding=meta.get("encoding", "auto"),
                            default_unit=unit, progress=progress)


def _page(job: Job) -> str:
    return reverse("awards:import_report", args=[job.pk])


PROPOSALS = register(ImportKind(KIND, LABEL, _run, _page))
