"""The conference papers of #22 (thidua.logistics.papers) for the Hớn Quản demo (a district, before 1/7/2025)
and the same data relabelled as a province and a commune after it (tests/documents_world.py): the report's
figures against the emulation and awards data, the estimate's total in the tờ trình and the decision, the
deadlines and addressees of the two công văn, the wording of each level, the PDF geometry and fonts, the
DOCX's page count in LibreOffice, and the `thidua logistics_papers` command.

The demo is loaded once for the module inside a transaction rolled back at the end; each level is made in
a savepoint. In each world one unit's covenant is made late and another's sent back, so that the counts
are not all "on time". `pytest -s` prints the time to make each paper (median of 3, PDF and DOCX)."""

from __future__ import annotations

import datetime as dt
import io
import re
import statistics
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.http import Http404
from django.test import Client, override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from tests import documents_world as world
from tests.paperwork import lo
from thidua.awards.catalogue_data import own_signer_level_of
from thidua.awards.models import DecisionLine
from thidua.emulation.models import Covenant, Cycle, Group, Membership, Movement
from thidua.emulation.queries import leading_units
from thidua.events.models import Event
from thidua.fund.queries import ledger as fund_ledger
from thidua.logistics import papers, queries
from thidua.logistics.models import Budget, Material
from thidua.orgs import register
from thidua.orgs.models import Authority, Signer, User
from thidua.orgs.scope import activate
from thidua.orgs.wording import Voice
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import Heading, Table
from thidua.paperwork.pdf import render_pdf
from thidua.program.models import ProgramSettings, Talk
from thidua.vn.dates import long_date
from thidua.vn.money import amount_in_words, format_money

pytestmark = pytest.mark.django_db

LEVELS = ("huyen", "tinh", "xa")
KINDS = (papers.REPORT, papers.SUBMISSION, papers.DECISION, papers.TALKS, papers.COVENANTS)
A4 = (595.28, 841.89)
FORMULA = "=HYPERLINK(\"http://x\";\"Phong trào\")"
PNG = Path(tempfile.gettempdir()) / "h11-papers"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(data: bytes) -> str:
    return flat(subprocess.run(["pdftotext", "-", "-"], input=data, check=True, capture_output=True).stdout.decode())


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", f.name], check=True, capture_output=True,
                             text=True).stdout
        fonts = subprocess.run(["pdffonts", f.name], check=True, capture_output=True, text=True).stdout
    return ([(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)],
            [line.split() for line in fonts.splitlines()[2:] if line.strip()])


def _late_and_missing(authority, year: int) -> None:
    """The first member unit of the year's cycle signed after the deadline, the second sent back."""
    cycle = Cycle.objects.get(authority=authority, year=year)
    first, second = list(Membership.objects.filter(cycle=cycle).order_by("group__display_order", "signing_order",
                                                                           "id")[:2])
    late = Covenant.objects.get(cycle=cycle, organisation_id=first.organisation_id)
    late.status = "accepted"
    late.submitted_at = timezone.make_aware(dt.datetime.combine(cycle.covenant_deadline + dt.timedelta(days=3),
                                                                dt.time(9)))
    late.save()
    Covenant.objects.filter(cycle=cycle, organisation_id=second.organisation_id).update(status="returned")
    movement = Movement.objects.filter(cycle=cycle).order_by("id").first()
    movement.name = FORMULA
    movement.save()


def _expected(authority, event) -> dict:
    """The figures straight from the data, read here without logistics code."""
    year = event.closes_year
    cycle = Cycle.objects.get(authority=authority, year=year)
    covenants = {c.organisation_id: c for c in Covenant.objects.filter(cycle=cycle)}
    total = signed = late = 0
    missing = []
    for m in Membership.objects.filter(cycle=cycle).select_related("organisation"):
        total += 1
        c = covenants.get(m.organisation_id)
        if c is None or c.status not in ("submitted", "accepted"):
            missing.append(m.organisation.name)
            continue
        signed += 1
        late += bool(c.submitted_at and timezone.localdate(c.submitted_at) > cycle.covenant_deadline)
    awards: dict[str, list[int]] = {}
    prize = 0
    own = own_signer_level_of(authority.level)
    for ln in DecisionLine.objects.filter(decision__authority=authority, decision__year=year,
                                          decision__status="issued").select_related("decision__award"):
        row = awards.setdefault(ln.decision.award.name, [0, 0])
        row[0 if ln.kind == "collective" else 1] += 1
        if ln.decision.signer_level == own:
            prize += ln.amount
    budget = Budget.objects.get(event=event)
    ps = ProgramSettings.objects.get(event=event)
    launched = Cycle.objects.get(authority=authority, year=event.launches_year)
    chair = Signer.objects.filter(authority=authority).order_by("-is_chair", "display_order", "id").first()
    return {"year": year, "total": total, "signed": signed, "late": late, "on_time": signed - late,
            "missing": missing, "leaders": sorted({lead.organisation.name for lead in leading_units(cycle)}),
            "awards": awards, "prize": prize, "fund": fund_ledger(authority, year), "movements": Movement.objects.filter(cycle=cycle).count(),
            "budget_total": queries.budget_summary(budget).conference_total,
            "talk_deadline": ps.talk_deadline, "talk_units": [t.organisation.name for t in
                                                              Talk.objects.filter(event=event).order_by(
                                                                  "display_order", "id")],
            "covenant_deadline": launched.covenant_deadline,
            "groups": list(Group.objects.filter(cycle=launched).order_by("display_order", "id")
                           .values_list("name", flat=True)),
            "chair": chair.name, "place": authority.place_name, "header": authority.header_name,
            "locality": Voice.of(authority).locality, "proposer": Voice.of(authority).proposer.name,
            "leftovers": world.leftovers() if authority.level != "huyen" else []}


