"""#16: nothing imported is ever silently wrong. Messy delegate and people workbooks and CSVs
(mixed fonts per cell, no fonts, NFD, title rows, two-row merged headers, footers, over-long cells,
formula cells), the dry run equal to the real import row for row, and a second import adding none."""

import io
import unicodedata

import pytest
from django_scopes import scopes_disabled
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.events.imports import import_delegates
from thidua.events.models import Delegate
from thidua.orgs.imports import import_people, import_units
from thidua.orgs.models import Organisation, Person
from thidua.orgs.sheets import SheetError
from thidua.vn.legacy import encode_legacy

pytestmark = pytest.mark.django_db
MAX = 20 * 1024 * 1024
HEAD = ["STT", "Họ và tên", "Danh xưng", "Chức vụ", "Đơn vị", "Thành phần", "Điện thoại"]


def xlsx(rows, fonts=None, merges=(), formulas=()) -> bytes:
    """rows of values; fonts {(row, col): font name} 1-based; formulas [(row, col, "=A1")] live formulas."""
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value).data_type = "s" if isinstance(value, str) else "n"
    for (r, c), name in (fonts or {}).items():
        ws.cell(row=r, column=c).font = Font(name=name)
    for r, c, formula in formulas:
        ws.cell(row=r, column=c, value=formula)  # a real formula, never computed: no stored value
    for rng in merges:
        ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def both(event, data, name="ds.xlsx", **kw):
    with scopes_disabled():
        before = Delegate.objects.filter(event=event).count()
        dry = import_delegates(None, event, data, name, dry_run=True, max_bytes=MAX, **kw)
        assert Delegate.objects.filter(event=event).count() == before
        real = import_delegates(None, event, data, name, dry_run=False, max_bytes=MAX, **kw)
    rows = lambda rep: [(r.row, r.status, r.reason) for r in rep.rows]  # noqa: E731
    assert rows(dry) == rows(real)  # the dry run tells the truth, row for row
    return real


def names(event):
    with scopes_disabled():
        return set(Delegate.objects.filter(event=event).values_list("full_name", flat=True))


def test_fonts_decide_cell_by_cell(conf):
    """The issue's workbook: Unicode, TCVN3 and VNI names in one column, each cell in its own font."""
    rows = [["DANH SÁCH ĐẠI BIỂU"], [], HEAD,
            [1, "Võ Thanh Vân", "Bà", "Chuyên viên", "Phòng Văn hóa - Xã hội", "b"],
            [2, encode_legacy("Nguyễn Thị Hường", "tcvn3"), "Bà", encode_legacy("Trưởng phòng", "tcvn3"),
             "Phòng Văn hóa - Xã hội", "b"],
            [3, encode_legacy("Lê Văn Ơn", "vni"), "Ông", "", "Phòng Văn hóa - Xã hội", "b"],
            [4, "Lý Thanh Ôn", "Ông", "", "Phòng Văn hóa - Xã hội", "b"]]
    fonts = {(5, 2): ".VnTime", (5, 4): ".VnTime", (6, 2): "VNI-Times", (7, 2): "Times New Roman"}
    report = both(conf.event, xlsx(rows, fonts))
    assert {"Võ Thanh Vân", "Nguyễn Thị Hường", "Lê Văn Ơn", "Lý Thanh Ôn"} <= names(conf.event)
    assert report.legacy_counts == {"tcvn3": 2, "vni": 1}
    assert report.legacy_note == "2 ô TCVN3, 1 ô VNI đã chuyển sang Unicode."
    with scopes_disabled():
        assert Delegate.objects.get(event=conf.event, full_name="Nguyễn Thị Hường").position == "Trưởng phòng"


def test_unicode_pasted_into_a_legacy_font_cell_is_kept_or_flagged(conf):
    """A list pasted into a sheet still formatted .VnTime / VNI-Times: the Unicode names are not
    "converted" by the cell's font ("Võ Thanh Vân" → "Vừ Thanh Võn"); one that reads as Vietnamese in
    the font too is refused with both readings, the others are kept as typed."""
    rows = [HEAD, [1, "Võ Thanh Vân", "Bà", "Chuyên viên", "Phòng Văn hóa - Xã hội", "b"],
            [2, "Nguyễn Thị Hường", "Bà", "Trưởng phòng", "Phòng Văn hóa - Xã hội", "b"],
            [3, "Lê Văn Ơn", "Ông", "", "Phòng Văn hóa - Xã hội", "b"]]
    fonts = {(2, 2): ".VnTime", (3, 2): ".VnTime", (3, 4): ".VnTime", (4, 2): "VNI-Times"}
    report = both(conf.event, xlsx(rows, fonts))
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].status == "rejected" and "Kiểm tra lại chữ" in by_row[2].reason
    assert "“Võ Thanh Vân”" in by_row[2].reason and "“Vừ Thanh Võn”" in by_row[2].reason
    assert {"Nguyễn Thị Hường", "Lê Văn Ơn"} <= names(conf.event)
    assert "Vừ Thanh Võn" not in names(conf.event)
    with scopes_disabled():
        assert Delegate.objects.get(event=conf.event, full_name="Nguyễn Thị Hường").position == "Trưởng phòng"


