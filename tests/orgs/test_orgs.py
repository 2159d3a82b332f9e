import unicodedata

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.orgs import services
from thidua.orgs.models import AuditLog, Organisation, Person, Role, User

pytestmark = pytest.mark.django_db


def test_text_is_stored_nfc_and_searchable_without_accents(client, world):
    nfd = unicodedata.normalize("NFD", "Đặng Thị Ượng")
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("orgs:person_create"), {"full_name": f"  {nfd}  ", "gender": "F",
                                                           "position": "Chuyên viên", "organisation": world.unit_b.pk})
    assert response.status_code == 302
    with scopes_disabled():
        person = Person.objects.get(given_name="Ượng")
    assert person.full_name == unicodedata.normalize("NFC", "Đặng Thị Ượng")
    assert (person.family_name, person.middle_name) == ("Đặng", "Thị")
    page = client.get(reverse("orgs:person_list"), {"q": "dang thi uong"}).content.decode()
    assert "Đặng Thị Ượng" in page
    assert "Nguyễn Văn Hạ" in client.get(reverse("orgs:person_list"), {"q": "nguyen van ha"}).content.decode()


def test_people_sorted_the_vietnamese_way_by_given_name(client, world):
    with scopes_disabled():
        for family, middle, given in [("Đỗ", "Văn", "Đông"), ("Lê", "Thị", "Ơn"), ("Bùi", "Văn", "An"),
                                      ("Vũ", "Thị", "Ấn"), ("Hồ", "Văn", "Dương"), ("Lý", "Thị", "Dung"),
                                      ("Ngô", "Văn", "Ôn"), ("Đinh", "Thị", "On")]:
            Person.objects.create(authority=world.authority, organisation=world.unit_b, family_name=family,
                                  middle_name=middle, given_name=given)
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("orgs:person_list")).content.decode()
    order = ["Bùi Văn An", "Trần Thị Ánh", "Vũ Thị Ấn", "Lý Thị Dung", "Hồ Văn Dương", "Đỗ Văn Đông",
             "Nguyễn Văn Hạ", "Đinh Thị On", "Ngô Văn Ôn", "Lê Thị Ơn"]
    positions = [page.index(name) for name in order]
    assert positions == sorted(positions)


def test_unit_officer_account_needs_a_unit(world):
    with pytest.raises(IntegrityError), scopes_disabled():
        User.objects.create(username="x", role=Role.UNIT_OFFICER, authority=world.authority)


def test_every_write_is_audited_with_before_and_after(world):
    actor = world.users["secretariat"]
    with scopes_disabled():
        services.update_person(actor, world.person_a, {"position": "Phó Hiệu trưởng"})
        entry = AuditLog.objects.get(action="orgs.person.update")
    assert entry.actor == actor
    assert entry.changes["position"] == ["Hiệu trưởng", "Phó Hiệu trưởng"]
    assert entry.before["position"] == "Hiệu trưởng" and entry.after["position"] == "Phó Hiệu trưởng"


def test_audit_page_shows_changes_to_admin(client, world):
    with scopes_disabled():
        services.update_organisation(world.users["secretariat"], world.unit_b, {"name": "Phòng Văn hóa và Thông tin"})
    client.force_login(world.users["admin"])
    page = client.get(reverse("orgs:audit_list")).content.decode()
    assert "orgs.organisation.update" in page and "Phòng Văn hóa và Thông tin" in page
    import io

    import openpyxl

    export = client.get(reverse("orgs:audit_list"), {"format": "xlsx"})
    values = [c.value for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row]
    assert "orgs.organisation.update" in values
    assert any(isinstance(v, str) and "Phòng Văn hóa - Xã hội → Phòng Văn hóa và Thông tin" in v for v in values)


def test_bad_input_gets_vietnamese_errors_and_keeps_what_was_typed(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("orgs:unit_create"), {"code": "a", "name": "Trường trùng mã", "kind": "truong",
                                                         "display_order": 3, "email": "khong-phai-email"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Địa chỉ thư điện tử không hợp lệ." in page
    assert "Trường trùng mã" in page  # nothing typed is lost
    response = client.post(reverse("orgs:unit_create"), {"code": "a", "name": "Trường trùng mã", "kind": "truong",
                                                         "display_order": 3})
    assert "Mã đơn vị “a” đã có." in response.content.decode()


def test_merged_unit_is_kept_and_points_to_successor(world):
    import datetime as dt

    with scopes_disabled():
        services.merge_organisation(None, world.unit_a, world.unit_b, dt.date(2025, 6, 30))
        unit = Organisation.objects.get(pk=world.unit_a.pk)
    assert unit.merged_into_id == world.unit_b.pk and unit.valid_to == dt.date(2025, 6, 30)
    assert not unit.is_active_on(dt.date(2025, 7, 1)) and unit.is_active_on(dt.date(2025, 6, 30))


def test_login_page_is_vietnamese_and_rejects_bad_password(client, world):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page
    response = client.post(reverse("login"), {"username": "thuongtruc", "password": "sai"})
    assert "không đúng" in response.content.decode()
    response = client.post(reverse("login"), {"username": "thuongtruc", "password": "mat-khau-thu-nghiem-1"})
    assert response.status_code == 302


def test_passwords_are_hashed_with_djangos_default_hasher(world, settings):
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    with scopes_disabled():
        user = User.objects.get(username="thuongtruc")
        user.set_password("mot-mat-khau-dai-123")
        user.save()
        user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
    assert "mot-mat-khau" not in user.password and user.check_password("mot-mat-khau-dai-123")


@pytest.mark.parametrize("n", [1, 3])
def test_list_views_have_bounded_queries(client, world, django_assert_max_num_queries, n):
    with scopes_disabled():
        for i in range(n * 10):
            Person.objects.create(authority=world.authority, organisation=world.unit_a if i % 2 else world.unit_b,
                                  family_name="Phạm", middle_name="Văn", given_name=f"Tên{i}")
            Organisation.objects.create(authority=world.authority, code=f"u{i}", name=f"Đơn vị {i}")
    client.force_login(world.users["secretariat"])
    # Session, user, page and count: the same small number for 10 or 30 rows.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("orgs:person_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("orgs:unit_list")).status_code == 200


def test_excel_exports_neutralise_formulas(client, world):
    import io
    import zipfile

    with scopes_disabled():
        Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="=HYPERLINK(\"http://x\")",
                              given_name="Độc")
    client.force_login(world.users["secretariat"])
    response = client.get(reverse("orgs:person_list"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Nguyễn Văn Hạ" in values
