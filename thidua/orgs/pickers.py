"""Pickers for long lists (people, units, cluster members, delegates): a plain `<select multiple>` that
works without a script, enhanced by `web/picker.js` with the vendored Tom Select (#20).

- search with or without Vietnamese accents ("nguyen" finds "Nguyễn", "đ" and "d" alike): the score
  function in picker.js folds both sides;
- a checkbox in front of each choice (Tom Select's checkbox_options plugin);
- where order matters (`ordered=True`: signing order, people in invitation order) the chosen items are
  dragged into order, or moved with "Lên"/"Xuống" buttons from the keyboard; the order is the order of
  the selected `<option>`s, which is the order the browser submits. Without a script the selected
  options are listed first, in the saved order, so a plain submit keeps it.

No inline script (CSP): the widget's template names its scripts by `src` and its settings in data-*.
`OrderedModelChoiceField` returns the chosen rows in the submitted order (Django's own field returns a
queryset in the queryset's order).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

PLACEHOLDER = "Gõ để tìm (có dấu hoặc không dấu)…"


class Picker(forms.SelectMultiple):
    """`<select multiple>` with `data-picker="multi"` or `"ordered"`, enhanced by web/picker.js."""

    template_name = "orgs/widgets/picker.html"

    def __init__(self, attrs=None, choices=(), *, ordered: bool = False, placeholder: str = PLACEHOLDER):
        super().__init__(attrs, choices)
        self.ordered = ordered
        self.placeholder = placeholder

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        classes = widget_attrs.get("class", "").split()
        widget_attrs["class"] = " ".join([*classes, *(c for c in ("form-select", "picker") if c not in classes)])
        widget_attrs["data-picker"] = "ordered" if self.ordered else "multi"
        widget_attrs["data-placeholder"] = self.placeholder
        widget_attrs.setdefault("size", 12)
        context["widget"]["ordered"] = self.ordered
        return context

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        if not self.ordered or not value:
            return groups
        # the chosen options first, in the order given: a browser submits selected options in document order
        rank = {str(v): i for i, v in enumerate(value)}
        chosen, rest = [], []
        for group in groups:
            (chosen if group[1][0]["selected"] else rest).append(group)
        chosen.sort(key=lambda g: rank.get(str(g[1][0]["value"]), len(rank)))
        return [(None, g[1], i) for i, g in enumerate(chosen + rest)]


class OrderedModelChoiceField(forms.ModelMultipleChoiceField):
    """The chosen rows as a list in the order submitted (duplicates dropped)."""

    widget = Picker

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", Picker(ordered=True))
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        rows = super().clean(value)
        if not rows:
            return []
        by_key = {str(r.pk): r for r in rows}
        out, seen = [], set()
        for key in value:
            key = str(key)
            if key in by_key and key not in seen:
                seen.add(key)
                out.append(by_key[key])
        return out


class OrderedChoiceField(forms.TypedMultipleChoiceField):
    """Plain choices (ids) in the order submitted; duplicates dropped."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", Picker(ordered=True))
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        values = super().clean(value)
        out = []
        for v in values or []:
            if v not in out:
                out.append(v)
        return out


def ordered_ids(values) -> list[int]:
    """Ids posted by an ordered picker, in order, each once; anything not a positive number is refused."""
    out: list[int] = []
    for raw in values:
        text = str(raw).strip()
        if not text.isdigit() or int(text) <= 0:
            raise ValidationError("Lựa chọn không hợp lệ.")
        if int(text) not in out:
            out.append(int(text))
    return out
