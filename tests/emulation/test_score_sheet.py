"""The score sheet (issue #20): each criterion's rule in words, its own comment and evidence, running
totals from sheet.js's data, and "Chưa chấm" for units without a score (sheet, ranking, exports)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.emulation.helpers import make_cycle, score_fully
from tests.factories import make_user
from thidua.emulation import documents, queries, scoring, services
from thidua.emulation.models import Evidence, Score
from thidua.orgs.models import AuditLog, Organisation, Role
from thidua.vn.money import format_decimal

# --- the rule in words (pure) ----------------------------------------------------------------------

points = st.decimals(min_value="0.5", max_value="100", places=2).map(float)


def _said(text: str, x: float) -> bool:
    return f"{format_decimal(x)} điểm" in text


@given(mx=points)
def test_fixed_rule_says_the_points_of_1_and_0(mx):
    rule = scoring.Rule(1, "1.1", "I", scoring.FIXED, mx)
    text = scoring.rule_text(rule)
    assert text.startswith("Đạt / không đạt")
    assert _said(text, scoring.criterion_points(rule, 1)) and "nhập 1 (đạt)" in text
    assert scoring.criterion_points(rule, 0) == 0 and "nhập 0 (không đạt) được 0 điểm" in text


@given(mx=points, each=points)
def test_per_occurrence_rule_says_each_cap_and_when_the_cap_is_reached(mx, each):
    rule = scoring.Rule(1, "2.1", "II", scoring.PER_OCCURRENCE, mx, each)
    text = scoring.rule_text(rule, unit_label="mô hình")
    assert _said(text, scoring.criterion_points(rule, 1) if each <= mx else each)
    assert f"tối đa {format_decimal(mx)} điểm" in text and "không có lần nào được 0 điểm" in text
    assert scoring.criterion_points(rule, 0) == 0
    full = int(re.search(r"từ (\d+) mô hình trở lên", text).group(1))
    assert scoring.criterion_points(rule, full) == pytest.approx(mx)  # the count it names reaches the cap
    if full > 1:
        assert scoring.criterion_points(rule, full - 1) < mx - 1e-9  # and no fewer does


@given(mx=points, target=st.decimals(min_value="0.5", max_value="10000", places=2).map(float))
def test_target_rule_says_the_points_at_the_target_at_zero_and_for_the_best(mx, target):
    rule = scoring.Rule(1, "1.1", "I", scoring.TARGET, mx)
    text = scoring.rule_text(rule, target)
    assert f"chỉ tiêu {format_decimal(target)}" in text
    at_target = scoring.criterion_points(rule, target, target, 1.0)
    assert f"đạt đúng chỉ tiêu được {format_decimal(at_target)} điểm" in text
    assert scoring.criterion_points(rule, 0, target) == 0 and "kết quả 0 được 0 điểm" in text
    best = scoring.criterion_points(rule, target * 1.5, target, 1.5)
    assert f"đủ {format_decimal(best)} điểm" in text


def test_target_rule_without_a_target_says_it_does_not_apply():
    rule = scoring.Rule(1, "1.1", "I", scoring.TARGET, 20)
    assert "không áp dụng" in scoring.rule_text(rule, None)
    # the issue's example: 2 of 2 targets met gives half the maximum, and the sheet says why
    assert scoring.criterion_points(rule, 2, 2, 1.0) == 10
    assert "đạt đúng chỉ tiêu được 10 điểm" in scoring.rule_text(rule, 2)


@given(mx=points, cap=points)
def test_bonus_and_penalty_rules_say_their_range_and_cap(mx, cap):
    bonus = scoring.Rule(1, "4.1", "IV", scoring.BONUS, mx)
    text = scoring.rule_text(bonus, bonus_cap=cap)
    assert _said(text, scoring.criterion_points(bonus, mx * 3)) and f"không quá {format_decimal(cap)} điểm" in text
    penalty = scoring.Rule(2, "4.2", "IV", scoring.PENALTY, mx)
    text = scoring.rule_text(penalty, penalty_cap=cap)
    assert text.startswith("Điểm trừ") and _said(text, scoring.criterion_points(penalty, mx)) and "không dưới 0" in text


# --- the sheet page --------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


def _rows(page: str) -> dict[str, str]:
    """The HTML of each criterion's row, by criterion code."""
    out = {}
    for row in re.findall(r'<tr data-testid="criterion".*?</tr>', page, re.S):
        code = re.search(r'<th scope="row"[^>]*>([^<]+)</th>', row).group(1)
        out[code] = row
    return out


