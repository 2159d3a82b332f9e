"""The speeches' papers and the notice of the conclusions (#22, thidua.program.papers) for a district
conference before 1/7/2025 and a commune's in 2026 (worlds of test_papers_levels._world): the movements,
clusters and blocks, criteria groups, award batches, attendance by category (from check-ins made here) and
covenants signed against the data; the wording of each level; the notice numbered and frozen by the
register; working papers without number or quốc hiệu; PDF geometry and fonts, the DOCX's page count in
LibreOffice; the `thidua program_papers` command and the programme page's buttons.
`pytest -s` prints the time to make each paper (median of 3, PDF and DOCX)."""

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
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from docx import Document as Docx

from tests.factories import make_user
from tests.paperwork import lo
from tests.program.test_papers_levels import _world
from thidua.checkin.models import CheckIn
from thidua.emulation.models import (
    Covenant,
    CriteriaGroup,
    Criterion,
    Cycle,
    Group,
    Membership,
    Movement,
    Scorecard,
)
from thidua.events.models import Delegate, Event
from thidua.orgs import register
from thidua.orgs.models import Authority, Organisation
from thidua.program import papers
from thidua.program.models import BatchMember

pytestmark = pytest.mark.django_db

PAPERS = ("phat-dong", "khai-mac", "be-mac", "ket-luan")
WORKING = ("phat-dong", "khai-mac", "be-mac")
A4 = (595.28, 841.89)
PNG = Path(tempfile.gettempdir()) / "h12-papers"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def docx_text(data: bytes) -> str:
    d = Docx(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for section in d.sections:
        for t in section.header.tables + section.first_page_header.tables:
            parts += [c.text for row in t.rows for c in row.cells]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return flat("\n".join(parts))


def pdf_text(data: bytes) -> str:
    return flat(subprocess.run(["pdftotext", "-", "-"], input=data, check=True, capture_output=True).stdout.decode())


def pdf_geometry(data: bytes) -> tuple[list[tuple[float, float]], list[str]]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", f.name], check=True, capture_output=True,
                              text=True).stdout
        fonts = subprocess.run(["pdffonts", f.name], check=True, capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    return sizes, [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]


def _enrich(event, movements: tuple[str, ...]) -> dict:
    """Adds to the world: the launched year's movements, a cluster beside the block, a scorecard with two
    criteria groups, one member's covenant accepted (the others not signed), and check-ins for two of the
    three delegates. Returns what the papers must show, read here from the data."""
    a = event.authority
    cycle = Cycle.objects.get(authority=a, year=event.launches_year)
    for i, name in enumerate(movements):
        Movement.objects.create(cycle=cycle, name=name, kind="thuong_xuyen" if i == 0 else "chuyen_de",
                                starts_on=dt.date(event.launches_year, 1, 1),
                                ends_on=dt.date(event.launches_year, 12, 31))
    card = Scorecard.objects.create(cycle=cycle, name=f"Thang bảng điểm năm {event.launches_year}")
    for code, name in (("A", "Thực hiện nhiệm vụ chính trị được giao"), ("B", "Công tác thi đua, khen thưởng")):
        cg = CriteriaGroup.objects.create(scorecard=card, code=code, name=name)
        Criterion.objects.create(scorecard=card, group=cg, code=f"{code}1", name=f"Tiêu chí {code}1", kind="co_dinh",
                                 max_points=10)
    block = Group.objects.get(cycle=cycle)
    block.scorecard = card
    block.save()
    commune = Organisation.objects.get(authority=a, code="tan-loi")
    cluster = Group.objects.create(cycle=cycle, kind="cum", name="Cụm thi đua số 1", head=commune, scorecard=card,
                                   display_order=2)
    Membership.objects.create(cycle=cycle, group=cluster, organisation=commune, signing_order=1)
    first = Membership.objects.filter(cycle=cycle, group=block).order_by("signing_order").first()
    Covenant.objects.create(cycle=cycle, organisation=first.organisation, status="accepted", created_at=timezone.now(),
                            submitted_at=timezone.now())
    delegates = list(Delegate.objects.filter(event=event).order_by("id"))
    for i, d in enumerate(delegates[:2]):
        CheckIn.objects.create(event=event, delegate=d, at=timezone.now(), nonce=f"nonce-{event.pk}-{i}")
    present: dict[str, int] = {}
    for d in delegates[:2]:
        present[d.category.name] = present.get(d.category.name, 0) + 1
    members = list(BatchMember.objects.filter(batch__event=event))
    return {"present": present, "collectives": sum(m.kind != "individual" for m in members),
            "individuals": sum(m.kind == "individual" for m in members),
            "awards": sorted({m.batch.award_name for m in members}), "units": Membership.objects.filter(
                cycle=cycle).count()}


def _make(event) -> dict:
    with scopes_disabled():
        out = {}
        for p in PAPERS:
            out[p] = {"pdf": papers.render(event, p, "pdf"), "docx": papers.render(event, p, "docx")}
            out[p]["text"] = docx_text(out[p]["docx"])
            out[p]["pdf_text"] = pdf_text(out[p]["pdf"])
    return out


@pytest.fixture
def district():
    event = _world("huyen", "huyện Hớn Quản", "Hớn Quản", "Bình Phước", dt.date(2025, 4, 10), "ct-huyen", "ldtt")
    with scopes_disabled():
        expected = _enrich(event, ("Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2025",
                                   "Cả nước chung tay vì người nghèo"))
    return event, expected, _make(event)


@pytest.fixture
def commune():
    event = _world("xa", "xã Tân Khai", "Tân Khai", "Đồng Nai", dt.date(2026, 3, 20), "ct-xa", "ldtt")
    with scopes_disabled():
        expected = _enrich(event, ("Xã Tân Khai chung sức xây dựng nông thôn mới năm 2026",))
    return event, expected, _make(event)


def _check_figures(event, e: dict, made: dict, locality: str) -> None:
    launch = made["phat-dong"]["text"]
    with scopes_disabled():
        names = list(Movement.objects.filter(cycle__authority=event.authority).values_list("name", flat=True))
    for name in names:
        assert f"“{name}”" in launch
        assert f"“{name}”" in made["ket-luan"]["text"]
    assert "01 cụm và 01 khối thi đua" in launch
    assert f"với {e['units']:02d} đơn vị thành viên ký kết giao ước" in launch
    assert "A. Thực hiện nhiệm vụ chính trị được giao (01 tiêu chí)" in launch
    assert "Khối cơ quan chuyên môn" in launch and "Cụm thi đua số 1" in launch
    assert f"Thay mặt Ủy ban nhân dân {locality}, tôi xin trân trọng phát động phong trào thi đua năm " \
           f"{event.launches_year} trên địa bàn {locality}" in launch
    assert "Kính thưa" in launch and "(Nội dung do cơ quan soạn thảo bổ sung.)" in launch
    totals = f"{e['collectives']:02d} tập thể và {e['individuals']:02d} cá nhân"
    for p in ("khai-mac", "be-mac", "ket-luan"):
        text = made[p]["text"]
        assert totals in text, p
        for award in e["awards"]:
            assert award in text, (p, award)
    assert f"Tổng cộng {e['collectives']:02d} {e['individuals']:02d}" in made["ket-luan"]["text"]
    # the covenants: one of the block's two units signed, none of the cluster's one
    for p in ("be-mac", "ket-luan"):
        assert "Khối cơ quan chuyên môn" in made[p]["text"]
        assert "01/02 đơn vị ký kết" in made[p]["text"] and "00/01 đơn vị ký kết" in made[p]["text"]
    assert f"(01/{e['units']:02d} đơn vị)" in made["ket-luan"]["text"]
    # attendance by category, from the check-ins
    notice = made["ket-luan"]["text"]
    total = sum(e["present"].values())
    assert f"Tham dự Hội nghị có {total:02d} đại biểu" in notice
    for category, n in e["present"].items():
        assert re.search(rf"{re.escape(category)} \d\d {n:02d}", notice), category
    for p in ("khai-mac", "be-mac"):
        for category, n in e["present"].items():
            assert f"Các đồng chí {category[:1].lower()}{category[1:]} ({n:02d} đại biểu)" in made[p]["text"]
    # who presides, opens, closes, launches: the chair of the programme
    for p in PAPERS:
        assert f"Nguyễn Văn Hạ, Chủ tịch UBND {locality}" in made[p]["text"], p
    assert "Tôi xin tuyên bố khai mạc Hội nghị." in made["khai-mac"]["text"]
    assert "Tôi xin tuyên bố bế mạc Hội nghị." in made["be-mac"]["text"]
    assert "Nghe ý kiến chỉ đạo của lãnh đạo cấp trên" in made["khai-mac"]["text"]
    assert f"Thường trực Hội đồng Thi đua - Khen thưởng {locality}" in made["ket-luan"]["text"]
    assert f"đồng chí Nguyễn Văn Hạ, Chủ tịch UBND {locality} chủ trì Hội nghị" in notice.replace("Đồng chí",
                                                                                                  "đồng chí")
    assert f"tại Hội trường UBND {locality}" in notice


def test_district_papers_show_the_data_and_speak_for_the_district(district):
    event, e, made = district
    _check_figures(event, e, made, "huyện Hớn Quản")
    notice = made["ket-luan"]["text"]
    assert "Hớn Quản, ngày" in notice and "ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN" in notice
    assert "/TB-UBND" in notice and "THÔNG BÁO" in notice
    assert "Ngày 10/4/2025" in notice
    assert "Nơi nhận" in made["ket-luan"]["pdf_text"] and "Lưu: VT" in notice
    assert "Đồng chí Trần Văn Thành, Phó Giám đốc Sở Nội vụ tỉnh Bình Phước" in made["khai-mac"]["text"]


def test_commune_papers_of_2026_say_nothing_of_districts(commune):
    event, e, made = commune
    _check_figures(event, e, made, "xã Tân Khai")
    for p in PAPERS:
        for text in (made[p]["text"], made[p]["pdf_text"]):
            assert "huyện" not in text.casefold(), p
            assert "Phòng Nội vụ" not in text, p
    assert "Tân Khai, ngày" in made["ket-luan"]["text"]
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in made["ket-luan"]["text"]


def test_working_papers_carry_no_number_quoc_hieu_or_signature(commune):
    _event, _e, made = commune
    for p in WORKING:
        for text in (made[p]["text"], made[p]["pdf_text"]):
            assert "Số:" not in text and "CỘNG HÒA" not in text and "Nơi nhận" not in text, p
            assert "BAN TỔ CHỨC HỘI NGHỊ" in text, p
    assert made["phat-dong"]["pdf_text"].index("LỜI PHÁT ĐỘNG THI ĐUA") > 0
    notice = made["ket-luan"]["pdf_text"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in notice and "Số:" in notice
    assert notice.count("(Nội dung kết luận của đồng chí chủ trì)") == 3


def test_the_notice_is_issued_through_the_register_numbered_and_frozen(commune, tmp_path):
    event, _e, _made = commune
    with scopes_disabled():
        user = make_user("vanthu-xa", "secretariat", event.authority)
        entry = register.open_draft(user, event.authority, papers.CONCLUSION, str(event.pk))
        assert entry.kind_name.casefold() == "thông báo" and entry.symbol == "TB-UBND"
        body = register.built(entry).body
        blank = next(i for i, b in enumerate(body) if getattr(b, "text", "") == papers.CONCLUDED)
        register.save_draft(user, entry, {"body": {str(blank): "Hội nghị thống nhất các chỉ tiêu thi đua đã ký."}})
        entry = register.issue(user, entry, dt.date(2026, 3, 21))
        assert entry.is_issued and entry.number == 1
        issued = pdf_text(papers.render(event, "ket-luan", "pdf"))
        assert "Số: 01/TB-UBND" in issued and "Tân Khai, ngày 21 tháng 3 năm 2026" in issued
        assert "Hội nghị thống nhất các chỉ tiêu thi đua đã ký." in issued
        assert issued.count(papers.CONCLUDED) == 2
        # frozen: the data changes afterwards, the notice does not
        Movement.objects.filter(cycle__authority=event.authority).update(name="Phong trào đổi tên sau khi ban hành")
        again = pdf_text(papers.render(event, "ket-luan", "pdf"))
        assert again == issued and "đổi tên sau khi ban hành" not in again
        assert "đổi tên sau khi ban hành" in docx_text(papers.render(event, "phat-dong", "docx"))
        with pytest.raises(Exception, match="Không có hội nghị"):
            papers._build(event.authority, "999999", None, None)


@pytest.mark.parametrize("level", ("district", "commune"))
@pytest.mark.parametrize("paper", PAPERS)
def test_pdf_is_a4_in_liberation_serif_and_docx_pages_match(request, level, paper):
    _event, _e, made = request.getfixturevalue(level)
    sizes, fonts = pdf_geometry(made[paper]["pdf"])
    assert sizes and all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)
    assert fonts and all(f.split("+", 1)[-1].startswith("LiberationSerif") for f in fonts)
    PNG.mkdir(exist_ok=True)
    (PNG / f"{level}-{paper}.pdf").write_bytes(made[paper]["pdf"])
    (PNG / f"{level}-{paper}.docx").write_bytes(made[paper]["docx"])
    if connection.vendor != "sqlite":
        return  # LibreOffice lays out the same DOCX whatever the database: checked in the SQLite run only
    lo_pages = len(lo.pdf_pages(lo.docx_pdfs([made[paper]["docx"]])[0]))
    pdf_pages = len(lo.pdf_pages(made[paper]["pdf"]))
    assert lo_pages == pdf_pages  # the PDF breaks lines first-fit and never shrinks spaces, as Word does


def test_the_command_writes_a_file_and_refuses_a_bad_id_in_vietnamese(commune, tmp_path):
    event, _e, _made = commune
    out = tmp_path / "ket-luan.docx"
    with scopes_disabled():
        code = event.authority.code
    call_command("program_papers", "ket-luan", str(event.pk), "--out", str(out), "--authority", code,
                 stdout=io.StringIO())
    assert out.read_bytes()[:2] == b"PK"
    call_command("program_papers", "phat-dong", str(event.pk), "--format", "pdf", "--out", str(tmp_path / "p.pdf"),
                 "--authority", code, stdout=io.StringIO())
    assert (tmp_path / "p.pdf").read_bytes()[:4] == b"%PDF"
    with pytest.raises(CommandError, match="Không có hội nghị mã 999999"):
        call_command("program_papers", "khai-mac", "999999", "--out", str(tmp_path / "x.pdf"), "--authority", code)


def test_the_programme_page_offers_the_papers(district):
    event, _e, _made = district
    with scopes_disabled():
        user = make_user("vanthu-huyen", "secretariat", event.authority)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("program:agenda", args=[event.pk])).content.decode()
    for p in PAPERS:
        assert reverse("program:paper", args=[event.pk, p, "pdf"]) in page
        assert reverse("program:paper", args=[event.pk, p, "docx"]) in page
    assert f"/van-ban/soan/{papers.CONCLUSION}/{event.pk}" in page
    opened = client.get(reverse("web:register_open", args=[papers.CONCLUSION, event.pk]))
    assert opened.status_code == 200 and "Thông báo kết luận" in opened.content.decode()
    made = client.post(reverse("web:register_open", args=[papers.CONCLUSION, event.pk]))
    assert made.status_code == 302
    assert client.get(made["Location"]).status_code == 200
    response = client.get(reverse("program:paper", args=[event.pk, "khai-mac", "pdf"]))
    assert response.status_code == 200 and b"".join(response.streaming_content if response.streaming else
                                                      [response.content])[:4] == b"%PDF"
    assert client.get(reverse("program:paper", args=[event.pk, "khong-co", "pdf"])).status_code == 404
    with scopes_disabled():
        other = Authority.objects.create(code="khac", name="Ủy ban nhân dân xã Khác", short_name="UBND xã Khác",
                                         level="xa", header_name="ỦY BAN NHÂN DÂN\nXÃ KHÁC", place_name="Khác")
        stranger = make_user("vanthu-khac", "secretariat", other)
    client.force_login(stranger)
    assert client.get(reverse("program:paper", args=[event.pk, "ket-luan", "pdf"])).status_code == 404


