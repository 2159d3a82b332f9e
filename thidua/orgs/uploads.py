"""Uploaded files, one place for every app: the type told by the content (magic bytes and, for zip
containers, what is inside them — never the file name), the size bounded by UPLOAD_MAX_BYTES, and files
kept in Django's default storage (the private folder). Views serve the bytes only after their own permission check."""

from __future__ import annotations

import io
import json
import re
import secrets
import time
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from thidua.vn import normalise

from .services import ValidationFailed

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "doc": "application/msword",
    "png": "image/png",
    "jpg": "image/jpeg",
}
KIND_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)",
              "xlsx": "Excel (.xlsx)", "png": "ảnh PNG", "jpg": "ảnh JPEG"}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc", "odt"})


def sniff(data: bytes) -> str | None:
    """The file's real kind (a key of TYPES) from its content, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if "mimetype" in names and z.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                    return "odt"
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None


def check_upload(data: bytes, filename: str, allowed: frozenset[str]) -> str:
    """The kind of an acceptable upload, or ValidationFailed with a message the user understands."""
    limit = settings.UPLOAD_MAX_BYTES
    if not data:
        raise ValidationFailed("Tệp rỗng: chọn lại tệp.", "file")
    if len(data) > limit:
        raise ValidationFailed(f"Tệp “{filename}” quá lớn ({len(data) // 1024 // 1024} MB); tối đa "
                               f"{limit // 1024 // 1024} MB.", "file")
    kind = sniff(data)
    if kind is None or kind not in allowed:
        wanted = ", ".join(name for k, name in KIND_NAMES.items() if k in allowed)
        unknown = "không phải văn bản" if allowed <= DOCUMENT_KINDS else "không đúng loại"
        what = f"{unknown}, không nhận được" if kind is None else f"là {KIND_NAMES[kind]}, không nhận được"
        raise ValidationFailed(f"Tệp “{filename}” {what}. Chỉ nhận: {wanted}.", "file")
    return kind


def safe_filename(filename: str, default: str = "tep") -> str:
    """The name an uploaded file is listed and downloaded under: its last path part, NFC, anything but
    letters, digits, dot, dash and space turned into "_", at most 150 characters."""
    name = normalise.clean_text(PurePath(filename or "").name)
    return re.sub(r"[^\w.\- ]+", "_", name)[:150] or default


def stored_bytes(field) -> bytes | None:
    """The bytes of a stored FileField, or None when it holds no file or its file is gone."""
    if not field or not field.storage.exists(field.name):
        return None
    with field.open("rb") as fh:
        return fh.read()


def _stashed(token: str, ext: str) -> str:
    return f"imports/{token}.{ext}"


def stash(data: bytes, meta: dict) -> str:
    """Keep an uploaded workbook between the dry run and the confirmation, so nothing has to be uploaded
    twice; `meta` records who uploaded it and for what. Returns an unguessable token."""
    token = secrets.token_urlsafe(16)
    default_storage.save(_stashed(token, "bin"), ContentFile(data))
    default_storage.save(_stashed(token, "json"), ContentFile(json.dumps(meta).encode()))
    return token


def unstash(token: str, **expected) -> tuple[bytes, dict]:
    """The stashed bytes and meta; LookupError unless every `expected` item matches the meta (a token
    of another user or another page is as good as unknown)."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise LookupError(token)
    if not default_storage.exists(_stashed(token, "json")):
        raise LookupError(token)
    with default_storage.open(_stashed(token, "json"), "rb") as f:
        meta = json.loads(f.read())
    if any(meta.get(k) != v for k, v in expected.items()):
        raise LookupError(token)
    with default_storage.open(_stashed(token, "bin"), "rb") as f:
        return f.read(), meta


def purge_stale(now: float | None = None) -> int:
    """Remove stashed import files older than IMPORT_KEEP_DAYS (#17): a file is kept for the confirmation
    that follows its dry run; the report itself lives in the job's result. Returns the files removed."""
    now = time.time() if now is None else now
    limit = now - settings.IMPORT_KEEP_DAYS * 86400  # seconds since the epoch, as get_modified_time's
    try:
        _dirs, files = default_storage.listdir("imports")
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"imports/{name}"
        try:
            if default_storage.get_modified_time(path).timestamp() < limit:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:  # removed meanwhile by another worker
            continue
    return removed
