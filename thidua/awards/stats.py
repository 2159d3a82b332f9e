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

Across levels (#19): each form is computed for a set of authority ids (`ids`: one authority, or a province
with its departments and communes, `orgs.tree.descendant_ids`) with the same fixed number of queries —
aggregates grouped by authority over the set, never a query per authority — and equals the sum of the
forms of its authorities (0602/0603 column by column, matched by the award), less the copies recorded below
of a decision taken inside the set (counted once, where it was decided). `StatForm.by_authority`
holds each authority's "Tổng số" for the chart of a province-wide report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Q

from thidua.emulation.models import Covenant, Group, Movement
from thidua.orgs import officialdom
from thidua.orgs.models import Authority, Office, OrgKind, Person
from thidua.orgs.wording import locality_of
from thidua.vn import normalise

from . import states
from .catalogue_data import OWN_SIGNER_LEVEL, own_signer_level_of
from .models import Award, AwardPower, CouncilMeeting, CouncilMember, DecisionLine

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
    by_authority: tuple[tuple[str, int], ...] = ()  # (authority, its "Tổng số"), for a report across levels

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


def members(authority: Authority, ids=None) -> list[Authority]:
    """The authorities a form counts: `authority` alone, or those of `ids` (the report's own first, then
    in the order of `ids`). One query."""
    wanted = [authority.pk] if ids is None else list(dict.fromkeys([authority.pk, *ids]))
    found = {a.pk: a for a in Authority.objects.filter(pk__in=wanted)}
    return [found[i] for i in wanted if i in found]


def _totals(group: list[Authority], per: Counter) -> tuple[tuple[str, int], ...]:
    return tuple((a.short_name, per.get(a.pk, 0)) for a in group) if len(group) > 1 else ()


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


def form_0601(authority, start, end, ids=None) -> StatForm:
    """Movements the authorities launched in the period (emulation's data), with their clusters and blocks
    (row 04: each cụm or khối runs one year-long movement among its members; uncertain whether the
    circular counts them so), by scope, duration and method. Columns 2–4 by the level that launched
    them: an authority's own movements fall in its level's column (a province's in column 3, a
    department's or commune's in column 4). Four queries."""
    group = members(authority, ids)
    col_of = {a.pk: (1 if a.level == "tinh" else 2) for a in group}  # 0 Trung ương, 1 bộ/tỉnh, 2 cơ quan
    pks = list(col_of)
    years = Q(cycle__year__gte=start.year, cycle__year__lte=end.year)
    moves = (Movement.objects.filter(cycle__authority_id__in=pks)
             .filter(Q(starts_on__lte=end) | Q(starts_on__isnull=True))
             .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True)).filter(Q(starts_on__isnull=False) | years)
             .values_list("cycle__authority_id", "kind", "starts_on", "ends_on").annotate(n=Count("id")).order_by())
    groups = (Group.objects.filter(years, cycle__authority_id__in=pks)
              .values_list("cycle__authority_id", "kind").annotate(n=Count("id")).order_by())
    signed = Covenant.objects.filter(years, cycle__authority_id__in=pks, status="accepted").count()
    cells: dict[str, list[int]] = {}
    per = Counter()

    def add(key, authority_id, n):
        c = cells.setdefault(key, [0, 0, 0])
        c[col_of[authority_id]] += n

    kinds = Counter()
    for authority_id, kind, n in groups:
        kinds[kind] += n
        per[authority_id] += n
        for key in ("all", "clusters", "band1", "regular"):  # a cluster's or block's emulation runs the year
            add(key, authority_id, n)
    undated = 0
    for authority_id, kind, a, b, n in moves:
        per[authority_id] += n
        add("all", authority_id, n)
        add("own1" if col_of[authority_id] == 1 else "own2", authority_id, n)
        add("themed" if kind != "thuong_xuyen" else "regular", authority_id, n)
        band = duration_band(months(a, b))
        if band is None and kind == "thuong_xuyen":
            band = 1  # the regular movement runs the emulation year
        if band is None:
            undated += n
        else:
            add(f"band{band}", authority_id, n)

    def v(key):
        c = cells.get(key, [0, 0, 0])
        return [sum(c), *c]

    items = [("Tổng số", v("all"), True, ""),
             ("1. Chia theo phạm vi tổ chức thi đua", None, True, ""),
             ("- Toàn quốc", [0, 0, 0, 0], False, ""),
             ("- Bộ, ban, ngành, đoàn thể, địa phương", v("own1"), False, ""),
             ("- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", v("clusters"), False, ""),
             ("- Cơ quan, tổ chức, đơn vị", v("own2"), False, ""),
             ("2. Chia theo thời hạn thi đua", None, True, "")]
    labels = ("- Dưới 1 năm", "- 1 năm", "- Từ 1 năm đến dưới 3 năm", "- Từ 3 năm đến dưới 5 năm",
              "- Từ 5 năm trở lên")
    items += [(label, v(f"band{i}"), False, "") for i, label in enumerate(labels)]
    items += [("3. Chia theo phương thức tổ chức phong trào thi đua", None, True, ""),
              ("- Thi đua theo chuyên đề", v("themed"), False, ""),
              ("- Thi đua thường xuyên hằng năm", v("regular"), False, "")]
    rows, _ = numbered(items)
    notes = [f"Số cụm thi đua: {kinds.get('cum', 0)}; số khối thi đua: {kinds.get('khoi', 0)}; số đơn vị có "
             f"bản đăng ký giao ước thi đua được chấp nhận: {signed}.",
             "Cột 2 (cấp Trung ương): phần mềm không quản lý phong trào do cấp trên phát động."]
    if undated:
        notes.append(f"{undated} phong trào chưa có thời gian bắt đầu, kết thúc nên chưa chia theo thời hạn.")
    return StatForm("0601", FORMS["0601"], "Phong trào",
                    ("Tổng số", "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
                     "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
                     "Cơ quan, tổ chức, đơn vị"), tuple(rows), column_codes=("1=2+3+4", "2", "3", "4"),
                    notes=tuple(notes), by_authority=_totals(group, per))


