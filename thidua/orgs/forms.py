from decimal import Decimal

from django import forms
from django.conf import settings

from thidua.paperwork.fonts import undrawable_message
from thidua.vn import normalise
from thidua.vn.money import format_decimal, format_number
from thidua.vn.numbers import NumberError, parse_number

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


class NumberField(forms.Field):
    """A number as officials type it, for every numeric input of every form: "7.500", "7 500",
    "7.500,5", "0,125", "1.234.567" (read by `vn.numbers.parse_number`, the one parser; "7,500" is
    refused saying both readings unless the field takes whole numbers). A value is shown the way
    `vn.money.format_number` / `format_decimal` write it, so a shown value reads back the same.

    `integer`: whole numbers only (the cleaned value is an int, else a Decimal); `min_value`,
    `max_value`, `decimal_places`, `max_digits` as Django's fields, with Vietnamese messages naming
    the label; `grouped=False` for numbers that name something (a year, a decision number), shown
    without thousands dots."""

    default_error_messages = {
        "min_value": "{label} không được nhỏ hơn {limit}.",
        "max_value": "{label} không được lớn hơn {limit}.",
        "decimal_places": "{label} chỉ ghi tối đa {places} chữ số sau dấu phẩy.",
        "max_digits": "{label} quá lớn.",
    }

    def __init__(self, *, integer: bool = False, min_value=None, max_value=None, decimal_places: int | None = None,
                 max_digits: int | None = None, grouped: bool = True, **kwargs):
        self.integer, self.grouped = integer, grouped
        self.min_value, self.max_value = min_value, max_value
        self.decimal_places, self.max_digits = (0 if integer else decimal_places), max_digits
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric" if integer else "decimal")

    def _text(self, number) -> str:
        if self.integer and not self.grouped:
            return str(int(number))
        if self.integer:
            return format_number(number)
        return format_decimal(number, self.decimal_places if self.decimal_places is not None else 6)

    def prepare_value(self, value):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return self._text(value)
        return value  # empty, or the text as typed (shown again with its error)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        label = str(self.label or "Giá trị")
        try:
            number = parse_number(value, integer=self.integer, label=label)
        except NumberError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None
        if number is None:
            return None
        return int(number) if self.integer else number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        label = str(self.label or "Giá trị")
        messages = self.error_messages
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(messages["min_value"].format(label=label, limit=self._text(self.min_value)),
                                        code="min_value")
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(messages["max_value"].format(label=label, limit=self._text(self.max_value)),
                                        code="max_value")
        if not self.integer:
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            if self.decimal_places is not None and places > self.decimal_places and value != round(
                    value, self.decimal_places):
                raise forms.ValidationError(messages["decimal_places"].format(label=label, places=self.decimal_places),
                                            code="decimal_places")
            whole = len(str(abs(int(value)))) if int(value) else 0
            if self.max_digits is not None and whole > self.max_digits - (self.decimal_places or 0):
                raise forms.ValidationError(messages["max_digits"].format(label=label), code="max_digits")
        elif self.max_digits is not None and len(str(abs(value))) > self.max_digits:
            raise forms.ValidationError(messages["max_digits"].format(label=label), code="max_digits")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("autocomplete", "off")
        return attrs


CHOICES_TEMPLATE = "orgs/widgets/choices.html"


class VNForm(forms.Form):
    """Bootstrap classes on every widget; every text input normalised to NFC on the way in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                # Bootstrap's classes belong on each choice, not on the list that holds them (a list
                # classed form-check-input drew every answer one word a line: #20)
                widget.template_name = CHOICES_TEMPLATE
                continue
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
    display_order = NumberField(integer=True, grouped=False, label="Thứ tự hiển thị", min_value=0, initial=0)
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


class PasswordChangeForm(forms.Form):
    """Old password, new twice; the service checks the old one and runs Django's validators."""

    old_password = forms.CharField(label="Mật khẩu hiện tại", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label="Mật khẩu mới", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    help_text="Ít nhất 10 ký tự; không giống tên đăng nhập hay họ tên, không phải "
                                              "mật khẩu quá phổ biến, không chỉ gồm chữ số.")
    new_password2 = forms.CharField(label="Nhập lại mật khẩu mới", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", "Hai lần nhập mật khẩu mới không khớp.")
        return data
