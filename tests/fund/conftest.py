import pytest
from django_scopes import scopes_disabled

from tests.factories import make_world
from thidua.awards import services


@pytest.fixture
def world(db):
    w = make_world()
    with scopes_disabled():
        services.seed_catalogue(None)
    return w