# --------------------------------------------------------------------------------------- 0602, 0603

_LEADER = ("chu tich", "bi thu", "giam doc", "truong phong", "pho phong", "truong ban", "pho ban",
           "chanh van phong", "pho chanh van phong", "hieu truong", "truong tram", "vu truong", "cuc truong",
           "bo truong", "thu truong", "tong giam doc", "chanh an", "vien truong", "truong khoa", "tong bien tap")
_TOP = ("bo truong", "thu truong", "chu tich ubnd tinh", "chu tich uy ban nhan dan tinh", "bi thu tinh uy",
        "chu tich hdnd tinh", "chu tich hoi dong nhan dan tinh")
_DEPARTMENT = ("giam doc so", "vu truong", "cuc truong", "pho vu truong", "pho cuc truong")
_BUSINESS = ("cong ty", "doanh nghiep", "hop tac xa", "tap doan")


@lru_cache(maxsize=4096)  # a province's lines repeat a few hundred positions: each folded once (#19 benchmark)
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


def own_award_ids(authority, start, end, levels=None) -> set[int]:
    """The awards the authority's own head may confer at some time in the period (catalogue powers);
    with `levels`, those the head of an authority of any of those levels may confer."""
    signers = {own_signer_level_of(x) for x in (levels or (authority.level,))}
    return set(AwardPower.objects.filter(signer_level__in=signers, valid_from__lte=end)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).values_list("award_id", flat=True))


def _copies_inside(group: list[Authority]) -> Q:
    """Across levels, a decision recorded below (signed at another level's signer: the province's Bằng
    khen copied at a commune) whose deciding level is in the set is counted once, at the level that
    decided it: the copies are left out. One authority alone keeps them (the awards it proposed)."""
    if len(group) < 2:
        return Q(pk__in=[])
    by_signer: dict[str, set[str]] = {}
    for level in {a.level for a in group}:
        by_signer.setdefault(own_signer_level_of(level), set()).add(level)
    cond = Q(pk__in=[])
    for signer, levels in by_signer.items():
        own = {x for x, s in OWN_SIGNER_LEVEL.items() if s == signer} | levels
        cond |= Q(decision__signer_level=signer) & ~Q(decision__authority__level__in=own)
    return cond


