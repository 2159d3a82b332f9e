import json

from django import forms

from thidua.orgs.forms import NumberField, UploadField, VNForm
from thidua.orgs.models import Organisation, Person, Signer

from .models import (
    ATTACHMENT_KINDS,
    AttachmentKind,
    Award,
    AwardFamily,
    AwardKind,
    AwardLevel,
    Ballot,
    RecipientKind,
    SignerLevel,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(VNForm):
    organisation = forms.ModelChoiceField(label="Đơn vị đề nghị", queryset=Organisation.objects.none())
    year = NumberField(integer=True, grouped=False, label="Năm thi đua", min_value=2000, max_value=2100)
    family = forms.ModelChoiceField(label="Loại hình khen thưởng", queryset=AwardFamily.objects.all())
    award = forms.ModelChoiceField(label="Danh hiệu, hình thức đề nghị", queryset=Award.objects.filter(active=True))
    title = forms.CharField(label="Trích yếu", max_length=250, required=False)
    summary = forms.CharField(label="Tóm tắt thành tích", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    letter_number = forms.CharField(label="Số tờ trình của đơn vị", max_length=40, required=False,
                                    help_text="Ví dụ: 05/TTr-THTK; để trống thì tờ trình in chỗ trống để ghi số.")
    letter_date = forms.DateField(label="Ngày tờ trình", required=False, widget=DATE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organisation"].queryset = units
        self.fields["award"].choices = grouped_awards(self.fields["award"].queryset)


def grouped_awards(awards) -> list:
    """The catalogue's titles and forms in groups (danh hiệu / hình thức, by level, highest first) instead
    of one flat list (#20); the field still validates against its queryset."""
    kinds, levels = dict(AwardKind.choices), dict(AwardLevel.choices)
    level_order = {code: i for i, code in enumerate(AwardLevel.values)}
    groups: dict[tuple, list] = {}
    for a in awards.order_by("-rank", "id"):
        groups.setdefault((a.kind != AwardKind.TITLE, level_order.get(a.level, 99), a.kind, a.level), []).append(
            (a.pk, a.name))
    return [("", "---------")] + [(f"{kinds.get(kind, kind)} – {levels.get(level, level)}", items)
                                  for (_, _, kind, level), items in sorted(groups.items())]


class LineForm(VNForm):
    kind = forms.ChoiceField(label="Đối tượng", choices=RecipientKind.choices)
    person = forms.ModelChoiceField(label="Cá nhân", queryset=Person.objects.none(), required=False)
    organisation = forms.ModelChoiceField(label="Tập thể", queryset=Organisation.objects.none(), required=False)
    name = forms.CharField(label="Tên chủ hộ (hộ gia đình)", max_length=200, required=False)
    achievement = forms.CharField(label="Thành tích", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
        if units is not None:
            self.fields["organisation"].queryset = units


class AttachmentForm(VNForm):
    kind = forms.ChoiceField(label="Loại tài liệu", choices=AttachmentKind.choices)
    file = UploadField(label="Tệp (PDF, Word, Excel, ảnh)", kinds=ATTACHMENT_KINDS)


class MeetingForm(VNForm):
    year = NumberField(integer=True, grouped=False, label="Năm thi đua", min_value=2000, max_value=2100)
    date = forms.DateField(label="Ngày họp", widget=DATE)
    place = forms.CharField(label="Địa điểm", max_length=200, initial="Phòng họp Ủy ban nhân dân")
    chair = forms.CharField(label="Chủ trì", max_length=150)
    secretary = forms.CharField(label="Thư ký", max_length=150)
    members = forms.CharField(label="Thành viên Hội đồng (mỗi dòng: Họ tên - chức danh)",
                              widget=forms.Textarea(attrs={"rows": 8}))

    def clean_members(self):
        rows = []
        for line in self.cleaned_data["members"].splitlines():
            if line.strip():
                name, _, role = line.partition(" - ")
                rows.append((name.strip(), role.strip()))
        if not rows:
            raise forms.ValidationError("Nhập ít nhất một thành viên.")
        return rows


class VoteForm(VNForm):
    ballot = forms.ChoiceField(label="Hình thức", choices=Ballot.choices)
    yes = NumberField(integer=True, label="Đồng ý", min_value=0)
    no = NumberField(integer=True, label="Không đồng ý", min_value=0, initial=0)
    abstain = NumberField(integer=True, label="Không biểu quyết", min_value=0, initial=0)


class DecisionForm(VNForm):
    award = forms.ModelChoiceField(label="Danh hiệu, hình thức", queryset=Award.objects.filter(active=True))
    year = NumberField(integer=True, grouped=False, label="Năm thi đua", min_value=2000, max_value=2100)
    number = NumberField(integer=True, grouped=False, label="Số quyết định", min_value=1, required=False)
    code = forms.CharField(label="Ký hiệu", max_length=40, initial="QĐ-UBND")
    date = forms.DateField(label="Ngày quyết định", widget=DATE)
    signer_level = forms.ChoiceField(label="Thẩm quyền (cấp người ký)", choices=SignerLevel.choices)
    signer = forms.ModelChoiceField(label="Người ký", queryset=Signer.objects.none())
    reason = forms.CharField(label="Thành tích (lý do khen)", max_length=300,
                             initial="đã có thành tích xuất sắc trong phong trào thi đua")
    proposed_by = forms.CharField(label="Theo đề nghị của", max_length=300, required=False,
                                  help_text="Để trống: người đứng đầu cơ quan tham mưu thi đua, khen thưởng.")
    submission_number = forms.CharField(label="Số tờ trình đề nghị", max_length=40, required=False,
                                        help_text="Ví dụ: 12/TTr-NV; in ở dòng “Theo đề nghị của … tại Tờ trình số …”.")
    submission_date = forms.DateField(label="Ngày tờ trình đề nghị", required=False, widget=DATE)
    proposals = forms.MultipleChoiceField(label="Hồ sơ đã được Hội đồng thông qua", required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, signers=None, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        if signers is not None:
            self.fields["signer"].queryset = signers
        self.fields["proposals"].choices = [(str(p.pk), str(p)) for p in proposals]


class BlankForm(VNForm):
    name = forms.CharField(label="Tên phôi", max_length=120)
    award = forms.ModelChoiceField(label="Dùng cho", queryset=Award.objects.all(), required=False)
    width_mm = NumberField(label="Chiều rộng (mm)", min_value=50, max_value=1000, initial=297)
    height_mm = NumberField(label="Chiều cao (mm)", min_value=50, max_value=1000, initial=210)
    fields_json = forms.CharField(label="Vị trí các ô (JSON, đơn vị mm)", widget=forms.Textarea(attrs={"rows": 12}))

    def clean_fields_json(self):
        try:
            value = json.loads(self.cleaned_data["fields_json"])
        except ValueError:
            raise forms.ValidationError("Không đọc được JSON.")
        return value
