"""A navigation entry; each app lists its own as `NAV = [NavItem(...)]` in `thidua/<app>/nav.py`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # "app:name" or "app:name|arg"
    perm: str
    section: str
