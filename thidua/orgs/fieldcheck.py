"""One check of a record's values against its model's fields (#16): the lengths, choices and
required fields the database will hold it to, as Vietnamese messages, before anything is saved.

The services' validators call :func:`check_fields`, so a form, the dry run of an import, the real
import and a bulk import are refused by the same rules, and a value too long for PostgreSQL is never
first noticed as a database error (SQLite does not enforce lengths)."""

from __future__ import annotations

from django.db import models

from thidua.vn import normalise
from thidua.vn.money import format_number

_FIELDS: dict[type, dict[str, models.Field]] = {}


def _fields(model: type) -> dict[str, models.Field]:
    if model not in _FIELDS:
        _FIELDS[model] = {f.name: f for f in model._meta.concrete_fields if not f.is_relation}
    return _FIELDS[model]


def field_problems(obj: models.Model, names: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """(message, field name) for each of the named fields whose current value the column would not
    hold: text longer than its max_length (counted after the field's own cleaning), a value outside
    its choices, or an empty required field (not blank, no default)."""
    problems = []
    fields = _fields(type(obj))
    for name in names:
        field = fields.get(name)
        if field is None:
            continue
        value = getattr(obj, field.attname, None)
        label = str(field.verbose_name)
        if isinstance(value, str):
            text = value
            if field.max_length and len(value) > field.max_length:  # cleaning never lengthens text
                text = normalise.clean_multiline(value) if isinstance(field, models.TextField) else normalise.clean_text(value)
            elif not value.strip():
                text = ""
            if field.max_length and len(text) > field.max_length:
                problems.append((f"“{label[:1].upper()}{label[1:]}” dài {format_number(len(text))} ký tự, "
                                 f"tối đa {format_number(field.max_length)} ký tự.", name))
                continue
            empty = text == ""
        else:
            empty = value is None
        if empty:
            if not field.blank and not field.has_default() and field.editable:
                problems.append((f"Thiếu “{label}”.", name))
            continue
        if field.choices and value not in {k for k, _ in field.flatchoices}:
            problems.append((f"“{label[:1].upper()}{label[1:]}” không hợp lệ: “{value}”.", name))
    return problems
