"""The statistical report forms of Thông tư 02/2023/TT-BNV (biểu 0601.N … 0605.N/BNV-TĐKT), computed from
the data of one authority for a chosen period. Each form is its rows (label, code, values, bold) in the
circular's order, codes 01, 02 … without a gap, the section headings ("1. Chia theo …") without a code.

Sources for the rows and columns: the forms as a deployed provincial system prints them
(lifephongphanmem/thiduakhenthuong_php8, resources/views/BaoCao/TT022023/Mau0601–0605, cited in
../shared/domain/BRIEF.md §1.7); the circular's own text was not seen. Uncertain points are marked
"uncertain" where they are decided.

The circular's forms are those of a ministry or province. An authority below the province reports the
same forms for its own work: its own movements, its clusters and blocks, the awards recorded in its
decisions — those of the upper levels it proposed and its own (Lao động tiên tiến, Chiến sĩ thi đua cơ
sở, Giấy khen, Tập thể lao động tiên tiến …), which 0603 carries in columns after the province's awards
(the circular has no form for them; uncertain). Every form takes a bounded number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from thidua.emulation.models import Covenant, Group, Movement
from thidua.orgs.models import Authority, OrgKind, Person
from thidua.orgs.wording import Voice
from thidua.vn import normalise

from . import states
from .models import Award, AwardPower, CouncilMeeting, DecisionLine

Row = tuple[str, str, tuple, bool]  # label, code ("" for a heading), values, bold


@dataclass(frozen=True)
class StatForm:
    code: str
    title: str
    unit: str  # đơn vị tính of the whole form ("" when each row has its own, column C)
    columns: tuple[str, ...]  # the number columns
    rows: tuple[Row, ...]
    units: tuple[str, ...] = ()  # column C "Đơn vị tính", one per row, for the forms that have it
    column_codes: tuple[str, ...] = ()  # the codes of the number columns: "1", "2" … ("1=2+3+4")
    notes: tuple[str, ...] = ()  # what thidua does not hold, said under the table

    @property
    def lines(self) -> tuple[tuple[str, str, str, tuple, bool], ...]:
        """The rows with their unit: (label, code, unit, values, bold)."""
        units = self.units or ("",) * len(self.rows)
        return tuple((lb, c, u, v, b) for (lb, c, v, b), u in zip(self.rows, units, strict=True))

    @property
    def codes(self) -> tuple[str, ...]:
        return self.column_codes or tuple(str(i) for i in range(1, len(self.columns) + 1))


FORMS = {"0601": "Số phong trào thi đua", "0602": "Số lượng khen thưởng cấp Nhà nước",
         "0603": "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành phố trực thuộc "
                 "Trung ương",
         "0604": "Số lượng tổ chức làm công tác thi đua, khen thưởng",
         "0605": "Số lượng công chức làm công tác thi đua, khen thưởng"}


def numbered(items) -> tuple[list[Row], list[str]]:
    """Rows from (label, values, bold, unit) items; a heading (values None) gets no code, the others
    01, 02 … in order. Returns the rows and their units."""
    rows, units, n = [], [], 0
    for label, values, bold, unit in items:
        if values is None:
            rows.append((label, "", (), True))
        else:
            n += 1
            rows.append((label, f"{n:02d}", tuple(values), bold))
        units.append(unit)
    return rows, units


def _pad(rows: list[Row], width: int) -> tuple[Row, ...]:
    return tuple((lb, c, v if v else ("",) * width, b) for lb, c, v, b in rows)


# --------------------------------------------------------------------------------------------- 0601


def months(a: dt.date | None, b: dt.date | None) -> int | None:
    """A movement's length in calendar months, both ends counted: 1/1–31/12 is 12."""
    return None if not (a and b) else (b.year - a.year) * 12 + b.month - a.month + 1


