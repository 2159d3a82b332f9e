"""Consistency checks of a conference plan (Kế hoạch), over plain values: no Django.

The checks catch the slips a careful reader finds in a draft before it is issued:

- sections numbered without gaps or disorder (I, II, III, IV, VI → "mục V bị thiếu");
- the place name spelt the same everywhere: a run of words that equals the authority's place name
  once diacritics are removed but differs in its accents ("Hón Quản" beside "Hớn Quản");
- every number stated twice agrees: the number of talks wherever the text states it (and the
  breakdown in brackets against the total), the delegates total against the category quotas and
  the hall, the talk length and the deadlines written in the text against the plan's own fields;
- deadlines in a sensible order: none after the conference (nor outside its month when only the
  month is known), none before the plan is issued, the talk texts early enough to be reviewed;
- every assignment names a unit (or the kinds of unit it addresses) and a deadline;
- the agenda fits the conference's hours, when both are known.

What counts as a deadline: an assignment whose duties prepare the conference and which states no
date is due by the conference day ("trước ngày Hội nghị"); the plan records that as
`by_event=True`, and it is not a slip. Only an assignment with neither a date nor that reading is
reported as missing its deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from thidua.vn.normalise import fold, nfc

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
MIN_REVIEW_DAYS = 5  # talk texts must reach the reviewers at least this long before the conference


@dataclass(frozen=True)
class Finding:
    code: str
    message: str  # Vietnamese, for the page and the command line

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Assignment:
    number: str  # "1", "2" … as written
    label: str  # "Văn phòng HĐND và UBND huyện"
    has_unit: bool
    deadline: dt.date | None = None
    by_event: bool = False
    unit_gone: str = ""  # "Phòng X đã sáp nhập vào Phòng Y" when the unit no longer exists


@dataclass(frozen=True)
class PlanFacts:
    place_name: str  # the authority's place name, the reference spelling
    texts: tuple[tuple[str, str], ...] = ()  # (where, text) for every piece of the plan's text
    sections: tuple[tuple[str, str], ...] = ()  # (numeral as written, title) in order
    assignments: tuple[Assignment, ...] = ()
    delegates_total: int | None = None
    category_quotas: tuple[tuple[str, int], ...] = ()  # (code, quota)
    hall_capacity: int | None = None
    talks_count: int | None = None
    talk_minutes: tuple[int, int] | None = None  # (5, 7)
    talks_deadline: dt.date | None = None
    covenant_deadline: dt.date | None = None
    issue_date: dt.date | None = None
    event_date: dt.date | None = None
    event_month: tuple[int, int] | None = None  # (year, month) when only the month is known
    agenda_minutes: int | None = None
    day_minutes: int | None = None  # minutes between the conference's start and end
    extra_deadlines: tuple[tuple[str, dt.date], ...] = field(default_factory=tuple)


def fmt(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.month <= 2 else f"{d.day:02d}/{d.month}/{d.year}"


# --- section numbering ----------------------------------------------------------------------------


def roman_value(numeral: str) -> int | None:
    numeral = (numeral or "").strip().rstrip(".").upper()
    return ROMAN.index(numeral) + 1 if numeral in ROMAN else None


def check_sections(sections: Sequence[tuple[str, str]]) -> list[Finding]:
    out: list[Finding] = []
    expected = 1
    for numeral, title in sections:
        value = roman_value(numeral)
        if value is None:
            out.append(Finding("section_numeral", f"Mục “{numeral} {title}” không đánh số La Mã."))
            continue
        if value > expected:
            missing = ", ".join(ROMAN[n - 1] for n in range(expected, value))
            out.append(Finding("section_gap", f"Thiếu mục {missing}: sau mục {ROMAN[expected - 2] if expected > 1 else '(đầu)'}"
                                              f" là mục {numeral.strip().rstrip('.')} ({title})."))
        elif value < expected:
            out.append(Finding("section_order", f"Mục {numeral.strip().rstrip('.')} ({title}) bị lặp hoặc sai thứ tự."))
        expected = max(expected, value + 1)
    return out


def check_assignment_numbers(assignments: Sequence[Assignment]) -> list[Finding]:
    out = []
    expected = 1
    for a in assignments:
        if not a.number.isdigit():
            continue
        n = int(a.number)
        if n > expected:
            out.append(Finding("item_gap", f"Mục Tổ chức thực hiện thiếu điểm {', '.join(str(i) for i in range(expected, n))}"
                                           f" (trước điểm {n}. {a.label})."))
        elif n < expected:
            out.append(Finding("item_order", f"Điểm {n}. {a.label} của mục Tổ chức thực hiện bị lặp hoặc sai thứ tự."))
        expected = max(expected, n + 1)
    return out


# --- the place name --------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def name_variants(reference: str, texts: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """{variant as first written: [where…]} for every run of words that reads as `reference` without
    its accents but is accented differently (case is ignored: "HUYỆN HỚN QUẢN" is not a variant)."""
    ref_words = nfc(reference).split()
    n = len(ref_words)
    if n == 0:
        return {}
    ref_fold = fold(reference)
    ref_lower = nfc(" ".join(ref_words)).lower()
    found: dict[str, tuple[str, list[str]]] = {}
    for where, text in texts:
        words = [m.group(0) for m in _WORD.finditer(nfc(text))]
        for i in range(len(words) - n + 1):
            window = " ".join(words[i:i + n])
            if fold(window) != ref_fold:
                continue
            lower = window.lower()
            if lower == ref_lower:
                continue
            shown, places = found.setdefault(lower, (window, []))
            if where not in places:
                places.append(where)
    return {shown: places for shown, places in found.values()}


def check_name(reference: str, texts: Sequence[tuple[str, str]]) -> list[Finding]:
    out = []
    for variant, places in name_variants(reference, texts).items():
        out.append(Finding("name_spelling", f"Địa danh viết sai “{variant}” (đúng là “{nfc(reference)}”) ở: "
                                            f"{'; '.join(places)}."))
    return out


# --- numbers stated twice --------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[^\d(])|\n")
_COUNT = re.compile(r"\b(\d{1,3})\s+tập\s+thể\b", re.IGNORECASE)
_MINUTES = re.compile(r"\b(\d{1,2})\s*[-–—]\s*(\d{1,2})\s*phút", re.IGNORECASE)
_DEADLINE = re.compile(r"trước\s+ngày\s+\**\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)


def _outside_brackets(text: str) -> str:
    depth, out = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        out.append(ch if depth == 0 and ch != ")" else " ")
    return "".join(out)


def talk_statements(text: str) -> list[tuple[int, int | None]]:
    """(total, breakdown sum or None) for each sentence that says how many collectives give a talk."""
    out = []
    for sentence in _SENTENCE.split(nfc(text)):
        if "tham luận" not in sentence.lower():
            continue
        outside = _outside_brackets(sentence)
        main = _COUNT.search(outside)
        if not main:
            continue
        inside = "".join(re.findall(r"\(([^()]*)\)", sentence))
        parts = [int(m.group(1)) for m in _COUNT.finditer(inside)]
        out.append((int(main.group(1)), sum(parts) if parts else None))
    return out


def check_talks(facts: PlanFacts) -> list[Finding]:
    out = []
    stated: list[tuple[int, str]] = []
    if facts.talks_count is not None:
        stated.append((facts.talks_count, "số bài tham luận của kế hoạch"))
    for where, text in facts.texts:
        for total, parts in talk_statements(text):
            stated.append((total, where))
            if parts is not None and parts != total:
                out.append(Finding("talks_breakdown", f"Ở {where}: {total:02d} tập thể tham luận nhưng chia ra cộng lại "
                                                      f"{parts:02d}."))
    values = {v for v, _ in stated}
    if len(values) > 1:
        parts_text = "; ".join(f"{v:02d} ở {w}" for v, w in stated)
        out.append(Finding("talks_mismatch", f"Số tập thể báo cáo tham luận không khớp: {parts_text}."))
    if facts.talk_minutes is not None:
        lo, hi = facts.talk_minutes
        if lo > hi or lo <= 0:
            out.append(Finding("talk_length", f"Thời lượng tham luận {lo}–{hi} phút không hợp lệ."))
        for where, text in facts.texts:
            for m in _MINUTES.finditer(nfc(text)):
                if (int(m.group(1)), int(m.group(2))) != (lo, hi):
                    out.append(Finding("talk_length", f"Ở {where} ghi thời lượng {m.group(1)}–{m.group(2)} phút, "
                                                      f"kế hoạch ghi {lo:02d}–{hi:02d} phút."))
    return out


def check_written_deadlines(facts: PlanFacts) -> list[Finding]:
    """A date written "trước ngày dd/mm/yyyy" in the talks or covenant text must be the plan's field."""
    out = []
    for where, text in facts.texts:
        for sentence in _SENTENCE.split(nfc(text)):
            out.extend(_written_deadline(facts, where, sentence))
    return out


