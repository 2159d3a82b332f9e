from django import forms

from thidua.awards.models import Award, CouncilMeeting
from thidua.orgs.forms import NumberField, UploadField, VNForm

from .models import FILE_KINDS, FileKind, Gender

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ComposeForm(VNForm):
    award = forms.ModelChoiceField(label="Danh hiệu, hình thức đề nghị cấp trên", queryset=Award.objects.none())
    year = NumberField(integer=True, grouped=False, label="Năm thi đua", min_value=2000, max_value=2100)
    title = forms.CharField(label="Trích yếu", max_length=300, required=False,
                            help_text="Để trống: “Đề nghị <hình thức> năm <năm>”.")

    def __init__(self, *args, awards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.filter(pk__in=[a.pk for a in awards]).order_by("-rank", "name")


class DossierForm(VNForm):
    title = forms.CharField(label="Trích yếu", max_length=300)
    letter_number = forms.CharField(label="Số tờ trình", max_length=40, required=False, help_text="Ví dụ: 15/TTr-UBND")
    letter_date = forms.DateField(label="Ngày tờ trình", required=False, widget=DATE)


class ItemForm(VNForm):
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    unit_name = forms.CharField(label="Đơn vị", max_length=250, required=False)
    birth_year = NumberField(integer=True, grouped=False, label="Năm sinh", min_value=1900, max_value=2100,
                             required=False)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices, required=False)
    initiative = forms.CharField(label="Sáng kiến, đề tài được công nhận", max_length=300, required=False)
    achievement = forms.CharField(label="Tóm tắt thành tích", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class FileForm(VNForm):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=FileKind.choices)
    file = UploadField(label="Tệp (PDF, Word, Excel, ảnh)", kinds=FILE_KINDS)


class ReceiveForm(VNForm):
    received_on = forms.DateField(label="Ngày tiếp nhận", required=False, widget=DATE)


class ReturnForm(VNForm):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3}))


class CouncilForm(VNForm):
    meeting = forms.ModelChoiceField(label="Phiên họp Hội đồng", queryset=CouncilMeeting.objects.none(), empty_label=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
