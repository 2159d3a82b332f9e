"""Merged units (#19): the lookup of a commune formed on 1/7/2025 also searches the communes merged into it,
says where each award came from, finds it by the old commune's name or the new one's (accents or not), and a
unit's lookup finds the awards of the units merged into it — never another commune's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.levels.conftest import issue, make_below, person_of
from thidua.orgs.models import Authority, Organisation

pytestmark = pytest.mark.django_db
OLD_DAY = dt.date(2024, 12, 20)


@pytest.fixture
def merged(levels):
    """Thị trấn Tân Khai and Xã Thanh Bình (closed 30/6/2025) merged into xã Tân Khai (the world's commune)."""
    with scopes_disabled():
        town = make_below(levels.province, "tt-tan-khai-cu", "thị trấn Tân Khai")
        thanh_binh = make_below(levels.province, "xa-thanh-binh-cu", "xã Thanh Bình")
        for old in (town, thanh_binh):
            old.valid_to, old.successor = dt.date(2025, 6, 30), levels.commune
            old.save()
        school = Organisation.objects.get(authority=thanh_binh)  # Trường Tiểu học Bình
        school.valid_to, school.merged_into = dt.date(2025, 6, 30), levels.world.unit_a
        school.save()
        bay = person_of(thanh_binh, "Bảy")
        tam = person_of(town, "Tám")
    issue(thanh_binh, "gk-xa", [{"kind": "individual", "person": bay},
                                {"kind": "collective", "organisation": school}], number=11, day=OLD_DAY)
    issue(town, "ldtt", [{"kind": "individual", "person": tam}], number=12, day=OLD_DAY)
    issue(levels.commune, "gk-xa", [{"kind": "individual", "person": levels.world.person_a}], number=3,
          day=dt.date(2026, 1, 15))
    levels.town, levels.thanh_binh, levels.school = town, thanh_binh, school
    return levels


def _names(client, **params):
    response = client.get(reverse("awards:search"), params)
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('data-testid="search-table"')[1].split("</table>")[0]
    return [row.split("<td>")[1].split("</td>")[0] for row in table.split("<tr>")[2:] if "<td>" in row
            and "colspan" not in row], table


def test_lookup_by_name_covers_the_communes_merged_in(client, merged):
    client.force_login(merged.users["c_secretariat"])
    names, table = _names(client, q="nguyen van bay")
    assert names == ["Nguyễn Văn Bảy"]
    assert "UBND xã Thanh Bình" in table and "trước hợp nhất" in table  # where the award came from
    names, _ = _names(client, q="Nguyễn Văn Hạ")
    assert "Nguyễn Văn Hạ" in names and "Nguyễn Văn Bảy" not in names


@pytest.mark.parametrize("q", ["thanh binh", "Xã Thanh Bình", "xa thanh binh", "bay thanh binh"])
def test_lookup_by_the_old_communes_name(client, merged, q):
    client.force_login(merged.users["c_secretariat"])
    names, table = _names(client, q=q)
    assert "Nguyễn Văn Bảy" in names and "Nguyễn Văn Tám" not in names and "Nguyễn Văn Hạ" not in names, (q, names)


def test_lookup_by_the_new_name_and_the_old_towns(client, merged):
    client.force_login(merged.users["c_secretariat"])
    names, _ = _names(client, q="tan khai")  # xã Tân Khai (new) and thị trấn Tân Khai (old)
    assert "Nguyễn Văn Hạ" in names and "Nguyễn Văn Tám" in names and "Nguyễn Văn Bảy" not in names
    names, _ = _names(client, q="thi tran tan khai")
    assert names == ["Nguyễn Văn Tám"]
    names, _ = _names(client, q="bay tan khai")  # Bảy was commended by Thanh Bình, not Tân Khai
    assert names == []


def test_lookup_by_a_unit_finds_the_units_merged_into_it(client, merged):
    client.force_login(merged.users["c_secretariat"])
    names, table = _names(client, unit=merged.world.unit_a.pk)
    assert "Trường Tiểu học Bình" in names and "Nguyễn Văn Hạ" in names
    client.force_login(merged.users["c_unit_officer"])  # the unit officer of unit_a: its merged unit's history
    names, _ = _names(client, q="truong tieu hoc binh")  # the school and its teacher, from before the merger
    assert sorted(names) == ["Nguyễn Văn Bảy", "Trường Tiểu học Bình"]
    assert _names(client, q="nguyen van tam")[0] == []  # the old town's award was to another unit


def test_another_commune_never_sees_the_history(client, merged):
    client.force_login(merged.users["c_other_secretariat"])  # the sibling commune
    for q in ("nguyen van bay", "thanh binh", "tan khai"):
        assert _names(client, q=q)[0] == [], q
    assert client.get(reverse("awards:search"), {"unit": merged.school.pk}).status_code == 404
    client.force_login(merged.users["q_secretariat"])  # another province
    assert _names(client, q="thanh binh")[0] == []
    with scopes_disabled():  # the old commune's own lookup does not reach its successor
        assert Authority.objects.get(pk=merged.thanh_binh.pk).successor_id == merged.commune.pk


def test_the_province_does_not_search_its_communes(client, merged):
    client.force_login(merged.users["p_secretariat"])
    assert _names(client, q="nguyen van")[0] == []


def test_the_lookups_spreadsheet_says_where_each_award_is_kept(client, merged):
    import io

    from openpyxl import load_workbook

    client.force_login(merged.users["c_secretariat"])
    response = client.get(reverse("awards:search"), {"q": "nguyen van bay", "format": "xlsx"})
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    header = next(r for r in rows if "Họ tên / tên tập thể" in r)
    where = header.index("Nơi khen (hồ sơ lưu tại)")
    found = [r for r in rows if r[header.index("Họ tên / tên tập thể")] == "Nguyễn Văn Bảy"]
    assert [r[where] for r in found] == ["UBND xã Thanh Bình"]
