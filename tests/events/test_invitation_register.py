"""The invitation is one official document with one number (#18): the common letter is drafted, edited and
issued in the sổ văn bản đi, and every letter printed afterwards carries the register's number and date."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import docx as python_docx
import pytest
from django_scopes import scopes_disabled

from tests.factories import make_user
from thidua.events import documents
from thidua.orgs import register
from thidua.orgs.models import RegisterEntry

pytestmark = pytest.mark.django_db
SITE = "https://tdkt.tankhai.gov.vn"


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True).stdout.decode()


@pytest.fixture
def clerk(conf):
    with scopes_disabled():
        conf.event.invitation_code, conf.event.invitation_date = "", None  # not numbered yet
        conf.event.save(update_fields=["invitation_code", "invitation_date"])
        return make_user("clerk", "secretariat", conf.world.authority)


def test_issuing_the_invitation_numbers_every_letter_printed_afterwards(client, conf, clerk):
    client.force_login(clerk)
    page = client.get(f"/hoi-nghi/{conf.event.pk}/giay-moi/").content.decode()
    url = f"/van-ban/soan/events.invitation/{conf.event.pk}/"
    assert url in page and "Soạn thảo và ban hành giấy mời" in page
    with scopes_disabled():  # before: the letters leave the number blank for the clerk
        before = _text(documents.invitations_pdf(conf.event, SITE)[0])
    assert "05/GM-UBND" not in before and "/GM-UBND" in before
    r = client.post(url)
    with scopes_disabled():
        entry = RegisterEntry.objects.get(source=f"events.invitation:{conf.event.pk}")
    assert r.url == f"/van-ban/{entry.pk}/" and entry.kind_name == "Giấy mời"
    draft = client.get(r.url).content.decode()
    assert "Các đại biểu (theo danh sách kèm theo)" in draft and conf.event.title in draft
    client.post(f"/van-ban/{entry.pk}/ban-hanh/", {"issued_on": "02/04/2025", "number": "5"})
    with scopes_disabled():
        entry.refresh_from_db()
        conf.event.refresh_from_db()
        assert entry.is_issued and entry.number_text == "05/GM-UBND"
        assert register.built(entry).recipients == ("Các đại biểu (theo danh sách kèm theo)",)
        assert (conf.event.invitation_code, conf.event.invitation_date) == ("05/GM-UBND", dt.date(2025, 4, 2))
        pdf, count = documents.invitations_pdf(conf.event, SITE)
        letters = documents.delegates_for_print(conf.event)
        single = python_docx.Document(io.BytesIO(documents.invitation_docx(letters[0], SITE)))
        one = python_docx.Document(io.BytesIO(documents.invitations_docx_one(conf.event, SITE)[0]))
    pages = _text(pdf).split("\f")[:-1]
    assert count == 3 and len(pages) == 3
    for text in pages:  # the bulk letters: the register's number and date, each its own addressee
        assert "Số: 05/GM-UBND" in text and "ngày 02 tháng 4 năm 2025" in text
    cells = " ".join(c.text for t in single.tables for row in t.rows for c in row.cells)
    assert "Số: 05/GM-UBND" in cells and "ngày 02 tháng 4 năm 2025" in cells
    cells = " ".join(c.text for t in one.tables for row in t.rows for c in row.cells)
    assert cells.count("Số: 05/GM-UBND") == 3
    page = client.get(f"/hoi-nghi/{conf.event.pk}/giay-moi/").content.decode()
    assert "05/GM-UBND" in page and f"/van-ban/{entry.pk}/" in page and "02/04/2025" in page


def test_another_authoritys_event_is_not_found(client, conf, clerk):
    client.force_login(clerk)
    for method in (client.get, client.post):
        assert method(f"/van-ban/soan/events.invitation/{conf.other_event.pk}/").status_code == 404
    with scopes_disabled():
        outsider = make_user("outsider", "secretariat", conf.world.other_authority)
        assert not RegisterEntry.objects.exists()
    client.force_login(outsider)
    assert client.post(f"/van-ban/soan/events.invitation/{conf.event.pk}/").status_code == 404
    with scopes_disabled():
        assert not RegisterEntry.objects.exists()
        conf.event.refresh_from_db()
    assert conf.event.invitation_code == ""


@pytest.mark.parametrize("level", ["huyen", "xa"])
def test_all_letters_in_one_docx_lay_out_as_the_bulk_pdf(level):
    from tests.events import levels  # noqa: PLC0415 (optional)
    from tests.paperwork.lo import docx_pdfs, pdf_pages  # noqa: PLC0415 (optional)

    conf = levels.build(level)
    with scopes_disabled():
        data, count = documents.invitations_docx_one(conf.event, SITE)
        pdf, pdf_count = documents.invitations_pdf(conf.event, SITE)
    d = python_docx.Document(io.BytesIO(data))
    addressed = [p.text for p in d.paragraphs if p.text.startswith("Kính gửi")]
    assert count == pdf_count == len(addressed) == 3 and len(d.sections) == 3
    assert any("Lê Hữu Nghĩa" not in a and "Nguyễn Thị Mai" in a for a in addressed)  # the letter names the invitee
    cells = " ".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert cells.count("Số: 12/GM-UBND") == 3  # each letter's own header and number
    lo = pdf_pages(docx_pdfs([data])[0], layout=False)
    assert len(lo) == len(pdf_pages(pdf)) == 3
    if level == "xa":
        assert "huyện" not in " ".join(lo).lower()


def test_the_invitations_page_makes_all_letters_in_one_docx_by_a_job(client, conf, clerk,
                                                                     django_capture_on_commit_callbacks):
    from thidua.orgs.models import Job  # noqa: PLC0415 (optional)

    client.force_login(clerk)
    page = client.get(f"/hoi-nghi/{conf.event.pk}/giay-moi/").content.decode()
    assert 'value="docx-one"' in page and "Tạo một tệp Word gồm mọi giấy mời" in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/hoi-nghi/{conf.event.pk}/giay-moi/", {"fmt": "docx-one"})
    assert r.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="events.invitations_docx_one")
    assert job.status == "done", job.message
    assert job.result_name.endswith(".docx")
    data = b"".join(client.get(f"/viec/{job.pk}/tai-ve/").streaming_content)
    d = python_docx.Document(io.BytesIO(data))
    assert len([p for p in d.paragraphs if p.text.startswith("Kính gửi")]) == 3 == len(d.sections)