def test_time_to_make_each_paper(district, capsys):
    event, _e, _made = district
    with scopes_disabled():
        for p in PAPERS:
            times = []
            for fmt in ("pdf", "docx"):
                runs = []
                for _ in range(3):
                    t = time.perf_counter()
                    papers.render(event, p, fmt)
                    runs.append((time.perf_counter() - t) * 1000)
                times.append(statistics.median(runs))
            with capsys.disabled():
                print(f"\n{p}: PDF {times[0]:.0f} ms, DOCX {times[1]:.0f} ms")


def test_the_hon_quan_demo_papers_carry_its_figures():
    """The demo (UBND huyện Hớn Quản, conference of 10/4/2025 with its check-ins): every figure against the
    data read here without thidua.program.papers."""
    from tests import documents_world as demo  # noqa: PLC0415 (optional)

    with scopes_disabled():
        authority = demo.load_demo()
        event = Event.objects.get(authority=authority, slug="tong-ket-2024")
        made = _make(event)
        cycle = Cycle.objects.get(authority=authority, year=event.launches_year)
        movements = list(Movement.objects.filter(cycle=cycle).values_list("name", flat=True))
        groups = list(Group.objects.filter(cycle=cycle))
        units = Membership.objects.filter(cycle=cycle).count()
        signed = Membership.objects.filter(cycle=cycle, organisation__emulation_covenants__cycle=cycle,
                                           organisation__emulation_covenants__status__in=["submitted", "accepted"]
                                           ).count()
        members = list(BatchMember.objects.filter(batch__event=event))
        present: dict[str, int] = {}
        for c in CheckIn.objects.filter(event=event, status="valid", delegate__revoked=False).select_related(
                "delegate__category"):
            present[c.delegate.category.name] = present.get(c.delegate.category.name, 0) + 1
    assert movements and groups and members and present
    launch = made["phat-dong"]["text"]
    for name in movements:
        assert f"“{name}”" in launch
    clusters, blocks = sum(g.kind == "cum" for g in groups), sum(g.kind == "khoi" for g in groups)
    assert " và ".join(x for x in (f"{clusters:02d} cụm" if clusters else "", f"{blocks:02d} khối" if blocks else "")
                       if x) + " thi đua" in launch
    assert f"với {units:02d} đơn vị thành viên ký kết giao ước" in launch
    for g in groups:
        assert g.name in launch
    totals = (f"{sum(m.kind != 'individual' for m in members):02d} tập thể và "
              f"{sum(m.kind == 'individual' for m in members):02d} cá nhân")
    for p in ("khai-mac", "be-mac", "ket-luan"):
        assert totals in made[p]["text"], p
    notice = made["ket-luan"]["text"]
    assert f"Tham dự Hội nghị có {sum(present.values()):02d} đại biểu" in notice
    for category, n in present.items():
        assert re.search(rf"{re.escape(category)} \d+ {n:02d}", notice), category
    assert f"({signed:02d}/{units:02d} đơn vị)" in notice
    assert "ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN" in notice and "Hớn Quản, ngày" in notice
    for p in WORKING:
        assert "Số:" not in made[p]["pdf_text"] and "CỘNG HÒA" not in made[p]["pdf_text"]
    PNG.mkdir(exist_ok=True)
    for p in PAPERS:
        (PNG / f"demo-{p}.pdf").write_bytes(made[p]["pdf"])
    with scopes_disabled():
        for p in PAPERS:
            ms = []
            for fmt in ("pdf", "docx"):
                runs = []
                for _ in range(3):
                    t = time.perf_counter()
                    papers.render(event, p, fmt)
                    runs.append((time.perf_counter() - t) * 1000)
                ms.append(statistics.median(runs))
            print(f"\ndemo {p}: PDF {ms[0]:.0f} ms, DOCX {ms[1]:.0f} ms")
