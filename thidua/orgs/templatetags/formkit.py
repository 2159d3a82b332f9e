"""Layout of the one form page (`orgs/form.html`): which fields take a whole row."""

from django import forms, template

register = template.Library()


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def field_col(bound_field) -> str:
    """col-12 for long text, multi-selects, lists of checkboxes and the form's `wide_fields`; half a row
    otherwise."""
    field, widget = bound_field.field, bound_field.field.widget
    wide = (isinstance(widget, forms.Textarea | forms.CheckboxSelectMultiple | forms.ClearableFileInput)
            or getattr(widget, "allow_multiple_selected", False)
            or bound_field.name in getattr(bound_field.form, "wide_fields", ())
            or (getattr(field, "max_length", None) or 0) >= 200)
    return "col-12" if wide else "col-md-6"
