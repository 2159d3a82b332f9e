from django import forms

from thidua.orgs.forms import NumberField, UploadField, VNForm
from thidua.orgs.pickers import OrderedChoiceField, Picker

from .models import CriterionKind, GroupKind, MovementKind, MovementStatus


class CycleForm(VNForm):
    year = NumberField(integer=True, grouped=False, label="Năm thi đua", min_value=2000, max_value=2100)
    name = forms.CharField(label="Tên", max_length=200, required=False)
    covenant_deadline = forms.DateField(label="Hạn nộp bản đăng ký giao ước", required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))


class CopyForm(VNForm):
    year = NumberField(integer=True, grouped=False, label="Năm thi đua mới", min_value=2000, max_value=2100)
    covenant_deadline = forms.DateField(label="Hạn nộp bản đăng ký giao ước", required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))


class GroupForm(VNForm):
    kind = forms.ChoiceField(label="Loại", choices=GroupKind.choices)
    name = forms.CharField(label="Tên cụm, khối", max_length=200)


class CriterionForm(VNForm):
    group = forms.TypedChoiceField(label="Nhóm tiêu chí", coerce=int)
    code = forms.CharField(label="Mã tiêu chí", max_length=20)
    name = forms.CharField(label="Nội dung tiêu chí", max_length=500)
    kind = forms.ChoiceField(label="Loại (cách chấm)", choices=CriterionKind.choices)
    max_points = NumberField(label="Điểm tối đa", decimal_places=2, max_digits=7,
                             help_text="Theo số lần: mức trần; thưởng, trừ: điểm tối đa của tiêu chí.")
    unit_points = NumberField(label="Điểm mỗi lần", decimal_places=2, max_digits=7, required=False,
                              help_text="Chỉ với tiêu chí tính theo số lần.")
    unit_label = forms.CharField(label="Đơn vị tính", max_length=40, required=False,
                                 help_text="Ví dụ: %, triệu đồng, mô hình.")
    guidance = forms.CharField(label="Hướng dẫn chấm", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_required = forms.BooleanField(label="Cần minh chứng", required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.pk, f"{g.code}. {g.name}") for g in groups]


class CriteriaGroupForm(VNForm):
    code = forms.CharField(label="Mã nhóm", max_length=10)
    name = forms.CharField(label="Tên nhóm tiêu chí", max_length=300)


class ScorecardForm(VNForm):
    name = forms.CharField(label="Tên thang bảng điểm", max_length=200)
    bonus_cap = NumberField(label="Điểm thưởng tối đa (cả thang điểm)", decimal_places=2, max_digits=7,
                            required=False)
    penalty_cap = NumberField(label="Điểm trừ tối đa (sàn điểm trừ)", decimal_places=2, max_digits=7,
                              required=False, help_text="Để trống: không giới hạn; tổng điểm không xuống dưới 0.")


class ImportScorecardForm(VNForm):
    file = UploadField(label="Tệp Excel thang bảng điểm (.xlsx, .xls, .csv)")
    name = forms.CharField(label="Tên thang bảng điểm", max_length=200)
    bonus_cap = NumberField(label="Điểm thưởng tối đa", initial=0, max_digits=7, decimal_places=2)


class EvidenceForm(VNForm):
    """A file of evidence for one criterion of a score sheet (its kind is checked by the service)."""

    criterion = NumberField(integer=True, grouped=False, label="Tiêu chí")
    file = UploadField(label="Tệp minh chứng")


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
    units = forms.TypedMultipleChoiceField(label="Đơn vị tham gia", coerce=int, required=False, widget=Picker())
    note = forms.CharField(label="Ghi chú khi đổi trạng thái", max_length=300, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]
        self.fields["units"].widget.attrs["class"] = "form-select"


class MembersForm(forms.Form):
    """A cluster's/block's member units in signing order: an ordered picker (drag, or Lên/Xuống)."""

    members = OrderedChoiceField(label="Đơn vị thành viên (theo thứ tự ký giao ước)", required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(u.pk, u.name) for u in units]