def _make(authority, event, out: Path, level: str) -> dict:
    made: dict = {"expected": _expected(authority, event), "papers": {}}
    key = str(event.pk)
    for kind in KINDS:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            doc = papers.build(kind, authority, key)
            pdf, docx = render_pdf(doc), render_docx(doc)
            times.append((time.perf_counter() - start) * 1000)
        numbered = papers.build(kind, authority, key, 7, dt.date(event.date.year, 3, 2))
        made["papers"][kind] = {"doc": doc, "pdf": pdf, "docx": docx, "ms": statistics.median(times),
                                "text": pdf_text(pdf), "numbered": numbered.header.number_code,
                                "numbered_date": numbered.header.place_date}
        name = kind.split(".")[1]
        (out / f"{level}-{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(out / f"{level}-{name}.pdf"), str(out / f"{level}-{name}")],
                       check=True)
    start = time.perf_counter()
    made["xlsx"] = papers.report_xlsx(event)
    made["xlsx_ms"] = (time.perf_counter() - start) * 1000
    with pytest.raises(Http404):
        papers.build(papers.REPORT, Authority(pk=authority.pk + 1000), key)
    # the command, as an office runs it
    with activate(authority):
        target = out / f"{level}-bao-cao.docx"
        call_command("logistics_papers", "bao-cao", key, "--out", str(target), "--authority", authority.code,
                     stdout=io.StringIO())
        made["command_file"] = target.read_bytes()[:2]
        try:
            call_command("logistics_papers", "qd-du-toan", "999999", "--out", str(out / "x.pdf"),
                         "--authority", authority.code, stdout=io.StringIO())
        except CommandError as exc:
            made["command_refusal"] = str(exc)
    return made


PROSE = "Công tác thi đua còn hình thức ở một số đơn vị (đoạn do văn phòng viết)."


