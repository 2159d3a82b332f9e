"""Checks on a talk's text for the reviewer: no Django, property-tested.

- Speaking time from the word count at a pace (Vietnamese: one syllable per written word), flagged
  outside the allotted 5–7 minutes.
- Hints that the text reads like an achievements report (báo cáo thành tích) — many figures,
  percentages and award names — rather than difficulties, lessons and solutions, which is what the
  plan asks of a tham luận. Hints only: the reviewer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from thidua.vn.normalise import fold, nfc
from thidua.vn.reading import word_count

__all__ = ["Hints", "report_hints", "speaking_flag", "speaking_minutes"]

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%|phan tram")
# Folded (no accents, lower case) so that NFD input and typing without accents count too.
AWARD_TERMS = ("bang khen", "giay khen", "co thi dua", "chien si thi dua", "lao dong tien tien",
               "lao dong xuat sac", "danh hieu", "huan chuong", "khen thuong", "dat chuan", "vuot chi tieu",
               "hoan thanh xuat sac", "dat va vuot", "xep loai")
LESSON_TERMS = ("kho khan", "vuong mac", "han che", "bai hoc", "kinh nghiem", "giai phap", "bien phap",
                "nguyen nhan", "cach lam", "de xuat", "kien nghi", "thuan loi", "ton tai")

FIGURES_PER_100 = 6.0  # figures per 100 words above which a text reads like a table of results
PERCENT_LIMIT = 5
AWARD_LIMIT = 5


def speaking_minutes(words: int, wpm: float) -> float:
    if wpm <= 0:
        raise ValueError("Tốc độ đọc phải lớn hơn 0")
    return max(words, 0) / wpm


def speaking_flag(words: int, wpm: float, min_minutes: float, max_minutes: float) -> str:
    """"short", "ok" or "long" (bounds inclusive), the same answer as vn.reading.speaking_range_check."""
    if min_minutes > max_minutes:
        raise ValueError("Thời lượng tối thiểu lớn hơn tối đa")
    minutes = speaking_minutes(words, wpm)
    if minutes < min_minutes:
        return "short"
    if minutes > max_minutes:
        return "long"
    return "ok"


def _count(text: str, terms: tuple[str, ...]) -> int:
    return sum(len(re.findall(rf"\b{re.escape(t)}\b", text)) for t in terms)


@dataclass(frozen=True)
class Hints:
    words: int
    figures: int
    percentages: int
    awards: int
    lessons: int
    report_like: bool
    messages: tuple[str, ...] = field(default_factory=tuple)


def report_hints(text: str | None) -> Hints:
    text = nfc(text or "")
    words = word_count(text)
    folded = fold(text)
    figures = len(NUMBER.findall(text))
    percentages = len(PERCENT.findall(folded))
    awards = _count(folded, AWARD_TERMS)
    lessons = _count(folded, LESSON_TERMS)
    density = 100 * figures / words if words else 0.0
    signals = []
    if words and density >= FIGURES_PER_100:
        signals.append(f"Nhiều số liệu: {figures} con số trong {words} chữ ({density:.1f} số/100 chữ).")
    if percentages >= PERCENT_LIMIT:
        signals.append(f"Nhiều tỷ lệ phần trăm: {percentages} lần.")
    if awards >= AWARD_LIMIT:
        signals.append(f"Nhắc nhiều đến danh hiệu, khen thưởng, chỉ tiêu: {awards} lần.")
    # Lessons and solutions outweigh the signals of a results table: one signal is not enough when
    # the text talks about difficulties and solutions at least as often as it lists results.
    report_like = len(signals) >= 2 or (len(signals) == 1 and lessons < 3)
    messages = list(signals)
    if report_like:
        if lessons < 3:
            messages.append("Ít nói về khó khăn, bài học kinh nghiệm, giải pháp "
                            f"({lessons} lần): bài có thể đang viết theo dạng báo cáo thành tích.")
        else:
            messages.append("Bài có dáng một báo cáo thành tích; đề nghị tập trung vào khó khăn, bài học, giải pháp.")
    return Hints(words, figures, percentages, awards, lessons, report_like, tuple(messages))
