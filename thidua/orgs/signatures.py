"""Signed copies of issued documents (#18): a PDF signed outside thidua (the government CA's token) is
checked with pyHanko (who signed, when, whether the signed bytes are unchanged, whether the file was
changed after signing, whether the signer's certificate chains to a root the system trusts) and kept as
the register entry's issued copy; a PDF without a signature is kept as a scan.

`inspect_pdf(data)` reads and reports, writing nothing; `attach_signed(actor, entry, uploaded)` is the
write. Every problem with the file reaches the user as a `ValidationFailed` in Vietnamese: a malformed
PDF never raises anything else. Trust is separate from integrity: an intact signature by a certificate
of an unknown CA is "signed", reported as not trusted; a signature whose bytes changed is "tampered"."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from thidua.vn.dates import numeric_date

from .audit import log_action, snapshot
from .models import RegisterEntry
from .services import ValidationFailed, check_authority, require
from .uploads import check_upload, sniff

log = logging.getLogger(__name__)

SIGNED, TAMPERED, SCAN = "signed", "tampered", "scan"
KIND_NAMES = {SIGNED: "Bản ký số", TAMPERED: "Chữ ký số không hợp lệ", SCAN: "Bản quét (không có chữ ký số)"}
UNTRUSTED = "chứng thư số chưa được tin cậy trên hệ thống này"
MODIFIED = "Tệp đã bị sửa sau khi ký"
BROKEN = "Chữ ký số không khớp với nội dung: nội dung đã ký bị thay đổi"
FIELD = "file"

_EXPIRED = {AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
            AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED}
_NOT_YET = {AdESIndeterminate.NOT_YET_VALID, AdESFailure.NOT_YET_VALID}
_REVOKED = {AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}


@dataclass(frozen=True)
class SignerReport:
    """One signature in the file."""

    field: str  # the PDF signature field's name ("Signature1")
    common_name: str  # the signer's certificate: CN ("Nguyễn Văn Hạ")
    organisation: str  # and O ("UBND xã Tân Khai"); "" when the certificate has none
    issuer: str  # the CA that issued the certificate (its CN, else O)
    serial: str  # the certificate's serial number, hex
    signed_at: datetime | None  # aware; from the time-stamp token if any, else the signer's own claim
    time_source: str  # "timestamp" (a time-stamp authority vouches) | "signer" (the signer's clock) | ""
    intact: bool  # the signed bytes are unchanged and the signature over them is valid
    covers_whole_file: bool  # nothing was appended after this signature
    modified: bool  # changed after signing in a way a signature does not allow (new page content…)
    trusted: bool  # the certificate chains to a root of THIDUA_SIGNATURE_ROOTS
    problems: tuple[str, ...] = ()  # Vietnamese, for the page

    @property
    def ok(self) -> bool:
        return self.intact and not self.modified

    @property
    def who(self) -> str:
        return f"{self.common_name} ({self.organisation})" if self.organisation else self.common_name

    @property
    def when(self) -> str:
        """ "08:40 ngày 07/12/2026" in the system's time zone, or "" when the file says nothing."""
        if self.signed_at is None:
            return ""
        local = timezone.localtime(self.signed_at)
        return f"{local:%H:%M} ngày {numeric_date(local.date())}"


@dataclass(frozen=True)
class SignatureReport:
    """What `inspect_pdf` found: `kind` is "signed" (every signature intact and the file not changed
    after signing in a disallowed way, at least one signature), "tampered" (some signature broken or the
    file modified after it) or "scan" (no signature at all)."""

    kind: str
    signatures: tuple[SignerReport, ...]
    summary: str  # Vietnamese, one paragraph for the page

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def intact(self) -> bool:
        return bool(self.signatures) and all(s.intact for s in self.signatures)

    @property
    def covers_whole_file(self) -> bool:
        """The last signature covers every byte: nothing at all was added after signing."""
        return any(s.covers_whole_file for s in self.signatures)

    @property
    def modified(self) -> bool:
        return any(s.modified for s in self.signatures)

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    def as_json(self) -> dict:
        """The report as `RegisterEntry.signed_info` keeps it (times as ISO 8601)."""
        signers = []
        for s in self.signatures:
            row = asdict(s)
            row["signed_at"] = s.signed_at.isoformat() if s.signed_at else None
            row["problems"] = list(s.problems)
            signers.append(row)
        return {"kind": self.kind, "kind_name": self.kind_name, "summary": self.summary, "intact": self.intact,
                "covers_whole_file": self.covers_whole_file, "modified": self.modified, "trusted": self.trusted,
                "signers": signers}


