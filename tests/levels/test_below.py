"""A province's read-only view of those below it (#19): only an ancestor's office opens a child's pages,
everything else is 404; the pages only read (GET, no form), and the child's scope is open for the read only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from tests.levels.conftest import issue
from thidua.emulation import services as emulation
from thidua.orgs.models import Organisation
from thidua.web.below import WriteWhileReadingBelow, reading_below

pytestmark = pytest.mark.django_db
PAGES = ("web:below_covenants", "web:below_ranking", "web:below_awards")


@pytest.fixture
def below(levels):
    """The commune's 2024 cycle: a block of three units, scored, locked and published; a decision."""
    s = make_cycle(levels.world)
    a, b, c = s.units
    with scopes_disabled():
        score_fully(s, a, {"1.1": 100, "1.2": 0, "2.1": 1})
        score_fully(s, b, {"1.1": 120, "1.2": 0, "2.1": 3})
        score_fully(s, c, {"1.1": 90, "1.2": 0})
        emulation.lock_group(None, s.group, publish=True)
        emulation.create_group(None, s.cycle, "cum", "Cụm chưa công bố")
    issue(levels.commune, "gk-xa", [{"kind": "individual", "person": levels.world.person_a},
                                    {"kind": "collective", "organisation": levels.world.unit_b}],
          number=9, day=dt.date(2024, 12, 30))
    with scopes_disabled():  # the sibling's own data, which must never show
        Organisation.objects.filter(authority=levels.sibling).update(name="Trường Mầm non Bí Mật Minh Đức")
    levels.setup = s
    return levels


def test_the_province_lists_those_below(client, below):
    client.force_login(below.users["p_secretariat"])
    html = client.get(reverse("web:below_list")).content.decode()
    tree = html.split('data-testid="below-tree"')[1].split("</table>")[0]
    for a in (below.commune, below.sibling, below.department):
        assert a.name in tree
    assert below.other_commune.name not in tree and below.province.name not in tree
    client.force_login(below.users["c_secretariat"])  # a commune has none below it
    assert 'data-testid="below-empty"' in client.get(reverse("web:below_list")).content.decode()


def test_the_province_reads_a_communes_covenants_ranking_and_awards(client, below):
    client.force_login(below.users["p_leader"])
    args = [below.commune.pk]
    covenants = client.get(reverse("web:below_covenants", args=args)).content.decode()
    assert "Trường Tiểu học Tân Khai A" in covenants and "3 đã chấp nhận" in covenants
    ranking = client.get(reverse("web:below_ranking", args=args)).content.decode()
    rows = ranking.split('data-testid="below-ranking"')[1].split("</table>")[0]
    s = below.setup
    assert rows.index(s.units[1].name) < rows.index(s.units[0].name) < rows.index(s.units[2].name)
    assert "Cụm chưa công bố" not in ranking and "1 cụm, khối chưa công bố" in ranking
    awards = client.get(reverse("web:below_awards", args=args)).content.decode()
    assert "Nguyễn Văn Hạ" in awards and "Phòng Văn hóa - Xã hội" in awards
    for page in (covenants, ranking, awards):
        main = page.split("<main")[1].split("</main>")[0]
        assert 'method="post"' not in main and "csrfmiddlewaretoken" not in main
        assert "Bí Mật" not in page  # nothing of the sibling


@pytest.mark.parametrize("name", PAGES)
def test_isolation_of_every_page(client, below, name):
    own = [below.commune.pk]
    for who in ("p_secretariat", "p_leader", "p_admin"):
        client.force_login(below.users[who])
        assert client.get(reverse(name, args=own)).status_code == 200, who
        assert client.get(reverse(name, args=[below.department.pk])).status_code == 200, who
        assert client.get(reverse(name, args=[below.other_commune.pk])).status_code == 404, who  # another province
        assert client.get(reverse(name, args=[below.province.pk])).status_code == 404, who  # itself
        assert client.get(reverse(name, args=[999999])).status_code == 404, who
        assert client.post(reverse(name, args=own)).status_code == 405, who  # read-only
    client.force_login(below.users["p_reviewer"])
    assert client.get(reverse(name, args=own)).status_code == 403
    for who in ("c_secretariat", "c_leader", "c_admin"):  # the child: not its own, not its parent's, not a sibling's
        client.force_login(below.users[who])
        for target in (below.commune, below.province, below.sibling, below.department):
            assert client.get(reverse(name, args=[target.pk])).status_code == 404, (who, target)
    client.force_login(below.users["c_other_secretariat"])  # the sibling commune
    assert client.get(reverse(name, args=own)).status_code == 404
    client.force_login(below.users["d_secretariat"])  # a department beside the commune
    assert client.get(reverse(name, args=own)).status_code == 404
    client.force_login(below.users["q_secretariat"])  # another province
    assert client.get(reverse(name, args=own)).status_code == 404
    for who in ("c_unit_officer", "c_reception", "c_reviewer"):
        client.force_login(below.users[who])
        assert client.get(reverse(name, args=own)).status_code in (403, 404), who
    client.logout()
    assert client.get(reverse(name, args=own)).status_code == 302


def test_the_list_is_for_an_office_only(client, below):
    for who, status in (("p_reviewer", 403), ("c_unit_officer", 403), ("c_reception", 403)):
        client.force_login(below.users[who])
        assert client.get(reverse("web:below_list")).status_code == status, who
    client.force_login(below.users["p_secretariat"])
    assert client.post(reverse("web:below_list")).status_code == 405


def test_reading_below_checks_the_tree_and_refuses_writes(below):
    user = below.users["p_secretariat"]
    with reading_below(user, below.commune.pk) as child:
        assert child == below.commune
        assert set(Organisation.objects.values_list("authority_id", flat=True)) == {below.commune.pk}
        with pytest.raises(WriteWhileReadingBelow), transaction.atomic():
            Organisation.objects.create(authority=below.commune, code="zz", name="Không được ghi")
    with pytest.raises(Http404), reading_below(below.users["c_secretariat"], below.province.pk):
        pass


def test_pages_read_in_a_bounded_number_of_queries(client, below):
    client.force_login(below.users["p_secretariat"])
    counts = []
    for name in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name, args=[below.commune.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert max(counts) < 40, counts
