"""The statistical report forms of Thông tư 02/2023/TT-BNV (biểu 0601–0605), computed from the
data for a chosen period. Each form is a title, column titles and rows (label, code, numbers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from thidua.emulation.models import Movement
from thidua.orgs.models import Authority, Person
from thidua.vn import normalise

from . import states
from .models import Award, CouncilMeeting, DecisionLine


@dataclass(frozen=True)
class StatForm:
    code: str
    title: str
    unit: str  # đơn vị tính
    columns: tuple[str, ...]  # the number columns
    rows: tuple[tuple[str, str, tuple[int | str, ...], bool], ...]  # label, code, values, bold


FORMS = {"0601": "Số phong trào thi đua", "0602": "Số lượng khen thưởng cấp Nhà nước",
         "0603": "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể trung ương và tỉnh",
         "0604": "Số lượng tổ chức làm công tác thi đua, khen thưởng",
         "0605": "Số lượng công chức làm công tác thi đua, khen thưởng"}


def _lines(authority: Authority, start: dt.date, end: dt.date):
    return DecisionLine.objects.filter(decision__authority=authority, decision__status=states.DECISION_ISSUED,
                                       decision__date__gte=start, decision__date__lte=end)


def form_0601(authority, start, end) -> StatForm:
    """Movements launched by the authority (emulation's data) in the period, by duration and method."""
    rows_in = list(Movement.objects.filter(cycle__authority=authority).filter(
        Q(starts_on__lte=end) | Q(starts_on__isnull=True)).filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True))
        .filter(Q(starts_on__isnull=False) | Q(cycle__year__gte=start.year, cycle__year__lte=end.year))
        .values_list("kind", "starts_on", "ends_on"))

    def months(a, b):
        return None if not (a and b) else (b.year - a.year) * 12 + b.month - a.month + 1

    total = len(rows_in)
    span = [months(a, b) for _, a, b in rows_in]
    n = lambda cond: sum(1 for x in span if x is not None and cond(x))  # noqa: E731
    themed = sum(1 for k, _, _ in rows_in if k != "thuong_xuyen")
    yearly = total - themed

    def row(label, code, v, bold=False):
        return (label, code, (v, 0, 0, v), bold)

    blank = ("", "", "", "")
    rows = (row("Tổng số", "01", total, True),
            ("1. Chia theo phạm vi tổ chức thi đua", "", blank, True),
            row("- Cơ quan, tổ chức, đơn vị", "05", total),
            ("2. Chia theo thời hạn thi đua", "", blank, True),
            row("- Dưới 1 năm", "06", n(lambda m: m < 12)), row("- 1 năm", "07", n(lambda m: m == 12)),
            row("- Từ 1 năm đến dưới 3 năm", "08", n(lambda m: 12 < m < 36)),
            row("- Từ 3 năm đến dưới 5 năm", "09", n(lambda m: 36 <= m < 60)),
            row("- Từ 5 năm trở lên", "10", n(lambda m: m >= 60)),
            ("3. Chia theo phương thức tổ chức phong trào thi đua", "", blank, True),
            row("- Thi đua theo chuyên đề", "11", themed), row("- Thi đua thường xuyên hàng năm", "12", yearly))
    return StatForm("0601", FORMS["0601"], "Phong trào", ("Tổng số", "Cấp Trung ương", "Cấp bộ, ngành, tỉnh",
                                                          "Cơ quan, tổ chức, đơn vị"), rows)


def _by_award(authority, start, end, levels, code, title) -> StatForm:
    counts = {(a, k): n for a, k, n in _lines(authority, start, end).filter(decision__award__level__in=levels)
              .values_list("decision__award_id", "kind").annotate(n=Count("id"))}
    rows = []
    tot = [0, 0, 0]
    for i, award in enumerate(Award.objects.filter(level__in=levels).order_by("-rank"), start=2):
        c, p, h = (counts.get((award.pk, k), 0) for k in ("collective", "individual", "household"))
        tot = [tot[0] + c, tot[1] + p, tot[2] + h]
        rows.append((f"- {award.name}", f"{i:02d}", (c + p + h, c, p, h), False))
    rows.insert(0, ("Tổng số", "01", (sum(tot), *tot), True))
    return StatForm(code, title, "Lượt", ("Tổng số", "Tập thể", "Cá nhân", "Hộ gia đình"), tuple(rows))


def form_0602(authority, start, end) -> StatForm:
    return _by_award(authority, start, end, ["national"], "0602", FORMS["0602"])


def form_0603(authority, start, end) -> StatForm:
    return _by_award(authority, start, end, ["province"], "0603", FORMS["0603"])


def form_0604(authority, start, end) -> StatForm:
    meetings = CouncilMeeting.objects.filter(authority=authority, date__gte=start, date__lte=end)
    members = max([m.members_count for m in meetings] or [0])  # each member once (councilmember_once)
    rows = (("Hội đồng Thi đua - Khen thưởng", "01", (1 if meetings else 0, members, meetings.count()), True),)
    return StatForm("0604", FORMS["0604"], "Tổ chức", ("Số hội đồng", "Số thành viên", "Số phiên họp xét"), rows)


def form_0605(authority, start, end) -> StatForm:
    staff = [p for p in Person.objects.filter(authority=authority, active=True).filter(
        Q(name_fold__contains="thi dua") | Q(position__icontains="thi đua"))
        if "thi dua" in normalise.fold(p.position)]
    bands = [("- Từ 30 trở xuống", 0, 30), ("- Từ 31 đến 40", 31, 40), ("- Từ 41 đến 50", 41, 50),
             ("- Từ 51 đến 55", 51, 55), ("- Từ 56 đến 60", 56, 60), ("- Trên 60 tuổi", 61, 200)]

    def age(p):
        b = p.birth_date
        return None if b is None else end.year - b.year - ((end.month, end.day) < (b.month, b.day))

    rows = [("Tổng số", "01", (len(staff), sum(1 for p in staff if p.gender == "F")), True),
            ("1. Chia theo độ tuổi", "", ("", ""), True)]
    for i, (label, lo, hi) in enumerate(bands, start=2):
        group = [p for p in staff if age(p) is not None and lo <= age(p) <= hi]
        rows.append((label, f"{i:02d}", (len(group), sum(1 for p in group if p.gender == "F")), False))
    unknown = [p for p in staff if age(p) is None]
    rows.append(("- Chưa có ngày sinh", "", (len(unknown), sum(1 for p in unknown if p.gender == "F")), False))
    return StatForm("0605", FORMS["0605"], "Người", ("Tổng số", "Trong đó: Nữ"), tuple(rows))


BUILDERS = {"0601": form_0601, "0602": form_0602, "0603": form_0603, "0604": form_0604, "0605": form_0605}


def build(code: str, authority: Authority, start: dt.date, end: dt.date) -> StatForm:
    return BUILDERS[code](authority, start, end)