def _certificates(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for kind, _headers, der in pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"]
    return [asn1_x509.Certificate.load(data)]


def configured_roots() -> list[bytes]:
    """The certificates in the folder THIDUA_SIGNATURE_ROOTS (PEM or DER, one or more a file); a file that
    is no certificate is skipped with a warning in the log."""
    folder = getattr(settings, "THIDUA_SIGNATURE_ROOTS", "")
    if not folder or not Path(folder).is_dir():
        return []
    return [p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()]


def _roots(trust_roots: list[bytes]) -> list[asn1_x509.Certificate]:
    roots = []
    for data in trust_roots:
        try:
            certs = _certificates(data)
            for cert in certs:
                cert.native  # noqa: B018 (parses it now: a broken file fails here, not during validation)
            roots.extend(certs)
        except Exception:  # a broken root must not stop every check
            log.warning("THIDUA_SIGNATURE_ROOTS: a file is not a certificate, skipped")
    return roots


def _name(name: asn1_x509.Name, *keys: str) -> str:
    try:
        native = name.native
    except Exception:
        return ""
    for key in keys:
        value = native.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value:
            return str(value)
    return ""


def _trust_problem(status) -> str:
    indic = status.trust_problem_indic
    if status.revocation_details is not None or indic in _REVOKED:
        return "chứng thư số đã bị thu hồi"
    if indic in _EXPIRED:
        return "chứng thư số đã hết hạn"
    if indic in _NOT_YET:
        return "chứng thư số chưa đến ngày có hiệu lực"
    return UNTRUSTED


def _signer(embedded, roots: list[asn1_x509.Certificate]) -> SignerReport:
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
    cert = status.signing_cert
    intact = bool(status.intact and status.valid)
    coverage = status.coverage
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    # Anything short of a whole revision, or an update the signature does not allow (docmdp_ok False:
    # new page content, changed objects), is a change after signing; a later signature or validation
    # data appended (docmdp_ok True) is not.
    modified = not whole and (coverage != SignatureCoverageLevel.ENTIRE_REVISION or status.docmdp_ok is False)
    stamp = status.timestamp_validity
    stamp_ok = stamp is not None and stamp.intact and stamp.valid and stamp.trusted
    if stamp_ok:
        signed_at, source = stamp.timestamp, "timestamp"
    elif status.signer_reported_dt is not None:
        signed_at, source = status.signer_reported_dt, "signer"
    else:
        signed_at, source = None, ""
    problems = []
    if not intact:
        problems.append(BROKEN)
    if modified:
        problems.append(MODIFIED)
    elif intact and not whole:
        problems.append("Sau khi ký, tệp có thêm chữ ký hoặc dữ liệu kiểm tra (được phép, nội dung không đổi)")
    if intact and not status.trusted:
        problem = _trust_problem(status)
        problems.append(problem[0].upper() + problem[1:])
    if stamp is not None and not stamp_ok:
        problems.append("Dấu thời gian trong chữ ký không hợp lệ hoặc chưa được tin cậy: thời điểm ký là "
                        "thời điểm máy người ký ghi")
    return SignerReport(
        field=str(embedded.field_name or ""),
        common_name=_name(cert.subject, "common_name", "organization_name") or "(không rõ tên)",
        organisation=_name(cert.subject, "organization_name") if _name(cert.subject, "common_name") else "",
        issuer=_name(cert.issuer, "common_name", "organization_name"),
        serial=format(cert.serial_number, "X"),
        signed_at=signed_at, time_source=source,
        intact=intact, covers_whole_file=whole, modified=modified,
        trusted=bool(intact and status.trusted), problems=tuple(problems),
    )


def _summary(kind: str, signers: tuple[SignerReport, ...]) -> str:
    """The verdict first, then one sentence a signer: who, by whose certificate, when, and what else is
    worth knowing about that signature (what the verdict already says is not repeated)."""
    if kind == SCAN:
        return "Tệp không có chữ ký số: lưu như bản quét."
    if kind == TAMPERED:
        head = f"{MODIFIED}." if all(s.intact for s in signers) else f"{BROKEN}."
    elif all(s.trusted for s in signers):
        head = "Chữ ký số hợp lệ, tệp không bị sửa sau khi ký."
    else:
        head = "Chữ ký số nguyên vẹn, tệp không bị sửa sau khi ký"
        head += f", nhưng {UNTRUSTED}." if not any(s.trusted for s in signers) else "."
    said = {MODIFIED, BROKEN} if kind == TAMPERED else set()
    if kind == SIGNED and not any(s.trusted for s in signers):
        said.add(UNTRUSTED[0].upper() + UNTRUSTED[1:])
    parts = [head]
    for s in signers:
        line = f"Ký bởi {s.who}"
        if s.issuer:
            line += f", chứng thư số do {s.issuer} cấp"
        if s.when:
            line += f", lúc {s.when}" + (" (theo dấu thời gian)" if s.time_source == "timestamp" else "")
        notes = "; ".join(p[0].lower() + p[1:] for p in s.problems if p not in said)
        parts.append(f"{line}{': ' + notes if notes else ''}.")
    return " ".join(parts)


def _check_bytes(data: bytes) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if not data:
        raise ValidationFailed("Tệp rỗng: chọn lại tệp.", FIELD)
    if len(data) > limit:
        raise ValidationFailed(f"Tệp quá lớn ({len(data) // 1024 // 1024} MB); tối đa {limit // 1024 // 1024} MB.",
                               FIELD)
    if sniff(data) != "pdf":
        raise ValidationFailed("Tệp không phải PDF: chỉ nhận bản PDF đã ký số hoặc bản quét PDF.", FIELD)


def off_event_loop(fn, *args):
    """Call `fn`, in a thread of its own when this thread runs an asyncio loop: pyHanko's synchronous API
    calls asyncio.run(), which refuses to start inside a running loop (an async view, an ASGI server, a
    browser driver's loop in the same thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def _read_signers(data: bytes, roots) -> tuple[SignerReport, ...]:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        raise ValidationFailed("Tệp PDF có đặt mật khẩu: bỏ mật khẩu rồi tải lại.", FIELD)
    return tuple(_signer(sig, roots) for sig in reader.embedded_regular_signatures)


def inspect_pdf(data: bytes, trust_roots: list[bytes] | None = None) -> SignatureReport:
    """Read the signatures of a PDF, writing nothing. `trust_roots`: CA certificates (PEM or DER bytes)
    a signer must chain to; None reads the folder THIDUA_SIGNATURE_ROOTS. ValidationFailed (Vietnamese,
    field "file") for an empty, oversized, non-PDF, encrypted or unreadable file."""
    _check_bytes(data)
    roots = _roots(configured_roots() if trust_roots is None else trust_roots)
    try:
        signers = off_event_loop(_read_signers, data, roots)
    except ValidationFailed:
        raise
    except Exception as exc:  # a malformed or hostile PDF: any error of the parser is the file's fault
        log.info("unreadable signed PDF: %s: %s", type(exc).__name__, exc)
        raise ValidationFailed("Tệp PDF bị hỏng hoặc có chữ ký số không đọc được: không kiểm tra được. "
                               "Xuất lại tệp PDF rồi ký lại.", FIELD) from None
    if not signers:
        kind = SCAN
    elif all(s.ok for s in signers):
        kind = SIGNED
    else:
        kind = TAMPERED
    return SignatureReport(kind=kind, signatures=signers, summary=_summary(kind, signers))


def _file_name(entry: RegisterEntry, kind: str) -> str:
    what = "ban-quet" if kind == SCAN else "ban-ky-so"
    return f"{what}-{entry.year}-{entry.number:03d}.pdf"


def attach_signed(actor, entry: RegisterEntry, uploaded) -> RegisterEntry:
    """Keep an uploaded signed copy (or a scan) of an issued document as its issued copy. `uploaded`: the
    cleaned value of an `orgs.forms.UploadField(kinds=frozenset({"pdf"}))` (its `.data` is used) or any
    Django UploadedFile (`.name`, `.size`, `.read()`). A tampered file is refused with the reason and not
    stored; a PDF without signature is stored and marked as a scan. The previous copy, if any, is replaced
    (its file removed once the change is committed). Returns the entry, saved."""
    require(actor, "orgs.manage_register", entry)
    check_authority(actor, entry)
    if not entry.is_issued:
        raise ValidationFailed("Văn bản chưa ban hành: chỉ đính kèm bản ký số cho văn bản đã có số.", FIELD)
    filename = getattr(uploaded, "name", "") or "tệp"
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.UPLOAD_MAX_BYTES:  # refuse before reading it into memory
        raise ValidationFailed(f"Tệp “{filename}” quá lớn; tối đa {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB.",
                               FIELD)
    data = getattr(uploaded, "data", None)  # orgs.forms.UploadField has read it already
    if not isinstance(data, bytes):
        if hasattr(uploaded, "seek"):
            uploaded.seek(0)
        data = uploaded.read(settings.UPLOAD_MAX_BYTES + 1)
    check_upload(data, filename, frozenset({"pdf"}))
    report = inspect_pdf(data)
    if report.kind == TAMPERED:
        raise ValidationFailed(f"Không nhận tệp “{filename}”: {report.summary}", FIELD)
    info = report.as_json() | {"filename": filename[:200], "size": len(data),
                               "sha256": hashlib.sha256(data).hexdigest(),
                               "checked_at": timezone.now().isoformat()}
    stored = None
    try:
        with transaction.atomic():
            locked = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
            if not locked.is_issued:
                raise ValidationFailed("Văn bản chưa ban hành: chỉ đính kèm bản ký số cho văn bản đã có số.",
                                       FIELD)
            before = snapshot(locked, ["signed", "signed_info"])
            old = locked.signed.name
            locked.signed.save(_file_name(locked, report.kind), ContentFile(data), save=False)
            stored = locked.signed.name
            locked.signed_info = info
            locked.updated_at = timezone.now()
            locked.save(update_fields=["signed", "signed_info", "updated_at"])
            log_action(actor, "orgs.register.signed", locked, before, snapshot(locked, ["signed", "signed_info"]),
                       note=report.summary[:500])
            if old and old != stored:
                storage = locked.signed.storage
                transaction.on_commit(lambda: storage.delete(old))
    except Exception:
        if stored:  # the row was not written: the new file must not linger
            entry.signed.storage.delete(stored)
        raise
    return locked
