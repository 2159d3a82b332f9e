"""Conference preparation: the plan (Kế hoạch) of an event as structured data, the tasks it assigns to
units, the conference materials and their review, and the budget (dự trù kinh phí).

Everything hangs off an `events.Event`; rows carry the authority directly so that django-scopes can
scope them without long joins. States are text fields with CHECK constraints; the allowed moves are
in `states.py`.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from thidua import clock
from thidua.events.models import Event
from thidua.orgs.modelkit import CleanCharField, CleanTextField, scoped_by
from thidua.orgs.models import Authority, Organisation, OrgKind, Signer, User
from thidua.orgs.outbox import Mail, MailStatus
from thidua.vn import normalise

from .states import BUDGET_LABELS, MATERIAL_LABELS, PLAN_LABELS, TASK_LABELS

# --- the plan --------------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", PLAN_LABELS["draft"]
    ISSUED = "issued", PLAN_LABELS["issued"]


class Plan(models.Model):
    """The Kế hoạch of one conference, as the official writes it (slips included until checked)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="logistics_plan")
    number_code = CleanCharField("Số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 35/KH-UBND; để trống "
                                   "nếu chưa cấp số.")
    issue_date = models.DateField("Ngày ban hành", null=True, blank=True)
    place_name = CleanCharField("Địa danh ghi ngày tháng", max_length=80)
    summary = CleanTextField("Trích yếu")
    legal_bases = CleanTextField("Căn cứ (mỗi dòng một căn cứ)", blank=True)
    preamble = CleanTextField("Đoạn mở đầu", blank=True)
    purposes = CleanTextField("Mục đích, yêu cầu (mỗi dòng một ý, tự đánh số)", blank=True)
    contents = CleanTextField("Nội dung (mỗi dòng một gạch đầu dòng)", blank=True)
    time_text = CleanCharField("Thời gian", max_length=300, blank=True)
    place_text = CleanCharField("Địa điểm", max_length=300, blank=True)
    delegates_total = models.PositiveIntegerField("Tổng số đại biểu", null=True, blank=True)
    composition = CleanTextField(
        "Thành phần tham dự", blank=True,
        help_text="Dòng “a) …” là nhóm; “* …” là tiêu đề in đậm; “- …” là gạch đầu dòng. Để trống thì lấy từ "
                  "thành phần đại biểu của hội nghị.")
    backdrop_title = CleanCharField("Tiêu đề maket", max_length=120, blank=True)
    backdrop_lines = CleanTextField("Nội dung maket trang trí (mỗi dòng một dòng chữ)", blank=True)
    backdrop_after_item = models.PositiveSmallIntegerField("In maket sau điểm", null=True, blank=True)
    talks_count = models.PositiveSmallIntegerField("Số tập thể báo cáo tham luận", null=True, blank=True)
    talks_text = CleanTextField("Phân công tham luận", blank=True)
    talks_note = CleanTextField("Lưu ý về tham luận", blank=True)
    talks_deadline = models.DateField("Hạn gửi bài tham luận", null=True, blank=True)
    talk_minutes_min = models.PositiveSmallIntegerField("Thời lượng tham luận từ (phút)", default=5)
    talk_minutes_max = models.PositiveSmallIntegerField("đến (phút)", default=7)
    covenant_deadline = models.DateField("Hạn nộp bản ký kết giao ước", null=True, blank=True)
    agenda_minutes = models.PositiveIntegerField("Thời lượng chương trình dự kiến (phút)", null=True, blank=True)
    closing = CleanTextField("Đoạn kết", blank=True)
    distribution = CleanTextField("Nơi nhận (mỗi dòng một nơi)", blank=True)
    signer = models.ForeignKey(Signer, verbose_name="Người ký", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    status = models.CharField("Trạng thái", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Kế hoạch tổ chức hội nghị"
        verbose_name_plural = "Kế hoạch tổ chức hội nghị"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in PlanStatus]), name="logistics_plan_status"),
            models.CheckConstraint(condition=Q(talk_minutes_min__lte=models.F("talk_minutes_max")),
                                   name="logistics_plan_talk_minutes"),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch {self.event.title}" if self.event_id else "Kế hoạch"


