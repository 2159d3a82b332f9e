"""People: salutations and display names."""

from __future__ import annotations

from thidua.vn.normalise import clean_text, fold

__all__ = ["display_name", "gender_code", "salutation"]

_MALE = frozenset({"m", "male", "nam", "ong", "man"})
_FEMALE = frozenset({"f", "female", "nu", "ba", "woman"})


def gender_code(gender: object) -> str | None:
    """Gender code "M", "F" or ``None`` from the ways spreadsheets and forms write gender (Nam/Nữ, M/F, male…)."""
    if gender is None:
        return None
    key = fold(str(gender)).strip(" .")
    if key in _MALE:
        return "M"
    if key in _FEMALE:
        return "F"
    return None


def salutation(gender: object) -> str:
    """Salutation: "Ông" for men, "Bà" for women, "Ông/Bà" when unknown (as on invitation letters)."""
    return {"M": "Ông", "F": "Bà"}.get(gender_code(gender) or "", "Ông/Bà")


def display_name(family: str | None, middle: str | None, given: str | None) -> str:
    """Full name in Vietnamese order, single spaces: ("Nguyễn", "Văn", "Hạ") → "Nguyễn Văn Hạ"."""
    return " ".join(part for part in (clean_text(family), clean_text(middle), clean_text(given)) if part)
