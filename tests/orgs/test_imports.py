"""The import of messy workbooks accounts for every row, in the dry run and for real."""

import io
import json
import unicodedata
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import Workbook
from openpyxl.styles import Font

from tests.factories import follow_job
from thidua.orgs.imports import import_people, import_units
from thidua.orgs.models import Organisation, Person
from thidua.orgs.sheets import SheetError

pytestmark = pytest.mark.django_db
MAX = 20 * 1024 * 1024


def tcvn3(text: str) -> str:
    """Encode Unicode as TCVN3 surface characters (what a .VnTime cell holds)."""
    from viparse.normalize.tcvn3 import _ENTRIES

    reverse_map = {}
    for surface, letter in _ENTRIES:
        reverse_map.setdefault(letter, surface)
    return "".join(reverse_map.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def workbook(rows, fonts=None, merge_title=True) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as pasted from the web
            if fonts and (r, c) in fonts:
                cell.font = Font(name=fonts[(r, c)])
    if merge_title:
        ws.merge_cells("A1:F1")  # the title row, merged across the table as officials do
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def messy_people_workbook() -> bytes:
    nfd = unicodedata.normalize("NFD", "Đặng Thị Ượng")
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ TÂN KHAI"],
        ["DANH SÁCH CÁN BỘ DỰ HỘI NGHỊ"],
        [],
        ["STT", " Họ tên ", "Giới tính", "Chức vụ, chức danh", "Cơ quan, đơn vị", "SĐT"],
        ["I. KHỐI TRƯỜNG HỌC"],
        [1, "Nguyễn  Văn   Hạ", "Nam", "Hiệu trưởng", "Trường Tiểu học Tân Khai A", 912345678.0],  # updates existing
        [2, nfd, "nữ", "Giáo viên", "truong tieu hoc tan khai a", None],  # NFD, accent-free unit
        [3, "Đặng Thị Ượng", "Nữ", "Giáo viên", "Trường Tiểu học Tân Khai A", None],  # duplicate of row 7
        [4, "Lê Văn Tám", "Không rõ", "Bảo vệ", "Trường Tiểu học Tân Khai A", None],  # bad gender
        [5, "Phan Thị Chín", "Nữ", "Kế toán", "Trường THPT Không Có", None],  # unknown unit
        [6, '=HYPERLINK("http://evil","bấm")', "Nam", "", "Phòng Văn hóa - Xã hội", None],  # formula text
        [],
        ["II. KHỐI PHÒNG BAN"],
        [7, "Hồ Thị Ánh", "Nữ", "Chuyên viên", "Phòng Văn hóa - Xã hội", None],
    ]
    return workbook(rows)


def _statuses(report):
    return {r.row: r.status for r in report.rows}


def test_messy_workbook_every_row_accounted_for_dry_run_then_real(world):
    data = messy_people_workbook()
    with scopes_disabled():
        before = Person.objects.count()
        report = import_people(None, world.authority, data, "ds.xlsx", dry_run=True, max_bytes=MAX)
        assert Person.objects.count() == before  # the dry run changes nothing
        real = import_people(None, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=MAX)
        after = Person.objects.count()
    assert report.header_row == 4
    expected = {5: "skipped", 6: "updated", 7: "imported", 8: "duplicate", 9: "rejected", 10: "rejected",
                11: "rejected", 12: "skipped", 13: "skipped", 14: "imported"}
    assert _statuses(report) == expected
    assert _statuses(real) == expected  # the dry run tells the truth
    reasons = {r.row: r.reason for r in real.rows}
    assert "Giới tính" in reasons[9] and "Không tìm thấy đơn vị" in reasons[10] and "công thức" in reasons[11]
    assert "dòng 7" in reasons[8]
    assert reasons[5] == "Dòng tiêu đề nhóm: I. KHỐI TRƯỜNG HỌC" and reasons[12] == "Dòng trống."
    assert "Ô “Họ và tên” chứa công thức" in reasons[11]
    assert after == before + 2
    with scopes_disabled():
        ha = Person.objects.get(pk=world.person_a.pk)
        uong = Person.objects.get(given_name="Ượng")
    assert ha.phone == "912345678" and ha.full_name == "Nguyễn Văn Hạ"
    assert uong.full_name == "Đặng Thị Ượng" and uong.organisation_id == world.unit_a.pk and uong.gender == "F"