def test_no_fonts_detector_per_cell_and_unsure_rows_flagged(conf):
    """Fonts lost (Calibri everywhere): each cell by its text; a name that reads both ways in a TCVN3 file
    is refused with both readings, never converted silently."""
    legacy = ["Trịnh Văn Sáu", "Nguyễn Thị Hường", "Phạm Quốc Hưng", "Đặng Thị Ượng", "Hoàng Minh Tuấn"]
    rows = [HEAD] + [[i, encode_legacy(n, "tcvn3"), "", "", "Phòng Văn hóa - Xã hội", "b"]
                     for i, n in enumerate(legacy, 1)]
    rows += [[6, "Võ Thanh Vân", "Bà", "", "Phòng Văn hóa - Xã hội", "b"],
             [7, unicodedata.normalize("NFD", "Bùi Thị Hồng Nhung"), "Bà", "", "Phòng Văn hóa - Xã hội", "b"]]
    report = both(conf.event, xlsx(rows))
    assert set(legacy) | {"Bùi Thị Hồng Nhung"} <= names(conf.event)
    by_row = {r.row: r for r in report.rows}
    assert by_row[7].status == "rejected"
    assert "Kiểm tra lại chữ" in by_row[7].reason and "“Võ Thanh Vân”" in by_row[7].reason
    assert "“Vừ Thanh Võn”" in by_row[7].reason
    assert "Vừ Thanh Võn" not in names(conf.event) and "Võ Thanh Vân" not in names(conf.event)
    assert report.legacy_counts == {"tcvn3": 5}


def test_vni_without_fonts_is_not_read_as_tcvn3(conf):
    rows = [HEAD, [1, encode_legacy("Lê Văn Ơn", "vni"), "Ông", "", "Phòng Văn hóa - Xã hội", "b"],
            [2, encode_legacy("Ngô Thị Thuỷ", "vni"), "Bà", "", "Phòng Văn hóa - Xã hội", "b"]]
    both(conf.event, xlsx(rows))
    assert {"Lê Văn Ơn", "Ngô Thị Thuỷ"} <= names(conf.event)


