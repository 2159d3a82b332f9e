from django import forms

from thidua.orgs.forms import VNForm

from .models import CriterionKind, GroupKind, MovementKind, MovementStatus


class CycleForm(VNForm):
    year = forms.IntegerField(label="Năm thi đua", min_value=2000, max_value=2100)
    name = forms.CharField(label="Tên", max_length=200, required=False)
    covenant_deadline = forms.DateField(label="Hạn nộp bản đăng ký giao ước", required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))


class CopyForm(VNForm):
    year = forms.IntegerField(label="Năm thi đua mới", min_value=2000, max_value=2100)
    covenant_deadline = forms.DateField(label="Hạn nộp bản đăng ký giao ước", required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))


class GroupForm(VNForm):
    kind = forms.ChoiceField(label="Loại", choices=GroupKind.choices)
    name = forms.CharField(label="Tên cụm, khối", max_length=200)


class CriterionForm(VNForm):
    group = forms.ChoiceField(label="Nhóm tiêu chí")
    code = forms.CharField(label="Mã tiêu chí", max_length=20)
    name = forms.CharField(label="Nội dung", max_length=500)
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices)
    max_points = forms.DecimalField(label="Điểm tối đa", min_value=0.01, max_digits=7, decimal_places=2)
    unit_points = forms.DecimalField(label="Điểm mỗi lần", required=False, max_digits=7, decimal_places=2)
    evidence_required = forms.BooleanField(label="Cần minh chứng", required=False)


class ImportScorecardForm(VNForm):
    file = forms.FileField(label="Tệp Excel thang bảng điểm (.xlsx, .xls, .csv)")
    name = forms.CharField(label="Tên thang bảng điểm", max_length=200)
    bonus_cap = forms.DecimalField(label="Điểm thưởng tối đa", initial=0, max_digits=7, decimal_places=2)


DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "required": False}


class MovementForm(VNForm):
    name = forms.CharField(label="Tên phong trào", max_length=300)
    kind = forms.ChoiceField(label="Loại", choices=MovementKind.choices)
    status = forms.ChoiceField(label="Trạng thái", choices=MovementStatus.choices, initial=MovementStatus.LAUNCHED)
    launch_document = forms.CharField(label="Số, ký hiệu văn bản phát động", max_length=200, required=False,
                                      help_text="Ví dụ: Kế hoạch số 18/KH-UBND")
    launch_date = forms.DateField(label="Ngày ban hành văn bản", **DATE)
    starts_on = forms.DateField(label="Từ ngày", **DATE)
    ends_on = forms.DateField(label="Đến ngày", **DATE)
    units = forms.TypedMultipleChoiceField(label="Đơn vị tham gia", coerce=int, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 12}))
    note = forms.CharField(label="Ghi chú khi đổi trạng thái", max_length=300, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]
        self.fields["units"].widget.attrs["class"] = "form-select"
