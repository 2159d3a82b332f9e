"""The audit log and the authority check read a row's authority off the row itself, also for a row that
belongs to its authority only through a parent (a scorecard → its cycle → the authority)."""

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from tests.factories import make_user
from thidua.emulation.models import Cycle, Scorecard
from thidua.orgs.audit import log_action
from thidua.orgs.models import AuditLog, Role
from thidua.orgs.services import check_authority


@pytest.fixture
def scorecard(world):
    with scopes_disabled():
        cycle = Cycle.objects.create(authority=world.authority, year=2025, name="Thi đua năm 2025")
        return Scorecard.objects.create(cycle=cycle, name="Thang điểm khối trường học")


def test_log_action_finds_the_authority_through_the_parent(world, scorecard):
    actor = world.users["other_secretariat"]  # of the other authority: the row decides, not the actor
    with scopes_disabled():
        entry = log_action(actor, "test.scorecard", scorecard, None, {"name": scorecard.name})
        stored = AuditLog.objects.get(pk=entry.pk)
    assert stored.authority_id == world.authority.pk != world.other_authority.pk
    assert (stored.object_type, stored.object_id) == ("emulation.scorecard", str(scorecard.pk))


def test_log_action_without_an_object_takes_the_actor_authority(world):
    with scopes_disabled():
        entry = log_action(world.users["other_secretariat"], "test.login")
        assert AuditLog.objects.get(pk=entry.pk).authority_id == world.other_authority.pk


def test_check_authority_refuses_another_authority_row_and_an_account_of_no_authority(world, scorecard):
    check_authority(world.users["secretariat"], scorecard)
    check_authority(world.users["secretariat"], world.person_a)
    check_authority(None, scorecard)  # the operator at the command line
    with scopes_disabled():
        nobody = make_user("khong-co-quan", Role.SECRETARIAT, None)
        root = make_user("quan-tri-goc", Role.ADMIN, None, superuser=True)
    check_authority(root, scorecard)
    for actor, target in [(world.users["other_secretariat"], scorecard),
                          (world.users["other_secretariat"], world.person_a),
                          (world.users["secretariat"], world.other_unit),
                          (world.users["secretariat"], world.other_authority.pk),
                          (nobody, scorecard), (nobody, world.authority.pk)]:
        with pytest.raises(PermissionDenied, match="Dữ liệu này thuộc cơ quan khác."):
            check_authority(actor, target)
