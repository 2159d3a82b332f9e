"""A document as plain JSON data and back, so that an issued document's text can be frozen in the
database and rendered again, byte for byte the same wording, years later (draft → edit → issue).

Every model dataclass becomes {"_": "ClassName", field: value…}; tuples become lists. Only the
classes of `model` are accepted when reading back, so stored data cannot name arbitrary types.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from . import model

_CLASSES = {cls.__name__: cls for cls in (
    model.Header, model.Signature, model.Paragraph, model.Heading, model.Article, model.Bullets, model.Column,
    model.GroupRow, model.Table, model.Qr, model.PageBreak, model.Annex, model.Document,
)}


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value).__name__ not in _CLASSES:
            raise model.PaperworkError(f"Không lưu được phần “{type(value).__name__}” của văn bản.")
        data = {"_": type(value).__name__}
        for f in dataclasses.fields(value):
            data[f.name] = to_data(getattr(value, f.name))
        return data
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise model.PaperworkError(f"Không lưu được giá trị kiểu {type(value).__name__} trong văn bản.")


def from_data(data: Any) -> Any:
    if isinstance(data, dict):
        name = data.get("_")
        cls = _CLASSES.get(name)
        if cls is None:
            raise model.PaperworkError(f"Dữ liệu văn bản đã lưu có phần không hợp lệ: {name!r}.")
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: from_data(v) for k, v in data.items() if k in known})
    if isinstance(data, list):
        return tuple(from_data(v) for v in data)
    return data


def dump(document: model.Document) -> dict:
    return to_data(document)


def load(data: dict) -> model.Document:
    document = from_data(data)
    if not isinstance(document, model.Document):
        raise model.PaperworkError("Dữ liệu đã lưu không phải là một văn bản.")
    return document
