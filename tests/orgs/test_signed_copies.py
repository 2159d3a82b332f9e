"""Signed copies of issued documents (#18): a PDF signed in the test by a throwaway CA's certificate is
read back with its signer, time, integrity and trust; a changed file is refused; a scan is kept as a scan."""

import datetime as dt
import io
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from thidua.orgs.models import AuditLog, RegisterEntry
from thidua.orgs.services import ValidationFailed
from thidua.orgs.signatures import MODIFIED, UNTRUSTED, attach_signed, inspect_pdf, off_event_loop
from thidua.paperwork.model import Document, Header, Paragraph, Signature
from thidua.paperwork.pdf import render_pdf

NOW = dt.datetime.now(dt.UTC)
STAMPED = (NOW + dt.timedelta(minutes=3)).replace(microsecond=0)


def _name(cn, org):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)])


def _usage(**on):
    flags = dict(digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
                 key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)
    return x509.KeyUsage(**(flags | on))


def _pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _asn1(cert):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def make_ca(cn="CA thử nghiệm thidua"):
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(cn, "Phòng thử nghiệm")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_signer(ca, cn, org):
    ca_key, ca_cert = ca
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=365))
            .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
            .sign(ca_key, hashes.SHA256()))
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return signers.SimpleSigner(_asn1(cert), asn1_keys.PrivateKeyInfo.load(der_key),
                                SimpleCertificateStore.from_certs([_asn1(ca_cert)]))


def make_tsa(ca):
    """A time-stamp authority of the throwaway CA, stamping a fixed time."""
    ca_key, ca_cert = ca
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    cert = (x509.CertificateBuilder().subject_name(_name("TSA thử nghiệm", "Phòng thử nghiệm"))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=365))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(ca_key, hashes.SHA256()))
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return DummyTimeStamper(_asn1(cert), asn1_keys.PrivateKeyInfo.load(der_key), certs_to_embed=[_asn1(ca_cert)],
                            fixed_dt=STAMPED)


def sign(pdf: bytes, signer, field="Chuky1", timestamper=None) -> bytes:
    def run():
        meta = signers.PdfSignatureMetadata(field_name=field)
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer,
                                timestamper=timestamper).getvalue()
    return off_event_loop(run)  # the browser tests' loop may run in this worker's thread


@pytest.fixture(scope="module")
def pki():
    ca = make_ca()
    return {"ca": ca, "ca_pem": _pem(ca[1]), "head": make_signer(ca, "Nguyễn Văn Hạ", "UBND xã Tân Khai"),
            "deputy": make_signer(ca, "Trần Thị Ánh", "UBND xã Tân Khai")}


@pytest.fixture(scope="module")
def plain_pdf():
    doc = Document(header=Header("", "ỦY BAN NHÂN DÂN\nXÃ TÂN KHAI", "07/QĐ-UBND", "Tân Khai, ngày 01 tháng 12 năm 2026"),
                   kind_name="QUYẾT ĐỊNH", summary="Về việc tặng Giấy khen", body=(Paragraph("Tặng Giấy khen."),),
                   signature=Signature("", "CHỦ TỊCH", "Nguyễn Văn Hạ"), distribution=("Như Điều 2;", "Lưu: VT."))
    return render_pdf(doc)


@pytest.fixture(scope="module")
def signed_pdf(pki, plain_pdf):
    return sign(plain_pdf, pki["head"])


@pytest.fixture
def entry(world):
    with scopes_disabled():
        return RegisterEntry.objects.create(
            authority=world.authority, source="test:1", kind="decision", kind_name="Quyết định", state="issued",
            year=2026, number=7, symbol="QĐ-UBND", issued_on=dt.date(2026, 12, 1), summary="Về việc tặng Giấy khen",
            created_at=timezone.now(), updated_at=timezone.now())


@pytest.fixture(autouse=True)
def _no_scope():
    with scopes_disabled():
        yield


