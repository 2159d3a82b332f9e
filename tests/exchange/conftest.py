import pytest

from tests.exchange.world import make_levels


@pytest.fixture
def levels(db):
    return make_levels()
