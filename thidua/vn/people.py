"""People: salutations and display names."""

from __future__ import annotations

from thidua.vn.normalise import clean_text, fold

__all__ = ["display_name", "gender_code", "position_at", "salutation"]

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


def position_at(position: str | None, unit: str | None) -> str:
    """A position and its unit as one phrase, the words they share said once:
    ("Chủ tịch UBND", "UBND xã Tân Hưng") → "Chủ tịch UBND xã Tân Hưng";
    ("Phó Trưởng phòng", "Phòng Nội vụ") → "Phó Trưởng phòng Nội vụ";
    ("Hiệu trưởng", "Trường THCS Tân Khai") → "Hiệu trưởng Trường THCS Tân Khai"."""
    p, u = clean_text(position), clean_text(unit)
    if not p or not u:
        return p or u
    pw, uw = p.split(" "), u.split(" ")
    for k in range(min(len(pw), len(uw)), 0, -1):
        if [w.casefold() for w in pw[-k:]] == [w.casefold() for w in uw[:k]]:
            return " ".join(pw + uw[k:])
    return f"{p} {u}"
