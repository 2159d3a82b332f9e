"""Legacy text decided cell by cell (#16): valid Vietnamese Unicode is never changed; TCVN3 and VNI
text converts back exactly or is flagged for a person, never converted wrongly."""

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from thidua.vn.legacy import encode_legacy, read_legacy, reads_as_vietnamese
from thidua.vn.normalise import nfc

from .strategies import INITIALS, RHYMES, TONES, _tone_rhyme


@st.composite
def spelled_syllable(draw):
    """A syllable with its tone on the vowel Vietnamese spelling puts it on (hoà and hòa both)."""
    initial = draw(st.sampled_from(INITIALS))
    rhyme = draw(st.sampled_from(RHYMES))
    tone = draw(st.sampled_from(TONES))
    options = sorted({initial + _tone_rhyme(rhyme, tone, p) for p in range(3)})
    word = draw(st.sampled_from([w for w in options if reads_as_vietnamese(w)] or [initial + rhyme]))
    case = draw(st.sampled_from(["lower", "title", "upper"]))
    return {"lower": word, "title": word[:1].upper() + word[1:], "upper": word.upper()}[case]


vn_sentence = st.lists(spelled_syllable(), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300)
@given(vn_sentence, st.sampled_from([None, "tcvn3", "vni"]), st.sampled_from(["NFC", "NFD"]))
def test_valid_vietnamese_unicode_is_never_changed(s, hint, form):
    cell = unicodedata.normalize(form, s)
    reading = read_legacy(cell, hint=hint)
    assert reading.text == nfc(s)
    assert reading.encoding is None
    if hint is None:
        assert not reading.unsure


def _roundtrip(s: str, encoding: str, hint):
    try:
        legacy = encode_legacy(s, encoding)
    except ValueError:  # a toned capital a plain TCVN3 font cannot draw
        assume(False)
    reading = read_legacy(legacy, hint=hint)
    if reading.encoding is not None:
        assert reading.text == s  # converted: exactly back
        return
    # not converted: the cell is kept as it was, which is right only when it is the same text or
    # when its bytes also spell valid Vietnamese (one syllable such as "ên", TCVN3 for "ờn")
    assert reading.text == nfc(legacy)
    if legacy != s:
        assert reads_as_vietnamese(legacy) or reading.unsure
        if hint == encoding:
            assert reading.unsure and reading.candidate == s  # the file's encoding: flagged, never silent


@settings(max_examples=300)
@given(vn_sentence, st.sampled_from([None, "tcvn3"]))
def test_tcvn3_text_converts_back_exactly_or_is_flagged(s, hint):
    _roundtrip(s, "tcvn3", hint)


@settings(max_examples=300)
@given(vn_sentence, st.sampled_from([None, "vni"]))
def test_vni_text_converts_back_exactly_or_is_flagged(s, hint):
    _roundtrip(s, "vni", hint)


@settings(max_examples=100)
@given(vn_sentence, st.sampled_from(["tcvn3", "vni"]))
def test_the_cells_font_decides(s, encoding):
    try:
        legacy = encode_legacy(s, encoding)
    except ValueError:
        assume(False)
    reading = read_legacy(legacy, font_encoding=encoding)
    if reading.unsure:  # the legacy bytes also spell Vietnamese as they are: a person decides
        assert (reading.text, reading.candidate) == (nfc(legacy), s) and reads_as_vietnamese(legacy)
    else:
        assert reading.text == s


@settings(max_examples=300)
@given(vn_sentence, st.sampled_from(["tcvn3", "vni"]), st.sampled_from(["NFC", "NFD"]))
def test_unicode_pasted_into_a_legacy_font_cell_is_never_converted_silently(s, encoding, form):
    """"Võ Thanh Vân" typed into a cell still formatted .VnTime: kept as typed, or flagged with the
    font's reading beside it when that reads as Vietnamese too — never silently "Vừ Thanh Võn"."""
    reading = read_legacy(unicodedata.normalize(form, s), font_encoding=encoding)
    assert reading.text == nfc(s) and reading.encoding is None
    if reading.unsure:
        assert reading.candidate != reading.text


NAMES = [
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Ơn", "Võ Thanh Vân", "Lý Thanh Ôn", "Phạm Quốc Hưng",
    "Đặng Thị Ượng", "Hoàng Minh Tuấn", "Bùi Thị Hồng Nhung", "Đỗ Quang Khải", "Ngô Thị Thuỷ",
    "Dương Văn Lộc", "Phòng Nội vụ", "UBND xã Thanh An", "Trường THCS Tân Khai", "Trưởng phòng",
]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_real_names_convert_without_a_hint(encoding):
    for name in NAMES:
        reading = read_legacy(encode_legacy(name, encoding))
        assert (reading.text, reading.unsure) == (name, False), name


@pytest.mark.parametrize(
    ("cell", "hint", "text", "unsure", "candidate"),
    [
        ("Võ Thanh Vân", None, "Võ Thanh Vân", False, ""),
        ("Lý Thanh Ôn", None, "Lý Thanh Ôn", False, ""),
        ("Leâ Vaên Ôn", None, "Lê Văn Ơn", False, ""),
        ("Lª V¨n ¥n", None, "Lê Văn Ơn", False, ""),
        # a name that reads as Vietnamese as it is and in the file's TCVN3: a person decides
        ("Võ Thanh Vân", "tcvn3", "Võ Thanh Vân", True, "Vừ Thanh Võn"),
        ("Señor Müller", "tcvn3", "Señor Müller", False, ""),
        ("0912 345 678", "tcvn3", "0912 345 678", False, ""),
    ],
)
def test_cells(cell, hint, text, unsure, candidate):
    reading = read_legacy(cell, hint=hint)
    assert (reading.text, reading.unsure, reading.candidate) == (text, unsure, candidate)


def test_reads_as_vietnamese():
    assert reads_as_vietnamese("Nguyễn Văn Hạ, 0912")
    assert reads_as_vietnamese(unicodedata.normalize("NFD", "Đặng Thị Ượng"))
    assert not reads_as_vietnamese("NguyÔn")
    assert not reads_as_vietnamese("Hoµng")
