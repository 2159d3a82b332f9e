"""Dossier services: compose, check, send, return, resend, receive into the province's own proposal flow,
appraise, council, decide; the decision flowing back into the commune's records and lookup; history and
audit on both sides; permission and side checks."""

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from thidua.awards import queries as award_queries
from thidua.awards.models import Award, DecisionLine, Proposal
from thidua.exchange import checks, services
from thidua.exchange.models import Dossier, DossierEvent
from thidua.orgs.models import AuditLog, Organisation, Person
from thidua.orgs.scope import Scope, activate
from thidua.orgs.services import ValidationFailed

from .flow import compose, decide
from .world import YEAR

pytestmark = pytest.mark.django_db


def test_compose_builds_items_from_the_passed_lines(levels):
    d = compose(levels, papers=False)
    with scopes_disabled():
        items = list(d.items.all())
        assert [i.name for i in items] == ["Nguyễn Văn Hạ", "Phạm Thị Tú", "Trường Tiểu học Tân Khai A"]
        assert items[0].birth_year == 1978 and items[0].gender == "M" and items[0].position == "Hiệu trưởng"
        assert items[0].source_line.proposal_id == levels.proposal.pk and items[0].person_id == levels.person.pk
        assert d.receiver_id == levels.province.pk and d.state == "draft"
        report = checks.check(d)
        assert "Chưa ghi số và ngày tờ trình đề nghị." in report.blocking
        assert any("Biên bản họp Hội đồng" in m for m in report.blocking)
        with pytest.raises(ValidationFailed, match="Chưa gửi được hồ sơ"):
            services.send_dossier(levels.users["xa.thuongtruc"], d)
        # the same proposal cannot go into a second dossier
        with pytest.raises(ValidationFailed, match="không dùng được"):
            services.create_dossier(None, levels.commune, {"award": Award.objects.get(code="bk-tinh"), "year": YEAR},
                                    [levels.proposal])
        # a form the commune decides itself is not sent up
        with pytest.raises(ValidationFailed, match="không do"):
            services.create_dossier(None, levels.commune, {"award": Award.objects.get(code="gk-xa"), "year": YEAR},
                                    [levels.proposal])


def test_prior_titles_and_initiative_are_checked_per_candidate(levels):
    from tests.exchange.world import approved_proposal

    with scopes_disabled():
        p = approved_proposal(None, levels.commune, levels.unit, [levels.person], award="cstd-tinh", collective=False)
        # Chiến sĩ thi đua cơ sở in 2026 only (the council passed it): 2024 and 2025 are missing
        approved_proposal(None, levels.commune, levels.unit, [levels.person], award="cstd-co-so", collective=False,
                          council_day=__import__("datetime").date(YEAR, 11, 10))
        d = services.create_dossier(None, levels.commune, {"award": Award.objects.get(code="cstd-tinh"), "year": YEAR},
                                    [p])
        item = d.items.get()
        gaps = [g.message for g in checks.check(d).items[item.pk]]
        assert any("Chiến sĩ thi đua cơ sở” năm 2024, 2025" in m for m in gaps), gaps
        assert any("sáng kiến" in m for m in gaps)
        services.update_item(None, item, {"initiative": "Sáng kiến số hóa hồ sơ học sinh"})
        gaps = [g.message for g in checks.check(d).items[item.pk]]
        assert not any("sáng kiến" in m for m in gaps)


