"""Text out of an uploaded talk: type by magic bytes (not the file name), size and emptiness
checked, encrypted files refused, every failure a Vietnamese message naming what to do."""

from __future__ import annotations

import io
import zipfile

from thidua.vn import normalise

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}


class ExtractError(ValueError):
    pass


def sniff(data: bytes) -> str:
    """PDF or DOCX by content; anything else (an old .doc, an image, a renamed file) is refused."""
    if not data:
        raise ExtractError("Tệp rỗng: không có nội dung để đọc.")
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise ExtractError("Tệp Word bị hỏng, không mở được.") from None
        if "word/document.xml" in names:
            return DOCX
        if "EncryptedPackage" in names:
            raise ExtractError("Tệp Word có đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.")
        raise ExtractError("Tệp nén không phải văn bản Word (.docx).")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: an old .doc, or a password-protected .docx (stored as an encrypted OLE package)
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise ExtractError("Tệp Word có đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.")
        raise ExtractError("Tệp Word đời cũ (.doc) chưa đọc được; hãy lưu lại thành .docx hoặc PDF rồi gửi.")
    raise ExtractError("Chỉ nhận tệp Word (.docx) hoặc PDF; nội dung tệp không phải hai loại này.")


def _docx_text(data: bytes) -> str:
    from docx import Document  # noqa: PLC0415 (startup)

    try:
        d = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise ExtractError("Tệp Word bị hỏng, không mở được.") from exc
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            lines.append(" ".join(c.text for c in row.cells))
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 (startup)
    from pypdf.errors import PdfReadError  # noqa: PLC0415 (startup)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise ExtractError("Tệp PDF có đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.")
            # an owner password with an empty user password still locks copying: refuse too
            raise ExtractError("Tệp PDF bị khóa (mã hóa); hãy xuất lại PDF không đặt mật khẩu.")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ExtractError("Tệp PDF bị hỏng, không đọc được.") from exc


def extract(data: bytes, max_bytes: int) -> tuple[str, str]:
    """(content type, NFC text) of an uploaded talk."""
    if len(data) > max_bytes:
        raise ExtractError(f"Tệp quá lớn ({len(data) / 1024 / 1024:.1f} MB); giới hạn "
                           f"{max_bytes / 1024 / 1024:.0f} MB.")
    content_type = sniff(data)
    text = _pdf_text(data) if content_type == PDF else _docx_text(data)
    text = normalise.clean_multiline(text)
    if not text.strip():
        hint = " (có thể là bản chụp ảnh: hãy gửi tệp có chữ, hoặc nhập trực tiếp nội dung)" if content_type == PDF else ""
        raise ExtractError(f"Không đọc được chữ nào trong tệp{hint}.")
    return content_type, text
