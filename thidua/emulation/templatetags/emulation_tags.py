from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def attr_pk(obj):
    return getattr(obj, "pk", "")


@register.filter
def tie_label(key):
    from thidua.emulation.ranking import TIE_BREAK_LABELS

    return TIE_BREAK_LABELS.get(key, key)


@register.filter
def sheet_status(value):
    from thidua.emulation.models import SheetStatus

    return SheetStatus(value).label if value in SheetStatus.values else "Chưa chấm"
