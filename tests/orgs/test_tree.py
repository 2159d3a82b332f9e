"""The tree of authorities (#19): a province over its departments and communes, merged communes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from thidua.orgs import tree
from thidua.orgs.models import Authority, AuthorityLevel


def _auth(code, level=AuthorityLevel.COMMUNE, parent=None, successor=None):
    return Authority.objects.create(code=code, name=f"UBND {code}", short_name=code, level=level,
                                    header_name=code.upper(), place_name=code, parent=parent, successor=successor)


@pytest.mark.django_db
def test_tree_below_and_above():
    province = _auth("dong-nai", AuthorityLevel.PROVINCE)
    dept = _auth("so-noi-vu", AuthorityLevel.DEPARTMENT, parent=province)
    commune = _auth("xa-tan-loi", parent=province)
    stranger = _auth("tinh-khac", AuthorityLevel.PROVINCE)
    assert tree.descendant_ids(province) == sorted([dept.pk, commune.pk])
    assert tree.ancestors(commune) == [province.pk]
    assert tree.is_below(commune, province) and not tree.is_below(province, commune)
    assert not tree.is_below(commune, stranger)
    assert [r["id"] for r in tree.rows(province)] == [province.pk, dept.pk, commune.pk]


@pytest.mark.django_db
def test_a_merged_commune_keeps_the_line_of_those_it_was_formed_from():
    new = _auth("xa-moi")
    old_a, old_b = _auth("xa-cu-a", successor=new), _auth("xa-cu-b", successor=new)
    older = _auth("xa-cu-hon", successor=old_a)
    assert tree.lineage_ids(new) == [new.pk, old_a.pk, old_b.pk, older.pk]
    assert tree.lineage_ids(old_b) == [old_b.pk]


@pytest.mark.django_db
def test_authorities_command_prints_the_tree_as_json():
    province = _auth("dong-nai", AuthorityLevel.PROVINCE)
    commune = _auth("xa-tan-loi", parent=province)
    out = StringIO()
    call_command("authorities", "--json", stdout=out)
    rows = {r["id"]: r for r in json.loads(out.getvalue())}
    assert rows[commune.pk]["parent"] == province.pk and rows[commune.pk]["level"] == "xa"
    assert rows[province.pk]["parent"] is None


class TreeProperties(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=9))
    def test_every_authority_is_below_exactly_its_ancestors(self, parents):
        """Random forests: a node's descendants are exactly the nodes that have it among their ancestors."""
        nodes = []
        for i, p in enumerate(parents):
            parent = nodes[p] if p < i else None
            nodes.append(_auth(f"n{i}-{len(Authority.objects.all())}", parent=parent))
        for node in nodes:
            below = set(tree.descendant_ids(node))
            assert node.pk not in below
            assert below == {other.pk for other in nodes if node.pk in tree.ancestors(other)}
        Authority.objects.filter(pk__in=[n.pk for n in nodes]).update(parent=None)
        Authority.objects.filter(pk__in=[n.pk for n in nodes]).delete()
