"""awards 0006 merges a member typed twice in a meeting into the first row (present if either was)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django_scopes import scopes_disabled

from thidua.awards.models import CouncilMeeting, CouncilMember

pytestmark = pytest.mark.django_db

migration = importlib.import_module("thidua.awards.migrations.0006_council_member_once_quorum_rule")


def test_duplicates_made_before_the_constraint_are_merged(world):
    with scopes_disabled():
        m = CouncilMeeting.objects.create(authority=world.authority, year=2024, date=dt.date(2025, 3, 1), chair="A",
                                          secretary="B")
        # rows as they were before 0006: no key yet (distinct placeholders here, the constraint being in place)
        CouncilMember.objects.bulk_create([
            CouncilMember(meeting=m, name="Trần Thị Ánh", present=False, name_key="1"),
            CouncilMember(meeting=m, name="Lê Văn Bình", present=True, name_key="2"),
            CouncilMember(meeting=m, name="TRẦN  THỊ ÁNH", present=True, name_key="3")])
        migration.merge_duplicate_members(apps, None)
        assert list(m.members.values_list("name", "present", "name_key")) == [
            ("Trần Thị Ánh", True, "trần thị ánh"), ("Lê Văn Bình", True, "lê văn bình")]
        assert m.roll() == (2, 2)