def duration_band(m: int | None) -> int | None:
    """0 dưới 1 năm, 1 một năm, 2 từ 1 đến dưới 3 năm, 3 từ 3 đến dưới 5 năm, 4 từ 5 năm trở lên."""
    if m is None:
        return None
    return 0 if m < 12 else 1 if m == 12 else 2 if m < 36 else 3 if m < 60 else 4


def form_0601(authority, start, end) -> StatForm:
    """Movements the authority launched in the period (emulation's data), with its clusters and blocks
    (row 04: each cụm or khối runs one year-long movement among its members; uncertain whether the
    circular counts them so), by scope, duration and method. Columns 2–4 by the level that launched
    them: the authority's own movements fall in its level's column."""
    moves = list(Movement.objects.filter(cycle__authority=authority).filter(
        Q(starts_on__lte=end) | Q(starts_on__isnull=True)).filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True))
        .filter(Q(starts_on__isnull=False) | Q(cycle__year__gte=start.year, cycle__year__lte=end.year))
        .values_list("kind", "starts_on", "ends_on"))
    groups = Counter(Group.objects.filter(cycle__authority=authority, cycle__year__gte=start.year,
                                          cycle__year__lte=end.year).values_list("kind", flat=True))
    signed = Covenant.objects.filter(cycle__authority=authority, cycle__year__gte=start.year,
                                     cycle__year__lte=end.year, status="accepted").count()
    col = 1 if authority.level == "tinh" else 2  # 0 Trung ương, 1 bộ/ngành/tỉnh, 2 cơ quan, tổ chức, đơn vị
    clusters = groups.get("cum", 0) + groups.get("khoi", 0)

    def v(n):
        cells = [n, 0, 0, 0]
        cells[1 + col] = n
        return cells

    bands = Counter()
    undated = 0
    for kind, a, b in moves:
        band = duration_band(months(a, b))
        if band is None and kind == "thuong_xuyen":
            band = 1  # the regular movement runs the emulation year
        if band is None:
            undated += 1
        else:
            bands[band] += 1
    bands[1] += clusters  # a cluster's or block's emulation runs the year
    themed = sum(1 for k, _, _ in moves if k != "thuong_xuyen")
    own = len(moves)
    items = [("Tổng số", v(own + clusters), True, ""),
             ("1. Chia theo phạm vi tổ chức thi đua", None, True, ""),
             ("- Toàn quốc", [0, 0, 0, 0], False, ""),
             ("- Bộ, ban, ngành, đoàn thể, địa phương", v(own if col == 1 else 0), False, ""),
             ("- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", v(clusters), False, ""),
             ("- Cơ quan, tổ chức, đơn vị", v(own if col == 2 else 0), False, ""),
             ("2. Chia theo thời hạn thi đua", None, True, "")]
    labels = ("- Dưới 1 năm", "- 1 năm", "- Từ 1 năm đến dưới 3 năm", "- Từ 3 năm đến dưới 5 năm",
              "- Từ 5 năm trở lên")
    items += [(label, v(bands[i]), False, "") for i, label in enumerate(labels)]
    items += [("3. Chia theo phương thức tổ chức phong trào thi đua", None, True, ""),
              ("- Thi đua theo chuyên đề", v(themed), False, ""),
              ("- Thi đua thường xuyên hằng năm", v(own - themed + clusters), False, "")]
    rows, _ = numbered(items)
    notes = [f"Số cụm thi đua: {groups.get('cum', 0)}; số khối thi đua: {groups.get('khoi', 0)}; số đơn vị có "
             f"bản đăng ký giao ước thi đua được chấp nhận: {signed}.",
             "Cột 2 (cấp Trung ương): phần mềm không quản lý phong trào do cấp trên phát động."]
    if undated:
        notes.append(f"{undated} phong trào chưa có thời gian bắt đầu, kết thúc nên chưa chia theo thời hạn.")
    return StatForm("0601", FORMS["0601"], "Phong trào",
                    ("Tổng số", "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
                     "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
                     "Cơ quan, tổ chức, đơn vị"), tuple(rows), column_codes=("1=2+3+4", "2", "3", "4"),
                    notes=tuple(notes))


