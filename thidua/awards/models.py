"""Commendation: the catalogue (families, titles and forms, rule sets by date, base salary by date,
who may award what), proposals with their lines, files and history, council meetings and votes,
award decisions with their lines and prize money, and certificate blanks.

The catalogue is law, shared by every authority (no scope); everything else belongs to one authority."""

from __future__ import annotations

from fractions import Fraction

from django.db import models
from django.db.models import Q

from thidua.orgs.modelkit import CleanCharField, CleanTextField, scoped_by
from thidua.orgs.models import Authority, Organisation, Person, Signer, User
from thidua.vn import normalise
from thidua.vn.numbering import document_number

from . import council, states
from .catalogue_data import SIGNER_LEVELS
from .council_seats import CouncilSeat, SeatPosition  # noqa: F401 (the standing council, #20)
from .prize import ROUNDING_MODES


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    HOUSEHOLD = "household", "Hộ gia đình"


class AwardKind(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    FORM = "form", "Hình thức khen thưởng"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "Nhà nước"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"
    GRASSROOTS = "grassroots", "Cơ sở"


SignerLevel = models.TextChoices("SignerLevel", [(c.replace("-", "_").upper(), (c, n)) for c, n in SIGNER_LEVELS])
RoundingMode = models.TextChoices("RoundingMode", [
    ("CEIL", ("ceil", "Làm tròn lên hàng chục nghìn đồng")),
    ("NEAREST", ("nearest", "Làm tròn gần nhất hàng chục nghìn đồng")),
    ("NONE", ("none", "Không làm tròn")),
])
assert tuple(RoundingMode.values) == ROUNDING_MODES


class AwardFamily(models.Model):
    """Loại hình khen thưởng: thường xuyên, theo đợt, đột xuất, cống hiến, niên hạn, đối ngoại."""

    code = models.SlugField("Mã", max_length=40, unique=True)
    name = models.CharField("Loại hình", max_length=150)
    needs_council = models.BooleanField("Phải qua Hội đồng xét", default=True)
    flow_note = models.CharField("Quy trình, thời hạn", max_length=300, blank=True)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Loại hình khen thưởng"
        verbose_name_plural = "Loại hình khen thưởng"
        ordering = ["display_order", "id"]

    def __str__(self) -> str:
        return self.name


class Award(models.Model):
    """A title (danh hiệu thi đua) or a form (hình thức khen thưởng)."""

    code = models.SlugField("Mã", max_length=40, unique=True)
    name = models.CharField("Tên", max_length=200)
    kind = models.CharField("Loại", max_length=10, choices=AwardKind.choices)
    level = models.CharField("Cấp", max_length=12, choices=AwardLevel.choices)
    for_individual = models.BooleanField("Cho cá nhân", default=False)
    for_collective = models.BooleanField("Cho tập thể", default=False)
    for_household = models.BooleanField("Cho hộ gia đình", default=False)
    rank = models.PositiveIntegerField("Thứ bậc (cao trao trước)", default=0)
    certificate_word = models.CharField("Tên trên phôi", max_length=60, blank=True)
    prerequisite = models.ForeignKey("self", verbose_name="Điều kiện: đã có", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    legal_basis = models.CharField("Căn cứ", max_length=300, blank=True)
    active = models.BooleanField("Đang dùng", default=True)

    class Meta:
        verbose_name = "Danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "Danh hiệu, hình thức khen thưởng"
        ordering = ["-rank", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AwardKind.values), name="award_kind_valid"),
            models.CheckConstraint(condition=Q(level__in=AwardLevel.values), name="award_level_valid"),
            models.CheckConstraint(condition=Q(for_individual=True) | Q(for_collective=True) | Q(for_household=True),
                                   name="award_has_recipient_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k, ok in (("individual", self.for_individual), ("collective", self.for_collective),
                                     ("household", self.for_household)) if ok)


class BaseSalary(models.Model):
    valid_from = models.DateField("Áp dụng từ ngày", unique=True)
    amount = models.PositiveIntegerField("Mức lương cơ sở (đồng)")
    legal_basis = models.CharField("Căn cứ", max_length=200, blank=True)

    class Meta:
        verbose_name = "Lương cơ sở"
        verbose_name_plural = "Lương cơ sở"
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="base_salary_positive")]

    def __str__(self) -> str:
        return f"{self.amount} từ {self.valid_from}"


