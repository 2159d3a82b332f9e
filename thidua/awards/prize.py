"""Prize money (tiền thưởng) as pure rules: coefficient × base salary of the decision date, rounded
"lên hàng chục nghìn đồng". No Django here; the rule sets and base salaries are data passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from thidua.vn.money import round_nearest, round_up_to

INDIVIDUAL, COLLECTIVE, HOUSEHOLD = "individual", "collective", "household"
KIND_LABELS = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể", HOUSEHOLD: "hộ gia đình"}
CEIL, NEAREST, NONE = "ceil", "nearest", "none"
ROUNDING_MODES = (CEIL, NEAREST, NONE)


class PrizeError(ValueError):
    """Prize money cannot be computed; the message is Vietnamese."""


@dataclass(frozen=True)
class Coefficients:
    """One award's coefficients in one rule set. `collective`/`household` None means "the
    individual coefficient times the rule set's multiplier" (how the decrees word it for forms)."""

    individual: Decimal | None
    collective: Decimal | None
    household: Decimal | None
    collective_multiplier: Decimal = Decimal(2)
    household_multiplier: Decimal = Decimal("1.5")


def coefficient(c: Coefficients, kind: str, allowed: Iterable[str], award_name: str = "") -> Decimal:
    allowed = tuple(allowed)
    if kind not in (INDIVIDUAL, COLLECTIVE, HOUSEHOLD):
        raise PrizeError(f"Loại đối tượng không hợp lệ: {kind}.")
    if kind not in allowed:
        raise PrizeError(f"“{award_name}” không dành cho {KIND_LABELS[kind]}.")
    if kind == INDIVIDUAL:
        value = c.individual
    elif kind == COLLECTIVE:
        value = c.collective if c.collective is not None else (
            c.individual * c.collective_multiplier if c.individual is not None else None)
    else:
        value = c.household if c.household is not None else (
            c.individual * c.household_multiplier if c.individual is not None else None)
    if value is None:
        raise PrizeError(f"Chưa có hệ số tiền thưởng của “{award_name}” cho {KIND_LABELS[kind]}.")
    return Decimal(value)


def amount(coef: Decimal, base_salary: int, mode: str = CEIL, step: int = 10_000) -> int:
    """coefficient × base salary, rounded to `step` (ceiling by default)."""
    if base_salary <= 0:
        raise PrizeError("Mức lương cơ sở phải lớn hơn 0.")
    if coef < 0:
        raise PrizeError("Hệ số tiền thưởng không được âm.")
    raw = Decimal(coef) * Decimal(base_salary)
    if mode == CEIL:
        value = round_up_to(raw, Decimal(step))
    elif mode == NEAREST:
        value = round_nearest(raw, Decimal(step))
    elif mode == NONE:
        value = raw.to_integral_value()
    else:
        raise PrizeError(f"Cách làm tròn không hợp lệ: {mode}.")
    return int(value)


T = TypeVar("T")


@dataclass(frozen=True)
class Dated:
    valid_from: dt.date
    valid_to: dt.date | None
    value: object


def in_force(items: Sequence[tuple[dt.date, dt.date | None, T]], day: dt.date) -> T | None:
    """The value whose [valid_from, valid_to] holds `day`; the latest start wins if several do."""
    best: tuple[dt.date, T] | None = None
    for start, end, value in items:
        if start <= day and (end is None or day <= end) and (best is None or start > best[0]):
            best = (start, value)
    return best[1] if best else None


def may_award(powers: Iterable[tuple[str, dt.date, dt.date | None]], signer_level: str, day: dt.date) -> bool:
    """powers: (signer level, valid from, valid to) rows of one award."""
    return any(level == signer_level and start <= day and (end is None or day <= end)
               for level, start, end in powers)