# --------------------------------------------------------------------------------------- 0602, 0603

_LEADER = ("chu tich", "bi thu", "giam doc", "truong phong", "pho phong", "truong ban", "pho ban",
           "chanh van phong", "pho chanh van phong", "hieu truong", "truong tram", "vu truong", "cuc truong",
           "bo truong", "thu truong", "tong giam doc", "chanh an", "vien truong", "truong khoa", "tong bien tap")
_TOP = ("bo truong", "thu truong", "chu tich ubnd tinh", "chu tich uy ban nhan dan tinh", "bi thu tinh uy",
        "chu tich hdnd tinh", "chu tich hoi dong nhan dan tinh")
_DEPARTMENT = ("giam doc so", "vu truong", "cuc truong", "pho vu truong", "pho cuc truong")
_BUSINESS = ("cong ty", "doanh nghiep", "hop tac xa", "tap doan")


def person_class(position: str, enterprise: bool = False) -> str:
    """Which line of "Chia theo đối tượng" an individual's position falls on: "top" lãnh đạo cấp bộ, tỉnh;
    "dept" lãnh đạo cấp vụ, sở; "business" doanh nhân; "leader" other leaders from phó phòng up;
    "worker" người trực tiếp công tác, lao động. Read from the free-text position (uncertain: thidua
    keeps no classification; an empty position counts as a worker)."""
    f = normalise.fold(position or "")
    if not f:
        return "worker"
    if any(k in f for k in _TOP) or ("pho chu tich" in f and " tinh" in f and "so " not in f):
        return "top"
    if any(k in f for k in _DEPARTMENT):
        return "dept"
    lead = any(k in f for k in _LEADER)
    if lead and (enterprise or any(k in f for k in _BUSINESS)):
        return "business"
    return "leader" if lead else "worker"


LOWER = ("district", "commune", "grassroots")  # an authority's own awards, below the province
FAMILY_ROWS = ("thuong-xuyen", "theo-dot", "dot-xuat", "doi-ngoai", "cong-hien", "nien-han", "khang-chien")
FAMILY_LABELS = ("- Thường xuyên", "- Chuyên đề", "- Đột xuất", "- Đối ngoại", "- Cống hiến", "- Niên hạn",
                 "- Kháng chiến")
SIGNER_OF_LEVEL = {"tinh": "ct-tinh", "huyen": "ct-huyen", "xa": "ct-xa", "so": "thu-truong", "nganh": "thu-truong"}


def own_award_ids(authority, start, end) -> set[int]:
    """The awards the authority's own head may confer at some time in the period (catalogue powers)."""
    level = SIGNER_OF_LEVEL.get(authority.level, "thu-truong")
    return set(AwardPower.objects.filter(signer_level=level, valid_from__lte=end)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).values_list("award_id", flat=True))


