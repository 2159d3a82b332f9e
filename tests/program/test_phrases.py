"""program.phrases: titles with their own body, awards as the MC reads them, lines broken between phrases."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.program.phrases import (
    PROTECTED,
    award_phrase,
    balanced_lines,
    break_points,
    clause_spans,
    title_at,
)


@pytest.mark.parametrize(("position", "unit", "said"), [
    ("Bí thư Đảng ủy", "UBND xã Tân Lợi", "Bí thư Đảng ủy xã Tân Lợi"),
    ("Chủ tịch HĐND", "UBND xã Thanh An", "Chủ tịch HĐND xã Thanh An"),
    ("Phó Chủ tịch UBND", "UBND xã Thanh An", "Phó Chủ tịch UBND xã Thanh An"),
    ("Chủ tịch UBND", "Ủy ban nhân dân huyện Hớn Quản", "Chủ tịch UBND huyện Hớn Quản"),
    ("Phó Giám đốc", "Sở Nội vụ tỉnh Bình Phước", "Phó Giám đốc Sở Nội vụ tỉnh Bình Phước"),
    ("Phó Giám đốc Sở Nội vụ", "Sở Nội vụ tỉnh Bình Phước", "Phó Giám đốc Sở Nội vụ tỉnh Bình Phước"),
    ("Trưởng phòng", "Phòng Nội vụ", "Trưởng phòng Nội vụ"),
    ("Lãnh đạo Phòng Nội vụ", "Phòng Nội vụ", "Lãnh đạo Phòng Nội vụ"),
    ("Hiệu trưởng", "Trường THCS Tân Khai", "Hiệu trưởng Trường THCS Tân Khai"),
    # a title of another body is not glued to the person's unit
    ("Phó Chủ tịch UBND", "Sở Nội vụ tỉnh Bình Phước", "Phó Chủ tịch UBND, Sở Nội vụ tỉnh Bình Phước"),
    ("Giáo viên", "", "Giáo viên"),
    ("", "Trường THCS Tân Khai", "Trường THCS Tân Khai"),
])
def test_title_at(position, unit, said):
    assert title_at(position, unit) == said


def test_award_phrase():
    assert award_phrase("Lao động tiên tiến", "title") == "danh hiệu “Lao động tiên tiến”"
    assert award_phrase("Chiến sĩ thi đua cơ sở", "title") == "danh hiệu “Chiến sĩ thi đua cơ sở”"
    assert award_phrase("Giấy khen của Chủ tịch Ủy ban nhân dân xã", "form") == "Giấy khen của Chủ tịch Ủy ban nhân dân xã"
    assert award_phrase("Cờ thi đua của Ủy ban nhân dân tỉnh", "title") == "Cờ thi đua của Ủy ban nhân dân tỉnh"


SEED = "TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2024, PHÁT ĐỘNG THI ĐUA VÀ KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2025"


def test_the_seed_title_breaks_at_its_clauses():
    assert balanced_lines(SEED, 60) == ["TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2024,",
                                        "PHÁT ĐỘNG THI ĐUA VÀ KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2025"]
    assert balanced_lines("HỘI NGHỊ SƠ KẾT NĂM 2024", 100) == ["HỘI NGHỊ SƠ KẾT NĂM 2024"]
    assert balanced_lines("TỔNG KẾT NĂM 2024", 10) == ["TỔNG KẾT", "NĂM 2024"]
    assert clause_spans(["TỔNG KẾT CÔNG TÁC THI ĐUA,", "KHEN THƯỞNG NĂM 2024, PHÁT ĐỘNG THI ĐUA", "VÀ KÝ KẾT"]) == 1


SYLLABLES = ["TỔNG", "KẾT", "CÔNG", "TÁC", "THI", "ĐUA,", "ĐUA", "KHEN", "THƯỞNG", "NĂM", "2024", "2025,", "PHÁT",
             "ĐỘNG", "VÀ", "KÝ", "KẾT", "GIAO", "ƯỚC", "PHONG", "TRÀO", "ĐIỂN", "HÌNH", "TIÊN", "TIẾN", "HUYỆN",
             "XÃ", "TÂN", "LỢI", "GIAI", "ĐOẠN", "2021-2025", "BIỂU", "DƯƠNG"]
texts = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=40).map(" ".join)
GROUPS = [g.upper().split() for g in PROTECTED if " " in g] + [["NĂM", "2024"], ["NĂM", "2025,"]]


@settings(max_examples=300)
@given(text=texts, width=st.integers(min_value=4, max_value=80))
def test_lines_keep_every_word_in_order_and_never_split_a_word_group(text, width):
    lines = balanced_lines(text, width)
    assert " ".join(lines) == text
    assert all(line and line == line.strip() for line in lines)
    for a, b in zip(lines, lines[1:], strict=False):
        last, first = a.split(), b.split()
        for g in GROUPS:
            for k in range(1, len(g)):  # the group's first k words end a line, the rest begin the next
                assert not ([w.casefold() for w in last[-k:]] == [w.casefold() for w in g[:k]]
                            and [w.casefold() for w in first[:len(g) - k]] == [w.casefold() for w in g[k:]]), (a, b)
        assert last[-1] != "VÀ"  # a line never ends leading into the next
        assert not (last[-1] in ("NĂM", "ĐOẠN") and first[0][0].isdigit())  # "năm 2024" stays together


@settings(max_examples=300)
@given(text=texts, width=st.integers(min_value=4, max_value=80))
def test_a_line_too_wide_is_one_that_cannot_be_broken(text, width):
    for line in balanced_lines(text, width):
        if len(line) > width:
            assert not break_points(line.split())  # nothing left to break at


@settings(max_examples=200)
@given(text=texts)
def test_text_that_fits_stays_on_one_line_unless_it_joins_two_clauses(text):
    lines = balanced_lines(text, len(text))
    if not any(v == 0.0 for v in break_points(text.split()).values()):
        assert lines == [text]
    assert len(lines) <= 2 or len(lines) <= len(text.split())


TITLES = ["Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Trưởng ban", "Giám đốc", "Phó Giám đốc", "Hiệu trưởng",
          "Trưởng phòng", "Chuyên viên"]
BODIES = ["", " Đảng ủy", " HĐND", " UBND", " Ủy ban MTTQ Việt Nam", " Hội Nông dân", " Công an"]
UNITS = ["UBND xã Tân Lợi", "Ủy ban nhân dân huyện Hớn Quản", "Sở Nội vụ tỉnh Bình Phước", "Phòng Nội vụ",
         "Trường THCS Tân Khai", "Hội Nông dân huyện", "Đảng ủy xã Tân Lợi", ""]


@settings(max_examples=300)
@given(title=st.sampled_from(TITLES), body=st.sampled_from(BODIES), unit=st.sampled_from(UNITS))
def test_a_title_is_never_glued_to_another_bodys_name(title, body, unit):
    position = title + body
    said = title_at(position, unit)
    assert said.startswith(position)  # the person's own title comes first, whole
    assert said.count(position) == 1
    for other in ("UBND", "Ủy ban nhân dân", "Sở", "Phòng", "Trường"):
        if body.strip() and body.strip() != other and not unit.startswith(body.strip()):
            assert f"{body.strip()} {other} " not in f"{said} "  # "Bí thư Đảng ủy UBND xã …", "Phó Chủ tịch UBND Sở …"
    words = [w for w in unit.split() if w not in ("UBND", "Ủy", "ban", "nhân", "dân")]
    assert all(w.casefold() in said.casefold() for w in words)  # the unit and its place are still said
