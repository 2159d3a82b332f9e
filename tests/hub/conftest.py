"""The browser login fixture of tests/e2e and the conference of tests/events, for this folder's tests."""

from tests.e2e.conftest import login  # noqa: F401
from tests.events.conftest import conf  # noqa: F401
