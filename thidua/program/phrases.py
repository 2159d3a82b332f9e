"""How the programme's papers say things: a person's title with their own body, an award's name as the
MC reads it, and a long title broken into balanced lines between phrases (the backdrop). No Django,
property-tested.

- `title_at("Bí thư Đảng ủy", "UBND xã Tân Lợi")` → "Bí thư Đảng ủy xã Tân Lợi": a title that names its
  own body of the locality (Đảng ủy, HĐND, Ủy ban MTTQ, Công an…) is said with the locality, not glued to
  the commune's People's Committee; a title naming a body that is not the person's unit is not glued
  to it either ("Phó Chủ tịch UBND, Sở Nội vụ"); otherwise the words they share are said once
  (`vn.people.position_at`: "Phó Giám đốc" + "Sở Nội vụ" → "Phó Giám đốc Sở Nội vụ").
- `award_phrase("Lao động tiên tiến", "title")` → "danh hiệu “Lao động tiên tiến”"; a form (Giấy khen,
  Bằng khen) and an emulation flag (Cờ thi đua, handed over as an object) are named as they are.
- `balanced_lines(text, width, measure)`: lines no wider than `width` where possible, broken only
  between phrases (after a comma, before "và", before "năm 2024", between "tổng kết …" and "phát động
  …"), never inside a word group ("thi đua", "khen thưởng", "năm 2024", "giao ước"), as even as can be.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from thidua.vn.people import position_at

__all__ = ["PROTECTED", "award_phrase", "balanced_lines", "break_points", "clause_spans", "title_at"]

# Bodies of a locality a title can name: "Bí thư Đảng ủy", "Chủ tịch HĐND", "Trưởng Công an".
_LOCAL_BODIES = ("Đảng ủy", "Ban Thường vụ Đảng ủy", "HĐND", "Hội đồng nhân dân", "UBND", "Ủy ban nhân dân",
                 "Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam", "UBMTTQ", "UBMTTQVN", "MTTQ",
                 "Ủy ban Kiểm tra Đảng ủy", "Công an", "Ban Chỉ huy Quân sự", "Đoàn Thanh niên",
                 "Đoàn TNCS Hồ Chí Minh", "Hội Nông dân", "Hội Cựu chiến binh", "Hội Liên hiệp Phụ nữ",
                 "Hội LHPN")
_COMMITTEE = ("UBND", "Ủy ban nhân dân")


def _fold(s: str) -> str:
    return " ".join(s.split()).casefold()


def _body_named(position: str) -> str:
    """The body a title ends with ("Đảng ủy" of "Phó Bí thư Đảng ủy"), or ""."""
    p = _fold(position)
    for body in sorted(_LOCAL_BODIES, key=len, reverse=True):
        b = body.casefold()
        if p == b or p.endswith(" " + b):
            return body
    return ""


def _committee_locality(unit: str) -> str:
    """"UBND xã Tân Lợi" → "xã Tân Lợi"; a unit that is not a People's Committee → ""."""
    u = " ".join(unit.split())
    for prefix in _COMMITTEE:
        if u.casefold().startswith(prefix.casefold() + " "):
            return u[len(prefix) + 1:]
    return ""


def title_at(position: str | None, unit: str | None) -> str:
    """A person's title joined with their own body (see the module's docstring)."""
    p, u = " ".join((position or "").split()), " ".join((unit or "").split())
    if not p or not u:
        return p or u
    body = _body_named(p)
    if not body:
        return position_at(p, u)
    if _fold(u).startswith(_fold(body) + " ") or _fold(u) == _fold(body):
        return position_at(p, u)  # "Phó Chủ tịch UBND" + "UBND xã Thanh An": said once
    locality = _committee_locality(u)
    if locality:  # "Bí thư Đảng ủy" + "UBND xã Tân Lợi" → "Bí thư Đảng ủy xã Tân Lợi"
        return f"{p} {locality}"
    if _fold(p).endswith(_fold(u)):
        return p
    return f"{p}, {u}"  # a title of another body: not glued to the unit ("Phó Chủ tịch UBND, Sở Nội vụ")


def award_phrase(name: str, kind: str) -> str:
    """The award as the MC says it after "trao", "tặng", "công nhận"."""
    n = " ".join((name or "").split())
    if kind != "title" or not n or n.casefold().startswith(("cờ thi đua", "danh hiệu")):
        return n
    return f"danh hiệu “{n}”"


# --- balanced lines -----------------------------------------------------------------------------------

# Word groups kept on one line (compared case-insensitively, as whole syllables).
PROTECTED = ("thi đua", "khen thưởng", "giao ước", "tổng kết", "sơ kết", "phát động", "ký kết", "công tác",
             "phong trào", "hội nghị", "điển hình", "tiên tiến", "biểu dương", "nhiệm vụ", "phương hướng",
             "giai đoạn", "đại hội", "tôn vinh", "học tập", "làm theo", "tư tưởng", "đạo đức", "phong cách",
             "chuyên đề", "triển khai", "kế hoạch", "ủy ban", "nhân dân", "thực hiện", "xây dựng", "nông thôn",
             "văn hóa", "gia đình", "dân vận", "khéo léo", "cán bộ", "công chức", "viên chức", "lao động",
             "sản xuất", "kinh doanh", "đô thị", "văn minh", "chuyển đổi số", "thành tích", "xuất sắc")
