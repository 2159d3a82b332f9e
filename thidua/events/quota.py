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