def _awards_form(authority, start, end, levels: tuple[str, ...], code: str, submitter_rows: bool) -> StatForm:
    """Awards of `levels` (plus the authority's own for 0603) in columns, recipients and kinds of
    commendation in rows. Three queries: the awards the authority may confer, the decided lines with what
    classifies them, the awards."""
    own = own_award_ids(authority, start, end) if code == "0603" else set()
    shown = (*levels, *LOWER) if code == "0603" else levels
    lines = list(DecisionLine.objects.filter(
        decision__authority=authority, decision__status=states.DECISION_ISSUED, decision__date__gte=start,
        decision__date__lte=end, decision__award__level__in=shown)
        .values_list("decision__award_id", "kind", "position", "organisation__kind",
                     "proposal_line__proposal__family__code", "decision__award__kind"))
    used = {a for a, *_ in lines}
    awards = [a for a in Award.objects.filter(Q(level__in=levels) | Q(pk__in=own | used)).order_by("-rank", "id")
              if (a.level in levels and a.active) or a.pk in own or a.pk in used]
    awards.sort(key=lambda a: (a.level not in levels, -a.rank, a.pk))  # the upper level's first
    index = {a.pk: i for i, a in enumerate(awards)}
    n = len(awards)
    counts: dict[str, list[int]] = {}
    unknown = 0

    def add(key, col):
        counts.setdefault(key, [0] * n)[col] += 1

    for award_id, kind, position, org_kind, family, award_kind in lines:
        col = index[award_id]
        add("all", col)
        add(kind, col)
        if kind == "collective" and org_kind == OrgKind.ENTERPRISE:
            add("enterprise", col)
        if kind == "individual":
            add(person_class(position, org_kind == OrgKind.ENTERPRISE), col)
        family = family or ("thuong-xuyen" if award_kind == "title" else None)  # a title is yearly
        if family in FAMILY_ROWS:
            add(family, col)
        else:
            unknown += 1

    def v(key):
        c = counts.get(key, [0] * n)
        return [sum(c), *c]

    items = [("Tổng số", v("all"), True, "Lượt")]
    if submitter_rows:  # 0602 only: who sent the Prime Minister the proposal
        items += [("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", None, True, ""),
                  ("- Bộ, ban, ngành, đoàn thể Trung ương", [0] * (n + 1), False, "Bộ, ngành"),
                  ("- Tỉnh, thành phố trực thuộc Trung ương", v("all"), False, "Tỉnh, TP")]
    k = 2 if submitter_rows else 1
    items += [(f"{k}. Chia theo đối tượng khen thưởng", None, True, ""),
              ("- Tập thể", v("collective"), False, "Tập thể"),
              ("Trong đó: Doanh nghiệp", v("enterprise"), False, "Doanh nghiệp"),
              ("- Hộ gia đình", v("household"), False, "Hộ"),
              ("- Cá nhân", v("individual"), False, "Người"),
              ("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", v("top"), False, "Người"),
              ("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", v("dept"), False, "Người"),
              ("+ Doanh nhân", v("business"), False, "Người"),
              ("+ Các cấp lãnh đạo khác từ phó phòng trở lên", v("leader"), False, "Người"),
              ("+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, "
               "nông dân …)", v("worker"), False, "Người"),
              (f"{k + 1}. Chia theo loại hình khen thưởng", None, True, "")]
    items += [(label, v(fam), False, "Lượt") for fam, label in zip(FAMILY_ROWS, FAMILY_LABELS, strict=True)]
    rows, units = numbered(items)
    notes = ["Đối tượng cá nhân chia theo chức vụ ghi trong quyết định."]
    first_own = next((a.name for a in awards if a.level not in levels), "")
    if first_own:
        notes.append(f"Các cột từ “{first_own}” trở đi: khen thưởng của {authority.short_name} (cấp báo cáo); "
                     "biểu của Thông tư chỉ có các cột khen thưởng cấp bộ, cấp tỉnh.")
    if unknown:
        notes.append(f"{unknown} lượt khen thưởng không qua hồ sơ đề nghị nên chưa rõ loại hình.")
    return StatForm(code, FORMS[code], "", ("Tổng số", *(a.name for a in awards)), _pad(rows, n + 1),
                    units=tuple(units), notes=tuple(notes))


def form_0602(authority, start, end) -> StatForm:
    return _awards_form(authority, start, end, ("national",), "0602", True)


def form_0603(authority, start, end) -> StatForm:
    return _awards_form(authority, start, end, ("province",), "0603", False)


# --------------------------------------------------------------------------------------- 0604, 0605


