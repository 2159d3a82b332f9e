import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import make_world

# No time limit per example: timing is the benchmarks' business, and a busy machine (CI, other work) made a
# pure-rule property test fail on Hypothesis's default 200 ms deadline, then pass on the rerun.
hypothesis_settings.register_profile("thidua", deadline=None)
hypothesis_settings.load_profile("thidua")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (a test database reuses ids and frozen clocks repeat times)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _inline_tasks(settings, tmp_path):
    """Background tasks run inline in tests; files land in a per-test private folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; prod uses PBKDF2
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def world(db):
    """Two authorities, their units and people, one account per role (`tests.factories.make_world`)."""
    return make_world()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="Không có /usr/bin/chromium (cài bằng `make test` với quyền root): bỏ qua kiểm thử trình duyệt.")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)
