"""Building blocks every app's models use: text fields that clean themselves, the manager that ties a
model's rows to an authority, and the two facts read off any row — its authority and its unit.

- `CleanCharField` / `CleanTextField`: the value is normalised (NFC, trimmed, single spaces; a text
  field keeps its line breaks) on every save, `bulk_create` included. No `save()` override for that.
- `scoped_by("cycle__authority")`: the django-scopes manager, remembering the path, so that
  `authority_of(obj)` (the audit log, `check_authority`) follows the same path the scope filters on.
- `unit_of(obj)`: the unit a row belongs to, for the unit officer's rule (`orgs.rules.is_own_unit`):
  the model's `UNIT_FIELD` (default `organisation`), or the row itself for a model with `IS_UNIT`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django_scopes import ScopedManager

from thidua.paperwork.fonts import undrawable_message
from thidua.vn import normalise


def check_drawable(field: models.Field, value) -> None:
    """Refuse text a document cannot draw (`paperwork.fonts.undrawable`), naming the field, the
    character and its position: every ModelForm and `full_clean` goes through this."""
    if isinstance(value, str) and (message := undrawable_message(capfirst(str(field.verbose_name)), value)):
        raise ValidationError(message, code="undrawable")


class CleanCharField(models.CharField):
    """A text column of bounded length, normalised on the way to the database: one line, or with
    `multiline=True` a few short lines kept apart (an authority's heading)."""

    def __init__(self, *args, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            if self.multiline:  # each line as a one-line value; blank lines dropped
                value = "\n".join(filter(None, map(normalise.clean_text, normalise.clean_multiline(value).split("\n"))))
            else:
                value = normalise.clean_text(value)
            setattr(model_instance, self.attname, value)
        return value

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        check_drawable(self, value)


class CleanTextField(models.TextField):
    """A multi-line text column, normalised line by line on the way to the database."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = normalise.clean_multiline(value)
            setattr(model_instance, self.attname, value)
        return value

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        check_drawable(self, value)


def undrawable_fields(obj: models.Model) -> list[str]:
    """The drawable-text refusal of each text field of a stored row (one already in the database,
    written before the rule or around it): what a print run says about a record it leaves out."""
    return [message for f in obj._meta.concrete_fields if isinstance(f, CleanCharField | CleanTextField)
            if (message := undrawable_message(capfirst(str(f.verbose_name)), getattr(obj, f.attname) or ""))]


def scoped_by(path: str) -> models.Manager:
    """The manager of a model whose rows belong to an authority through `path` ("authority",
    "cycle__authority", …): queries refuse to run without an active scope."""
    manager = ScopedManager(authority=path)
    manager.authority_path = path
    return manager


def authority_of(obj: models.Model | None) -> int | None:
    """The id of the authority a row belongs to, following its manager's scope path (an Authority is
    its own). Reads the related rows the path crosses (cached after the first access)."""
    if obj is None:
        return None
    if getattr(obj, "IS_AUTHORITY", False):
        return obj.pk
    path = getattr(type(obj)._default_manager, "authority_path", None)
    if path is None:
        return getattr(obj, "authority_id", None)
    *hops, last = path.split("__")
    current = obj
    for hop in hops:
        current = getattr(current, hop, None)
        if current is None:
            return None
    return getattr(current, f"{last}_id", None)


def unit_of(obj: models.Model | None) -> int | None:
    """The id of the unit a row belongs to, or None for a row of no unit."""
    if obj is None:
        return None
    if getattr(obj, "IS_UNIT", False):
        return obj.pk
    field = getattr(type(obj), "UNIT_FIELD", "organisation")
    unit_id = getattr(obj, f"{field}_id", None)
    return unit_id if unit_id is not None else getattr(obj, "unit_id", None)
