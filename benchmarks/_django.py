"""Benchmarks that need the database run against a fresh SQLite (or THIDUA_DATABASE_URL) database
in a temporary data folder."""

import os
import tempfile

_ready = False


def setup(migrate: bool = True) -> None:
    global _ready
    if _ready:
        return
    os.environ.setdefault("THIDUA_DATA_DIR", tempfile.mkdtemp(prefix="thidua-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.setdefault("THIDUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)  # as production serves pages
    _ready = True