def _written_deadline(facts: PlanFacts, where: str, text: str) -> list[Finding]:
    out = []
    for m in _DEADLINE.finditer(text):
        try:
            written = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            out.append(Finding("date_invalid", f"Ở {where} có ngày không tồn tại: {m.group(1)}/{m.group(2)}/{m.group(3)}."))
            continue
        low = text.lower()
        if "tham luận" in low and facts.talks_deadline and "giao ước" not in low:
            if written != facts.talks_deadline:
                out.append(Finding("deadline_mismatch", f"Ở {where} ghi hạn gửi tham luận {fmt(written)}, kế hoạch "
                                                        f"ghi {fmt(facts.talks_deadline)}."))
        elif "giao ước" in low and facts.covenant_deadline and "tham luận" not in low:
            if written != facts.covenant_deadline:
                out.append(Finding("deadline_mismatch", f"Ở {where} ghi hạn nộp bản giao ước {fmt(written)}, kế hoạch "
                                                        f"ghi {fmt(facts.covenant_deadline)}."))
    return out


def check_delegates(facts: PlanFacts) -> list[Finding]:
    out = []
    total = facts.delegates_total
    if total is None:
        return out
    if total <= 0:
        return [Finding("delegates_total", "Tổng số đại biểu phải lớn hơn 0.")]
    if facts.category_quotas:
        quotas = sum(q for _, q in facts.category_quotas)
        if quotas != total:
            detail = " + ".join(f"{c}) {q}" for c, q in facts.category_quotas)
            out.append(Finding("delegates_quota", f"Tổng số đại biểu ghi {total}, nhưng cộng các thành phần "
                                                  f"({detail}) được {quotas}."))
    if facts.hall_capacity is not None and total > facts.hall_capacity:
        out.append(Finding("delegates_hall", f"Tổng số đại biểu {total} vượt sức chứa hội trường "
                                             f"({facts.hall_capacity} chỗ)."))
    return out


