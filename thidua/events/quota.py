"""Pure rules of a conference (no Django): default delegate categories of the seed plan and the quota
board (invited / confirmed / declined / checked in against each quota, and the hall). Which reply may
follow which is in `states`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Kế hoạch tổ chức Hội nghị tổng kết, mục III.3: 280 đại biểu in four categories.
DEFAULT_CATEGORIES: tuple[tuple[str, str, int, str], ...] = (
    ("a", "Đại biểu tỉnh", 10, "Lãnh đạo Sở Nội vụ tỉnh; lãnh đạo và chuyên viên Ban Thi đua, Khen thưởng tỉnh."),
    ("b", "Đại biểu huyện", 120,
     "Thường trực Huyện ủy, HĐND huyện; lãnh đạo UBND huyện; thành viên Hội đồng Thi đua, Khen thưởng huyện; "
     "lãnh đạo các cơ quan, ban, ngành, đoàn thể, đơn vị sự nghiệp, ngành dọc, trường học; công chức, viên "
     "chức phụ trách công tác thi đua, khen thưởng."),
    ("c", "Đại biểu xã, thị trấn", 50,
     "Lãnh đạo Đảng ủy, UBND các xã, thị trấn; công chức kiêm nhiệm công tác Thi đua - Khen thưởng."),
    ("d", "Đại diện tập thể và cá nhân điển hình tiên tiến", 100,
     "Nhận khen cấp tỉnh và cấp huyện."),
)
DEFAULT_TOTAL = sum(c[2] for c in DEFAULT_CATEGORIES)  # 280


def default_categories(level: str, word: str = "") -> tuple[tuple[str, str, int, str], ...]:
    """The categories a new event starts with, worded for the host's level: the seed's for a district (until
    30/6/2025); a commune, ward or special zone (`word`: "xã", "phường", "đặc khu") invites the province, its
    own leaders and bodies, its villages or quarters and those commended; a province invites the centre, its
    own leaders and departments, its communes and those commended; a department, its own units."""
    if level == "huyen":
        return DEFAULT_CATEGORIES
    if level == "tinh":
        return (
            ("a", "Đại biểu Trung ương", 10, "Lãnh đạo Ban Thi đua - Khen thưởng Trung ương và các cơ quan Trung ương "
             "được mời."),
            ("b", "Đại biểu tỉnh", 120, "Thường trực Tỉnh ủy, HĐND tỉnh; lãnh đạo UBND tỉnh; thành viên Hội đồng Thi "
             "đua - Khen thưởng tỉnh; lãnh đạo các sở, ban, ngành, đoàn thể tỉnh."),
            ("c", "Đại biểu xã, phường, đặc khu", 50, "Lãnh đạo Đảng ủy, UBND các xã, phường, đặc khu."),
            ("d", "Đại diện tập thể và cá nhân điển hình tiên tiến", 100, "Nhận khen cấp Nhà nước và cấp tỉnh."),
        )
    if level == "xa":
        w = word or "xã"
        return (
            ("a", "Đại biểu tỉnh", 10, "Lãnh đạo Sở Nội vụ tỉnh và các cơ quan cấp tỉnh được mời."),
            ("b", f"Đại biểu {w}", 120, f"Thường trực Đảng ủy, HĐND {w}; lãnh đạo UBND {w}; thành viên Hội đồng Thi "
             f"đua - Khen thưởng {w}; lãnh đạo các cơ quan, đoàn thể, đơn vị sự nghiệp, trường học trên địa bàn; "
             "công chức phụ trách công tác thi đua, khen thưởng."),
            ("c", "Đại biểu thôn, ấp, khu phố", 50, "Bí thư chi bộ, trưởng thôn, ấp, khu phố."),
            ("d", "Đại diện tập thể và cá nhân điển hình tiên tiến", 100, f"Nhận khen cấp tỉnh và cấp {w}."),
        )
    return (
        ("a", "Đại biểu cấp trên", 10, "Lãnh đạo cơ quan cấp trên được mời."),
        ("b", "Lãnh đạo cơ quan", 40, "Lãnh đạo cơ quan; thành viên Hội đồng Thi đua - Khen thưởng."),
        ("c", "Đại biểu các phòng, đơn vị trực thuộc", 140, "Trưởng, phó các phòng, đơn vị trực thuộc."),
        ("d", "Đại diện tập thể và cá nhân điển hình tiên tiến", 90, "Nhận khen các cấp."),
    )

@dataclass(frozen=True)
class CategoryCount:
    code: str
    name: str
    quota: int
    invited: int = 0  # every delegate whose invitation is not revoked
    accepted: int = 0
    declined: int = 0
    substitute: int = 0
    checked_in: int = 0

    @property
    def pending(self) -> int:
        return self.invited - self.accepted - self.declined - self.substitute

    @property
    def expected(self) -> int:
        """Seats to plan for: everyone not declined (pending counts until they answer)."""
        return self.invited - self.declined

    @property
    def confirmed(self) -> int:
        return self.accepted + self.substitute

    @property
    def over_quota(self) -> int:
        return max(0, self.invited - self.quota)


@dataclass(frozen=True)
class Board:
    rows: tuple[CategoryCount, ...]
    total: CategoryCount
    capacity: int | None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def board(rows: Sequence[CategoryCount], capacity: int | None) -> Board:
    total = CategoryCount(
        "", "Tổng cộng", sum(r.quota for r in rows), sum(r.invited for r in rows), sum(r.accepted for r in rows),
        sum(r.declined for r in rows), sum(r.substitute for r in rows), sum(r.checked_in for r in rows))
    warnings = []
    for r in rows:
        if r.over_quota:
            warnings.append(f"Thành phần {r.code}) {r.name}: đã mời {r.invited}, vượt dự kiến {r.quota} "
                            f"({r.over_quota} đại biểu).")
    if capacity is not None:
        if total.expected > capacity:
            warnings.append(f"Số đại biểu dự kiến có mặt ({total.expected}) vượt sức chứa hội trường ({capacity} chỗ).")
        elif total.quota > capacity:
            warnings.append(f"Tổng số dự kiến theo thành phần ({total.quota}) vượt sức chứa hội trường "
                            f"({capacity} chỗ).")
    return Board(tuple(rows), total, capacity, tuple(warnings))


def placeholder_counts(existing: int, seats: int) -> int:
    """How many "Đại diện lãnh đạo" seats to add so that a unit has `seats` delegates in a category."""
    return max(0, seats - existing)
