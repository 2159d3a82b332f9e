"""Proposal lists from Excel (#19): a messy list into draft proposals, every row accounted for."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from tests.factories import follow_job
from tests.orgs.test_imports import tcvn3
from thidua.awards.imports import AwardMatcher, import_proposals, template_workbook
from thidua.awards.models import Award, Proposal, ProposalLine
from thidua.orgs.models import AuditLog, Person

pytestmark = pytest.mark.django_db
MAX = 20 * 1024 * 1024


def workbook(rows, fonts=None, merge=("A1:G1", "A2:G2")) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as pasted from the web
            if fonts and (r, c) in fonts:
                cell.font = Font(name=fonts[(r, c)])
    for span in merge:
        ws.merge_cells(span)  # the title rows, merged across the table as officials do
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def messy_list(world) -> bytes:
    a, b = world.unit_a.name, world.unit_b.name
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ TÂN KHAI"],                                                   # 1 merged title
        ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],                                          # 2 merged title
        [],                                                                                  # 3
        ["STT", "HO TEN", "NS", "Chức vụ", "Đơn vị", "Danh hiệu", "Thành tích"],            # 4 header
        ["A. TẬP THỂ"],                                                                      # 5 heading
        [1, b, None, "", "", "Tập thể lao động tiên tiến", "Hoàn thành xuất sắc nhiệm vụ"],  # 6 collective
        ["B. CÁ NHÂN"],                                                                      # 7 heading
        [2, "Nguyễn Văn Hạ", 1975, "Hiệu trưởng", a, "Lao động tiên tiến", "Hoàn thành tốt"],  # 8 existing
        [3, "Lê Thị Mai", "1990", "Giáo viên", "truong tieu hoc tan khai a", "LĐTT", "Tốt"],  # 9 new, same draft
        [4, "LÊ THỊ MAI", 1990, "Giáo viên", a, "lao dong tien tien", "Tốt"],               # 10 duplicate of 9
        [5, "Trần Văn Bảy", 1980, "Chuyên viên", b, "Giấy khen", "Xuất sắc"],               # 11 the commune's
        [6, "Phạm Văn Tư", 1988, "Giáo viên", a, "Huân chương Lao động hạng Ba", ""],       # 12 unknown form
        [7, '=HYPERLINK("http://x","bấm")', 1985, "", a, "Lao động tiên tiến", ""],         # 13 formula
        [],                                                                                  # 14 blank
        [8, "Hồ Thị Ánh", 1979, "Kế toán", "Trường THPT Không Có", "Lao động tiên tiến", ""],  # 15 unknown unit
        [9, tcvn3("Đặng Thị Ượng"), 1992, tcvn3("Giáo viên"), a, "Chiến sĩ thi đua cơ sở",
         tcvn3("Sáng kiến cấp cơ sở")],                                                      # 16 TCVN3
        [10, "Vũ Văn Năm", 1970, "Phó trưởng phòng", b, "Bằng khen của Chủ tịch UBND tỉnh", "Xuất sắc"],  # 17
        [],                                                                                  # 18
        ["", "Người lập biểu", "", "", "", "Chủ tịch"],                                      # 19 footer
        ["", "(Ký, ghi rõ họ tên)", "", "", "", "(Ký tên, đóng dấu)"],                       # 20
        ["", "Nguyễn Văn Lập", "", "", "", "Trần Văn Chủ"],                                  # 21 signatures
    ]
    fonts = {(16, 2): ".VnTime", (16, 4): ".VnTime", (16, 7): ".VnTime"}
    return workbook(rows, fonts)


EXPECTED = {5: "skipped", 6: "imported", 7: "skipped", 8: "imported", 9: "imported", 10: "duplicate",
            11: "imported", 12: "rejected", 13: "rejected", 14: "skipped", 15: "rejected", 16: "imported",
            17: "imported", 18: "skipped", 19: "skipped", 20: "skipped", 21: "skipped"}


def _statuses(report):
    return {r.row: r.status for r in report.rows}


def _drafts():
    with scopes_disabled():
        return {(p.organisation.code, p.award.code, p.year, p.status): sorted(line.name for line in p.lines.all())
                for p in Proposal.objects.select_related("organisation", "award").prefetch_related("lines")}


def test_messy_list_dry_run_then_real_into_draft_proposals(world):
    data = messy_list(world)
    actor = world.users["secretariat"]
    with scopes_disabled():
        people, audit = Person.objects.count(), AuditLog.objects.count()
        dry = import_proposals(actor, world.authority, data, "ds.xlsx", dry_run=True, max_bytes=MAX, year=2025)
        assert Proposal.objects.count() == 0 and Person.objects.count() == people  # nothing written
        assert AuditLog.objects.count() == audit
        real = import_proposals(actor, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=MAX, year=2025)
    assert dry.header_row == 4
    assert _statuses(dry) == EXPECTED
    assert [(r.row, r.status, r.reason) for r in dry.rows] == [(r.row, r.status, r.reason) for r in real.rows]
    reasons = {r.row: r.reason for r in real.rows}
    assert "dòng 9" in reasons[10]
    assert "Dòng 12" in reasons[12] and "“Huân chương Lao động hạng Ba”" in reasons[12]
    assert "công thức" in reasons[13]
    assert "Không tìm thấy đơn vị “Trường THPT Không Có”" in reasons[15]
    assert reasons[5] == "Dòng tiêu đề nhóm: A. TẬP THỂ" and reasons[14] == "Dòng trống."
    assert "cuối bảng" in reasons[19]
    assert real.legacy_counts  # the TCVN3 cells were converted
    assert _drafts() == {
        ("b", "ttldtt", 2025, "draft"): ["Phòng Văn hóa - Xã hội"],
        ("a", "ldtt", 2025, "draft"): ["Lê Thị Mai", "Nguyễn Văn Hạ"],
        ("b", "gk-xa", 2025, "draft"): ["Trần Văn Bảy"],
        ("a", "cstd-co-so", 2025, "draft"): ["Đặng Thị Ượng"],
        ("b", "bk-tinh", 2025, "draft"): ["Vũ Văn Năm"],
    }
    with scopes_disabled():
        ha = ProposalLine.objects.get(name="Nguyễn Văn Hạ")
        assert ha.person_id == world.person_a.pk  # matched, not created again
        uong = ProposalLine.objects.get(person__given_name="Ượng")
        assert uong.achievement == "Sáng kiến cấp cơ sở" and uong.person.position == "Giáo viên"
        assert uong.person.organisation_id == world.unit_a.pk
        collective = ProposalLine.objects.get(kind="collective")
        assert collective.organisation_id == world.unit_b.pk and collective.achievement == "Hoàn thành xuất sắc nhiệm vụ"
        assert Person.objects.count() == people + 4  # Mai, Bảy, Ượng, Năm
        assert AuditLog.objects.filter(action="awards.proposal.create").count() == 5
        assert AuditLog.objects.filter(action="awards.proposal.line_add").count() == 6


def test_importing_again_adds_to_the_same_drafts_and_doubles_nothing(world):
    data = messy_list(world)
    actor = world.users["secretariat"]
    with scopes_disabled():
        import_proposals(actor, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=MAX, year=2025)
        again = import_proposals(actor, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=MAX, year=2025)
        assert Proposal.objects.count() == 5 and ProposalLine.objects.count() == 6
    assert again.counts["imported"] == 0 and again.counts["duplicate"] == 7
    assert "đã có trong hồ sơ" in next(r.reason for r in again.rows if r.row == 8)


def test_unit_officer_imports_only_for_its_own_unit(world):
    data = messy_list(world)
    officer = world.users["unit_officer"]  # of unit_a
    with scopes_disabled():
        report = import_proposals(officer, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=MAX,
                                  year=2025)
    statuses, reasons = _statuses(report), {r.row: r.reason for r in report.rows}
    for row in (6, 11, 17):  # the commune's department: not the officer's unit
        assert statuses[row] == "rejected"
        assert "không phải đơn vị của bạn" in reasons[row] and world.unit_b.name in reasons[row]
    assert statuses[8] == statuses[9] == statuses[16] == "imported"
    assert _drafts() == {("a", "ldtt", 2025, "draft"): ["Lê Thị Mai", "Nguyễn Văn Hạ"],
                         ("a", "cstd-co-so", 2025, "draft"): ["Đặng Thị Ượng"]}


def test_form_names_codes_and_shortenings_match_the_catalogue(world):
    with scopes_disabled():
        m = AwardMatcher(world.authority)  # a commune (level xa)

        def code(text, kind="individual"):
            award, why = m.find(text, kind)
            return award.code if award else why

        assert code("Giấy khen") == "gk-xa"  # the commune's chairman's
        assert code("GIAY KHEN CUA CHU TICH UBND XA") == "gk-xa"
        assert code("Bằng khen của Chủ tịch UBND tỉnh") == "bk-tinh"
        assert code("Lao động tiên tiến") == "ldtt" and code("LĐTT") == "ldtt" and code("ldtt") == "ldtt"
        assert code("Chiến sĩ thi đua cơ sở") == "cstd-co-so" and code("CSTĐCS") == "cstd-co-so"
        assert code("Tập thể lao động tiên tiến", "collective") == "ttldtt"
        assert "Không có hình thức khen thưởng “Huy hiệu”" in code("Huy hiệu")
        Award.objects.filter(code="ldtt").update(active=False)
        assert "Không có" in AwardMatcher(world.authority).find("Lao động tiên tiến", "individual")[1]


def test_same_name_people_are_told_apart_by_birth_year(world):
    import datetime as dt

    with scopes_disabled():
        Person.objects.filter(pk=world.person_a.pk).update(birth_date=dt.date(1975, 3, 1))
        Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Nguyễn",
                              middle_name="Văn", given_name="Hạ", birth_date=dt.date(1990, 1, 2))
        rows = [["Họ tên", "Năm sinh", "Đơn vị", "Hình thức khen thưởng"],
                ["Nguyễn Văn Hạ", 1975, world.unit_a.name, "Lao động tiên tiến"],
                ["Nguyen Van Ha", "02/01/1990", world.unit_a.name, "Giấy khen"],
                ["Nguyễn Văn Hạ", 2001, world.unit_a.name, "Chiến sĩ thi đua cơ sở"],
                ["Nguyễn Văn Hạ", "", world.unit_a.name, "Chiến sĩ thi đua cơ sở"],
                ["Lê Văn Một", "năm ngoái", world.unit_a.name, "Lao động tiên tiến"]]
        report = import_proposals(None, world.authority, workbook(rows, merge=()), "ds.xlsx", dry_run=False,
                                  max_bytes=MAX, year=2025)
        lines = {line.proposal.award.code: line.person for line in ProposalLine.objects.select_related(
            "person", "proposal__award")}
    reasons = {r.row: r.reason for r in report.rows}
    assert lines["ldtt"].pk == world.person_a.pk
    assert lines["gk-xa"].birth_date == dt.date(1990, 1, 2)
    assert lines["cstd-co-so"].birth_date is None and lines["cstd-co-so"].pk != world.person_a.pk  # born 2001: new
    assert "ghi năm sinh để phân biệt" in reasons[5]
    assert "Năm sinh “năm ngoái” không hợp lệ" in reasons[6]


def test_collective_only_title_for_a_name_that_is_no_unit_is_refused(world):
    rows = [["Họ và tên", "Năm sinh", "Đơn vị", "Danh hiệu"],
            ["Tổ Toán", "", world.unit_a.name, "Tập thể lao động tiên tiến"],
            ["Trần Văn Ba", 1980, world.unit_a.name, "Cờ thi đua của Ủy ban nhân dân tỉnh"]]
    with scopes_disabled():
        report = import_proposals(None, world.authority, workbook(rows, merge=()), "ds.xlsx", dry_run=False,
                                  max_bytes=MAX, year=2025)
    assert [r.status for r in report.rows] == ["rejected", "rejected"]
    assert "chỉ dành cho tập thể" in report.rows[0].reason and "“Tổ Toán”" in report.rows[0].reason


def test_template_has_the_expected_columns_and_imports_cleanly(world):
    data = template_workbook()
    ws = load_workbook(io.BytesIO(data)).active
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    for title in ("Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Tóm tắt thành tích"):
        assert title in texts
    with scopes_disabled():
        report = import_proposals(None, world.authority, data, "mau.xlsx", dry_run=True, max_bytes=MAX, year=2025)
    assert report.counts["imported"] == 2 and report.counts["rejected"] == 0


def test_command_json(world, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(messy_list(world))
    call_command("import_proposals", str(path), "--authority", "tan-khai", "--year", "2025", "--dry-run", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and out["kind"] == "proposals" and len(out["rows"]) == len(EXPECTED)
    assert out["counts"] == {"imported": 6, "updated": 0, "duplicate": 1, "skipped": 7, "rejected": 3}
    assert {r["row"]: r["status"] for r in out["rows"]} == EXPECTED
    assert _drafts() == {}
    call_command("import_proposals", str(path), "--authority", "tan-khai", "--year", "2025", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is False and out["counts"]["imported"] == 6
    assert len(_drafts()) == 5


def test_web_upload_preview_confirm_and_isolation(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["secretariat"])
    assert client.get(reverse("awards:import_upload")).status_code == 200
    template = client.get(reverse("awards:import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    upload = io.BytesIO(messy_list(world))
    upload.name = "ds.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:import_upload"), {"file": upload, "encoding": "auto", "year": "2025"})
    job, report_page = follow_job(client, response)
    assert job.status == "done" and job.params["dry_run"] is True
    page = report_page.content.decode()
    assert "Kiểm tra trước khi nhập" in page and "Bị từ chối: 3" in page and "Huân chương Lao động hạng Ba" in page
    assert _drafts() == {}
    rejected = client.get(reverse("awards:import_rejected", args=[job.pk]))
    assert rejected.status_code == 200 and rejected["Content-Type"].startswith("application/vnd.openxml")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:import_confirm", args=[job.pk]))
    real, report_page = follow_job(client, response)
    assert real.params["dry_run"] is False
    assert "Đã nhập 6 dòng đề nghị mới" in report_page.content.decode()
    assert len(_drafts()) == 5
    # another authority's secretariat, and another user of the same authority: as good as unknown
    for user in ("other_secretariat", "admin"):
        client.force_login(world.users[user])
        assert client.get(reverse("awards:import_report", args=[job.pk])).status_code == 404
        assert client.post(reverse("awards:import_confirm", args=[job.pk])).status_code == 404
        assert client.get(reverse("awards:import_rejected", args=[job.pk])).status_code == 404
    # roles that may not import at all
    for user in ("reviewer", "reception", "leader"):
        client.force_login(world.users[user])
        assert client.get(reverse("awards:import_upload")).status_code == 403


def test_web_refuses_a_file_that_is_no_workbook(client, world):
    client.force_login(world.users["unit_officer"])
    page = client.get(reverse("awards:import_upload")).content.decode()
    assert 'name="unit"' not in page  # an officer imports for its own unit, no choice
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = client.post(reverse("awards:import_upload"), {"file": upload, "encoding": "auto", "year": "2025"})
    assert response.status_code == 200 and "không phải bảng tính" in response.content.decode()


def test_upload_is_kept_privately_and_removed_by_the_housekeeping(client, world, django_capture_on_commit_callbacks,
                                                                  settings):
    import time

    from django.core.files.storage import default_storage

    from thidua.orgs import uploads

    client.force_login(world.users["unit_officer"])
    upload = io.BytesIO(messy_list(world))
    upload.name = "ds.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:import_upload"), {"file": upload, "encoding": "auto", "year": "2025"})
    job, _page = follow_job(client, response)
    token = job.params["token"]
    assert default_storage.exists(f"imports/{token}.bin")  # the private storage, not a static folder
    assert not str(default_storage.path(f"imports/{token}.bin")).startswith(str(settings.STATIC_ROOT))
    assert uploads.purge_stale(now=time.time() + (settings.IMPORT_KEEP_DAYS + 1) * 86400) >= 2
    response = client.post(reverse("awards:import_confirm", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("awards:import_upload")
    assert _drafts() == {}


def test_a_list_too_long_for_one_transaction_is_refused(world, monkeypatch):
    from thidua.awards import imports
    from thidua.orgs.sheets import SheetError

    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    with scopes_disabled(), pytest.raises(SheetError, match="Danh sách quá dài"):
        import_proposals(None, world.authority, messy_list(world), "ds.xlsx", dry_run=True, max_bytes=MAX)


def test_birth_year_under_nam_and_nu_sub_columns_tells_the_gender(world):
    rows = [["Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Danh hiệu"],
            [None, "Nam", "Nữ", None, None, None],
            ["Trần Văn Mười", 1980, None, "Bảo vệ", world.unit_a.name, "Lao động tiên tiến"],
            ["Lê Thị Hoa", None, "1985", "Giáo viên", world.unit_a.name, "LĐTT"],
            ["Nguyễn Văn Hạ", 1975, None, "Hiệu trưởng", world.unit_a.name, "Giấy khen"]]
    with scopes_disabled():
        from thidua.orgs.models import Person as P

        P.objects.filter(pk=world.person_a.pk).update(gender="")
        report = import_proposals(world.users["unit_officer"], world.authority,
                                  workbook(rows, merge=("B1:C1", "A1:A2")), "ds.xlsx", dry_run=False, max_bytes=MAX,
                                  year=2025)
        muoi, hoa = P.objects.get(given_name="Mười"), P.objects.get(given_name="Hoa")
        ha = P.objects.get(pk=world.person_a.pk)
    assert report.header_row == 2 and report.counts["imported"] == 3, [r.reason for r in report.rows]
    assert (muoi.gender, hoa.gender) == ("M", "F") and hoa.position == "Giáo viên"
    assert ha.gender == "M" and ha.birth_date is None  # filled in what the record lacked; a year is no date


def test_group_headings_name_the_form_of_the_rows_under_them(world):
    """Lists grouped by form, with no form column: "I. LAO ĐỘNG TIÊN TIẾN" over its people."""
    a = world.unit_a.name
    rows = [["TT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị", "Thành tích"],
            ["A. CÁ NHÂN"],
            ["I. LAO ĐỘNG TIÊN TIẾN (02 người)"],
            [1, "Trần Văn Mười", 1980, "Bảo vệ", a, "Tốt"],
            [2, "Lê Thị Hoa", 1985, "Giáo viên", a, "Tốt"],
            ["II. DANH HIỆU: CHIẾN SĨ THI ĐUA CƠ SỞ"],
            [3, "Nguyễn Văn Hạ", 1975, "Hiệu trưởng", a, "Sáng kiến"]]
    with scopes_disabled():
        report = import_proposals(None, world.authority, workbook(rows, merge=()), "ds.xlsx", dry_run=False,
                                  max_bytes=MAX, year=2025)
    assert report.counts["imported"] == 3, [r.reason for r in report.rows]
    assert "hình thức cho các dòng dưới: Lao động tiên tiến" in report.rows[1].reason
    assert "hình thức cho các dòng dưới" not in report.rows[0].reason  # "A. CÁ NHÂN" names no form
    assert _drafts() == {("a", "ldtt", 2025, "draft"): ["Lê Thị Hoa", "Trần Văn Mười"],
                         ("a", "cstd-co-so", 2025, "draft"): ["Nguyễn Văn Hạ"]}


def test_a_row_without_any_form_is_refused_naming_the_row(world):
    rows = [["Họ và tên", "Năm sinh", "Đơn vị"], ["Trần Văn Mười", 1980, world.unit_a.name]]
    with scopes_disabled():
        report = import_proposals(None, world.authority, workbook(rows, merge=()), "ds.xlsx", dry_run=True,
                                  max_bytes=MAX, year=2025)
    assert report.rows[0].status == "rejected" and report.rows[0].reason.startswith("Dòng 2: thiếu hình thức")


def test_a_row_refused_after_its_draft_was_made_leaves_nothing_behind(world, monkeypatch):
    """The refused row's savepoint takes its new draft and new person with it, and the rows after it do
    not lean on them (a line on a rolled-back proposal would break the whole import at commit)."""
    from thidua.awards import imports
    from thidua.orgs.services import ValidationFailed

    real_add_line, calls = imports.services.add_line, []

    def add_line(actor, proposal, values):
        calls.append(proposal.pk)
        if len(calls) == 1:
            raise ValidationFailed("Từ chối để thử.")
        return real_add_line(actor, proposal, values)

    monkeypatch.setattr(imports.services, "add_line", add_line)
    a = world.unit_a.name
    rows = [["Họ và tên", "Năm sinh", "Đơn vị", "Hình thức khen thưởng"],
            ["Trần Văn Mười", 1980, a, "Lao động tiên tiến"],
            ["Trần Văn Mười", 1980, a, "Lao động tiên tiến"],
            ["Lê Thị Hoa", 1985, a, "Lao động tiên tiến"],
            ["Nguyễn Văn " + "A" * 45, 1985, a, "Lao động tiên tiến"]]
    with scopes_disabled():
        report = import_proposals(None, world.authority, workbook(rows, merge=()), "ds.xlsx", dry_run=False,
                                  max_bytes=MAX, year=2025)
        assert Person.objects.filter(given_name="Mười").count() == 1
    assert [r.status for r in report.rows] == ["rejected", "imported", "imported", "rejected"]
    assert "quá dài" in report.rows[3].reason
    assert _drafts() == {("a", "ldtt", 2025, "draft"): ["Lê Thị Hoa", "Trần Văn Mười"]}
