"""Numbering in official texts: "03 tập thể", section I/II, points a)/b)/đ), "Số: 15/KH-UBND"."""

from __future__ import annotations

__all__ = ["VIETNAMESE_POINT_LETTERS", "document_number", "lower_alpha", "roman", "two_digit"]

#: Letters for points (điểm) in Vietnamese documents: the Vietnamese alphabet without the letters
#: carrying a breve, circumflex or horn (so "đ)" follows "d)", and f, j, w, z are not used).
VIETNAMESE_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _check_int(n: object, minimum: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"Cần một số nguyên: {n!r}")
    if n < minimum:
        raise ValueError(f"Số phải từ {minimum} trở lên: {n}")
    return n


def two_digit(n: int) -> str:
    """Counts under 10 with a leading zero, as official texts write them: 3 → "03", 12 → "12"."""
    return f"{_check_int(n, 0):02d}"


def roman(n: int) -> str:
    """Roman numeral for section headings: 1 → "I", 4 → "IV", 20 → "XX" (1…3999)."""
    n = _check_int(n, 1)
    if n > 3999:
        raise ValueError(f"Số La Mã chỉ đến 3999: {n}")
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def lower_alpha(n: int, vietnamese: bool = True) -> str:
    """Letter of the n-th point (1-based): a, b, c, d, đ, e, g, h … y, then aa, ab …

    Vietnamese documents letter their points with the Vietnamese alphabet (after "d)" comes
    "đ)", and there is no f, j, w or z); ``vietnamese=False`` gives plain a…z.
    """
    n = _check_int(n, 1)
    letters = VIETNAMESE_POINT_LETTERS if vietnamese else _LATIN_LETTERS
    base = len(letters)
    out = ""
    while n > 0:
        n, r = divmod(n - 1, base)
        out = letters[r] + out
    return out


def document_number(number: int | None, code: str, blank: str = " " * 5) -> str:
    """Document number and symbol: (15, "KH-UBND") → "15/KH-UBND"; (5, …) → "05/KH-UBND".

    Decree 30 writes numbers below 10 with a leading zero. With ``number=None`` the number is left
    blank to be filled in by the clerk: "     /KH-UBND".
    """
    code = (code or "").strip().lstrip("/")
    head = blank if number is None else two_digit(_check_int(number, 1))
    return f"{head}/{code}"
