"""The commendation paperwork speaks as the deciding authority at every level (#18): a district before
the reform (April 2025), a province and a commune after it (2026). What a clerk would otherwise retype:
the trích yếu with the title and the year, the annex title from the recipients' kinds, dated legal bases,
"Theo đề nghị của … tại Tờ trình số …", the executing article and Nơi nhận from the authority's own
offices, "./." once, units named in full in a province's decision, the unit's tờ trình dated at its own
place, numbered and signed by its head, certificates with Ông/Bà, the issuer and the Số vào sổ; and the
decision drafted and issued through the outgoing register."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.factories import make_user
from thidua.awards import documents, queries, services
from thidua.awards.models import Award, AwardFamily, CouncilMeeting, CouncilMember, Decision
from thidua.orgs import register
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Role, Signer
from thidua.paperwork.model import Article, Paragraph
from thidua.paperwork.pdf import render_pdf
from thidua.vn.numbering import document_number

DISTRICT_WORDS = ("Phòng Nội vụ", "Tài chính - Kế hoạch", "huyện")
REASON = "đã có thành tích xuất sắc trong phong trào thi đua"


def _text(doc) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(doc))).pages).split())


def _authority(code, level, locality, place, province=""):
    return Authority.objects.create(
        code=code, name=f"Ủy ban nhân dân {locality}", short_name=f"UBND {locality}", level=level,
        header_name=f"ỦY BAN NHÂN DÂN\n{locality.upper()}", place_name=place, province_name=province,
        locality=locality)


def _person(authority, unit, family, middle, given, gender, position):
    return Person.objects.create(authority=authority, organisation=unit, family_name=family, middle_name=middle,
                                 given_name=given, gender=gender, position=position)


def _decision(authority, award, day, year, lines, level, number=None, **extra):
    signer = Signer.objects.create(authority=authority, name="Nguyễn Văn Hạ", title="CHỦ TỊCH", is_chair=True)
    d = services.create_decision(None, authority, {
        "award": Award.objects.get(code=award), "date": day, "year": year, "number": number, "signer": signer,
        "signer_level": level, "reason": f"{REASON} năm {year}", **extra}, lines)
    return Decision.objects.select_related("award", "rule_set", "authority").get(pk=d.pk)


def _document(d):
    return documents.decision_document(d, queries.decision_lines(d))


def _meeting(authority, day, year):
    m = CouncilMeeting.objects.create(authority=authority, year=year, date=day, chair="Nguyễn Văn Hạ",
                                      secretary="Trần Thị Ánh")
    CouncilMember.objects.create(meeting=m, name="Nguyễn Văn Hạ", role="Chủ tịch Hội đồng")
    return m


def _letter(authority, unit, award, year, lines, **extra):
    p = services.create_proposal(None, authority, {
        "organisation": unit, "year": year, "family": AwardFamily.objects.get(code="thuong-xuyen"),
        "award": Award.objects.get(code=award), **extra})
    for values in lines:
        services.add_line(None, p, values)
    return p, documents.submission_letter(p, list(p.lines.all()))


def _body_ends_once(doc) -> None:
    texts = [b.text for b in doc.body if isinstance(b, Article | Paragraph)]
    assert sum(t.count("./.") for t in texts) == 1
    assert texts[-1].endswith("./.")


@pytest.fixture
def catalogue(db):
    with scopes_disabled():
        services.seed_catalogue(None)


@pytest.fixture
def district(catalogue):
    with scopes_disabled():
        a = _authority("hon-quan", "huyen", "huyện Hớn Quản", "Hớn Quản", province="Bình Phước")
        units = SimpleNamespace(
            home=Organisation.objects.create(authority=a, code="nv", name="Phòng Nội vụ", kind=OrgKind.DEPARTMENT),
            school=Organisation.objects.create(authority=a, code="thcs", name="Trường THCS Tân Khai",
                                               kind=OrgKind.SCHOOL),
            commune=Organisation.objects.create(authority=a, code="tl", name="UBND xã Tân Lợi", kind=OrgKind.COMMUNE))
        people = SimpleNamespace(
            teacher=_person(a, units.school, "Lê", "Thị", "Hoa", "F", "Giáo viên"),
            head=_person(a, units.school, "Phạm", "Văn", "Bình", "M", "Hiệu trưởng"),
            chair=_person(a, units.commune, "Đỗ", "Văn", "Tâm", "M", "Chủ tịch UBND"),
            clerk=_person(a, units.commune, "Vũ", "Thị", "Lan", "F", "Công chức Văn phòng - Thống kê"))
    return SimpleNamespace(authority=a, units=units, people=people)


@pytest.fixture
def province(catalogue):
    with scopes_disabled():
        a = _authority("dong-nai", "tinh", "tỉnh Đồng Nai", "Đồng Nai", province="Đồng Nai")
        dept = Organisation.objects.create(authority=a, code="sgd", name="Sở Giáo dục và Đào tạo",
                                           kind=OrgKind.DEPARTMENT)
        head = _person(a, dept, "Hoàng", "Minh", "Đức", "M", "Giám đốc")
    return SimpleNamespace(authority=a, dept=dept, head=head)


@pytest.fixture
def commune(catalogue):
    with scopes_disabled():
        a = _authority("tan-loi", "xa", "xã Tân Lợi", "Tân Lợi", province="Đồng Nai")
        office = Organisation.objects.create(authority=a, code="vhxh", name="Phòng Văn hóa - Xã hội",
                                             kind=OrgKind.DEPARTMENT)
        school = Organisation.objects.create(authority=a, code="th", name="Trường Tiểu học Tân Lợi A",
                                             kind=OrgKind.SCHOOL)
        people = SimpleNamespace(
            man=_person(a, school, "Nguyễn", "Văn", "Hạ", "M", "Hiệu trưởng"),
            woman=_person(a, office, "Trần", "Thị", "Ánh", "F", "Trưởng phòng"),
            unknown=_person(a, school, "Lý", "", "Sơn", "", "Giáo viên"))
    return SimpleNamespace(authority=a, office=office, school=school, people=people)


# --- the decision ------------------------------------------------------------------------------------


def test_district_title_decision_before_the_reform(district):
    p = district.people
    with scopes_disabled():
        d = _decision(district.authority, "ldtt", dt.date(2025, 4, 10), 2024,
                      [{"kind": "individual", "person": p.teacher}, {"kind": "individual", "person": p.head}],
                      "ct-huyen", number=15, submission_number="12/TTr-NV", submission_date=dt.date(2025, 4, 3))
        doc = _document(d)
    assert doc.summary == "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2024"
    assert doc.body[0].text.startswith("Công nhận danh hiệu “Lao động tiên tiến” năm 2024 cho 02 cá nhân")
    assert doc.annexes[0].title_lines == ("Danh sách", "cá nhân được công nhận danh hiệu “Lao động tiên tiến” năm 2024")
    assert doc.legal_bases[0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")
    assert not any("16 tháng 6 năm 2025" in b for b in doc.legal_bases)
    assert any(b.startswith("Căn cứ Nghị định số 98/2023/NĐ-CP") for b in doc.legal_bases)
    assert doc.legal_bases[-1] == ("Theo đề nghị của Trưởng phòng Nội vụ tại Tờ trình số 12/TTr-NV ngày 03 tháng 4 "
                                   "năm 2025")
    assert "Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch" in doc.body[2].text
    assert "Quỹ thi đua, khen thưởng của UBND huyện Hớn Quản" in doc.body[1].text
    _body_ends_once(doc)
    text = _text(doc)
    assert "CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU “LAO ĐỘNG TIÊN TIẾN” NĂM 2024" in text
    assert "TẬP THỂ, CÁ NHÂN" not in text and text.count("./.") == 1
    assert "Trường THCS Tân Khai" in text and "huyện Hớn Quản," not in text  # its own units: no need to say whose


def test_province_decision_speaks_as_the_province(province):
    with scopes_disabled():
        d = _decision(province.authority, "bk-tinh", dt.date(2026, 3, 10), 2025,
                      [{"kind": "collective", "organisation": province.dept},
                       {"kind": "individual", "person": province.head}], "ct-tinh", number=120,
                      submission_number="35/TTr-SNV", submission_date=dt.date(2026, 3, 2))
        doc = _document(d)
    assert doc.summary == ("Về việc tặng Bằng khen cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong "
                           "trào thi đua năm 2025")
    assert doc.body[0].text.startswith("Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai cho 01 tập thể và "
                                       "01 cá nhân")
    assert doc.annexes[0].title_lines[1].startswith("tập thể, cá nhân được tặng Bằng khen")
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" in doc.legal_bases
    assert not any("2015" in b for b in doc.legal_bases)
    assert doc.legal_bases[-1] == ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 35/TTr-SNV ngày 02 tháng 3 "
                                   "năm 2026")
    assert "Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính" in doc.body[2].text
    assert "Quỹ thi đua, khen thưởng của UBND tỉnh Đồng Nai" in doc.body[1].text
    _body_ends_once(doc)
    text = _text(doc)
    for word in DISTRICT_WORDS:
        assert word not in text, word
    assert text.count("./.") == 1 and "Lưu: VT, NV." in text


def test_commune_decision_after_the_reform(commune):
    p = commune.people
    with scopes_disabled():
        d = _decision(commune.authority, "ldtt", dt.date(2026, 1, 20), 2025,
                      [{"kind": "individual", "person": p.man}, {"kind": "individual", "person": p.woman}], "ct-xa",
                      number=3)
        doc = _document(d)
    assert doc.summary == "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2025"
    assert doc.legal_bases[-1] == "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội"
    assert "Trưởng phòng Văn hóa - Xã hội" in doc.body[2].text
    assert "Quỹ thi đua, khen thưởng của UBND xã Tân Lợi" in doc.body[1].text
    _body_ends_once(doc)
    text = _text(doc)
    for word in DISTRICT_WORDS:
        assert word not in text, word
    assert "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" in text
    assert "Lưu: VT, VHXH." in text


def test_annex_title_follows_the_recipients_kinds(commune):
    p = commune.people
    with scopes_disabled():
        collective = _document(_decision(commune.authority, "gk-xa", dt.date(2026, 1, 20), 2025,
                                          [{"kind": "collective", "organisation": commune.school}], "ct-xa"))
        both = _document(_decision(commune.authority, "gk-xa", dt.date(2026, 1, 21), 2025,
                                   [{"kind": "collective", "organisation": commune.office},
                                    {"kind": "individual", "person": p.man},
                                    {"kind": "household", "name": "Hộ gia đình ông Lý Văn Tư"}], "ct-xa"))
    assert collective.annexes[0].title_lines[1].startswith("tập thể được tặng Giấy khen của Chủ tịch")
    assert collective.summary.startswith("Về việc tặng Giấy khen cho các tập thể đã có thành tích")
    assert both.annexes[0].title_lines[1].startswith("tập thể, cá nhân, hộ gia đình được tặng Giấy khen")


def test_province_decision_recorded_by_a_district_names_its_units_in_full(district):
    u, p = district.units, district.people
    with scopes_disabled():
        d = _decision(district.authority, "bk-tinh", dt.date(2025, 5, 20), 2024,
                      [{"kind": "collective", "organisation": u.home}, {"kind": "individual", "person": p.teacher}],
                      "ct-tinh", number=980)
        lines = queries.decision_lines(d)
        doc = documents.decision_document(d, lines)
        values = [documents.certificate_values(d, ln, i) for i, ln in enumerate(lines, start=1)]
    text = _text(doc)
    assert "TỈNH BÌNH PHƯỚC" in text and "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC" in text
    assert "Phòng Nội vụ huyện Hớn Quản" in text and "Trường THCS Tân Khai, huyện Hớn Quản" in text
    assert "Giám đốc Sở Nội vụ" in doc.body[2].text and "Trưởng phòng Nội vụ" not in text
    assert "Quỹ thi đua, khen thưởng của UBND tỉnh Bình Phước" in doc.body[1].text
    assert doc.legal_bases[-1] == "Theo đề nghị của Giám đốc Sở Nội vụ"
    assert values[0]["name"] == "Phòng Nội vụ huyện Hớn Quản"
    assert values[1]["name"] == "Bà Lê Thị Hoa"
    assert values[1]["unit"] == "Giáo viên, Trường THCS Tân Khai, huyện Hớn Quản"
    assert values[1]["issuer"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"


# --- the unit's tờ trình -------------------------------------------------------------------------------


def test_commune_unit_letter_dated_at_its_place_numbered_and_signed_by_its_chair(district):
    p = district.people
    with scopes_disabled():
        proposal, doc = _letter(district.authority, district.units.commune, "ldtt", 2024,
                                [{"kind": "individual", "person": p.clerk, "achievement": "Hoàn thành xuất sắc"}],
                                letter_number="5/TTr-UBND", letter_date=dt.date(2025, 1, 6))
    assert doc.header.place_date == "Tân Lợi, ngày 06 tháng 01 năm 2025"
    assert doc.header.number_code == "05/TTr-UBND"
    assert doc.header.authority == "ỦY BAN NHÂN DÂN\nXÃ TÂN LỢI"
    assert doc.summary == "Về việc đề nghị công nhận danh hiệu “Lao động tiên tiến” năm 2024"
    sig = doc.signatures[0]
    assert (sig.prefix, sig.title, sig.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Văn Tâm")
    _body_ends_once(doc)
    text = _text(doc)
    assert "Số: 05/TTr-UBND" in text and "THỦ TRƯỞNG ĐƠN VỊ" not in text


def test_school_letter_signed_by_its_head_copied_to_the_proposing_office(commune):
    with scopes_disabled():
        _p, doc = _letter(commune.authority, commune.school, "ldtt", 2025,
                          [{"kind": "individual", "person": commune.people.man}])
    assert doc.header.place_date.startswith("Tân Lợi, ngày")
    assert doc.header.number_code.endswith("/TTr") and doc.header.number_code.startswith(" ")
    assert doc.signatures[0].title == "HIỆU TRƯỞNG" and doc.signatures[0].name == "Nguyễn Văn Hạ"
    assert doc.distribution == ("Như trên", "Phòng Văn hóa - Xã hội", "Lưu: VT")
    text = _text(doc)
    for word in DISTRICT_WORDS:
        assert word not in text, word


def test_province_unit_letter_copied_to_the_department_of_home_affairs(province):
    with scopes_disabled():
        _p, doc = _letter(province.authority, province.dept, "bk-tinh", 2025,
                          [{"kind": "individual", "person": province.head}], letter_number="21/TTr-SGDĐT")
    assert doc.header.place_date.startswith("Đồng Nai, ngày")
    assert doc.signatures[0].title == "GIÁM ĐỐC" and doc.signatures[0].name == "Hoàng Minh Đức"
    assert "Sở Nội vụ" in doc.distribution
    text = _text(doc)
    for word in DISTRICT_WORDS:
        assert word not in text, word


# --- the council minutes -------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["district", "province", "commune"])
def test_minutes_name_the_council_of_the_locality(request, level):
    world = request.getfixturevalue(level)
    expected = {"district": "huyện Hớn Quản", "province": "tỉnh Đồng Nai", "commune": "xã Tân Lợi"}[level]
    with scopes_disabled():
        m = _meeting(world.authority, dt.date(2026, 1, 5) if level != "district" else dt.date(2025, 3, 5), 2024)
        doc = documents.minutes_document(m, list(m.members.all()), [("Nguyễn Văn Hạ", "Lao động tiên tiến",
                                                                     "Biểu quyết công khai", 1, 0, 0, True)])
    assert f"Hội đồng Thi đua - Khen thưởng {expected} họp xét" in doc.body[0].text
    assert doc.header.parent_authority == f"UBND {expected}".upper()
    _body_ends_once(doc)
    if level != "district":
        text = _text(doc)
        for word in DISTRICT_WORDS:
            assert word not in text, word


# --- certificates ------------------------------------------------------------------------------------------


def test_certificates_say_ong_ba_the_issuer_and_the_register_number(commune):
    p = commune.people
    with scopes_disabled():
        d = _decision(commune.authority, "gk-xa", dt.date(2026, 1, 20), 2025,
                      [{"kind": "individual", "person": p.man}, {"kind": "individual", "person": p.woman},
                       {"kind": "individual", "person": p.unknown},
                       {"kind": "collective", "organisation": commune.office}], "ct-xa", number=15)
        d = services.issue_decision(None, d)
        blank = services.save_blank(None, commune.authority, {"name": "Phôi giấy khen", "width_mm": 297,
                                                              "height_mm": 210})
        pages = documents.certificate_pages(d, list(d.lines.all()), blank)
    texts = [[it.text for it in page.items] for page in pages]
    assert [t[1] for t in texts] == ["Phòng Văn hóa - Xã hội", "Ông Nguyễn Văn Hạ", "Bà Trần Thị Ánh", "Lý Sơn"]
    assert not any("Ông/Bà" in x for t in texts for x in t)
    assert all(t[0] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LỢI" for t in texts)
    assert "Số vào sổ: 15/QĐ-UBND-001" in texts[0] and "Số vào sổ: 15/QĐ-UBND-003" in texts[2]
    assert set(services.DEFAULT_FIELDS) == set(services.BLANK_FIELDS)


# --- issuing through the outgoing register ---------------------------------------------------------------


def test_decision_drafted_and_issued_through_the_register(commune, province):
    with scopes_disabled():
        d = _decision(commune.authority, "ldtt", dt.date(2026, 1, 20), 2025,
                      [{"kind": "individual", "person": commune.people.man}], "ct-xa")
        admin = make_user("qt-tanloi", Role.ADMIN, commune.authority)
        other = make_user("qt-dongnai", Role.ADMIN, province.authority)
        with pytest.raises(services.ValidationFailed):
            register.open_draft(other, province.authority, "awards.decision", str(d.pk))
        entry = register.open_draft(admin, commune.authority, "awards.decision", str(d.pk))
        assert entry.summary == "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2025"
        entry = register.issue(admin, entry, dt.date(2026, 1, 22))
        d.refresh_from_db()
    assert (d.status, d.number, d.date) == ("issued", entry.number, dt.date(2026, 1, 22))
    assert d.number_text == f"{entry.number:02d}/QĐ-UBND"


def test_province_decision_recorded_below_stays_out_of_the_register(district):
    with scopes_disabled():
        d = _decision(district.authority, "bk-tinh", dt.date(2025, 5, 20), 2024,
                      [{"kind": "individual", "person": district.people.teacher}], "ct-tinh")
        admin = make_user("qt-honquan", Role.ADMIN, district.authority)
        with pytest.raises(services.ValidationFailed, match="số của tỉnh"):
            register.open_draft(admin, district.authority, "awards.decision", str(d.pk))


def test_decision_page_links_to_the_register_and_keeps_the_submission(client, commune):
    with scopes_disabled():
        d = _decision(commune.authority, "ldtt", dt.date(2026, 1, 20), 2025,
                      [{"kind": "individual", "person": commune.people.man}], "ct-xa",
                      submission_number="04/TTr-VHXH", submission_date=dt.date(2026, 1, 12))
        admin = make_user("qt-tanloi", Role.ADMIN, commune.authority)
    client.force_login(admin)
    page = client.get(reverse("awards:decision_detail", args=[d.pk])).content.decode()
    assert reverse("web:register_open", args=["awards.decision", d.pk]) in page
    assert "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 04/TTr-VHXH ngày 12 tháng 01 năm 2026" \
        in page
    form = client.get(reverse("awards:decision_edit", args=[d.pk])).content.decode()
    assert 'name="submission_number"' in form and "Để trống: Trưởng phòng Văn hóa - Xã hội." in form


# --- pure rules ----------------------------------------------------------------------------------------------

SYMBOLS = st.text(alphabet="TrĐQUBNDVHXSGAK-", min_size=1, max_size=12).filter(lambda s: s.strip("-") == s)


@given(st.integers(min_value=1, max_value=99_999), SYMBOLS)
def test_letter_number_as_decree_30_writes_it(n, symbol):
    printed = documents._letter_number(f"{n}/{symbol}")
    assert printed == document_number(n, symbol)
    assert printed.split("/")[0] == (f"{n:02d}" if n < 10 else str(n))


@given(st.text(alphabet="đã có thành tích xuất sắc năm 0123456789", max_size=60), st.integers(2000, 2100))
def test_reason_names_the_year_once(reason, year):
    once = documents._with_year(reason, year)
    assert str(year) in once and documents._with_year(once, year) == once
