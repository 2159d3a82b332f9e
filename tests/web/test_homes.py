"""Each role's home (thidua.web.homes): the leader's figures, tables and the chart data drawn from them,
the unit officer's tasks across apps by deadline, the appraiser's queue, reception straight to the desk,
the authority's name in the header; and a query count that does not grow with the rows."""

import datetime as dt
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.program.conftest import make_decision
from thidua import clock
from thidua.awards import services as award_services
from thidua.awards.models import Award, AwardFamily, DecisionLine, Proposal
from thidua.checkin.models import CheckIn
from thidua.emulation.models import (
    Covenant,
    CovenantStatus,
    CriteriaGroup,
    Criterion,
    Cycle,
    Group,
    Membership,
    Score,
    Scorecard,
    ScoreSheet,
)
from thidua.events import services as event_services
from thidua.events import tokens
from thidua.events.models import Delegate
from thidua.logistics import services as logistics_services
from thidua.logistics.models import Material, MaterialStatus
from thidua.orgs.models import Person, Signer
from thidua.program import services as program_services
from thidua.program.models import Talk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 4, 1)
EVENT_DAY = dt.date(2025, 4, 10)


@pytest.fixture(autouse=True)
def _on_first_of_april():
    with clock.as_of(TODAY):
        yield


def setup_base(world):
    """An event on 10/4/2025, a 2025 cycle with a block of both units (unit_b's covenant accepted), talks."""
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True, display_order=1)
        award_services.seed_catalogue(None)
        event = event_services.create_event(None, world.authority, {
            "slug": "tong-ket-2024", "title": "Hội nghị tổng kết năm 2024", "date": EVENT_DAY,
            "start_time": dt.time(7, 30), "capacity": 300})
        cycle = Cycle.objects.create(authority=world.authority, year=2025, name="Năm thi đua 2025",
                                     covenant_deadline=dt.date(2025, 4, 20), self_score_deadline=dt.date(2025, 11, 30))
        group = Group.objects.create(cycle=cycle, kind="khoi", name="Khối trường học")
        for unit in (world.unit_a, world.unit_b):
            Membership.objects.create(cycle=cycle, group=group, organisation=unit)
        Covenant.objects.create(cycle=cycle, organisation=world.unit_b, status=CovenantStatus.ACCEPTED,
                                created_at=timezone.now(), submitted_at=timezone.now())
        program_services.update_settings(None, event, {"talk_deadline": dt.date(2025, 3, 28), "talk_count": 2})
        program_services.invite_talk(None, event, world.unit_a, "Nhất khối")
        talk_b = program_services.invite_talk(None, event, world.unit_b, "Nhì khối")
        Talk.objects.filter(pk=talk_b.pk).update(status="submitted", title="Kinh nghiệm chuyển đổi số")
    return event


def add_rows(world, event, start: int, count: int):
    """`count` more of every row kind: people invited (one checked in), award lines, unit_a's tasks and
    materials, materials and proposals waiting for review, proposals returned to unit_a."""
    with scopes_disabled():
        cats = {c.code: c for c in event.categories.all()}
        award = Award.objects.get(code="gk-xa")
        family = AwardFamily.objects.first()
        people = [Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Phạm",
                                        middle_name="Văn", given_name=f"Người{start + i:02d}", position="Giáo viên")
                  for i in range(count)]
        delegates = event_services.add_people(None, event, cats["b"], people)[0]
        Delegate.objects.filter(pk=delegates[0].pk).update(reply_status="accepted")
        CheckIn.objects.create(event=event, delegate=delegates[0], at=timezone.now(), nonce=f"n{start}")
        make_decision(world.authority, "gk-xa", 100 + start, dt.date(2025, 1, 15),
                      [{"kind": "individual", "person": p} for p in people])
        for i in range(count):
            n = start + i
            logistics_services.save_task(None, event, {"organisation": world.unit_a, "title": f"Nhiệm vụ {n}",
                                                       "deadline": dt.date(2025, 4, 9 - n % 9)})
            Material.objects.create(authority=world.authority, event=event, kind="report", title=f"Bản thảo {n}",
                                    organisation=world.unit_a, status=MaterialStatus.DRAFT)
            Material.objects.create(authority=world.authority, event=event, kind="report", title=f"Chờ duyệt {n}",
                                    organisation=world.unit_b, status=MaterialStatus.IN_REVIEW)
            for unit, status in ((world.unit_b, "submitted"), (world.unit_a, "returned")):
                Proposal.objects.create(authority=world.authority, organisation=unit, year=2024, family=family,
                                        award=award, status=status, created_at=timezone.now(),
                                        submitted_at=timezone.now())


