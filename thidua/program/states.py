"""The programme's states and kinds with their Vietnamese labels, and the one table of allowed talk
transitions (pure: no Django). Each table is rows of (member name, stored value, label); `models.py`
builds its `TextChoices` from them, so the stored values and the labels live here only."""

from __future__ import annotations

TALK_STATUS = (
    ("INVITED", "invited", "Chưa gửi"),
    ("SUBMITTED", "submitted", "Đã gửi, chờ thẩm định"),
    ("RETURNED", "returned", "Trả lại để sửa"),
    ("ACCEPTED", "accepted", "Đã duyệt"),
)

TALK_SOURCE = (
    ("UPLOAD", "upload", "Tệp tải lên"),
    ("TYPED", "typed", "Nhập trực tiếp"),
)

TALK_ACTION = (
    ("INVITE", "invite", "Giao viết tham luận"),
    ("SUBMIT", "submit", "Gửi bài"),
    ("RETURN", "return", "Trả lại để sửa"),
    ("ACCEPT", "accept", "Duyệt"),
    ("COMMENT", "comment", "Góp ý"),
    ("REMIND", "remind", "Nhắc gửi bài"),
)

# What a reviewer may do to a talk (the review form offers these, in this order).
REVIEW_ACTIONS = ("accept", "return", "comment")

RECIPIENT_KIND = (
    ("COLLECTIVE", "collective", "Tập thể"),
    ("HOUSEHOLD", "household", "Hộ gia đình"),
    ("INDIVIDUAL", "individual", "Cá nhân"),
)

ITEM_KIND = (
    ("RECEPTION", "don_tiep", "Đón tiếp đại biểu"),
    ("PERFORMANCE", "van_nghe", "Văn nghệ"),
    ("FLAG", "chao_co", "Chào cờ"),
    ("INTRO", "gioi_thieu", "Tuyên bố lý do, giới thiệu đại biểu"),
    ("OPENING", "khai_mac", "Phát biểu khai mạc"),
    ("REPORT", "bao_cao", "Báo cáo"),
    ("TALK", "tham_luan", "Tham luận"),
    ("DIRECTIVE", "chi_dao", "Phát biểu chỉ đạo"),
    ("AWARDS", "khen_thuong", "Công bố quyết định, trao khen thưởng"),
    ("LAUNCH", "phat_dong", "Phát động thi đua"),
    ("COVENANT", "giao_uoc", "Ký kết giao ước thi đua"),
    ("CLOSING", "be_mac", "Bế mạc"),
    ("BREAK", "giai_lao", "Giải lao"),
    ("OTHER", "khac", "Khác"),
)

# A talk's transitions — action: (from states, to state).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"invited", "submitted", "returned"}), "submitted"),
    "return": (frozenset({"submitted", "accepted"}), "returned"),
    "accept": (frozenset({"submitted"}), "accepted"),
}
