"""The states of a conference and of its delegates' replies: their values and Vietnamese labels (the
models' TextChoices read them from here) and which reply may follow which. No Django."""

from __future__ import annotations

# --- the event ---------------------------------------------------------------------------------

EVENT_KIND_LABELS: dict[str, str] = {
    "tong_ket": "Hội nghị tổng kết, phát động thi đua",
    "phat_dong": "Lễ phát động thi đua",
    "cum_khoi": "Hội nghị cụm, khối thi đua",
    "trao_thuong": "Lễ trao thưởng",
    "khac": "Khác",
}

EVENT_STATUS_LABELS: dict[str, str] = {
    "draft": "Dự kiến",
    "planned": "Đã chốt ngày",
    "inviting": "Đang mời",
    "held": "Đã tổ chức",
    "cancelled": "Đã hủy",
}

# --- a delegate's reply ------------------------------------------------------------------------

PENDING, ACCEPTED, DECLINED, SUBSTITUTE = "pending", "accepted", "declined", "substitute"
STATUSES = (PENDING, ACCEPTED, DECLINED, SUBSTITUTE)

REPLY_LABELS: dict[str, str] = {
    PENDING: "Chưa trả lời",
    ACCEPTED: "Tham dự",
    DECLINED: "Vắng",
    SUBSTITUTE: "Cử người dự thay",
}

# Which answers staff may record after which. Staff may correct any answer (a delegate who first
# declined may come after all); the personal link answers only once, from "pending".
TRANSITIONS: dict[str, frozenset[str]] = {
    PENDING: frozenset({ACCEPTED, DECLINED, SUBSTITUTE}),
    ACCEPTED: frozenset({DECLINED, SUBSTITUTE, PENDING}),
    DECLINED: frozenset({ACCEPTED, SUBSTITUTE, PENDING}),
    SUBSTITUTE: frozenset({ACCEPTED, DECLINED, SUBSTITUTE, PENDING}),
}
LINK_TRANSITIONS: dict[str, frozenset[str]] = {PENDING: frozenset({ACCEPTED, DECLINED, SUBSTITUTE})}

REPLY_CHANNEL_LABELS: dict[str, str] = {
    "phone": "Điện thoại",
    "letter": "Văn bản, thư",
    "link": "Đường dẫn trả lời",
    "in_person": "Trực tiếp",
    "email": "Thư điện tử",
    "import": "Nhập từ Excel",
}

VEHICLE_LABELS: dict[str, str] = {"": "Chưa rõ", "car": "Ô tô", "motorbike": "Xe máy"}


def reply_error(current: str, new: str, substitute_name: str, by_link: bool = False) -> str | None:
    """A Vietnamese reason why the answer cannot be recorded, or None."""
    if new not in STATUSES:
        return "Câu trả lời không hợp lệ."
    table = LINK_TRANSITIONS if by_link else TRANSITIONS
    if new not in table.get(current, frozenset()):
        if by_link:
            return "Giấy mời này đã được trả lời; câu trả lời đã ghi nhận không thay đổi."
        return "Không thể chuyển sang câu trả lời này."
    if new == SUBSTITUTE and not substitute_name.strip():
        return "Cần ghi họ và tên người dự thay."
    return None