def _register(setup, world, unit, target=100):
    with scopes_disabled():
        cov = services.save_covenant(None, setup.cycle, unit, {setup.crit["1.1"].pk: target}, "Cam kết")
        services.transition_covenant(None, cov, "submitted")
        services.transition_covenant(None, cov, "accepted")


@pytest.mark.django_db
def test_each_criterion_shows_its_rule_in_words(client, world, setup):
    _register(setup, world, world.unit_a, target=2)
    client.force_login(world.users["unit_officer"])
    page = client.get(reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])).content.decode()
    rows = _rows(page)
    assert set(rows) == {"1.1", "1.2", "2.1", "4.1", "4.2"}
    assert "Theo chỉ tiêu được giao (chỉ tiêu 2)" in rows["1.1"] and "đạt đúng chỉ tiêu được 10 điểm" in rows["1.1"]
    assert "nhập 1 (đạt) được đủ 10 điểm" in rows["1.2"]
    assert "mỗi lần được 2 điểm, tối đa 6 điểm (từ 3 lần trở lên)" in rows["2.1"]
    assert "không quá 5 điểm" in rows["4.1"] and "không quá 10 điểm" in rows["4.2"]
    # nothing entered yet: the sheet says so instead of a total of 0
    assert re.search(r'data-testid="total" data-total[^>]*>Chưa chấm<', page)


@pytest.mark.django_db
def test_the_script_gets_each_rule_and_the_page_loads_it_from_a_static_file(client, world, setup):
    _register(setup, world, world.unit_a, target=100)
    client.force_login(world.users["unit_officer"])
    page = client.get(reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])).content.decode()
    rows = _rows(page)
    assert 'data-kind="chi_tieu" data-max="20.0"' in rows["1.1"] and 'data-target="100.0"' in rows["1.1"]
    assert 'data-kind="theo_lan" data-max="6.0" data-each="2.0"' in rows["2.1"]
    assert 'data-bonus-cap="5.0" data-penalty-cap="10.0"' in page
    assert '/static/emulation/sheet.js' in page and "<script>" not in page and " oninput=" not in page


@pytest.mark.django_db
def test_a_comment_per_criterion_is_saved_audited_and_shown_to_the_reviewer(client, world, setup):
    _register(setup, world, world.unit_a)
    officer = world.users["unit_officer"]
    url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])
    client.force_login(officer)
    page = client.get(url).content.decode()
    c21 = setup.crit["2.1"].pk
    assert f'<label class="small mt-1" for="n{c21}">Ghi chú 2.1</label>' in page  # a labelled box on its row
    client.post(url, {"action": "save", f"v{c21}": "2", f"n{c21}": "Mô hình “Trường học xanh”, “Sân chơi an toàn”"})
    with scopes_disabled():
        score = Score.objects.get(sheet__organisation=world.unit_a, criterion_id=c21)
        assert score.self_note == "Mô hình “Trường học xanh”, “Sân chơi an toàn”"
        log = AuditLog.objects.filter(action="emulation.score.self").latest("id")
        assert log.after["self_note"] == score.self_note
        sheet = services.get_sheet(setup.cycle, world.unit_a)
        services.transition_sheet(officer, sheet, "submitted")
    client.force_login(world.users["reviewer"])
    page = client.get(url).content.decode()
    row = _rows(page)["2.1"]
    assert "Ghi chú: Mô hình “Trường học xanh”" in row.replace("&ldquo;", "“").replace("&rdquo;", "”") \
        or "Ghi chú: Mô hình" in row
    assert f'for="n{c21}">Nhận xét 2.1</label>' in row
    client.post(url, {"action": "save", f"v{c21}": "1", f"n{c21}": "Chỉ một mô hình có quyết định công nhận"})
    with scopes_disabled():
        assert Score.objects.get(pk=score.pk).cross_comment == "Chỉ một mô hình có quyết định công nhận"
        assert AuditLog.objects.filter(action="emulation.score.cross").latest("id").after["cross_comment"]
    client.force_login(officer)
    row = _rows(client.get(url).content.decode())["2.1"]
    assert "Nhận xét: Chỉ một mô hình có quyết định công nhận" in row


