"""Text normalisation for Vietnamese: NFC, whitespace, tone placement, search keys, legacy fonts.

Pure Python; no Django. Every text a user types or imports should pass through :func:`nfc` or
:func:`clean_text` on the way in.

Tone placement (BRIEF §6.2, stack-check §10)
---------------------------------------------
Two spellings of the same syllable coexist in real data, and NFC does not unify them:

=============  ==========================  ==========================
rhyme          old style (tone on 1st)     new style (tone on 2nd)
=============  ==========================  ==========================
oa             hòa, hóa, thỏa, tòa         hoà, hoá, thoả, toà
oe             khỏe, lòe, hòe              khoẻ, loè, hoè
uy             thủy, ủy, thúy, tùy         thuỷ, uỷ, thuý, tuỳ
=============  ==========================  ==========================

The styles differ only for the *open* rhymes ``oa``, ``oe``, ``uy`` (no final consonant or
glide). With a final consonant both styles put the tone on the second vowel (hoàn, hoạch,
tuyết, huỳnh), and after ``qu`` the ``u`` belongs to the consonant (quý, quỳnh) so nothing
moves. Decree 30/2020 prints "Cộng hòa", the old style; many people type the new style.
:func:`match_key` and the collation key normalise to the new style so both spellings match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "LEGACY_ENCODINGS",
    "clean_multiline",
    "clean_text",
    "detect_legacy",
    "encoding_from_font",
    "fix_legacy",
    "fix_legacy_for_font",
    "fold",
    "is_uppercase_font",
    "is_vietnamese_syllable",
    "match_key",
    "new_tone_placement",
    "nfc",
    "old_tone_placement",
]

# ---------------------------------------------------------------------------------------------
# NFC and whitespace
# ---------------------------------------------------------------------------------------------

# Invisible characters that users paste from Word, PDFs and web pages; they are never meaningful
# inside a name or a title. (U+00AD soft hyphen is deliberately *not* here: in TCVN3 text it is
# the letter "ư", so removing it before legacy conversion would lose letters.)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"), None)

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")


def nfc(s: str | None) -> str:
    """NFC-normalise ``s``; ``None`` becomes ``''``."""
    if s is None:
        return ""
    return unicodedata.normalize("NFC", str(s))


def clean_text(s: str | None) -> str:
    """Clean a single-line field: NFC, trimmed, every whitespace run (NBSP, tab, newline…) → one space."""
    if s is None:
        return ""
    s = nfc(str(s).translate(_INVISIBLE))
    return nfc(" ".join(s.split()))


def clean_multiline(s: str | None) -> str:
    """Clean a multi-line field: NFC, ``\\n`` line endings, no trailing spaces, trimmed overall.

    Blank lines and indentation inside the text are kept (paragraphs matter in a tham luận).
    """
    if s is None:
        return ""
    s = nfc(str(s).translate(_INVISIBLE))
    s = _LINE_BREAKS.sub("\n", s)
    lines = [line.rstrip() for line in s.split("\n")]
    return nfc("\n".join(lines).strip())


# ---------------------------------------------------------------------------------------------
# Letters and tones
# ---------------------------------------------------------------------------------------------

# Tone marks in the dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_INDEX = {mark: i for i, mark in enumerate(TONE_MARKS) if mark}
_VOWEL_BASES = "aăâeêioôơuưy"

# toned letter -> (base letter without tone, tone index); base letters map to (itself, 0).
_SPLIT: dict[str, tuple[str, int]] = {}
# (base letter, tone index) -> toned letter
_JOIN: dict[tuple[str, int], str] = {}
for _base in _VOWEL_BASES + _VOWEL_BASES.upper():
    for _tone, _mark in enumerate(TONE_MARKS):
        _toned = unicodedata.normalize("NFC", _base + _mark)
        _SPLIT[_toned] = (_base, _tone)
        _JOIN[(_base, _tone)] = _toned

VIETNAMESE_LETTERS = frozenset(
    set(_SPLIT) | set("bcdđghklmnpqrstvx") | set("BCDĐGHKLMNPQRSTVX") | set("fjwzFJWZ")
)

_WORD = re.compile(r"[^\W\d_]+")

# Initial consonants, longest first so "ngh" wins over "ng" over "n".
_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_OPEN_RHYMES = frozenset({"oa", "oe", "uy"})


def _split_word(word: str) -> tuple[list[str], list[int]]:
    """Bases and tone indexes of each character of ``word`` (non-vowels get tone 0)."""
    bases, tones = [], []
    for ch in word:
        base, tone = _SPLIT.get(ch, (ch, 0))
        bases.append(base)
        tones.append(tone)
    return bases, tones


def _move_tone(word: str, style: str) -> str:
    """Move the tone mark of one open oa/oe/uy syllable to the first (old) or second (new) vowel."""
    bases, tones = _split_word(word)
    lower = "".join(bases).lower()
    toned = [i for i, t in enumerate(tones) if t]
    if len(toned) != 1:
        return word
    for initial in _INITIALS + ("",):
        if lower.startswith(initial) and lower[len(initial) :] in _OPEN_RHYMES:
            break
    else:
        return word
    first = len(initial)
    if toned[0] not in (first, first + 1):
        return word
    target = first if style == "old" else first + 1
    tone = tones[toned[0]]
    chars = list(word)
    chars[toned[0]] = bases[toned[0]]
    chars[target] = _JOIN[(bases[target], tone)]
    return "".join(chars)


def _retone(s: str | None, style: str) -> str:
    s = nfc(s)
    return _WORD.sub(lambda m: _move_tone(m.group(0), style), s)


def new_tone_placement(s: str | None) -> str:
    """Put the tone of open ``oa``/``oe``/``uy`` on the second vowel: hòa → hoà, ủy → uỷ, khỏe → khoẻ."""
    return _retone(s, "new")


def old_tone_placement(s: str | None) -> str:
    """Put the tone of open ``oa``/``oe``/``uy`` on the first vowel: hoà → hòa, uỷ → ủy, khoẻ → khỏe."""
    return _retone(s, "old")


# Vowel clusters (tone removed) that can form the vowel part of a Vietnamese rhyme, with the
# final consonants each may take ("" = no final).
_ANY_FINAL = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
_CLOSED = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_VOWEL_CLUSTERS: dict[str, tuple[str, ...]] = {
    "a": _ANY_FINAL, "ă": _CLOSED, "â": _CLOSED, "e": _ANY_FINAL, "ê": _ANY_FINAL,
    "i": _ANY_FINAL, "o": _ANY_FINAL, "ô": _ANY_FINAL, "ơ": _ANY_FINAL, "u": _ANY_FINAL,
    "ư": _ANY_FINAL, "y": _ANY_FINAL,
    "ai": ("",), "ao": ("",), "au": ("",), "ay": ("",), "âu": ("",), "ây": ("",), "eo": ("",),
    "êu": ("",), "ia": ("",), "iu": ("",), "iê": _CLOSED, "iêu": ("",), "oa": _ANY_FINAL,
    "oă": _CLOSED, "oe": _ANY_FINAL, "oi": ("",), "oo": ("c", "ng"), "ôi": ("",), "ơi": ("",),
    "ua": ("",), "uâ": _CLOSED, "uây": ("",), "uê": _ANY_FINAL, "ui": ("",), "uô": _CLOSED,
    "uôi": ("",), "uơ": ("",), "uy": _ANY_FINAL, "uya": ("",), "uyê": _CLOSED, "uyu": ("",),
    "ưa": ("",), "ưi": ("",), "ưu": ("",), "ươ": _CLOSED, "ươi": ("",), "ươu": ("",),
    "yê": _CLOSED, "yêu": ("",), "oai": ("",), "oay": ("",), "oao": ("",), "oeo": ("",),
}  # fmt: skip
_VOWEL_SET = set(_VOWEL_BASES)


@lru_cache(maxsize=4096)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` (one token, any case) is spelled like a Vietnamese syllable.

    A plausibility check (initial consonant + vowel cluster + final, at most one tone, and only
    sắc/nặng before -c/-ch/-p/-t), not a dictionary: "Nguyễn", "khoẻ", "quyết" pass; "Müller",
    "Seđor", "brûlée" do not. Used to decide whether a legacy-font conversion produced Vietnamese.
    """
    bases, tones = _split_word(nfc(word))
    if any(ch not in VIETNAMESE_LETTERS for ch in word if ch not in _SPLIT):
        return False
    if sum(1 for t in tones if t) > 1:
        return False
    tone = max(tones) if tones else 0
    lower = "".join(bases).lower()
    if not lower or any(ch in "fjwz" for ch in lower):
        return False
    for initial in _INITIALS + ("",):
        if not lower.startswith(initial):
            continue
        rest = lower[len(initial) :]
        # the vowel cluster is the maximal run of vowels; what follows is the final consonant
        n = 0
        while n < len(rest) and rest[n] in _VOWEL_SET:
            n += 1
        cluster, final = rest[:n], rest[n:]
        if not cluster:
            # "gi" + consonant final: gìn, gin; "gi" alone: gì
            if initial == "gi" and final in _ANY_FINAL:
                return True
            continue
        if cluster not in _VOWEL_CLUSTERS or final not in _VOWEL_CLUSTERS[cluster]:
            continue
        if final in ("c", "ch", "p", "t") and tone not in (0, 4, 5):
            return False
        return True
    return False


