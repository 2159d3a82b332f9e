from django import template

from thidua.vn.dates import short_date
from thidua.vn.money import format_money, format_number

register = template.Library()


@register.filter
def vndate(value):
    """07/4/2025, as officials write dates."""
    return short_date(value) if value else ""


@register.filter
def money(value):
    return format_money(value or 0, unit=False)


@register.filter
def qty(value):
    if value is None:
        return ""
    return format_number(value, 0 if value == int(value) else 2)


@register.filter
def group_name(value):
    from thidua.logistics.budget_rules import GROUP_NAMES

    return GROUP_NAMES.get(value, value)
