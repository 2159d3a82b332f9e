"""Organising authorities, their organisation tree, people, accounts with roles, the audit log
and background jobs.

Every row of unit data belongs to one authority. Managers marked `scoped` refuse to run a query
unless a scope is active (django-scopes): the web middleware activates the user's authority, a
CLI command or a task activates the one it works for. A query that forgets the scope fails
loudly instead of leaking another authority's rows.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thidua import clock
from thidua.vn import normalise
from thidua.vn.numbering import document_number
from thidua.vn.people import display_name, salutation

from .modelkit import CleanCharField, CleanTextField, scoped_by


class AuthorityLevel(models.TextChoices):
    PROVINCE = "tinh", "Cấp tỉnh"
    DISTRICT = "huyen", "Cấp huyện (đến 30/6/2025)"
    COMMUNE = "xa", "Cấp xã (xã, phường, đặc khu)"
    DEPARTMENT = "so", "Sở, ban, ngành"
    SECTOR = "nganh", "Ngành, đơn vị khác"


class Authority(models.Model):
    """The organising body: runs the cycle, signs awards, holds the conference."""

    IS_AUTHORITY = True  # modelkit.authority_of: an authority is its own

    code = models.SlugField("Mã", max_length=40, unique=True)
    name = CleanCharField("Tên đầy đủ", max_length=200, help_text="Ví dụ: Ủy ban nhân dân huyện Hớn Quản")
    short_name = CleanCharField("Tên viết tắt", max_length=120, help_text="Ví dụ: UBND huyện Hớn Quản")
    level = models.CharField("Cấp", max_length=10, choices=AuthorityLevel.choices)
    parent_line = CleanCharField(
        "Tên cơ quan chủ quản (dòng trên)", max_length=200, blank=True,
        help_text="Dòng trên tên cơ quan ở góc trái văn bản; để trống với UBND.",
    )
    header_name = CleanCharField(
        "Tên cơ quan trên văn bản", max_length=200, multiline=True,
        help_text="Có thể xuống dòng, ví dụ: ỦY BAN NHÂN DÂN⏎HUYỆN HỚN QUẢN",
    )
    place_name = CleanCharField("Địa danh ghi ngày tháng", max_length=80, help_text="Ví dụ: Hớn Quản")
    doc_code = CleanCharField("Chữ viết tắt tên cơ quan trong số, ký hiệu", max_length=30, default="UBND")
    collective_name = CleanCharField(
        "Tên tập thể lãnh đạo (ký thay mặt)", max_length=120, default="ỦY BAN NHÂN DÂN",
        help_text="Dùng trong dòng 'TM. ỦY BAN NHÂN DÂN'.",
    )
    province_name = CleanCharField("Tỉnh", max_length=80, blank=True)
    locality = CleanCharField(  # db_default: rows written by code from before this column still insert
        "Tên địa phương", max_length=120, blank=True, default="", db_default="",
        help_text="Ghi kèm tên đơn vị khi văn bản của cấp khác nhắc đến, ví dụ: huyện Hớn Quản, xã Tân Lợi.",
    )
    valid_from = models.DateField("Hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("Hoạt động đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name="Cơ quan kế thừa", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    parent = models.ForeignKey(  # the tree of #19: a province over its departments and communes
        "self", verbose_name="Cơ quan cấp trên", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
        help_text="Cơ quan nhận hồ sơ đề nghị khen thưởng cấp trên; để trống với cấp tỉnh.",
    )

    class Meta:
        verbose_name = "Cơ quan tổ chức"
        verbose_name_plural = "Cơ quan tổ chức"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="authority_valid_range",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="authority_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def header_lines(self) -> list[str]:
        return [line for line in self.header_name.splitlines() if line.strip()]


class Signer(models.Model):
    """A person who signs the authority's documents, with the title they sign under."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="signers")
    name = CleanCharField("Họ và tên", max_length=120)
    prefix = CleanCharField(
        "Thẩm quyền ký", max_length=80, blank=True,
        help_text="TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, Q. CHỦ TỊCH, TL. CHỦ TỊCH, TUQ. CHỦ TỊCH…",
    )
    title = CleanCharField("Chức vụ ký", max_length=80, help_text="CHỦ TỊCH, PHÓ CHỦ TỊCH…")
    is_chair = models.BooleanField("Là người đứng đầu", default=False)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)
    valid_from = models.DateField("Từ ngày", null=True, blank=True)
    valid_to = models.DateField("Đến ngày", null=True, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Người ký"
        verbose_name_plural = "Người ký"
        ordering = ["display_order", "id"]

    def __str__(self) -> str:
        return f"{self.prefix} {self.title} – {self.name}".strip()

    def save(self, *args, **kwargs):
        self.prefix = (self.prefix or "").upper()
        self.title = (self.title or "").upper()
        super().save(*args, **kwargs)


class Office(models.Model):
    """One of the authority's own offices (Sở Nội vụ, Văn phòng HĐND và UBND, Phòng Văn hóa - Xã hội…) and
    its part in the paperwork: who proposes awards, who pays, who is named in the executing article, who
    receives a copy. Nothing in the code names an office: documents read these rows (orgs.wording)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="offices")
    name = CleanCharField("Tên cơ quan, phòng", max_length=160, help_text="Ví dụ: Sở Nội vụ; Phòng Văn hóa - Xã hội")
    head_title = CleanCharField("Chức danh người đứng đầu", max_length=60,
                                help_text="Giám đốc, Trưởng phòng, Chánh Văn phòng…")
    short_code = CleanCharField("Chữ viết tắt (dòng Lưu)", max_length=20, blank=True, help_text="Ví dụ: NV, VHXH")
    is_chief_office = models.BooleanField("Văn phòng của cơ quan", default=False)
    proposes = models.BooleanField("Tham mưu thi đua, khen thưởng (trình)", default=False)
    pays = models.BooleanField("Chi tiền thưởng (tài chính)", default=False)
    executes = models.BooleanField("Có tên ở điều thi hành", default=False)
    receives = models.BooleanField("Nhận văn bản (nơi nhận)", default=False)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Cơ quan tham mưu"
        verbose_name_plural = "Cơ quan tham mưu"
        ordering = ["display_order", "id"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="office_name_unique")]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    """A "Căn cứ …" line the authority's documents cite: a law or decree with its date, or the authority's
    own regulation; for some kinds of document or all, within the dates it is in force."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="legal_bases")
    text = CleanCharField("Văn bản căn cứ", max_length=400,
                          help_text="Không ghi chữ “Căn cứ”, ví dụ: Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022")
    kinds = CleanCharField("Dùng cho loại văn bản", max_length=200, blank=True,
                           help_text="Mã loại, cách nhau bởi dấu phẩy; để trống là mọi văn bản.")
    valid_from = models.DateField("Áp dụng từ", null=True, blank=True)
    valid_to = models.DateField("Áp dụng đến", null=True, blank=True)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Căn cứ pháp lý"
        verbose_name_plural = "Căn cứ pháp lý"
        ordering = ["display_order", "id"]

    def __str__(self) -> str:
        return self.text


class OrgKind(models.TextChoices):
    PARTY = "dang", "Cơ quan Đảng"
    DEPARTMENT = "phong", "Phòng, ban chuyên môn"
    MASS_ORG = "doan_the", "Mặt trận, đoàn thể"
    PUBLIC_SERVICE = "su_nghiep", "Đơn vị sự nghiệp"
    SCHOOL = "truong", "Trường học"
    VERTICAL = "nganh_doc", "Đơn vị ngành dọc"
    COMMUNE = "xa", "Xã, phường, thị trấn"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
    OTHER = "khac", "Khác"


class Organisation(models.Model):
    """A participating unit (cơ quan, đơn vị, địa phương). Units are merged and renamed: a unit
    that stops existing keeps its rows, gets `valid_to` and points at the unit it merged into."""

    IS_UNIT = True  # modelkit.unit_of: a unit is its own

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey(
        "self", verbose_name="Đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = CleanCharField("Mã đơn vị", max_length=40)
    name = CleanCharField("Tên đơn vị", max_length=200)
    short_name = CleanCharField("Tên ngắn", max_length=100, blank=True)
    kind = models.CharField("Loại", max_length=20, choices=OrgKind.choices, default=OrgKind.OTHER)
    display_order = models.PositiveIntegerField("Thứ tự hiển thị", default=0)
    address = CleanCharField("Địa chỉ", max_length=250, blank=True)
    phone = models.CharField("Điện thoại", max_length=40, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    valid_from = models.DateField("Hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("Hoạt động đến", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="Sáp nhập vào", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    stands_for = models.ForeignKey(  # a commune or department listed among a province's units (#19)
        Authority, verbose_name="Là cơ quan tổ chức", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Đơn vị này cũng tự tổ chức thi đua, khen thưởng trong hệ thống (xã, sở…).",
    )
    name_fold = models.CharField(max_length=300, editable=False, db_index=True, default="")

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["display_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "code"], name="organisation_code_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organisation_valid_range",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="organisation_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_fold = normalise.fold(normalise.clean_text(f"{self.name} {self.short_name} {self.code}"))
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"
    UNKNOWN = "", "Chưa rõ"


class Person(models.Model):
    """A person of a unit: names stored apart so that lists sort by given name, then middle, then family."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="people")
    organisation = models.ForeignKey(
        Organisation, verbose_name="Đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    family_name = CleanCharField("Họ", max_length=40, blank=True)
    middle_name = CleanCharField("Tên đệm", max_length=80, blank=True)
    given_name = CleanCharField("Tên", max_length=40)
    full_name = models.CharField("Họ và tên", max_length=180, editable=False)
    gender = models.CharField("Giới tính", max_length=1, choices=Gender.choices, blank=True, default="")
    position = CleanCharField("Chức vụ", max_length=150, blank=True)
    phone = CleanCharField("Điện thoại", max_length=40, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    birth_date = models.DateField("Ngày sinh", null=True, blank=True)
    active = models.BooleanField("Đang công tác", default=True)
    name_fold = models.CharField(max_length=300, editable=False, db_index=True, default="")

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Cá nhân"
        verbose_name_plural = "Cá nhân"
        constraints = [
            models.CheckConstraint(condition=~Q(given_name=""), name="person_given_name_required"),
            models.CheckConstraint(condition=Q(gender__in=["M", "F", ""]), name="person_gender_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self) -> None:
        """Derive the display name and search key (also for bulk_create); the name fields clean themselves."""
        self.full_name = display_name(self.family_name, self.middle_name, self.given_name)
        unit = self.organisation.name if self.organisation_id else ""
        self.name_fold = normalise.fold(normalise.clean_text(f"{self.full_name} {self.position} {unit}"))

    @property
    def salutation(self) -> str:
        return salutation(self.gender)


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    SECRETARIAT = "secretariat", "Thường trực Hội đồng TĐKT"
    REVIEWER = "reviewer", "Thẩm định (Văn phòng)"
    UNIT_OFFICER = "unit_officer", "Cán bộ phụ trách TĐKT đơn vị"
    RECEPTION = "reception", "Đón tiếp (điểm danh)"
    LEADER = "leader", "Lãnh đạo (xem báo cáo)"


class ThiduaUserManager(UserManager):
    pass


class User(AbstractUser):
    """An account. One role; a unit officer is bound to one unit and sees only its data."""

    authority = models.ForeignKey(
        Authority, verbose_name="Cơ quan", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices, default=Role.LEADER)
    unit = models.ForeignKey(
        Organisation, verbose_name="Đơn vị phụ trách", null=True, blank=True, on_delete=models.PROTECT,
        related_name="officers",
    )
    full_name = CleanCharField("Họ và tên", max_length=180, blank=True)
    must_change_password = models.BooleanField(
        "Phải đổi mật khẩu", default=False,
        help_text="Mật khẩu tạm do quản trị đặt lại: chỉ vào được trang đổi mật khẩu cho đến khi đổi.")

    objects = ThiduaUserManager()

    class Meta:
        verbose_name = "Tài khoản"
        verbose_name_plural = "Tài khoản"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="unit_officer") | Q(unit__isnull=False), name="user_unit_officer_has_unit"
            ),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display(self) -> str:
        return self.full_name or self.username


class AuditLog(models.Model):
    """One row per write: who, when, what, and the values before and after."""

    authority = models.ForeignKey(Authority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=180, blank=True)
    at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=250, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Nhật ký thao tác"
        verbose_name_plural = "Nhật ký thao tác"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @property
    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field, before, after) rows; a method, because a template's `changes.items` would pick a
        changed field that happens to be called "items"."""
        return [(k, v[0], v[1]) if isinstance(v, list | tuple) and len(v) == 2 else (k, None, v)
                for k, v in (self.changes or {}).items()]


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


def job_result_name(job: Job, filename: str) -> str:
    """Where a job's result is stored: jobs/<id>/<name> in the private storage."""
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    """Long work started from a page (bulk PDFs, imports, exports): its progress and its result file."""

    authority = models.ForeignKey(Authority, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=250, blank=True)
    result_path = models.FileField(upload_to=job_result_name, max_length=300, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The running worker writes this every few seconds (orgs.runner.Heartbeat); a running job whose
    # heartbeat is older than JOB_STALE_SECONDS lost its worker (orgs.jobs.reap_stale).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The records a finished job could not make, each {"record": "…", "reason": "…"}: one bad record
    # never fails the whole run; the job page lists these.
    skipped = models.JSONField(default=list, blank=True)

    objects = scoped_by("authority")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in JobStatus]), name="job_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def lost(self) -> bool:
        """Shown as running, but its worker stopped reporting JOB_STALE_SECONDS ago (killed, the machine
        restarted). Derived here for the pages; the worker's housekeeping records it (orgs.jobs.reap_stale)."""
        return (self.status == JobStatus.RUNNING and self.heartbeat_at is not None
                and self.heartbeat_at < clock.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS))

    @property
    def lost_reason(self) -> str:
        seen = timezone.localtime(self.heartbeat_at).strftime("%H:%M:%S %d/%m/%Y") if self.heartbeat_at else "?"
        return (f"Tiến trình xử lý nền đã dừng khi đang làm việc này (báo lần cuối lúc {seen}); "
                "phần đã làm dở đã được xoá. Bấm “Chạy lại”.")

    @property
    def failed(self) -> bool:
        return self.status == JobStatus.FAILED or self.lost

    @property
    def status_text(self) -> str:
        """What the job pages say: "Lỗi: …" for a job whose worker vanished, even before it is recorded."""
        if self.lost:
            return f"{JobStatus.FAILED.label}: {self.lost_reason}"
        return f"{self.get_status_display()}: {self.message}" if self.message else self.get_status_display()

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class RegisterState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


def register_file_name(entry: RegisterEntry, filename: str) -> str:
    return f"register/{entry.authority_id}/{entry.pk}/{filename}"


class RegisterEntry(models.Model):
    """A document of the authority, from draft to issue: while a draft, its text (the `paperwork` model as
    JSON) can be edited; issuing takes the next number of the outgoing register (sổ văn bản đi) for its
    year and freezes the text and the files. A signed copy uploaded later is kept beside them."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="register")
    source = models.CharField("Nguồn", max_length=80)  # "awards.decision:12", one draft per source
    kind = models.CharField("Loại văn bản", max_length=40)  # "decision", "submission", "plan", "letter"…
    kind_name = CleanCharField("Tên loại", max_length=60)
    state = models.CharField("Trạng thái", max_length=8, choices=RegisterState.choices, default=RegisterState.DRAFT)
    year = models.PositiveIntegerField("Năm", null=True, blank=True)
    number = models.PositiveIntegerField("Số", null=True, blank=True)
    symbol = CleanCharField("Ký hiệu", max_length=40, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    summary = CleanCharField("Trích yếu", max_length=400, blank=True)
    signer_name = CleanCharField("Người ký", max_length=120, blank=True)
    recipients = CleanTextField("Nơi nhận", blank=True)
    content = models.JSONField("Nội dung", default=dict)
    edited = models.BooleanField(default=False)
    pdf = models.FileField(upload_to=register_file_name, max_length=300, blank=True)
    docx = models.FileField(upload_to=register_file_name, max_length=300, blank=True)
    signed = models.FileField(upload_to=register_file_name, max_length=300, blank=True)
    signed_info = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Văn bản đi"
        verbose_name_plural = "Sổ văn bản đi"
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=RegisterState.values), name="register_state_valid"),
            models.CheckConstraint(condition=Q(state="draft") | (Q(number__isnull=False) & Q(year__isnull=False)
                                                                 & Q(issued_on__isnull=False)),
                                   name="register_issued_has_number"),
            models.UniqueConstraint(fields=["authority", "year", "number"], condition=Q(number__isnull=False),
                                    name="register_number_unique"),
            models.UniqueConstraint(fields=["authority", "source"], name="register_source_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name} {self.number_text}".strip()

    @property
    def number_text(self) -> str:
        return document_number(self.number, self.symbol)

    @property
    def is_issued(self) -> bool:
        return self.state == RegisterState.ISSUED
