"""Pages: who may open what, id tampering, query counts, the prints (read back from the PDF), the demo."""

import io
import subprocess

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from thidua.checkin import hall, services
from thidua.events import services as event_services
from thidua.events.models import Delegate, present

pytestmark = pytest.mark.django_db

ALL = ("admin", "secretariat", "reviewer", "unit_officer", "reception", "leader")


def _expect(allowed):
    return {role: (200 if role in allowed else 403) for role in ALL}


PAGES = [
    ("checkin:desk", "event", _expect({"admin", "secretariat", "reception"})),
    ("checkin:attendance", "event", _expect({"admin", "secretariat", "leader"})),
    ("checkin:attendance_data", "event", _expect({"admin", "secretariat", "leader"})),
    ("checkin:attendance_print", "event", _expect({"admin", "secretariat", "leader"})),
    ("checkin:seating", "event", _expect({"admin", "secretariat", "leader"})),
]


@pytest.fixture
def seated(day):
    secretariat = day.world.users["secretariat"]
    with scopes_disabled():
        services.save_plan(secretariat, day.event, {"name": "Hội trường UBND xã", "blocks": [
            {"code": "CT", "head": True, "aisle": "both", "rows": [{"label": "", "seats": 3}]},
            {"code": "T", "aisle": "right", "rows": [{"label": "A", "seats": 4, "reserve": ["a"]},
                                                     {"label": "B", "seats": 4, "awards": True},
                                                     {"label": "C", "seats": 6}]}]})
        services.set_seat(secretariat, day.guest, "CT-01")
        services.auto_assign(secretariat, day.event)
    return day


@pytest.mark.parametrize("name,kind,expected", PAGES, ids=[p[0] for p in PAGES])
def test_role_matrix(client, seated, name, kind, expected):
    url = reverse(name, args=[seated.event.pk])
    assert client.get(url).status_code == 302
    for role, status in expected.items():
        client.force_login(seated.world.users[role])
        assert client.get(url).status_code == status, (role, url)
        client.logout()


@pytest.mark.parametrize("name", ["checkin:desk", "checkin:attendance", "checkin:seating", "checkin:print_chart",
                                  "checkin:print_name_cards", "checkin:print_seat_labels"])
def test_other_authority_event_is_404(client, seated, name):
    client.force_login(seated.world.users["secretariat"])
    assert client.get(reverse(name, args=[seated.foreign_event.pk])).status_code == 404
    client.force_login(seated.world.users["other_secretariat"])
    assert client.get(reverse(name, args=[seated.event.pk])).status_code == 404


def test_seat_of_another_authority_cannot_be_set(client, seated):
    client.force_login(seated.world.users["other_secretariat"])
    assert client.post(reverse("checkin:seat_set", args=[seated.ha.pk]), {"seat": "T-C06"}).status_code == 404
    client.force_login(seated.world.users["reception"])
    assert client.post(reverse("checkin:seat_set", args=[seated.ha.pk]), {"seat": "T-C06"}).status_code == 403
    assert client.post(reverse("checkin:seats_assign", args=[seated.event.pk])).status_code == 403
    assert client.post(reverse("checkin:plan_save", args=[seated.event.pk]), {"plan": "{}"}).status_code == 403
    with scopes_disabled():
        assert Delegate.objects.get(pk=seated.ha.pk).seat != "T-C06"


def test_state_changes_need_post(client, seated):
    client.force_login(seated.world.users["secretariat"])
    for name, pk in [("checkin:seats_assign", seated.event.pk), ("checkin:plan_save", seated.event.pk),
                     ("checkin:walk_in", seated.event.pk), ("checkin:seat_set", seated.ha.pk)]:
        assert client.get(reverse(name, args=[pk])).status_code == 405, name