@pytest.mark.django_db
def test_evidence_is_uploaded_and_listed_on_its_criterion(client, world, setup, settings):
    _register(setup, world, world.unit_a)
    officer = world.users["unit_officer"]
    url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])
    client.force_login(officer)
    c12, c21 = setup.crit["1.2"].pk, setup.crit["2.1"].pk
    page = client.get(url).content.decode()
    rows = _rows(page)
    assert f'form="ev{c12}"' in rows["1.2"] and "Tệp minh chứng cho tiêu chí 1.2" in rows["1.2"]
    assert f'<form id="ev{c12}" method="post" enctype="multipart/form-data" hidden>' in page
    assert 'name="criterion"><option' not in page and '<select' not in page  # no form at the bottom
    client.post(url, {"action": "evidence", "criterion": c12, "file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 a")})
    client.post(url, {"action": "evidence", "criterion": c21, "file": SimpleUploadedFile("mo-hinh.png",
                                                                                          b"\x89PNG\r\n\x1a\n0000")})
    rows = _rows(client.get(url).content.decode())
    assert "ke-hoach.pdf" in rows["1.2"] and "mo-hinh.png" not in rows["1.2"]
    assert "mo-hinh.png" in rows["2.1"] and "ke-hoach.pdf" not in rows["2.1"]
    # bounded: a file over the limit is refused and nothing is kept
    settings.UPLOAD_MAX_BYTES = 20
    page = client.post(url, {"action": "evidence", "criterion": c12,
                             "file": SimpleUploadedFile("lon.pdf", b"%PDF-1.4 " + b"x" * 50)}, follow=True)
    with scopes_disabled():
        assert not Evidence.objects.filter(filename="lon.pdf").exists()
        ev = Evidence.objects.get(filename="ke-hoach.pdf")
    assert "lon.pdf" not in _rows(page.content.decode())["1.2"]
    # served only after a permission check: another unit's officer outside the block, another authority
    with scopes_disabled():
        outsider_unit = Organisation.objects.create(authority=world.authority, code="x", name="Trường THCS Ngoài Khối")
        outsider = make_user("ngoai", Role.UNIT_OFFICER, world.authority, outsider_unit)
    client.force_login(outsider)
    assert client.get(reverse("emulation:evidence", args=[ev.pk])).status_code == 403
    assert client.post(url, {"action": "evidence", "criterion": c12,
                             "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")}).status_code == 403
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("emulation:evidence", args=[ev.pk])).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("emulation:evidence", args=[ev.pk])).status_code == 200


@pytest.mark.django_db
def test_sheet_query_count_does_not_grow_with_criteria_groups(client, world, setup):
    _register(setup, world, world.unit_a)
    client.force_login(world.users["unit_officer"])
    url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])
    with scopes_disabled():
        card = setup.card
        # one criteria group with a score and evidence …
        for code in ("4.1", "4.2", "2.1", "1.1"):
            setup.crit[code].delete()
        sheet = services.get_sheet(setup.cycle, world.unit_a)
        services.save_scores(None, sheet, "self", {setup.crit["1.2"].pk: ("1", "đạt")})
        services.add_evidence(None, sheet, setup.crit["1.2"], "a.pdf", b"%PDF-1.4 a")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    with scopes_disabled():  # … then three groups, each with criteria, scores and evidence
        for code in ("V", "VI"):
            g = services.add_criteria_group(None, card, code, f"Nhóm {code}")
            for i, kind in enumerate(("co_dinh", "theo_lan", "thuong")):
                c = services.add_criterion(None, card, g, {"code": f"{code}.{i}", "name": f"Tiêu chí {code}.{i}",
                                                           "kind": kind, "max_points": 4,
                                                           "unit_points": 1 if kind == "theo_lan" else None})
                services.save_scores(None, sheet, "self", {c.pk: ("1", "ghi chú")})
                services.add_evidence(None, sheet, c, f"{code}{i}.pdf", b"%PDF-1.4 b")
    page = client.get(url).content.decode()
    assert len(_rows(page)) == 7 and "V1.pdf" in _rows(page)["V.1"]
    assert count() == one


