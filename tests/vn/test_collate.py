import random
import sqlite3
import threading
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.vn.collate import (
    collator,
    compare,
    name_sort_key,
    py_sort_key,
    sort_key,
    sorted_vi,
    split_full_name,
    sqlite_collation,
)

from .strategies import LETTERS, vn_sentence, vn_text

GIVEN_NAMES = ["An", "Anh", "Ánh", "Ấn", "Ba", "Dung", "Dương", "Đông", "On", "Ôn", "Ơn"]
TONES = ["ma", "mà", "mả", "mã", "má", "mạ"]


def _sign(x):
    return (x > 0) - (x < 0)


def _py_compare(a, b):
    ka, kb = py_sort_key(a), py_sort_key(b)
    return (ka > kb) - (ka < kb)


@pytest.mark.parametrize("seed", range(5))
def test_stack_check_given_name_order(seed):
    shuffled = GIVEN_NAMES[:]
    random.Random(seed).shuffle(shuffled)
    assert sorted_vi(shuffled) == GIVEN_NAMES
    assert sorted(shuffled, key=py_sort_key) == GIVEN_NAMES


def test_tone_order_is_dictionary_order():
    assert sorted_vi(reversed(TONES)) == TONES
    assert sorted(reversed(TONES), key=py_sort_key) == TONES


def test_letter_order_differs_from_code_points_and_root():
    assert sorted_vi(["Đào", "Dũng"]) == ["Dũng", "Đào"]  # đ after d (ICU root gets this wrong)
    assert sorted_vi(["Uyên", "Ưng"]) == ["Uyên", "Ưng"]
    assert sorted_vi(["Ân", "Ăn", "An"]) == ["An", "Ăn", "Ân"]
    assert sorted_vi(["Yến", "Ánh"]) == ["Ánh", "Yến"]  # code-point order puts Á after Y
    assert compare("Bình", "Bính") == -1
    assert compare("Bính", "Bình") == 1
    assert compare("an", "An") == -1  # lower case first


def test_nfd_and_tone_styles_collate_equal():
    assert compare(unicodedata.normalize("NFD", "Nguyễn"), "Nguyễn") == 0
    assert compare("Hòa", "Hoà") == 0
    assert compare("Thủy", "Thuỷ") == 0
    assert sort_key("Hòa") == sort_key("Hoà")


def test_none_is_safe():
    assert sort_key(None) == sort_key("")
    assert compare(None, "a") == -1
    assert sqlite_collation(None, None) == 0
    assert sqlite_collation(None, "a") == -1
    assert sqlite_collation("a", None) == 1


def test_sort_key_is_icu_bytes():
    assert isinstance(sort_key("Hạ"), bytes)
    assert collator() is collator()


def test_sorted_vi_with_key_and_reverse():
    rows = [{"ten": "Đông"}, {"ten": "Anh"}, {"ten": "Dương"}]
    assert [r["ten"] for r in sorted_vi(rows, key=lambda r: r["ten"])] == ["Anh", "Dương", "Đông"]
    assert sorted_vi(["a", "b", "đ"], reverse=True) == ["đ", "b", "a"]


def test_people_sort_by_given_then_middle_then_family():
    people = [
        ("Phạm", "Minh", "Đức"),
        ("Đỗ", "Thị", "Dung"),
        ("Hoàng", "Văn", "Ân"),
        ("Võ", "Thị", "Ăn"),
        ("Lê", "Thị", "Ánh"),
        ("Nguyễn", "Văn", "Anh"),
        ("Trần", "Đức", "Anh"),
        ("Bùi", "Văn", "Anh"),
    ]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert [" ".join(p) for p in ordered] == [
        "Trần Đức Anh",
        "Bùi Văn Anh",
        "Nguyễn Văn Anh",
        "Lê Thị Ánh",
        "Võ Thị Ăn",
        "Hoàng Văn Ân",
        "Đỗ Thị Dung",
        "Phạm Minh Đức",
    ]


