"""Statistics across levels (#19): a province's forms counted with its departments and communes equal the
sum of each authority's forms, in a fixed number of queries; only the province's office may ask for them."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from tests.levels.conftest import issue, make_below, person_of
from thidua.awards import services as awards
from thidua.awards import stats
from thidua.emulation import services as emulation
from thidua.orgs import tree
from thidua.orgs.models import Person

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
OWN_AWARDS = {"tinh": ("bk-tinh", "cstd-tinh"), "xa": ("gk-xa", "ldtt", "cstd-co-so"),
              "so": ("gk-thu-truong", "ldtt", "cstd-co-so")}


def _fill(rng: random.Random, authority, n: int) -> None:
    """Random data of one authority for 2026: movements, clusters, meetings, staff, decisions."""
    with scopes_disabled():
        cycle = emulation.create_cycle(None, authority, 2026, f"Năm thi đua 2026 ({authority.code})")
        for i in range(rng.randint(0, 2)):
            emulation.create_group(None, cycle, rng.choice(["cum", "khoi"]), f"Cụm {i + 1}")
        for i in range(rng.randint(0, 3)):
            start = dt.date(2026, rng.randint(1, 6), 1)
            emulation.create_movement(None, cycle, {"name": f"Phong trào {i + 1}", "kind": "chuyen_de",
                                                    "starts_on": start,
                                                    "ends_on": start + dt.timedelta(days=rng.choice([60, 200, 400])),
                                                    "status": "du_kien"})
        for i in range(rng.randint(0, 2)):
            awards.create_meeting(None, authority, {"year": 2026, "date": dt.date(2026, 11, 1 + i), "chair": "Chủ tịch",
                                                    "secretary": "Thư ký"},
                                  [(f"Thành viên {k}", "Ủy viên") for k in range(rng.randint(1, 5))])
        for i in range(rng.randint(0, 2)):
            Person.objects.create(authority=authority, family_name="Lê", middle_name="Thị", given_name=f"Thi Đua {i}",
                                  gender=rng.choice("MF"), position="Công chức phụ trách thi đua, khen thưởng",
                                  birth_date=dt.date(rng.randint(1965, 2000), 5, 1))
        people = [person_of(authority, f"Người {k}", rng.choice(["Giáo viên", "Hiệu trưởng", "Phó phòng"]))
                  for k in range(2)]
    for i in range(rng.randint(0, 3)):
        award = rng.choice(OWN_AWARDS[authority.level])
        issue(authority, award, [{"kind": "individual", "person": p} for p in people[: rng.randint(1, 2)]],
              number=n * 10 + i + 1)


def _as_numbers(values):
    return [v if isinstance(v, int) else 0 for v in values]


def _summed(code, parts):
    """The per-authority forms added up: rows by code, columns by name (0602/0603 differ in their awards)."""
    out: dict[tuple[str, str], int] = {}
    for form in parts:
        for _label, row, values, _bold in form.rows:
            if row:
                for col, v in zip(form.columns, _as_numbers(values), strict=True):
                    out[(row, col)] = out.get((row, col), 0) + v
    return out


def _cells(form):
    return {(row, col): v for _label, row, values, _b in form.rows if row
            for col, v in zip(form.columns, _as_numbers(values), strict=True)}


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_forms_across_levels_are_the_sum_of_each_authority(levels, seed):
    rng = random.Random(seed)
    with scopes_disabled():
        extra = [make_below(levels.province, f"xa-r{seed}-{i}", f"xã Ngẫu Nhiên {i}") for i in range(rng.randint(0, 2))]
        if rng.random() < 0.5 and extra:  # a commune below a department: the tree is walked, not one level
            extra[0].parent = levels.department
            extra[0].save()
    members = [levels.province, levels.commune, levels.sibling, levels.department, *extra]
    for n, a in enumerate(members):
        _fill(rng, a, n)
    _fill(rng, levels.other_commune, 99)  # another province's data never counts
    with scopes_disabled():
        ids = [levels.province.pk, *tree.descendant_ids(levels.province)]
        assert sorted(ids) == sorted(a.pk for a in members)
        for code in stats.FORMS:
            whole = stats.build(code, levels.province, *YEAR, ids)
            parts = [stats.build(code, a, *YEAR) for a in members]
            summed = _summed(code, parts)
            cells = _cells(whole)
            assert {k: v for k, v in cells.items() if v} == {k: v for k, v in summed.items() if v}, code
            assert sum(v for _, v in whole.by_authority) == _as_numbers(whole.rows[0][2])[0] or code == "0604"


@pytest.mark.django_db
def test_a_copy_of_the_province_decision_below_counts_once(levels):
    with scopes_disabled():
        p = person_of(levels.commune, "Hạ")
    issue(levels.commune, "bk-tinh", [{"kind": "individual", "person": p}], number=7, level="ct-tinh")  # the copy
    with scopes_disabled():
        alone = stats.build("0603", levels.commune, *YEAR)
        whole = stats.build("0603", levels.province, *YEAR, [levels.province.pk, levels.commune.pk])
    assert alone.rows[0][2][0] == 1  # the commune's report shows the award it proposed
    assert whole.rows[0][2][0] == 0  # across levels the copy is left out: it is the province's decision


def _count_queries(levels, communes):
    with scopes_disabled():
        ids = [levels.province.pk, *communes]
    with CaptureQueriesContext(connection) as ctx, scope(authority=ids):
        for code in stats.FORMS:
            stats.build(code, levels.province, *YEAR, ids)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_communes(levels):
    rng = random.Random(7)
    with scopes_disabled():
        more = [make_below(levels.province, f"xa-q{i}", f"xã Đếm {i}") for i in range(3)]
    for n, a in enumerate([levels.province, levels.commune, *more]):
        _fill(rng, a, n)
    one = _count_queries(levels, [levels.commune.pk])
    three = _count_queries(levels, [levels.commune.pk, *(a.pk for a in more[:2])])
    four = _count_queries(levels, [levels.commune.pk, *(a.pk for a in more)])
    assert one == three == four, (one, three, four)


@pytest.mark.django_db
def test_the_page_counts_the_province_for_its_office_only(client, levels):
    _fill(random.Random(3), levels.commune, 1)
    url = reverse("awards:statistics")
    client.force_login(levels.users["p_secretariat"])
    page = client.get(url + "?pham_vi=toan-tinh&from=01/01/2026&to=31/12/2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert "toàn tỉnh" in html and 'data-testid="chart-0601"' in html and 'data-chart="chart-0603"' in html
    assert 'id="chart-0601"' in html  # its data, as json_script
    assert levels.commune.short_name in html.split('data-testid="by-authority-0601"')[1].split("</table>")[0]
    # the same page for the province alone
    assert "toàn tỉnh:" not in client.get(url + "?from=01/01/2026&to=31/12/2026").content.decode()
    # a commune's office cannot count "toàn tỉnh", nor its reviewer; nor a department's
    for who in ("c_secretariat", "c_leader", "d_secretariat"):
        client.force_login(levels.users[who])
        assert client.get(url + "?pham_vi=toan-tinh").status_code == 404, who
        assert client.get(reverse("awards:statistics_file", args=["0601", "xlsx"]) + "?pham_vi=toan-tinh"
                          ).status_code == 404, who
        assert "Toàn tỉnh (cùng" not in client.get(url).content.decode()
    client.force_login(levels.users["p_secretariat"])
    assert client.get(url + "?pham_vi=bat-ky").status_code == 404


@pytest.mark.django_db
def test_the_province_wide_form_is_issued_by_the_province(client, levels):
    _fill(random.Random(5), levels.commune, 1)
    client.force_login(levels.users["p_secretariat"])
    base = "?pham_vi=toan-tinh&from=01/01/2026&to=31/12/2026"
    pdf = client.get(reverse("awards:statistics_file", args=["0601", "pdf"]) + base)
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content)
                                                                  if pdf.streaming else pdf.content)).pages)
    flat = " ".join(text.split())
    assert "Đơn vị báo cáo: UBND tỉnh Đồng Nai" in flat and "XÃ, PHƯỜNG, ĐẶC KHU TRỰC THUỘC" in flat
    assert "UBND xã Tân Khai" not in flat.split("Đơn vị báo cáo")[1][:60]
    docx = client.get(reverse("awards:statistics_file", args=["0603", "docx"]) + base)
    assert docx.status_code == 200
    xlsx = client.get(reverse("awards:statistics_file", args=["0605", "xlsx"]) + base)
    assert xlsx.status_code == 200
