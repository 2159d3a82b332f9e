"""Optimistic concurrency for the edit forms of shared objects: two people open the same delegate, the
first saves, the second is told so instead of silently undoing the first one's change.

No schema: an object's version is a short hash of its editable field values (`audit.snapshot`). The edit
form carries the version it was loaded with as a hidden field; the save runs in one transaction that first
locks the row (`select_for_update`) and compares. A stale form is refused with who changed the object and
when (its last audit entry), and the page renders again with everything the user typed.

    form = DelegateForm(request.POST or None, ...)
    versioned(form, delegate)                    # the hidden field; `viewkit.submit` then checks it
    if request.method == "POST" and form.is_valid() and submit(request, form, services.update_delegate, ...):

A page with its own form puts `<input type="hidden" name="edit_version" value="{{ version }}">` in it
(`token(obj)`) and saves inside `with guarded(obj, request.POST.get(FIELD)):`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import models, transaction
from django.utils import timezone

from .audit import snapshot
from .models import AuditLog
from .services import ValidationFailed

FIELD = "edit_version"
NEW = "new"  # the version of an object not yet created


def token(obj: models.Model | None, parts: Callable[[models.Model], Any] | None = None) -> str:
    """The object's version: 16 hex digits of a hash of its editable values (NEW for None), and of
    `parts(obj)` when the form edits rows that belong to it too (a covenant's targets)."""
    if obj is None or obj.pk is None:
        return NEW
    values = [snapshot(obj), parts(obj) if parts else None]
    data = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def versioned(form: forms.Form, obj: models.Model | None) -> forms.Form:
    """Give an edit form the hidden version field, loaded with the object's version; `viewkit.submit`
    checks it when the form is saved. Returns the form."""
    form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=token(obj))
    form.versioned_object = obj
    form.sent_version = None
    form_clean = form.clean

    def clean():  # the version is not one of the object's values: out of cleaned_data, onto the form
        data = form_clean()
        data = form.cleaned_data if data is None else data
        form.sent_version = data.pop(FIELD, None)
        return data

    form.clean = clean
    return form


def _label(obj: models.Model) -> str:
    kind = str(obj._meta.verbose_name)
    return f"{kind[:1].lower()}{kind[1:]} “{obj}”"


def stale_message(obj: models.Model) -> str:
    """ "Đã có người sửa <object> lúc HH:MM ngày dd/mm/yyyy (<who>); tải lại trang để xem bản mới." """
    last = (AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
            .order_by("-at", "-id").first())
    if last is None:
        return f"Đã có người sửa {_label(obj)}; tải lại trang để xem bản mới."
    at = timezone.localtime(last.at)
    return (f"Đã có người sửa {_label(obj)} lúc {at:%H:%M} ngày {at:%d/%m/%Y} ({last.actor_name}); "
            "tải lại trang để xem bản mới.")


def check(obj: models.Model | None, sent: str | None, parts: Callable[[models.Model], Any] | None = None) -> None:
    """Inside a transaction: lock the object's row and refuse a form loaded from another version.
    A form without a version (a client that never had the page) is not checked."""
    if obj is None or obj.pk is None or not sent:
        return
    current = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise ValidationFailed(f"{_label(obj)[:1].upper()}{_label(obj)[1:]} đã bị xóa; tải lại trang.")
    if token(current, parts) != sent:
        raise ValidationFailed(stale_message(current))


@contextmanager
def guarded(obj: models.Model | None, sent: str | None, parts: Callable[[models.Model], Any] | None = None):
    """One transaction that checks the version first; the save runs inside it."""
    with transaction.atomic():
        check(obj, sent, parts)
        yield
