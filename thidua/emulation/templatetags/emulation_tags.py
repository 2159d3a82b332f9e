from django import template

from thidua.emulation.ranking import TIE_BREAK_LABELS
from thidua.emulation.states import NO_SHEET_LABEL, SHEET_LABELS

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def attr_pk(obj):
    return getattr(obj, "pk", "")


@register.filter
def tie_label(key):
    return TIE_BREAK_LABELS.get(key, key)


@register.filter
def sheet_status(value):
    return SHEET_LABELS.get(value, NO_SHEET_LABEL)
