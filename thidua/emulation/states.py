"""The one table of allowed state transitions for covenants, movements and score sheets (pure)."""

COVENANT_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted"},
    "submitted": {"accepted", "returned"},
    "returned": {"submitted"},
    "accepted": {"returned"},
}

MOVEMENT_TRANSITIONS: dict[str, set[str]] = {
    "du_kien": {"phat_dong"},
    "phat_dong": {"tong_ket", "du_kien"},
    "tong_ket": {"phat_dong"},
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
