"""One upload check for every app: the content decides the type, never the file name."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage

from thidua.orgs.services import ValidationFailed
from thidua.orgs.uploads import DOCUMENT_KINDS, check_upload, sniff, stash, unstash


def _zip(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "x")
    return buf.getvalue()


@pytest.mark.parametrize("data,kind", [
    (b"%PDF-1.7 ...", "pdf"), (b"\x89PNG\r\n\x1a\n0000", "png"), (b"\xff\xd8\xff\xe0", "jpg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "doc"), (_zip(["word/document.xml"]), "docx"),
    (_zip(["xl/workbook.xml"]), "xlsx"), (_zip(["evil.exe"]), None), (b"PK\x03\x04broken", None),
    (b"<html>", None), (b"MZ\x90\x00", None),
])
def test_sniff_reads_the_content(data, kind):
    assert sniff(data) == kind


def test_a_zip_named_docx_is_not_a_word_file(settings):
    with pytest.raises(ValidationFailed, match="“bao-cao.docx” không phải văn bản, không nhận được"):
        check_upload(_zip(["evil.exe"]), "bao-cao.docx", DOCUMENT_KINDS)
    with pytest.raises(ValidationFailed, match="“anh.pdf” là ảnh PNG, không nhận được. Chỉ nhận: PDF, Word"):
        check_upload(b"\x89PNG\r\n\x1a\n0000", "anh.pdf", DOCUMENT_KINDS)
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationFailed, match="quá lớn"):
        check_upload(b"%PDF-1.7 " + b"0" * 20, "lon.pdf", DOCUMENT_KINDS)
    with pytest.raises(ValidationFailed, match="Tệp rỗng"):
        check_upload(b"", "rong.pdf", DOCUMENT_KINDS)
    assert check_upload(b"%PDF-1.7", "a.pdf", DOCUMENT_KINDS) == "pdf"


def test_stored_paths_cannot_leave_the_private_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert Path(default_storage.path("a/b.pdf")) == tmp_path / "a" / "b.pdf"
    with pytest.raises(SuspiciousFileOperation):
        default_storage.path("../../etc/passwd")


def test_the_import_stash_keeps_the_file_for_its_owner_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = stash(b"PK\x03\x04data", {"user": 7, "kind": "people"})
    assert (tmp_path / "imports" / f"{token}.bin").read_bytes() == b"PK\x03\x04data"
    assert unstash(token, user=7, kind="people") == (b"PK\x03\x04data", {"user": 7, "kind": "people"})
    for bad, expected in [(token, {"user": 8}), (token, {"kind": "units"}), ("../../etc/passwd", {}),
                          ("khong-co", {})]:
        with pytest.raises(LookupError):
            unstash(bad, **expected)


@pytest.mark.parametrize("given,expected", [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\a\\Báo cáo.pdf", "C_Users_a_Báo cáo.pdf"), ("", "tep"),
    ("bao cao;rm -rf.pdf", "bao cao_rm -rf.pdf"), ("Tờ trình số 12\u0301.pdf", "Tờ trình số 12_.pdf")])
def test_an_uploaded_file_is_listed_under_a_safe_name(given, expected):
    from thidua.orgs.uploads import safe_filename

    assert safe_filename(given) == expected
