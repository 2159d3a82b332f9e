"""Budget arithmetic and warnings (dự trù kinh phí), over plain values: no Django.

A line's quantity is fixed, follows the delegate count (quantity = per-delegate × delegates), or is
the prize money of the award decisions (one lump sum). Prize money is paid from the emulation fund
(quỹ thi đua, khen thưởng), not from the conference budget, when the budget says so (Law on
Emulation and Commendation art. 11(4)): it is then shown apart and not added to the total asked of
the finance unit. Amounts are whole đồng, rounded half up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from thidua.vn.money import format_money

GROUPS: tuple[tuple[str, str], ...] = (
    ("decoration", "Khánh tiết, trang trí, maket, phông nền"),
    ("printing", "In ấn giấy mời, tài liệu"),
    ("refreshments", "Nước uống, giải khát giữa giờ"),
    ("sound", "Âm thanh, ánh sáng, văn nghệ"),
    ("certificates", "Khung, phôi Bằng khen, Giấy khen"),
    ("flowers", "Hoa tươi"),
    ("prize", "Tiền thưởng"),
    ("press", "Tuyên truyền, phóng sự, đưa tin"),
    ("other", "Chi khác"),
)
GROUP_NAMES = dict(GROUPS)

FIXED, PER_DELEGATE, PRIZE = "fixed", "per_delegate", "prize"
BASES = (FIXED, PER_DELEGATE, PRIZE)

MAX_UNIT_PRICE = 1_000_000_000  # one thousand million đồng for one unit of a conference item is absurd
MAX_QUANTITY = Decimal(100_000)
MAX_PER_DELEGATE = Decimal(100)
MAX_LINE_AMOUNT = 10_000_000_000
MAX_NORM_PER_DELEGATE = 10_000_000  # a per-delegate limit above ten million đồng is a typing slip
NORM_GROUPS = tuple((g, name) for g, name in GROUPS if g != "prize")  # prize money follows the decisions


class BudgetError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Line:
    group: str
    item: str
    unit: str = ""
    basis: str = FIXED
    quantity: Decimal = Decimal(0)
    per_delegate: Decimal = Decimal(0)
    unit_price: int = 0


@dataclass(frozen=True)
class Row:
    line: Line
    quantity: Decimal
    amount: int
    from_fund: bool  # paid from the emulation fund, not the conference budget


@dataclass(frozen=True)
class Summary:
    rows: tuple[Row, ...]
    delegates: int
    prize_total: int
    by_group: tuple[tuple[str, int], ...]  # conference budget per group, in GROUPS order
    conference_total: int  # asked of the finance unit
    fund_total: int  # paid from the emulation fund
    warnings: tuple[str, ...]

    @property
    def grand_total(self) -> int:
        return self.conference_total + self.fund_total

    def per_delegate(self, group: str) -> int:
        amount = dict(self.by_group).get(group, 0)
        return _round(Decimal(amount) / self.delegates) if self.delegates else 0


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def validate(line: Line) -> None:
    """Refuse what cannot be a conference expense, with the reason in Vietnamese."""
    name = line.item or "dòng chi"
    if not (line.item or "").strip():
        raise BudgetError("Cần ghi nội dung chi.", "item")
    if line.group not in GROUP_NAMES:
        raise BudgetError(f"Nhóm chi “{line.group}” không có trong danh mục.", "group")
    if line.basis not in BASES:
        raise BudgetError("Cách tính số lượng không hợp lệ.", "basis")
    if line.unit_price < 0:
        raise BudgetError(f"Đơn giá của “{name}” không được âm.", "unit_price")
    if line.quantity < 0 or line.per_delegate < 0:
        raise BudgetError(f"Số lượng của “{name}” không được âm.", "quantity")
    if line.unit_price > MAX_UNIT_PRICE:
        raise BudgetError(f"Đơn giá của “{name}” quá lớn (trên 1 tỷ đồng một đơn vị): kiểm tra lại số 0.", "unit_price")
    if line.quantity > MAX_QUANTITY:
        raise BudgetError(f"Số lượng của “{name}” quá lớn (trên 100.000): kiểm tra lại.", "quantity")
    if line.per_delegate > MAX_PER_DELEGATE:
        raise BudgetError(f"Số lượng mỗi đại biểu của “{name}” quá lớn (trên 100).", "per_delegate")
    if line.basis == PRIZE and line.group != "prize":
        raise BudgetError("Chỉ dòng thuộc nhóm Tiền thưởng mới lấy số tiền theo quyết định khen thưởng.", "basis")
    if line.basis == FIXED and line.unit_price * line.quantity > MAX_LINE_AMOUNT:
        raise BudgetError(f"Thành tiền của “{name}” quá lớn (trên 10 tỷ đồng): kiểm tra lại.", "quantity")


def quantity_of(line: Line, delegates: int) -> Decimal:
    if line.basis == PER_DELEGATE:
        return line.per_delegate * delegates
    if line.basis == PRIZE:
        return Decimal(1)
    return line.quantity


def amount_of(line: Line, delegates: int, prize_total: int) -> int:
    if line.basis == PRIZE:
        return prize_total
    return _round(quantity_of(line, delegates) * line.unit_price)


def summarise(lines: Sequence[Line], delegates: int, prize_total: int, prize_from_fund: bool,
              norms: dict[str, int] | None = None) -> Summary:
    """Amounts, group subtotals, totals and warnings. `norms` = {group: limit per delegate in đồng}."""
    if delegates < 0 or prize_total < 0:
        raise BudgetError("Số đại biểu và tiền thưởng không được âm.")
    rows = []
    for line in lines:
        validate(line)
        from_fund = line.group == "prize" and prize_from_fund
        rows.append(Row(line, quantity_of(line, delegates), amount_of(line, delegates, prize_total), from_fund))
    groups: dict[str, int] = {}
    for row in rows:
        if not row.from_fund:
            groups[row.line.group] = groups.get(row.line.group, 0) + row.amount
    by_group = tuple((g, groups[g]) for g, _ in GROUPS if g in groups)
    conference = sum(a for _, a in by_group)
    fund = sum(r.amount for r in rows if r.from_fund)
    warnings = []
    for group, limit in sorted((norms or {}).items(), key=lambda kv: [g for g, _ in GROUPS].index(kv[0])
                               if kv[0] in GROUP_NAMES else 99):
        amount = groups.get(group, 0)
        if delegates and amount and amount > limit * delegates:
            per = _round(Decimal(amount) / delegates)
            warnings.append(f"{GROUP_NAMES.get(group, group)}: bình quân {_money(per)} đồng/đại biểu, vượt định mức "
                            f"{_money(limit)} đồng/đại biểu.")
    if delegates == 0 and any(r.line.basis == PER_DELEGATE for r in rows):
        warnings.append("Hội nghị chưa có đại biểu: các dòng tính theo số đại biểu đang bằng 0.")
    if not prize_from_fund and any(r.line.basis == PRIZE for r in rows):
        warnings.append("Tiền thưởng đang tính vào kinh phí hội nghị; theo Luật Thi đua, khen thưởng tiền thưởng chi "
                        "từ Quỹ thi đua, khen thưởng.")
    return Summary(tuple(rows), delegates, prize_total, by_group, conference, fund, tuple(warnings))


def _money(n: int) -> str:
    return format_money(n, unit=False)
