"""The receiver's side: tiếp nhận (the date that counts for deadlines) — which files the dossier in the
receiver's own commendation flow as an `awards.Proposal` of the unit that stands for the sender, so that
its appraisal, council vote and decision work unchanged —, trả lại with reasons, thẩm định, trình Hội đồng."""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import transaction
from django.utils import timezone

from thidua import clock
from thidua.awards import services as awards
from thidua.awards import states as award_states
from thidua.awards.models import CouncilMeeting, Proposal
from thidua.orgs import services as orgs
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, User
from thidua.orgs.services import ValidationFailed
from thidua.vn import normalise
from thidua.vn.collate import split_full_name

from .. import states
from ..models import Dossier, DossierItem
from .common import as_receiver, move


def _standing_unit(actor: User | None, receiver: Authority, sender: Authority) -> Organisation:
    """The receiver's unit that stands for the sender (`Organisation.stands_for`), made when missing."""
    unit = Organisation.objects.filter(authority=receiver, stands_for=sender).order_by("id").first()
    if unit is not None:
        return unit
    code = f"cq-{sender.code}"[:40]
    if Organisation.objects.filter(authority=receiver, code=code).exists():
        code = f"cq-{sender.pk}"
    kind = OrgKind.DEPARTMENT if sender.level in ("so", "nganh") else OrgKind.OTHER
    unit = orgs.create_organisation(actor, receiver, {"code": code, "name": sender.name,
                                                      "short_name": sender.short_name[:100], "kind": kind})
    Organisation.objects.filter(pk=unit.pk).update(stands_for=sender)
    unit.stands_for = sender
    return unit


def _unit_for(actor, receiver: Authority, top: Organisation, sender: Authority, item: DossierItem,
              cache: dict) -> Organisation:
    """The receiver's unit for the sender's unit named on an item: a unit under the one standing for the
    sender (made once), or that one itself when the item names none."""
    name = normalise.clean_text(item.unit_name if item.kind != "collective" else item.name)
    if not name or normalise.fold(name) == normalise.fold(sender.name):
        return top
    key = item.organisation_id or zlib.crc32(normalise.fold(name).encode())
    code = f"hs{sender.pk}-{key}"[:40]
    if code in cache:
        return cache[code]
    unit = Organisation.objects.filter(authority=receiver, code=code).first()
    if unit is None:
        unit = orgs.create_organisation(actor, receiver, {"code": code, "name": name[:200], "parent": top})
    cache[code] = unit
    return unit


def _person_for(actor, receiver: Authority, unit: Organisation, item: DossierItem) -> Person:
    found = Person.objects.filter(authority=receiver, organisation=unit, full_name=item.name).first()
    if found is not None:
        return found
    family, middle, given = split_full_name(item.name)
    return orgs.create_person(actor, receiver, {"family_name": family, "middle_name": middle, "given_name": given,
                                                "gender": item.gender, "position": item.position,
                                                "organisation": unit})


def _file_as_proposal(actor: User | None, d: Dossier) -> Proposal:
    """The receiver's proposal for the dossier (made at the first receipt, its lines renewed at a later
    one), submitted and accepted."""
    receiver, sender = d.receiver, d.sender
    top = _standing_unit(actor, receiver, sender)
    p = d.receiver_proposal
    if p is None:
        p = awards.create_proposal(actor, receiver, {
            "organisation": top, "year": d.year, "family": d.family, "award": d.award, "title": d.title[:250],
            "summary": f"Hồ sơ số {d.pk} của {sender.name}", "letter_number": d.letter_number,
            "letter_date": d.letter_date})
    else:
        for line in list(p.lines.all()):
            awards.remove_line(actor, line)
        awards.update_proposal(actor, p, {"letter_number": d.letter_number, "letter_date": d.letter_date})
    cache: dict = {}
    items = list(d.items.all())
    for item in items:
        unit = _unit_for(actor, receiver, top, sender, item, cache)
        values = {"kind": item.kind, "achievement": item.achievement}
        if item.kind == "individual":
            values["person"] = _person_for(actor, receiver, unit, item)
        elif item.kind == "collective":
            values["organisation"] = unit
        else:
            values["name"], values["unit_name"] = item.name, item.unit_name
        line = awards.add_line(actor, p, values)
        if item.kind == "individual" and item.unit_name and unit.pk == top.pk:
            line.unit_name = f"{item.unit_name}, {sender.name}"[:250]
            line.save(update_fields=["unit_name"])
        item.receiver_line, item.outcome = line, states.PENDING
    DossierItem.objects.bulk_update(items, ["receiver_line", "outcome"])
    awards.transition(actor, p, "submit")
    awards.transition(actor, p, "accept")
    return p


@transaction.atomic
def receive_dossier(actor: User | None, d: Dossier, received_on: dt.date | None = None) -> Dossier:
    """Tiếp nhận: the date received (today unless given) counts for deadlines."""
    as_receiver(actor, d)
    d = Dossier.objects.select_for_update().select_related("sender", "receiver", "award", "family").get(pk=d.pk)
    day = received_on or clock.today()
    if day > clock.today():
        raise ValidationFailed("Ngày tiếp nhận không được sau hôm nay.", "received_on")
    if d.sent_at and day < timezone.localdate(d.sent_at):
        raise ValidationFailed("Ngày tiếp nhận không được trước ngày gửi.", "received_on")
    d = move(actor, d, "receive", states.RECEIVER, received_on=day, return_reason="")
    d.receiver_proposal = _file_as_proposal(actor, d)
    d.save(update_fields=["receiver_proposal"])
    return d


@transaction.atomic
def return_dossier(actor: User | None, d: Dossier, reason: str) -> Dossier:
    """Trả lại with reasons the sender reads; a proposal already filed at the receiver goes back with it."""
    as_receiver(actor, d)
    d = Dossier.objects.select_for_update().get(pk=d.pk)
    d = move(actor, d, "return", states.RECEIVER, reason, return_reason=normalise.clean_multiline(reason or ""))
    p = d.receiver_proposal
    if p is not None and p.status in (award_states.SUBMITTED, award_states.ACCEPTED):
        awards.transition(actor, p, "return", f"Trả lại hồ sơ cho {d.sender.name}: {d.return_reason}")
    return d


@transaction.atomic
def appraise_dossier(actor: User | None, d: Dossier, note: str = "") -> Dossier:
    as_receiver(actor, d, "exchange.appraise")
    d = Dossier.objects.select_for_update().get(pk=d.pk)
    return move(actor, d, "appraise", states.RECEIVER, note)


def open_meetings(receiver_id: int):
    return CouncilMeeting.objects.filter(authority_id=receiver_id, status=award_states.MEETING_OPEN).order_by("-date")


@transaction.atomic
def to_council(actor: User | None, d: Dossier, meeting: CouncilMeeting | None) -> Dossier:
    """Trình Hội đồng: the receiver's proposal goes to one of its open council meetings."""
    as_receiver(actor, d)
    d = Dossier.objects.select_for_update().get(pk=d.pk)
    if meeting is None or meeting.authority_id != d.receiver_id:
        raise ValidationFailed("Chọn phiên họp Hội đồng đang mở (lập phiên họp ở mục “Hội đồng xét”).", "meeting")
    p = d.receiver_proposal
    if p is None:
        raise ValidationFailed("Hồ sơ chưa được tiếp nhận.")
    d = move(actor, d, "to_council", states.RECEIVER, f"Phiên họp ngày {meeting.date:%d/%m/%Y}")
    awards.put_to_council(actor, meeting, [p])
    return d