# --- deadlines ---------------------------------------------------------------------------------------


def _deadlines(facts: PlanFacts) -> list[tuple[str, dt.date]]:
    out = []
    if facts.talks_deadline:
        out.append(("hạn gửi bài tham luận", facts.talks_deadline))
    if facts.covenant_deadline:
        out.append(("hạn nộp bản ký kết giao ước", facts.covenant_deadline))
    for a in facts.assignments:
        if a.deadline:
            out.append((f"hạn của điểm {a.number} ({a.label})", a.deadline))
    out.extend(facts.extra_deadlines)
    return out


def check_deadlines(facts: PlanFacts) -> list[Finding]:
    out = []
    deadlines = _deadlines(facts)
    if facts.event_date:
        for label, d in deadlines:
            if d >= facts.event_date:
                out.append(Finding("deadline_after_event", f"{label.capitalize()} {fmt(d)} không trước ngày hội nghị "
                                                           f"{fmt(facts.event_date)}."))
    elif facts.event_month:
        year, month = facts.event_month
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        for label, d in deadlines:
            if d > last:
                out.append(Finding("deadline_after_event", f"{label.capitalize()} {fmt(d)} sau tháng {month}/{year} "
                                                           f"dự kiến tổ chức hội nghị."))
    if facts.issue_date:
        for label, d in deadlines:
            if d < facts.issue_date:
                out.append(Finding("deadline_before_issue", f"{label.capitalize()} {fmt(d)} trước ngày ban hành kế hoạch "
                                                            f"{fmt(facts.issue_date)}."))
        if facts.event_date and facts.issue_date >= facts.event_date:
            out.append(Finding("issue_after_event", f"Ngày ban hành kế hoạch {fmt(facts.issue_date)} không trước ngày "
                                                    f"hội nghị {fmt(facts.event_date)}."))
    if facts.talks_deadline and facts.event_date and facts.talks_deadline < facts.event_date:
        gap = (facts.event_date - facts.talks_deadline).days
        if gap < MIN_REVIEW_DAYS:
            out.append(Finding("talks_too_late", f"Hạn gửi tham luận {fmt(facts.talks_deadline)} chỉ cách hội nghị {gap} "
                                                 f"ngày, không đủ {MIN_REVIEW_DAYS} ngày để thẩm định, in tài liệu."))
    return out


def check_assignments(assignments: Sequence[Assignment]) -> list[Finding]:
    out = []
    for a in assignments:
        if not a.has_unit:
            out.append(Finding("assignment_no_unit", f"Điểm {a.number} ({a.label}) chưa giao cho đơn vị nào."))
        elif a.unit_gone:
            out.append(Finding("assignment_unit_gone", f"Điểm {a.number}: {a.unit_gone}; giao lại cho đơn vị kế thừa."))
        if a.deadline is None and not a.by_event:
            out.append(Finding("assignment_no_deadline", f"Điểm {a.number} ({a.label}) chưa có thời hạn."))
    return out


def check_agenda(facts: PlanFacts) -> list[Finding]:
    if facts.agenda_minutes is None or facts.day_minutes is None:
        return []
    if facts.agenda_minutes > facts.day_minutes:
        return [Finding("agenda_too_long", f"Chương trình dự kiến {facts.agenda_minutes} phút, vượt thời gian hội nghị "
                                           f"({facts.day_minutes} phút).")]
    return []


def check_plan(facts: PlanFacts) -> list[Finding]:
    """Every finding, in the order a reader meets the problems."""
    return (check_sections(facts.sections) + check_assignment_numbers(facts.assignments)
            + check_name(facts.place_name, facts.texts) + check_talks(facts) + check_delegates(facts)
            + check_written_deadlines(facts) + check_deadlines(facts) + check_assignments(facts.assignments)
            + check_agenda(facts))