def upload(data: bytes, name="quyet-dinh-ky-so.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_signed_copy_names_its_signer_and_time_and_is_trusted_only_with_its_ca(pki, signed_pdf):
    report = inspect_pdf(signed_pdf, [pki["ca_pem"]])
    assert report.kind == "signed"
    [sig] = report.signatures
    assert (sig.common_name, sig.organisation, sig.issuer) == ("Nguyễn Văn Hạ", "UBND xã Tân Khai",
                                                               "CA thử nghiệm thidua")
    assert sig.signed_at is not None and abs(sig.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert sig.time_source == "signer"
    assert sig.intact and sig.covers_whole_file and not sig.modified and sig.trusted
    assert report.summary.startswith("Chữ ký số hợp lệ")
    assert "Ký bởi Nguyễn Văn Hạ (UBND xã Tân Khai)" in report.summary and sig.when in report.summary

    for roots in ([], [_pem(make_ca("CA khác")[1])]):
        untrusted = inspect_pdf(signed_pdf, roots)
        assert untrusted.kind == "signed"  # trust is not integrity
        assert untrusted.intact and not untrusted.trusted
        assert UNTRUSTED in untrusted.summary


def test_a_trusted_time_stamp_gives_the_signing_time(pki, plain_pdf):
    stamped = sign(plain_pdf, pki["head"], timestamper=make_tsa(pki["ca"]))
    [sig] = inspect_pdf(stamped, [pki["ca_pem"]]).signatures
    assert (sig.signed_at, sig.time_source) == (STAMPED, "timestamp")
    assert "(theo dấu thời gian)" in inspect_pdf(stamped, [pki["ca_pem"]]).summary
    [unvouched] = inspect_pdf(stamped, []).signatures  # the TSA is not trusted either: the signer's clock
    assert unvouched.time_source == "signer" and unvouched.signed_at != STAMPED
    assert any("Dấu thời gian" in p for p in unvouched.problems)


def test_the_trusted_roots_come_from_the_configured_folder(settings, tmp_path, pki, signed_pdf):
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "khong-phai.pem").write_bytes(b"not a certificate")
    settings.THIDUA_SIGNATURE_ROOTS = str(folder)
    assert not inspect_pdf(signed_pdf).trusted
    (folder / "ca.cer").write_bytes(pki["ca"][1].public_bytes(serialization.Encoding.DER))
    assert inspect_pdf(signed_pdf).trusted


def test_flipped_bytes_inside_the_signed_range_are_tampered_and_refused(pki, signed_pdf, entry, world, settings):
    data = bytearray(signed_pdf)
    data[11] ^= 0x01  # the binary comment on the second line: inside the signed range, harmless to a reader
    report = inspect_pdf(bytes(data), [pki["ca_pem"]])
    assert report.kind == "tampered"
    assert not report.signatures[0].intact and not report.trusted
    assert report.summary.startswith("Chữ ký số không khớp với nội dung")

    with pytest.raises(ValidationFailed, match="Không nhận tệp “quyet-dinh-ky-so.pdf”: Chữ ký số không khớp"):
        attach_signed(world.users["secretariat"], entry, upload(bytes(data)))
    entry.refresh_from_db()
    assert not entry.signed and entry.signed_info == {}
    assert stored_files(settings) == []
    assert not AuditLog.objects.filter(action="orgs.register.signed").exists()


def _add_page_content(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    ref = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (DA SUA) Tj ET"))
    writer.add_stream_to_page(0, ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_page_content_added_after_signing_is_reported_modified(pki, signed_pdf, entry, world):
    report = inspect_pdf(_add_page_content(signed_pdf), [pki["ca_pem"]])
    [sig] = report.signatures
    assert sig.intact and sig.modified and not sig.covers_whole_file  # the signed bytes are still there
    assert report.kind == "tampered" and report.modified
    assert report.summary.startswith(MODIFIED)
    with pytest.raises(ValidationFailed, match=MODIFIED):
        attach_signed(world.users["secretariat"], entry, upload(_add_page_content(signed_pdf)))


def test_a_second_signature_after_the_first_is_not_a_modification(pki, signed_pdf):
    report = inspect_pdf(sign(signed_pdf, pki["deputy"], field="Chuky2"), [pki["ca_pem"]])
    assert report.kind == "signed"
    first, second = report.signatures
    assert (first.common_name, second.common_name) == ("Nguyễn Văn Hạ", "Trần Thị Ánh")
    assert not first.covers_whole_file and not first.modified and second.covers_whole_file
    assert "thêm chữ ký" in report.summary


def test_a_signed_copy_is_kept_privately_with_its_report_and_audited(pki, signed_pdf, entry, world, settings, tmp_path):
    (tmp_path / "roots").mkdir()
    (tmp_path / "roots" / "ca.pem").write_bytes(pki["ca_pem"])
    settings.THIDUA_SIGNATURE_ROOTS = str(tmp_path / "roots")
    saved = attach_signed(world.users["secretariat"], entry, upload(signed_pdf))
    entry.refresh_from_db()
    assert entry.signed.name == saved.signed.name
    assert entry.signed.name.startswith(f"register/{world.authority.pk}/{entry.pk}/ban-ky-so-2026-007")
    assert Path(entry.signed.path).is_relative_to(Path(settings.MEDIA_ROOT))  # the private folder
    assert Path(entry.signed.path).read_bytes() == signed_pdf
    info = entry.signed_info
    assert (info["kind"], info["intact"], info["covers_whole_file"], info["trusted"]) == ("signed", True, True, True)
    assert info["signers"][0]["common_name"] == "Nguyễn Văn Hạ"
    assert dt.datetime.fromisoformat(info["signers"][0]["signed_at"]) == inspect_pdf(signed_pdf).signatures[0].signed_at
    assert info["filename"] == "quyet-dinh-ky-so.pdf" and info["size"] == len(signed_pdf)
    audit = AuditLog.objects.get(action="orgs.register.signed")
    assert audit.authority_id == world.authority.pk and audit.object_id == str(entry.pk)
    assert audit.changes["signed"][1] == entry.signed.name


def test_an_unsigned_pdf_is_kept_and_marked_as_a_scan(plain_pdf, signed_pdf, entry, world, settings,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attach_signed(world.users["admin"], entry, upload(signed_pdf))
    entry.refresh_from_db()
    first = Path(entry.signed.path)
    assert first.exists()
    assert inspect_pdf(plain_pdf).kind == "scan"
    with django_capture_on_commit_callbacks(execute=True):
        attach_signed(world.users["admin"], entry, upload(plain_pdf, "ban-quet.pdf"))
    entry.refresh_from_db()
    assert entry.signed_info["kind"] == "scan" and entry.signed_info["signers"] == []
    assert entry.signed_info["summary"] == "Tệp không có chữ ký số: lưu như bản quét."
    assert "ban-quet-2026-007" in entry.signed.name
    assert Path(entry.signed.path).read_bytes() == plain_pdf
    assert not first.exists()  # the replaced copy is removed
    assert stored_files(settings) == [Path(entry.signed.path)]


@pytest.mark.parametrize("data,message", [
    (b"<html><body>khong phai pdf</body></html>", "không phải văn bản"),
    (b"\x89PNG\r\n\x1a\n0000", "là ảnh PNG"),
    (b"%PDF-1.7\nkhong co gi", "bị hỏng"),
    (b"", "Tệp rỗng"),
])
def test_a_file_that_is_no_readable_pdf_is_refused_and_nothing_stored(data, message, entry, world, settings):
    with pytest.raises(ValidationFailed, match=message) as caught:
        attach_signed(world.users["secretariat"], entry, upload(data))
    assert caught.value.field == "file"
    entry.refresh_from_db()
    assert not entry.signed and stored_files(settings) == []


def test_an_oversized_file_is_refused_before_it_is_read(signed_pdf, entry, world, settings):
    settings.UPLOAD_MAX_BYTES = len(signed_pdf) - 1
    with pytest.raises(ValidationFailed, match="quá lớn"):
        attach_signed(world.users["secretariat"], entry, upload(signed_pdf))
    with pytest.raises(ValidationFailed, match="quá lớn"):
        inspect_pdf(signed_pdf)
    assert stored_files(settings) == []


def test_inspect_refuses_what_is_not_a_pdf_in_vietnamese():
    with pytest.raises(ValidationFailed, match="Tệp không phải PDF"):
        inspect_pdf(b"MZ\x90\x00 a program")


def test_only_a_manager_of_the_entrys_authority_may_attach(signed_pdf, entry, world, settings):
    for who in ("other_secretariat", "reviewer", "unit_officer", "leader"):
        with pytest.raises(PermissionDenied):
            attach_signed(world.users[who], entry, upload(signed_pdf))
    entry.state, entry.number, entry.year, entry.issued_on = "draft", None, None, None
    entry.save()
    with pytest.raises(ValidationFailed, match="chưa ban hành"):
        attach_signed(world.users["secretariat"], entry, upload(signed_pdf))
    assert stored_files(settings) == []


def _signed_ranges(pdf: bytes) -> list[range]:
    start = pdf.rindex(b"/ByteRange")
    a, b, c, d = (int(x) for x in pdf[start:start + 80].split(b"[", 1)[1].split(b"]", 1)[0].split())
    return [range(a, a + b), range(c, c + d)]


@hsettings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_signed_pdf_is_never_reported_signed_and_never_crashes(signed_pdf, pki, data):
    """Any change to a signed byte, or a cut file, is reported tampered or refused in Vietnamese; nothing
    the parser meets escapes as another exception."""
    damaged = bytearray(signed_pdf)
    cut = len(damaged)
    if data.draw(st.booleans(), label="cut it"):
        cut = data.draw(st.integers(min_value=8, max_value=len(damaged)), label="cut")
    damaged = damaged[:cut]
    changed = []
    for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
        at = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1), label="at")
        value = data.draw(st.integers(min_value=0, max_value=255), label="value")
        if damaged[at] != value:
            damaged[at] = value
            changed.append(at)
    signed_bytes_changed = cut < len(signed_pdf) or any(at in r for at in changed for r in _signed_ranges(signed_pdf))
    try:
        report = inspect_pdf(bytes(damaged), [pki["ca_pem"]])
    except ValidationFailed as exc:
        assert exc.field == "file" and exc.message.startswith("Tệp")
    else:
        assert report.kind in {"signed", "tampered", "scan"}
        if signed_bytes_changed:
            assert report.kind != "signed"



def test_signatures_are_read_also_where_an_event_loop_runs(pki, signed_pdf):
    """An async view or the browser tests' loop runs in the calling thread: pyHanko's asyncio.run() would refuse."""
    import asyncio  # noqa: PLC0415 (optional)
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 (optional)

    async def inside_a_loop():
        return inspect_pdf(signed_pdf, [pki["ca_pem"]])

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own: this one may run a loop already
        report = pool.submit(asyncio.run, inside_a_loop()).result()
    assert report.kind == "signed" and report.signatures[0].common_name == "Nguyễn Văn Hạ"