@pytest.fixture
def data(world):
    event = setup_base(world)
    add_rows(world, event, 0, 3)
    return event


def _json_scripts(page: str) -> dict:
    found = re.findall(r'<script id="(chart-[\w_]+)" type="application/json">(.*?)</script>', page, re.S)
    return {k: json.loads(v) for k, v in found}


def _table(page: str, key: str) -> list[list[str]]:
    rows = re.findall(rf'<tr data-testid="row-{key}">(.*?)</tr>', page, re.S)
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def test_leader_sees_figures_with_charts_matching_the_tables(client, world, data):
    client.force_login(world.users["leader"])
    response = client.get(reverse("web:dashboard"))
    page = response.content.decode()
    assert "Không có việc gì cần chú ý" not in page
    charts = _json_scripts(page)
    assert set(charts) >= {"chart-covenants", "chart-awards", "chart-prize", "chart-fund", "chart-replies",
                           "chart-attendance"}
    # every chart is its table: same labels, same values in the same order
    for key, chart in charts.items():
        table = _table(page, key.removeprefix("chart-"))
        assert [r[0] for r in table] == chart["labels"], key
        assert [int(re.sub(r"[^\d-]", "", r[1])) for r in table] == [round(v) for v in chart["values"]], key
    covenants = dict(zip(charts["chart-covenants"]["labels"], charts["chart-covenants"]["values"]))
    assert covenants["Đã chấp nhận"] == 1 and covenants["Chưa đăng ký"] == 1
    with scopes_disabled():
        lines = DecisionLine.objects.filter(decision__authority=world.authority)
        money = sum(ln.amount for ln in lines)
        assert lines.count() == 3
    assert charts["chart-awards"] == {"type": "bar", "labels": ["Cấp xã"], "series": "Lượt khen thưởng", "values": [3]}
    assert charts["chart-prize"]["values"] == [money] and money > 0
    assert "Tiền thưởng theo các quyết định đã ban hành năm 2025" in page  # labelled: not a fund
    with scopes_disabled():  # the fund's year: the own decisions issued this year are its payments (#19)
        own = sum(ln.amount for ln in lines.filter(decision__date__year=2025, decision__signer_level="ct-xa"))
    assert dict(zip(charts["chart-fund"]["labels"], charts["chart-fund"]["values"], strict=True)) == {
        "Tồn đầu năm": 0, "Thu trong năm": 0, "Chi trong năm": own, "Số dư": -own}
    replies = dict(zip(charts["chart-replies"]["labels"], charts["chart-replies"]["values"]))
    assert replies["Tham dự"] == 1 and replies["Chưa trả lời"] == 2, replies
    assert charts["chart-attendance"]["values"] == [3, 3, 1]
    assert 'src="/static/web/charts.js"' in page and "<script>" not in page


def test_unit_officer_sees_its_tasks_across_apps_by_deadline(client, world, data):
    client.force_login(world.users["unit_officer"])
    response = client.get(reverse("web:dashboard"))
    tasks = response.context["tasks"]
    apps = [t["app"] for t in tasks]
    # covenant + self-score sheet + 3 tasks + its talk + 3 materials + 3 returned proposals + replies pending
    assert apps.count("Chuẩn bị hội nghị") == 3 and apps.count("Tài liệu hội nghị") == 3
    assert apps.count("Khen thưởng") == 3 and apps.count("Tham luận") == 1
    assert apps.count("Giao ước thi đua") == 1 and apps.count("Chấm điểm thi đua") == 1 and apps.count("Hội nghị") == 1
    assert len(tasks) == 13
    dated = [t["deadline"] for t in tasks if t["deadline"]]
    assert dated == sorted(dated) and dated[0] == dt.date(2025, 3, 28)  # the talk, already late
    assert tasks[0]["late"] and "quá 4 ngày" in tasks[0]["when"]
    assert all(t["deadline"] is None for t in tasks[len(dated):])  # no deadline: last
    page = response.content.decode()
    assert page.count('data-testid="unit-task"') == 13
    assert "Bản thảo 0" in page and "Chờ duyệt 0" not in page  # not another unit's material
    assert reverse("awards:proposal_detail", args=[tasks[-1]["url"].rstrip("/").split("/")[-1]]) in page
    for t in tasks:  # every link opens for the unit officer
        assert client.get(t["url"]).status_code == 200, t


