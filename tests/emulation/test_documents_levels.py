"""The emulation paperwork a clerk signs as printed, for a district-hosted cycle (2025) and a
commune-hosted one (2026): the covenant's signature grid (who signs for each unit, every row in line),
the registration form's dotted lines within the text width, the ranking PDF's grade columns equal to
the Excel file's, and each level's own words (no "huyện" in a commune's documents)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.emulation.helpers import Setup, score_fully
from thidua.emulation import documents, queries, services
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Signer
from thidua.paperwork import Paragraph, render_pdf
from thidua.paperwork.fonts import text_width_pt
from thidua.paperwork.layout import MARGIN_MM, PAGE_MM, prepare, text_width_mm

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="Cần pdftotext (poppler-utils).")

MM = 72 / 25.4

# (name, kind, head's position or "" for none, head's name) in signing order
DISTRICT_UNITS = [
    ("UBND xã Tân Khai", OrgKind.COMMUNE, "Chủ tịch UBND", "Nguyễn Văn Hạ"),
    ("Hội Liên hiệp Phụ nữ huyện", OrgKind.MASS_ORG, "Chủ tịch", "Trần Thị Ánh"),
    ("Ủy ban MTTQ Việt Nam huyện", OrgKind.MASS_ORG, "Chủ tịch", "Lê Văn Bình"),
    ("Phòng Nội vụ", OrgKind.DEPARTMENT, "Trưởng phòng", "Phạm Thị Phương Thảo"),
    ("Trung tâm Y tế huyện", OrgKind.PUBLIC_SERVICE, "Giám đốc", "Hoàng Minh Châu"),
    ("Trường THCS Tân Khai", OrgKind.SCHOOL, "", ""),
    ("Đảng ủy xã Thanh An", OrgKind.PARTY, "Bí thư Đảng ủy", "Võ Văn Dũng"),
]
COMMUNE_UNITS = [
    ("Hội Nông dân xã", OrgKind.MASS_ORG, "Chủ tịch", "Đặng Văn Em"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", OrgKind.MASS_ORG, "Bí thư Đoàn", "Bùi Thị Giang"),
    ("Phòng Văn hóa - Xã hội", OrgKind.DEPARTMENT, "Trưởng phòng", "Đỗ Văn Hùng"),
    ("Trường Tiểu học Tân Lợi A", OrgKind.SCHOOL, "Hiệu trưởng", "Ngô Thị Kim"),
    ("Công an xã Tân Lợi", OrgKind.VERTICAL, "Trưởng Công an xã", "Dương Văn Long"),
]
# what each unit's signature must say (TM line or the in-person title, then the title)
EXPECTED = {
    "UBND xã Tân Khai": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "Hội Liên hiệp Phụ nữ huyện": ("TM. BAN CHẤP HÀNH", "CHỦ TỊCH"),
    "Ủy ban MTTQ Việt Nam huyện": ("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"),
    "Phòng Nội vụ": ("", "TRƯỞNG PHÒNG"),
    "Trung tâm Y tế huyện": ("", "GIÁM ĐỐC"),
    "Trường THCS Tân Khai": ("", "THỦ TRƯỞNG"),
    "Đảng ủy xã Thanh An": ("TM. ĐẢNG ỦY", "BÍ THƯ"),
    "Hội Nông dân xã": ("TM. BAN CHẤP HÀNH", "CHỦ TỊCH"),
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã": ("TM. BAN CHẤP HÀNH", "BÍ THƯ"),
    "Phòng Văn hóa - Xã hội": ("", "TRƯỞNG PHÒNG"),
    "Trường Tiểu học Tân Lợi A": ("", "HIỆU TRƯỞNG"),
    "Công an xã Tân Lợi": ("", "TRƯỞNG CÔNG AN"),
}
# self scores of the first units (the others are not scored: excluded from the ranking)
SCORES = [{"1.1": 100, "1.2": 1, "2.1": 3, "4.1": 5}, {"1.1": 80, "1.2": 1, "2.1": 1},
          {"1.1": 60, "1.2": 0}, {"1.1": 100, "1.2": 1, "2.1": 2, "4.2": 2}]


@dataclass
class Hosted:
    authority: Authority
    setup: Setup
    units: list[Organisation]


def _host(level: str, locality: str, place: str, year: int, units) -> Hosted:
    code = "hon-quan" if level == "huyen" else "tan-loi"
    with scopes_disabled():
        authority = Authority.objects.create(
            code=code, level=level, name=f"Ủy ban nhân dân {locality}", short_name=f"UBND {locality}",
            header_name=f"ỦY BAN NHÂN DÂN\n{locality.upper()}", place_name=place, locality=locality)
        Signer.objects.create(authority=authority, name="Lý Văn Mạnh", prefix="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH",
                              is_chair=True)
        orgs = []
        for i, (name, kind, position, head) in enumerate(units, start=1):
            org = Organisation.objects.create(authority=authority, code=f"u{i}", name=name, kind=kind, display_order=i)
            if position:
                family, *middle, given = head.split()
                Person.objects.create(authority=authority, organisation=org, family_name=family,
                                      middle_name=" ".join(middle), given_name=given, gender="M", position=position)
            orgs.append(org)
        cycle = services.create_cycle(None, authority, year, covenant_deadline=dt.date(year, 3, 31))
        card = services.create_scorecard(None, cycle, "Thang điểm khối", bonus_cap=5, penalty_cap=10)
        g1 = services.add_criteria_group(None, card, "I", "Thực hiện nhiệm vụ chuyên môn")
        g2 = services.add_criteria_group(None, card, "II", "Công tác thi đua, khen thưởng")
        g4 = services.add_criteria_group(None, card, "IV", "Điểm thưởng, điểm trừ")
        crit = {
            "1.1": services.add_criterion(None, card, g1, {"code": "1.1", "name": "Hoàn thành chỉ tiêu được giao",
                                                           "kind": "chi_tieu", "max_points": 20, "unit_label": "%"}),
            "1.2": services.add_criterion(None, card, g1, {"code": "1.2", "name": "Hoàn thành kế hoạch năm",
                                                           "kind": "co_dinh", "max_points": 10,
                                                           "evidence_required": True}),
            "2.1": services.add_criterion(None, card, g2, {"code": "2.1", "name": "Mô hình, điển hình tiên tiến",
                                                           "kind": "theo_lan", "max_points": 6, "unit_points": 2}),
            "4.1": services.add_criterion(None, card, g4, {"code": "4.1", "name": "Được cấp trên khen thưởng",
                                                           "kind": "thuong", "max_points": 5}),
            "4.2": services.add_criterion(None, card, g4, {"code": "4.2", "name": "Báo cáo trễ hạn",
                                                           "kind": "tru", "max_points": 10}),
        }
        group = services.create_group(None, cycle, "khoi", "Khối thi đua số 1", scorecard=card)
        services.set_members(None, group, orgs)
        services.update_group(None, group, {"head": orgs[0], "deputy": orgs[1],
                                            "meeting_date": dt.date(year + 1, 1, 9)})
    setup = Setup(cycle, card, group, orgs, crit)
    for unit, values in zip(orgs, SCORES, strict=False):
        score_fully(setup, unit, values)
    return Hosted(authority, setup, orgs)


@pytest.fixture
def district(db):
    return _host("huyen", "huyện Hớn Quản", "Hớn Quản", 2025, DISTRICT_UNITS)


@pytest.fixture
def commune(db):
    return _host("xa", "xã Tân Lợi", "Tân Lợi", 2026, COMMUNE_UNITS)


def _docs(h: Hosted) -> dict:
    with scopes_disabled():
        group = type(h.setup.group).objects.get(pk=h.setup.group.pk)
        results = queries.cycle_ranking(h.setup.cycle)
        return {"covenant": documents.covenant_document(group), "form": documents.registration_form(group),
                "minutes": documents.minutes_document(group),
                "ranking": documents.ranking_document(h.setup.cycle, results),
                "xlsx": documents.ranking_xlsx(h.setup.cycle, results)}


# ---------------------------------------------------------------- the PDF as poppler reads it


@dataclass
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    text: str


class _Bbox(HTMLParser):
    def __init__(self):
        super().__init__()
        self.words: list[Word] = []
        self.page = 0
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "page":
            self.page += 1
        if tag == "word":
            self._open = dict(attrs)

    def handle_data(self, data):
        if self._open is not None:
            a = self._open
            self.words.append(Word(self.page, float(a["xmin"]), float(a["ymin"]), float(a["xmax"]), data))
            self._open = None


def pdf_words(pdf: bytes, tmp_path) -> list[Word]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True).stdout
    parser = _Bbox()
    parser.feed(html.decode())
    return parser.words


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True).stdout.decode()


def find_last(words: list[Word], phrase: str) -> Word:
    """The first word of the last place `phrase` is printed (the signatures come after the body)."""
    parts = phrase.split()
    hits = [i for i in range(len(words) - len(parts) + 1)
            if [w.text for w in words[i:i + len(parts)]] == parts]
    assert hits, f"“{phrase}” không có trong PDF"
    return words[hits[-1]]


# ---------------------------------------------------------------- covenant


@pytest.mark.parametrize("level", ["district", "commune"])
def test_covenant_every_unit_signs_for_its_body_and_the_grid_lines_up(level, request, tmp_path, db):
    h: Hosted = request.getfixturevalue(level)
    doc = _docs(h)["covenant"]
    sigs = doc.signatures
    assert len(sigs) == len(h.units)
    for unit, sig in zip(h.units, sigs, strict=True):
        prefix, title = EXPECTED[unit.name]
        assert " ".join(sig.prefix.split()) == prefix and " ".join(sig.title.split()) == title, unit.name
        assert sig.prefix.startswith("TM.") or sig.title.startswith(
            tuple(t.upper() for t in (*documents.HEAD_TITLES, "Trưởng"))), unit.name
    named = {u.name: s.name for u, s in zip(h.units, sigs, strict=True)}
    if level == "district":
        assert named["UBND xã Tân Khai"] == "Nguyễn Văn Hạ"
        assert named["Trường THCS Tân Khai"] == documents.BLANK_NAME  # no head on record: a blank to write in

    # the model: every signature has as many lines above the name as the others (empty ones pad the
    # shorter), none wider than its column
    assert len({len(_lines(s)) for s in sigs}) == 1, [_lines(s) for s in sigs]
    cols = 2 if len(sigs) in (2, 4) else 3
    for s in sigs:
        for line in _lines(s):
            assert text_width_pt(line, 14, bold=True) <= text_width_mm(False) / cols * MM, line

    # the PDF: the first line of every signature on the same row as its neighbours, the names below
    # with room to sign and seal, all on one row
    words = pdf_words(render_pdf(doc), tmp_path)
    for cells, names, tops in _grid_rows(words, sigs, cols):
        assert max(tops) - min(tops) < 1, tops
        assert all(n.y0 - t > 28 * MM for t, n in zip(tops, names, strict=True))
        assert len({(w.page, round(w.y0)) for w in names}) == 1, [(w.text, w.y0) for w in names]


def test_covenant_names_on_one_row_when_titles_take_different_lines(commune, tmp_path):
    """Three lines (TM. BAN / CHẤP HÀNH / CHỦ TỊCH) beside one (TRƯỞNG PHÒNG): the empty lines that pad the
    shorter signature are printed, so the names still share a row."""
    doc = _docs(commune)["covenant"]
    sigs = doc.signatures
    assert len({len([x for x in _lines(s) if x]) for s in sigs[:3]}) > 1  # a TM signature beside an in-person one
    words = pdf_words(render_pdf(doc), tmp_path)
    for _cells, names, _tops in _grid_rows(words, sigs, 3):
        assert len({(w.page, round(w.y0)) for w in names}) == 1, [(w.text, w.y0) for w in names]


def _lines(sig) -> list[str]:
    """The lines a signature prints above the name, empty padding lines included."""
    head = [*(sig.prefix.split("\n") if sig.prefix else []), *sig.title.split("\n")]
    return [*head, *sig.extra_title_lines]


def _grid_rows(words, sigs, cols):
    """(signatures, their names' first words, the y of their first lines) for each row of the grid."""
    col_pt = text_width_mm(False) / cols * MM
    for row in range(0, len(sigs), cols):
        cells = sigs[row:row + cols]
        names = [find_last(words, s.name) for s in cells]
        tops = []
        for c, (s, name) in enumerate(zip(cells, names, strict=True)):
            first = (s.prefix or s.title).split()[0]
            x0 = MARGIN_MM["left"] * MM + c * col_pt
            tops.append(min((w.y0 for w in words if w.page == name.page and w.text == first
                             and x0 - 1 <= w.x0 < x0 + col_pt and name.y0 - 70 * MM < w.y0 < name.y0), default=None))
        assert None not in tops, tops
        yield cells, names, tops


def test_signatory_of_each_kind_of_unit():
    head = Person(family_name="Lê", given_name="Hoa", position="Giám đốc Trung tâm")
    head.full_name = "Lê Hoa"
    cases = [
        (Organisation(name="UBND phường Trấn Biên", kind=OrgKind.COMMUNE), None,
         ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", documents.BLANK_NAME)),
        (Organisation(name="Trung tâm Văn hóa, Thông tin và Thể thao", kind=OrgKind.PUBLIC_SERVICE), head,
         ("", "GIÁM ĐỐC", "Lê Hoa")),
        (Organisation(name="Chi bộ ấp 3", kind=OrgKind.PARTY), None, ("TM. CHI BỘ", "BÍ THƯ", documents.BLANK_NAME)),
        (Organisation(name="Ban Tuyên giáo và Dân vận", kind=OrgKind.PARTY), None,
         ("", "THỦ TRƯỞNG", documents.BLANK_NAME)),
        (Organisation(name="Ủy ban Mặt trận Tổ quốc Việt Nam xã", kind=OrgKind.MASS_ORG), head,
         ("TM. BAN THƯỜNG TRỰC", "GIÁM ĐỐC", "Lê Hoa")),
    ]
    for unit, person, expected in cases:
        assert documents.signatory(unit, person) == documents.Signatory(*expected), unit.name
    assert documents.head_title("Trưởng trạm Y tế") == "Trưởng trạm"
    assert documents.head_title("Phó Chủ tịch UBND") == ""


def test_signature_grid_pads_every_signature_to_the_same_rows():
    people = [documents.Signatory("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "A"), documents.Signatory("", "HIỆU TRƯỞNG", "B"),
              documents.Signatory("TM. ĐẢNG ỦY", "BÍ THƯ", "C")]
    grid = documents.signature_grid(people)
    assert [_lines(s) for s in grid] == [["TM. ỦY BAN", "NHÂN DÂN", "CHỦ TỊCH"],  # a third of the page is too narrow
                                         ["HIỆU TRƯỞNG", "", ""], ["TM. ĐẢNG ỦY", "BÍ THƯ", ""]]
    two = documents.signature_grid(people[:2])  # two columns: "TM. ỦY BAN NHÂN DÂN" fits on one line
    assert [_lines(s) for s in two] == [["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["HIỆU TRƯỞNG", ""]]


# ---------------------------------------------------------------- registration form


@pytest.mark.parametrize("level", ["district", "commune"])
def test_registration_form_dotted_lines_stay_inside_the_text(level, request, tmp_path, db):
    h: Hosted = request.getfixturevalue(level)
    doc = _docs(h)["form"]
    width_pt = text_width_mm(False) * MM
    dotted = [b for b in doc.body if isinstance(b, Paragraph) and set(b.text) == {"…"}]
    assert len(dotted) >= 2
    for b in dotted:
        assert not b.indent
        assert 0.9 * width_pt <= text_width_pt(b.text, doc.font_size) <= width_pt
    right_edge = (PAGE_MM["A4"][0] - MARGIN_MM["right"]) * MM
    runs = [w for w in pdf_words(render_pdf(doc), tmp_path) if set(w.text) == {"…"}]
    assert runs
    for w in runs:
        assert w.x0 >= MARGIN_MM["left"] * MM - 1 and w.x1 <= right_edge + 0.5, (w.x0, w.x1, right_edge)
    assert max(w.x1 - w.x0 for w in runs) >= 0.9 * width_pt  # a whole line to write on, not a stub


# ---------------------------------------------------------------- ranking: PDF and Excel from one row builder


def _column(words: list[Word], first_col_x1: float, x0: float, x1: float) -> list[str]:
    """The cells of a table column (x0…x1) on the rows that have a serial number ("01") in the first column."""
    out = []
    for w in words:
        if w.x1 <= first_col_x1 and re.fullmatch(r"\d{2}", w.text):
            cell = [v.text for v in words if v.page == w.page and abs(v.y0 - w.y0) < 2 and x0 <= v.x0 < x1]
            out.append(" ".join(cell))
    return out


@pytest.mark.parametrize("level", ["district", "commune"])
def test_ranking_pdf_grades_equal_the_excel_file(level, request, tmp_path, db):
    h: Hosted = request.getfixturevalue(level)
    docs = _docs(h)
    sheet = load_workbook(io.BytesIO(docs["xlsx"])).active
    header_row = next(r for r in sheet.iter_rows(values_only=True) if r and "Cụm, khối" in r)
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] == h.setup.group.name]
    col = {t: header_row.index(t) for t in ("Xếp hạng", "Danh hiệu xếp hạng", "Xếp loại")}
    xlsx_grades = [r[col["Xếp loại"]] or "" for r in rows]
    xlsx_places = [r[col["Danh hiệu xếp hạng"]] or "" for r in rows]
    assert len(rows) == len(h.units) and {"Tốt", "Trung bình"} <= set(xlsx_grades) and "Nhất" in xlsx_places

    doc = docs["ranking"]
    table = prepare(doc)["body"][1]
    left = MARGIN_MM["left"] * MM
    total = sum(c["ratio"] for c in table["columns"])
    edges = [left]
    for c in table["columns"]:
        edges.append(edges[-1] + c["ratio"] / total * text_width_mm(True) * MM)
    titles = [c["title"] for c in table["columns"]]
    words = pdf_words(render_pdf(doc), tmp_path)
    i, j = titles.index("Xếp loại"), titles.index("Danh hiệu xếp hạng")
    assert _column(words, edges[1], edges[i], edges[i + 1]) == xlsx_grades
    assert _column(words, edges[1], edges[j], edges[j + 1]) == xlsx_places
    ranks = _column(words, edges[1], edges[titles.index("Xếp hạng")], edges[titles.index("Xếp hạng") + 1])
    assert ranks == [str(r[col["Xếp hạng"]]) if r[col["Xếp hạng"]] is not None else "—" for r in rows]


# ---------------------------------------------------------------- each level's words


def test_commune_documents_say_nothing_of_a_district(commune, tmp_path):
    docs = _docs(commune)
    for key in ("covenant", "form", "minutes", "ranking"):
        text = " ".join(pdf_text(render_pdf(docs[key]), tmp_path).split())
        assert "huyện" not in text.casefold(), key
        if key != "form":
            assert "Hội đồng Thi đua - Khen thưởng xã Tân Lợi" in text, key
    for key in ("covenant", "minutes", "ranking"):
        assert docs[key].header.place_date.startswith("Tân Lợi, ngày"), key


def test_district_documents_name_the_district_council(district, tmp_path):
    docs = _docs(district)
    for key in ("covenant", "minutes", "ranking"):
        assert docs[key].header.place_date.startswith("Hớn Quản, ngày"), key
    assert docs["covenant"].distribution[0] == "Thường trực Hội đồng Thi đua - Khen thưởng huyện Hớn Quản"
    assert docs["minutes"].distribution[0] == "Thường trực Hội đồng Thi đua - Khen thưởng huyện Hớn Quản"
    assert docs["ranking"].distribution[-1] == "Lưu: VT, NV."  # the district's Phòng Nội vụ drafts it
    assert docs["minutes"].header.place_date.endswith("năm 2026")


# ---------------------------------------------------------------- pure rules


WORDS = st.lists(st.sampled_from(["TM.", "ỦY", "BAN", "NHÂN", "DÂN", "CHẤP", "HÀNH", "THƯỜNG", "TRỰC", "XÃ", "HỘI",
                                  "LIÊN", "HIỆP", "PHỤ", "NỮ", "TRƯỞNG", "PHÒNG", "VĂN", "HÓA", "-"]),
                 min_size=1, max_size=9)


@given(WORDS, st.floats(min_value=60, max_value=250))
def test_wrap_keeps_the_words_and_fits_the_column(words, width_pt):
    lines = documents._wrap(" ".join(words), width_pt)
    assert " ".join(lines).split() == words  # nothing lost, nothing reordered
    assert 1 <= len(lines) <= 4
    if max(text_width_pt(w, 14, bold=True) for w in words) * 4 <= width_pt:  # room for any four-line split
        assert all(text_width_pt(line, 14, bold=True) <= width_pt for line in lines), lines


@given(st.floats(min_value=20, max_value=250), st.sampled_from([13, 14]))
def test_dotted_line_is_as_wide_as_asked_and_no_wider(width_mm, size):
    line = documents.dotted_line(width_mm, size)
    dot = text_width_pt("…", size)
    assert width_mm * MM - dot < text_width_pt(line, size) <= width_mm * MM
