"""Emulation cycles: clusters and blocks per cycle, movements, scorecards, covenants, score sheets.

A cycle belongs to an authority; everything else scopes through its cycle. States live in `status`
fields guarded by CHECK constraints; the allowed transitions are in `states.py`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q

from thidua.orgs.modelkit import CleanCharField, CleanTextField, scoped_by
from thidua.orgs.models import Authority, Organisation, User

from .states import COVENANT_LABELS, MOVEMENT_LABELS, SHEET_LABELS

DEFAULT_TIE_BREAK = ["first_group", "full_marks", "council"]
DEFAULT_GRADE_BANDS = [[0.9, "Xuất sắc"], [0.8, "Tốt"], [0.65, "Khá"], [0, "Trung bình"]]


def _default_tie_break():
    return list(DEFAULT_TIE_BREAK)


def _default_bands():
    return [list(b) for b in DEFAULT_GRADE_BANDS]


class Cycle(models.Model):
    """One emulation year of an authority; deadlines are data, compared with `thidua.clock`."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="emulation_cycles")
    year = models.PositiveIntegerField("Năm thi đua")
    name = CleanCharField("Tên", max_length=200)
    covenant_deadline = models.DateField("Hạn nộp bản đăng ký giao ước", null=True, blank=True)
    self_score_deadline = models.DateField("Hạn tự chấm điểm", null=True, blank=True)
    tie_break = models.JSONField("Thứ tự tiêu chí phân định khi bằng điểm", default=_default_tie_break)
    grade_bands = models.JSONField("Mức xếp loại theo tỷ lệ điểm", default=_default_bands)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Năm thi đua"
        verbose_name_plural = "Năm thi đua"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="emulation_cycle_year_unique"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="emulation_cycle_year_range"),
        ]

    def __str__(self) -> str:
        return self.name



class GroupKind(models.TextChoices):
    CLUSTER = "cum", "Cụm thi đua"
    BLOCK = "khoi", "Khối thi đua"


