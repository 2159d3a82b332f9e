import pytest

from tests.checkin.conftest import Day, build_day
from tests.e2e.conftest import login  # noqa: F401 (the browser tests' sign-in fixture)


@pytest.fixture
def day(db) -> Day:
    return build_day()
