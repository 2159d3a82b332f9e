"""The steps of a dossier's life, for the tests (and as a reading of the services' use)."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from thidua.awards import services as awards
from thidua.awards.models import Award, Decision
from thidua.exchange import services
from thidua.exchange.models import Dossier, FileKind

from .world import PDF, YEAR, Levels, province_meeting


def compose(levels: Levels, actor=None, papers=True) -> Dossier:
    with scopes_disabled():
        sec = actor or levels.users["xa.thuongtruc"]
        d = services.create_dossier(sec, levels.commune, {"award": Award.objects.get(code="bk-tinh"), "year": YEAR},
                                    [levels.proposal])
        if papers:
            services.update_dossier(sec, d, {"letter_number": "15/TTr-UBND", "letter_date": dt.date(YEAR, 11, 25)})
            for kind in (FileKind.COVER, FileKind.MINUTES, FileKind.REPORT):
                services.add_file(sec, d, kind, f"{kind}.pdf", PDF)
        return d


def decide(levels: Levels, d: Dossier, number=120, day=dt.date(YEAR, 12, 5)) -> Decision:
    """The province takes the received dossier through appraisal, its council and a decision."""
    with scopes_disabled():
        sec = levels.users["tinh.thuongtruc"]
        d.refresh_from_db()
        if d.state == "received":
            services.appraise_dossier(levels.users["tinh.thamdinh"], d, "Đủ điều kiện")
        m = province_meeting(levels)
        services.to_council(sec, d, m)
        d.refresh_from_db()
        for line in d.receiver_proposal.lines.all():
            awards.record_vote(sec, m, line, "open", 3, 0, 0)
        awards.close_meeting(sec, m)
        d.receiver_proposal.refresh_from_db()
        dec = awards.create_decision_from_proposals(sec, levels.province, {
            "award": d.award, "date": day, "year": YEAR, "number": number,
            "signer": levels.province.signers.first(),
            "reason": "đã có thành tích xuất sắc trong phong trào thi đua năm 2026"}, [d.receiver_proposal])
        return awards.issue_decision(sec, dec)