def test_desk_shows_walk_in_form_to_reception_and_the_secretariat(client, day):
    client.force_login(day.world.users["reception"])  # #20: reception receives a walk-in at its desk
    page = client.get(reverse("checkin:desk", args=[day.event.pk])).content.decode()
    assert "scan-input" in page and "Thêm người đến dự không có giấy mời" in page
    client.force_login(day.world.users["secretariat"])
    page = client.get(reverse("checkin:desk", args=[day.event.pk])).content.decode()
    assert "Thêm người đến dự không có giấy mời" in page
    r = client.post(reverse("checkin:walk_in", args=[day.event.pk]), {
        "full_name": "  Võ   Văn Tám ", "position": "Chuyên viên", "unit_text": "Phòng Tư pháp",
        "category": day.cats["b"].pk, "desk": "Bàn 1", "nonce": ""}, follow=True)
    assert "Đã thêm và điểm danh “Võ Văn Tám”" in r.content.decode()
    with scopes_disabled():
        assert Delegate.objects.filter(present(), full_name="Võ Văn Tám").exists()


def test_attendance_numbers_and_missing_people(client, seated):
    with scopes_disabled():
        services.check_in(None, seated.ha, "Bàn 1", "view-nonce-1", event=seated.event)
    client.force_login(seated.world.users["leader"])
    f = client.get(reverse("checkin:attendance_data", args=[seated.event.pk])).json()
    rows = {r["code"]: r for r in f["rows"]}
    assert rows["b"]["present"] == 1 and rows["b"]["invited"] == 2 and rows["b"]["quota"] == 120
    assert f["total"]["present"] == 1
    assert [p["name"] for p in f["missing_leaders"]] == ["Trần Văn Thành"]
    # no decision presents an award at this conference: nobody is an award recipient, whatever their
    # category (#20; the recipients' list is tested in tests/reception/test_recipients.py)
    assert f["missing_recipients"] == []
    assert sum(a["count"] for a in f["arrivals"]) == 1
    partial = client.get(reverse("checkin:attendance_data", args=[seated.event.pk]), HTTP_HX_REQUEST="true")
    assert 'data-testid="present-b">1<' in partial.content.decode()
    printable = client.get(reverse("checkin:attendance_print", args=[seated.event.pk])).content.decode()
    assert "TÌNH HÌNH ĐẠI BIỂU CÓ MẶT" in printable and "Trần Văn Thành" in printable


