"""The states of covenants, movements and score sheets: their Vietnamese labels (the models'
TextChoices read them from here), the one table of allowed transitions each, and the scoring rounds
of a sheet. No Django."""

COVENANT_LABELS = {"draft": "Đang soạn", "submitted": "Đã gửi", "accepted": "Đã chấp nhận",
                   "returned": "Trả lại để sửa"}
MOVEMENT_LABELS = {"du_kien": "Dự kiến", "phat_dong": "Đã phát động, đang thực hiện",
                   "tong_ket": "Đã sơ kết, tổng kết"}
SHEET_LABELS = {"draft": "Đơn vị đang tự chấm", "submitted": "Đã gửi tự chấm", "reviewed": "Đã chấm chéo, thẩm định",
                "explained": "Đơn vị đã giải trình", "final": "Hội đồng đã chấm", "locked": "Đã khóa, công bố"}
NO_SHEET_LABEL = "Chưa chấm"  # a unit with no score sheet yet

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

# The rounds of a score sheet: the sheet states in which each may be entered, its label and the state
# that saving-and-sending a round moves the sheet to.
ROUNDS = ("self", "cross", "explain", "final")
ROUND_STATES: dict[str, tuple[str, ...]] = {
    "self": ("draft",),
    "cross": ("submitted",),
    "explain": ("reviewed",),
    "final": ("reviewed", "explained", "final"),
}
ROUND_LABELS = {"self": "tự chấm", "cross": "chấm chéo, thẩm định", "explain": "giải trình", "final": "chấm của Hội đồng"}
NEXT_STATUS = {"self": "submitted", "cross": "reviewed", "explain": "explained", "final": "final"}


def can(table: dict[str, set[str]], current: str, new: str) -> bool:
    return new in table.get(current, set())
