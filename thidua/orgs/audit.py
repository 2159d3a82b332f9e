"""The one audit call every write makes: log_action(actor, code, obj, before, after)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .modelkit import authority_of
from .models import AuditLog

MASKED = {"password", "token", "secret", "api_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model | None, fields: list[str] | None = None) -> dict | None:
    """The concrete field values of a row, JSON-safe, sensitive keys masked."""
    if obj is None:
        return None
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if not field.editable and field.name not in ("id",):
            continue
        name = field.attname
        data[field.name] = "***" if any(m in field.name for m in MASKED) else _plain(getattr(obj, name))
    return data


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def log_action(actor, code: str, obj: models.Model | None = None, before: dict | None = None,
               after: dict | None = None, note: str = "", authority_id: int | None = None) -> AuditLog:
    """Record a write. The authority is the object's (`modelkit.authority_of`), else the actor's;
    pass `authority_id` only for an entry with no object (a bulk import, a login)."""
    entry = build_entry(actor, code, obj, before, after, note, authority_id)
    entry.save()
    return entry


def log_many(actor, code: str, objects: list[models.Model], note: str = "") -> None:
    """One audit entry per created object, written in bulk (imports of thousands of rows)."""
    AuditLog.objects.bulk_create([build_entry(actor, code, obj, None, snapshot(obj), note) for obj in objects],
                                 batch_size=500)


def recorded_user(actor):
    """The account to record as having done something: None for the operator at the command line
    (`actor=None`) or an account not saved (an anonymous visitor)."""
    return actor if actor is not None and actor.pk else None


def build_entry(actor, code: str, obj: models.Model | None = None, before: dict | None = None,
                after: dict | None = None, note: str = "", authority_id: int | None = None) -> AuditLog:
    if authority_id is None and obj is not None:
        authority_id = authority_of(obj)
    if authority_id is None and actor is not None:
        authority_id = getattr(actor, "authority_id", None)
    before, after = _plain(before), _plain(after)
    return AuditLog(
        authority_id=authority_id,
        actor=recorded_user(actor),
        actor_name=(actor.display if actor is not None and hasattr(actor, "display") else "hệ thống"),
        at=timezone.now(),  # the real time, never a date being viewed (clock.as_of) (#16)
        action=code,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:250] if obj is not None else "",
        before=before,
        after=after,
        changes=diff(before, after),
        note=note,
    )
