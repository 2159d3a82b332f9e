from django import forms

from thidua.orgs.forms import ENCODINGS, NumberField, UploadField, VNForm
from thidua.orgs.pickers import OrderedModelChoiceField

from .models import EventKind, EventStatus, ReplyChannel, ReplyStatus, Vehicle

GENDERS = [("", "Ông/Bà (chưa rõ)"), ("M", "Ông"), ("F", "Bà")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(VNForm):
    title = forms.CharField(label="Tên hội nghị", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    slug = forms.SlugField(label="Mã hội nghị", max_length=60, help_text="Chữ thường không dấu, số, gạch nối; "
                           "dùng trong lệnh, ví dụ tong-ket-2024.",
                           error_messages={"invalid": "Mã chỉ gồm chữ thường không dấu, số và gạch nối."})
    kind = forms.ChoiceField(label="Loại", choices=EventKind.choices)
    status = forms.ChoiceField(label="Trạng thái", choices=EventStatus.choices)
    closes_year = NumberField(integer=True, grouped=False, label="Tổng kết năm", min_value=2000,
                              max_value=2100, required=False)
    launches_year = NumberField(integer=True, grouped=False, label="Phát động năm", min_value=2000,
                                max_value=2100, required=False)
    date = forms.DateField(label="Ngày tổ chức", required=False, widget=DATE)
    tentative_month = NumberField(integer=True, grouped=False, label="Tháng dự kiến (khi chưa chốt ngày)",
                                  min_value=1, max_value=12, required=False)
    tentative_year = NumberField(integer=True, grouped=False, label="Năm dự kiến", min_value=2000,
                                 max_value=2100, required=False)
    start_time = forms.TimeField(label="Giờ bắt đầu", required=False, widget=TIME)
    end_time = forms.TimeField(label="Giờ kết thúc", required=False, widget=TIME)
    venue = forms.CharField(label="Địa điểm", max_length=250, required=False)
    capacity = NumberField(integer=True, label="Sức chứa hội trường (chỗ)", min_value=1, required=False)
    chair = forms.CharField(label="Chủ trì", max_length=250, required=False)
    invitation_code = forms.CharField(label="Số, ký hiệu giấy mời", max_length=40, required=False,
                                      help_text="Ví dụ 45/GM-UBND")
    invitation_date = forms.DateField(label="Ngày ký giấy mời", required=False, widget=DATE)
    contact = forms.CharField(label="Người liên hệ", max_length=250, required=False)
    parking_car = forms.CharField(label="Nơi để ô tô", max_length=200, required=False)
    parking_motorbike = forms.CharField(label="Nơi để xe máy", max_length=200, required=False)
    reply_by = forms.DateField(label="Hạn trả lời", required=False, widget=DATE)
    reply_link_until = forms.DateField(label="Đường dẫn trả lời dùng được đến hết ngày", required=False,
                                       widget=DATE, help_text="Để trống: đến hết ngày diễn ra hội nghị. "
                                       "Mã QR điểm danh không bị ảnh hưởng.")
    site_url = forms.CharField(label="Địa chỉ trang cho mã QR", max_length=200, required=False)
    purpose = forms.CharField(label="Mục đích, yêu cầu", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    contents = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DelegateForm(VNForm):
    category = forms.ModelChoiceField(label="Thành phần", queryset=None, empty_label=None)
    full_name = forms.CharField(label="Họ và tên", max_length=180, required=False,
                                help_text="Để trống để mời “Đại diện lãnh đạo” đơn vị (đơn vị cử người sau).")
    gender = forms.ChoiceField(label="Danh xưng", choices=GENDERS, required=False)
    position = forms.CharField(label="Chức vụ", max_length=200, required=False)
    organisation = forms.ModelChoiceField(label="Đơn vị", queryset=None, required=False)
    unit_text = forms.CharField(label="Đơn vị ngoài danh bạ", max_length=250, required=False,
                                help_text="Ví dụ: Sở Nội vụ tỉnh Bình Phước")
    phone = forms.CharField(label="Điện thoại", max_length=40, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False,
                             error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."})
    vehicle = forms.ChoiceField(label="Phương tiện", choices=Vehicle.choices, required=False)
    area = forms.CharField(label="Khu vực", max_length=120, required=False)
    seat = forms.CharField(label="Ghế", max_length=60, required=False)
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, categories=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["organisation"].queryset = units


class ReplyForm(VNForm):
    status = forms.ChoiceField(label="Trả lời", choices=[c for c in ReplyStatus.choices])
    channel = forms.ChoiceField(label="Nhận qua", choices=[c for c in ReplyChannel.choices
                                                          if c[0] not in ("link", "import")])
    substitute_name = forms.CharField(label="Họ và tên người dự thay", max_length=180, required=False)
    substitute_position = forms.CharField(label="Chức vụ người dự thay", max_length=200, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkReplyForm(VNForm):
    status = forms.ChoiceField(label="Trả lời", widget=forms.RadioSelect, choices=[
        ("accepted", "Tôi sẽ tham dự"), ("declined", "Tôi không tham dự được"),
        ("substitute", "Tôi cử người dự thay")])
    substitute_name = forms.CharField(label="Họ và tên người dự thay", max_length=180, required=False)
    substitute_position = forms.CharField(label="Chức vụ người dự thay", max_length=200, required=False)
    note = forms.CharField(label="Lời nhắn (nếu có)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AddPeopleForm(VNForm):
    category = forms.ModelChoiceField(label="Thành phần", queryset=None, empty_label=None)
    people = OrderedModelChoiceField(label="Cá nhân (theo thứ tự mời)", queryset=None)

    def __init__(self, *args, categories=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["people"].queryset = people


class AddUnitsForm(VNForm):
    category = forms.ModelChoiceField(label="Thành phần", queryset=None, empty_label=None)
    units = OrderedModelChoiceField(label="Đơn vị (theo thứ tự mời)", queryset=None)
    seats = NumberField(integer=True, label="Số đại biểu mỗi đơn vị", min_value=1, max_value=20, initial=1)
    position = forms.CharField(label="Chức vụ ghi trên giấy mời (nếu có)", max_length=200, required=False)

    def __init__(self, *args, categories=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["units"].queryset = units


class DelegateImportForm(VNForm):
    file = UploadField(label="Tệp Excel (.xlsx, .xls) hoặc CSV")  # the kind is the import's to judge
    category = forms.ModelChoiceField(label="Thành phần mặc định (cho dòng không ghi)", queryset=None,
                                      required=False, empty_label="Không có: dòng không ghi thành phần bị từ chối")
    encoding = forms.ChoiceField(label="Bảng mã chữ", choices=ENCODINGS, initial="auto")

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class AddRecipientsForm(VNForm):
    category = forms.ModelChoiceField(label="Thêm vào thành phần", queryset=None, empty_label=None)
    date_from = forms.DateField(label="Quyết định khen thưởng từ ngày", widget=DATE)
    date_to = forms.DateField(label="đến ngày", widget=DATE)

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_from", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        return data
