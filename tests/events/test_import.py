"""Import of delegates from messy workbooks; bad files get a clear Vietnamese message; the CLI."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import Workbook

from tests.factories import follow_job
from thidua.events.imports import import_delegates
from thidua.events.models import Delegate
from thidua.orgs.sheets import SheetError

pytestmark = pytest.mark.django_db
MAX = 20 * 1024 * 1024


def messy_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN XÃ TÂN KHAI"])
    ws.append(["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TỔNG KẾT"])
    ws.append([])
    ws.append(["STT", "Họ tên", "Ông/Bà", "Chức danh", "Cơ quan, đơn vị", "Thành phần", "SĐT", "Xe", "Cột lạ"])
    ws.append(["I.", "a) Đại biểu tỉnh"])
    ws.append([1, "Trần Văn Thành", "Ông", "Phó Giám đốc", "Sở Nội vụ tỉnh Bình Phước", None, "0912345678", "Ô tô"])
    ws.append([2, "Nguye\u0302\u0303n Va\u0306n Ha\u0323", "Ông", "Hiệu trưởng", "Trường Tiểu học Tân Khai A", "b",
               "", "xe máy"])
    ws.append([3, "  Lê   Thị  Lan ", "Bà", "Chuyên viên", "Huyện đoàn Hớn Quản", "Đại biểu xã"])
    ws.append([4, "=HYPERLINK(\"http://evil\",\"x\")", "Ông", "", "Phòng Văn hóa - Xã hội", "b"])
    ws.cell(row=ws.max_row, column=2).data_type = "s"  # formula text, as typed into a text cell
    ws.append([5, "Phạm Văn Tú", "Ông", "Cán bộ", "Phòng Văn hóa - Xã hội", "z"])
    ws.append([6, "", "", "", "Phòng Văn hóa - Xã hội", "c"])
    ws.append([7, "Lê Thị Lan", "Bà", "Chuyên viên", "Huyện đoàn Hớn Quản", "b"])
    ws.append([])
    ws.append([8, "Hoàng Văn Sơn", "Anh", "", "Phòng Văn hóa - Xã hội", "c"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_messy_workbook_every_row_accounted(conf):
    with scopes_disabled():
        before = Delegate.objects.filter(event=conf.event).count()
        dry = import_delegates(None, conf.event, messy_workbook(), "ds.xlsx", dry_run=True, max_bytes=MAX)
        assert Delegate.objects.filter(event=conf.event).count() == before  # dry run writes nothing
        report = import_delegates(None, conf.event, messy_workbook(), "ds.xlsx", dry_run=False, max_bytes=MAX)
    assert dry.counts == report.counts
    by_row = {r.row: r for r in report.rows}
    assert report.header_row == 4
    assert by_row[5].status == "skipped" and "a) Đại biểu tỉnh" in by_row[5].reason
    assert by_row[6].status == "updated"  # the province guest is already invited
    assert by_row[7].status == "updated"  # Nguyễn Văn Hạ (NFD in the file) matched the registry delegate
    assert by_row[8].status == "imported" and "ngoài danh bạ" in by_row[8].reason
    assert by_row[9].status == "rejected" and "công thức" in by_row[9].reason
    assert by_row[10].status == "rejected" and "Không rõ thành phần “z”" in by_row[10].reason
    assert by_row[11].status == "imported" and by_row[11].label == "Đại diện lãnh đạo Phòng Văn hóa - Xã hội"
    assert by_row[12].status == "duplicate" and "dòng 8" in by_row[12].reason
    assert by_row[13].status == "skipped"
    assert by_row[14].status == "rejected" and "Danh xưng “Anh”" in by_row[14].reason
    assert len(report.rows) == 10
    with scopes_disabled():
        lan = Delegate.objects.get(event=conf.event, full_name="Lê Thị Lan")
        assert (lan.gender, lan.category.code) == ("F", "b")
        ha = Delegate.objects.get(pk=conf.mine.pk)
        assert ha.vehicle == "motorbike"
        guest = Delegate.objects.get(pk=conf.guest.pk)
        assert (guest.phone, guest.vehicle) == ("0912345678", "car")
        numbers = list(Delegate.objects.filter(event=conf.event).values_list("invitation_number", flat=True))
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<x/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize("data,name,message", [
    (b"%PDF-1.7 not a sheet", "ds.xlsx", "không phải bảng tính"),
    (b"", "ds.xlsx", "Tệp rỗng"),
    (b"a,b,c\n1,2,3\n", "ds.csv", "Không tìm thấy dòng tiêu đề"),
    (None, "bomb.xlsx", "nghi là tệp độc hại"),
])
def test_bad_files_get_a_clear_message(conf, data, name, message):
    data = _zip_bomb() if data is None else data
    with scopes_disabled(), pytest.raises(SheetError, match=message):
        import_delegates(None, conf.event, data, name, dry_run=True, max_bytes=MAX)


def test_upload_page_refuses_big_and_broken_files(client, conf, settings, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(conf.world.users["secretariat"])
    url = reverse("events:import_upload", args=[conf.event.pk])
    r = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", b"hello"), "encoding": "auto"})
    assert "không phải bảng tính" in r.content.decode()
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("ds.xlsx", b"0" * (2 * 1024 * 1024))
    r = client.post(url, {"file": big, "encoding": "auto"})
    assert "Tệp “ds.xlsx” quá lớn; tối đa 1 MB." in r.content.decode()
    settings.UPLOAD_MAX_BYTES = MAX
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", messy_workbook()), "encoding": "auto"})
    job, r = follow_job(client, r)
    page = r.content.decode()
    assert "Kiểm tra trước khi nhập" in page and "Bị từ chối: 3" in page
    with scopes_disabled():
        before = Delegate.objects.filter(event=conf.event).count()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("events:import_confirm", args=[conf.event.pk, job.pk]))
    _real, r = follow_job(client, r)
    assert "Đã nhập 2 đại biểu mới" in r.content.decode()
    with scopes_disabled():
        assert Delegate.objects.filter(event=conf.event).count() == before + 2
    rej = client.get(reverse("events:import_rejected", args=[conf.event.pk, job.pk]))
    assert rej.status_code == 200 and rej["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(conf.world.users["admin"])  # another user cannot use someone else's upload
    assert client.post(reverse("events:import_confirm", args=[conf.event.pk, job.pk])).status_code == 404
    assert client.get(reverse("events:import_report", args=[conf.event.pk, job.pk])).status_code == 404


def test_cli_import_export_and_list(conf, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(messy_workbook())
    call_command("import_delegates", "tong-ket-2024", str(path), "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["counts"]["rejected"] == 3
    call_command("import_delegates", "tong-ket-2024", str(path))
    assert "bị từ chối 3" in capsys.readouterr().out
    call_command("events", "--json")
    rows = {r["slug"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["tong-ket-2024"]["delegates"] == 5 and rows["tong-ket-2024"]["date"] == "2025-04-10"
    out = tmp_path / "ds-ra.xlsx"
    call_command("export_delegates", "tong-ket-2024", "-o", str(out), "--sort", "unit")
    assert out.stat().st_size > 1000 and "Đã xuất 5 đại biểu" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có hội nghị mã"):
        call_command("invitations", "khong-co", "--pdf", str(tmp_path / "x.pdf"))
    call_command("invitations", "tong-ket-2024", "--pdf", str(tmp_path / "gm.pdf"), "--docx-zip",
                 str(tmp_path / "gm.zip"), "--json", "--site", "https://tdkt.tankhai.gov.vn")
    result = json.loads(capsys.readouterr().out)
    assert result["pdf"]["pages"] == 5 and result["docx_zip"]["files"] == 5
    with zipfile.ZipFile(tmp_path / "gm.zip") as zf:
        assert len(zf.namelist()) == 5 and all(n.endswith(".docx") for n in zf.namelist())