# ---------------------------------------------------------------------------------------------
# Search and matching keys
# ---------------------------------------------------------------------------------------------


def fold(s: str | None) -> str:
    """Accent-insensitive search key: no diacritics, đ → d, lower case, single spaces.

    >>> fold("  Nguyễn   Văn HẠ ")
    'nguyen van ha'
    """
    s = nfc(s).replace("đ", "d").replace("Đ", "d").lower()
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", s).split())


def match_key(s: str | None) -> str:
    """De-duplication key: cleaned, new tone placement, case-folded; diacritics kept.

    "Hòa", "HOÀ " and "hoà" share a key; "Hoa" does not.
    """
    return nfc(new_tone_placement(clean_text(s)).casefold())


# ---------------------------------------------------------------------------------------------
# Legacy TCVN3 (ABC, .VnTime) and VNI-Windows (VNI-Times) text
# ---------------------------------------------------------------------------------------------

LEGACY_ENCODINGS = ("tcvn3", "vni")

# Code points only Unicode Vietnamese text contains (letters outside Latin-1, combining marks).
# Legacy-font text is made of Latin-1/CP1252 code points, so their presence means "already Unicode".
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u036f]"
)
_LATIN1_HIGH = re.compile("[\u0080-\u00ff\u2212\u2219]")
_ALIEN_LETTERS = frozenset("fjwzFJWZ")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # PDF subset fonts: "ABCDEF+.VnTime"
# TCVN3 font families sometimes saved without their leading dot ("VnTime", "VnArial").
_TCVN3_BARE_FONT = re.compile(
    r"vn(time|arial|avant|book|courier|helvet|univers|century|black|clarendon|free|cooper|commercial|"
    r"souvenir|bodoni|shelley|aptima|present|lucida|swiss|goudy)"
)


