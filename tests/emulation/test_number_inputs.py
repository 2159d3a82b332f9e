"""#16: a number typed on the covenant and score pages is read by the one parser (`vn.numbers`)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua.emulation.models import CovenantTarget
from thidua.orgs.services import ValidationFailed, read_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


def _target(world) -> Decimal:
    with scopes_disabled():
        return CovenantTarget.objects.get(covenant__organisation=world.unit_a).target


def test_target_with_thousands_dots_is_stored_as_typed(client, world, setup):
    client.force_login(world.users["unit_officer"])
    url = reverse("emulation:covenant", args=[setup.cycle.pk, world.unit_a.pk])
    crit = setup.crit["1.1"].pk
    client.post(url, {"action": "save", f"t{crit}": "7.500", "commitments": "Cam kết"})
    assert _target(world) == 7500  # was stored as 7,5
    page = client.get(url).content.decode()
    client.post(url, {"action": "save", f"t{crit}": "7 500,5", "commitments": "Cam kết"})
    assert _target(world) == Decimal("7500.5")
    assert 'value="7.500"' in page  # the stored value shown as officials write it, reading back the same
    page = client.post(url, {"action": "save", f"t{crit}": "0,125", "commitments": "Cam kết"}).content.decode()
    assert "chỉ ghi tối đa 2 chữ số sau dấu phẩy" in page  # refused, not rounded on save
    assert _target(world) == Decimal("7500.5")


def test_ambiguous_target_is_refused_saying_both_readings(client, world, setup):
    client.force_login(world.users["unit_officer"])
    url = reverse("emulation:covenant", args=[setup.cycle.pk, world.unit_a.pk])
    crit = setup.crit["1.1"].pk
    page = client.post(url, {"action": "save", f"t{crit}": "7,500", "commitments": "Cam kết"}).content.decode()
    assert "có thể đọc là 7,5 hoặc 7.500" in page
    assert 'value="7,500"' in page  # shown where it was typed
    with scopes_disabled():
        assert not CovenantTarget.objects.filter(covenant__organisation=world.unit_a).exists()


def test_services_read_numbers_with_the_one_parser(world, setup):
    assert read_number("1.234.567") == 1234567
    assert read_number(" 7.500,5 ") == Decimal("7500.5")
    assert read_number("") is None and read_number(None) is None
    with pytest.raises(ValidationFailed, match="7,5 hoặc 7.500"):
        read_number("7,500", "Chỉ tiêu 1.1")
    with pytest.raises(ValidationFailed, match="không phải là số"):
        read_number("7.50.0")


def test_self_score_above_the_maximum_is_refused_not_capped(client, world, setup):
    client.force_login(world.users["unit_officer"])
    sheet_url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])
    page = client.post(sheet_url, {"action": "save", f"v{setup.crit['4.1'].pk}": "5.000"}).content.decode()
    assert "vượt quá điểm tối đa 5" in page  # "5.000" is five thousand, not 5


def test_a_saved_score_is_shown_the_vietnamese_way_and_reads_back(client, world, setup):
    client.force_login(world.users["unit_officer"])
    url = reverse("emulation:covenant", args=[setup.cycle.pk, world.unit_a.pk])
    client.post(url, {"action": "submit", f"t{setup.crit['1.1'].pk}": "7.500", "commitments": "Cam kết"})
    sheet_url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])
    client.post(sheet_url, {"action": "save", f"v{setup.crit['1.1'].pk}": "7.600"})
    page = client.get(sheet_url).content.decode()
    assert 'value="7.600"' in page
    client.post(sheet_url, {"action": "save", f"v{setup.crit['1.1'].pk}": "7.600"})  # sent back as shown
    with scopes_disabled():
        from thidua.emulation.models import Score  # noqa: PLC0415 (optional)

        assert Score.objects.get(sheet__organisation=world.unit_a, criterion=setup.crit["1.1"]).self_value == 7600