def _awards_form(authority, start, end, levels: tuple[str, ...], code: str, submitter_rows: bool,
                 ids=None) -> StatForm:
    """Awards of `levels` (plus the authorities' own for 0603) in columns, recipients and kinds of
    commendation in rows. Four queries: the authorities, the awards they may confer, the decided lines
    counted by what classifies them (grouped, over the set of authorities), the awards."""
    group = members(authority, ids)
    own = own_award_ids(authority, start, end, {a.level for a in group}) if code == "0603" else set()
    shown = (*levels, *LOWER) if code == "0603" else levels
    lines = list(DecisionLine.objects.filter(
        decision__authority_id__in=[a.pk for a in group], decision__status=states.DECISION_ISSUED,
        decision__date__gte=start, decision__date__lte=end, decision__award__level__in=shown)
        .exclude(_copies_inside(group))
        .values_list("decision__authority_id", "decision__award_id", "kind", "position", "organisation__kind",
                     "proposal_line__proposal__family__code", "decision__award__kind")
        .annotate(n=Count("id")).order_by())
    used = {a for _, a, *_ in lines}
    awards = [a for a in Award.objects.filter(Q(level__in=levels) | Q(pk__in=own | used)).order_by("-rank", "id")
              if (a.level in levels and a.active) or a.pk in own or a.pk in used]
    awards.sort(key=lambda a: (a.level not in levels, -a.rank, a.pk))  # the upper level's first
    index = {a.pk: i for i, a in enumerate(awards)}
    n = len(awards)
    counts: dict[str, list[int]] = {}
    per = Counter()
    unknown = 0

    def add(key, col, k):
        counts.setdefault(key, [0] * n)[col] += k

    for authority_id, award_id, kind, position, org_kind, family, award_kind, k in lines:
        col = index[award_id]
        per[authority_id] += k
        add("all", col, k)
        add(kind, col, k)
        if kind == "collective" and org_kind == OrgKind.ENTERPRISE:
            add("enterprise", col, k)
        if kind == "individual":
            add(person_class(position, org_kind == OrgKind.ENTERPRISE), col, k)
        family = family or ("thuong-xuyen" if award_kind == "title" else None)  # a title is yearly
        if family in FAMILY_ROWS:
            add(family, col, k)
        else:
            unknown += k

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
        whose = authority.short_name if len(group) == 1 else f"{authority.short_name} và các cơ quan cấp dưới"
        notes.append(f"Các cột từ “{first_own}” trở đi: khen thưởng của {whose} (cấp báo cáo); "
                     "biểu của Thông tư chỉ có các cột khen thưởng cấp bộ, cấp tỉnh.")
    if unknown:
        notes.append(f"{unknown} lượt khen thưởng không qua hồ sơ đề nghị nên chưa rõ loại hình.")
    return StatForm(code, FORMS[code], "", ("Tổng số", *(a.name for a in awards)), _pad(rows, n + 1),
                    units=tuple(units), notes=tuple(notes), by_authority=_totals(group, per))


def form_0602(authority, start, end, ids=None) -> StatForm:
    return _awards_form(authority, start, end, ("national",), "0602", True, ids)


def form_0603(authority, start, end, ids=None) -> StatForm:
    return _awards_form(authority, start, end, ("province",), "0603", False, ids)


# --------------------------------------------------------------------------------------- 0604, 0605


def _proposing_office(group: list[Authority]) -> dict[int, str]:
    """Each authority's office that advises on emulation and commendation (the first of its offices that
    proposes, else its level's default office): one query for the set, as `Voice.proposer` reads one."""
    configured: dict[int, list[tuple[bool, str]]] = {}
    for authority_id, proposes, name in Office.objects.filter(authority_id__in=[a.pk for a in group]).values_list(
            "authority_id", "proposes", "name"):
        configured.setdefault(authority_id, []).append((proposes, name))
    out = {}
    for a in group:
        offices = configured.get(a.pk) or [(o.proposes, o.name) for o in officialdom.default_offices(
            a.level, locality_of(a))]
        out[a.pk] = next((name for proposes, name in offices if proposes), "")
    return out


