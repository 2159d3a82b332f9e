"""What every dossier write shares: the move along the state table, its history entry, and the audit entry
written on both sides (the sender's and, once sent, the receiver's authority)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from thidua import clock
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from .. import states
from ..models import Dossier, DossierEvent


def who(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"


def audit(actor: User | None, code: str, d: Dossier, before: dict | None, after: dict | None, note: str = "",
          both: bool = True, obj=None) -> None:
    """One audit entry in the sender's authority and, when the receiver sees the dossier, one in its own;
    about `obj` (one of the dossier's rows: an item) or the dossier itself."""
    target = obj if obj is not None else d
    log_action(actor, code, target, before, after, note=note, authority_id=d.sender_id)
    if both and states.visible_to_receiver(d.state):
        log_action(actor, code, target, before, after, note=note, authority_id=d.receiver_id)


def as_sender(actor: User | None, d: Dossier, perm: str = "exchange.compose") -> None:
    require(actor, perm, d)
    check_authority(actor, d.sender_id)


def as_receiver(actor: User | None, d: Dossier, perm: str = "exchange.receive") -> None:
    require(actor, perm, d)
    check_authority(actor, d.receiver_id)
    if d.state == states.DRAFT:
        raise PermissionDenied("Hồ sơ chưa được gửi.")


def event(actor: User | None, d: Dossier, side: str, action: str, source: str, target: str,
          note: str = "") -> DossierEvent:
    return DossierEvent.objects.create(dossier=d, at=clock.now(), actor=recorded_user(actor), actor_name=who(actor),
                                       side=side, action=action, from_state=source, to_state=target, note=note)


def move(actor: User | None, d: Dossier, action: str, side: str, reason: str = "", **changes) -> Dossier:
    """Take `action` (already authorised for `side`): the new state, the fields in `changes`, the history
    entry and the audit on both sides."""
    reason = normalise.clean_multiline(reason or "")
    try:
        target = states.move(d.state, action, side, reason)
    except states.TransitionError as exc:
        raise ValidationFailed(str(exc), "action") from exc
    before, source = snapshot(d), d.state
    d.state, d.updated_at = target, clock.now()
    for key, value in changes.items():
        setattr(d, key, value)
    d.save()
    event(actor, d, side, action, source, target, reason)
    audit(actor, f"exchange.dossier.{action}", d, before, snapshot(d), note=reason)
    return d
