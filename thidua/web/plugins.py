"""What the capability apps add to the shell: each app's optional `thidua/<app>/<name>.py` (nav,
attention, demo), found in the order of INSTALLED_APPS."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str, skip: tuple[str, ...] = ()) -> list[ModuleType]:
    """The `<app>.<name>` module of every thidua app that has one (apps labelled in `skip` left out);
    an import error inside such a module is raised, not taken for a missing module."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua.") or config.label in skip:
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found