# --- "Chưa chấm" in the ranking and its exports ----------------------------------------------------

@pytest.mark.django_db
def test_a_ranking_with_no_scores_says_so_instead_of_ranking_everyone_first(client, world, setup):
    client.force_login(world.users["secretariat"])
    url = reverse("emulation:ranking", args=[setup.cycle.pk])
    page = client.get(url).content.decode()
    assert "Chưa có đơn vị nào trong Khối trường học được chấm điểm nên chưa xếp hạng" in page
    assert "Nhất" not in page and page.count('data-testid="unscored"') == 3
    ws = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    lines = [[c.value for c in r] for r in ws.iter_rows() if r[2].value in {u.name for u in setup.units}]
    # (no., group, unit, total, maximum, score, rank, place, grade, note): no total, rank, place, grade
    assert len(lines) == 3 and all(r[3] in (None, "") and all(x in (None, "") for x in r[5:9]) for r in lines)
    assert all(r[9].startswith("Chưa chấm") for r in lines)
    with scopes_disabled():
        results = queries.cycle_ranking(setup.cycle)
    assert results[0].ranking.rows == [] and results[0].ranking.unscored_only
    assert all(line.rank is None and line.grade == "" for _, line in documents._rank_rows(results))


@pytest.mark.django_db
def test_units_not_scored_yet_are_listed_apart_without_a_rank(client, world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 90, "1.2": 0, "2.1": 1})
        results = queries.cycle_ranking(setup.cycle)
    r = results[0].ranking
    assert [row.entry.unit for row in r.rows] == [world.unit_a.pk] and r.rows[0].rank == 1
    assert {e.unit for e in r.unscored} == {world.unit_b.pk, setup.units[2].pk} and not r.unscored_only
    lines = {line.unit: line for _, line in documents._rank_rows(results)}
    assert lines[world.unit_b.name].rank is None and lines[world.unit_b.name].total is None
    assert lines[world.unit_b.name].note.startswith("Chưa chấm")
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("emulation:ranking", args=[setup.cycle.pk])).content.decode()
    assert page.count('data-testid="unscored"') == 2 and "1 – Nhất" in page and "2 – Nhì" not in page
    assert "chưa xếp hạng" not in page
    pdf = client.get(reverse("emulation:ranking", args=[setup.cycle.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_locked_unit_without_scores_reads_chua_cham_on_its_page(client, world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 100, "1.2": 0, "2.1": 2})
        score_fully(setup, world.unit_b, {"1.1": 90, "1.2": 0, "2.1": 1})
        empty = services.get_sheet(setup.cycle, setup.units[2])
        for status in ("submitted", "reviewed", "final"):  # sent on without a single value
            services.transition_sheet(None, empty, status)
        services.lock_group(None, setup.group, publish=True)
        line = queries.unit_ranking(setup.cycle, setup.units[2].pk)
    assert line["line"] is None and [r["rank"] for r in line["table"]] == [1, 2]
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("emulation:unit", args=[setup.cycle.pk, setup.units[2].pk])).content.decode()
    assert "Chưa chấm: đơn vị chưa có điểm nên không được xếp hạng." in page
    page = client.get(reverse("emulation:unit", args=[setup.cycle.pk, world.unit_a.pk])).content.decode()
    assert "Xếp thứ <strong>1</strong>" in page