class SectionKind(models.TextChoices):
    PURPOSES = "purposes", "Mục đích, yêu cầu"
    CONTENTS = "contents", "Nội dung"
    TIME_PLACE = "time_place", "Thời gian, địa điểm, thành phần"
    IMPLEMENTATION = "implementation", "Tổ chức thực hiện (phân công)"
    BUDGET = "budget", "Kinh phí"
    TALKS = "talks", "Phân công tham luận"
    OTHER = "other", "Khác"


class PlanSection(models.Model):
    """A numbered section of the plan; the numeral is kept as written so that a gap can be found."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("Thứ tự")
    numeral = CleanCharField("Số mục", max_length=8)
    title = CleanCharField("Tên mục", max_length=200)
    kind = models.CharField("Loại", max_length=20, choices=SectionKind.choices)
    text = CleanTextField("Nội dung (mục khác)", blank=True)

    objects = scoped_by("plan__authority")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="logistics_section_position_unique"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in SectionKind]), name="logistics_section_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.numeral}. {self.title}"

    def save(self, *args, **kwargs):
        self.numeral = normalise.clean_text(self.numeral).rstrip(".").upper()
        super().save(*args, **kwargs)


class PlanAssignment(models.Model):
    """One numbered point of section IV: a lead unit (or the kinds of unit it addresses), supporting
    units, the duties and a deadline (or "by the conference day")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    number = models.PositiveSmallIntegerField("Điểm số")
    lead_unit = models.ForeignKey(Organisation, verbose_name="Đơn vị chủ trì", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    heading = CleanCharField("Tiêu đề", max_length=250, blank=True,
                               help_text="Để trống thì in tên đơn vị chủ trì.")
    unit_kinds = models.JSONField("Giao cho mọi đơn vị thuộc loại", default=list, blank=True)
    supporting_units = models.ManyToManyField(Organisation, verbose_name="Đơn vị phối hợp", blank=True,
                                              related_name="+")
    duties = CleanTextField("Nhiệm vụ (mỗi dòng một việc)")
    deadline = models.DateField("Thời hạn", null=True, blank=True)
    deadline_by_event = models.BooleanField("Hạn là trước ngày hội nghị", default=False)

    objects = scoped_by("plan__authority")

    class Meta:
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"

    @property
    def unit_kinds_text(self) -> str:
        return ", ".join(str(OrgKind(k).label).lower() for k in self.unit_kinds if k in OrgKind.values)

    @property
    def label(self) -> str:
        if self.heading:
            return self.heading
        return self.lead_unit.name if self.lead_unit_id else "(chưa có đơn vị)"


# --- tasks ----------------------------------------------------------------------------------------


class TaskStatus(models.TextChoices):
    TODO = "todo", TASK_LABELS["todo"]
    IN_PROGRESS = "in_progress", TASK_LABELS["in_progress"]
    DONE = "done", TASK_LABELS["done"]
    CANCELLED = "cancelled", TASK_LABELS["cancelled"]


class Task(models.Model):
    """A task of one unit for the conference, usually made from a point of the plan's section IV."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="logistics_tasks")
    assignment = models.ForeignKey(PlanAssignment, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="tasks")
    organisation = models.ForeignKey(Organisation, verbose_name="Đơn vị thực hiện", on_delete=models.PROTECT,
                                     related_name="logistics_tasks")
    supporting_units = models.ManyToManyField(Organisation, verbose_name="Đơn vị phối hợp", blank=True,
                                              related_name="+")
    title = CleanCharField("Nhiệm vụ", max_length=300)
    description = CleanTextField("Chi tiết", blank=True)
    deadline = models.DateField("Thời hạn")
    status = models.CharField("Trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.TODO)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Nhiệm vụ"
        verbose_name_plural = "Nhiệm vụ"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in TaskStatus]), name="logistics_task_status"),
            models.CheckConstraint(condition=~Q(title=""), name="logistics_task_title"),
        ]
        indexes = [models.Index(fields=["event", "status", "deadline"])]

    def __str__(self) -> str:
        return self.title


class TaskNote(models.Model):
    """A note on a task, or the record of a status change (who, when, why)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=180, blank=True)
    at = models.DateTimeField()
    text = models.TextField()
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)

    objects = scoped_by("task__authority")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


