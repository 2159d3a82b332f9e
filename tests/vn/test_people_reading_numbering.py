import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.vn.numbering import document_number, lower_alpha, roman, two_digit
from thidua.vn.people import display_name, gender_code, salutation
from thidua.vn.reading import reading_minutes, speaking_range_check, word_count

from .strategies import vn_sentence

# --- people -----------------------------------------------------------------------------------


@pytest.mark.parametrize("gender", ["M", "m", "nam", "Nam", "NAM", "male", "Male", " Nam ", "Ông"])
def test_salutation_male(gender):
    assert salutation(gender) == "Ông"
    assert gender_code(gender) == "M"


@pytest.mark.parametrize("gender", ["F", "f", "nữ", "Nữ", "NỮ", "female", "nu", "Bà"])
def test_salutation_female(gender):
    assert salutation(gender) == "Bà"
    assert gender_code(gender) == "F"


@pytest.mark.parametrize("gender", [None, "", "khác", "x", "?", 3])
def test_salutation_unknown(gender):
    assert salutation(gender) == "Ông/Bà"
    assert gender_code(gender) is None


def test_display_name():
    assert display_name("Nguyễn", "Văn", "Hạ") == "Nguyễn Văn Hạ"
    assert display_name("Trần", "", "Hạ") == "Trần Hạ"
    assert display_name(" Lê ", "Thị  Thu", "Hà\u00a0") == "Lê Thị Thu Hà"
    assert display_name(None, None, "Hạ") == "Hạ"
    assert display_name(None, None, None) == ""


# --- reading ----------------------------------------------------------------------------------


def test_word_count_counts_syllables_and_numbers():
    assert word_count("Kính thưa các đồng chí!") == 5
    assert word_count("Hớn Quản, ngày 07 tháng 4 năm 2025") == 8
    assert word_count("Năm 2024 – thưởng 2.340.000 đồng …") == 5
    assert word_count("  ") == 0
    assert word_count(None) == 0
    assert word_count("a\u00a0b\nc\td") == 4


def test_reading_minutes():
    assert reading_minutes("một " * 130) == 1
    assert reading_minutes("một " * 130, wpm=65) == 2
    assert reading_minutes("") == 0
    with pytest.raises(ValueError):
        reading_minutes("một", wpm=0)


def test_speaking_range_check():
    assert speaking_range_check("chữ " * 649) == "short"  # under 5 minutes at 130/min
    assert speaking_range_check("chữ " * 650) == "ok"
    assert speaking_range_check("chữ " * 910) == "ok"
    assert speaking_range_check("chữ " * 911) == "long"
    assert speaking_range_check("chữ " * 300, min_minutes=2, max_minutes=3, wpm=120) == "ok"
    with pytest.raises(ValueError):
        speaking_range_check("chữ", min_minutes=7, max_minutes=5)


@settings(max_examples=100)
@given(st.lists(vn_sentence, max_size=20), st.integers(60, 200))
def test_reading_is_additive(sentences, wpm):
    text = "\n".join(sentences)
    assert word_count(text) == sum(word_count(s) for s in sentences)
    assert reading_minutes(text, wpm) == pytest.approx(word_count(text) / wpm)


# --- numbering --------------------------------------------------------------------------------


def test_two_digit():
    assert two_digit(3) == "03"
    assert two_digit(0) == "00"
    assert two_digit(10) == "10"
    assert two_digit(280) == "280"
    assert f"{two_digit(2)} tiết mục" == "02 tiết mục"
    with pytest.raises(ValueError):
        two_digit(-1)
    with pytest.raises(TypeError):
        two_digit(True)


def test_roman():
    assert [roman(i) for i in range(1, 21)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
        "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ]  # fmt: skip
    assert roman(2025) == "MMXXV"
    assert roman(3999) == "MMMCMXCIX"
    for bad in (0, 4000, -1):
        with pytest.raises(ValueError):
            roman(bad)


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@settings(max_examples=200)
@given(st.integers(1, 3999))
def test_roman_reads_back(n):
    text = roman(n)
    values = [ROMAN_VALUES[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    assert total == n
    assert "IIII" not in text and "XXXX" not in text and "CCCC" not in text


def test_lower_alpha_uses_vietnamese_point_letters():
    assert [lower_alpha(i) for i in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert lower_alpha(23) == "y"
    assert lower_alpha(24) == "aa"
    assert [lower_alpha(i, vietnamese=False) for i in (1, 5, 26, 27)] == ["a", "e", "z", "aa"]
    with pytest.raises(ValueError):
        lower_alpha(0)


@settings(max_examples=200)
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_lower_alpha_is_injective(a, b):
    assert (lower_alpha(a) == lower_alpha(b)) == (a == b)


def test_document_number():
    assert document_number(15, "KH-UBND") == "15/KH-UBND"
    assert document_number(5, "QĐ-UBND") == "05/QĐ-UBND"
    assert document_number(None, "KH-UBND") == "     /KH-UBND"
    assert document_number(123, "/TB-BTĐKT ") == "123/TB-BTĐKT"
    with pytest.raises(ValueError):
        document_number(0, "KH-UBND")


@pytest.mark.parametrize("position,unit,expected", [
    ("Chủ tịch UBND", "UBND xã Tân Hưng", "Chủ tịch UBND xã Tân Hưng"),
    ("Phó Trưởng phòng", "Phòng Giáo dục và Đào tạo", "Phó Trưởng phòng Giáo dục và Đào tạo"),
    ("Hiệu trưởng", "Trường THCS Tân Khai", "Hiệu trưởng Trường THCS Tân Khai"),
    ("Chuyên viên", "Phòng Nội vụ", "Chuyên viên Phòng Nội vụ"),
    ("", "Phòng Nội vụ", "Phòng Nội vụ"),
    ("Giám đốc", "", "Giám đốc"),
])
def test_position_at_says_shared_words_once(position, unit, expected):
    from thidua.vn.people import position_at

    assert position_at(position, unit) == expected


@given(st.lists(st.sampled_from(["Chủ", "tịch", "UBND", "xã", "Phòng", "phòng", "Nội", "vụ"]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["UBND", "xã", "Tân", "Hưng", "Phòng", "Nội", "vụ"]), min_size=1, max_size=4))
def test_position_at_keeps_every_word_of_the_unit_at_the_end(pos_words, unit_words):
    from thidua.vn.people import position_at

    position, unit = " ".join(pos_words), " ".join(unit_words)
    out = position_at(position, unit)
    assert out.split(" ")[-1].casefold() == unit_words[-1].casefold()  # the unit's name always ends the phrase
    assert out.startswith(position)
    assert len(out) <= len(position) + 1 + len(unit)