class Scorecard(models.Model):
    """Thang bảng điểm: a tree of criteria groups and criteria; shared by one or more clusters/blocks."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="scorecards")
    name = CleanCharField("Tên thang bảng điểm", max_length=200)
    bonus_cap = models.DecimalField("Điểm thưởng tối đa", max_digits=7, decimal_places=2, default=0)
    penalty_cap = models.DecimalField("Điểm trừ tối đa", max_digits=7, decimal_places=2, null=True, blank=True,
                                      help_text="Để trống: không giới hạn (tổng điểm không xuống dưới 0).")

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Thang bảng điểm"
        verbose_name_plural = "Thang bảng điểm"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="emulation_scorecard_name_unique"),
            models.CheckConstraint(condition=Q(bonus_cap__gte=0), name="emulation_scorecard_bonus_cap_positive"),
            models.CheckConstraint(condition=Q(penalty_cap__isnull=True) | Q(penalty_cap__gte=0),
                                   name="emulation_scorecard_penalty_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.name



class Group(models.Model):
    """A cluster (cụm) or block (khối) of one cycle, with its head and deputy for that cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField("Loại", max_length=4, choices=GroupKind.choices)
    name = CleanCharField("Tên cụm, khối", max_length=200)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)
    head = models.ForeignKey(Organisation, verbose_name="Cụm/Khối trưởng", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(Organisation, verbose_name="Cụm/Khối phó", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    scorecard = models.ForeignKey(Scorecard, verbose_name="Thang bảng điểm", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="groups")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_groups")
    meeting_date = models.DateField("Ngày họp bình xét", null=True, blank=True)
    meeting_place = CleanCharField("Địa điểm họp", max_length=200, blank=True)
    locked_at = models.DateTimeField("Khóa kết quả lúc", null=True, blank=True)
    locked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published = models.BooleanField("Công bố bảng xếp hạng cho các đơn vị", default=False,
                                    help_text="Khi công bố, đơn vị thành viên xem được cả bảng xếp hạng của cụm, khối; "
                                    "nếu không, mỗi đơn vị chỉ xem dòng kết quả của mình.")

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Cụm, khối thi đua"
        verbose_name_plural = "Cụm, khối thi đua"
        ordering = ["display_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="emulation_group_name_unique"),
            models.CheckConstraint(condition=Q(kind__in=["cum", "khoi"]), name="emulation_group_kind_valid"),
            models.CheckConstraint(condition=Q(head__isnull=True) | Q(deputy__isnull=True) | ~Q(head=models.F("deputy")),
                                   name="emulation_group_head_not_deputy"),
            models.CheckConstraint(condition=Q(published=False) | Q(locked_at__isnull=False),
                                   name="emulation_group_published_when_locked"),
        ]

    def __str__(self) -> str:
        return self.name


    @property
    def head_title(self) -> str:
        return "Cụm trưởng" if self.kind == GroupKind.CLUSTER else "Khối trưởng"

    @property
    def deputy_title(self) -> str:
        return "Cụm phó" if self.kind == GroupKind.CLUSTER else "Khối phó"


class Membership(models.Model):
    """A unit in a cluster/block for one cycle (one group per unit per cycle), with its signing order
    and, when the council excludes it, the reason."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="emulation_memberships")
    signing_order = models.PositiveIntegerField("Thứ tự ký", default=0)
    excluded_reason = models.CharField("Lý do không xét (Hội đồng)", max_length=300, blank=True)
    council_order = models.PositiveIntegerField("Thứ tự do Hội đồng quyết định khi bằng điểm", null=True, blank=True)
    council_note = models.CharField("Ghi chú quyết định của Hội đồng", max_length=300, blank=True)

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Thành viên cụm, khối"
        verbose_name_plural = "Thành viên cụm, khối"
        ordering = ["signing_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "organisation"], name="emulation_membership_one_group"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.group}"

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_reason)


class PeerAssignment(models.Model):
    """Chấm chéo: which member unit cross-scores which peer of the same cluster/block. Without rows
    for a group, each unit scores the next one in signing order (the last scores the first); the
    secretariat may store another arrangement."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="peer_assignments")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="peer_assignments")
    scorer = models.ForeignKey(Organisation, verbose_name="Đơn vị chấm chéo", on_delete=models.CASCADE,
                               related_name="+")
    scored = models.ForeignKey(Organisation, verbose_name="Đơn vị được chấm", on_delete=models.CASCADE,
                               related_name="+")

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Phân công chấm chéo"
        verbose_name_plural = "Phân công chấm chéo"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "scored"], name="emulation_peer_one_scorer"),
            models.CheckConstraint(condition=~Q(scorer=models.F("scored")), name="emulation_peer_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.scorer_id} → {self.scored_id}"


class MovementKind(models.TextChoices):
    REGULAR = "thuong_xuyen", "Thường xuyên (hằng năm)"
    THEMATIC = "chuyen_de", "Theo chuyên đề"
    PERIODIC = "dot", "Theo đợt"


class MovementStatus(models.TextChoices):
    PLANNED = "du_kien", MOVEMENT_LABELS["du_kien"]
    LAUNCHED = "phat_dong", MOVEMENT_LABELS["phat_dong"]
    CLOSED = "tong_ket", MOVEMENT_LABELS["tong_ket"]


class Movement(models.Model):
    """Phong trào thi đua: the regular annual one (launched at the summary conference) and thematic or
    periodic ones launched during the year (form 0601 counts them), with the document that launched
    it (number and date), its dates, the units taking part and its status."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="movements")
    name = CleanCharField("Tên phong trào", max_length=300)
    kind = models.CharField("Loại", max_length=20, choices=MovementKind.choices)
    launch_document = CleanCharField("Số, ký hiệu văn bản phát động", max_length=200, blank=True)
    launch_date = models.DateField("Ngày ban hành văn bản phát động", null=True, blank=True)
    starts_on = models.DateField("Từ ngày", null=True, blank=True)
    ends_on = models.DateField("Đến ngày", null=True, blank=True)
    units = models.ManyToManyField(Organisation, verbose_name="Đơn vị tham gia", blank=True, related_name="+")
    status = models.CharField("Trạng thái", max_length=10, choices=MovementStatus.choices,
                              default=MovementStatus.LAUNCHED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status_note = models.CharField("Ghi chú chuyển trạng thái", max_length=300, blank=True)

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["thuong_xuyen", "chuyen_de", "dot"]),
                                   name="emulation_movement_kind_valid"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")), name="emulation_movement_dates"),
            models.CheckConstraint(condition=Q(status__in=["du_kien", "phat_dong", "tong_ket"]),
                                   name="emulation_movement_status_valid"),
        ]

    def __str__(self) -> str:
        return self.name



class CriteriaGroup(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="criteria_groups")
    code = models.CharField("Mã nhóm", max_length=10)
    name = models.CharField("Tên nhóm tiêu chí", max_length=300)
    display_order = models.PositiveIntegerField(default=0)

    objects = scoped_by("scorecard__cycle__authority")

    class Meta:
        ordering = ["display_order", "id"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "code"], name="emulation_criteria_group_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class CriterionKind(models.TextChoices):
    FIXED = "co_dinh", "Đạt / không đạt"
    PER_OCCURRENCE = "theo_lan", "Điểm theo số lần (có trần)"
    TARGET = "chi_tieu", "Theo chỉ tiêu được giao"
    BONUS = "thuong", "Điểm thưởng"
    PENALTY = "tru", "Điểm trừ"


CRITERION_KINDS = [k.value for k in CriterionKind]


class Criterion(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    code = CleanCharField("Mã tiêu chí", max_length=20)
    name = CleanCharField("Nội dung tiêu chí", max_length=500)
    kind = models.CharField("Loại", max_length=10, choices=CriterionKind.choices)
    max_points = models.DecimalField("Điểm tối đa", max_digits=7, decimal_places=2)
    unit_points = models.DecimalField("Điểm mỗi lần", max_digits=7, decimal_places=2, null=True, blank=True)
    unit_label = models.CharField("Đơn vị tính", max_length=40, blank=True)
    guidance = CleanTextField("Hướng dẫn chấm", blank=True)
    evidence_required = models.BooleanField("Cần minh chứng", default=False)
    display_order = models.PositiveIntegerField(default=0)

    objects = scoped_by("scorecard__cycle__authority")

    class Meta:
        ordering = ["display_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "code"], name="emulation_criterion_code_unique"),
            models.CheckConstraint(condition=Q(kind__in=CRITERION_KINDS), name="emulation_criterion_kind_valid"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="emulation_criterion_max_positive"),
            models.CheckConstraint(condition=~Q(kind="theo_lan") | Q(unit_points__gt=0),
                                   name="emulation_criterion_per_occurrence_points"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"



class CovenantStatus(models.TextChoices):
    DRAFT = "draft", COVENANT_LABELS["draft"]
    SUBMITTED = "submitted", COVENANT_LABELS["submitted"]
    ACCEPTED = "accepted", COVENANT_LABELS["accepted"]
    RETURNED = "returned", COVENANT_LABELS["returned"]


class Covenant(models.Model):
    """A unit's registration for the cycle: its targets per criterion and its commitments."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="covenants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="emulation_covenants")
    status = models.CharField("Trạng thái", max_length=10, choices=CovenantStatus.choices,
                              default=CovenantStatus.DRAFT)
    commitments = models.TextField("Nội dung cam kết", blank=True)
    on_paper = models.BooleanField("Nhập hộ từ bản giấy", default=False)
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status_note = models.TextField("Ý kiến", blank=True)

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Bản đăng ký giao ước"
        verbose_name_plural = "Bản đăng ký giao ước"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "organisation"], name="emulation_covenant_one_per_unit"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in CovenantStatus]),
                                   name="emulation_covenant_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Giao ước {self.cycle.year} – {self.organisation}"