def test_name_sort_key_ignores_stray_spaces_and_none():
    assert name_sort_key(" Nguyễn ", "Văn\u00a0", "Hạ") == name_sort_key("Nguyễn", "Văn", "Hạ")
    assert name_sort_key(None, None, "Hạ") == name_sort_key("", "", "Hạ")


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Văn Hạ", ("Nguyễn", "Văn", "Hạ")),
        ("Lê Thị Thu Hà", ("Lê", "Thị Thu", "Hà")),
        ("  Trần   Hạ ", ("Trần", "", "Hạ")),
        ("Hạ", ("", "", "Hạ")),
        ("", ("", "", "")),
        (None, ("", "", "")),
        ("Tôn Nữ Thị Ninh", ("Tôn Nữ", "Thị", "Ninh")),
        ("Âu Dương Lân", ("Âu Dương", "", "Lân")),
        ("Âu Dương", ("Âu", "", "Dương")),  # too short for a compound family name
        ("Tôn Thất Thuyết", ("Tôn Thất", "", "Thuyết")),
    ],
)
def test_split_full_name(full, parts):
    assert split_full_name(full) == parts


def test_split_full_name_custom_compounds():
    assert split_full_name("Tôn Nữ Thị Ninh", compound_families=()) == ("Tôn", "Nữ Thị", "Ninh")
    assert split_full_name("Nguyễn Phúc Bửu Chánh", compound_families=["Nguyễn Phúc"]) == (
        "Nguyễn Phúc",
        "Bửu",
        "Chánh",
    )


@settings(max_examples=100)
@given(st.lists(st.text(st.sampled_from(LETTERS + [" "]), max_size=5), max_size=4))
def test_split_full_name_round_trips(words):
    full = " ".join(words)
    family, middle, given_ = split_full_name(full, compound_families=())
    assert " ".join(p for p in (family, middle, given_) if p) == " ".join(full.split())


def test_sqlite_collation_orders_rows():
    con = sqlite3.connect(":memory:")
    con.create_collation("vi", sqlite_collation)
    con.execute("create table p (ten text)")
    shuffled = GIVEN_NAMES[:]
    random.Random(1).shuffle(shuffled)
    con.executemany("insert into p values (?)", [(n,) for n in shuffled])
    rows = [r[0] for r in con.execute("select ten from p order by ten collate vi")]
    assert rows == GIVEN_NAMES
    con.close()


def test_collator_is_shared_across_threads():
    seen, errors = [], []

    def work():
        try:
            seen.append(id(collator()))
            assert sorted_vi(reversed(GIVEN_NAMES)) == GIVEN_NAMES
        except AssertionError as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(seen)) == 1


vn_string = st.text(st.sampled_from(LETTERS + [" ", "0", "1", "9"]), max_size=8)


@settings(max_examples=200)
@given(vn_string, vn_string)
def test_py_sort_key_agrees_with_icu(a, b):
    assert _py_compare(a, b) == compare(a, b)


@settings(max_examples=200)
@given(vn_sentence, vn_sentence)
def test_py_sort_key_agrees_with_icu_on_syllables(a, b):
    assert _py_compare(a, b) == compare(a, b)


@settings(max_examples=200)
@given(st.text(), st.text())
def test_compare_is_antisymmetric(a, b):
    assert compare(a, b) == -compare(b, a)
    assert sqlite_collation(a, b) == -sqlite_collation(b, a)
    assert compare(a, a) == 0
    assert _sign(compare(a, b)) == compare(a, b)


@settings(max_examples=100)
@given(vn_text, vn_text, vn_text)
def test_compare_is_transitive(a, b, c):
    x, y, z = sorted_vi([a, b, c])
    assert compare(x, y) <= 0 and compare(y, z) <= 0 and compare(x, z) <= 0


@settings(max_examples=100)
@given(st.lists(st.sampled_from(["Hòa", "Hoà", "hoà", "HOÀ", "An", "Ánh", "ánh"])))
def test_sorted_vi_is_stable_and_a_permutation(names):
    items = list(enumerate(names))
    out = sorted_vi(items, key=lambda item: item[1])
    assert sorted(out) == items
    for (i, a), (j, b) in zip(out, out[1:], strict=False):
        assert compare(a, b) <= 0
        if compare(a, b) == 0:
            assert i < j  # equal names keep their input order