class RuleSet(models.Model):
    """The decree in force for decisions of a period (Nghị định 98/2023, 152/2025…)."""

    code = models.SlugField("Mã", max_length=40, unique=True)
    name = models.CharField("Tên", max_length=120)
    legal_basis = models.CharField("Căn cứ", max_length=400)
    valid_from = models.DateField("Áp dụng cho quyết định từ ngày")
    valid_to = models.DateField("Đến ngày", null=True, blank=True)
    collective_multiplier = models.DecimalField("Tập thể gấp (lần cá nhân)", max_digits=4, decimal_places=2, default=2)
    household_multiplier = models.DecimalField("Hộ gia đình gấp (lần cá nhân)", max_digits=4, decimal_places=2,
                                               default=1.5)
    rounding_step = models.PositiveIntegerField("Làm tròn đến (đồng)", default=10_000)
    uncertain_note = models.CharField("Điểm chưa chắc chắn", max_length=300, blank=True)

    class Meta:
        verbose_name = "Bộ quy định"
        verbose_name_plural = "Bộ quy định"
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="ruleset_valid_range"),
            models.CheckConstraint(condition=Q(rounding_step__gt=0), name="ruleset_rounding_step_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class RuleItem(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="items")
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="rule_items")
    coefficient_individual = models.DecimalField("Hệ số cá nhân", max_digits=5, decimal_places=2, null=True,
                                                 blank=True)
    coefficient_collective = models.DecimalField("Hệ số tập thể", max_digits=5, decimal_places=2, null=True,
                                                 blank=True, help_text="Để trống: bằng cá nhân nhân hệ số tập thể.")
    coefficient_household = models.DecimalField("Hệ số hộ gia đình", max_digits=5, decimal_places=2, null=True,
                                                blank=True)
    uncertain = models.BooleanField("Chưa xác nhận", default=False)
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "Hệ số tiền thưởng"
        verbose_name_plural = "Hệ số tiền thưởng"
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "award"], name="ruleitem_unique"),
            models.CheckConstraint(condition=(Q(coefficient_individual__isnull=True) | Q(coefficient_individual__gte=0))
                                   & (Q(coefficient_collective__isnull=True) | Q(coefficient_collective__gte=0))
                                   & (Q(coefficient_household__isnull=True) | Q(coefficient_household__gte=0)),
                                   name="ruleitem_coefficients_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} – {self.award}"


class AwardPower(models.Model):
    """Thẩm quyền: a signer level may award this, between two dates."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="powers")
    signer_level = models.CharField("Cấp người ký", max_length=20, choices=SignerLevel.choices)
    valid_from = models.DateField("Từ ngày")
    valid_to = models.DateField("Đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "Thẩm quyền khen thưởng"
        verbose_name_plural = "Thẩm quyền khen thưởng"
        constraints = [
            models.UniqueConstraint(fields=["award", "signer_level", "valid_from"], name="awardpower_unique"),
            models.CheckConstraint(condition=Q(signer_level__in=SignerLevel.values), name="awardpower_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_signer_level_display()}: {self.award_id}"


class AwardSettings(models.Model):
    """An authority's choices: rounding mode, the council's quorum and pass threshold (fractions)."""

    authority = models.OneToOneField(Authority, on_delete=models.CASCADE, related_name="award_settings")
    rounding_mode = models.CharField("Làm tròn tiền thưởng", max_length=10, choices=RoundingMode.choices,
                                     default="ceil")
    quorum_num = models.PositiveSmallIntegerField("Số thành viên dự họp tối thiểu: tử số", default=1)
    quorum_den = models.PositiveSmallIntegerField("mẫu số", default=2)
    quorum_strict = models.BooleanField("Túc số: quá (không tính bằng) tỷ lệ", default=True,
                                        help_text="Bật: cần quá tỷ lệ (quá 1/2); tắt: ít nhất tỷ lệ (ít nhất 2/3).")
    pass_num = models.PositiveSmallIntegerField("Tỷ lệ đồng ý để thông qua: tử số", default=2)
    pass_den = models.PositiveSmallIntegerField("mẫu số", default=3)

    objects = scoped_by("authority")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rounding_mode__in=ROUNDING_MODES), name="awardsettings_rounding_valid"),
            models.CheckConstraint(condition=Q(quorum_den__gt=0) & Q(pass_den__gt=0)
                                   & Q(quorum_num__lte=models.F("quorum_den")) & Q(pass_num__lte=models.F("pass_den")),
                                   name="awardsettings_fractions_valid"),
        ]

    def __str__(self) -> str:
        return f"Thiết lập khen thưởng {self.authority_id}"


def _choices(name: str, labels: dict[str, str]) -> type[models.TextChoices]:
    """TextChoices from a state table of `states` (member names: the values in capitals)."""
    return models.TextChoices(name, [(k.upper(), (k, v)) for k, v in labels.items()])


ProposalStatus = _choices("ProposalStatus", states.STATE_LABELS)
LineStatus = _choices("LineStatus", states.LINE_LABELS)
MeetingStatus = _choices("MeetingStatus", states.MEETING_LABELS)
DecisionStatus = _choices("DecisionStatus", states.DECISION_LABELS)


class Proposal(models.Model):
    """Hồ sơ đề nghị khen thưởng of one unit, for one title or form, with its lines."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name="Đơn vị đề nghị", on_delete=models.PROTECT,
                                     related_name="award_proposals")
    year = models.PositiveIntegerField("Năm thi đua")
    family = models.ForeignKey(AwardFamily, verbose_name="Loại hình", on_delete=models.PROTECT, related_name="+")
    award = models.ForeignKey(Award, verbose_name="Danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+")
    title = CleanCharField("Trích yếu", max_length=250, blank=True)
    summary = CleanTextField("Tóm tắt thành tích", blank=True)
    status = models.CharField("Trạng thái", max_length=12, choices=ProposalStatus.choices, default=states.DRAFT)
    meeting = models.ForeignKey("CouncilMeeting", verbose_name="Phiên họp Hội đồng", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="proposals")
    cycle = models.ForeignKey("emulation.Cycle", verbose_name="Năm thi đua (xếp hạng)", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="award_proposals")
    letter_number = CleanCharField("Số tờ trình của đơn vị", max_length=40, blank=True, default="", db_default="",
                                   help_text="Ví dụ: 05/TTr-THTK")
    letter_date = models.DateField("Ngày tờ trình", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "Hồ sơ đề nghị khen thưởng"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=list(states.STATE_LABELS)), name="proposal_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Đề nghị {self.award.name} – {self.organisation.name} ({self.year})"


class ProposalLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField("Đối tượng", max_length=12, choices=RecipientKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = CleanCharField("Họ tên / tên tập thể", max_length=250)
    position = CleanCharField("Chức vụ", max_length=150, blank=True)
    unit_name = CleanCharField("Đơn vị", max_length=250, blank=True)
    achievement = CleanTextField("Thành tích", blank=True)
    status = models.CharField("Kết quả", max_length=10, choices=LineStatus.choices, default=states.LINE_PROPOSED)
    order = models.PositiveIntegerField(default=0)

    objects = scoped_by("proposal__authority")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RecipientKind.values), name="proposalline_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=LineStatus.values), name="proposalline_status_valid"),
            models.CheckConstraint(condition=~Q(kind="individual") | Q(person__isnull=False),
                                   name="proposalline_individual_has_person"),
            models.UniqueConstraint(fields=["proposal", "person"], condition=Q(person__isnull=False),
                                    name="proposalline_person_once"),
            models.UniqueConstraint(fields=["proposal", "organisation"], condition=Q(kind="collective"),
                                    name="proposalline_collective_once"),
        ]

    def __str__(self) -> str:
        return self.name


class AttachmentKind(models.TextChoices):
    SUBMISSION = "to-trinh", "Tờ trình"
    REPORT = "bao-cao", "Báo cáo thành tích"
    MINUTES = "bien-ban", "Biên bản họp xét ở đơn vị"
    OTHER = "khac", "Tài liệu khác"


ATTACHMENT_KINDS = frozenset({"pdf", "docx", "doc", "xlsx", "jpg", "png"})  # by content (orgs.uploads.sniff)


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("Loại tài liệu", max_length=10, choices=AttachmentKind.choices)
    filename = models.CharField("Tên tệp", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="awards/attachments/", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField()

    objects = scoped_by("proposal__authority")

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=AttachmentKind.values), name="attachment_kind_valid")]

    def __str__(self) -> str:
        return self.filename