def form_0604(authority, start, end, ids=None) -> StatForm:
    """Rows 02–05 are the circular's (a ministry's and a province's units, which thidua does not hold:
    0, uncertain for a province's Sở Nội vụ); 06–07 are each authority's own council and advising office,
    with the council's members (each member once: the most any meeting of the period had) and the meetings
    it held in the period in columns 2–3 (thidua's). Four queries."""
    group = members(authority, ids)
    pks = [a.pk for a in group]
    meetings = Counter(dict(CouncilMeeting.objects.filter(authority_id__in=pks, date__gte=start, date__lte=end)
                            .values_list("authority_id").annotate(n=Count("id")).order_by()))
    most: dict[int, int] = {}
    for authority_id, _meeting, n in (
            CouncilMember.objects.filter(meeting__authority_id__in=pks, meeting__date__gte=start, meeting__date__lte=end)
            .values_list("meeting__authority_id", "meeting_id").annotate(n=Count("id")).order_by()):
        most[authority_id] = max(most.get(authority_id, 0), n)
    offices = _proposing_office(group)
    council = sum(1 for a in pks if meetings.get(a))
    has_office = sum(1 for a in pks if offices.get(a))
    member_count = sum(most.values())
    held = sum(meetings.values())
    office = offices.get(authority.pk, "") if len(group) == 1 else ""
    items = [("Tổng số", (council + has_office, member_count, held), True, "Tổ chức"),
             ("Chia theo cơ cấu tổ chức bộ máy", None, True, ""),
             ("- Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương", (0, "", ""), False, "Vụ"),
             ("- Cấp phòng, ban hoặc bộ phận thuộc Vụ", (0, "", ""), False, "Phòng"),
             ("- Cấp ban thuộc Sở Nội vụ", (0, "", ""), False, "Ban"),
             ("- Cấp phòng thuộc Sở Nội vụ", (0, "", ""), False, "Phòng"),
             ("- Hội đồng Thi đua - Khen thưởng", (council, member_count, held), False, "Hội đồng"),
             (f"- Cơ quan tham mưu công tác thi đua, khen thưởng{f' ({office})' if office else ''}",
              (has_office, "", ""), False, "Cơ quan")]
    rows, units = numbered(items)
    per = Counter({a: (1 if meetings.get(a) else 0) + (1 if offices.get(a) else 0) for a in pks})
    return StatForm("0604", FORMS["0604"], "", ("Số lượng", "Số thành viên", "Số phiên họp xét"), tuple(rows),
                    units=tuple(units),
                    notes=("Cột 2, 3 và các dòng 06, 07: số liệu của cấp báo cáo, phần mềm bổ sung.",),
                    by_authority=_totals(group, per))


AGE_BANDS = (("- Từ 30 trở xuống", 0, 30), ("- Từ 31 đến 40", 31, 40), ("- Từ 41 đến 50", 41, 50),
             ("- Từ 51 đến 55", 51, 55), ("- Từ 56 đến 60", 56, 60), ("- Trên 60 tuổi", 61, 200))


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    return None if birth is None else day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def form_0605(authority, start, end, ids=None) -> StatForm:
    """Staff whose position names emulation work, by age at the period's end. Training (08–12) and years
    in the field (13–15) are not held by thidua: left blank. Two queries."""
    group = members(authority, ids)
    staff = [p for p in Person.objects.filter(authority_id__in=[a.pk for a in group], active=True).filter(
        Q(position__icontains="thi đua") | Q(position__icontains="thi dua")).only(
        "authority_id", "position", "gender", "birth_date")
        if "thi dua" in normalise.fold(p.position)]

    def both(people):
        return (len(people), sum(1 for p in people if p.gender == "F"))

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
    per = Counter(p.authority_id for p in staff)
    return StatForm("0605", FORMS["0605"], "Người", ("Tổng số", "Trong đó: Nữ"), tuple(rows), notes=tuple(notes),
                    by_authority=_totals(group, per))


BUILDERS = {"0601": form_0601, "0602": form_0602, "0603": form_0603, "0604": form_0604, "0605": form_0605}


def build(code: str, authority: Authority, start: dt.date, end: dt.date, ids=None) -> StatForm:
    """One form for `authority`, or across `ids` (the authority with those below it) when given."""
    return BUILDERS[code](authority, start, end, ids)
