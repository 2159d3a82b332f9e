from django import forms

from thidua.orgs.forms import NumberField, UploadField, VNForm
from thidua.orgs.models import Organisation

from .models import ItemKind, TalkAction
from .states import REVIEW_ACTIONS


class SettingsForm(VNForm):
    talk_count = NumberField(integer=True, label="Số bài tham luận", min_value=0, max_value=20)
    talk_deadline = forms.DateField(label="Hạn gửi tham luận", required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    talk_min_minutes = NumberField(integer=True, label="Thời lượng tối thiểu (phút)", min_value=1,
                                   max_value=60)
    talk_max_minutes = NumberField(integer=True, label="Thời lượng tối đa (phút)", min_value=1, max_value=60)
    words_per_minute = NumberField(integer=True, label="Tốc độ đọc (chữ/phút)", min_value=40, max_value=400)
    stage_size = NumberField(integer=True, label="Số người tối đa trên sân khấu mỗi đợt", min_value=1,
                             max_value=50)
    day_start = forms.TimeField(label="Giờ bắt đầu", widget=forms.TimeInput(attrs={"type": "time"}))
    day_end = forms.TimeField(label="Giờ kết thúc dự kiến", widget=forms.TimeInput(attrs={"type": "time"}))
    hall_width_cm = NumberField(integer=True, label="Chiều rộng phông nền (cm)", min_value=50, max_value=5000)
    hall_height_cm = NumberField(integer=True, label="Chiều cao phông nền (cm)", min_value=50, max_value=5000)
    backdrop_title = forms.CharField(label="Tên hội nghị trên phông (để trống: theo tên hội nghị)", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    backdrop_place_date = forms.CharField(label="Dòng địa danh, ngày trên phông (để trống: theo ngày tổ chức)",
                                          required=False, max_length=200)


class ItemForm(VNForm):
    wide_fields = ("title",)

    kind = forms.ChoiceField(label="Loại", choices=ItemKind.choices)
    title = forms.CharField(label="Nội dung", max_length=300)
    duration_minutes = NumberField(integer=True, label="Thời lượng (phút)", min_value=1, max_value=480)
    fixed_start = forms.TimeField(label="Bắt đầu cố định lúc (để trống: nối tiếp mục trước)", required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}))
    in_charge = forms.CharField(label="Người thực hiện", max_length=250, required=False)
    in_charge_unit = forms.ModelChoiceField(label="Đơn vị thực hiện", queryset=Organisation.objects.none(),
                                            required=False)
    mc_words = forms.CharField(label="Lời dẫn (để trống: dùng lời dẫn mẫu)", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["in_charge_unit"].queryset = units


class InviteForm(VNForm):
    organisation = forms.ModelChoiceField(label="Đơn vị", queryset=Organisation.objects.none())
    reason = forms.CharField(label="Lý do chọn", max_length=200, required=False,
                             help_text="Ví dụ: Nhất Khối xã, thị trấn năm 2024")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organisation"].queryset = units


class TalkInfoForm(VNForm):
    title = forms.CharField(label="Tên bài tham luận", max_length=300, required=False)
    presenter_name = forms.CharField(label="Người trình bày", max_length=180, required=False)
    presenter_position = forms.CharField(label="Chức vụ", max_length=200, required=False)


class TalkTextForm(VNForm):
    text = forms.CharField(label="Nội dung tham luận", widget=forms.Textarea(attrs={"rows": 12}))


class TalkFileForm(VNForm):
    # Size and emptiness here; the kind is told by `extract` in the service, whose messages say more (a
    # password, an old .doc, a scan without text) than a refusal by kind would.
    file = UploadField(label="Tệp tham luận (Word .docx hoặc PDF)", kinds=None, allow_empty_file=True,
                       error_messages={"required": "Chọn tệp tham luận (Word .docx hoặc PDF) để gửi."})


class ReviewForm(VNForm):
    action = forms.ChoiceField(choices=[(a, TalkAction(a).label) for a in REVIEW_ACTIONS])
    comment = forms.CharField(label="Ý kiến thẩm định", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BatchForm(VNForm):
    presenter_name = forms.CharField(label="Lãnh đạo trao", max_length=180, required=False)
    presenter_position = forms.CharField(label="Chức vụ", max_length=200, required=False)
