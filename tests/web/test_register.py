"""Draft → edit → issue through the outgoing register, with a source declared by the test."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from tests.factories import make_user, make_world
from tests.orgs.test_signed_copies import make_ca, make_signer, sign
from thidua.orgs import register
from thidua.orgs.models import RegisterEntry
from thidua.paperwork import Article, Document, Header, Paragraph, Signature
from thidua.vn.dates import long_date, place_date
from thidua.vn.numbering import document_number

pytestmark = pytest.mark.django_db


def _build(authority, key, number, day):
    if key == "missing":
        raise register.ValidationFailed("Không tìm thấy.")
    return Document(
        header=Header(parent_authority="", authority=authority.header_name,
                      number_code=document_number(number, "QĐ-UBND"),
                      place_date=place_date(authority.place_name, day) if day else f"{authority.place_name}, ngày … "),
        kind_name="Quyết định", summary=f"Về việc thử nghiệm số {key}",
        legal_bases=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
        issuer="CHỦ TỊCH", closing="Quyết định:",
        body=(Article(1, f"Nội dung điều một, lập {long_date(day) if day else 'chưa có ngày'}."),
              Paragraph("Đoạn văn."), Article(2, "Điều hai./.")),
        signature=Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hạ"),
        distribution=("Như Điều 2", "Lưu: VT."), name="thu")


ISSUED = []


@pytest.fixture(autouse=True)
def source():
    register.register_source(register.Source(
        kind="test.doc", doc_kind="decision", kind_name="Quyết định", build=_build,
        on_issue=lambda actor, key, n, day: ISSUED.append((key, n, day))))
    ISSUED.clear()
    yield
    register.SOURCES.pop("test.doc", None)


@pytest.fixture
def world():
    w = make_world()
    with scopes_disabled():
        w.clerk = make_user("clerk", "secretariat", w.authority)
        w.outsider = make_user("outsider", "secretariat", w.other_authority)
    return w


def _login(client, user):
    client.force_login(user)


def test_draft_edit_preview_issue_freeze(client, world):
    _login(client, world.clerk)
    url = "/van-ban/soan/test.doc/7/"
    assert client.get(url).status_code == 200  # a GET makes nothing
    with scopes_disabled():
        assert not RegisterEntry.objects.exists()
    r = client.post(url)
    with scopes_disabled():
        entry = RegisterEntry.objects.get()
    assert r.url == f"/van-ban/{entry.pk}/"
    page = client.get(r.url).content.decode()
    assert "Về việc thử nghiệm số 7" in page and "Điều 1" in page
    # the clerk edits the first article and the Nơi nhận; the second paragraph stays as built
    form = {"summary": "Về việc thử nghiệm đã sửa", "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 "
            "năm 2022;\nCăn cứ Quyết định số 2772/QĐ-UBND ngày 19/11/2024", "body-0": "Điều một đã sửa tay.",
            "body-1": "Đoạn văn.", "body-2": "Điều hai./.", "distribution": "Như Điều 2;\nSở Tài chính;\nLưu: VT, NV.",
            "sig-0-prefix": "KT. CHỦ TỊCH", "sig-0-title": "PHÓ CHỦ TỊCH", "sig-0-name": "Trần Thị Bình"}
    assert client.post(r.url, form).status_code == 302
    entry.refresh_from_db()
    assert entry.edited and set(entry.content["edits"]) == {"summary", "legal_bases", "body", "distribution",
                                                              "signatures"}
    assert entry.content["edits"]["body"] == {"0": "Điều một đã sửa tay."}
    preview = client.get(f"/van-ban/{entry.pk}/xem-truoc.pdf")
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    r = client.post(f"/van-ban/{entry.pk}/ban-hanh/", {"issued_on": "07/04/2025", "number": ""})
    entry.refresh_from_db()
    assert entry.is_issued and entry.number == 1 and entry.year == 2025 and entry.number_text == "01/QĐ-UBND"
    assert ISSUED == [("7", 1, dt.date(2025, 4, 7))]
    assert entry.summary == "Về việc thử nghiệm đã sửa" and entry.signer_name == "Trần Thị Bình"
    frozen = register.built(entry)
    assert frozen.header.number_code == "01/QĐ-UBND"
    assert frozen.body[0].text == "Điều một đã sửa tay."
    assert "ngày 07 tháng 4 năm 2025" in frozen.header.place_date
    for which in ("pdf", "docx"):
        assert client.get(f"/van-ban/{entry.pk}/tai/{which}/").status_code == 200
    # frozen: a later edit is refused and the text stays
    client.post(f"/van-ban/{entry.pk}/", {**form, "body-0": "Sửa sau khi ban hành"})
    entry.refresh_from_db()
    assert register.built(entry).body[0].text == "Điều một đã sửa tay."


def test_numbers_follow_the_register_per_year_and_a_taken_number_is_refused(client, world):
    _login(client, world.clerk)
    ids = []
    for key in ("1", "2", "3"):
        client.post(f"/van-ban/soan/test.doc/{key}/")
    with scopes_disabled():
        ids = list(RegisterEntry.objects.order_by("id").values_list("pk", flat=True))
    client.post(f"/van-ban/{ids[0]}/ban-hanh/", {"issued_on": "30/12/2025"})
    client.post(f"/van-ban/{ids[1]}/ban-hanh/", {"issued_on": "02/01/2026"})
    r = client.post(f"/van-ban/{ids[2]}/ban-hanh/", {"issued_on": "03/01/2026", "number": "1"}, follow=True)
    assert "đã có trong sổ văn bản đi" in r.content.decode()
    client.post(f"/van-ban/{ids[2]}/ban-hanh/", {"issued_on": "03/01/2026"})
    with scopes_disabled():
        got = list(RegisterEntry.objects.order_by("id").values_list("year", "number"))
    assert got == [(2025, 1), (2026, 1), (2026, 2)]
    sheet = client.get("/so-van-ban-di/?year=2026&format=xlsx")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    ws = load_workbook(io.BytesIO(sheet.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Về việc thử nghiệm số 3" in values and "Về việc thử nghiệm số 1" not in values


def test_empty_article_is_refused_and_what_was_typed_stays_on_the_page(client, world):
    _login(client, world.clerk)
    r = client.post("/van-ban/soan/test.doc/9/")
    page = client.post(r.url, {"summary": "Trích yếu mới gõ", "legal_bases": "Căn cứ A", "body-0": "  ",
                               "body-1": "Đoạn văn.", "body-2": "Điều hai./.", "distribution": "Lưu: VT.",
                               "sig-0-prefix": "", "sig-0-title": "CHỦ TỊCH", "sig-0-name": "A"}).content.decode()
    assert "đang để trống" in page and "Trích yếu mới gõ" in page
    with scopes_disabled():
        assert not RegisterEntry.objects.get().edited


def test_another_authority_sees_nothing_and_a_reader_cannot_issue(client, world):
    _login(client, world.clerk)
    r = client.post("/van-ban/soan/test.doc/5/")
    pk = int(r.url.strip("/").split("/")[-1])
    client.logout()
    _login(client, world.outsider)
    for url in (f"/van-ban/{pk}/", f"/van-ban/{pk}/xem-truoc.pdf", f"/van-ban/{pk}/tai/pdf/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/van-ban/{pk}/ban-hanh/", {"issued_on": "01/02/2026"}).status_code == 404
    with scopes_disabled():
        reader = make_user("reader", "leader", world.authority)
    client.logout()
    _login(client, reader)
    assert client.post(f"/van-ban/{pk}/ban-hanh/", {"issued_on": "01/02/2026"}).status_code == 403
    with scopes_disabled():
        assert not RegisterEntry.objects.get(pk=pk).is_issued


def test_the_signed_copy_of_the_issued_pdf_is_checked_and_kept(client, world, settings):
    client.force_login(world.clerk)
    r = client.post("/van-ban/soan/test.doc/11/")
    pk = int(r.url.strip("/").split("/")[-1])
    assert client.post(f"/van-ban/{pk}/ban-ky-so/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7")}).status_code == 302
    with scopes_disabled():
        assert not RegisterEntry.objects.get(pk=pk).signed  # a draft takes no signed copy
    client.post(f"/van-ban/{pk}/ban-hanh/", {"issued_on": "05/02/2026"})
    issued_pdf = client.get(f"/van-ban/{pk}/tai/pdf/").content
    ca = make_ca()
    signer = make_signer(ca, "Nguyễn Văn Hạ", world.authority.name)
    signed = sign(issued_pdf, signer)
    page = client.post(f"/van-ban/{pk}/ban-ky-so/", {"file": SimpleUploadedFile("qd.pdf", signed, "application/pdf")},
                       follow=True).content.decode()
    assert "Nguyễn Văn Hạ" in page
    with scopes_disabled():
        entry = RegisterEntry.objects.get(pk=pk)
    assert entry.signed_info["kind"] == "signed" and not entry.signed_info["modified"]
    assert client.get(f"/van-ban/{pk}/tai/ky-so/").content == signed
    tampered = bytearray(signed)
    at = tampered.index(b"/Contents", len(issued_pdf) - 10)  # inside the signed range before the signature
    tampered[at - 40] ^= 0x01
    client.post(f"/van-ban/{pk}/ban-ky-so/", {"file": SimpleUploadedFile("x.pdf", bytes(tampered), "application/pdf")})
    assert client.get(f"/van-ban/{pk}/tai/ky-so/").content == signed  # the refused file replaced nothing
    client.post(f"/van-ban/{pk}/ban-ky-so/", {"file": SimpleUploadedFile("scan.pdf", issued_pdf, "application/pdf")})
    with scopes_disabled():
        assert RegisterEntry.objects.get(pk=pk).signed_info["kind"] == "scan"
    assert "quét" in client.get(f"/van-ban/{pk}/").content.decode()


def test_a_unit_officer_does_not_see_the_register(client, world):
    with scopes_disabled():
        officer = make_user("officer", "unit_officer", world.authority, unit=world.unit_a)
    client.force_login(officer)
    assert client.get("/so-van-ban-di/").status_code == 403


def test_a_stale_draft_form_is_refused_on_save_and_on_issue(client, world):
    client.force_login(world.clerk)
    r = client.post("/van-ban/soan/test.doc/21/")
    pk = int(r.url.strip("/").split("/")[-1])
    page = client.get(f"/van-ban/{pk}/").content.decode()
    old = re.search(r'name="edit_version" value="([0-9a-f]+)"', page).group(1)
    form = {"summary": "Bản của người thứ nhất", "legal_bases": "Căn cứ A", "body-0": "Điều một.",
            "body-1": "Đoạn văn.", "body-2": "Điều hai./.", "distribution": "Lưu: VT.", "sig-0-prefix": "KT. CHỦ TỊCH",
            "sig-0-title": "PHÓ CHỦ TỊCH", "sig-0-name": "Nguyễn Văn Hạ", "edit_version": old}
    assert client.post(f"/van-ban/{pk}/", form).status_code == 302  # the first save
    page = client.post(f"/van-ban/{pk}/", {**form, "summary": "Bản của người thứ hai"}).content.decode()
    assert "Đã có người sửa" in page and "Bản của người thứ hai" in page  # refused, what was typed kept
    r = client.post(f"/van-ban/{pk}/ban-hanh/", {"issued_on": "05/02/2026", "edit_version": old}, follow=True)
    assert "Đã có người sửa" in r.content.decode()
    with scopes_disabled():
        entry = RegisterEntry.objects.get(pk=pk)
    assert not entry.is_issued and entry.summary == "Bản của người thứ nhất"
