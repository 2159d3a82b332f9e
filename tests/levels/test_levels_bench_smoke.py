"""The #19 scale benchmark's world and pages, at a hundredth of the issue's rows: the world is what the
benchmark says (a province over 130 authorities, dossiers in every state received by it, decisions with
lines), each measured page answers, its query count does not grow with the rows, and the inbox's count of
candidates per dossier (a correlated subquery since the benchmark) is each dossier's number of items."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from benchmarks import levels_bench as lb
from thidua.awards import stats
from thidua.exchange import queries, states
from thidua.exchange.models import Dossier, DossierItem


@pytest.fixture
def world(db):
    with scopes_disabled():
        w = lb.make_province("lb-smoke")
        lb.grow(w, 0.0, 0.01)
    return w


def test_the_world_and_its_pages(world):
    with scopes_disabled():
        assert len(world.below) == lb.COMMUNES + lb.DEPARTMENTS
        sent = Dossier.objects.filter(receiver=world.province)
        assert sent.count() == lb.DOSSIERS // 100
        assert set(sent.values_list("state", flat=True)) == set(states.STATE_LABELS)
        assert all(d.decision_id and d.recorded_decision_id for d in sent.filter(state=states.DECIDED))
    small = lb.query_counts(world)
    with scopes_disabled():
        lb.grow(world, 0.01, 0.03)
    assert lb.query_counts(world) == small  # three times the rows, the same queries


def test_the_inbox_counts_each_dossiers_items(world):
    with scopes_disabled():
        rows = list(queries.inbox(world.province.pk)) + list(queries.outbox(world.below[0].pk))
        assert rows
        DossierItem.objects.filter(dossier=rows[0]).first().delete()
        for d in rows:
            d_items = DossierItem.objects.filter(dossier=d).count()
            fresh = next(x for x in queries.all_dossiers(d.receiver_id) if x.pk == d.pk)
            assert fresh.item_count == d_items
        empty = rows[-1]
        DossierItem.objects.filter(dossier=empty).delete()
        assert next(x for x in queries.all_dossiers() if x.pk == empty.pk).item_count == 0


def test_person_class_is_the_same_cached():
    for position in ("Giám đốc Sở Y tế", "Phó Trưởng phòng", "Giáo viên", "", "Giám đốc Công ty"):
        assert stats.person_class(position) == stats.person_class.__wrapped__(position)
        assert stats.person_class(position, True) == stats.person_class.__wrapped__(position, True)