class ProposalEvent(models.Model):
    """One transition: who, when, from, to, why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=180)
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    reason = models.TextField(blank=True)

    objects = scoped_by("proposal__authority")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action_label} ({self.actor_name})"

    @property
    def action_label(self) -> str:
        t = states.TRANSITIONS.get(self.action)
        return t.label if t else self.action


class Ballot(models.TextChoices):
    OPEN = "open", "Biểu quyết công khai"
    SECRET = "secret", "Bỏ phiếu kín"


class CouncilMeeting(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("Năm thi đua")
    date = models.DateField("Ngày họp")
    place = models.CharField("Địa điểm", max_length=200, default="Phòng họp Ủy ban nhân dân")
    chair = models.CharField("Chủ trì", max_length=150)
    secretary = models.CharField("Thư ký", max_length=150)
    quorum_num = models.PositiveSmallIntegerField(default=1)
    quorum_den = models.PositiveSmallIntegerField(default=2)
    quorum_strict = models.BooleanField(default=True)  # the regulation as recorded: more than (True) or at least
    pass_num = models.PositiveSmallIntegerField(default=2)
    pass_den = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=8, choices=MeetingStatus.choices, default=states.MEETING_OPEN)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Phiên họp Hội đồng"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
            models.CheckConstraint(condition=Q(quorum_den__gt=0) & Q(pass_den__gt=0), name="meeting_fractions_valid"),
        ]

    def __str__(self) -> str:
        return f"Phiên họp Hội đồng ngày {self.date:%d/%m/%Y}"

    @property
    def members_count(self) -> int:
        return self.roll()[0]

    @property
    def present_count(self) -> int:
        return self.roll()[1]

    @property
    def quorum_ratio(self) -> Fraction:
        return Fraction(self.quorum_num, self.quorum_den)

    @property
    def quorum_rule_text(self) -> str:
        """The regulation recorded with the meeting, e.g. "quá 1/2"."""
        return council.quorum_text(self.quorum_ratio, self.quorum_strict)

    def roll(self) -> tuple[int, int]:
        """(members, present), each member once."""
        return council.roll(self.members.values_list("name", "present"))

    def has_quorum(self) -> bool:
        members, present = self.roll()
        return members > 0 and council.quorum_met(present, members, self.quorum_ratio, self.quorum_strict)

    def quorum_reason(self) -> str:
        members, present = self.roll()
        return council.quorum_reason(present, members, self.quorum_ratio, self.quorum_strict)


class CouncilMember(models.Model):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("Họ và tên", max_length=150)
    role = models.CharField("Chức danh trong Hội đồng", max_length=150, blank=True)
    present = models.BooleanField("Có mặt", default=True)
    name_key = models.CharField(max_length=150, editable=False, default="")  # council.member_key(name)

    objects = scoped_by("meeting__authority")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name_key"], name="councilmember_once")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self) -> CouncilMember:
        """The key a member is counted once by; `bulk_create` skips save(), so callers run this first."""
        self.name_key = council.member_key(self.name)
        return self


class CouncilVote(models.Model):
    """The tally for one candidate (a proposal line) at one meeting."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="votes")
    line = models.ForeignKey(ProposalLine, on_delete=models.CASCADE, related_name="votes")
    ballot = models.CharField(max_length=8, choices=Ballot.choices, default="open")
    yes = models.PositiveSmallIntegerField("Đồng ý", default=0)
    no = models.PositiveSmallIntegerField("Không đồng ý", default=0)
    abstain = models.PositiveSmallIntegerField("Không biểu quyết", default=0)
    passed = models.BooleanField(default=False)

    objects = scoped_by("meeting__authority")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "line"], name="councilvote_once"),
            models.CheckConstraint(condition=Q(ballot__in=Ballot.values), name="councilvote_ballot_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.yes}/{self.no}/{self.abstain}"


class Decision(models.Model):
    """Quyết định khen thưởng: one title or form, its signer, and the lines of its attached list."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("Năm thi đua")
    number = models.PositiveIntegerField("Số", null=True, blank=True)
    code = CleanCharField("Ký hiệu", max_length=40, default="QĐ-UBND")
    date = models.DateField("Ngày quyết định")
    number_year = models.PositiveIntegerField(editable=False, default=0)
    award = models.ForeignKey(Award, verbose_name="Danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+")
    signer_level = models.CharField("Cấp người ký", max_length=20, choices=SignerLevel.choices)
    signer = models.ForeignKey(Signer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signer_prefix = CleanCharField("Thẩm quyền ký", max_length=80, blank=True)
    signer_title = CleanCharField("Chức vụ người ký", max_length=80)
    signer_name = CleanCharField("Người ký", max_length=120)
    issuer = CleanCharField("Người, cơ quan quyết định", max_length=200)
    reason = CleanCharField("Thành tích (lý do khen)", max_length=300)
    proposed_by = CleanCharField("Theo đề nghị của", max_length=300, blank=True)
    submission_number = CleanCharField("Số tờ trình đề nghị", max_length=40, blank=True, default="", db_default="",
                                       help_text="Ví dụ: 12/TTr-NV")
    submission_date = models.DateField("Ngày tờ trình đề nghị", null=True, blank=True)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    base_salary = models.PositiveIntegerField("Lương cơ sở áp dụng")
    rounding_mode = models.CharField(max_length=10, choices=RoundingMode.choices, default="ceil")
    status = models.CharField("Trạng thái", max_length=8, choices=DecisionStatus.choices, default=states.DECISION_DRAFT)
    created_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Quyết định khen thưởng"
        verbose_name_plural = "Quyết định khen thưởng"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"),
            models.CheckConstraint(condition=Q(signer_level__in=SignerLevel.values), name="decision_signer_level_valid"),
            models.CheckConstraint(condition=Q(rounding_mode__in=ROUNDING_MODES), name="decision_rounding_valid"),
            models.CheckConstraint(condition=~Q(status=states.DECISION_ISSUED) | Q(number__isnull=False),
                                   name="decision_issued_has_number"),
            # a number is unique per issuer (its signer level): the province's 120/QĐ-UBND recorded at a
            # commune beside the commune's own 120/QĐ-UBND of the same year (#19)
            models.UniqueConstraint(fields=["authority", "signer_level", "code", "number", "number_year"],
                                    condition=Q(number__isnull=False), name="decision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Quyết định {self.number_text} – {self.award.name}"

    def save(self, *args, **kwargs):
        self.number_year = self.date.year
        super().save(*args, **kwargs)

    @property
    def number_text(self) -> str:
        return document_number(self.number, self.code)


class DecisionLine(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField("Đối tượng", max_length=12, choices=RecipientKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="award_lines")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="award_lines", help_text="Tập thể được khen, hoặc đơn vị của cá nhân")
    name = CleanCharField("Họ tên / tên tập thể", max_length=250)
    position = CleanCharField("Chức vụ", max_length=150, blank=True)
    unit_name = CleanCharField("Đơn vị", max_length=250, blank=True)
    coefficient = models.DecimalField("Hệ số", max_digits=5, decimal_places=2)
    amount = models.PositiveIntegerField("Tiền thưởng (đồng)")
    proposal_line = models.ForeignKey(ProposalLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name_fold = models.CharField(max_length=400, editable=False, db_index=True, default="")
    order = models.PositiveIntegerField(default=0)

    objects = scoped_by("decision__authority")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RecipientKind.values), name="decisionline_kind_valid"),
            models.UniqueConstraint(fields=["decision", "person"], condition=Q(person__isnull=False),
                                    name="decisionline_person_once"),
            models.UniqueConstraint(fields=["decision", "organisation"], condition=Q(kind="collective"),
                                    name="decisionline_collective_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self) -> DecisionLine:
        """The search key; `bulk_create` skips save(), so callers run this first."""
        self.name_fold = normalise.fold(normalise.clean_text(f"{self.name} {self.unit_name}"))
        return self


class CertificateBlank(models.Model):
    """A pre-printed blank (phôi): page size and where each field goes, in millimetres."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Tên phôi", max_length=120)
    award = models.ForeignKey(Award, verbose_name="Dùng cho", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    width_mm = models.DecimalField("Chiều rộng (mm)", max_digits=6, decimal_places=1, default=297)
    height_mm = models.DecimalField("Chiều cao (mm)", max_digits=6, decimal_places=1, default=210)
    fields = models.JSONField("Vị trí các ô", default=dict)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Phôi bằng khen, giấy khen"
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=Q(width_mm__gt=0) & Q(height_mm__gt=0),
                                              name="blank_size_positive")]

    def __str__(self) -> str:
        return self.name
