"""The standing council list of the demo authorities (#20): UBND huyện Hớn Quản (the members its 2024
meeting had) and, when the post-reform demo is loaded, UBND tỉnh Đồng Nai. Idempotent: an authority that
has a list keeps it."""

from __future__ import annotations

import datetime as dt

from thidua.orgs.models import Authority

from . import services
from .models import CouncilSeat, SeatPosition

P = SeatPosition
ROSTERS = {
    "hon-quan": (dt.date(2024, 1, 1), [
        ("Nguyễn Văn Hạ", P.CHAIR, "Chủ tịch UBND huyện"),
        ("Trần Quốc Hùng", P.VICE_CHAIR, "Phó Chủ tịch UBND huyện"),
        ("Lê Thị Hồng", P.STANDING, "Trưởng phòng Nội vụ"),
        ("Phạm Văn Toàn", P.MEMBER, "Chủ tịch Ủy ban MTTQ Việt Nam huyện"),
        ("Võ Thị Thanh Loan", P.MEMBER, "Chủ tịch Liên đoàn Lao động huyện"),
        ("Đặng Hữu Nghĩa", P.MEMBER, "Trưởng phòng Tài chính - Kế hoạch"),
        ("Bùi Thị Ngọc Trâm", P.SECRETARY, "Chuyên viên Phòng Nội vụ"),
    ]),
    "dong-nai": (dt.date(2025, 7, 1), [
        ("Võ Tấn Đức", P.CHAIR, "Chủ tịch UBND tỉnh"),
        ("Nguyễn Thị Hoàng", P.VICE_CHAIR, "Phó Chủ tịch UBND tỉnh"),
        ("Trần Minh Khoa", P.STANDING, "Giám đốc Sở Nội vụ"),
        ("Lê Hoàng Nam", P.MEMBER, "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
        ("Phan Thị Mỹ Linh", P.SECRETARY, "Trưởng ban Thi đua - Khen thưởng, Sở Nội vụ"),
    ]),
}


def load(log=print) -> None:
    for code, (since, seats) in ROSTERS.items():
        authority = Authority.objects.filter(code=code).first()
        if authority is None or CouncilSeat.objects.filter(authority=authority).exists():
            continue
        for name, position, title in seats:
            services.add_seat(None, authority, {"name": name, "position": position, "title": title,
                                                "active_from": since})
        log(f"Danh sách Hội đồng Thi đua - Khen thưởng của {authority.name}: {len(seats)} thành viên.")