def stored_file_name(instance: StoredFile, filename: str) -> str:
    """logistics/<authority>/<yyyymm>/<random>.<kind>: the user's file name is kept in `original_name`."""
    return f"logistics/{instance.authority_id}/{clock.today():%Y%m}/{uuid.uuid4().hex}.{instance.kind}"


class StoredFile(models.Model):
    """Bytes uploaded by a user, kept in the default storage (outside the static root) and served only
    through a permission-checked view (`views.file_download`)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    content = models.FileField(upload_to=stored_file_name, max_length=300)
    original_name = models.CharField(max_length=250)
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=10)  # pdf, docx, doc, xlsx, png, jpg…
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField()

    objects = scoped_by("authority")

    def __str__(self) -> str:
        return self.original_name


class TaskFile(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="+")

    objects = scoped_by("task__authority")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.file)


# --- materials ------------------------------------------------------------------------------------


class MaterialKind(models.TextChoices):
    REPORT = "report", "Báo cáo tổng kết"
    PROGRAM = "program", "Chương trình hội nghị"
    OPENING = "opening", "Bài phát biểu khai mạc"
    CLOSING = "closing", "Bài phát biểu bế mạc"
    NEXT_PLAN = "next_plan", "Kế hoạch công tác thi đua, khen thưởng năm sau"
    LAUNCH = "launch", "Bài phát động thi đua"
    COVENANT = "covenant", "Nội dung ký kết giao ước thi đua"
    AWARDS = "awards", "Danh sách khen thưởng"
    TALK = "talk", "Bài tham luận"
    OTHER = "other", "Tài liệu khác"


class MaterialStatus(models.TextChoices):
    DRAFT = "draft", MATERIAL_LABELS["draft"]
    IN_REVIEW = "in_review", MATERIAL_LABELS["in_review"]
    RETURNED = "returned", MATERIAL_LABELS["returned"]
    APPROVED = "approved", MATERIAL_LABELS["approved"]


class Material(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="logistics_materials")
    kind = models.CharField("Loại tài liệu", max_length=12, choices=MaterialKind.choices)
    title = CleanCharField("Tên tài liệu", max_length=300)
    organisation = models.ForeignKey(Organisation, verbose_name="Đơn vị soạn thảo", on_delete=models.PROTECT,
                                     related_name="logistics_materials")
    reviewer = models.ForeignKey(User, verbose_name="Người thẩm định", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    copies = models.PositiveIntegerField("Số bản in", default=0)
    position = models.PositiveSmallIntegerField("Thứ tự trong bộ tài liệu", default=0)
    status = models.CharField("Trạng thái", max_length=10, choices=MaterialStatus.choices,
                              default=MaterialStatus.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Tài liệu hội nghị"
        verbose_name_plural = "Tài liệu hội nghị"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in MaterialStatus]),
                                   name="logistics_material_status"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in MaterialKind]),
                                   name="logistics_material_kind"),
            models.CheckConstraint(condition=Q(copies__lte=100000), name="logistics_material_copies"),
        ]

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    objects = scoped_by("material__authority")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="logistics_version_unique")]

    def __str__(self) -> str:
        return f"Bản {self.number}"


class MaterialComment(models.Model):
    """A review comment, or the record of a state change (who, when, why)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(MaterialVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=180, blank=True)
    at = models.DateTimeField()
    text = models.TextField(blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)

    objects = scoped_by("material__authority")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