def test_appraiser_sees_its_review_queue(client, world, data):
    client.force_login(world.users["reviewer"])
    response = client.get(reverse("web:dashboard"))
    queue = response.context["queue"]
    kinds = [q["kind"] for q in queue]
    assert kinds.count("Bài tham luận") == 1 and kinds.count("Tài liệu hội nghị") == 3
    assert kinds.count("Hồ sơ đề nghị khen thưởng") == 3
    page = response.content.decode()
    assert "Chờ thẩm định (7)" in page and "Kinh nghiệm chuyển đổi số" in page
    assert "Bản thảo 0" not in page  # a draft is not waiting for review
    for q in queue:
        assert client.get(q["url"]).status_code == 200, q


def test_reception_lands_on_the_desk_of_today_or_the_next_event(client, world, data):
    client.force_login(world.users["reception"])
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("checkin:desk", args=[data.pk])
    with scopes_disabled():
        today = event_services.create_event(None, world.authority, {"slug": "hom-nay", "title": "Hội nghị hôm nay",
                                                                    "date": TODAY})
    assert client.get(reverse("web:dashboard"))["Location"] == reverse("checkin:desk", args=[today.pk])
    with clock.as_of(EVENT_DAY + dt.timedelta(days=1)):
        page = client.get(reverse("web:dashboard")).content.decode()
    assert 'data-testid="reception-home"' in page and f'href="{reverse("checkin:home")}"' in page


@pytest.mark.parametrize("role", ["admin", "secretariat", "reviewer", "unit_officer", "leader"])
def test_every_home_names_the_authority_in_the_header(client, world, data, role):
    client.force_login(world.users[role])
    for url in (reverse("web:dashboard"), reverse("events:event_list")):
        header = client.get(url).content.decode().split("<main")[0]
        assert 'class="d-block app-authority">Ủy ban nhân dân xã Tân Khai<' in header, (role, url)


def test_secretariat_home_keeps_attention_and_adds_figures(client, world, data):
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("web:dashboard")).content.decode()
    assert 'data-testid="attention"' in page and 'data-testid="figure-awards"' in page


def _count(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("web:dashboard"))
    assert response.status_code in (200, 302)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["admin", "secretariat", "reviewer", "unit_officer", "leader", "reception"])
def test_query_count_does_not_grow_with_rows(client, world, role):
    event = setup_base(world)
    add_rows(world, event, 0, 1)
    one = _count(client, world.users[role])
    add_rows(world, event, 1, 2)
    three = _count(client, world.users[role])
    assert one == three, (role, one, three)
    assert three <= 60, three


def test_leader_sees_last_years_leaders_until_this_years_are_locked(client, world, data):
    with scopes_disabled():
        last = Cycle.objects.create(authority=world.authority, year=2024, name="Năm thi đua 2024")
        card = Scorecard.objects.create(cycle=last, name="Thang điểm 2024")
        crit_group = CriteriaGroup.objects.create(scorecard=card, code="I", name="Nhiệm vụ chính trị")
        crit = Criterion.objects.create(scorecard=card, group=crit_group, kind="theo_lan", name="Số mô hình",
                                        max_points=10, unit_points=2)
        group = Group.objects.create(cycle=last, kind="cum", name="Cụm số 1", scorecard=card,
                                     locked_at=timezone.now())
        for order, (unit, value) in enumerate(((world.unit_a, 5), (world.unit_b, 2)), start=1):
            Membership.objects.create(cycle=last, group=group, organisation=unit, signing_order=order)
            sheet = ScoreSheet.objects.create(cycle=last, group=group, organisation=unit, status="final")
            Score.objects.create(sheet=sheet, criterion=crit, self_value=value, final_value=value)
    client.force_login(world.users["leader"])
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "Đơn vị dẫn đầu các cụm, khối năm 2024" in page
    chart = _json_scripts(page)["chart-leaders"]
    assert chart["labels"] == ["Cụm số 1: Trường Tiểu học Tân Khai A"]
    assert chart["values"] == [100.0]  # 5 times × 2 points, capped at 10 of 10
    assert [r[0] for r in _table(page, "leaders")] == chart["labels"]


def test_the_public_reply_page_names_the_authority_of_its_event(client, world, data):
    with scopes_disabled():
        delegate = Delegate.objects.filter(event=data).first()
    page = client.get(reverse("events:reply_link", args=[tokens.make_reply_token(delegate)])).content.decode()
    assert 'class="d-block app-authority">Ủy ban nhân dân xã Tân Khai<' in page.split("<main")[0]
