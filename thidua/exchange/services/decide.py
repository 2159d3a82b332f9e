"""The decision back to the sender: when the receiver issues a decision whose lines come from a dossier's
proposal (`awards.signals.decision_issued`, inside the issuing transaction), the dossier is decided and the
sender gets a recorded copy of the decision — issued by the receiver, with its number, date and signer
level, the sender's own people and units, each line linked to the sender's proposal line — so that the
award is in the sender's records and its past-award lookup (`awards.queries.search`)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_scopes import scope, scopes_disabled

from thidua import clock
from thidua.awards import services as awards
from thidua.awards import states as award_states
from thidua.awards.models import Decision, DecisionLine
from thidua.orgs.audit import snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed
from thidua.vn.dates import short_date

from .. import states
from ..models import Dossier, DossierItem
from .common import audit, event, move

log = logging.getLogger(__name__)


def _copy_values(d: Dossier, decision: Decision) -> dict:
    return {"award": decision.award, "date": decision.date, "year": decision.year, "number": decision.number,
            "code": decision.code, "signer_level": decision.signer_level, "signer_prefix": decision.signer_prefix,
            "signer_title": decision.signer_title, "signer_name": decision.signer_name, "issuer": decision.issuer,
            "reason": decision.reason, "proposed_by": f"{d.sender.name}",
            "submission_number": d.letter_number, "submission_date": d.letter_date}


def _copy_lines(items: list[DossierItem]) -> list[dict]:
    specs = []
    for it in items:
        if it.kind == "individual" and it.person is None:
            continue  # the sender's person was removed since: the copy lists who is still there
        spec = {"kind": it.kind, "name": it.name, "position": it.position, "unit_name": it.unit_name,
                "proposal_line": it.source_line}
        if it.person is not None:
            spec["person"] = it.person
        if it.organisation is not None:
            spec["organisation"] = it.organisation
        specs.append(spec)
    return specs


def record_copy(d: Dossier, decision: Decision, items: list[DossierItem]) -> Decision:
    """The recorded copy in the sender's authority (written as the system: the receiver's account has no
    business in the sender's rows), issued at once; its prize money is the receiver's."""
    with scope(authority=d.sender_id):
        copy = awards.create_decision(None, d.sender, _copy_values(d, decision), _copy_lines(items))
        amounts = {ln.proposal_line_id: (ln.coefficient, ln.amount) for ln in decision.lines.all()}
        by_item = {it.source_line_id: amounts.get(it.receiver_line_id) for it in items}
        lines = list(copy.lines.all())
        for ln in lines:
            if by_item.get(ln.proposal_line_id):
                ln.coefficient, ln.amount = by_item[ln.proposal_line_id]
        DecisionLine.objects.bulk_update(lines, ["coefficient", "amount"])
        return awards.issue_decision(None, copy)


def record_decision(decision: Decision, actor: User | None = None) -> list[Dossier]:
    """Every dossier with a candidate in `decision` is decided; returns them."""
    line_ids = [pk for pk in decision.lines.values_list("proposal_line_id", flat=True) if pk]
    if not line_ids:
        return []
    with scopes_disabled():  # named by the decision's own lines
        dossier_ids = set(DossierItem.objects.filter(receiver_line_id__in=line_ids, dossier__receiver_id=decision.authority_id)
                          .values_list("dossier_id", flat=True))
        dossiers = list(Dossier.objects.filter(pk__in=dossier_ids).select_related("sender", "receiver", "award"))
        done = []
        for d in dossiers:
            done.append(_decide(d, decision, set(line_ids), actor))
    return done


def _decide(d: Dossier, decision: Decision, line_ids: set[int], actor: User | None) -> Dossier:
    items = list(d.items.select_related("person", "organisation", "source_line", "receiver_line"))
    decided = [it for it in items if it.receiver_line_id in line_ids]
    for it in items:
        if it in decided:
            it.outcome = states.DECIDED_ITEM
        elif it.receiver_line is not None and it.receiver_line.status == award_states.LINE_FAILED:
            it.outcome = states.NOT_DECIDED
    DossierItem.objects.bulk_update(items, ["outcome"])
    note = f"Quyết định số {decision.number_text} ngày {short_date(decision.date)}: {len(decided)} tập thể, cá nhân"
    if d.state != states.DECIDED:
        d = move(actor, d, "decide", states.SYSTEM, note, decision=decision, decided_at=clock.now())
    try:
        with transaction.atomic():
            copy = record_copy(d, decision, decided)
    except ValidationFailed as exc:  # the receiver's decision stands; the sender records it by hand
        log.warning("dossier %s: no recorded copy of decision %s: %s", d.pk, decision.pk, exc.message)
        event(actor, d, states.SYSTEM, "recorded", d.state, d.state, f"Chưa ghi nhận được quyết định tại nơi gửi: "
                                                                      f"{exc.message}")
        return d
    before = snapshot(d)
    d.recorded_decision = copy
    d.save(update_fields=["recorded_decision"])
    event(actor, d, states.SYSTEM, "recorded", d.state, d.state,
          f"Quyết định số {copy.number_text} được ghi vào hồ sơ khen thưởng của {d.sender.name}")
    audit(actor, "exchange.dossier.recorded", d, before, snapshot(d), note=copy.number_text)
    return d


def on_decision_issued(sender, decision: Decision, actor=None, **kwargs) -> None:
    """The receiver of `awards.signals.decision_issued` (connected in ExchangeConfig.ready)."""
    with scopes_disabled():
        if not Dossier.objects.filter(receiver_id=decision.authority_id).exists():
            return
    record_decision(decision, actor)


def on_proposal_moved(sender, proposal, action: str, actor=None, **kwargs) -> None:
    """The receiver of `awards.signals.proposal_moved`: when the receiver's council passes none of a dossier's
    candidates ("reject" of the proposal the dossier was filed as), the dossier ends as not passed and each
    item says so, on both sides."""
    if action != "reject":
        return
    with scopes_disabled():  # the receiver's own proposal names its dossiers
        dossiers = list(Dossier.objects.filter(receiver_proposal=proposal).exclude(
            state__in=(states.DECIDED, states.NOT_PASSED, states.DRAFT, states.RETURNED, states.SENT)))
        for d in dossiers:
            d.items.filter(outcome=states.PENDING).update(outcome=states.NOT_DECIDED)
            move(actor, d, "not_passed", states.SYSTEM, f"Hội đồng Thi đua - Khen thưởng của {d.receiver.name} "
                                                          "không thông qua các trường hợp trong hồ sơ",
                 decided_at=clock.now())