def test_send_return_resend_receive_decide_and_the_copy_at_the_commune(levels):
    d = compose(levels)
    sec, prov = levels.users["xa.thuongtruc"], levels.users["tinh.thuongtruc"]
    with scopes_disabled():
        d = services.send_dossier(sec, d)
        assert d.state == "sent" and d.first_sent_at
        with pytest.raises(PermissionDenied):  # the commune cannot receive its own dossier
            services.receive_dossier(sec, d)
        with pytest.raises(ValidationFailed, match="lý do"):
            services.return_dossier(prov, d, "")
        services.return_dossier(prov, d, "Báo cáo thành tích chưa có xác nhận của Thủ trưởng")
        d.refresh_from_db()
        assert d.state == "returned" and "xác nhận" in d.return_reason
        with pytest.raises(PermissionDenied):  # the province cannot edit the commune's dossier
            services.update_dossier(prov, d, {"title": "Sửa hộ"})
        d = services.send_dossier(sec, d)
        d.refresh_from_db()
        assert d.state == "sent"
        services.receive_dossier(prov, d)
        d.refresh_from_db()
        assert d.state == "received" and d.received_on is not None
        p = d.receiver_proposal
        assert p.authority_id == levels.province.pk and p.status == "accepted"
        top = Organisation.objects.get(authority=levels.province, stands_for=levels.commune)
        assert p.organisation_id == top.pk
        assert sorted(p.lines.values_list("name", flat=True)) == sorted(
            ["Nguyễn Văn Hạ", "Phạm Thị Tú", "Trường Tiểu học Tân Khai A"])
        assert Person.objects.filter(authority=levels.province, full_name="Nguyễn Văn Hạ").count() == 1
        dec = decide(levels, d)
        d.refresh_from_db()
        assert d.state == "decided" and d.decision_id == dec.pk
        copy = d.recorded_decision
        assert copy.authority_id == levels.commune.pk and copy.status == "issued"
        assert (copy.number, copy.code, copy.date, copy.signer_level) == (120, "QĐ-UBND", dec.date, "ct-tinh")
        assert copy.issuer == dec.issuer and copy.submission_number == "15/TTr-UBND"
        lines = list(copy.lines.order_by("order"))
        assert {ln.person_id for ln in lines if ln.person_id} == {levels.person.pk, levels.teacher.pk}
        assert all(ln.proposal_line.proposal_id == levels.proposal.pk for ln in lines)  # lines link back
        assert sum(ln.amount for ln in lines) == sum(ln.amount for ln in dec.lines.all())
        levels.proposal.refresh_from_db()
        assert levels.proposal.status == "decided"
        assert set(d.items.values_list("outcome", flat=True)) == {"decided"}
        history = [(e.side, e.action) for e in DossierEvent.objects.filter(dossier=d)]
        assert history[:6] == [("sender", "create"), ("sender", "file"), ("sender", "file"), ("sender", "file"),
                               ("sender", "send"), ("receiver", "return")]
        assert ("sender", "resend") in history and ("system", "decide") in history and \
            ("system", "recorded") in history
        for action in ("send", "return", "resend", "receive", "appraise", "to_council", "decide"):
            sides = set(AuditLog.objects.filter(action=f"exchange.dossier.{action}", object_id=str(d.pk))
                        .values_list("authority_id", flat=True))
            assert sides == {levels.commune.pk, levels.province.pk}, action
    # the award is in the commune's lookup, and not in the other commune's
    with activate(levels.commune):
        found = list(award_queries.search(Scope(levels.users["xa.thuongtruc"], levels.commune.pk, None), "nguyen van ha"))
        assert [ln.decision.number for ln in found] == [120]
    with activate(levels.other):
        assert not DecisionLine.objects.exists() and not Dossier.objects.exists()


def test_the_manager_shows_a_dossier_to_its_two_sides_only(levels):
    d = compose(levels)
    with activate(levels.province):
        assert not Dossier.objects.filter(pk=d.pk).exists()  # a draft is the sender's alone
    with scopes_disabled():
        services.send_dossier(levels.users["xa.thuongtruc"], d)
    with activate(levels.province):
        assert Dossier.objects.filter(pk=d.pk).exists() and d.items.count() == 3
    with activate(levels.commune):
        assert Dossier.objects.filter(pk=d.pk).exists()
    with activate(levels.other):
        assert not Dossier.objects.filter(pk=d.pk).exists()
        assert not Proposal.objects.exists()
