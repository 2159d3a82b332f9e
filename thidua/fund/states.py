"""The fund's entry kinds and the ledger arithmetic (sổ quỹ thi đua, khen thưởng), over plain values: no Django.

An entry's amount is a positive whole number of đồng; its kind gives the sign: money in (trích lập, bổ
sung; an upward adjustment) or out (chi khen thưởng; a downward adjustment). The ledger of a period is
its opening balance (every entry before the period), its entries in date order each with the balance
after it, the totals in and out, and the closing balance = opening + in − out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ALLOCATION, PAYMENT, ADJUST_IN, ADJUST_OUT = "allocation", "payment", "adjust_in", "adjust_out"
KIND_LABELS: dict[str, str] = {
    ALLOCATION: "Trích lập, bổ sung quỹ (thu)",
    PAYMENT: "Chi khen thưởng (chi)",
    ADJUST_IN: "Điều chỉnh tăng",
    ADJUST_OUT: "Điều chỉnh giảm",
}
KINDS = tuple(KIND_LABELS)
SIGN: dict[str, int] = {ALLOCATION: 1, PAYMENT: -1, ADJUST_IN: 1, ADJUST_OUT: -1}
MAX_AMOUNT = 1_000_000_000_000  # a thousand thousand million đồng in one entry is a typing slip


def signed(kind: str, amount: int) -> int:
    """The entry's effect on the balance: +amount for money in, −amount for money out."""
    return SIGN[kind] * amount


@dataclass(frozen=True)
class Step:
    kind: str
    amount: int  # positive
    balance: int  # after this entry

    @property
    def money_in(self) -> int:
        return self.amount if SIGN[self.kind] > 0 else 0

    @property
    def money_out(self) -> int:
        return self.amount if SIGN[self.kind] < 0 else 0


@dataclass(frozen=True)
class Ledger:
    opening: int
    steps: tuple[Step, ...]
    total_in: int
    total_out: int

    @property
    def closing(self) -> int:
        return self.opening + self.total_in - self.total_out

    @property
    def lowest(self) -> int:
        """The lowest balance the period reaches (the opening if it has no entry)."""
        return min([self.opening, *(s.balance for s in self.steps)])


def running(opening: int, entries: Iterable[tuple[str, int]]) -> Ledger:
    """The ledger from an opening balance and (kind, amount) pairs already in date order."""
    balance, steps, total_in, total_out = opening, [], 0, 0
    for kind, amount in entries:
        if kind not in SIGN:
            raise ValueError(f"Loại bút toán không hợp lệ: {kind}")
        if amount <= 0:
            raise ValueError("Số tiền phải lớn hơn 0.")
        balance += signed(kind, amount)
        if SIGN[kind] > 0:
            total_in += amount
        else:
            total_out += amount
        steps.append(Step(kind, amount, balance))
    return Ledger(opening, tuple(steps), total_in, total_out)


def balance_of(entries: Sequence[tuple[str, int]]) -> int:
    return sum(signed(kind, amount) for kind, amount in entries)
