"""#22 the papers around a council vote and a decision: the office's tờ trình (issued through the register,
it fills the decision's "Theo đề nghị … tại Tờ trình số …"), the ballots and the biên bản kiểm phiếu of a
secret vote, the danh sách ký nhận tiền thưởng. For a district (2025), a province and a commune (2026),
small worlds: the figures against the data, the wording of each level, A4 and Liberation Serif in every
PDF, LibreOffice's page count of every DOCX, the pages and the command."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.paperwork import lo
from tests.paperwork.helpers import embedded_fonts
from thidua.awards import papers, queries, services
from thidua.awards.models import Award, AwardFamily, Decision
from thidua.orgs import register
from thidua.orgs.models import Organisation, OrgKind, Person, RegisterEntry, Signer
from thidua.orgs.services import seed_paperwork_defaults
from thidua.vn.money import amount_in_words, format_number

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


@dataclass(frozen=True)
class Level:
    level: str
    name: str  # after "Ủy ban nhân dân "
    place: str
    year: int  # the emulation year; meetings and decisions in the next
    award: str
    signer_level: str
    office: str  # the proposing office (the level's default)
    head_title: str
    symbol: str
    payer: str


LEVELS = {
    "huyen": Level("huyen", "huyện Hớn Quản", "Hớn Quản", 2024, "gk-huyen", "ct-huyen", "Phòng Nội vụ", "TRƯỞNG PHÒNG",
                   "TTr-NV", "Phòng Tài chính - Kế hoạch"),
    "tinh": Level("tinh", "tỉnh Đồng Nai", "Đồng Nai", 2025, "bk-tinh", "ct-tinh", "Sở Nội vụ", "GIÁM ĐỐC", "TTr-NV",
                  "Sở Tài chính"),
    "xa": Level("xa", "xã Tân Lợi", "Tân Lợi", 2025, "gk-xa", "ct-xa", "Phòng Văn hóa - Xã hội", "TRƯỞNG PHÒNG",
                "TTr-VHXH", "Phòng Kinh tế"),
}
MEMBERS = [("Nguyễn Văn Hạ", "Chủ tịch Hội đồng"), ("Trần Thị Ánh", "Phó Chủ tịch"),
           ("Lê Văn Bình", "Trưởng ban kiểm phiếu"), ("Phạm Hòa", "Thành viên Ban kiểm phiếu"),
           ("Đỗ Thu", "Ủy viên"), ("Vũ Minh", "Ủy viên")]
HEAD = {"huyen": "Lê Hoàng Nam", "tinh": "Lê Hoàng Nam", "xa": "Trần Thị Ánh"}


@dataclass
class Made:
    lv: Level
    world: object
    meeting: object
    decision: Decision
    lines: list
    votes: dict  # name → (yes, no, abstain, passed)


def _relevel(world, lv: Level) -> None:
    a = world.authority
    a.level, a.name, a.short_name = lv.level, f"Ủy ban nhân dân {lv.name}", f"UBND {lv.name}"
    a.header_name, a.locality, a.place_name = f"ỦY BAN NHÂN DÂN\n{lv.name.upper()}", lv.name, lv.place
    a.province_name = "" if lv.level == "tinh" else ("Bình Phước" if lv.level == "huyen" else "Đồng Nai")
    a.save()
    seed_paperwork_defaults(None, a)
    # the head of the proposing office: a unit of that name with its head (district, commune), or a
    # person whose position names the office in full (province)
    # (the commune's is the world's unit "Phòng Văn hóa - Xã hội", whose Trưởng phòng is Trần Thị Ánh)
    if lv.level == "tinh":
        Person.objects.create(authority=a, family_name="Lê", middle_name="Hoàng", given_name="Nam", gender="M",
                              position="Giám đốc Sở Nội vụ")
    elif lv.level == "huyen":
        org = Organisation.objects.create(authority=a, code="nv", name=lv.office, kind=OrgKind.DEPARTMENT)
        Person.objects.create(authority=a, organisation=org, family_name="Lê", middle_name="Hoàng", given_name="Nam",
                              gender="M", position="Phó Trưởng phòng")  # a deputy never signs as the head
        Person.objects.create(authority=a, organisation=org, family_name="Lê", middle_name="Hoàng", given_name="Nam",
                              gender="M", position="Trưởng phòng")


def _make(world, lv: Level) -> Made:
    sec = world.users["secretariat"]
    day = dt.date(lv.year + 1, 3, 2)
    with scopes_disabled():
        _relevel(world, lv)
        award = Award.objects.get(code=lv.award)
        p = services.create_proposal(sec, world.authority, {
            "organisation": world.unit_a, "year": lv.year, "family": AwardFamily.objects.get(code="thuong-xuyen"),
            "award": award, "summary": "Hoàn thành xuất sắc nhiệm vụ"})
        teacher = Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Phạm",
                                        middle_name="Văn", given_name="Tú", gender="M", position="Giáo viên")
        la = services.add_line(sec, p, {"kind": "individual", "person": world.person_a})
        lb = services.add_line(sec, p, {"kind": "individual", "person": teacher})
        lc = services.add_line(sec, p, {"kind": "collective", "organisation": world.unit_a})
        services.transition(sec, p, "submit")
        services.transition(sec, p, "accept")
        m = services.create_meeting(sec, world.authority, {"year": lv.year, "date": day, "chair": "Nguyễn Văn Hạ",
                                                           "secretary": "Đỗ Thu", "place": "Hội trường"}, MEMBERS)
        mems = list(m.members.all())
        services.set_presence(sec, m, {x.pk for x in mems[:5]})  # 5 of 6 present
        services.put_to_council(sec, m, [p])
        counts = {la.pk: (5, 0, 0), lb.pk: (3, 1, 1), lc.pk: (4, 1, 0)}  # 2/3 of 6 members: 4 needed
        for line in (la, lb, lc):
            services.record_vote(sec, m, line, "secret", *counts[line.pk])
        votes = {}
        for v in m.votes.select_related("line"):
            votes[v.line.name] = (v.yes, v.no, v.abstain, v.passed)
        services.close_meeting(sec, m)
        p.refresh_from_db()
        signer = Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="", title="CHỦ TỊCH",
                                       is_chair=True)
        d = services.create_decision_from_proposals(sec, world.authority, {
            "award": award, "date": day + dt.timedelta(days=8), "year": lv.year, "signer": signer,
            "signer_level": lv.signer_level,
            "reason": f"đã có thành tích xuất sắc trong phong trào thi đua năm {lv.year}"}, [p])
        lines = queries.decision_lines(d)
    return Made(lv, world, m, d, lines, votes)


@pytest.fixture(params=["huyen", "tinh", "xa"])
def made(request, world):
    return _make(world, LEVELS[request.param])


def text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, check=True, capture_output=True).stdout.decode()
    return re.sub(r"\s+", " ", out)


def pdf_geometry(data: bytes, tmp: Path) -> tuple[list[tuple[float, float]], set[str]]:
    path = tmp / "x.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", str(path)], check=True, capture_output=True,
                          text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    fonts = {name for name, emb in embedded_fonts(path)}
    assert all(emb == "yes" for _n, emb in embedded_fonts(path))
    return sizes, fonts


def check_print(paper, tmp: Path) -> str:
    """A4 (either way round), Liberation Serif only; the DOCX laid out by LibreOffice has the PDF's pages.
    THIDUA_PAPERS_DUMP=DIR keeps each PDF there to look at."""
    pdf = papers.render(paper, "pdf")
    if os.environ.get("THIDUA_PAPERS_DUMP"):
        out = Path(os.environ["THIDUA_PAPERS_DUMP"])
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{paper.name}.pdf".replace("/", "-")).write_bytes(pdf)
    sizes, fonts = pdf_geometry(pdf, tmp)
    assert sizes and all(sorted(s) == sorted(A4) or abs(s[0] - A4[0]) < 1 or abs(s[0] - A4[1]) < 1 for s in sizes)
    assert all({round(x) for x in s} == {595, 842} for s in sizes)
    assert fonts and all(f.startswith("LiberationSerif") for f in fonts), fonts
    docx = papers.render(paper, "docx")
    assert len(lo.docx_pdf_pages(docx)) == len(sizes)
    return text(pdf)


# --- the danh sách ký nhận ------------------------------------------------------------------------------


def test_receipt_list_has_every_line_the_total_in_figures_and_words(made, tmp_path):
    d, lines = made.decision, made.lines
    passed = [n for n, v in made.votes.items() if v[3]]
    with scopes_disabled():
        form = papers.receipt_list(d, lines)
        got = check_print(form, tmp_path)
    table = form.blocks[1]
    assert len(table.rows) == len(lines) == len(passed) == 2  # Phạm Văn Tú had 3 of the 4 needed
    total = sum(ln.amount for ln in lines)
    assert total > 0 and table.total_row[4] == format_number(total)
    assert sum(int(r[4].replace(".", "")) for r in table.rows) == total
    assert f"Bằng chữ: {amount_in_words(total)}." in got
    assert "Nguyễn Văn Hạ" in got and "Trường Tiểu học Tân Khai A" in got and "Phạm Văn Tú" not in got
    assert "Ký nhận" in got and "NGƯỜI LẬP" in got and "KẾ TOÁN" in got
    assert form.left == (f"UBND {made.lv.name.upper()}", made.lv.payer.upper())
    assert form.blocks[0].text == (f"(Kèm theo Quyết định số      /QĐ-UBND ngày 10 tháng 3 năm {made.lv.year + 1} của "
                                   f"Chủ tịch Ủy ban nhân dân {made.lv.name})")  # a draft decision: no number yet
    assert "Kèm theo Quyết định số" in got and f"nhân dân {made.lv.name})" in got
    assert (made.lv.level == "huyen") == ("huyện" in got)


# --- ballots and kiểm phiếu -----------------------------------------------------------------------------


def test_one_ballot_per_member_present_naming_no_member(made, tmp_path):
    m = made.meeting
    with scopes_disabled():
        present = papers.ballot_members(m)
        cands = papers.secret_candidates(m)
        doc = papers.ballots_document(m, cands, len(present))
        got = check_print(doc, tmp_path)
        pages = len(lo.pdf_pages(papers.render(doc, "pdf")))
    assert len(present) == 5 and len(doc.annexes) == 5 and pages == 6  # the Ban kiểm phiếu's page, 5 ballots
    assert got.count("Không ghi tên vào phiếu.") == 5 and "Số phiếu in: 5" in got
    assert len({a for a in doc.annexes}) == 1  # every ballot the same
    assert {c.name.split(",")[0] for c in cands} == set(made.votes)
    for name in made.votes:
        assert got.count(name) >= 5
    assert "Vũ Minh" not in got and "Lê Văn Bình" not in got  # a secret ballot names no voter
    assert f"Hội đồng Thi đua - Khen thưởng {made.lv.name}" in got


def test_count_minutes_figures_and_result_against_the_threshold(made, tmp_path):
    m = made.meeting
    with scopes_disabled():
        counts = papers.secret_counts(m)
        tellers = papers.tellers_of(m)
        doc = papers.count_minutes(m, counts, tellers)
        got = check_print(doc, tmp_path)
    assert [t.name for t in tellers] == ["Lê Văn Bình", "Phạm Hòa"]
    assert [s.title for s in doc.signatures] == ["TRƯỞNG BAN KIỂM PHIẾU", "THÀNH VIÊN"]
    assert "Tổng số thành viên Hội đồng: 6. Số thành viên có mặt: 5. Số phiếu phát ra: 5." in got
    assert "ít nhất 2/3 tổng số thành viên Hội đồng đồng ý, tức từ 4/6 phiếu đồng ý" in got
    rows = doc.body[4].rows  # one award: it is named above the table, not in a column
    assert len(rows) == 3 and f"Kết quả kiểm phiếu ({made.decision.award.name}):" in got
    for row in rows:
        yes, no, abstain, passed = made.votes[row[1].split(",")[0]]
        assert (row[2], row[4], row[5]) == (str(yes), str(no), str(abstain))
        assert row[3] == f"{yes}/6" and (row[6] == "Thông qua") == passed == (yes >= 4)
    assert "02/03" in got
    assert f"{made.lv.place}, ngày 02 tháng 3 năm {made.lv.year + 1}" in got
    assert (made.lv.level == "huyen") == ("huyện" in got)


def test_count_minutes_without_a_named_ban_leaves_seats_to_sign(world, tmp_path):
    made = _make(world, LEVELS["xa"])
    with scopes_disabled():
        m = made.meeting
        m.members.update(role="Ủy viên")
        doc = papers.count_minutes(m, papers.secret_counts(m), papers.tellers_of(m))
        assert [s.name for s in doc.signatures] == [papers.BLANK_NAME] * 3
        chosen = papers.tellers_of(m, [x.pk for x in m.members.all()][4:5])
        assert [x.name for x in chosen] == ["Đỗ Thu"]


# --- the tờ trình through the register ------------------------------------------------------------------


def test_submission_issued_through_the_register_fills_the_decision(made, tmp_path):
    lv, d, world = made.lv, made.decision, made.world
    sec = world.users["secretariat"]
    with scopes_disabled():
        entry = register.open_draft(sec, world.authority, "awards.submission", str(d.pk))
        draft = register.built(entry)
        assert draft.header.number_code == f"     /{lv.symbol}"
        got = check_print(draft, tmp_path)
        assert f"Kính gửi: Chủ tịch Ủy ban nhân dân {lv.name}" in got
        assert draft.signatures[0].title == lv.head_title and draft.signatures[0].name == HEAD[lv.level]
        assert draft.header.authority == lv.office.upper() and draft.header.parent_authority == f"UBND {lv.name.upper()}"
        total = sum(ln.amount for ln in made.lines)
        assert f"Tổng số tiền thưởng: {format_number(total)} đồng (Bằng chữ: {amount_in_words(total)})" in got
        assert "(5/6 thành viên dự họp) đã xét 03 tập thể, cá nhân được đề nghị, trong đó 02 tập thể, cá nhân đạt " \
               "từ 2/3 tổng số thành viên Hội đồng đồng ý trở lên (từ 4/6 thành viên)" in got
        rows = draft.annexes[0].blocks[0].rows
        assert [(r[1], r[3]) for r in rows] == [("Trường Tiểu học Tân Khai A", "4/6"),
                                                ("Nguyễn Văn Hạ, Hiệu trưởng", "5/6")]
        assert sum(int(r[4].replace(".", "")) for r in rows) == total
        assert (lv.level == "huyen") == ("huyện" in got)
        day = dt.date(lv.year + 1, 3, 5)
        register.issue(sec, entry, day, number=5)
        d.refresh_from_db()
        assert (d.submission_number, d.submission_date) == (f"05/{lv.symbol}", day)
        frozen = RegisterEntry.objects.get(pk=entry.pk)
        assert frozen.symbol == lv.symbol and frozen.number == 5
        issued = text(frozen.pdf.read())
        assert f"Số: 05/{lv.symbol}" in issued and f"{lv.place}, ngày 05 tháng 3 năm {lv.year + 1}" in issued
        decision = register.built(register.open_draft(sec, world.authority, "awards.decision", str(d.pk)))
    office_head = {"huyen": "Trưởng phòng Nội vụ", "tinh": "Giám đốc Sở Nội vụ",
                   "xa": "Trưởng phòng Văn hóa - Xã hội"}[lv.level]
    assert decision.legal_bases[-1] == (f"Theo đề nghị của {office_head} tại Tờ trình số 05/{lv.symbol} ngày 05 "
                                        f"tháng 3 năm {lv.year + 1}")


def test_submission_signer_is_a_dotted_line_when_nobody_holds_the_office(world):
    made = _make(world, LEVELS["xa"])
    with scopes_disabled():
        Person.objects.filter(position="Trưởng phòng").update(position="Chuyên viên")
        doc = papers.submission_document(made.decision, made.lines)
        assert doc.signatures[0].title == "TRƯỞNG PHÒNG" and doc.signatures[0].name == papers.BLANK_NAME


def test_submission_refuses_another_authoritys_decision_and_an_issued_one(world):
    made = _make(world, LEVELS["xa"])
    sec = world.users["secretariat"]
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="Không có quyết định"):
            register.open_draft(world.users["other_secretariat"], world.other_authority, "awards.submission",
                                str(made.decision.pk))
        entry = register.open_draft(sec, world.authority, "awards.submission", str(made.decision.pk))
        services.issue_decision(sec, made.decision, 7)
        with pytest.raises(services.ValidationFailed, match="đã ban hành: tờ trình phải ban hành trước"):
            register.issue(sec, entry, dt.date(2026, 3, 12), number=5)
        made.decision.refresh_from_db()
        assert made.decision.submission_number == ""


# --- pages and the command -----------------------------------------------------------------------------


def test_pages_offer_and_serve_each_paper(client, world):
    made = _make(world, LEVELS["xa"])
    client.force_login(world.users["secretariat"])
    d, m = made.decision, made.meeting
    page = client.get(reverse("awards:decision_detail", args=[d.pk])).content.decode()
    assert reverse("awards:paper_receipts", args=[d.pk, "pdf"]) in page
    assert reverse("web:register_open", args=["awards.submission", str(d.pk)]) in page
    page = client.get(reverse("awards:meeting_detail", args=[m.pk])).content.decode()
    assert reverse("awards:paper_ballots", args=[m.pk, "pdf"]) in page
    for name, pk in (("paper_receipts", d.pk), ("paper_ballots", m.pk), ("paper_count", m.pk)):
        for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
            r = client.get(reverse(f"awards:{name}", args=[pk, fmt]))
            assert r.status_code == 200 and b"".join(r.streaming_content if r.streaming else [r.content])[:4] \
                .startswith(magic), (name, fmt)
    client.logout()
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("awards:paper_receipts", args=[d.pk, "pdf"])).status_code == 404


def test_command_writes_each_paper_and_refuses_an_unknown_id(world, tmp_path):
    made = _make(world, LEVELS["xa"])
    for paper, pk in (("ky-nhan", made.decision.pk), ("to-trinh", made.decision.pk),
                      ("phieu-bau", made.meeting.pk), ("kiem-phieu", made.meeting.pk)):
        for fmt in ("pdf", "docx"):
            out = tmp_path / f"{paper}.{fmt}"
            call_command("award_papers", paper, str(pk), "--format", fmt, "--out", str(out),
                         "--authority", world.authority.code, stdout=io.StringIO())
            assert out.stat().st_size > 1000 and out.read_bytes()[:2] in (b"%P", b"PK")
    with pytest.raises(CommandError, match="Không có quyết định khen thưởng số 999999"):
        call_command("award_papers", "ky-nhan", "999999", "--out", str(tmp_path / "x.pdf"),
                     "--authority", world.authority.code)
    with pytest.raises(CommandError, match="Không có phiên họp Hội đồng số 999999"):
        call_command("award_papers", "phieu-bau", "999999", "--out", str(tmp_path / "x.pdf"),
                     "--authority", world.authority.code)


def test_command_prints_the_issued_submission_from_the_register(world, tmp_path):
    made = _make(world, LEVELS["tinh"])
    sec = world.users["secretariat"]
    with scopes_disabled():
        entry = register.open_draft(sec, world.authority, "awards.submission", str(made.decision.pk))
        register.issue(sec, entry, dt.date(2026, 3, 5), number=12)
    out = tmp_path / "tt.pdf"
    call_command("award_papers", "to-trinh", str(made.decision.pk), "--out", str(out), "--authority",
                 world.authority.code, stdout=io.StringIO())
    assert "Số: 12/TTr-NV" in text(out.read_bytes()) and "Đồng Nai, ngày 05 tháng 3 năm 2026" in text(out.read_bytes())


def test_a_provincial_decision_recorded_below_has_no_office_submission(world):
    with scopes_disabled():
        a = world.authority
        a.province_name = "Đồng Nai"
        d = Decision(authority=a, signer_level="ct-tinh")
        assert "Ủy ban nhân dân tỉnh Đồng Nai" in papers.submission_refusal(d)
        assert papers.submission_refusal(Decision(authority=a, signer_level="ct-xa")) == ""