def test_tcvn3_cells_are_converted_by_their_font(world):
    rows = [[tcvn3("Họ và tên"), tcvn3("Đơn vị")], [tcvn3("Nguyễn Thị Hồng Nhung"), tcvn3("Phòng Văn hóa - Xã hội")]]
    fonts = {(1, 1): ".VnTime", (1, 2): ".VnTime", (2, 1): ".VnTime", (2, 2): ".VnTime"}
    data = workbook(rows, fonts, merge_title=False)
    with scopes_disabled():
        report = import_people(None, world.authority, data, "tcvn3.xlsx", dry_run=False, max_bytes=MAX)
        person = Person.objects.get(given_name="Nhung")
    assert report.counts["imported"] == 1
    assert person.full_name == "Nguyễn Thị Hồng Nhung" and person.organisation_id == world.unit_b.pk


def test_units_import_with_title_rows_and_synonyms(world):
    rows = [["DANH SÁCH CƠ QUAN, ĐƠN VỊ"], [], ["TT", "Tên cơ quan, đơn vị", "Viết tắt", "Loại đơn vị"],
            [1, "Trường Tiểu học Tân Khai A", "TH TK A", "Trường học"],  # existing → updated
            [2, "UBND xã Thanh An", "", ""],  # kind guessed from the name
            [3, "Hội Nông dân xã", "", "Hợp tác xã"]]  # bad kind
    with scopes_disabled():
        report = import_units(None, world.authority, workbook(rows), "dv.xlsx", dry_run=False, max_bytes=MAX)
        thanh_an = Organisation.objects.get(name="UBND xã Thanh An")
    assert _statuses(report) == {4: "updated", 5: "imported", 6: "rejected"}
    assert thanh_an.kind == "xa" and thanh_an.code == "ubnd-xa-thanh-an"


@pytest.mark.parametrize("data,name,message", [
    (b"", "a.xlsx", "Tệp rỗng"),
    (b"hello, this is not a spreadsheet at all", "a.pdf", "không phải bảng tính"),
    (b"PK\x03\x04garbage", "a.xlsx", "Excel"),
])
def test_bad_files_get_clear_errors(world, data, name, message):
    with pytest.raises(SheetError, match=message), scopes_disabled():
        import_people(None, world.authority, data, name, dry_run=True, max_bytes=MAX)


def test_no_header_and_oversized_and_zip_bomb_are_refused(world):
    with scopes_disabled():
        with pytest.raises(SheetError, match="Không tìm thấy dòng tiêu đề"):
            import_units(None, world.authority, workbook([["abc", "def"], [1, 2]]), "x.xlsx", dry_run=True,
                         max_bytes=MAX)
        with pytest.raises(SheetError, match="quá lớn"):
            import_units(None, world.authority, b"x" * 2048, "x.csv", dry_run=True, max_bytes=1024)
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("xl/worksheets/sheet1.xml", "0" * (250 * 1024 * 1024))
        with pytest.raises(SheetError, match="giải nén ra quá lớn"):
            import_units(None, world.authority, bomb.getvalue(), "bomb.xlsx", dry_run=True, max_bytes=MAX)


def test_csv_and_legacy_xls_are_read(world):
    csv_data = "Họ và tên;Đơn vị\nTrần Văn Bảy;Phòng Văn hóa - Xã hội\n".encode("utf-8-sig")
    with scopes_disabled():
        report = import_people(None, world.authority, csv_data, "a.csv", dry_run=True, max_bytes=MAX)
    assert report.counts["imported"] == 1