def cp1258(text: str) -> bytes:
    """What Excel's "CSV" writes on a Vietnamese Windows: Windows-1258, tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            rest = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tone))
            out += (rest + tone).encode("cp1258")
    return out


@pytest.mark.parametrize("form", ["utf-8", "utf-8-sig", "tcvn3", "cp1258"])
def test_csv_in_utf8_bom_and_tcvn3_bytes(conf, form):
    people = ["Trịnh Văn Sáu", "Nguyễn Thị Hường", "Lê Văn Ơn", "Đặng Thị Ượng", "Dương Văn Lộc"]
    lines = ["Họ và tên,Danh xưng,Đơn vị,Thành phần"] + [f"{n},,Phòng Văn hóa - Xã hội,b" for n in people]
    text = "\r\n".join(lines) + "\r\n"
    if form == "tcvn3":
        data = encode_legacy(text, "tcvn3").encode("latin-1")
        kw = {"encoding": "tcvn3"}
    elif form == "cp1258":
        data, kw = cp1258(text), {}
    else:
        data, kw = text.encode(form), {}
    report = both(conf.event, data, "ds.csv", **kw)
    assert set(people) <= names(conf.event), report.rows
    if form == "tcvn3":
        auto = both(conf.event, data, "ds.csv")  # and chosen by the detector: same names, all updated
        assert auto.counts["imported"] == 0 and auto.counts["updated"] == 5


def test_title_rows_two_row_merged_header_and_footer(conf):
    rows = [["ỦY BAN NHÂN DÂN XÃ TÂN KHAI"], ["DANH SÁCH KHÁCH MỜI"], [],
            ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành phần", "Liên hệ", None],
            [None, None, None, None, None, "Điện thoại", "Email"],
            [1, "Trịnh Văn Sáu", "Phó Giám đốc", "Phòng Văn hóa - Xã hội", "b", "0912 345 678", "thanh@example.vn"],
            [2, "Lê Thị Lan", "Chuyên viên", "Phòng Văn hóa - Xã hội", "b", "+84 912 000 111", ""],
            [None, "Tổng cộng: 2 đại biểu"],
            [None, None, None, "Tân Khai, ngày 10 tháng 5 năm 2025"],
            [None, "Người lập biểu", None, "Thủ trưởng đơn vị"],
            [None, "(Ký, ghi rõ họ tên)", None, "(Ký tên, đóng dấu)"],
            [None, "Nguyễn Văn Bảy", None, "Lê Văn Tám"]]
    merges = ["A1:G1", "A2:G2", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:G4"]
    report = both(conf.event, xlsx(rows, merges=merges))
    assert report.header_row == 5
    by_row = {r.row: r for r in report.rows}
    assert [by_row[6].status, by_row[7].status] == ["imported", "imported"]
    assert all(by_row[r].status == "skipped" and "cuối bảng" in by_row[r].reason for r in range(8, 13))
    with scopes_disabled():
        d = Delegate.objects.get(event=conf.event, full_name="Trịnh Văn Sáu")
        assert (d.phone, d.email) == ("0912 345 678", "thanh@example.vn")
        assert Delegate.objects.get(event=conf.event, full_name="Lê Thị Lan").phone == "+84 912 000 111"
    assert "Nguyễn Văn Bảy" not in names(conf.event)


def test_two_row_header_without_merges(conf):
    rows = [["Họ và tên", "Đơn vị", "Thành phần", "Liên hệ", None],
            [None, None, None, "SĐT", "Email"],
            ["Trịnh Văn Sáu", "Phòng Văn hóa - Xã hội", "b", "0912 345 678", ""]]
    report = both(conf.event, xlsx(rows))
    assert report.header_row == 2 and report.counts["imported"] == 1


def test_over_long_cells_refused_the_same_in_the_dry_run(conf):
    rows = [HEAD, [1, "Trịnh Văn Sáu", "Ông", "", "Phòng Văn hóa - Xã hội", "b", "0912 345 678 " * 5],
            [2, "Lê Thị Lan", "Bà", "x" * 201, "Phòng Văn hóa - Xã hội", "b"],
            [3, "Phạm " + "Văn " * 50 + "An", "Ông", "", "Phòng Văn hóa - Xã hội", "b"],
            [4, "Đỗ Quang Khải", "Ông", "", "Phòng Văn hóa - Xã hội", "b"]]
    report = both(conf.event, xlsx(rows))
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].status == "rejected" and "Điện thoại" in by_row[2].reason and "tối đa 40" in by_row[2].reason
    assert by_row[3].status == "rejected" and "Chức vụ" in by_row[3].reason
    assert by_row[4].status == "rejected" and "dài" in by_row[4].reason
    assert by_row[5].status == "imported"


def test_formula_name_refused_never_a_representative(conf):
    rows = [HEAD, [1, None, "Ông", "", "Phòng Văn hóa - Xã hội", "b"],
            [2, "=A1", "", "", "Phòng Văn hóa - Xã hội", "b"],
            [3, "@SUM(A1)", "", "", "Phòng Văn hóa - Xã hội", "b"]]
    report = both(conf.event, xlsx(rows, formulas=[(2, 2, "=E2")]))
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].status == "rejected" and "công thức" in by_row[2].reason and "=E2" in by_row[2].reason
    assert by_row[3].status == "rejected" and "công thức" in by_row[3].reason
    assert by_row[4].status == "rejected" and "công thức" in by_row[4].reason


def test_second_import_adds_none_representatives_included(conf):
    rows = [HEAD, [1, "Trịnh Văn Sáu", "Ông", "", "Phòng Văn hóa - Xã hội", "b"],
            [2, None, None, None, "Phòng Văn hóa - Xã hội", "c"],
            [3, None, None, None, "Phòng Văn hóa - Xã hội", "c"],
            [4, None, None, None, "Hội Nông dân xã", "c"]]
    data = xlsx(rows)
    first = both(conf.event, data)
    assert first.counts["imported"] == 4
    with scopes_disabled():
        count = Delegate.objects.filter(event=conf.event).count()
    second = both(conf.event, data)
    assert second.counts["imported"] == 0 and second.counts["updated"] == 4
    with scopes_disabled():
        assert Delegate.objects.filter(event=conf.event).count() == count


def test_missing_columns_named_with_the_headers_found(conf):
    with pytest.raises(SheetError) as exc:
        import_delegates(None, conf.event, xlsx([["Số TT", "Tên khách", "Nơi ở"], ["1", "An", "Xã"]]), "ds.xlsx",
                         dry_run=True, max_bytes=MAX)
    message = str(exc.value)
    assert "“Họ và tên”" in message and "“Tên khách”" in message and "“Nơi ở”" in message
    assert "tiêu đề cột" not in message


def test_people_and_units_second_import_adds_none(world):
    people = xlsx([["DANH SÁCH"], ["Họ và tên", "Giới tính", "Đơn vị", "Điện thoại"],
                   [encode_legacy("Nguyễn Thị Hường", "tcvn3"), "Nữ", "Phòng Văn hóa - Xã hội", "0912"],
                   ["Võ Thanh Vân", "Nữ", "Phòng Văn hóa - Xã hội", "0" * 59],
                   ["Người lập biểu"]],
                  fonts={(3, 1): ".VnTime"})
    units = xlsx([["Tên đơn vị", "Điện thoại", "Thứ tự"], ["Hội Cựu chiến binh xã", "0271 3 000 000", "3"],
                  ["Hội Nông dân xã", "1" * 59, ""], ["Đoàn Thanh niên xã", "", "3,5"]])
    with scopes_disabled():
        for run in (import_units, import_people):
            data = units if run is import_units else people
            dry = run(None, world.authority, data, "x.xlsx", dry_run=True, max_bytes=MAX)
            real = run(None, world.authority, data, "x.xlsx", dry_run=False, max_bytes=MAX)
            assert [(r.row, r.status, r.reason) for r in dry.rows] == [(r.row, r.status, r.reason) for r in real.rows]
            again = run(None, world.authority, data, "x.xlsx", dry_run=False, max_bytes=MAX)
            assert again.counts["imported"] == 0
        assert Person.objects.filter(authority=world.authority, given_name="Hường").exists()
        assert not Person.objects.filter(authority=world.authority, given_name="Vân").exists()  # phone too long
        assert Organisation.objects.filter(authority=world.authority, name="Hội Cựu chiến binh xã").exists()
        assert not Organisation.objects.filter(authority=world.authority, name="Hội Nông dân xã").exists()
    reasons = {r.row: r.reason for r in real.rows}
    assert "tối đa 40" in reasons[4] and reasons[5].startswith("Dòng cuối bảng")


def test_rows_after_a_stray_date_line_are_still_data(conf):
    rows = [HEAD, [1, "Trịnh Văn Sáu", "Ông", "", "Phòng Văn hóa - Xã hội", "b"],
            [None, "Cập nhật ngày 5 tháng 6 năm 2025"],
            [2, "Lê Thị Lan", "Bà", "Chuyên viên", "Phòng Văn hóa - Xã hội", "b"]]
    report = both(conf.event, xlsx(rows))
    by_row = {r.row: r for r in report.rows}
    assert by_row[3].status == "skipped" and by_row[4].status == "imported"


def test_chosen_tcvn3_still_flags_a_name_that_reads_both_ways(conf):
    header = encode_legacy("Họ và tên,Đơn vị,Thành phần\r\n", "tcvn3")
    lines = [header + encode_legacy("Nguyễn Thị Hường,Phòng Văn hóa - Xã hội,b", "tcvn3"),
             "Võ Thanh Vân," + encode_legacy("Phòng Văn hóa - Xã hội", "tcvn3") + ",b"]
    data = "\r\n".join(lines).encode("latin-1")
    report = both(conf.event, data, "ds.csv", encoding="tcvn3")
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].status == "imported" and by_row[3].status == "rejected"
    assert "Kiểm tra lại chữ" in by_row[3].reason and "Vừ Thanh Võn" in by_row[3].reason


def test_missing_required_columns_named_with_the_headers_found():
    from thidua.emulation.imports import COLUMNS as SCORECARD_COLUMNS
    from thidua.orgs.sheets import read_table

    data = xlsx([["THANG ĐIỂM"], ["Nhóm", "Nội dung tiêu chí", "Điểm tối đa", "Cách tính"], ["I", "Tiêu chí", 10, "x"]])
    with pytest.raises(SheetError) as exc:
        read_table(data, "t.xlsx", SCORECARD_COLUMNS, max_bytes=MAX)
    message = str(exc.value)
    assert "“Mã tiêu chí”" in message and "“Loại”" in message and "dòng tiêu đề là dòng 2" in message
    assert "“Cách tính”" in message  # what the file has instead
