"""The printed invitations: one A4 page per delegate, the right salutation, and every QR decodes
(pdftoppm + zbarimg) to a token the system accepts."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from django_scopes import scopes_disabled

from thidua.events import documents, services, tokens

pytestmark = pytest.mark.django_db

SITE = "https://tdkt.tankhai.gov.vn"


def test_every_qr_decodes_to_a_valid_token(conf, tmp_path):
    with scopes_disabled():
        services.add_unit_seats(None, conf.event, conf.cats["c"], [conf.world.unit_b], 2)
        data, count = documents.invitations_pdf(conf.event, SITE)
    pdf = tmp_path / "gm.pdf"
    pdf.write_bytes(data)
    assert count == 5
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+5\b", info) and "595.276 x 841.89" in info  # A4, one page each
    text = unicodedata.normalize("NFC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                                       check=True).stdout)
    pages = text.split("\f")[:5]
    assert "Kính gửi: Ông Nguyễn Văn Hạ, Hiệu trưởng Trường Tiểu học Tân Khai A" in " ".join(pages[1].split())
    assert "Bà Trần Thị Ánh" in pages[2] and "Đề nghị Bà mang theo" in " ".join(pages[2].split())
    assert "Đại diện lãnh đạo Phòng Văn hóa - Xã hội" in pages[3]
    assert all("GIẤY MỜI" in p and "Số: 45/GM-UBND" in p and "ngày 01 tháng 4 năm 2025" in p for p in pages)
    if shutil.which("zbarimg") is None:  # `make test` installs zbar-tools
        pytest.skip("zbarimg (Debian package zbar-tools) is not installed: the QR codes cannot be decoded")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    decoded = []
    for png in sorted(tmp_path.glob("p-*.png")):
        out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True).stdout.split()
        assert len(out) == 1, png
        decoded.append(out[0])
    assert len(decoded) == 5
    seen = set()
    for url in decoded:
        assert url.startswith(f"{SITE}/hoi-nghi/qr/")
        delegate, code = tokens.verify_token(url.rsplit("/", 1)[1], conf.event)
        assert code is None
        seen.add(delegate.pk)
    assert len(seen) == 5


def test_revoked_invitations_are_not_printed(conf):
    with scopes_disabled():
        services.revoke_invitation(None, conf.theirs)
        names = [d.display_name for d in documents.delegates_for_print(conf.event)]
    assert "Trần Thị Ánh" not in names and len(names) == 2


def test_tentative_event_prints_month_and_blank_number(conf):
    with scopes_disabled():
        services.update_event(None, conf.event, {"date": None, "tentative_month": 4, "tentative_year": 2025,
                                                 "invitation_code": "", "invitation_date": None, "start_time": None})
        doc = documents.invitation_document(conf.mine, SITE)
    assert doc.header.number_code.endswith("/GM-UBND") and doc.header.number_code.startswith(" ")
    assert "Dự kiến tháng 4/2025" in " ".join(b.text for b in doc.body if hasattr(b, "text"))
    assert doc.header.place_date.endswith("năm 2025")


def test_print_run_queries_do_not_grow_with_delegates(conf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run():
        with scopes_disabled(), CaptureQueriesContext(connection) as q:
            docs = documents.invitation_documents(conf.event, documents.delegates_for_print(conf.event), SITE)
        return len(q), docs

    few, docs = run()
    with scopes_disabled():
        services.add_unit_seats(None, conf.event, conf.cats["c"], [conf.world.unit_a, conf.world.unit_b], 3)
    many, more = run()
    # event, delegates, signer, the authority's offices and legal bases (orgs.wording.Voice, the "Lưu" line)
    assert few == many <= 5 and (len(docs), len(more)) == (3, 9)
    # the shared parts are built once and the same for every letter
    assert len({id(d.header) for d in more}) == 1 and len({id(d.body[0]) for d in more}) == 1