def test_seating_page_query_count_does_not_grow(client, seated, django_assert_max_num_queries):
    client.force_login(seated.world.users["secretariat"])
    url = reverse("checkin:seating", args=[seated.event.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    with scopes_disabled():
        for i in range(6):
            event_services.add_delegate(None, seated.event, {"category": seated.cats["c"], "full_name": f"Người Số {i}"})
        services.auto_assign(None, seated.event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert "Người Số 5" in page


def test_attendance_query_count_does_not_grow(client, seated, django_assert_max_num_queries):
    client.force_login(seated.world.users["secretariat"])
    url = reverse("checkin:attendance_data", args=[seated.event.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    with scopes_disabled():
        for i in range(6):
            d = event_services.add_delegate(None, seated.event, {"category": seated.cats["d"], "full_name": f"Người {i}"})
            services.check_in(None, d, "Bàn 2", f"count-nonce-{i}", event=seated.event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).json()["total"]["present"] == 6


def _pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_prints_carry_the_names_and_seats(client, seated):
    client.force_login(seated.world.users["secretariat"])
    chart = client.get(reverse("checkin:print_chart", args=[seated.event.pk]))
    assert chart.status_code == 200 and chart["Content-Type"] == "application/pdf"
    text = _pdf_text(chart.content)
    assert "SƠ ĐỒ CHỖ NGỒI" in text and "SÂN KHẤU" in text and "Thị Lan" in text
    a4 = client.get(reverse("checkin:print_chart", args=[seated.event.pk]) + "?kho=A4")
    assert b"/MediaBox [0 0 841.89" in a4.content or "SƠ ĐỒ" in _pdf_text(a4.content)
    cards = _pdf_text(client.get(reverse("checkin:print_name_cards", args=[seated.event.pk])).content)
    assert "TRẦN VĂN THÀNH" in cards and "Phó Giám đốc Sở Nội vụ tỉnh Bình Phước" in cards
    labels = _pdf_text(client.get(reverse("checkin:print_seat_labels", args=[seated.event.pk])).content)
    assert "CT-01" in labels and "T-B01" in labels and "Điểu Thị Lan" in labels
    parking = _pdf_text(client.get(reverse("checkin:print_parking", args=[seated.event.pk, "pdf"])).content)
    assert "DANH SÁCH ĐẠI BIỂU ĐI Ô TÔ" in parking and "Trần Văn Thành" in parking
    assert "DANH SÁCH ĐẠI BIỂU ĐI XE MÁY" in parking and "Điểu Thị Lan" in parking
    xlsx = client.get(reverse("checkin:print_parking", args=[seated.event.pk, "xlsx"]))
    cells = [c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row]
    assert "Trần Văn Thành" in cells and "Ô tô" in cells and "Xe máy" in cells and "sân trước" in cells
    assert client.get(reverse("checkin:print_parking", args=[seated.event.pk, "exe"])).status_code == 404


def test_name_cards_need_a_presidium(client, day):
    client.force_login(day.world.users["secretariat"])
    r = client.get(reverse("checkin:print_name_cards", args=[day.event.pk]), follow=True)
    assert "Chưa xếp ai vào bàn Đoàn Chủ tịch" in r.content.decode()


def test_seating_by_hand_through_the_page(client, seated):
    client.force_login(seated.world.users["secretariat"])
    r = client.post(reverse("checkin:seat_set", args=[seated.ha.pk]), {"seat": "t-c06"}, follow=True)
    assert "ghế T-C06" in r.content.decode()
    r = client.post(reverse("checkin:seat_set", args=[seated.ha.pk]), {"seat": "X-A01"}, follow=True)
    assert "Không có ghế “X-A01”" in r.content.decode()
    r = client.post(reverse("checkin:plan_save", args=[seated.event.pk]), {"plan": "{ hỏng"}, follow=True)
    assert "không phải JSON hợp lệ" in r.content.decode()
    with scopes_disabled():
        assert Delegate.objects.get(pk=seated.ha.pk).seat == "T-C06"
        assert seated.ha.seat_assignment.manual


def test_demo_loader_does_nothing_without_its_event_and_is_idempotent(db):
    from tests.factories import make_authority
    from thidua.checkin import demo
    from thidua.checkin.models import CheckIn, HallPlan

    lines = []
    with scopes_disabled():
        demo.load(lines.append)
        assert "bỏ qua" in lines[-1] and not HallPlan.objects.exists()
        authority = make_authority("hon-quan", "huyện Hớn Quản")
        event = event_services.create_event(None, authority, {"slug": demo.SLUG, "title": "Hội nghị tổng kết",
                                                              "venue": "Hội trường UBND huyện Hớn Quản"})
        import datetime as dt

        event_services.update_event(None, event, {"date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30)})
        cats = {c.code: c for c in event.categories.all()}
        for i in range(40):
            d = event_services.add_delegate(None, event, {"category": cats["abcd"[i % 4]], "full_name": f"Đại Biểu {i}"})
            event_services.record_reply(None, d, "accepted", "phone")
        demo.load(lines.append)
        seated = Delegate.objects.filter(event=event).exclude(seat="").count()
        present = CheckIn.objects.filter(event=event, status="valid").count()
        assert seated == 40 and Delegate.objects.filter(event=event, seat__startswith="CT-").count() == 7
        assert 0 < present < 40
        demo.load(lines.append)
        assert "giữ nguyên" in lines[-1]
        assert CheckIn.objects.filter(event=event, status="valid").count() == present
        assert hall.capacity(HallPlan.objects.get(event=event).plan) >= 280
