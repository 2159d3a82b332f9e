"""The one filter of conference preparation that is not a number or a date (those are `{% load vn %}`)."""

from django import template

from thidua.logistics.budget_rules import GROUP_NAMES

register = template.Library()


@register.filter
def group_name(value):
    """A budget group's Vietnamese name."""
    return GROUP_NAMES.get(value, value)