# --- budget -----------------------------------------------------------------------------------------


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", BUDGET_LABELS["draft"]
    SUBMITTED = "submitted", BUDGET_LABELS["submitted"]
    APPROVED = "approved", BUDGET_LABELS["approved"]


class Budget(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="logistics_budget")
    finance_unit = models.ForeignKey(Organisation, verbose_name="Đơn vị thẩm định kinh phí", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    prize_from_fund = models.BooleanField("Tiền thưởng chi từ Quỹ thi đua, khen thưởng", default=True)
    prize_date_from = models.DateField("Tính tiền thưởng của quyết định từ ngày", null=True, blank=True)
    prize_date_to = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField("Trạng thái", max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField("Ý kiến thẩm định", max_length=300, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Dự trù kinh phí"
        verbose_name_plural = "Dự trù kinh phí"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in BudgetStatus]),
                                   name="logistics_budget_status"),
        ]

    def __str__(self) -> str:
        return f"Dự trù kinh phí {self.event.title}" if self.event_id else "Dự trù kinh phí"


class BudgetBasis(models.TextChoices):
    FIXED = "fixed", "Số lượng cố định"
    PER_DELEGATE = "per_delegate", "Theo số đại biểu"
    PRIZE = "prize", "Tiền thưởng theo quyết định khen thưởng"


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    group = models.CharField("Nhóm", max_length=20)
    item = CleanCharField("Nội dung chi", max_length=250)
    unit = CleanCharField("Đơn vị tính", max_length=40, blank=True)
    basis = models.CharField("Cách tính số lượng", max_length=14, choices=BudgetBasis.choices,
                             default=BudgetBasis.FIXED)
    quantity = models.DecimalField("Số lượng", max_digits=12, decimal_places=2, default=0)
    per_delegate = models.DecimalField("Số lượng mỗi đại biểu", max_digits=8, decimal_places=2, default=0)
    unit_price = models.BigIntegerField("Đơn giá (đồng)", default=0)
    note = CleanCharField("Ghi chú", max_length=250, blank=True)

    objects = scoped_by("budget__authority")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(per_delegate__gte=0) & Q(unit_price__gte=0),
                                   name="logistics_budget_line_not_negative"),
            models.CheckConstraint(condition=Q(basis__in=[b.value for b in BudgetBasis]),
                                   name="logistics_budget_line_basis"),
        ]

    def __str__(self) -> str:
        return self.item


class SpendingNorm(models.Model):
    """The authority's spending norm for a budget group, per delegate (e.g. refreshments 40.000 đồng
    per delegate per half-day session). Exceeding it is a warning, not a refusal."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    group = models.CharField("Nhóm", max_length=20)
    limit_per_delegate = models.BigIntegerField("Mức chi tối đa mỗi đại biểu (đồng)")
    basis_text = models.CharField("Căn cứ", max_length=250, blank=True)

    objects = scoped_by("authority")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "group"], name="logistics_norm_unique"),
            models.CheckConstraint(condition=Q(limit_per_delegate__gte=0), name="logistics_norm_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.limit_per_delegate}"


# --- reminder outbox ----------------------------------------------------------------------------------


class TaskMail(Mail):
    """A reminder e-mail about a task due soon or late, drafted by the system; a person reads and
    approves it before it is sent (`thidua.orgs.outbox`)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="logistics_mails")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="mails")

    objects = scoped_by("authority")

    class Meta(Mail.Meta):
        verbose_name = "Thư nhắc việc"
        verbose_name_plural = "Hộp thư nhắc việc"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in MailStatus]),
                                   name="logistics_mail_status"),
            models.UniqueConstraint(fields=["task"], condition=Q(status="draft"), name="logistics_mail_one_draft"),
        ]
