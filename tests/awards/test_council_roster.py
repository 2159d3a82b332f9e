"""#20 the council's standing list: the secretariat keeps it (add, order, relieve, audited, scoped to its
authority) and a new meeting starts from it, its minutes and ballots naming those members."""

import datetime as dt
import io
import re
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.awards import demo_roster, services
from thidua.awards.models import CouncilMeeting, CouncilSeat, SeatPosition
from thidua.orgs import demo as orgs_demo
from thidua.orgs.models import AuditLog, Authority, Person

pytestmark = pytest.mark.django_db

ROLES = ("admin", "secretariat", "reviewer", "unit_officer", "reception", "leader")
DAY = dt.date(2025, 1, 2)


def seats(world, authority=None, rows=(("Trần Quốc Hùng", "pho-chu-tich", "Phó Chủ tịch UBND"),
                                       ("Lê Thị Hồng", "thu-ky", "Chuyên viên"))):
    with scopes_disabled():
        return [services.add_seat(None, authority or world.authority,
                                  {"name": n, "position": p, "title": t, "active_from": DAY}) for n, p, t in rows]


def names(authority):
    with scopes_disabled():
        return [s.name for s in services.active_seats(authority)]


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- services ------------------------------------------------------------------------------------------


def test_add_takes_the_person_name_and_office_and_a_chairman_heads_the_list(world):
    sec = world.users["secretariat"]
    seats(world)
    with scopes_disabled():
        chair = services.add_seat(sec, world.authority, {"person": world.person_a, "name": "",
                                                         "position": SeatPosition.CHAIR, "title": ""})
        assert (chair.name, chair.title, chair.order) == ("Nguyễn Văn Hạ", "Hiệu trưởng", 1)
        assert AuditLog.objects.filter(action="awards.roster.add", object_id=str(chair.pk), actor=sec).exists()
    assert names(world.authority) == ["Nguyễn Văn Hạ", "Trần Quốc Hùng", "Lê Thị Hồng"]
    with scopes_disabled(), pytest.raises(services.ValidationFailed, match="đã có Chủ tịch Hội đồng: Nguyễn Văn Hạ"):
        services.add_seat(sec, world.authority, {"name": "Người Khác", "position": SeatPosition.CHAIR})
    with scopes_disabled(), pytest.raises(services.ValidationFailed, match="đã có trong danh sách") as exc:
        services.add_seat(sec, world.authority, {"name": "nguyễn  văn hạ", "position": SeatPosition.MEMBER})
    assert exc.value.field == "name"
    with scopes_disabled(), pytest.raises(services.ValidationFailed, match="cơ quan khác"):
        stranger = Person.objects.filter(authority=world.other_authority).first()
        services.add_seat(sec, world.authority, {"person": stranger, "position": SeatPosition.MEMBER})


def test_reorder_move_and_deactivate_are_audited(world):
    sec = world.users["secretariat"]
    a, b = seats(world)
    with scopes_disabled():
        c = services.add_seat(sec, world.authority, {"name": "Phạm Văn Toàn", "position": "uy-vien"})
        services.move_seat(sec, c, -1)
        assert names(world.authority) == ["Trần Quốc Hùng", "Phạm Văn Toàn", "Lê Thị Hồng"]
        with pytest.raises(services.ValidationFailed, match="đầu danh sách"):
            services.move_seat(sec, a, -1)
        services.reorder_seats(sec, world.authority, [b.pk, a.pk, c.pk])
        assert names(world.authority) == ["Lê Thị Hồng", "Trần Quốc Hùng", "Phạm Văn Toàn"]
        with pytest.raises(services.ValidationFailed, match="tải lại trang"):
            services.reorder_seats(sec, world.authority, [b.pk, a.pk])
        gone = services.deactivate_seat(sec, a)
        assert gone.active_to is not None and not gone.is_active(gone.active_to)
        assert names(world.authority) == ["Lê Thị Hồng", "Phạm Văn Toàn"]
        assert CouncilSeat.objects.filter(pk=a.pk).exists()  # kept as a former member
        with pytest.raises(services.ValidationFailed, match="không còn"):
            services.deactivate_seat(sec, a)
        actions = list(AuditLog.objects.filter(action__startswith="awards.roster.").values_list("action", flat=True))
        assert actions.count("awards.roster.reorder") == 2 and "awards.roster.deactivate" in actions


