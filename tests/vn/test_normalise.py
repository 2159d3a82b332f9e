import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.vn.normalise import (
    clean_multiline,
    clean_text,
    detect_legacy,
    encoding_from_font,
    fix_legacy,
    fix_legacy_for_font,
    fold,
    is_uppercase_font,
    is_vietnamese_syllable,
    match_key,
    new_tone_placement,
    nfc,
    old_tone_placement,
)

from .strategies import vn_sentence, vn_text

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Văn Hạ — Việt Nam — Đặng Thị Ượng")


# --- nfc / clean_text / clean_multiline -------------------------------------------------------


def test_nfc_restores_equality_of_decomposed_input():
    assert NFD_NAME != "Nguyễn Văn Hạ — Việt Nam — Đặng Thị Ượng"
    assert nfc(NFD_NAME) == "Nguyễn Văn Hạ — Việt Nam — Đặng Thị Ượng"
    assert len(nfc(NFD_NAME)) == 40


def test_nfc_composes_non_canonical_mark_order_and_none():
    assert nfc("e\u0302\u0323") == "ệ"
    assert nfc("e\u0323\u0302") == "ệ"
    assert nfc(None) == ""


def test_clean_text_collapses_all_whitespace():
    assert clean_text("  Nguyễn\u00a0 Văn\tHạ \n") == "Nguyễn Văn Hạ"
    assert clean_text("UBND\u2003huyện\r\nHớn\u200bQuản") == "UBND huyện HớnQuản"
    assert clean_text(unicodedata.normalize("NFD", " Ủy ban ")) == "Ủy ban"
    assert clean_text(None) == ""


def test_clean_text_keeps_soft_hyphen_for_tcvn3():
    # U+00AD is "ư" in TCVN3 text: it must survive until legacy conversion
    assert clean_text("Tr\xadêng") == "Tr\xadêng"


def test_clean_multiline():
    text = "  Kính thưa các đồng chí,  \r\n\r\nHôm nay\u00a0 \rchúng ta họp.\t\n\n"
    assert clean_multiline(text) == "Kính thưa các đồng chí,\n\nHôm nay\nchúng ta họp."
    assert clean_multiline(None) == ""
    assert clean_multiline("a\n    b") == "a\n    b"  # indentation inside is kept


@settings(max_examples=200)
@given(st.text())
def test_clean_text_is_idempotent_nfc_single_line(s):
    once = clean_text(s)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()
    assert "  " not in once and "\n" not in once and "\t" not in once


@settings(max_examples=200)
@given(st.text())
def test_clean_multiline_is_idempotent(s):
    once = clean_multiline(s)
    assert clean_multiline(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once
    assert all(line == line.rstrip() for line in once.split("\n"))


@settings(max_examples=200)
@given(st.text())
def test_nfc_is_idempotent(s):
    assert nfc(nfc(s)) == nfc(s)


# --- tone placement ---------------------------------------------------------------------------

OLD_NEW = [
    ("hòa", "hoà"),
    ("Hòa Bình", "Hoà Bình"),
    ("Ủy ban", "Uỷ ban"),
    ("thúy", "thuý"),
    ("khỏe", "khoẻ"),
    ("Thủy", "Thuỷ"),
    ("tòa án", "toà án"),
    ("hóa", "hoá"),
    ("xõa", "xoã"),
    ("lòe", "loè"),
    ("tùy", "tuỳ"),
    ("CỘNG HÒA", "CỘNG HOÀ"),
    ("Khỏe", "Khoẻ"),
    ("Thọa", "Thoạ"),
]


@pytest.mark.parametrize(("old", "new"), OLD_NEW)
def test_tone_placement_examples(old, new):
    assert new_tone_placement(old) == new
    assert old_tone_placement(new) == old
    assert new_tone_placement(new) == new
    assert old_tone_placement(old) == old


@pytest.mark.parametrize(
    "word",
    # final consonant or glide, or "qu": both styles agree, nothing moves
    ["hoàn", "hoạch", "tuyết", "huỳnh", "quý", "Quỳnh", "quả", "khoái", "ngoẹo", "khuỷu", "của", "mùa", "thuở",
     "Hoa", "thuy", "Zoë", "Nguyễn", "2025"],
)  # fmt: skip
def test_tone_placement_leaves_other_syllables(word):
    assert new_tone_placement(word) == word
    assert old_tone_placement(word) == word


def test_tone_placement_in_sentence_keeps_punctuation_and_nfc():
    text = unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam; Ủy ban (Thủy lợi).")
    assert new_tone_placement(text) == "Cộng hoà xã hội chủ nghĩa Việt Nam; Uỷ ban (Thuỷ lợi)."
    assert new_tone_placement(None) == ""


def _strip_tones(s):
    return "".join(
        unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in TONE_MARKS)
        )
        for ch in s
    )


TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"


def _tones(s):
    return sorted(c for c in unicodedata.normalize("NFD", s) if c in TONE_MARKS)


@settings(max_examples=200)
@given(st.one_of(vn_sentence, vn_text))
def test_tone_placement_only_moves_marks(s):
    for convert in (new_tone_placement, old_tone_placement):
        out = convert(s)
        assert convert(out) == out  # idempotent
        assert len(out) == len(nfc(s))
        assert _strip_tones(out) == _strip_tones(nfc(s))  # same letters, same case
        assert _tones(out) == _tones(s)  # same tone marks
        for a, b in zip(out.split(" "), nfc(s).split(" "), strict=True):
            assert _tones(a) == _tones(b)  # never across syllables
    assert old_tone_placement(new_tone_placement(s)) == old_tone_placement(s)
    assert new_tone_placement(old_tone_placement(s)) == new_tone_placement(s)


# --- fold and match_key -----------------------------------------------------------------------


def test_fold_examples():
    assert fold("Nguyễn Văn Hạ") == "nguyen van ha"
    assert fold("  ĐẶNG   Thị\u00a0Ượng ") == "dang thi uong"
    assert fold("Hớn Quản") == fold("hon quan") == "hon quan"
    assert fold(unicodedata.normalize("NFD", "Đức")) == "duc"
    assert fold(None) == ""


@settings(max_examples=200)
@given(vn_text)
def test_fold_of_vietnamese_letters_is_ascii_lowercase(s):
    out = fold(s)
    assert out.isascii()
    assert out == out.lower()
    assert fold(out) == out
    assert len(out.replace(" ", "")) == len(s.replace(" ", ""))


def test_match_key():
    assert match_key("Hòa") == match_key(" HOÀ ") == match_key("hoà") == "hoà"
    assert match_key("Nguyễn  Thị\u00a0Thúy") == match_key("nguyễn thị thuý")
    assert match_key("Hoa") != match_key("Hòa")  # diacritics kept
    assert match_key("Đức") != match_key("Dục")


@settings(max_examples=200)
@given(vn_sentence)
def test_match_key_ignores_case_style_and_spacing(s):
    assert match_key(s) == match_key(old_tone_placement(s).upper()) == match_key("  " + new_tone_placement(s))
    assert match_key(match_key(s)) == match_key(s)


# --- legacy encodings -------------------------------------------------------------------------

TCVN3_SAMPLES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("KÝnh göi: ¤ng NguyÔn V¨n H¹", "Kính gửi: Ông Nguyễn Văn Hạ"),
    ("Ban Thi ®ua - Khen th\xadëng", "Ban Thi đua - Khen thưởng"),
    ("UBND huyÖn H¬n Qu¶n", "UBND huyện Hơn Quản"),
]
VNI_SAMPLES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("UÛy ban nhaân daân huyeän Hôùn Quaûn", "Ủy ban nhân dân huyện Hớn Quản"),
]


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3_SAMPLES)
def test_fix_and_detect_tcvn3(legacy, unicode):
    assert fix_legacy(legacy, "tcvn3") == unicode
    assert fix_legacy(legacy, "TCVN3") == unicode
    assert detect_legacy(legacy) == "tcvn3"
    assert fix_legacy_for_font(legacy, ".VnTime") == unicode