class CovenantTarget(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="targets")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    target = models.DecimalField("Chỉ tiêu đăng ký", max_digits=14, decimal_places=2)

    objects = scoped_by("covenant__cycle__authority")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["covenant", "criterion"], name="emulation_target_unique"),
            models.CheckConstraint(condition=Q(target__gt=0), name="emulation_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.target}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", SHEET_LABELS["draft"]
    SUBMITTED = "submitted", SHEET_LABELS["submitted"]
    REVIEWED = "reviewed", SHEET_LABELS["reviewed"]
    EXPLAINED = "explained", SHEET_LABELS["explained"]
    FINAL = "final", SHEET_LABELS["final"]
    LOCKED = "locked", SHEET_LABELS["locked"]


class ScoreSheet(models.Model):
    """One unit's scores for one cycle through the rounds (self, cross/review, explanation, final)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="sheets")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sheets")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="emulation_sheets")
    status = models.CharField("Trạng thái", max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status_note = models.TextField(blank=True)

    objects = scoped_by("cycle__authority")

    class Meta:
        verbose_name = "Phiếu chấm điểm"
        verbose_name_plural = "Phiếu chấm điểm"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "organisation"], name="emulation_sheet_one_per_unit"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in SheetStatus]),
                                   name="emulation_sheet_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Phiếu chấm {self.cycle.year} – {self.organisation}"


class Score(models.Model):
    """The value of one criterion in each round. For a fixed criterion 1 = đạt, 0 = không đạt; per
    occurrence: the count; target: the result achieved; bonus and penalty: the points."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    self_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(blank=True)
    cross_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    cross_comment = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    final_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    final_note = models.TextField(blank=True)

    objects = scoped_by("sheet__cycle__authority")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="emulation_score_unique"),
            models.CheckConstraint(condition=(Q(self_value__isnull=True) | Q(self_value__gte=0))
                                   & (Q(cross_value__isnull=True) | Q(cross_value__gte=0))
                                   & (Q(final_value__isnull=True) | Q(final_value__gte=0)),
                                   name="emulation_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}/{self.criterion_id}"


def evidence_name(instance: Evidence, filename: str) -> str:
    """Where an evidence file is kept in the default storage: emulation/<cycle>/<sheet>/<random>.<kind>
    (the extension of `filename`, which the service sets from the kind read off the content)."""
    sheet = instance.score.sheet
    return f"emulation/{sheet.cycle_id}/{sheet.pk}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix}"


class Evidence(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_name, max_length=300)
    filename = models.CharField("Tên tệp", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped_by("score__sheet__cycle__authority")

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename
