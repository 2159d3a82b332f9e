"""Reading time of a speech (tham luận): Vietnamese is read at about 120-140 syllables a minute.

Vietnamese writes one syllable per space-separated word, so counting words is counting syllables.
"""

from __future__ import annotations

from thidua.vn.normalise import nfc

__all__ = ["DEFAULT_WPM", "reading_minutes", "speaking_range_check", "word_count"]

#: Default speaking pace, syllables (words) per minute.
DEFAULT_WPM = 130


def word_count(text: str | None) -> int:
    """Number of words: whitespace-separated tokens holding a letter or a digit.

    Punctuation on its own ("–", "…", "-") is not a word; numbers ("2025", "2.340.000") are.
    """
    return sum(1 for token in nfc(text).split() if any(ch.isalnum() for ch in token))


def reading_minutes(text: str | None, wpm: float = DEFAULT_WPM) -> float:
    """Minutes needed to read ``text`` aloud at ``wpm`` words a minute."""
    if wpm <= 0:
        raise ValueError(f"Tốc độ đọc phải lớn hơn 0: {wpm}")
    return word_count(text) / wpm


def speaking_range_check(
    text: str | None, min_minutes: float = 5, max_minutes: float = 7, wpm: float = DEFAULT_WPM
) -> str:
    """Return "short", "ok" or "long" against the time allotted to a talk (bounds inclusive)."""
    if min_minutes > max_minutes:
        raise ValueError(f"Thời lượng tối thiểu ({min_minutes}) lớn hơn tối đa ({max_minutes})")
    minutes = reading_minutes(text, wpm)
    if minutes < min_minutes:
        return "short"
    if minutes > max_minutes:
        return "long"
    return "ok"