def form_0604(authority, start, end) -> StatForm:
    """Rows 02–05 are the circular's (a ministry's and a province's units, which thidua does not hold:
    0, uncertain for a province's Sở Nội vụ); 06–07 are the authority's own council and advising office,
    with the council's members and the meetings it held in the period in columns 2–3 (thidua's)."""
    meetings = list(CouncilMeeting.objects.filter(authority=authority, date__gte=start, date__lte=end))
    advising = Voice.of(authority).proposer
    office = advising.name if advising else ""
    members = max([m.members_count for m in meetings] or [0])  # each member once (councilmember_once)
    council = 1 if meetings else 0
    has_office = 1 if office else 0
    items = [("Tổng số", (council + has_office, members, len(meetings)), True, "Tổ chức"),
             ("Chia theo cơ cấu tổ chức bộ máy", None, True, ""),
             ("- Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương", (0, "", ""), False, "Vụ"),
             ("- Cấp phòng, ban hoặc bộ phận thuộc Vụ", (0, "", ""), False, "Phòng"),
             ("- Cấp ban thuộc Sở Nội vụ", (0, "", ""), False, "Ban"),
             ("- Cấp phòng thuộc Sở Nội vụ", (0, "", ""), False, "Phòng"),
             ("- Hội đồng Thi đua - Khen thưởng", (council, members, len(meetings)), False, "Hội đồng"),
             (f"- Cơ quan tham mưu công tác thi đua, khen thưởng{f' ({office})' if office else ''}",
              (has_office, "", ""), False, "Cơ quan")]
    rows, units = numbered(items)
    return StatForm("0604", FORMS["0604"], "", ("Số lượng", "Số thành viên", "Số phiên họp xét"), tuple(rows),
                    units=tuple(units),
                    notes=("Cột 2, 3 và các dòng 06, 07: số liệu của cấp báo cáo, phần mềm bổ sung.",))


AGE_BANDS = (("- Từ 30 trở xuống", 0, 30), ("- Từ 31 đến 40", 31, 40), ("- Từ 41 đến 50", 41, 50),
             ("- Từ 51 đến 55", 51, 55), ("- Từ 56 đến 60", 56, 60), ("- Trên 60 tuổi", 61, 200))


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    return None if birth is None else day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def form_0605(authority, start, end) -> StatForm:
    """Staff whose position names emulation work, by age at the period's end. Training (08–12) and years
    in the field (13–15) are not held by thidua: left blank."""
    staff = [p for p in Person.objects.filter(authority=authority, active=True).filter(
        Q(position__icontains="thi đua") | Q(position__icontains="thi dua"))
        if "thi dua" in normalise.fold(p.position)]

    def both(group):
        return (len(group), sum(1 for p in group if p.gender == "F"))

    items = [("Tổng số", both(staff), True, ""), ("1. Chia theo độ tuổi", None, True, "")]
    for label, lo, hi in AGE_BANDS:
        items.append((label, both([p for p in staff if (a := age_on(p.birth_date, end)) is not None and lo <= a <= hi]),
                      False, ""))
    items.append(("2. Chia theo trình độ đào tạo", None, True, ""))
    items += [(f"- {x}", ("", ""), False, "") for x in ("Sơ cấp", "Trung cấp", "Cao đẳng", "Đại học", "Trên đại học")]
    items.append(("3. Chia theo thâm niên công tác trong lĩnh vực thi đua, khen thưởng", None, True, ""))
    items += [(f"- {x}", ("", ""), False, "") for x in ("Dưới 5 năm", "Từ 5 đến dưới 10 năm", "Từ 10 năm trở lên")]
    rows, _ = numbered(items)
    notes = ["Dòng 08–15: phần mềm chưa lưu trình độ đào tạo và thâm niên, đơn vị ghi tay."]
    unknown = [p for p in staff if p.birth_date is None]
    if unknown:
        notes.append(f"{len(unknown)} người chưa có ngày sinh nên chưa chia theo độ tuổi.")
    return StatForm("0605", FORMS["0605"], "Người", ("Tổng số", "Trong đó: Nữ"), tuple(rows), notes=tuple(notes))


BUILDERS = {"0601": form_0601, "0602": form_0602, "0603": form_0603, "0604": form_0604, "0605": form_0605}


def build(code: str, authority: Authority, start: dt.date, end: dt.date) -> StatForm:
    return BUILDERS[code](authority, start, end)