@pytest.mark.parametrize(("legacy", "unicode"), VNI_SAMPLES)
def test_fix_and_detect_vni(legacy, unicode):
    assert fix_legacy(legacy, "vni") == unicode
    assert detect_legacy(legacy) == "vni"
    assert fix_legacy_for_font(legacy, "VNI-Times") == unicode


def test_tcvn3_uppercase_font():
    assert fix_legacy_for_font("NGUYÔN V¡N H¹", ".VnTimeH") == "NGUYỄN VĂN HẠ"
    assert fix_legacy("uû ban nh©n d©n", "tcvn3", upper=True) == "UỶ BAN NHÂN DÂN"


@pytest.mark.parametrize(
    "text",
    [
        "Señor Müller año",
        "El niño pequeño está aquí con su señora",
        "Über Straße Größe Öl Äpfel",
        "Café crème brûlée",
        "Nguyễn Văn Hạ",
        "Trần Thị Bích",
        "Tây Ninh có là Bình",
        "Cô Tô Hoà",
        "Hµ Néi",  # legacy, but too short to be sure
        "Hello world",
        "",
        None,
    ],
)
def test_detect_legacy_is_conservative(text):
    assert detect_legacy(text) is None


def test_fix_legacy_never_corrupts_unicode_vietnamese():
    for text in [
        "Trần Thị Bích",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        unicodedata.normalize("NFD", "Lê Hà"),
    ]:
        assert fix_legacy(text, "tcvn3") == nfc(text)
        assert fix_legacy(text, "vni") == nfc(text)
    assert fix_legacy(None, "vni") == ""


def test_fix_legacy_rejects_unknown_encoding():
    with pytest.raises(ValueError, match="Bảng mã không được hỗ trợ"):
        fix_legacy("abc", "viscii")


@settings(max_examples=150)
@given(vn_text)
def test_unicode_vietnamese_is_never_detected_as_legacy(s):
    # text holding any Unicode-only Vietnamese letter is left alone
    if any(ord(ch) > 0xFF for ch in s):
        assert detect_legacy(s) is None
        assert fix_legacy(s, "tcvn3") == s
        assert fix_legacy(s, "vni") == s


@pytest.mark.parametrize(
    ("font", "encoding", "upper"),
    [
        (".VnTime", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        (".VnArial", "tcvn3", False),
        (".VnArial NarrowH", "tcvn3", True),
        (".vntime", "tcvn3", False),
        ("VnTime", "tcvn3", False),
        ("ABCDEF+.VnTime", "tcvn3", False),
        ("VNI-Times", "vni", False),
        ("VNI-Helve", "vni", False),
        ("vni-times", "vni", False),
        ("Times New Roman", None, False),
        ("Arial", None, False),
        ("", None, False),
        (None, None, False),
    ],
)
def test_encoding_from_font(font, encoding, upper):
    assert encoding_from_font(font) == encoding
    assert is_uppercase_font(font) is upper


def test_fix_legacy_for_unicode_font_only_normalises():
    assert fix_legacy_for_font(unicodedata.normalize("NFD", "Hạ"), "Times New Roman") == "Hạ"
    assert fix_legacy_for_font("Señor", None) == "Señor"


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "khoẻ", "khỏe", "quyết", "gì", "gìn", "giữa", "nghiêng", "khuỷu", "huỳnh", "người", "yêu", "hoạch",
     "NGHĨA", "Đặng"],
)  # fmt: skip
def test_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["Müller", "Seđor", "brûlée", "Straße", "world", "hoạàn", "áctt", "lấp̀", "mátt"]
)
def test_not_vietnamese_syllables(word):
    assert not is_vietnamese_syllable(word)
