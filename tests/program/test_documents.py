"""The printed programme, the MC script and the backdrop, read back from the PDF and DOCX."""

import datetime as dt
import io

import pytest
from django_scopes import scopes_disabled
from docx import Document
from pypdf import PdfReader

from thidua import clock
from thidua.checkin.models import CheckIn
from thidua.events import services as event_services
from thidua.events.models import Delegate
from thidua.orgs.services import ValidationFailed
from thidua.program import documents, services
from thidua.program.models import Talk

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    d = Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def ready(conf, decisions):
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
        services.update_talk_info(None, conf.talk_a, {"title": "Đổi mới cách làm thi đua ở trường học",
                                                      "presenter_name": "Nguyễn Văn Hạ",
                                                      "presenter_position": "Hiệu trưởng"})
        services.submit_text(None, Talk.objects.get(pk=conf.talk_a.pk), " ".join(["chữ"] * 700))
        services.review_talk(None, Talk.objects.get(pk=conf.talk_a.pk), "accept")
        services.build_batches(None, conf.event)
        cats = {c.code: c for c in conf.event.categories.all()}
        guest = event_services.add_delegate(None, conf.event, {
            "category": cats["a"], "full_name": "Trần Văn Thành", "gender": "M", "position": "Phó Giám đốc",
            "unit_text": "Sở Nội vụ tỉnh Bình Phước"})
        event_services.record_reply(None, guest, "accepted", "phone")
        absent = event_services.add_delegate(None, conf.event, {
            "category": cats["a"], "full_name": "Lê Quang Vinh", "gender": "M", "position": "Trưởng ban",
            "unit_text": "Ban Thi đua - Khen thưởng tỉnh"})
        event_services.record_reply(None, absent, "accepted", "phone")
    return conf


def test_program_pdf_and_docx_list_every_item_with_its_time(ready):
    with scopes_disabled():
        pdf = documents.program_pdf(ready.event)
        docx = documents.program_docx(ready.event)
    text = pdf_text(pdf)
    assert "CHƯƠNG TRÌNH" in text and "07 giờ 30 phút" in text and "08 giờ 00" in text
    assert "Đổi mới cách làm thi đua ở trường học" in text and "Hiệu trưởng" in text
    assert "Thứ Năm, ngày 10 tháng 4 năm 2025" in text
    d = docx_text(docx)
    assert "Phát động phong trào thi đua năm 2025" in d and "Ký kết giao ước thi đua năm 2025" in d


def test_mc_script_names_recipients_in_batch_order_and_introduces_delegates(ready):
    with scopes_disabled():
        text = pdf_text(documents.mc_script_pdf(ready.event))
    assert "Nghiêm! Chào cờ" in text
    assert "Trần Văn Thành" in text and "Lê Quang Vinh" in text  # before the day: those who accepted
    assert "Quyết định số 12/QĐ-UBND ngày 15/01/2025" in text
    assert "Đợt 1" in text and "Đợt 3" in text
    i1, i2, i3 = text.index("Trường Mầm non Tân Khai"), text.index("Người00"), text.index("Người12")
    assert i1 < i2 < i3  # batch order, collective first
    assert text.index("Đợt 1") < i1 < text.index("Đợt 2") < i2
    assert "Đổi mới cách làm thi đua ở trường học" in text
    assert "Nguyễn Văn Hạ, CHỦ TỊCH" not in text  # presenters are written in sentence case
    assert "Nguyễn Văn Hạ, Chủ tịch" in text


def test_on_the_day_only_checked_in_delegates_are_introduced(ready):
    with scopes_disabled():
        here = Delegate.objects.get(full_name="Trần Văn Thành")
        CheckIn.objects.create(event=here.event, delegate=here, at=dt.datetime(2025, 4, 10, 7, 40, tzinfo=dt.UTC),
                               desk="Bàn 1", nonce="program-test-1")
        with clock.as_of(dt.date(2025, 4, 10)):
            text = docx_text(documents.mc_script_docx(ready.event))
    assert "Trần Văn Thành" in text and "Lê Quang Vinh" not in text
    assert "đã điểm danh" in text


def test_documents_without_an_agenda_say_so(conf):
    with scopes_disabled(), pytest.raises(ValidationFailed, match="chưa có chương trình"):
        documents.program_pdf(conf.event)


def test_backdrop_has_the_seed_text_at_the_hall_ratio(ready):
    with scopes_disabled():
        pdf = documents.backdrop_pdf(ready.event)
        png = documents.backdrop_png(ready.event, width_px=800)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(w / h - 2.0) < 0.01 and abs(w - 800 / 25.4 * 72) < 1  # 8 × 4 m at 1:10
    text = pdf_text(pdf)
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in text and "HỘI NGHỊ" in text
    assert "TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2024" in text
    assert "Khai, ngày 10 tháng 4 năm 2025" in text
    assert png.startswith(b"\x89PNG")
    import struct

    width, height = struct.unpack(">II", png[16:24])
    assert width == 800 and height == 400
