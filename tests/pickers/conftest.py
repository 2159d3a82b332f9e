"""The browser login fixture of tests/e2e, for this folder's browser tests."""

from tests.e2e.conftest import login  # noqa: F401
