"""Movements (phong trào thi đua): service validation, status transitions, audit, pages and scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua.emulation import services
from thidua.emulation.models import Movement
from thidua.orgs.audit import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


REGULAR = {"name": "Phong trào thi đua yêu nước năm 2024", "kind": "thuong_xuyen",
           "launch_document": "Kế hoạch số 18/KH-UBND", "launch_date": dt.date(2024, 1, 10),
           "starts_on": dt.date(2024, 1, 15), "ends_on": dt.date(2024, 12, 31)}


def test_movement_validation_and_one_regular_per_cycle(world, setup):
    sec = world.users["secretariat"]
    with scopes_disabled():
        m = services.create_movement(sec, setup.cycle, REGULAR, [world.unit_a])
        assert list(m.units.all()) == [world.unit_a] and m.status == "phat_dong"
        with pytest.raises(ValidationFailed, match="đã có phong trào thi đua thường xuyên") as info:
            services.create_movement(sec, setup.cycle, REGULAR | {"name": "Khác"})
        assert info.value.field == "kind"
        with pytest.raises(ValidationFailed, match="sau ngày bắt đầu"):
            services.create_movement(sec, setup.cycle, {"name": "Đợt 1", "kind": "dot", "launch_document": "CV 1",
                                                        "starts_on": dt.date(2024, 5, 1),
                                                        "ends_on": dt.date(2024, 4, 1)})
        with pytest.raises(ValidationFailed, match="cần ghi số, ký hiệu") as info:
            services.create_movement(sec, setup.cycle, {"name": "Đợt 2", "kind": "dot"})
        assert info.value.field == "launch_document"
        planned = services.create_movement(sec, setup.cycle, {"name": "Đợt 2", "kind": "dot", "status": "du_kien"})
        with pytest.raises(ValidationFailed, match="thuộc cơ quan khác"):
            services.create_movement(sec, setup.cycle, {"name": "Đợt 3", "kind": "dot", "status": "du_kien"},
                                     [world.other_unit])
        with pytest.raises(PermissionDenied):
            services.create_movement(world.users["unit_officer"], setup.cycle, {"name": "X", "kind": "dot",
                                                                                "status": "du_kien"})
        with pytest.raises(PermissionDenied):
            services.create_movement(world.users["other_secretariat"], setup.cycle,
                                     {"name": "X", "kind": "dot", "status": "du_kien"})
        # planned → closed skips the launch: refused; planned → launched records who and why
        with pytest.raises(ValidationFailed, match="Không thể chuyển phong trào"):
            services.update_movement(sec, planned, {"status": "tong_ket", "launch_document": "CV 5/UBND"})
        services.update_movement(sec, planned, {"status": "phat_dong", "launch_document": "Công văn 5/UBND"},
                                 [world.unit_a, world.unit_b], note="Phát động tại hội nghị")
        planned.refresh_from_db()
        assert planned.status == "phat_dong" and planned.status_changed_by == sec
        assert planned.status_note == "Phát động tại hội nghị" and planned.units.count() == 2
        log = AuditLog.objects.filter(action="emulation.movement.update").get()
        assert log.before["status"] == "du_kien" and log.after["units"] == sorted([world.unit_a.pk, world.unit_b.pk])


def test_status_check_constraint(world, setup):
    from django.db import IntegrityError, transaction

    with scopes_disabled():
        m = services.create_movement(None, setup.cycle, REGULAR)
        with pytest.raises(IntegrityError), transaction.atomic():
            Movement.objects.filter(pk=m.pk).update(status="bogus")


def test_movement_pages_roles_and_scope(client, world, setup):
    with scopes_disabled():
        ours = services.create_movement(None, setup.cycle, REGULAR, [world.unit_a, world.unit_b])
        theirs = services.create_movement(None, setup.cycle, {"name": "Chuyên đề chuyển đổi số", "kind": "chuyen_de",
                                                              "launch_document": "KH 7/KH-UBND"}, [world.unit_b])
    lst = reverse("emulation:movements", args=[setup.cycle.pk])
    client.force_login(world.users["unit_officer"])
    page = client.get(lst).content.decode()
    assert ours.name in page and theirs.name not in page and "Thêm phong trào" not in page
    assert client.get(reverse("emulation:movement", args=[ours.pk])).status_code == 200
    assert client.get(reverse("emulation:movement", args=[theirs.pk])).status_code == 403  # id tampering
    assert client.post(lst, {"name": "X", "kind": "dot", "status": "du_kien"}).status_code == 403
    assert client.post(reverse("emulation:movement", args=[ours.pk]), {"name": "X"}).status_code == 403
    client.force_login(world.users["reception"])
    assert client.get(lst).status_code == 403
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("emulation:movement", args=[ours.pk])).status_code == 404

    client.force_login(world.users["secretariat"])
    page = client.get(lst).content.decode()
    assert ours.name in page and theirs.name in page
    bad = client.post(lst, {"name": "Đợt cao điểm", "kind": "dot", "status": "phat_dong", "launch_document": "",
                            "units": [world.unit_a.pk]}).content.decode()
    assert 'data-testid="error-launch_document"' in bad and "cần ghi số, ký hiệu văn bản phát động" in bad
    response = client.post(lst, {"name": "Đợt cao điểm\u0020chào mừng 2/9", "kind": "dot", "status": "phat_dong",
                                 "launch_document": "Công văn 12/UBND-VP", "launch_date": "2024-05-20",
                                 "starts_on": "2024-06-01", "ends_on": "2024-09-02",
                                 "units": [world.unit_a.pk, world.unit_b.pk]})
    assert response.status_code == 302
    with scopes_disabled():
        new = Movement.objects.get(name="Đợt cao điểm chào mừng 2/9")
        assert new.launch_date == dt.date(2024, 5, 20) and new.units.count() == 2
    edit = reverse("emulation:movement", args=[new.pk])
    assert client.post(edit, {"name": new.name, "kind": "dot", "status": "tong_ket",
                              "launch_document": "Công văn 12/UBND-VP", "units": [world.unit_a.pk],
                              "note": "Đã sơ kết"}).status_code == 302
    with scopes_disabled():
        new.refresh_from_db()
        assert new.status == "tong_ket" and list(new.units.all()) == [world.unit_a]
    # another authority's unit id in the post is not a choice: refused at the field
    page = client.post(edit, {"name": new.name, "kind": "dot", "status": "tong_ket",
                              "launch_document": "CV", "units": [world.other_unit.pk]}).content.decode()
    assert 'data-testid="error-units"' in page