def _charmap(encoding: str):
    from viparse.normalize.tcvn3 import TCVN3  # noqa: PLC0415 (startup)
    from viparse.normalize.vni import VNI  # noqa: PLC0415 (startup)

    return {"tcvn3": TCVN3, "vni": VNI}[encoding]


def _check_encoding(encoding: str) -> str:
    key = (encoding or "").strip().lower().replace("-", "").replace("_", "")
    key = {"tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3", "tcvn5712": "tcvn3", "vniwindows": "vni"}.get(
        key, key
    )
    if key not in LEGACY_ENCODINGS:
        raise ValueError(f"Bảng mã không được hỗ trợ: {encoding!r} (chỉ hỗ trợ TCVN3 và VNI)")
    return key


def fix_legacy(s: str | None, encoding: str, *, upper: bool = False) -> str:
    """Convert text typed in a legacy font (TCVN3 ``.VnTime`` or VNI ``VNI-Times``) to NFC Unicode.

    ``encoding`` is ``"tcvn3"`` or ``"vni"``; name it from the cell's font (:func:`encoding_from_font`)
    or from the user's choice on import. Text that already holds Unicode-only Vietnamese letters
    (ầ, ư, đ…) is returned NFC-normalised but otherwise unchanged: converting it again would corrupt
    it ("Bích" → "Bớch"). ``upper=True`` upper-cases the result, for TCVN3 "H" fonts (``.VnTimeH``),
    which draw capitals from the lowercase codes.

    >>> fix_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    """
    encoding = _check_encoding(encoding)
    if s is None:
        return ""
    s = str(s)
    if _UNICODE_VIETNAMESE.search(s) or not _LATIN1_HIGH.search(s):
        out = nfc(s)
    else:
        out = nfc(_convert(s, encoding))
    return out.upper() if upper else out


# What viparse's tables add for text that passed through a Windows code page on its way here.
_EXTRA_PAIRS = {"tcvn3": {"\u2212": "ư", "\u2219": "ã"}, "vni": {"\xad": "", "\u2212": "", "\u2219": "·"}}
_CONVERTERS: dict = {}


def _convert(s: str, encoding: str) -> str:
    """Legacy sequences → Unicode, longest sequence first (one regular-expression pass; viparse's
    tables, the same result as ``viparse.fix`` up to whitespace, about twenty times faster)."""
    conv = _CONVERTERS.get(encoding)
    if conv is None:
        pairs = sorted([*_charmap(encoding).pairs, *_EXTRA_PAIRS[encoding].items()], key=lambda p: -len(p[0]))
        table = dict(pairs)
        pattern = re.compile("|".join(re.escape(seq) for seq, _ in pairs))
        conv = _CONVERTERS[encoding] = (pattern, table)
    pattern, table = conv
    return pattern.sub(lambda m: table[m.group(0)], s)


