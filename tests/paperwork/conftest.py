"""Paperwork tests need no Django: they also run with `-p no:django`."""

import pytest


@pytest.fixture(autouse=True)
def _inline_tasks():
    """Shadows the project-wide fixture of this name, which needs pytest-django's `settings`."""
    yield
