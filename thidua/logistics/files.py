"""Uploaded files: the type told by the content (magic bytes), the size bounded, the bytes kept under
MEDIA_ROOT and read back only by permission-checked views."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from thidua import clock
from thidua.orgs.uploads import DOCUMENT_KINDS, inside_media

# The kinds each upload accepts; detection and checks live in thidua.orgs.uploads.
TASK_KINDS = DOCUMENT_KINDS | {"xlsx", "png", "jpg"}


def store(authority_id: int, data: bytes, kind: str) -> str:
    """Write the bytes; return the path relative to MEDIA_ROOT."""
    rel = Path("logistics") / str(authority_id) / clock.today().strftime("%Y%m") / f"{uuid.uuid4().hex}.{kind}"
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(rel)


def absolute(rel: str) -> Path:
    return inside_media(rel)


def read(rel: str) -> bytes:
    return absolute(rel).read_bytes()
