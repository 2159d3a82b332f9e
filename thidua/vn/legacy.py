"""Legacy TCVN3 (.VnTime) and VNI (VNI-Times) text decided cell by cell (#16).

Pure Python; no Django. A spreadsheet can mix fonts cell by cell, and a CSV carries none, so a column
is never converted as a whole: :func:`read_legacy` reads one cell by its own font when it has one,
otherwise by what the text is. Text that already reads as Vietnamese Unicode (precomposed or
combining) is never changed; when two readings are both plausible the cell is left alone and flagged
(``unsure``) with the converted reading beside it, for a person to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import (
    _LATIN1_HIGH,
    _OPEN_RHYMES,
    _UNICODE_VIETNAMESE,
    _VOWEL_SET,
    _WORD,
    LEGACY_ENCODINGS,
    VIETNAMESE_LETTERS,
    _charmap,
    _check_encoding,
    _split_word,
    fix_legacy,
    is_vietnamese_syllable,
    nfc,
)

__all__ = ["LegacyReading", "encode_legacy", "read_legacy", "reads_as_vietnamese"]

_ENCODE_TABLES: dict[str, dict[str, str]] = {}


def encode_legacy(s: str, encoding: str) -> str:
    """The bytes-as-Latin-1 a legacy font would hold for Unicode ``s`` (the inverse of :func:`fix_legacy`).

    For tests and benchmarks that need TCVN3/VNI text; letters a plain TCVN3 font cannot draw (toned
    capitals such as "Ấ") raise ``ValueError``.
    """
    encoding = _check_encoding(encoding)
    table = _ENCODE_TABLES.get(encoding)
    if table is None:
        table = {}
        for seq, uni in _charmap(encoding).pairs:
            table.setdefault(uni, seq)
        _ENCODE_TABLES[encoding] = table
    out = []
    for ch in nfc(s):
        if ch in table:
            out.append(table[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} has no {encoding} form")
    return "".join(out)


_MODIFIED_VOWELS = "ăâêôơư"


# Vowel + final pairs the syllable checker lets through but Vietnamese does not spell ("ơng", "ônh",
# "ăch"): a legacy reading that produces them is no reading. VNI stores ơ as "ô", so without this
# "Ông" in a VNI file would read both ways.
_NO_SUCH_RHYME = frozenset({
    ("ơ", "c"), ("ơ", "ch"), ("ơ", "ng"), ("ơ", "nh"), ("ô", "ch"), ("ô", "nh"), ("o", "ch"), ("o", "nh"),
    ("u", "ch"), ("u", "nh"), ("ư", "ch"), ("ư", "nh"), ("ư", "p"), ("ă", ""), ("ă", "ch"), ("ă", "nh"),
    ("â", ""), ("â", "ch"), ("â", "nh"), ("e", "nh"), ("ê", "ng"), ("i", "ng"), ("y", "ng"), ("y", "ch"),
})  # fmt: skip


def _cluster_and_final(lower: str) -> tuple[int, str, str]:
    """(index of the vowel cluster, the cluster, the final) of a lower-case toneless syllable."""
    for initial in ("gi", "qu", ""):
        if initial and lower.startswith(initial) and len(lower) > len(initial) and lower[len(initial)] in _VOWEL_SET:
            break
    start = len(initial)
    while start < len(lower) and lower[start] not in _VOWEL_SET:
        start += 1
    end = start
    while end < len(lower) and lower[end] in _VOWEL_SET:
        end += 1
    return start, lower[start:end], lower[end:]


def _tone_well_placed(word: str) -> bool:
    """Whether the tone of a syllable sits on the vowel Vietnamese spelling puts it on: the marked
    vowel (ươ: ơ), else the middle of three, else the second of two before a final, else the first
    of two in an open rhyme (oa, oe, uy either way). "xaõ" (VNI for "xã") is not Vietnamese."""
    bases, tones = _split_word(word)
    start, cluster, final = _cluster_and_final("".join(bases).lower())
    if (cluster, final) in _NO_SUCH_RHYME:
        return False
    toned = [i for i, t in enumerate(tones) if t]
    if not toned:
        return True
    at = toned[0] - start
    marked = [i for i, ch in enumerate(cluster) if ch in _MODIFIED_VOWELS]
    if marked:
        return at == marked[-1]
    if len(cluster) <= 1:
        return True
    if len(cluster) == 3:
        return at == 1
    if final:
        return at == 1
    if cluster in _OPEN_RHYMES:
        return at in (0, 1)
    return at == 0


def _word_is_vietnamese(word: str) -> bool:
    if word.isascii():
        return True
    if not (word == word.lower() or word == word.upper() or word == word[0].upper() + word[1:].lower()):
        return False  # "TuÊn", "NguyÔn": a capital inside a word is a legacy code, not a letter
    return is_vietnamese_syllable(word) and _tone_well_placed(word)


# Latin-1 symbols and letters no Vietnamese text holds: in a cell they are legacy codes (¤ = Ô, µ = à).
_NOT_VIETNAMESE_LATIN1 = re.compile(
    "[" + "".join(ch for ch in map(chr, range(0xA1, 0x100)) if ch not in VIETNAMESE_LETTERS) + "\u2212\u2219]"
)


def reads_as_vietnamese(s: str) -> bool:
    """Whether ``s`` holds no Latin-1 letter or sign foreign to Vietnamese and every word holding a
    non-ASCII letter is spelled like a Vietnamese syllable (lower, Title or UPPER case, tone on the
    right vowel)."""
    text = nfc(s)
    if _NOT_VIETNAMESE_LATIN1.search(text):
        return False
    return all(_word_is_vietnamese(w) for w in _WORD.findall(text))


@dataclass(frozen=True)
class LegacyReading:
    """How one cell's text was read.

    ``text`` is what to keep; ``encoding`` names the legacy encoding it was converted from (``None``
    when kept as it was). ``unsure`` means two readings are both plausible: ``text`` is the original,
    left alone, and ``candidate`` the converted reading to show beside it for a person to decide.
    """

    text: str
    encoding: str | None = None
    unsure: bool = False
    candidate: str = ""


def read_legacy(s: str | None, *, font_encoding: str | None = None, upper: bool = False,
                hint: str | None = None) -> LegacyReading:
    """Decide how to read one cell.

    * With ``font_encoding`` (the cell's own font: ".VnTime" → "tcvn3", "VNI-Times" → "vni") the font
      decides, except for text that already reads as Vietnamese Unicode (pasted into a cell still
      formatted in the old font): it is kept, and *unsure* when the font's reading is Vietnamese too.
      Text holding Unicode-only letters is left alone (:func:`fix_legacy`).
    * Otherwise text that already reads as Vietnamese Unicode (precomposed or combining) is never
      changed. A cell that does not, but reads as Vietnamese under exactly one legacy encoding, is
      converted. ``hint`` (the encoding most other cells of the file turned out to be) settles a tie
      between TCVN3 and VNI; a cell that reads as Vietnamese both as it is and in the ``hint``
      encoding is *unsure* and stays as it is, its ``candidate`` shown for a person to check.
    """
    if s is None:
        return LegacyReading("")
    s = str(s)
    text = nfc(s)
    if font_encoding:
        out = fix_legacy(s, font_encoding, upper=upper)
        if out == text:
            return LegacyReading(text)
        if _LATIN1_HIGH.search(text) and reads_as_vietnamese(text):
            # Unicode typed or pasted into a cell still formatted in a legacy font ("Võ Thanh Vân" in
            # .VnTime would become "Vừ Thanh Võn"): kept; flagged when the font's reading is Vietnamese too.
            if reads_as_vietnamese(out):
                return LegacyReading(text, None, True, out)
            return LegacyReading(text)
        return LegacyReading(out, font_encoding)
    if not _LATIN1_HIGH.search(text) or _UNICODE_VIETNAMESE.search(s):
        return LegacyReading(text)
    readings: dict[str, str] = {}
    for encoding in LEGACY_ENCODINGS:
        converted = fix_legacy(text, encoding)
        if converted != text and reads_as_vietnamese(converted):
            readings[encoding] = converted
    if reads_as_vietnamese(text):
        if hint in readings:
            return LegacyReading(text, None, True, readings[hint])
        return LegacyReading(text)
    if not readings:
        return LegacyReading(text)
    if len(set(readings.values())) == 1:
        encoding = next(iter(readings))
        return LegacyReading(readings[encoding], encoding)
    if hint in readings:
        return LegacyReading(readings[hint], hint)
    first = next(iter(readings))
    return LegacyReading(text, None, True, readings[first])
