"""thidua.vn is pure Python: its tests must run without Django (``pytest tests/vn -p no:django``).

tests/conftest.py has an autouse fixture that needs pytest-django's ``settings``; the same-named
fixture here replaces it for this folder, where no background task or media file is ever used.
"""

import pytest


@pytest.fixture(autouse=True)
def _inline_tasks():
    yield
