"""The receiver's council passes none of a dossier's candidates: the dossier ends as 'Hội đồng không
thông qua' on both sides instead of waiting at the council for ever."""

import pytest
from django_scopes import scopes_disabled

from thidua.awards import services as awards
from thidua.exchange import services
from thidua.exchange.models import DossierEvent
from thidua.orgs.models import AuditLog

from .flow import compose
from .world import province_meeting

pytestmark = pytest.mark.django_db


def test_a_council_that_passes_no_candidate_ends_the_dossier(levels):
    d = compose(levels)
    sec, prov = levels.users["xa.thuongtruc"], levels.users["tinh.thuongtruc"]
    with scopes_disabled():
        d = services.send_dossier(sec, d)
        services.receive_dossier(prov, d)
        d.refresh_from_db()
        services.appraise_dossier(levels.users["tinh.thamdinh"], d, "Đủ hồ sơ")
        m = province_meeting(levels)
        services.to_council(prov, d, m)
        d.refresh_from_db()
        for line in d.receiver_proposal.lines.all():
            awards.record_vote(prov, m, line, "open", 0, 3, 0)
        awards.close_meeting(prov, m)
        d.refresh_from_db()
        assert d.receiver_proposal.status == "rejected"
        assert d.state == "not_passed" and d.decided_at is not None and d.decision_id is None
        assert set(d.items.values_list("outcome", flat=True)) == {"not_decided"}
        last = DossierEvent.objects.filter(dossier=d).order_by("-id").first()
        assert (last.side, last.action, last.to_state) == ("system", "not_passed", "not_passed")
        assert "không thông qua" in last.note
        sides = set(AuditLog.objects.filter(action="exchange.dossier.not_passed", object_id=str(d.pk))
                    .values_list("authority_id", flat=True))
        assert sides == {levels.commune.pk, levels.province.pk}


def test_a_council_that_passes_some_candidates_leaves_the_dossier_for_its_decision(levels):
    d = compose(levels)
    sec, prov = levels.users["xa.thuongtruc"], levels.users["tinh.thuongtruc"]
    with scopes_disabled():
        d = services.send_dossier(sec, d)
        services.receive_dossier(prov, d)
        d.refresh_from_db()
        services.appraise_dossier(levels.users["tinh.thamdinh"], d, "Đủ hồ sơ")
        m = province_meeting(levels)
        services.to_council(prov, d, m)
        d.refresh_from_db()
        for i, line in enumerate(d.receiver_proposal.lines.order_by("id")):
            awards.record_vote(prov, m, line, "open", 3 if i == 0 else 0, 0 if i == 0 else 3, 0)
        awards.close_meeting(prov, m)
        d.refresh_from_db()
        assert d.state == "council" and d.receiver_proposal.status == "approved"