def test_every_write_needs_the_permission_and_the_authority(world):
    a, _ = seats(world)
    with scopes_disabled():
        for role in ("reviewer", "unit_officer", "reception", "leader"):
            with pytest.raises(PermissionDenied):
                services.add_seat(world.users[role], world.authority, {"name": "X Y", "position": "uy-vien"})
        other = world.users["other_secretariat"]
        for call in (lambda: services.move_seat(other, a, 1), lambda: services.deactivate_seat(other, a),
                     lambda: services.update_seat(other, a, {"title": "X"}),
                     lambda: services.add_seat(other, world.authority, {"name": "X Y", "position": "uy-vien"})):
            with pytest.raises(PermissionDenied):
                call()
    assert names(world.authority) == ["Trần Quốc Hùng", "Lê Thị Hồng"]


def test_another_authoritys_member_is_a_404_for_every_role(client, world):
    (theirs,) = seats(world, world.other_authority, (("Lê Văn Tám", "chu-tich", ""),))
    seats(world)
    for role in ROLES:
        client.force_login(world.users[role])
        for name, method in (("roster_edit", "get"), ("roster_edit", "post"), ("roster_move", "post"),
                             ("roster_deactivate", "post")):
            response = getattr(client, method)(reverse(f"awards:{name}", args=[theirs.pk]), {"huong": "len"})
            assert response.status_code == 404, (role, name, method)
        page = client.get(reverse("awards:roster"))
        assert "Lê Văn Tám" not in page.content.decode()
    with scopes_disabled():
        assert CouncilSeat.objects.get(pk=theirs.pk).active_to is None
    # one's own member: only the secretariat and the administrator
    mine = names(world.authority)
    with scopes_disabled():
        own = CouncilSeat.objects.filter(authority=world.authority).first()
    for role in ("reviewer", "unit_officer", "reception", "leader"):
        client.force_login(world.users[role])
        assert client.get(reverse("awards:roster")).status_code == 403
        assert client.post(reverse("awards:roster_move", args=[own.pk]), {"huong": "xuong"}).status_code == 403
    assert names(world.authority) == mine


def test_the_dragged_order_is_saved_whole_by_the_secretariat_only(client, world):
    a, b = seats(world)
    (theirs,) = seats(world, world.other_authority, (("Lê Văn Tám", "chu-tich", ""),))
    url = reverse("awards:roster_order")
    for role in ("reviewer", "unit_officer", "reception", "leader"):
        client.force_login(world.users[role])
        assert client.post(url, {"ids": [b.pk, a.pk], "seen": [a.pk, b.pk]}).status_code == 403
    assert names(world.authority) == ["Trần Quốc Hùng", "Lê Thị Hồng"]
    client.force_login(world.users["secretariat"])
    assert client.get(url).status_code == 405
    page = client.get(reverse("awards:roster")).content.decode()
    assert 'data-reorder-list="roster-order"' in page and f'data-id="{a.pk}"' in page
    assert f'name="seen" value="{a.pk}"><input type="hidden" name="seen" value="{b.pk}"' in page
    # a list that is not the whole active list (a member added meanwhile, another authority's) is refused
    for ids in ([b.pk], [b.pk, a.pk, theirs.pk], [b.pk, b.pk]):
        body = client.post(url, {"ids": ids, "seen": [a.pk, b.pk]}, follow=True).content.decode()
        assert "Danh sách đã thay đổi; tải lại trang rồi sắp xếp lại." in body
        assert names(world.authority) == ["Trần Quốc Hùng", "Lê Thị Hồng"]
    # while "Xem như ngày" is set the same order is refused and nothing moves
    client.post(reverse("web:set_as_of"), {"as_of": "01/04/2025"})
    response = client.post(url, {"ids": [b.pk, a.pk], "seen": [a.pk, b.pk]})
    assert response.status_code == 403 and "Không ghi được: đang xem hệ thống như vào ngày 01/04/2025" in (
        response.content.decode())
    assert names(world.authority) == ["Trần Quốc Hùng", "Lê Thị Hồng"]
    client.post(reverse("web:set_as_of"), {"as_of": ""})
    # a page that did not send the order it showed, or showed an order changed since, is refused
    for seen in ([], [b.pk, a.pk]):
        body = client.post(url, {"ids": [b.pk, a.pk], "seen": seen}, follow=True).content.decode()
        assert "Danh sách vừa được sắp xếp lại ở nơi khác; tải lại trang" in body
        assert names(world.authority) == ["Trần Quốc Hùng", "Lê Thị Hồng"]
    body = client.post(url, {"ids": [b.pk, a.pk], "seen": [a.pk, b.pk]}, follow=True).content.decode()
    assert "Đã lưu thứ tự mới của danh sách Hội đồng." in body
    assert names(world.authority) == ["Lê Thị Hồng", "Trần Quốc Hùng"]
    # the other secretary's page still shows the old order: its drag is refused, the new order stays
    body = client.post(url, {"ids": [a.pk, b.pk], "seen": [a.pk, b.pk]}, follow=True).content.decode()
    assert "Danh sách vừa được sắp xếp lại ở nơi khác" in body
    assert names(world.authority) == ["Lê Thị Hồng", "Trần Quốc Hùng"]
    assert names(world.other_authority) == ["Lê Văn Tám"]


