from django import template

from thidua.vn.money import format_number

register = template.Library()


@register.filter
def money(value) -> str:
    """2340000 → "2.340.000"."""
    if value in (None, ""):
        return ""
    return format_number(int(value))


@register.filter
def coef(value) -> str:
    """Decimal("0.30") → "0,3"."""
    if value in (None, ""):
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text.replace(".", ",")


@register.filter
def vn_date(value) -> str:
    """A date as officials write it: 07/4/2025, 15/01/2025."""
    from thidua.vn.dates import short_date

    return short_date(value) if value else ""