def encoding_from_font(font_name: str | None) -> str | None:
    """Legacy encoding implied by a font name: ``.VnTime``/``.VnTimeH``/``.VnArial`` → ``"tcvn3"``,
    ``VNI-Times``/``VNI-Helve`` → ``"vni"``, anything else (Times New Roman, Arial…) → ``None``."""
    if not font_name:
        return None
    name = _SUBSET_TAG.sub("", str(font_name).strip()).lower()
    if name.startswith("vni") and len(name) > 3:  # VNI-Times, VNI-Helve, "VNI Times", VNITimes
        return "vni"
    if name.startswith(".vn") or _TCVN3_BARE_FONT.match(name):  # .VnTime, .VnTimeH, VnTime
        return "tcvn3"
    return None


def is_uppercase_font(font_name: str | None) -> bool:
    """Whether a TCVN3 font is an upper-case-only "H" font (``.VnTimeH``, ``.VnArial NarrowH``)."""
    if encoding_from_font(font_name) != "tcvn3":
        return False
    return _SUBSET_TAG.sub("", str(font_name).strip()).endswith("H")


def fix_legacy_for_font(s: str | None, font_name: str | None) -> str:
    """Convert ``s`` according to the font it was typed in; text in a Unicode font is only NFC-ed."""
    encoding = encoding_from_font(font_name)
    if encoding is None:
        return nfc(s)
    return fix_legacy(s, encoding, upper=is_uppercase_font(font_name))


def _legacy_evidence(s: str, encoding: str) -> tuple[int, int]:
    """(legacy sequences found, strong ones) in ``s`` for ``encoding``.

    A sequence is *strong* when it holds a character no Unicode Vietnamese text contains (µ, ¸, Ö,
    ø, ñ…) or a Latin-1 capital right after a small letter ("ViÖt", "NguyÔn").
    """
    index: dict[str, list[str]] = {}
    for seq, _ in _charmap(encoding).pairs:
        index.setdefault(seq[0], []).append(seq)
    found = strong = 0
    i = 0
    while i < len(s):
        for seq in index.get(s[i], ()):
            if s.startswith(seq, i):
                found += 1
                odd_case = seq[0].isupper() and i > 0 and s[i - 1].islower() and ord(seq[0]) > 0x7F
                if odd_case or any(ch not in VIETNAMESE_LETTERS for ch in seq):
                    strong += 1
                i += len(seq)
                break
        else:
            i += 1
    return found, strong


def _reads_as_vietnamese(text: str) -> int:
    """Number of converted non-ASCII words that are Vietnamese syllables, or -1 if the text is not
    Vietnamese (a non-ASCII word that is no syllable, long words, or f/j/w/z)."""
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    if not words:
        return -1
    non_ascii = [w for w in words if not w.isascii()]
    good = sum(1 for w in non_ascii if is_vietnamese_syllable(w))
    bad = len(non_ascii) - good
    alien = sum(1 for w in words if _ALIEN_LETTERS & set(w))
    long_words = sum(1 for w in words if len(w) > 7)
    if bad * 10 > len(non_ascii) or alien * 10 > len(words) or long_words * 10 > len(words):
        return -1
    return good


_MIN_LEGACY_SEQUENCES = 3
_MIN_VIETNAMESE_WORDS = 2


def detect_legacy(s: str | None) -> str | None:
    """Guess whether ``s`` is TCVN3 or VNI text; ``None`` when unsure or already Unicode.

    Conservative by design (a wrong guess corrupts good text): it needs at least three legacy
    sequences, one of them impossible in Unicode Vietnamese, and the converted text must read as
    Vietnamese syllables. Short or foreign text ("Señor Müller año") returns ``None``; so does
    text with any Unicode-only Vietnamese letter. Prefer the font name when you have it.
    """
    if not s:
        return None
    s = str(s)
    if _UNICODE_VIETNAMESE.search(s) or not _LATIN1_HIGH.search(s):
        return None
    scores: dict[str, int] = {}
    for encoding in LEGACY_ENCODINGS:
        found, strong = _legacy_evidence(s, encoding)
        if found < _MIN_LEGACY_SEQUENCES or strong < 1:
            continue
        good = _reads_as_vietnamese(_convert(s, encoding))
        if good >= _MIN_VIETNAMESE_WORDS:
            scores[encoding] = good
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


# ---------------------------------------------------------------------------------------------
# Text a spreadsheet would run
# ---------------------------------------------------------------------------------------------

# What a spreadsheet reads as the start of a formula (or a DDE command) when text is typed into a
# cell or opened from CSV: = + - @, a tab or a line break, and their full-width forms (an IME types
# those, and some spreadsheets fold them). Leading spaces do not hide them.
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def looks_like_formula(text: object) -> bool:
    """True when `text` is a text that a spreadsheet could run as a formula: the one rule, for every
    export (`orgs.sheets.neutralise`), every import and every form that refuses formula-like text.
    Numbers are not text: -5 as a number is never a formula; "-5" as text is."""
    if not isinstance(text, str):
        return False
    start = text.lstrip(" \u00a0\u3000")
    return bool(start) and start[0] in _FORMULA_START
