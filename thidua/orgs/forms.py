from django import forms
from django.conf import settings

from thidua.paperwork.fonts import undrawable_message
from thidua.vn import normalise

from . import uploads
from .models import Gender, Organisation, OrgKind
from .services import ValidationFailed


class UploadField(forms.FileField):
    """A file input checked once for every form: not empty, at most UPLOAD_MAX_BYTES, and — when
    `kinds` is given — of one of those kinds by its content (`orgs.uploads.sniff`). The cleaned value
    is the uploaded file with `.data` (its bytes) and `.kind` (the sniffed kind, or None)."""

    def __init__(self, *args, kinds: frozenset[str] | None = None, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{k}" for k in sorted(kinds)) if kinds else "")
        if not self.widget.attrs["accept"]:
            del self.widget.attrs["accept"]

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"Tệp “{upload.name}” quá lớn; tối đa {limit // 1024 // 1024} MB.")
        upload.data = upload.read()
        upload.seek(0)
        upload.kind = None
        if self.kinds is not None:
            try:
                upload.kind = uploads.check_upload(upload.data, upload.name, self.kinds)
            except ValidationFailed as exc:
                raise forms.ValidationError(exc.message)
        elif not upload.data:
            raise forms.ValidationError("Tệp rỗng: chọn lại tệp.")
        return upload


class VNForm(forms.Form):
    """Bootstrap classes on every widget; every text input normalised to NFC on the way in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else (
                "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control")
            widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        for key, value in list(data.items()):
            if isinstance(value, str) and not isinstance(self.fields[key].widget, forms.PasswordInput) and (
                    message := undrawable_message(str(self.fields[key].label or key), value)):
                self.add_error(key, message)  # the one drawable-text rule (paperwork.fonts.undrawable)
                continue
            if isinstance(value, str):
                data[key] = normalise.clean_multiline(value) if isinstance(
                    self.fields[key].widget, forms.Textarea) else normalise.clean_text(value)
        return data


class OrganisationForm(VNForm):
    code = forms.CharField(label="Mã đơn vị", max_length=40)
    name = forms.CharField(label="Tên đơn vị", max_length=200)
    short_name = forms.CharField(label="Tên ngắn", max_length=100, required=False)
    kind = forms.ChoiceField(label="Loại", choices=OrgKind.choices)
    parent = forms.ModelChoiceField(label="Đơn vị cấp trên", queryset=Organisation.objects.none(), required=False)
    display_order = forms.IntegerField(label="Thứ tự hiển thị", min_value=0, initial=0)
    phone = forms.CharField(label="Điện thoại", max_length=40, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False,
                             error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."})
    address = forms.CharField(label="Địa chỉ", max_length=250, required=False)
    valid_from = forms.DateField(label="Hoạt động từ", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label="Hoạt động đến", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["parent"].queryset = units


class PersonForm(VNForm):
    full_name = forms.CharField(label="Họ và tên", max_length=180,
                                help_text="Ví dụ: Nguyễn Văn Hạ (họ, tên đệm, tên)")
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices, required=False)
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    organisation = forms.ModelChoiceField(label="Đơn vị", queryset=Organisation.objects.none(), required=False)
    phone = forms.CharField(label="Điện thoại", max_length=40, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False,
                             error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."})
    birth_date = forms.DateField(label="Ngày sinh", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organisation"].queryset = units

    def clean_full_name(self):
        value = normalise.clean_text(self.cleaned_data["full_name"])
        if len(value.split()) < 2:
            raise forms.ValidationError("Nhập đủ họ và tên (ít nhất hai chữ).")
        return value


ENCODINGS = [("auto", "Tự nhận biết"), ("unicode", "Unicode"), ("tcvn3", "TCVN3 (ABC, font .Vn…)"),
             ("vni", "VNI (font VNI-…)")]


class ImportForm(VNForm):
    file = UploadField(label="Tệp Excel (.xlsx, .xls) hoặc CSV")
    encoding = forms.ChoiceField(label="Bảng mã chữ", choices=ENCODINGS, initial="auto")
