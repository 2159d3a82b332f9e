"""How an authority speaks in its documents: offices and legal bases from data, per level (#18)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import make_user, make_world
from thidua.orgs import services
from thidua.orgs.models import Authority, LegalBasis, Office
from thidua.orgs.wording import Voice, qualified_unit_name, unit_place

BEFORE, AFTER = dt.date(2025, 4, 7), dt.date(2026, 3, 2)
DISTRICT_OFFICES = ("Phòng Nội vụ", "Tài chính - Kế hoạch", "huyện")


def _authority(level: str, locality: str, **kw) -> Authority:
    return Authority(code=locality.replace(" ", "-"), name=f"Ủy ban nhân dân {locality}", short_name=f"UBND {locality}",
                     level=level, header_name="X", place_name=locality.split(" ", 1)[1], **kw)


@pytest.mark.parametrize(("level", "locality", "heads", "paid_by"), [
    ("tinh", "tỉnh Đồng Nai", ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Nội vụ", "Giám đốc Sở Tài chính"],
     "Sở Tài chính"),
    ("xa", "xã Tân Lợi", ["Chánh Văn phòng HĐND và UBND xã", "Trưởng phòng Văn hóa - Xã hội", "Trưởng phòng Kinh tế"],
     "Phòng Kinh tế"),
    ("xa", "phường Trấn Biên", ["Chánh Văn phòng HĐND và UBND phường"], "Phòng Kinh tế"),
    ("huyen", "huyện Hớn Quản", ["Chánh Văn phòng HĐND và UBND huyện", "Trưởng phòng Nội vụ",
                                 "Trưởng phòng Tài chính - Kế hoạch"], "Phòng Tài chính - Kế hoạch"),
])
def test_each_level_names_its_own_offices(level, locality, heads, paid_by):
    voice = Voice.of(_authority(level, locality))
    article = voice.executing_article()
    for head in heads:
        assert head in article
    assert article.endswith("chịu trách nhiệm thi hành Quyết định này.")
    assert voice.payer.name == paid_by
    if level != "huyen":
        text = " ".join([article, *voice.distribution(), voice.proposer_head()])
        assert not any(word in text for word in DISTRICT_OFFICES)
    assert voice.distribution()[0] == "Như Điều 3" and voice.distribution()[-1].startswith("Lưu: VT")


def test_legal_bases_follow_the_date():
    voice = Voice.of(_authority("huyen", "huyện Hớn Quản"))
    before = voice.legal_bases("decision", BEFORE, extra=("Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023",))
    assert before[0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023" == before[-1]
    after = Voice.of(_authority("xa", "xã Tân Lợi")).legal_bases("decision", AFTER)
    assert after[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
    assert not any("2015" in line for line in after)


@pytest.mark.django_db
def test_the_authoritys_own_rows_replace_the_defaults():
    world = make_world()
    with scopes_disabled():
        a = world.authority
        services.seed_paperwork_defaults(None, a)
        Office.objects.filter(authority=a, proposes=True).update(name="Phòng Văn hóa, Khoa học và Thông tin")
        LegalBasis.objects.create(authority=a, text="Quyết định số 12/QĐ-UBND ngày 02 tháng 01 năm 2026 của Ủy ban "
                                  "nhân dân xã ban hành Quy chế thi đua, khen thưởng", kinds="decision", display_order=9)
        voice = Voice.of(a)
    assert voice.proposer_head() == "Trưởng phòng Văn hóa, Khoa học và Thông tin"
    assert voice.legal_bases("decision", AFTER)[-1].startswith("Căn cứ Quyết định số 12/QĐ-UBND")
    assert not any("12/QĐ-UBND" in x for x in voice.legal_bases("plan", AFTER))


@pytest.mark.parametrize(("name", "own", "expected"), [
    ("Phòng Nội vụ", True, "Phòng Nội vụ huyện Hớn Quản"),
    ("Hội Liên hiệp Phụ nữ huyện", False, "Hội Liên hiệp Phụ nữ huyện Hớn Quản"),
    ("Trường THCS Tân Khai", False, "Trường THCS Tân Khai, huyện Hớn Quản"),
    ("Văn phòng HĐND và UBND huyện Hớn Quản", True, "Văn phòng HĐND và UBND huyện Hớn Quản"),
])
def test_units_named_in_full_for_another_level(name, own, expected):
    assert qualified_unit_name(name, "huyện Hớn Quản", own) == expected


@given(st.text(st.characters(codec="utf-8", categories=["L", "Zs"]), min_size=1, max_size=30).map(str.strip),
       st.sampled_from(["huyện Hớn Quản", "xã Tân Lợi", "tỉnh Đồng Nai", "đặc khu Phú Quốc"]), st.booleans())
def test_qualifying_a_name_keeps_it_names_the_place_and_is_idempotent(name, locality, own):
    once = qualified_unit_name(name, locality, own)
    assert once.startswith(name)
    if name:
        assert locality.split(" ", 1)[1].casefold() in once.casefold()
    assert qualified_unit_name(once, locality, own) == once


def test_a_commune_dates_its_letters_at_its_own_name():
    class Unit:
        def __init__(self, name, kind):
            self.name, self.kind = name, kind
    district = _authority("huyen", "huyện Hớn Quản")
    assert unit_place(Unit("UBND xã Tân Lợi", "xa"), district) == "Tân Lợi"
    assert unit_place(Unit("UBND thị trấn Tân Khai", "xa"), district) == "Tân Khai"
    assert unit_place(Unit("Trường THCS Tân Khai", "truong"), district) == "Hớn Quản"


@pytest.mark.django_db
def test_settings_page_saves_and_keeps_what_was_typed_on_a_bad_date(client):
    world = make_world()
    with scopes_disabled():
        admin = make_user("qt", "secretariat", world.authority)  # the secretariat drafts the documents
        outsider = make_user("qt2", "admin", world.other_authority)
        leader = make_user("ld", "leader", world.authority)
    client.force_login(leader)
    assert client.get("/to-chuc/co-quan/van-ban/").status_code == 403
    client.force_login(admin)
    assert client.post("/to-chuc/co-quan/van-ban/mac-dinh/").status_code == 302
    with scopes_disabled():
        offices = list(Office.objects.filter(authority=world.authority).values("id", "name"))
    assert [o["name"] for o in offices][1] == "Phòng Văn hóa - Xã hội"
    form = {"o-count": "2", "o-0-id": offices[0]["id"], "o-0-name": "Văn phòng HĐND và UBND xã",
            "o-0-head_title": "Chánh Văn phòng", "o-0-executes": "on", "o-0-is_chief_office": "on",
            "o-1-id": "", "o-1-name": "Phòng Văn hóa - Xã hội", "o-1-head_title": "Trưởng phòng", "o-1-proposes": "on",
            "o-1-short_code": "VHXH", "b-count": "1", "b-0-id": "", "b-0-text": "Luật Thi đua, khen thưởng ngày 15 "
            "tháng 6 năm 2022", "b-0-kinds": "", "b-0-valid_from": "31/02/2025", "b-0-valid_to": ""}
    page = client.post("/to-chuc/co-quan/van-ban/", form).content.decode()
    assert "không hợp lệ" in page and "31/02/2025" in page and "Phòng Văn hóa - Xã hội" in page
    form["b-0-valid_from"] = "01/7/2025"
    assert client.post("/to-chuc/co-quan/van-ban/", form).status_code == 302
    with scopes_disabled():
        assert list(Office.objects.filter(authority=world.authority).values_list("name", flat=True)) == [
            "Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội"]
        assert LegalBasis.objects.get(authority=world.authority).valid_from == dt.date(2025, 7, 1)
        assert not Office.objects.filter(authority=world.other_authority).exists()
    client.force_login(outsider)
    page = client.get("/to-chuc/co-quan/van-ban/").content.decode()
    assert "Phòng Văn hóa - Xã hội\"" not in page and "Văn phòng HĐND và UBND xã\"" not in page


@pytest.mark.django_db
def test_a_stale_settings_page_is_refused_with_what_was_typed(client):
    world = make_world()
    with scopes_disabled():
        clerk = make_user("tt", "secretariat", world.authority)
    client.force_login(clerk)
    page = client.get("/to-chuc/co-quan/van-ban/").content.decode()
    old = re.search(r'name="edit_version" value="([0-9a-f]+)"', page).group(1)
    form = {"o-count": "1", "o-0-id": "", "o-0-name": "Phòng Văn hóa - Xã hội", "o-0-head_title": "Trưởng phòng",
            "o-0-proposes": "on", "b-count": "0", "edit_version": old}
    assert client.post("/to-chuc/co-quan/van-ban/", form).status_code == 302
    page = client.post("/to-chuc/co-quan/van-ban/", {**form, "o-0-name": "Phòng Văn hóa, Khoa học và Thông tin"}
                       ).content.decode()
    assert "Đã có người sửa" in page and "Phòng Văn hóa, Khoa học và Thông tin" in page
    with scopes_disabled():
        assert list(Office.objects.filter(authority=world.authority).values_list("name", flat=True)) == [
            "Phòng Văn hóa - Xã hội"]
