"""The fund's entry form: every typed number through orgs.forms.NumberField (the one parser)."""

from __future__ import annotations

from django import forms

from thidua.orgs.forms import NumberField, VNForm

from . import states

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TYPED_KINDS = [(k, states.KIND_LABELS[k]) for k in states.KINDS]


class EntryForm(VNForm):
    date = forms.DateField(label="Ngày", widget=DATE, error_messages={"required": "Nhập ngày của bút toán.",
                                                                       "invalid": "Ngày không hợp lệ."})
    kind = forms.ChoiceField(label="Loại", choices=TYPED_KINDS,
                             error_messages={"required": "Chọn loại bút toán.",
                                             "invalid_choice": "Loại bút toán không hợp lệ."})
    amount = NumberField(label="Số tiền (đồng)", integer=True, min_value=1, max_value=states.MAX_AMOUNT,
                         error_messages={"required": "Nhập số tiền."})
    description = forms.CharField(label="Nội dung", max_length=300,
                                  error_messages={"required": "Nhập nội dung bút toán.",
                                                  "max_length": "Nội dung dài quá 300 ký tự."})
    document_number = forms.CharField(label="Số chứng từ", max_length=60, required=False,
                                      help_text="Ví dụ: 15/QĐ-UBND, phiếu thu số 03")
    document_date = forms.DateField(label="Ngày chứng từ", widget=DATE, required=False,
                                    error_messages={"invalid": "Ngày chứng từ không hợp lệ."})
