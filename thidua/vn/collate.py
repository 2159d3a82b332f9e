"""Vietnamese collation (BRIEF §6.2, stack-check §7).

The order is ICU's CLDR ``vi`` tailoring: letters a < ă < â < b < c < d < đ < e < ê … o < ô < ơ …
u < ư … (primary), tones ngang < huyền < hỏi < ngã < sắc < nặng (secondary: ma, mà, mả, mã, má,
mạ), lower case before upper case (tertiary). Python's ``sorted()`` on str and ICU's root
collation are both wrong for Vietnamese.

Every key here first normalises to NFC and to the new tone placement (see
:mod:`thidua.vn.normalise`), so "Hòa" and "Hoà" collate equal instead of apart.

People sort by given name, then middle names, then family name (:func:`name_sort_key`).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

from thidua.vn.normalise import TONE_MARKS, clean_text, new_tone_placement, nfc

__all__ = [
    "COMPOUND_FAMILY_NAMES",
    "collator",
    "compare",
    "name_sort_key",
    "py_sort_key",
    "sort_key",
    "sorted_vi",
    "split_full_name",
    "sqlite_collation",
]

T = TypeVar("T")

_lock = threading.Lock()
_collator: Any = None


def collator() -> Any:
    """The shared ICU collator for locale ``vi`` (created on first use).

    ICU collators are safe for concurrent ``compare``/``getSortKey`` calls once built, as long as
    nobody changes their attributes; do not call ``setAttribute`` / ``setStrength`` on this one —
    create your own with ``icu.Collator.createInstance(icu.Locale("vi"))`` instead.
    """
    global _collator
    if _collator is None:
        with _lock:
            if _collator is None:
                import icu  # noqa: PLC0415 (startup)

                _collator = icu.Collator.createInstance(icu.Locale("vi"))
    return _collator


def _prepare(s: str | None) -> str:
    return new_tone_placement(nfc(s))


@lru_cache(maxsize=65536)
def _icu_key(s: str) -> bytes:
    return bytes(collator().getSortKey(_prepare(s)))


def sort_key(s: str | None) -> bytes:
    """ICU ``vi`` sort key of ``s`` (``None`` sorts like ``''``); compare keys with ``<``."""
    return _icu_key(s or "")


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with, or after ``b`` in Vietnamese order."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def sorted_vi(
    iterable: Iterable[T], key: Callable[[T], str | None] | None = None, reverse: bool = False
) -> list[T]:
    """``sorted()`` in Vietnamese order; ``key`` extracts the text to sort by. Stable."""
    if key is None:
        return sorted(iterable, key=lambda item: sort_key(item), reverse=reverse)  # type: ignore[arg-type]
    return sorted(iterable, key=lambda item: sort_key(key(item)), reverse=reverse)


def sqlite_collation(a: str | None, b: str | None) -> int:
    """Collation function for ``sqlite3.Connection.create_collation("vi", sqlite_collation)``.

    ``None`` sorts first; otherwise the same order as :func:`compare`.
    """
    if a is None or b is None:
        return (a is not None) - (b is not None)
    return compare(a, b)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Two-word family names that :func:`split_full_name` keeps together (when at least three words
# remain). Deliberately short: "Nguyễn Phúc", "Trần Đình"… are ambiguous and left to the user.
COMPOUND_FAMILY_NAMES = frozenset(
    {"âu dương", "tôn thất", "tôn nữ", "tư mã", "gia cát", "hoàng phủ", "thượng quan", "công tằng tôn nữ"}
)


def split_full_name(full: str | None, compound_families: Iterable[str] | None = None) -> tuple[str, str, str]:
    """Split a full name into (family, middle, given): first word, the words between, last word.

    "Nguyễn Văn Hạ" → ("Nguyễn", "Văn", "Hạ"); "Lê Thị Thu Hà" → ("Lê", "Thị Thu", "Hà");
    "Hạ" → ("", "", "Hạ"); "Trần Hạ" → ("Trần", "", "Hạ").

    A few compound family names (:data:`COMPOUND_FAMILY_NAMES`, e.g. "Âu Dương", "Tôn Nữ") stay
    together when the name has a word left for the given name: "Tôn Nữ Thị Ninh" →
    ("Tôn Nữ", "Thị", "Ninh"). Pass ``compound_families=()`` to switch that off, or your own list.
    Any other split (e.g. a two-word family name not in the list) must be corrected by hand —
    which is why forms store family, middle and given names separately.
    """
    words = clean_text(full).split(" ")
    words = [w for w in words if w]
    if not words:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    families = (
        COMPOUND_FAMILY_NAMES
        if compound_families is None
        else {clean_text(f).lower() for f in compound_families}
    )
    family_len = 1
    for n in sorted({len(f.split(" ")) for f in families}, reverse=True):
        if len(words) > n and " ".join(words[:n]).lower() in families:
            family_len = n
            break
    return (" ".join(words[:family_len]), " ".join(words[family_len:-1]), words[-1])


def name_sort_key(family: str | None, middle: str | None, given: str | None) -> tuple[bytes, bytes, bytes]:
    """Key that sorts people the Vietnamese way: given name, then middle names, then family name.

    >>> people = [("Trần", "Đức", "Anh"), ("Lê", "Thị", "Ánh"), ("Nguyễn", "Văn", "Anh")]
    >>> [" ".join(p) for p in sorted(people, key=lambda p: name_sort_key(*p))]
    ['Trần Đức Anh', 'Nguyễn Văn Anh', 'Lê Thị Ánh']
    """
    return (sort_key(clean_text(given)), sort_key(clean_text(middle)), sort_key(clean_text(family)))


# ---------------------------------------------------------------------------------------------
# Pure-Python fallback
# ---------------------------------------------------------------------------------------------

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
_MODIFIERS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_MODIFIED = {
    ("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê", ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ", ("u", "horn"): "ư",
}  # fmt: skip
_TONE_RANK = {mark: i for i, mark in enumerate(TONE_MARKS) if mark}

# Primary ranks: whitespace < other non-letters (by code point) < digits < letters of ALPHABET <
# other letters (by code point). Matches ICU for Vietnamese letters, digits and spaces.
_SPACE, _OTHER, _DIGIT, _LETTER, _FOREIGN = 0, 1, 2, 3, 4


@lru_cache(maxsize=65536)
def _py_key(s: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]:
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in s:
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        upper = base.isupper()
        letter = base.lower()
        tone = 0
        for mark in marks:
            if mark in _MODIFIERS:
                letter = _MODIFIED.get((letter, _MODIFIERS[mark]), letter)
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        if letter == "đ":
            upper = ch == "Đ"
        if letter in _LETTER_RANK:
            primary.append((_LETTER, _LETTER_RANK[letter]))
        elif ch.isspace():
            primary.append((_SPACE, 0))
        elif ch.isdigit() and ch.isascii():
            primary.append((_DIGIT, int(ch)))
        elif ch.isalpha():
            primary.append((_FOREIGN, ord(letter)))
        else:
            primary.append((_OTHER, ord(ch)))
        secondary.append(tone)
        tertiary.append(1 if upper else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def py_sort_key(s: str | None) -> tuple:
    """Pure-Python Vietnamese sort key, for where ICU is unavailable.

    Letters in the order of :data:`ALPHABET` first, then tones (ngang < huyền < hỏi < ngã < sắc <
    nặng), then lower case before upper case. Agrees with :func:`sort_key` on text made of
    Vietnamese letters, spaces and digits (tested); punctuation and foreign letters are only
    roughly placed.
    """
    return _py_key(_prepare(s))
