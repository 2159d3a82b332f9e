"""The seed catalogue (BRIEF §1.2–1.6): award families, titles and forms, rule sets with their
coefficients, base salaries and who may award what, each by date. Plain data; `services.seed_catalogue`
writes it (idempotently) and the secretariat edits it afterwards. Figures marked uncertain=True are
the ones the brief could not confirm (uncertainty register #1, #2, #4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

FAMILIES = [
    # code, name, needs council review, flow and deadline note
    ("thuong-xuyen", "Khen thưởng thường xuyên (công trạng và thành tích)", True,
     "Xét cuối năm thi đua; đơn vị gửi hồ sơ trước Hội nghị tổng kết."),
    ("theo-dot", "Khen thưởng theo đợt (chuyên đề)", True, "Xét khi sơ kết, tổng kết đợt hoặc chuyên đề thi đua."),
    ("dot-xuat", "Khen thưởng đột xuất", False, "Xét ngay sau thành tích; không chờ họp Hội đồng định kỳ."),
    ("cong-hien", "Khen thưởng quá trình cống hiến", True, "Xét khi nghỉ hưu hoặc nghỉ chế độ."),
    ("nien-han", "Khen thưởng theo niên hạn", True, "Xét theo số năm công tác quy định."),
    ("doi-ngoai", "Khen thưởng đối ngoại", True, "Xét cho tập thể, cá nhân người nước ngoài."),
]

I, C, H = "individual", "collective", "household"  # noqa: E741

# code, name, kind (title/form), level, kinds, protocol rank (higher first), certificate word, prerequisite
AWARDS = [
    ("co-chinh-phu", "Cờ thi đua của Chính phủ", "title", "national", (C,), 100, "Cờ thi đua", ""),
    ("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", "title", "national", (I,), 98, "Bằng chứng nhận", ""),
    ("bk-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "form", "national", (I, C, H), 95, "Bằng khen", ""),
    ("co-tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "province", (C,), 90, "Cờ thi đua", ""),
    ("bk-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "form", "province", (I, C, H), 85, "Bằng khen", ""),
    ("ttldxs", "Tập thể lao động xuất sắc", "title", "province", (C,), 80, "Bằng chứng nhận", ""),
    ("xa-tieu-bieu", "Xã, phường, thị trấn tiêu biểu", "title", "province", (C,), 78, "Bằng chứng nhận", ""),
    ("cstd-tinh", "Chiến sĩ thi đua cấp tỉnh", "title", "province", (I,), 75, "Bằng chứng nhận", "cstd-co-so"),
    ("ttldtt", "Tập thể lao động tiên tiến", "title", "grassroots", (C,), 62, "Giấy chứng nhận", ""),
    ("cstd-co-so", "Chiến sĩ thi đua cơ sở", "title", "grassroots", (I,), 60, "Giấy chứng nhận", "ldtt"),
    ("thon-van-hoa", "Thôn, tổ dân phố văn hóa", "title", "grassroots", (C,), 55, "Giấy công nhận", ""),
    ("gk-huyen", "Giấy khen của Chủ tịch Ủy ban nhân dân huyện", "form", "district", (I, C, H), 50, "Giấy khen", ""),
    ("gk-thu-truong", "Giấy khen của Thủ trưởng cơ quan, đơn vị", "form", "grassroots", (I, C), 48, "Giấy khen", ""),
    ("gk-xa", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", "form", "commune", (I, C, H), 45, "Giấy khen", ""),
    ("ldtt", "Lao động tiên tiến", "title", "grassroots", (I,), 40, "Giấy chứng nhận", ""),
    ("gia-dinh-van-hoa", "Gia đình văn hóa", "title", "commune", (H,), 30, "Giấy công nhận", ""),
]

BASE_SALARIES = [
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP"),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP, Điều 3"),
]

RULE_SETS = [
    # code, name, legal basis, valid from, valid to, collective multiplier, household multiplier, uncertain note
    ("nd98-2023", "Nghị định 98/2023/NĐ-CP", "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ "
     "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     dt.date(2024, 1, 1), dt.date(2025, 6, 30), D(2), D("1.5"),
     "Hệ số hộ gia đình 1,5 lần chưa được xác nhận theo Nghị định 98."),
    ("nd152-2025", "Nghị định 152/2025/NĐ-CP", "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ "
     "quy định về phân cấp, phân quyền và chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     dt.date(2025, 7, 1), None, D(2), D("1.5"),
     "Hệ số tập thể gấp 2 lần cá nhân chưa được xác nhận theo Nghị định 152."),
]

# rule set → award → (individual, collective, household, uncertain, note). None collective/household for a
# form = individual × the rule set's multiplier.
_TITLES = {
    "co-chinh-phu": (None, D(12), None, False, ""),
    "cstd-toan-quoc": (D("4.5"), None, None, False, ""),
    "co-tinh": (None, D(8), None, False, ""),
    "ttldxs": (None, D("1.5"), None, False, ""),
    "xa-tieu-bieu": (None, D(2), None, False, ""),
    "cstd-tinh": (D(3), None, None, False, ""),
    "ttldtt": (None, D("0.8"), None, False, ""),
    "cstd-co-so": (D(1), None, None, False, ""),
    "thon-van-hoa": (None, D("1.5"), None, False, ""),
    "ldtt": (D("0.3"), None, None, False, ""),
}
RULE_ITEMS = {
    "nd98-2023": {
        **_TITLES,
        "bk-thu-tuong": (D("3.5"), None, None, True, "3,5 theo Nghị định 91/2017; chưa xác nhận theo Nghị định 98."),
        "bk-tinh": (D(1), None, None, True, "1,0 theo Nghị định 91/2017; chưa xác nhận theo Nghị định 98."),
        "gk-huyen": (D("0.3"), None, None, True, "0,3 theo Nghị định 91/2017; chưa xác nhận theo Nghị định 98."),
        "gk-thu-truong": (D("0.3"), None, None, True, "0,3 theo Nghị định 91/2017; chưa xác nhận theo Nghị định 98."),
        "gk-xa": (D("0.15"), None, None, False, "Điều 58.1.g; tập thể 2 lần cá nhân (chưa rõ 0,3 hay 0,6)."),
    },
    "nd152-2025": {
        **_TITLES,
        "bk-thu-tuong": (D("3.5"), None, None, True, "Một bản dịch ghi 3 lần; coi 3,5 là khả năng cao."),
        "bk-tinh": (D("1.5"), None, None, False, ""),
        "gk-thu-truong": (D("0.3"), None, None, False, "Điều 54.1.e."),
        "gk-xa": (D("0.3"), None, None, False, "Tăng gấp đôi so với Nghị định 98."),
    },
}

# who may award what: signer level → award codes, valid from, valid to (BRIEF §1.4)
SIGNER_LEVELS = [
    ("chinh-phu", "Chính phủ, Thủ tướng Chính phủ"),
    ("ct-tinh", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("ct-huyen", "Chủ tịch Ủy ban nhân dân huyện"),
    ("ct-xa", "Chủ tịch Ủy ban nhân dân cấp xã"),
    ("thu-truong", "Thủ trưởng sở, ngành, đơn vị"),
]
# Who signs an authority's own decisions, by the authority's level (orgs.AuthorityLevel values): its chairman
# (tỉnh, huyện until 30/6/2025, xã) or its head (sở, ngành). A decision at another signer level recorded by
# the authority (the province's, copied at a commune) is not its own: the one rule, awards.queries.own_decisions.
OWN_SIGNER_LEVEL = {"tinh": "ct-tinh", "huyen": "ct-huyen", "xa": "ct-xa", "so": "thu-truong", "nganh": "thu-truong"}


def own_signer_level_of(level: str) -> str:
    return OWN_SIGNER_LEVEL.get(level, "thu-truong")


_D2024, _END_DISTRICT, _D2025 = dt.date(2024, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)
POWERS = [
    ("chinh-phu", ("co-chinh-phu", "cstd-toan-quoc", "bk-thu-tuong"), _D2024, None),
    ("ct-tinh", ("co-tinh", "bk-tinh", "ttldxs", "xa-tieu-bieu", "cstd-tinh"), _D2024, None),
    ("ct-huyen", ("thon-van-hoa", "ttldtt", "cstd-co-so", "ldtt", "gk-huyen"), _D2024, _END_DISTRICT),
    ("ct-xa", ("ldtt", "gk-xa", "gia-dinh-van-hoa"), _D2024, _END_DISTRICT),
    ("ct-xa", ("thon-van-hoa", "gia-dinh-van-hoa", "ttldtt", "cstd-co-so", "ldtt", "gk-xa"), _D2025, None),
    ("thu-truong", ("ttldtt", "cstd-co-so", "ldtt", "gk-thu-truong"), _D2024, None),
]
