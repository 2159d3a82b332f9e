from django import forms

from thidua.orgs.forms import VNForm

from .models import ApiScope


class ClientForm(VNForm):
    name = forms.CharField(label="Tên hệ thống", max_length=120,
                           help_text="Ví dụ: Hệ thống quản lý văn bản và điều hành của tỉnh")
    purpose = forms.CharField(label="Mục đích kết nối", max_length=300, required=False,
                              help_text="Hệ thống này dùng dữ liệu để làm gì, ai phụ trách bên đó")
    scopes = forms.MultipleChoiceField(label="Được đọc", choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple,
                                       initial=[ApiScope.DECISIONS, ApiScope.AWARDS],
                                       help_text="Chỉ đọc; hệ thống chỉ thấy dữ liệu của cơ quan mình.")
