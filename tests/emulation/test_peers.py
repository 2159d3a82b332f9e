"""Cross scoring by peer units of the same cluster/block: default ring, the secretariat's
arrangement, comments per criterion, and tampering by units that are not assigned."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua.emulation import queries, services
from thidua.emulation.models import PeerAssignment, Score
from thidua.orgs.audit import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


def _submitted(s, unit, values):
    with scopes_disabled():
        sheet = services.get_sheet(s.cycle, unit)
        services.save_scores(None, sheet, "self", {s.crit[k].pk: (v, "") for k, v in values.items()})
        services.transition_sheet(None, sheet, "submitted")
        return sheet


def test_default_ring_follows_signing_order():
    assert queries.default_peers([1, 2, 3]) == {2: 1, 3: 2, 1: 3}
    assert queries.default_peers([7]) == {}


def test_assigned_peer_cross_scores_with_comments_and_others_cannot(world, setup):
    a, b, c = setup.units  # signing order; unit_a's officer scores b by default; b is the head
    officer = world.users["unit_officer"]
    sheet_b = _submitted(setup, b, {"1.2": 0, "2.1": 2})
    sheet_c = _submitted(setup, c, {"1.2": 0, "2.1": 3})
    with scopes_disabled():
        assert officer.has_perm("emulation.cross_score", sheet_b)
        assert not officer.has_perm("emulation.cross_score", sheet_c)
        with pytest.raises(ValidationFailed) as info:
            services.save_scores(officer, sheet_b, "cross", {setup.crit["2.1"].pk: ("1", "")})
        assert "cần ghi nhận xét" in info.value.errors[setup.crit["2.1"].pk]
        services.save_scores(officer, sheet_b, "cross", {setup.crit["2.1"].pk: ("1", "Chỉ 1 mô hình được công nhận"),
                                                         setup.crit["1.2"].pk: ("0", "")})
        score = Score.objects.get(sheet=sheet_b, criterion=setup.crit["2.1"])
        assert score.cross_value == 1 and score.cross_comment == "Chỉ 1 mô hình được công nhận"
        log = AuditLog.objects.filter(action="emulation.score.cross", actor=officer).first()
        assert log is not None
        with pytest.raises(PermissionDenied):  # not assigned to c, not its head
            services.save_scores(officer, sheet_c, "cross", {setup.crit["2.1"].pk: ("0", "x")})
        with pytest.raises(PermissionDenied):  # a peer scores; only the head or the office returns a sheet
            services.transition_sheet(officer, sheet_b, "draft", "Làm lại")
        services.transition_sheet(officer, sheet_b, "reviewed")

        # the secretariat rearranges: a scores c, c scores b, b scores a
        sec = world.users["secretariat"]
        with pytest.raises(ValidationFailed, match="không tự chấm chéo"):
            services.set_peer_assignments(sec, setup.group, {a.pk: a.pk, b.pk: c.pk, c.pk: b.pk})
        with pytest.raises(ValidationFailed, match="Chưa phân công"):
            services.set_peer_assignments(sec, setup.group, {a.pk: b.pk})
        with pytest.raises(ValidationFailed, match="phải là thành viên"):
            services.set_peer_assignments(sec, setup.group, {a.pk: world.other_unit.pk, b.pk: c.pk, c.pk: a.pk})
        with pytest.raises(PermissionDenied):
            services.set_peer_assignments(officer, setup.group, {a.pk: b.pk, b.pk: c.pk, c.pk: a.pk})
        services.set_peer_assignments(sec, setup.group, {a.pk: b.pk, b.pk: c.pk, c.pk: a.pk})
        assert PeerAssignment.objects.filter(group=setup.group).count() == 3
        assert officer.has_perm("emulation.cross_score", sheet_c)
        services.save_scores(officer, sheet_c, "cross", {setup.crit["2.1"].pk: ("2", "Thiếu minh chứng 1 mô hình")})
        services.set_members(sec, setup.group, [a, c, b])  # a new signing order keeps the arrangement
        assert PeerAssignment.objects.filter(group=setup.group).count() == 3
        from thidua.orgs.models import Organisation

        d = Organisation.objects.create(authority=world.authority, code="d", name="Trường THCS Tân Khai")
        services.set_members(sec, setup.group, [a, c, b, d])  # a new member: back to the default ring
        assert not PeerAssignment.objects.filter(group=setup.group).exists()
        assert queries.peer_map(setup.group) == {c.pk: a.pk, b.pk: c.pk, d.pk: b.pk, a.pk: d.pk}


def test_peer_pages_and_tampering(client, world, setup):
    a, b, c = setup.units
    _submitted(setup, b, {"1.2": 0, "2.1": 2})
    _submitted(setup, c, {"1.2": 0, "2.1": 2})
    client.force_login(world.users["unit_officer"])
    unit_page = client.get(reverse("emulation:unit", args=[setup.cycle.pk, a.pk])).content.decode()
    assert 'data-testid="cross-sheets"' in unit_page and b.name in unit_page and c.name not in unit_page.split(
        'data-testid="cross-sheets"')[1].split("</table>")[0]
    url_b = reverse("emulation:sheet", args=[setup.cycle.pk, b.pk])
    page = client.get(url_b).content.decode()
    assert f'aria-label="Chấm chéo {setup.crit["2.1"].code}"' in page and "Trả đơn vị chấm lại" not in page
    assert client.post(url_b, {"action": "save", f"v{setup.crit['2.1'].pk}": "1",
                               f"n{setup.crit['2.1'].pk}": "Chỉ có 1 mô hình"}).status_code == 302
    url_c = reverse("emulation:sheet", args=[setup.cycle.pk, c.pk])
    assert client.get(url_c).status_code == 403
    assert client.post(url_c, {"action": "save", f"v{setup.crit['2.1'].pk}": "0",
                               f"n{setup.crit['2.1'].pk}": "x"}).status_code == 403
    assert client.post(url_b, {"action": "return", "reason": "x"}).status_code == 403
    with scopes_disabled():
        assert Score.objects.get(sheet__organisation=c, criterion=setup.crit["2.1"]).cross_value is None
        assert Score.objects.get(sheet__organisation=b, criterion=setup.crit["2.1"]).cross_value == 1
        assert services.get_sheet(setup.cycle, b).status == "submitted"  # the peer could not return it
    group_url = reverse("emulation:group", args=[setup.group.pk])
    assert client.post(group_url, {"action": "peers", f"scorer{a.pk}": b.pk, f"scorer{b.pk}": c.pk,
                                   f"scorer{c.pk}": a.pk}).status_code == 403
    client.force_login(world.users["secretariat"])
    page = client.post(group_url, {"action": "peers", f"scorer{a.pk}": a.pk, f"scorer{b.pk}": c.pk,
                                   f"scorer{c.pk}": a.pk}, follow=True).content.decode()
    assert "không tự chấm chéo cho mình" in page
    assert client.post(group_url, {"action": "peers", f"scorer{a.pk}": b.pk, f"scorer{b.pk}": c.pk,
                                   f"scorer{c.pk}": a.pk}).status_code == 302
    client.force_login(world.users["unit_officer"])
    assert client.get(url_c).status_code == 200
    assert client.get(url_b).status_code == 403
