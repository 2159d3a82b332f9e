"""The demo loader on a small post-reform world: dossiers in the planned states, the decision flowing back
into the commune's records; a second load adds nothing; without the province it does nothing."""

import pytest
from django_scopes import scopes_disabled

from thidua.exchange import demo
from thidua.exchange.models import Dossier, DossierEvent
from thidua.orgs.models import Authority, Organisation, Person

from .world import approved_proposal

pytestmark = pytest.mark.django_db


def test_demo_loader(levels):
    with scopes_disabled():
        unit = Organisation.objects.get(authority=levels.other, code="th-b")
        hung = Person.objects.create(authority=levels.other, organisation=unit, family_name="Lê", middle_name="Thị",
                                     given_name="Mai", gender="F", position="Hiệu trưởng")
        approved_proposal(None, levels.other, unit, [hung])
        approved_proposal(None, levels.other, unit, [], award="ttldxs")
        demo.load(log=lambda *a: None)
        rows = {(d.sender.code, d.award.code): d for d in Dossier.objects.select_related("sender", "award")}
        assert {k: d.state for k, d in rows.items()} == {
            ("xa-tan-khai-moi", "bk-tinh"): "decided", ("xa-tan-hung-moi", "bk-tinh"): "sent",
            ("xa-tan-hung-moi", "ttldxs"): "sent"}
        resent = rows[("xa-tan-hung-moi", "ttldxs")]
        assert list(DossierEvent.objects.filter(dossier=resent, action__in=("send", "return", "resend"))
                    .values_list("action", flat=True)) == ["send", "return", "resend"]
        decided = rows[("xa-tan-khai-moi", "bk-tinh")]
        copy = decided.recorded_decision
        assert copy.authority_id == levels.commune.pk and copy.number == demo.DECISION_NUMBER
        assert decided.letter_number.endswith("/TTr-UBND") and decided.files.count() == 3
        n = Dossier.objects.count()
        demo.load(log=lambda *a: None)
        assert Dossier.objects.count() == n


def test_demo_loader_without_the_province(db):
    with scopes_disabled():
        assert not Authority.objects.filter(code="dong-nai").exists()
        demo.load(log=lambda *a: None)
        assert not Dossier.objects.exists()