# --- pages ---------------------------------------------------------------------------------------------


def test_roster_page_adds_moves_and_keeps_typed_values_on_a_refusal(client, world):
    seats(world)
    client.force_login(world.users["secretariat"])
    url = reverse("awards:roster")
    page = client.get(url).content.decode()
    assert "Danh sách Hội đồng" in page and "Trần Quốc Hùng" in page and "Thôi tham gia" in page
    response = client.post(url, {"people": [], "name": "Trần Quốc Hùng", "position": "uy-vien",
                                 "title": "Trưởng phòng Tư pháp xã", "active_from": "2025-01-05"})
    body = response.content.decode()
    assert response.status_code == 400 and "đã có trong danh sách" in body
    assert 'value="Trưởng phòng Tư pháp xã"' in body and 'value="2025-01-05"' in body
    response = client.post(url, {"people": [world.person_b.pk, world.person_a.pk], "name": "Phạm Hòa",
                                 "position": "uy-vien", "title": "", "active_from": "2025-01-05"}, follow=True)
    assert "Đã thêm Trần Thị Ánh, Nguyễn Văn Hạ, Phạm Hòa vào danh sách Hội đồng." in response.content.decode()
    assert names(world.authority)[2:] == ["Trần Thị Ánh", "Nguyễn Văn Hạ", "Phạm Hòa"]  # in the order chosen
    with scopes_disabled():
        CouncilSeat.objects.filter(name__in=["Nguyễn Văn Hạ", "Phạm Hòa"]).delete()
    # all or none: a chairman twice is refused and nothing of the choice is added
    response = client.post(url, {"people": [world.person_a.pk], "name": "Phạm Hòa", "position": "chu-tich",
                                 "title": "", "active_from": "2025-01-05"})
    assert response.status_code == 400 and "đã có Chủ tịch Hội đồng: Nguyễn Văn Hạ" in response.content.decode()
    assert names(world.authority) == ["Trần Quốc Hùng", "Lê Thị Hồng", "Trần Thị Ánh"]
    with scopes_disabled():
        anh = CouncilSeat.objects.get(name="Trần Thị Ánh")
    client.post(reverse("awards:roster_move", args=[anh.pk]), {"huong": "len"})
    assert names(world.authority) == ["Trần Quốc Hùng", "Trần Thị Ánh", "Lê Thị Hồng"]
    edit = client.get(reverse("awards:roster_edit", args=[anh.pk])).content.decode()
    version = re.search(r'name="edit_version" value="([^"]*)"', edit).group(1)
    values = {"name": "Trần Thị Ánh", "position": "thuong-truc", "title": "Trưởng phòng", "active_from": "2025-01-05"}
    response = client.post(reverse("awards:roster_edit", args=[anh.pk]), {**values, "edit_version": version},
                           follow=True)
    assert "Đã lưu Trần Thị Ánh." in response.content.decode()
    with scopes_disabled():
        assert CouncilSeat.objects.get(pk=anh.pk).position == "thuong-truc"
    stale = client.post(reverse("awards:roster_edit", args=[anh.pk]), {**values, "title": "Khác",
                                                                         "edit_version": version})
    assert "Đã có người sửa" in stale.content.decode() and 'value="Khác"' in stale.content.decode()
    response = client.post(reverse("awards:roster_deactivate", args=[anh.pk]), follow=True)
    assert "đã thôi tham gia Hội đồng" in response.content.decode()


