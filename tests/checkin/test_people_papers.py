"""Seat labels, name cards and the parking list give the person in the seat their own title (#18): a
substitute named in the reply shows their name with their own position and the unit (the unit alone when
their position is not known), never the invitee's title; the name the reception desk recorded wins. For a
district's conference (2025) and a commune's (2026)."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.events.levels import LEVELS, build
from thidua.checkin import documents, services
from thidua.events.documents import delegates_for_print

pytestmark = pytest.mark.django_db


@pytest.fixture(params=sorted(LEVELS))
def lc(request):
    conf = build(request.param)
    with scopes_disabled():
        people = delegates_for_print(conf.event)
    for i, d in enumerate(people, start=1):
        d.seat = f"A-{i}"
    conf.people = people
    conf.seat_texts = {d.seat: f"Khu A, hàng 1, ghế {i}" for i, d in enumerate(people, start=1)}
    return conf


def _texts(page) -> list[str]:
    return [t.text for t in page.items]


def _label(lc, pages, seat: str) -> list[str]:
    texts = [t for page in pages for t in _texts(page)]
    i = texts.index(seat)
    return texts[i:i + 4]


def test_seat_label_and_name_card_show_the_substitute_with_their_own_title(lc):
    school = lc.school.name
    with scopes_disabled():
        pages = documents.seat_labels(lc.event, lc.people, lc.seat_texts)
        head = next(d for d in lc.people if d.pk == lc.head.pk)
        teacher = next(d for d in lc.people if d.pk == lc.teacher.pk)
        card = _texts(documents.name_cards([head])[0])
        card_unknown = _texts(documents.name_cards([teacher])[0])
    label = _label(lc, pages, head.seat)
    assert label[2:] == ["Lê Hữu Nghĩa", f"Phó Hiệu trưởng {school}"]
    assert "LÊ HỮU NGHĨA" in card and f"Phó Hiệu trưởng {school}" in card
    assert "NGUYỄN THỊ MAI" not in card and f"Hiệu trưởng {school}" not in card
    # the substitute's position is not known: the name and the unit, not the invitee's "Tổ trưởng"
    assert _label(lc, pages, teacher.seat)[2:] == ["Đỗ Thị Hoa", school]
    assert "ĐỖ THỊ HOA" in card_unknown and school in card_unknown
    assert not any("Tổ trưởng" in t for t in card_unknown)
    # the invitee who comes in person keeps their own title
    assert _label(lc, pages, lc.people[0].seat)[2:] == ["Trần Văn Thành", "Phó Giám đốc Sở Nội vụ"]


def test_the_printed_labels_read_the_same(lc, tmp_path):
    with scopes_disabled():
        pdf = documents.seat_labels_pdf(lc.event, lc.people, lc.seat_texts)
    path = tmp_path / "nhan.pdf"
    path.write_bytes(pdf)
    text = " ".join(unicodedata.normalize("NFC", subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout).split())
    assert "Lê Hữu Nghĩa" in text and f"Phó Hiệu trưởng {lc.school.name}" in text  # two labels a row
    assert f"Đỗ Thị Hoa {lc.school.name}" in text
    assert "Nguyễn Thị Mai" not in text and "Phạm Văn Bình" not in text


def test_the_desks_record_of_who_came_wins(lc):
    with scopes_disabled():
        guest = next(d for d in lc.people if d.pk == lc.guest.pk)
        head = next(d for d in lc.people if d.pk == lc.head.pk)
        services.check_in(None, guest, "Bàn 1", "desk-nonce-guest", event=lc.event, attendee_name="Vũ Văn Khác")
        services.check_in(None, head, "Bàn 1", "desk-nonce-head", event=lc.event)  # the substitute named in reply
        pages = documents.seat_labels(lc.event, lc.people, lc.seat_texts)
        card = _texts(documents.name_cards([guest])[0])
        parking = documents.parking_pages(lc.event, {"car": [guest, head]}, {})
    assert _label(lc, pages, guest.seat)[2:] == ["Vũ Văn Khác", "Sở Nội vụ"]
    assert "VŨ VĂN KHÁC" in card and "Phó Giám đốc Sở Nội vụ" not in card
    assert _label(lc, pages, head.seat)[2:] == ["Lê Hữu Nghĩa", f"Phó Hiệu trưởng {lc.school.name}"]
    rows = _texts(parking[0])
    assert "Vũ Văn Khác" in rows and "Lê Hữu Nghĩa" in rows and "Trần Văn Thành" not in rows
    assert not any(t.startswith("Hiệu trưởng") for t in rows)


def test_the_attendance_print_names_a_missing_leader_with_one_title(client, day):
    client.force_login(day.world.users["leader"])
    printable = " ".join(client.get(reverse("checkin:attendance_print", args=[day.event.pk])).content.decode().split())
    assert "Trần Văn Thành – Phó Giám đốc Sở Nội vụ tỉnh Bình Phước" in printable
    assert "Phó Giám đốc, Sở Nội vụ" not in printable
