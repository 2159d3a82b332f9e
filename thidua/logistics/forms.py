import re
import unicodedata

from django import forms

from thidua.orgs.forms import NumberField, UploadField, VNForm
from thidua.orgs.models import Organisation, OrgKind, Signer
from thidua.vn.money import format_money

from . import budget_rules
from .models import BudgetBasis, MaterialKind, SectionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AREA = forms.Textarea(attrs={"rows": 3})


def _units(authority):
    return Organisation.objects.filter(authority=authority, merged_into__isnull=True).order_by("display_order", "id")


class PlanForm(VNForm):
    wide_fields = ("summary",)

    number_code = forms.CharField(label="Số, ký hiệu", max_length=40, required=False)
    issue_date = forms.DateField(label="Ngày ban hành", required=False, widget=DATE)
    place_name = forms.CharField(label="Địa danh ghi ngày tháng", max_length=80)
    summary = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    legal_bases = forms.CharField(label="Căn cứ", widget=AREA, required=False)
    preamble = forms.CharField(label="Đoạn mở đầu", widget=AREA, required=False)
    purposes = forms.CharField(label="Mục đích, yêu cầu (mỗi dòng một ý)", widget=forms.Textarea(attrs={"rows": 5}),
                               required=False)
    contents = forms.CharField(label="Nội dung (mỗi dòng một gạch đầu dòng)", widget=AREA, required=False)
    time_text = forms.CharField(label="Thời gian", max_length=300, required=False)
    place_text = forms.CharField(label="Địa điểm", max_length=300, required=False)
    delegates_total = NumberField(integer=True, label="Tổng số đại biểu", min_value=1, required=False)
    composition = forms.CharField(label="Thành phần tham dự", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    backdrop_title = forms.CharField(label="Tiêu đề maket", max_length=120, required=False)
    backdrop_lines = forms.CharField(label="Nội dung maket", widget=AREA, required=False)
    backdrop_after_item = NumberField(integer=True, grouped=False,
                                      label="In maket sau điểm (mục Tổ chức thực hiện)", min_value=1,
                                      required=False)
    talks_count = NumberField(integer=True, label="Số tập thể báo cáo tham luận", min_value=0, max_value=50,
                              required=False)
    talks_text = forms.CharField(label="Phân công tham luận", widget=AREA, required=False)
    talks_note = forms.CharField(label="Lưu ý về tham luận", widget=AREA, required=False)
    talks_deadline = forms.DateField(label="Hạn gửi bài tham luận", required=False, widget=DATE)
    talk_minutes_min = NumberField(integer=True, label="Thời lượng tham luận từ (phút)", min_value=1,
                                   max_value=60, initial=5)
    talk_minutes_max = NumberField(integer=True, label="đến (phút)", min_value=1, max_value=60, initial=7)
    covenant_deadline = forms.DateField(label="Hạn nộp bản ký kết giao ước", required=False, widget=DATE)
    agenda_minutes = NumberField(integer=True, label="Thời lượng chương trình dự kiến (phút)", min_value=1,
                                 max_value=1440, required=False)
    closing = forms.CharField(label="Đoạn kết", widget=AREA, required=False)
    distribution = forms.CharField(label="Nơi nhận (mỗi dòng một nơi)", widget=AREA, required=False)
    signer = forms.ModelChoiceField(label="Người ký", queryset=Signer.objects.none(), required=False)

    def __init__(self, *args, authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authority is not None:
            self.fields["signer"].queryset = Signer.objects.filter(authority=authority)


class SectionForm(VNForm):
    wide_fields = ("title",)

    numeral = forms.CharField(label="Số mục (La Mã)", max_length=8)
    title = forms.CharField(label="Tên mục", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=SectionKind.choices)
    text = forms.CharField(label="Nội dung (mục khác)", widget=AREA, required=False)


class AssignmentForm(VNForm):
    wide_fields = ("heading",)

    number = NumberField(integer=True, grouped=False, label="Điểm số", min_value=1, max_value=99)
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Organisation.objects.none(), required=False)
    heading = forms.CharField(label="Tiêu đề (để trống thì in tên đơn vị)", max_length=250, required=False)
    unit_kinds = forms.MultipleChoiceField(label="Hoặc giao cho mọi đơn vị thuộc loại", choices=OrgKind.choices,
                                           required=False, widget=forms.CheckboxSelectMultiple)
    supporting_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Organisation.objects.none(),
                                                      required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    duties = forms.CharField(label="Nhiệm vụ (mỗi dòng một việc, “- …”)", widget=forms.Textarea(attrs={"rows": 6}))
    deadline = forms.DateField(label="Thời hạn", required=False, widget=DATE)
    deadline_by_event = forms.BooleanField(label="Hạn là trước ngày hội nghị (kế hoạch không ghi ngày)",
                                           required=False)

    def __init__(self, *args, authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kinds"].widget.attrs["class"] = ""
        if authority is not None:
            self.fields["lead_unit"].queryset = _units(authority)
            self.fields["supporting_units"].queryset = _units(authority)


class TaskForm(VNForm):
    wide_fields = ("title",)

    organisation = forms.ModelChoiceField(label="Đơn vị thực hiện", queryset=Organisation.objects.none())
    supporting_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Organisation.objects.none(),
                                                      required=False, widget=forms.SelectMultiple(attrs={"size": 5}))
    title = forms.CharField(label="Nhiệm vụ", max_length=300)
    description = forms.CharField(label="Chi tiết", widget=AREA, required=False)
    deadline = forms.DateField(label="Thời hạn", widget=DATE)

    def __init__(self, *args, authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authority is not None:
            # Closed units stay selectable so that choosing one gives the clear "no longer exists" message.
            self.fields["organisation"].queryset = Organisation.objects.filter(authority=authority).order_by(
                "display_order", "id")
            self.fields["supporting_units"].queryset = _units(authority)


class NoteForm(VNForm):
    text = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(VNForm):
    """A task's file or a material's version: size checked here, the kind by the service (each accepts
    its own kinds). The note is cut to 300 characters by the service."""

    file = UploadField(label="Tệp", error_messages={"required": "Chọn tệp để tải lên."})
    note = forms.CharField(label="Ghi chú", required=False)


class MaterialForm(VNForm):
    wide_fields = ("title",)

    kind = forms.ChoiceField(label="Loại tài liệu", choices=MaterialKind.choices)
    title = forms.CharField(label="Tên tài liệu (để trống thì lấy tên loại)", max_length=300, required=False)
    organisation = forms.ModelChoiceField(label="Đơn vị soạn thảo", queryset=Organisation.objects.none())
    reviewer = forms.ModelChoiceField(label="Người thẩm định", queryset=None, required=False)
    copies = NumberField(integer=True, label="Số bản in", min_value=0, initial=0)
    position = NumberField(integer=True, grouped=False, label="Thứ tự trong bộ tài liệu", min_value=0,
                           initial=0)

    def __init__(self, *args, authority=None, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authority is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(authority=authority).order_by(
                "display_order", "id")
        self.fields["reviewer"].queryset = reviewers


class BudgetLineForm(VNForm):
    wide_fields = ("item",)

    group = forms.ChoiceField(label="Nhóm", choices=budget_rules.GROUPS)
    item = forms.CharField(label="Nội dung chi", max_length=250)
    unit = forms.CharField(label="Đơn vị tính", max_length=40, required=False)
    basis = forms.ChoiceField(label="Cách tính số lượng", choices=BudgetBasis.choices)
    quantity = NumberField(label="Số lượng (cố định)", required=False, decimal_places=2, max_digits=14)
    per_delegate = NumberField(label="Số lượng mỗi đại biểu", required=False, decimal_places=2, max_digits=10)
    unit_price = NumberField(integer=True, label="Đơn giá (đồng)", required=False)
    note = forms.CharField(label="Ghi chú", max_length=250, required=False)


class BudgetSettingsForm(VNForm):
    finance_unit = forms.ModelChoiceField(label="Đơn vị thẩm định kinh phí", queryset=Organisation.objects.none(),
                                          required=False)
    prize_from_fund = forms.BooleanField(label="Tiền thưởng chi từ Quỹ thi đua, khen thưởng (không tính vào kinh phí "
                                               "hội nghị)", required=False)
    prize_date_from = forms.DateField(label="Tính tiền thưởng của quyết định từ ngày", required=False, widget=DATE)
    prize_date_to = forms.DateField(label="đến ngày", required=False, widget=DATE)

    def __init__(self, *args, authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authority is not None:
            self.fields["finance_unit"].queryset = _units(authority)


class DongField(NumberField):
    """A whole number of đồng as officials type it: "40000", "40.000", "40 000" or "40.000 đồng"
    (read by `vn.numbers.parse_number`; shown as "40.000")."""

    def __init__(self, *, min_value=0, max_value=None, **kwargs):
        super().__init__(integer=True, min_value=min_value, max_value=max_value, max_digits=15, **kwargs)
        self.error_messages["min_value"] = "Định mức không được âm."

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s*(đồng|đ)$", "", unicodedata.normalize("NFC", value.strip().lower())).strip()
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(f"{exc.messages[0]} Nhập số đồng nguyên, ví dụ 40.000.",
                                        code="invalid") from None

    def validate(self, value):
        if value is not None and self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(f"Định mức quá lớn (tối đa {format_money(self.max_value)}/đại biểu).",
                                        code="max_value")
        super().validate(value)


class NormsForm(VNForm):
    """One row per budget group: the limit per delegate (blank = no norm) and its legal basis."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group, name in budget_rules.NORM_GROUPS:
            self.fields[f"limit_{group}"] = DongField(
                label=name, required=False, min_value=0, max_value=budget_rules.MAX_NORM_PER_DELEGATE,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "không áp định mức"}))
            self.fields[f"basis_{group}"] = forms.CharField(label=f"Căn cứ ({name})", required=False, max_length=250)
        for field in self.fields.values():  # added after VNForm styled the (then empty) field list
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def rows(self):
        for group, name in budget_rules.NORM_GROUPS:
            yield {"group": group, "name": name, "limit": self[f"limit_{group}"], "basis": self[f"basis_{group}"]}

    def values(self) -> dict[str, tuple[int | None, str]]:
        return {g: (self.cleaned_data.get(f"limit_{g}"), self.cleaned_data.get(f"basis_{g}") or "")
                for g, _ in budget_rules.NORM_GROUPS}
