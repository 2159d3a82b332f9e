"""The programme and the MC script of a district (before 1/7/2025) and of a commune (2026): who is who, said
with their own body; titles read as danh hiệu; the province's awards handed over by the province's leader;
wording from the authority's data, never a district office from code."""

import datetime as dt
import io
import re

import pytest
from django_scopes import scopes_disabled
from docx import Document as Docx

from thidua.awards import services as award_services
from thidua.awards.models import Award
from thidua.checkin.models import HallPlan
from thidua.emulation.models import Cycle, Group, Membership
from thidua.events import services as event_services
from thidua.events.models import Delegate
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Signer
from thidua.program import documents, services
from thidua.program.models import AgendaItem, ItemKind

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    d = Docx(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _decision(authority, code: str, number: int, day: dt.date, level: str, lines: list[dict]):
    d = award_services.create_decision(None, authority, {
        "award": Award.objects.get(code=code), "date": day, "signer_level": level, "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Hạ", "reason": "đã có thành tích xuất sắc"}, lines)
    return award_services.issue_decision(None, d, number)


def _world(level: str, locality: str, place: str, province: str, day: dt.date, own_level: str,
           own_award: str, province_guest: bool = True):
    """A host of `level` with two signers, an advisory office, a commune unit whose party secretary comes,
    a guest of the province (when `province_guest`), a province's Bằng khen and one of its own titles, the
    default agenda and the batches."""
    with scopes_disabled():
        award_services.seed_catalogue(None)
        a = Authority.objects.create(code=f"host-{level}", name=f"Ủy ban nhân dân {locality}",
                                     short_name=f"UBND {locality}", level=level, locality=locality,
                                     header_name=f"ỦY BAN NHÂN DÂN\n{locality.upper()}", place_name=place,
                                     province_name=province)
        Signer.objects.create(authority=a, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH",
                              is_chair=True, display_order=1)
        Signer.objects.create(authority=a, name="Lê Thị Thu", prefix="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
                              display_order=2)
        adviser_name = "Phòng Nội vụ" if level == "huyen" else "Phòng Văn hóa - Xã hội"
        adviser = Organisation.objects.create(authority=a, code="tham-muu", name=adviser_name,
                                              kind=OrgKind.DEPARTMENT, display_order=1)
        commune = Organisation.objects.create(authority=a, code="tan-loi", name="UBND xã Tân Lợi",
                                              kind=OrgKind.COMMUNE, display_order=2)
        school = Organisation.objects.create(authority=a, code="thcs", name="Trường THCS Tân Khai",
                                             kind=OrgKind.SCHOOL, display_order=3)
        teacher = Person.objects.create(authority=a, organisation=school, family_name="Phạm", middle_name="Văn",
                                        given_name="Bình", gender="M", position="Giáo viên")
        secretary = Person.objects.create(authority=a, organisation=commune, family_name="Lê", middle_name="Quốc",
                                          given_name="Vinh", gender="M", position="Bí thư Đảng ủy")
        event = event_services.create_event(None, a, {
            "slug": f"tong-ket-{day.year}", "title": f"Hội nghị tổng kết công tác thi đua, khen thưởng năm "
            f"{day.year - 1}; phát động thi đua và ký kết giao ước thi đua năm {day.year}", "date": day,
            "start_time": dt.time(7, 30), "venue": f"Hội trường UBND {locality}", "closes_year": day.year - 1,
            "launches_year": day.year})
        cats = {c.code: c for c in event.categories.all()}
        if province_guest:
            guest = event_services.add_delegate(None, event, {
                "category": cats["a"], "full_name": "Trần Văn Thành", "gender": "M", "position": "Phó Giám đốc",
                "unit_text": f"Sở Nội vụ tỉnh {province}"})
            event_services.record_reply(None, guest, "accepted", "phone")
        clerk = event_services.add_delegate(None, event, {
            "category": cats["a"], "full_name": "Võ Thị Trang", "gender": "F", "position": "Chuyên viên",
            "unit_text": f"Sở Nội vụ tỉnh {province}"})
        event_services.record_reply(None, clerk, "accepted", "phone")
        party = event_services.add_delegate(None, event, {
            "category": cats["c"], "person": secretary, "organisation": commune, "full_name": "Lê Quốc Vinh",
            "gender": "M", "position": "Bí thư Đảng ủy"})
        event_services.record_reply(None, party, "accepted", "phone")
        before = day - dt.timedelta(days=40)
        _decision(a, "bk-tinh", 521, before, "ct-tinh", [{"kind": "collective", "organisation": adviser}])
        _decision(a, own_award, 314, before, own_level, [{"kind": "individual", "person": teacher},
                                                          {"kind": "individual", "person": secretary}])
        cycle = Cycle.objects.create(authority=a, year=day.year)
        group = Group.objects.create(cycle=cycle, kind="khoi", name="Khối cơ quan chuyên môn", head=adviser)
        for i, unit in enumerate((adviser, school), start=1):
            Membership.objects.create(cycle=cycle, group=group, organisation=unit, signing_order=i)
        services.create_default_agenda(None, event)
        services.build_batches(None, event)
    return event


@pytest.fixture
def district():
    return _world("huyen", "huyện Hớn Quản", "Hớn Quản", "Bình Phước", dt.date(2025, 4, 10), "ct-huyen", "ldtt")


@pytest.fixture
def commune():
    return _world("xa", "xã Tân Khai", "Tân Khai", "Đồng Nai", dt.date(2026, 3, 20), "ct-xa", "ldtt")


def _papers(event) -> tuple[str, str]:
    with scopes_disabled():
        return docx_text(documents.mc_script_docx(event)), docx_text(documents.program_docx(event))


def test_district_mc_script_says_each_title_with_its_own_body(district):
    script, program = _papers(district)
    assert "Đồng chí Trần Văn Thành, Phó Giám đốc Sở Nội vụ tỉnh Bình Phước" in script
    assert "Đồng chí Lê Quốc Vinh, Bí thư Đảng ủy xã Tân Lợi" in script  # not "Bí thư Đảng ủy UBND xã Tân Lợi"
    assert "Đảng ủy UBND" not in script and "UBND Sở" not in script
    assert "Phó Chủ tịch UBND huyện Hớn Quản" in script or "Chủ tịch UBND huyện Hớn Quản" in script
    for text in (script, program):
        assert "Lãnh đạo Phòng Nội vụ – Phòng Nội vụ" not in text
        assert "Nội vụ – Phòng Nội vụ" not in text
    assert "Lãnh đạo Phòng Nội vụ" in program  # the district's advisory office, from its data


def test_titles_are_read_as_danh_hieu_and_forms_as_they_are(district):
    script, _ = _papers(district)
    assert "trao danh hiệu “Lao động tiên tiến”" in script
    assert "tặng danh hiệu “Lao động tiên tiến”" in script
    assert "trao Lao động tiên tiến" not in script
    assert "trao Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in script  # a form: named as it is


def test_the_provinces_batch_is_handed_over_by_the_provincial_leader_present(district):
    script, _ = _papers(district)
    province = script.index("trao Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    invitation = script.rindex("kính mời", 0, province)
    assert "Trần Văn Thành, Phó Giám đốc Sở Nội vụ tỉnh Bình Phước" in script[invitation:province]
    assert "Võ Thị Trang" not in script[invitation:province]  # a specialist of the department does not hand over
    own = script.index("trao danh hiệu “Lao động tiên tiến”")
    own_invitation = script.rindex("kính mời", 0, own)
    assert "Chủ tịch UBND huyện Hớn Quản" in script[own_invitation:own]  # the host's awards: the host's leaders
    with scopes_disabled():
        batch = district.award_batches.get(award_name__startswith="Bằng khen")
    assert batch.presenter_name == "Trần Văn Thành"


def test_without_a_provincial_leader_the_hosts_chair_hands_over_on_the_provinces_behalf():
    event = _world("huyen", "huyện Hớn Quản", "Hớn Quản", "Bình Phước", dt.date(2025, 4, 10), "ct-huyen", "ldtt",
                   province_guest=False)
    script, _ = _papers(event)
    province = script.index("trao Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    sentence = script[script.rindex("kính mời", 0, province):province]
    assert "Nguyễn Văn Hạ, Chủ tịch UBND huyện Hớn Quản" in sentence
    assert "thừa ủy quyền của Chủ tịch Ủy ban nhân dân tỉnh Bình Phước" in sentence


def test_covenant_units_are_numbered_once(district):
    script, _ = _papers(district)
    assert "Khối cơ quan chuyên môn (Khối trưởng: Phòng Nội vụ)" in script
    assert "1. Phòng Nội vụ" in script and "2. Trường THCS Tân Khai" in script
    assert not re.search(r"^[-+•] *\d+\.", script, re.MULTILINE)
    assert "- 1." not in script


def test_a_commune_of_2026_says_nothing_of_districts(commune):
    script, program = _papers(commune)
    for text in (script, program):
        assert "huyện" not in text.casefold()
        assert "Phòng Nội vụ" not in text
    assert "Lãnh đạo Phòng Văn hóa - Xã hội" in program  # the commune's advisory office since 1/7/2025
    assert "Lãnh đạo xã Tân Khai" in program  # who hands over: the commune's leaders
    assert "Phó Giám đốc Sở Nội vụ tỉnh Đồng Nai" in script
    assert "Chủ tịch UBND xã Tân Khai" in script
    assert "danh hiệu “Lao động tiên tiến”" in script


def test_the_default_agenda_names_the_report_by_the_advisory_office_once(district):
    with scopes_disabled():
        report = AgendaItem.objects.get(event=district, kind=ItemKind.REPORT)
        assert report.in_charge == "Lãnh đạo Phòng Nội vụ"
        assert report.in_charge_unit is not None and report.in_charge_unit.name == "Phòng Nội vụ"
        assert report.who == "Lãnh đạo Phòng Nội vụ"
        awards = AgendaItem.objects.get(event=district, kind=ItemKind.AWARDS)
        assert awards.in_charge.startswith("Lãnh đạo huyện Hớn Quản")


def test_mc_script_invites_an_unnamed_leader_as_such(district):
    script, _ = _papers(district)
    assert "kính mời đồng chí lãnh đạo Phòng Nội vụ trình bày" in script


def test_backdrop_title_breaks_between_phrases_only(district):
    with scopes_disabled():
        page = documents.backdrop_page(district)
        title = next(t for t in page.items if "TỔNG KẾT" in t.text)
    lines = title.text.split("\n")
    assert len(lines) >= 2
    joined = " ".join(lines)
    assert "THI ĐUA" in joined and "NĂM 2024" in joined
    for a, b in zip(lines, lines[1:], strict=False):
        assert not (a.endswith("THI") and b.startswith("ĐUA"))
        assert not a.endswith("NĂM") and not a.endswith("VÀ")
    assert lines[0].endswith("NĂM 2024,") and lines[1].startswith("PHÁT ĐỘNG")


def test_the_provincial_guest_seated_on_the_presidium_hands_over_first():
    event = _world("huyen", "huyện Hớn Quản", "Hớn Quản", "Bình Phước", dt.date(2025, 4, 10), "ct-huyen", "ldtt",
                   province_guest=False)
    with scopes_disabled():
        cats = {c.code: c for c in event.categories.all()}
        first = event_services.add_delegate(None, event, {
            "category": cats["a"], "full_name": "Lê Quang Vinh", "gender": "M", "position": "Trưởng ban",
            "unit_text": "Ban Thi đua - Khen thưởng tỉnh Bình Phước"})
        event_services.record_reply(None, first, "accepted", "phone")
        seated = event_services.add_delegate(None, event, {
            "category": cats["a"], "full_name": "Trần Văn Thành", "gender": "M", "position": "Phó Giám đốc",
            "unit_text": "Sở Nội vụ tỉnh Bình Phước"})
        event_services.record_reply(None, seated, "accepted", "phone")
        HallPlan.objects.create(event=event, updated_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC), plan={
            "name": "Hội trường", "blocks": [{"code": "CT", "name": "Đoàn Chủ tịch", "head": True,
                                              "rows": [{"label": "", "seats": 5}]}]})
        Delegate.objects.filter(pk=seated.pk).update(seat="CT-01")
        services.build_batches(None, event)
        batch = event.award_batches.get(award_name__startswith="Bằng khen")
    assert (batch.presenter_name, batch.presenter_position) == ("Trần Văn Thành",
                                                                "Phó Giám đốc Sở Nội vụ tỉnh Bình Phước")
    script, _ = _papers(event)
    assert "thừa ủy quyền" not in script  # the province's own leader hands over its award


@pytest.mark.parametrize(("title", "body", "said"), [
    ("PHÓ CHỦ TỊCH", "UBND huyện Hớn Quản", "Phó Chủ tịch UBND huyện Hớn Quản"),
    ("Q. CHỦ TỊCH", "UBND xã Tân Khai", "Quyền Chủ tịch UBND xã Tân Khai"),
    ("PHÓ GIÁM ĐỐC", "Sở Nội vụ", "Phó Giám đốc Sở Nội vụ"),
    ("PHÓ CHÁNH VĂN PHÒNG", "Văn phòng UBND tỉnh", "Phó Chánh Văn phòng UBND tỉnh"),
])
def test_leader_title_is_said_in_sentence_case_with_the_leaders_body(title, body, said):
    assert services.leader_title(title, body) == said


def test_who_signs_on_a_leaders_order_does_not_hand_over_awards(district):
    with scopes_disabled():
        Signer.objects.filter(authority=district.authority).delete()
        Signer.objects.create(authority=district.authority, name="Phạm Văn Lâm", prefix="TL. CHỦ TỊCH",
                              title="CHÁNH VĂN PHÒNG", display_order=1)
        Signer.objects.create(authority=district.authority, name="Lê Thị Thu", prefix="KT. CHỦ TỊCH",
                              title="PHÓ CHỦ TỊCH", display_order=2)
        services.build_batches(None, district)
        presenters = {b.presenter_name for b in district.award_batches.all()}
    assert "Phạm Văn Lâm" not in presenters and "Lê Thị Thu" in presenters


def test_the_mc_script_is_a_working_paper_with_no_number_signature_or_distribution(commune):
    script, _program = _papers(commune)
    assert "BAN TỔ CHỨC HỘI NGHỊ" in script and script.startswith("KỊCH BẢN DẪN CHƯƠNG TRÌNH")
    assert "Số:" not in script and "CỘNG HÒA" not in script and "Nơi nhận" not in script