def test_roster_page_queries_do_not_grow_with_members(client, world):
    seats(world, rows=(("Trần Quốc Hùng", "chu-tich", ""),))
    client.force_login(world.users["secretariat"])
    url = reverse("awards:roster")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    seats(world, rows=(("Lê Thị Hồng", "thu-ky", ""),))
    with scopes_disabled():
        services.add_seat(None, world.authority, {"person": world.person_a, "position": "uy-vien",
                                                  "active_from": DAY})
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()
    assert page.count('data-testid="roster-row"') == 3
    assert len(three) == len(one), [q["sql"] for q in three.captured_queries]


def test_a_meeting_starts_from_the_list_in_order_and_its_papers_name_them(client, world):
    from pypdf import PdfReader  # noqa: PLC0415 (optional)

    a, b = seats(world)
    with scopes_disabled():
        chair = services.add_seat(None, world.authority, {"name": "Nguyễn Văn Hạ", "position": "chu-tich",
                                                          "title": "Chủ tịch UBND xã", "active_from": DAY})
        services.deactivate_seat(None, b)
        services.add_seat(None, world.authority, {"name": "Đỗ Thu", "position": "uy-vien", "active_from": DAY})
    client.force_login(world.users["secretariat"])
    form = client.get(reverse("awards:meeting_create")).content.decode()
    members = re.search(r'<textarea name="members"[^>]*>(.*?)</textarea>', form, re.S).group(1).strip()
    assert members.splitlines() == ["Nguyễn Văn Hạ - Chủ tịch Hội đồng (Chủ tịch UBND xã)",
                                    "Trần Quốc Hùng - Phó Chủ tịch Hội đồng (Phó Chủ tịch UBND)",
                                    "Đỗ Thu - Ủy viên"]
    assert 'value="Nguyễn Văn Hạ"' in form and "Lấy từ danh sách Hội đồng" in form
    # the secretariat adds an invited guest for this meeting only, and saves
    response = client.post(reverse("awards:meeting_create"), {
        "year": 2024, "date": "2025-02-14", "place": "Hội trường xã", "chair": "Nguyễn Văn Hạ",
        "secretary": "Đỗ Thu", "members": members + "\nHoàng Văn Khách - Khách mời"})
    assert response.status_code == 302
    with scopes_disabled():
        m = CouncilMeeting.objects.get()
        assert [x.name for x in m.members.all()] == ["Nguyễn Văn Hạ", "Trần Quốc Hùng", "Đỗ Thu", "Hoàng Văn Khách"]
        assert names(world.authority) == ["Nguyễn Văn Hạ", "Trần Quốc Hùng", "Đỗ Thu"]  # the list is unchanged
        services.update_seat(None, chair, {"title": "Bí thư Đảng ủy xã"})  # a later change leaves the meeting alone
        assert m.members.first().role == "Chủ tịch Hội đồng (Chủ tịch UBND xã)"
    # absent at this meeting: as before, on the meeting page
    with scopes_disabled():
        keep = [x.pk for x in m.members.all() if x.name != "Trần Quốc Hùng"]
    client.post(reverse("awards:meeting_presence", args=[m.pk]), {"present": keep})
    pdf = client.get(reverse("awards:meeting_minutes", args=[m.pk, "pdf"]))
    assert pdf.status_code == 200
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for name in ("Nguyễn Văn Hạ", "Đỗ Thu", "Hoàng Văn Khách"):
        assert name in text, name
    assert "3/4" in text
    assert client.get(reverse("awards:paper_ballots", args=[m.pk, "pdf"])).status_code == 200
    assert client.get(reverse("awards:meeting_minutes", args=[m.pk, "docx"])).status_code == 200


def test_without_a_list_the_meeting_form_is_as_before(client, world):
    client.force_login(world.users["secretariat"])
    form = client.get(reverse("awards:meeting_create")).content.decode()
    assert "Chưa có danh sách Hội đồng" in form


