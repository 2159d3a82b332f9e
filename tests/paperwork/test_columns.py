"""A table's column widths: a header word never has to break ("ST/T"), and what a narrow column gains
comes from the columns with room to spare."""

from hypothesis import given
from hypothesis import strategies as st

from thidua.paperwork import fonts
from thidua.paperwork.layout import MIN_COLUMN_MM, TABLE_INSET_PT, column_ratios
from thidua.paperwork.model import Column, Table

WIDTH = 165.0  # A4 portrait text width, mm
PAD = 2 * TABLE_INSET_PT * 25.4 / 72 + 0.5


def _need(title: str, size: float) -> float:
    return max(MIN_COLUMN_MM, max(fonts.text_width_pt(w, size, bold=True) for w in title.split()) * 25.4 / 72 + PAD)


def test_the_awards_annex_stt_column_gets_room_for_its_title():
    t = Table(columns=[Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 4.2),
                       Column("Đơn vị", 3.2), Column("Tiền thưởng (đồng)", 1.7, "right")], rows=[], font_size=13)
    before = 0.6 / 9.7 * WIDTH
    ratios = column_ratios(t, WIDTH)
    widths = [r / sum(ratios) * WIDTH for r in ratios]
    assert before < _need("STT", 13) <= widths[0] + 1e-9
    assert widths[1] < 4.2 / 9.7 * WIDTH and widths[3] >= _need("(đồng)", 13) - 1e-9


def test_wide_enough_columns_are_left_as_they_are():
    t = Table(columns=[Column("Số thứ tự", 1.5), Column("Họ và tên", 3)], rows=[], font_size=12)
    assert column_ratios(t, WIDTH) == [1.5, 3]


TITLES = st.sampled_from(["#", "STT", "Họ và tên", "Đơn vị", "Tiền thưởng (đồng)", "Ghi chú", "Số", "Chức vụ, đơn vị",
                          "Điểm tự chấm", "Xếp hạng"])


@given(st.lists(st.tuples(TITLES, st.floats(min_value=0.2, max_value=6)), min_size=1, max_size=8),
       st.sampled_from([11, 12, 13]), st.sampled_from([165.0, 252.0]))
def test_ratios_keep_the_total_and_never_starve_a_header(cols, size, width):
    t = Table(columns=[Column(title, ratio) for title, ratio in cols], rows=[], font_size=size)
    ratios = column_ratios(t, width)
    total = sum(r for _, r in cols)
    assert abs(sum(ratios) - total) < 1e-9 * max(1.0, total)
    before = [r / total * width for _, r in cols]
    after = [r / total * width for r in ratios]
    need = [_need(title, size) for title, _ in cols]
    if ratios == [r for _, r in cols]:
        # left alone: nothing was short, or the others could not give enough
        assert all(b >= n for b, n in zip(before, need, strict=True)) or \
            sum(max(0, b - n) for b, n in zip(before, need, strict=True)) < \
            sum(max(0, n - b) for b, n in zip(before, need, strict=True))
    else:
        for b, a, n in zip(before, after, need, strict=True):
            assert a >= n - 1e-6  # every title fits
            if b < n:
                assert a >= b  # a short column only grows
            else:
                assert a <= b + 1e-9  # one with room only gives
