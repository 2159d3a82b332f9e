import json

from django import forms

from thidua.events.models import DelegateCategory
from thidua.orgs.forms import VNForm


class WalkInForm(VNForm):
    full_name = forms.CharField(label="Họ và tên", max_length=180)
    position = forms.CharField(label="Chức vụ", max_length=200, required=False)
    unit_text = forms.CharField(label="Đơn vị", max_length=250, required=False)
    category = forms.ModelChoiceField(label="Thành phần", queryset=DelegateCategory.objects.none(),
                                      empty_label=None)
    notes = forms.CharField(label="Ghi chú", max_length=250, required=False)
    desk = forms.CharField(label="Bàn", max_length=40, required=False, widget=forms.HiddenInput)
    nonce = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories


class PlanForm(VNForm):
    plan = forms.CharField(label="Sơ đồ hội trường (JSON)", widget=forms.Textarea(attrs={"rows": 16,
                                                                                           "spellcheck": "false"}),
                           max_length=200_000)

    def clean_plan(self):
        try:
            data = json.loads(self.cleaned_data["plan"])
        except ValueError as exc:
            raise forms.ValidationError(f"Sơ đồ không phải JSON hợp lệ: {exc}")
        return data

    def clean(self):  # the JSON is not text to normalise
        return self.cleaned_data


class SeatForm(VNForm):
    seat = forms.CharField(label="Ghế", max_length=40, required=False)
