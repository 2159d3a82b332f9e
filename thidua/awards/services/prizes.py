"""Prize money: the rule set and base salary in force on a day, the coefficient, who may award what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.orgs.services import ValidationFailed
from thidua.vn.dates import short_date

from .. import prize
from ..models import Award, AwardPower, BaseSalary, RuleItem, RuleSet, SignerLevel


def rules_on(day: dt.date) -> tuple[RuleSet, int]:
    """The rule set and base salary in force for a decision dated `day`."""
    rule_set = prize.in_force([(r.valid_from, r.valid_to, r) for r in RuleSet.objects.all()], day)
    if rule_set is None:
        raise ValidationFailed(f"Chưa có bộ quy định khen thưởng áp dụng cho ngày {short_date(day)}.", "date")
    salary = prize.in_force([(b.valid_from, None, b) for b in BaseSalary.objects.all()], day)
    if salary is None:
        raise ValidationFailed(f"Chưa có mức lương cơ sở áp dụng cho ngày {short_date(day)}.", "date")
    return rule_set, salary.amount


def coefficients(rule_set: RuleSet, award: Award) -> prize.Coefficients:
    item = RuleItem.objects.filter(rule_set=rule_set, award=award).first()
    if item is None:
        raise ValidationFailed(f"{rule_set.name} chưa có hệ số tiền thưởng của “{award.name}”.", "award")
    return prize.Coefficients(item.coefficient_individual, item.coefficient_collective, item.coefficient_household,
                              rule_set.collective_multiplier, rule_set.household_multiplier)


def prize_for(award: Award, kind: str, day: dt.date, rounding_mode: str = prize.CEIL) -> tuple[Decimal, int]:
    """(coefficient, amount in đồng) for one recipient of `award` in a decision dated `day`."""
    rule_set, base = rules_on(day)
    try:
        coef = prize.coefficient(coefficients(rule_set, award), kind, award.kinds, award.name)
        return coef, prize.amount(coef, base, rounding_mode, rule_set.rounding_step)
    except prize.PrizeError as exc:
        raise ValidationFailed(str(exc), "award") from exc


def check_power(award: Award, signer_level: str, day: dt.date) -> None:
    powers = [(p.signer_level, p.valid_from, p.valid_to) for p in AwardPower.objects.filter(award=award)]
    if not prize.may_award(powers, signer_level, day):
        label = dict(SignerLevel.choices).get(signer_level, signer_level)
        raise ValidationFailed(f"{label} không có thẩm quyền tặng “{award.name}” vào ngày {short_date(day)}.",
                               "signer_level")
