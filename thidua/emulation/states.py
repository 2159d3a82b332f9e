"""The one table of allowed state transitions for covenants and score sheets (pure)."""

COVENANT_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted"},
    "submitted": {"accepted", "returned"},
    "returned": {"submitted"},
    "accepted": {"returned"},
}

SHEET_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted"},
    "submitted": {"reviewed", "draft"},
    "reviewed": {"explained", "final"},
    "explained": {"final"},
    "final": {"locked", "reviewed"},
    "locked": set(),
}


def can(table: dict[str, set[str]], current: str, new: str) -> bool:
    return new in table.get(current, set())
