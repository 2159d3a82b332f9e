"""The results of a scan and the states of a check-in: their values and Vietnamese labels (the models'
TextChoices read them from here). No Django."""

from __future__ import annotations

SCAN_RESULT_LABELS: dict[str, str] = {
    "ok": "Đã điểm danh",
    "unknown": "Không tìm thấy giấy mời",
    "forged": "Mã không hợp lệ",
    "revoked": "Giấy mời đã thu hồi",
    "wrong_event": "Giấy mời của hội nghị khác",
    "already_checked_in": "Đã điểm danh trước đó",
}

VALID, UNDONE = "valid", "undone"  # a check-in is undone with a reason, never deleted
CHECKIN_LABELS: dict[str, str] = {VALID: "Có mặt", UNDONE: "Đã hủy điểm danh"}
