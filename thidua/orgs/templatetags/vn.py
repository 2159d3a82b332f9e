"""Numbers and dates as Vietnamese officials write them, for every template: `{% load vn %}`.

    {{ amount|money }}   2.340.000          {{ amount|money_unit }}  2.340.000 đồng
    {{ n|number }}       1.234              {{ x|decimal }}          0,3 · 7,5 · 1.234,5
    {{ d|vn_date }}      07/4/2025          {{ d|long_date }}        ngày 07 tháng 4 năm 2025
"""

from decimal import Decimal, InvalidOperation

from django import template

from thidua.vn import dates
from thidua.vn.money import format_decimal, format_money, format_number

register = template.Library()


def _number(value):
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value) -> str:
    """An amount without the unit: 2340000 → "2.340.000" (decimals kept if any)."""
    n = _number(value)
    return "" if n is None else format_money(n, unit=False)


@register.filter
def money_unit(value) -> str:
    n = _number(value)
    return "" if n is None else format_money(n)


@register.filter
def number(value, decimals=0) -> str:
    """A count or a rounded figure: 1234 → "1.234"; `|number:1` → "1.234,5"."""
    n = _number(value)
    return "" if n is None else format_number(n, int(decimals))


@register.filter
def decimal(value, max_decimals=2) -> str:
    """A coefficient, score or percentage as short as it goes: 0.30 → "0,3"."""
    n = _number(value)
    return "" if n is None else format_decimal(n, int(max_decimals))


@register.filter
def vn_date(value) -> str:
    """07/4/2025, as officials write dates."""
    return dates.short_date(value) if value else ""


@register.filter
def long_date(value) -> str:
    return dates.long_date(value) if value else ""