def test_cli_dry_run_json_reports_every_row(world, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(messy_people_workbook())
    call_command("import_people", str(path), "--authority", "tan-khai", "--dry-run", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and len(out["rows"]) == 10
    assert out["counts"] == {"imported": 2, "updated": 1, "duplicate": 1, "skipped": 3, "rejected": 3}
    with scopes_disabled():
        assert not Person.objects.filter(given_name="Ượng").exists()


def test_web_import_dry_run_then_confirm_and_download_rejected(client, world, django_capture_on_commit_callbacks):
    """The upload starts a background job; its page shows progress and then sends the browser to the
    report; the confirmation is a second job on the same kept file."""
    client.force_login(world.users["secretariat"])
    upload = io.BytesIO(messy_people_workbook())
    upload.name = "ds.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:import_upload", args=["people"]), {"file": upload, "encoding": "auto"})
    job, report_page = follow_job(client, response)
    assert job.status == "done" and job.params["dry_run"] is True
    assert "3 bị từ chối" in job.message  # the job list tells the outcome without opening the report
    page = report_page.content.decode()
    assert "Kiểm tra trước khi nhập" in page and "Bị từ chối: 3" in page
    with scopes_disabled():
        assert not Person.objects.filter(given_name="Ượng").exists()
    rejected = client.get(reverse("orgs:import_rejected", args=["people", job.pk]))
    assert rejected.status_code == 200 and rejected["Content-Type"].startswith("application/vnd.openxml")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:import_confirm", args=["people", job.pk]))
    real, report_page = follow_job(client, response)
    assert real.pk != job.pk and real.params["dry_run"] is False
    assert "Đã nhập 2 cá nhân mới" in report_page.content.decode()
    with scopes_disabled():
        assert Person.objects.filter(given_name="Ượng").count() == 1
    # Another user can neither see the report nor reuse the stored upload.
    client.force_login(world.users["admin"])
    assert client.post(reverse("orgs:import_confirm", args=["people", job.pk])).status_code == 404
    assert client.get(reverse("orgs:import_report", args=["people", job.pk])).status_code == 404
    assert client.get(reverse("orgs:import_rejected", args=["people", job.pk])).status_code == 404
    assert client.get(reverse("orgs:import_report", args=["units", 99999999999999999999])).status_code == 404


def test_web_import_refuses_bad_file_with_message(client, world):
    client.force_login(world.users["secretariat"])
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = client.post(reverse("orgs:import_upload", args=["units"]), {"file": upload, "encoding": "auto"})
    assert "không phải bảng tính" in response.content.decode()


def test_dry_run_and_real_import_agree_on_a_workbook_mixing_unicode_tcvn3_and_vni(world):
    """The dry run only checks (no write), the real import writes in small transactions (#17): on a workbook
    whose cells mix Unicode, TCVN3 (.VnTime) and VNI (VNI-Times), and whose rows the services refuse (a bad
    e-mail on a new person and on an existing one), both give the same report row for row."""
    from thidua.vn.legacy import encode_legacy

    rows = [
        ["Họ và tên", "Giới tính", "Đơn vị", "Thư điện tử"],
        [encode_legacy("Trần Thị Lan Nguyệt", "tcvn3"), "Nữ", "Phòng Văn hóa - Xã hội", ""],
        [encode_legacy("Lê Văn Thưởng", "vni"), "Nam", encode_legacy("Phòng Văn hóa - Xã hội", "vni"), ""],
        ["Phạm Ngọc Ẩn", "Nam", "", ""],
        ["Võ Thị Hường", "Nữ", "", "khong-phai-thu@"],
        ["Nguyễn Văn Hạ", "Nam", world.unit_a.name, "sai@@dia-chi"],
    ]
    fonts = {(2, 1): ".VnTime", (3, 1): "VNI-Times", (3, 3): "VNI-Times"}
    data = workbook(rows, fonts=fonts, merge_title=False)
    with scopes_disabled():
        before = Person.objects.count()
        dry = import_people(None, world.authority, data, "ds.xlsx", dry_run=True, max_bytes=MAX)
        assert Person.objects.count() == before
        real = import_people(None, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=MAX)
        names = set(Person.objects.values_list("family_name", "middle_name", "given_name"))
    assert [(r.row, r.status, r.reason) for r in dry.rows] == [(r.row, r.status, r.reason) for r in real.rows]
    assert _statuses(real) == {2: "imported", 3: "imported", 4: "imported", 5: "rejected", 6: "rejected"}
    assert {("Trần", "Thị Lan", "Nguyệt"), ("Lê", "Văn", "Thưởng"), ("Phạm", "Ngọc", "Ẩn")} <= names
    assert ("Võ", "Thị", "Hường") not in names
    assert dry.legacy_counts == real.legacy_counts and dry.legacy_counts.get("vni") == 2