def test_demo_lists(db):
    with scopes_disabled():
        orgs_demo.load(log=lambda *_: None)
        demo_roster.load(log=lambda *_: None)
        demo_roster.load(log=lambda *_: None)  # idempotent
        hon_quan = Authority.objects.get(code="hon-quan")
        dong_nai = Authority.objects.filter(code="dong-nai").first()
    got = names(hon_quan)
    assert got[0] == "Nguyễn Văn Hạ" and got[-1] == "Bùi Thị Ngọc Trâm" and len(got) == 7
    if dong_nai is not None:
        assert names(dong_nai)[0] == "Võ Tấn Đức"
    with scopes_disabled():
        initial = services.meeting_initial(hon_quan)
    assert (initial["chair"], initial["secretary"]) == ("Nguyễn Văn Hạ", "Bùi Thị Ngọc Trâm")


# --- in the browser ------------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_browser_reorder_by_keyboard_then_a_meeting_from_the_list(page, live_server, tmp_path):
    from playwright.sync_api import expect  # noqa: PLC0415 (optional)

    from tests.factories import PASSWORD, make_world  # noqa: PLC0415 (optional)

    world = make_world()
    with scopes_disabled():
        services.seed_catalogue(None)
    seats(world, rows=(("Nguyễn Văn Hạ", "chu-tich", "Chủ tịch UBND xã"), ("Lê Thị Hồng", "thu-ky", "Công chức"),
                       ("Trần Quốc Hùng", "pho-chu-tich", "Phó Chủ tịch UBND xã")))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "thuongtruc")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}{reverse('awards:roster')}")
    rows = page.locator("[data-testid=roster-name]")
    expect(rows).to_have_text(["Nguyễn Văn Hạ", "Lê Thị Hồng", "Trần Quốc Hùng"])
    # add a person with the picker, searched without accents, ticked by Enter
    page.wait_for_selector("[data-testid=picker]")
    box = page.locator("[data-testid=picker] input").first
    box.fill("tran thi anh")
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator(".ts-dropdown .option", has_text="Trần Thị Ánh").locator("input[type=checkbox]")).to_be_checked()
    page.keyboard.press("Escape")
    page.click("[data-testid=roster-add] button[type=submit]")
    expect(page.get_by_text("Đã thêm Trần Thị Ánh vào danh sách Hội đồng.")).to_be_visible()
    expect(rows).to_have_text(["Nguyễn Văn Hạ", "Lê Thị Hồng", "Trần Quốc Hùng", "Trần Thị Ánh"])
    # keyboard only: focus the secretary's "Xuống" and press Enter; the vice-chairman moves up
    page.get_by_role("button", name="Chuyển Lê Thị Hồng xuống dưới").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Đã chuyển Lê Thị Hồng xuống thứ 3.")).to_be_visible()
    expect(rows).to_have_text(["Nguyễn Văn Hạ", "Trần Quốc Hùng", "Lê Thị Hồng", "Trần Thị Ánh"])
    page.screenshot(path=tmp_path / "roster.png", full_page=True)
    assert names(world.authority) == ["Nguyễn Văn Hạ", "Trần Quốc Hùng", "Lê Thị Hồng", "Trần Thị Ánh"]
    # a meeting from the list: the form is filled in that order; save it
    page.click("[data-testid=roster-new-meeting]")
    expect(page.locator("#id_members")).to_have_value(
        "Nguyễn Văn Hạ - Chủ tịch Hội đồng (Chủ tịch UBND xã)\n"
        "Trần Quốc Hùng - Phó Chủ tịch Hội đồng (Phó Chủ tịch UBND xã)\n"
        "Lê Thị Hồng - Thư ký Hội đồng (Công chức)\n"
        "Trần Thị Ánh - Ủy viên (Trưởng phòng)")
    expect(page.locator("#id_chair")).to_have_value("Nguyễn Văn Hạ")
    expect(page.locator("#id_secretary")).to_have_value("Lê Thị Hồng")
    page.screenshot(path=tmp_path / "meeting-form.png", full_page=True)
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r".*/hoi-dong/\d+/$"))
    for name in ("Nguyễn Văn Hạ", "Trần Quốc Hùng", "Lê Thị Hồng", "Trần Thị Ánh"):
        expect(page.get_by_text(name).first).to_be_visible()
    page.screenshot(path=tmp_path / "meeting.png", full_page=True)
    with scopes_disabled():
        m = CouncilMeeting.objects.get()
        assert [x.name for x in m.members.all()] == ["Nguyễn Văn Hạ", "Trần Quốc Hùng", "Lê Thị Hồng", "Trần Thị Ánh"]
