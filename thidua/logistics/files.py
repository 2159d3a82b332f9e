"""Uploaded files: the type told by the content (magic bytes), the size bounded, the bytes kept under
MEDIA_ROOT and read back only by permission-checked views."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from django.conf import settings

from thidua import clock
from thidua.orgs.services import ValidationFailed

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "doc": "application/msword",
    "png": "image/png",
    "jpg": "image/jpeg",
}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc", "odt"})
TASK_KINDS = DOCUMENT_KINDS | {"xlsx", "png", "jpg"}
KIND_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)",
              "xlsx": "Excel (.xlsx)", "png": "ảnh PNG", "jpg": "ảnh JPEG"}


def sniff(data: bytes) -> str | None:
    """The file's real type from its first bytes (and, for zip containers, their content)."""
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
        wanted = ", ".join(KIND_NAMES[k] for k in sorted(allowed))
        what = KIND_NAMES.get(kind, "không phải văn bản") if kind else "không phải văn bản"
        raise ValidationFailed(f"Tệp “{filename}” {what if kind is None else 'là ' + what}, không nhận được. "
                               f"Chỉ nhận: {wanted}.", "file")
    return kind


def store(authority_id: int, data: bytes, kind: str) -> str:
    """Write the bytes; return the path relative to MEDIA_ROOT."""
    rel = Path("logistics") / str(authority_id) / clock.today().strftime("%Y%m") / f"{uuid.uuid4().hex}.{kind}"
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(rel)


def absolute(rel: str) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / rel).resolve()
    if root not in path.parents:
        raise ValueError("path outside MEDIA_ROOT")
    return path


def read(rel: str) -> bytes:
    return absolute(rel).read_bytes()