_VERBS = ("tổng kết", "sơ kết", "phát động", "ký kết", "triển khai", "biểu dương", "tôn vinh", "đón nhận",
          "trao tặng", "trao", "công bố")
_CONJUNCTIONS = ("và", "gắn với", "đồng thời", "nhằm")
# "năm 2024", "(giai) đoạn 2021-2025": the text is split on spaces, so "giai đoạn" is two words
_YEAR = re.compile(r"^(năm|đoạn)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d")

# What a break costs: after a comma, before a conjunction or a new verb phrase, before "năm 2024",
# between two syllables that are not a word group; inside a word group there is no break at all.
CLAUSE_END, COMMA, CLAUSE, YEAR, LOOSE = 0.0, 0.25, 0.35, 0.5, 4.0
SPAN = 0.8  # a line that holds the end of one clause and the start of the next ("…năm 2024, phát động…")


def _words(text: str) -> list[str]:
    return " ".join((text or "").split()).split(" ") if (text or "").strip() else []


def break_points(words: list[str]) -> dict[int, float]:
    """{i: cost} for a break before words[i] (1 ≤ i < len(words)); a missing i may not break."""
    low = [w.casefold() for w in words]
    protected: set[int] = set()  # i: words[i-1] and words[i] belong together
    for group in PROTECTED:
        g = group.split()
        for i in range(len(low) - len(g) + 1):
            if [w.strip(",;:.") for w in low[i:i + len(g)]] == g and not any(
                    w.endswith((",", ";", ":")) for w in low[i:i + len(g) - 1]):
                protected.update(range(i + 1, i + len(g)))
    for i in range(1, len(low)):
        if _YEAR.match(low[i - 1]) and _NUMBER.match(low[i]):
            protected.add(i)  # "năm 2024", "giai đoạn 2021-2025"
        if _NUMBER.match(low[i - 1]) and low[i] in ("-", "–") or low[i - 1] in ("-", "–") and _NUMBER.match(low[i]):
            protected.add(i)
    points: dict[int, float] = {}
    for i in range(1, len(words)):
        if i in protected or low[i - 1] in ("và", "với", "của", "cho", "các", "những"):
            continue  # a line never ends on a word that leads into the next
        before, here = low[i - 1], low[i]
        rest = " ".join(low[i:i + 3])
        starts_clause = any(rest == c or rest.startswith(c + " ") for c in _CONJUNCTIONS + _VERBS)
        if before.endswith((",", ";", ":")) or here in ("–", "-"):
            points[i] = CLAUSE_END if starts_clause or before.endswith(";") or here in ("–", "-") else COMMA
        elif starts_clause:
            points[i] = CLAUSE
        elif _YEAR.match(here) and i + 1 < len(low) and _NUMBER.match(low[i + 1]):
            points[i] = YEAR
        else:
            points[i] = LOOSE
    return points


def balanced_lines(text: str, width: float, measure: Callable[[str], float] = len) -> list[str]:
    """The lines of `text` (see the module's docstring); a phrase wider than `width` that cannot be
    broken stays whole on its line (the caller shrinks the type)."""
    words = _words(text)
    if not words:
        return []
    n = len(words)
    points = break_points(words)
    cuts = sorted(points) + [n]
    starts = [0, *sorted(points)]

    def line(a: int, b: int) -> str:
        return " ".join(words[a:b])

    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for b in cuts:
        options = []
        for a in starts:
            if a >= b or a not in best:
                continue
            w = measure(line(a, b))
            if w > width and b - a > 1 and any(a < c < b for c in points):
                continue  # breakable: must break
            over = max(0.0, w - width) / max(width, 1e-9)
            slack = max(0.0, width - w) / max(width, 1e-9)
            spans = sum(1 for c, v in points.items() if a < c < b and v == CLAUSE_END)  # two clauses on a line
            cost = (best[a][0] + 1.0 + slack * slack + 50 * over + SPAN * spans
                    + (points.get(b, 0.0) if b < n else 0.0))
            options.append((cost, best[a][1] + [b]))
        if options:
            best[b] = min(options, key=lambda o: o[0])
    ends = best[n][1]
    out, a = [], 0
    for b in ends:
        out.append(line(a, b))
        a = b
    return out


def clause_spans(lines: list[str]) -> int:
    """How many lines (of several) hold the end of one clause and the start of the next."""
    if len(lines) < 2:
        return 0
    return sum(1 for x in lines if any(v == CLAUSE_END for v in break_points(_words(x)).values()))