def _issue(authority, event) -> dict:
    """The report issued through the register with a paragraph of prose typed by the clerk; the tờ trình
    issued, then the decision drafted (it cites the tờ trình's number and date)."""
    key = str(event.pk)
    entry = register.open_draft(None, authority, papers.REPORT, key)
    body = register.built(entry).body
    blank = next(i for i, b in enumerate(body) if isinstance(b, Heading) and b.text.startswith("II.")) + 1
    register.save_draft(None, entry, {"body": {str(blank): PROSE}})
    entry = register.issue(None, entry, dt.date(2025, 4, 2))
    submission = register.issue(None, register.open_draft(None, authority, papers.SUBMISSION, key),
                                dt.date(2025, 4, 1))
    return {"report": entry, "report_text": pdf_text(papers.render(papers.REPORT, authority, key, "pdf")),
            "submission": submission,
            "decision_text": pdf_text(render_pdf(papers.build(papers.DECISION, authority, key)))}


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    out: dict = {}
    root = tmp_path_factory.mktemp("papers")
    PNG.mkdir(exist_ok=True)
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=root / "private", PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            STORAGES={**settings.STORAGES,
                      "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}), \
            scopes_disabled(), transaction.atomic():
        authority = world.load_demo()
        event = Event.objects.get(authority=authority, slug="tong-ket-2024")
        _late_and_missing(authority, event.closes_year)
        out["huyen"] = _make(authority, event, PNG, "huyen")
        out["issued"] = _issue(authority, event)
        # the bundle of materials: the report is the paper made from the data, not the uploaded stand-in
        client = Client()
        client.force_login(User.objects.filter(authority=authority, role="secretariat").first())
        response = client.get(f"/chuan-bi/{event.pk}/tai-lieu/bo-tai-lieu.pdf")
        out["bundle"] = (response.status_code, pdf_text(response.content) if response.status_code == 200 else "",
                         Material.objects.filter(event=event, kind="report", status="approved").exists())
        out["page"] = client.get(f"/chuan-bi/{event.pk}/van-ban/").content.decode()
        for level in ("tinh", "xa"):
            sid = transaction.savepoint()
            world.relabel(authority, level)
            event.refresh_from_db()
            authority.refresh_from_db()
            _late_and_missing(authority, event.closes_year)
            out[level] = _make(authority, event, PNG, level)
            transaction.savepoint_rollback(sid)
        transaction.set_rollback(True)
    return out


def test_times_to_make_each_paper(made):
    print("\npaper                          " + "".join(f"{lv:>10}" for lv in LEVELS))
    for kind in KINDS:
        print(f"{kind:<31}" + "".join(f"{made[lv]['papers'][kind]['ms']:>8.0f}ms" for lv in LEVELS))
    print(f"{'report figures (xlsx)':<31}" + "".join(f"{made[lv]['xlsx_ms']:>8.0f}ms" for lv in LEVELS))
    assert all(made[lv]["papers"][k]["ms"] < 10_000 for lv in LEVELS for k in KINDS)


@pytest.mark.parametrize("level", LEVELS)
def test_the_report_counts_the_covenants_signed_on_time_late_and_missing(made, level):
    e, text = made[level]["expected"], made[level]["papers"][papers.REPORT]["text"]
    assert e["late"] >= 1 and len(e["missing"]) >= 1  # the world has one of each
    assert (f"Có {e['signed']}/{e['total']} đơn vị đăng ký giao ước thi đua" in text)
    assert f"trong đó {e['on_time']} đơn vị đúng hạn, {e['late']} đơn vị trễ hạn; {len(e['missing'])} đơn vị chưa " \
           "đăng ký" in text
    for name in e["missing"]:
        assert flat(name) in text


@pytest.mark.parametrize("level", LEVELS)
def test_the_report_names_the_leading_units_and_counts_the_awards_by_form(made, level):
    e = made[level]["expected"]
    doc = made[level]["papers"][papers.REPORT]["doc"]
    text = made[level]["papers"][papers.REPORT]["text"]
    assert e["leaders"], "the demo locks its clusters/blocks"
    ranking = next(b for b in doc.body if isinstance(b, Table) and b.name == "Bảng xếp hạng cụm, khối")
    assert sorted({n for r in ranking.rows for n in r[2].split(", ")}) == e["leaders"]
    awards = next(b for b in doc.body if isinstance(b, Table) and b.name == "Bảng khen thưởng")
    got: dict[str, list[int]] = {}
    for r in awards.rows:
        if isinstance(r, tuple):
            row = got.setdefault(r[0], [0, 0])
            row[0] += int(r[3])
            row[1] += int(r[4])
    assert got == e["awards"]
    assert e["prize"] > 0
    assert f"{format_money(e['prize'])} (Bằng chữ: {amount_in_words(e['prize'])})" in text
    assert f"Tổng kết công tác thi đua, khen thưởng năm {e['year']}" in text
    assert f"Số phong trào thi đua được phát động trong năm: {e['movements']}." in text


@pytest.mark.parametrize("level", LEVELS)
def test_the_report_leaves_the_prose_to_the_office_and_compares_with_the_year_before(made, level):
    e = made[level]["expected"]
    text = made[level]["papers"][papers.REPORT]["text"]
    for heading in ("I. KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG", "II. TỒN TẠI, HẠN CHẾ", "III. BÀI HỌC KINH NGHIỆM",
                    f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {e['year'] + 1}"):
        assert heading in text
    assert text.count(papers.TO_WRITE) >= 8
    doc = made[level]["papers"][papers.REPORT]["doc"]
    compare = next(b for b in doc.body if isinstance(b, Table) and b.name == "Bảng so sánh")
    assert [c.title for c in compare.columns][1:] == [f"Năm {e['year'] - 1}", f"Năm {e['year']}"]
    assert all(r[1] == "—" for r in compare.rows)  # the demo holds no data of the year before
    assert dict((r[0], r[2]) for r in compare.rows)["Tiền thưởng đã chi (đồng)"] == format_money(e["prize"], unit=False)
    book = e["fund"]  # the fund's year as its ledger holds it (#19)
    if book.rows or book.opening:
        assert (f"năm {e['year']}: tồn đầu năm {format_money(book.opening)}; thu trong năm {format_money(book.total_in)}; "
                f"chi trong năm {format_money(book.total_out)}; tồn cuối năm {format_money(book.closing)}.") in text
    else:
        assert f"sổ quỹ trong hệ thống chưa ghi khoản thu, chi nào của năm {e['year']}." in text


@pytest.mark.parametrize("level", LEVELS)
def test_the_report_figures_as_an_excel_annex(made, level):
    from openpyxl import load_workbook

    e = made[level]["expected"]
    ws = load_workbook(io.BytesIO(made[level]["xlsx"])).active
    rows = {(r[1], r[2], r[3]): r[4] for r in ([c.value for c in row] for row in ws.iter_rows()) if len(r) > 4}
    assert rows[("Giao ước thi đua", "Tổng cộng", "Số đơn vị")] == e["total"]
    assert rows[("Giao ước thi đua", "Tổng cộng", "Đăng ký đúng hạn")] == e["on_time"]
    assert rows[("Giao ước thi đua", "Tổng cộng", "Đăng ký trễ hạn")] == e["late"]
    assert rows[("Giao ước thi đua", "Tổng cộng", "Chưa đăng ký")] == len(e["missing"])
    assert [v for (_part, who, what), v in rows.items() if what == "Tiền thưởng (đồng)" and "Tổng" in who] == [e["prize"]]
    formula = next(c for r in ws.iter_rows() for c in r if c.value == FORMULA)  # kept as text, never run
    assert formula.data_type == "s" and formula.quotePrefix
    assert ws.cell(1, 1).value.endswith(f"NĂM {e['year']}")


@pytest.mark.parametrize("level", LEVELS)
def test_the_estimate_total_in_the_submission_and_the_decision(made, level):
    e = made[level]["expected"]
    total = f"{format_money(e['budget_total'])} (Bằng chữ: {amount_in_words(e['budget_total'])})"
    sub = made[level]["papers"][papers.SUBMISSION]
    dec = made[level]["papers"][papers.DECISION]
    assert e["budget_total"] > 0
    assert total in sub["text"] and total in dec["text"]
    assert sub["doc"].recipients == (f"Chủ tịch {Voice_name(level)}",)
    assert sub["doc"].annexes and dec["doc"].annexes
    assert re.search(r"Điều 1\. Phê duyệt dự toán kinh phí", dec["text"])
    assert "Điều 2. Nguồn kinh phí" in dec["text"] and "Điều 3." in dec["text"]
    assert dec["doc"].issuer == f"CHỦ TỊCH {Voice_name(level).upper()}"
    assert e["proposer"].upper() in sub["text"]  # the organising office issues the tờ trình
    assert sub["numbered"].startswith("07/TTr-") and dec["numbered"] == "07/QĐ-UBND"


def Voice_name(level: str) -> str:  # noqa: N802
    return {"huyen": "Ủy ban nhân dân huyện Hớn Quản", **{k: v["name"] for k, v in world.LEVELS.items()}}[level]


@pytest.mark.parametrize("level", LEVELS)
def test_the_letters_ask_the_units_from_the_data_by_the_deadlines_of_the_data(made, level):
    e = made[level]["expected"]
    talks, covenants = made[level]["papers"][papers.TALKS], made[level]["papers"][papers.COVENANTS]
    assert talks["doc"].kind_name is None and covenants["doc"].kind_name is None
    assert talks["doc"].summary.startswith("V/v ") and covenants["doc"].summary.startswith("V/v ")
    assert list(talks["doc"].recipients) == e["talk_units"] and e["talk_units"]
    assert f"trước {long_date(e['talk_deadline'])}" in talks["text"]
    assert "từ 5 đến 7 phút" in talks["text"] and "PHIẾU ĐĂNG KÝ THAM LUẬN" in talks["text"]
    assert list(covenants["doc"].recipients) == [f"Các đơn vị thành viên {g}" for g in e["groups"]]
    assert f"trước {long_date(e['covenant_deadline'])}" in covenants["text"]
    assert len(covenants["doc"].annexes) == len(e["groups"])
    assert "Chỉ tiêu đăng ký" in covenants["text"]


def test_the_seed_deadlines(made):
    e = made["huyen"]["expected"]
    assert (e["talk_deadline"], e["covenant_deadline"]) == (dt.date(2025, 3, 28), dt.date(2025, 4, 7))
    assert "ngày 28 tháng 3 năm 2025" in made["huyen"]["papers"][papers.TALKS]["text"]
    assert "ngày 07 tháng 4 năm 2025" in made["huyen"]["papers"][papers.COVENANTS]["text"]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", KINDS)
def test_wording_of_the_level(made, level, kind):
    e = made[level]["expected"]
    paper = made[level]["papers"][kind]
    text = paper["text"]
    header_lines = [ln for ln in e["header"].splitlines() if ln.strip()]
    if kind == papers.SUBMISSION:
        assert e["proposer"].upper() in text
    else:
        assert all(ln in text for ln in header_lines)
        assert e["chair"] in text
    assert paper["doc"].header.place_date.startswith(f"{e['place']}, ngày")
    assert paper["numbered_date"].startswith(f"{e['place']}, ngày 02 tháng 3")
    assert e["locality"] in text
    if level != "huyen":
        for word in ("Phòng Nội vụ", "HUYỆN", "Tài chính - Kế hoạch"):
            assert word not in text
        if not e["leftovers"]:
            assert "huyện" not in text


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_a4_in_liberation_serif(made, level, kind):
    sizes, fonts = page_sizes(made[level]["papers"][kind]["pdf"])
    assert sizes and all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)
    assert fonts and all(f[0].split("+", 1)[-1].startswith("LiberationSerif") for f in fonts)


@pytest.mark.parametrize("level", LEVELS)
def test_docx_pages_in_libreoffice_match_the_pdf(made, level):
    if connection.vendor != "sqlite":
        pytest.skip("LibreOffice lays out the same DOCX whatever the database: checked in the SQLite run only")
    docs = [made[level]["papers"][k] for k in KINDS]
    pdfs = lo.docx_pdfs([p["docx"] for p in docs])
    for kind, p, lo_pdf in zip(KINDS, docs, pdfs, strict=True):
        assert len(lo.pdf_pages(lo_pdf)) == len(lo.pdf_pages(p["pdf"])), kind


@pytest.mark.parametrize("level", LEVELS)
def test_the_command_writes_a_file_and_refuses_a_bad_id_in_vietnamese(made, level):
    assert made[level]["command_file"] == b"PK"
    assert "Không có hội nghị mã 999999" in made[level]["command_refusal"]


def test_the_bundle_carries_the_report_made_from_the_data(made):
    status, text, approved = made["bundle"]
    assert approved and status == 200
    assert "Tổng kết công tác thi đua, khen thưởng năm 2024" in text
    assert "(bản dự thảo dùng cho dữ liệu mẫu)" not in text.split("Chương trình")[0]


def test_the_page_lists_the_papers_with_their_register_buttons(made):
    page = made["page"]
    for kind in KINDS:
        assert f"/van-ban/soan/{kind}/" in page
    assert "Số liệu (XLSX)" in page


def test_a_register_source_for_each_paper():
    for kind in KINDS:
        assert kind in register.SOURCES


def test_issued_through_the_register_with_the_clerks_prose(made):
    issued = made["issued"]
    report, submission = issued["report"], issued["submission"]
    assert report.number and submission.number and report.number != submission.number
    assert f"Số: {report.number:02d}/BC-UBND" in issued["report_text"]
    assert "ngày 02 tháng 4 năm 2025" in issued["report_text"]
    assert PROSE in issued["report_text"]
    assert f"Tờ trình số {submission.number:02d}/TTr-NV ngày 01/4/2025" in issued["decision_text"]
    # the bundle, made after the report was issued, carries the issued copy
    assert PROSE in made["bundle"][1]


def test_another_authoritys_conference_is_not_found(world, client):
    """Id tampering: the page, the files and the register's build of another authority's conference."""
    from .conftest import make_event

    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", title="CHỦ TỊCH", is_chair=True)
        own, theirs = make_event(world.authority), make_event(world.other_authority, slug="khac")
    client.force_login(world.users["secretariat"])
    assert client.get(f"/chuan-bi/{own.pk}/van-ban/").status_code == 200
    for url in (f"/chuan-bi/{theirs.pk}/van-ban/", f"/chuan-bi/{theirs.pk}/van-ban/cv-tham-luan.pdf",
                f"/chuan-bi/{theirs.pk}/van-ban/bao-cao.xlsx"):
        assert client.get(url).status_code == 404, url
    with scopes_disabled(), pytest.raises(Http404):
        register.SOURCES[papers.TALKS].build(world.authority, str(theirs.pk), None, None)
    # the data the own conference lacks is said in Vietnamese, not a server error
    response = client.get(f"/chuan-bi/{own.pk}/van-ban/bao-cao.pdf", follow=True)
    assert "Hội nghị chưa ghi năm tổng kết" in response.content.decode()
