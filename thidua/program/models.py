"""The conference programme of an event: its settings, agenda items, contributed talks (tham luận)
with their versions and review trail, award ceremony batches, and the projector state.

Scoped through the event's authority. Recipients of a batch are copied from the issued decisions
(an issued decision does not change), so the MC script reads the names without joining awards.
"""

from __future__ import annotations

import math

from django.db import models
from django.db.models import Q

from thidua.events.models import Event
from thidua.orgs.modelkit import CleanCharField, CleanTextField, scoped_by
from thidua.orgs.models import Organisation, Person, User

from . import states

SCOPE = "event__authority"


def _choices(name: str, rows: tuple[tuple[str, str, str], ...]) -> type[models.TextChoices]:
    """The `TextChoices` of one table of `states.py` (member name, stored value, label)."""
    return models.TextChoices(name, [(member, (value, label)) for member, value, label in rows], module=__name__)


class ProgramSettings(models.Model):
    """One row per event: the numbers the plan leaves to the organisers, and the projector state
    (OpenSlides: a running countdown stores its end time, a paused one the seconds left)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="program_settings")
    talk_count = models.PositiveSmallIntegerField("Số bài tham luận", default=3)
    talk_deadline = models.DateField("Hạn gửi tham luận", null=True, blank=True)
    talk_min_minutes = models.PositiveSmallIntegerField("Thời lượng tham luận tối thiểu (phút)", default=5)
    talk_max_minutes = models.PositiveSmallIntegerField("Thời lượng tham luận tối đa (phút)", default=7)
    words_per_minute = models.PositiveSmallIntegerField("Tốc độ đọc (chữ/phút)", default=130)
    stage_size = models.PositiveSmallIntegerField("Số người tối đa trên sân khấu mỗi đợt", default=10)
    day_start = models.TimeField("Giờ bắt đầu", null=True, blank=True)
    day_end = models.TimeField("Giờ kết thúc dự kiến", null=True, blank=True)
    hall_width_cm = models.PositiveIntegerField("Chiều rộng phông nền (cm)", default=800)
    hall_height_cm = models.PositiveIntegerField("Chiều cao phông nền (cm)", default=400)
    backdrop_title = CleanTextField("Tên hội nghị trên phông", blank=True,
                                      help_text="Để trống: lấy tên hội nghị.")
    backdrop_place_date = CleanCharField("Dòng địa danh, ngày trên phông", max_length=200, blank=True,
                                           help_text="Để trống: lấy theo ngày tổ chức.")
    # projector
    current_item = models.ForeignKey("AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    current_batch = models.ForeignKey("AwardBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    timer_total = models.PositiveIntegerField("Thời lượng đồng hồ (giây)", default=0)
    timer_ends_at = models.DateTimeField("Đồng hồ kết thúc lúc", null=True, blank=True)
    timer_remaining = models.PositiveIntegerField("Số giây còn lại (tạm dừng)", null=True, blank=True)
    projector_note = CleanCharField("Dòng chữ trên màn chiếu", max_length=200, blank=True)
    projector_version = models.PositiveIntegerField(default=0)

    objects = scoped_by(SCOPE)

    class Meta:
        verbose_name = "Thiết lập chương trình"
        verbose_name_plural = "Thiết lập chương trình"
        constraints = [
            models.CheckConstraint(condition=Q(talk_count__lte=20), name="program_talk_count_range"),
            models.CheckConstraint(condition=Q(stage_size__gte=1, stage_size__lte=50), name="program_stage_size_range"),
            models.CheckConstraint(condition=Q(words_per_minute__gte=40, words_per_minute__lte=400),
                                   name="program_wpm_range"),
            models.CheckConstraint(condition=Q(talk_min_minutes__lte=models.F("talk_max_minutes")),
                                   name="program_talk_minutes_ordered"),
            models.CheckConstraint(condition=Q(timer_ends_at__isnull=True) | Q(timer_remaining__isnull=True),
                                   name="program_timer_running_or_paused"),
            models.CheckConstraint(condition=Q(hall_width_cm__gte=50, hall_height_cm__gte=50),
                                   name="program_backdrop_size"),
        ]

    def __str__(self) -> str:
        return f"Thiết lập chương trình {self.event_id}"



TalkStatus = _choices("TalkStatus", states.TALK_STATUS)


class Talk(models.Model):
    """A unit's contributed talk (tham luận) at an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="talks")
    organisation = models.ForeignKey(Organisation, verbose_name="Đơn vị trình bày", on_delete=models.PROTECT,
                                     related_name="talks")
    reason = CleanCharField("Lý do chọn", max_length=200, blank=True, help_text="Ví dụ: Nhất Khối xã, thị trấn")
    title = CleanCharField("Tên bài tham luận", max_length=300, blank=True)
    presenter_name = CleanCharField("Người trình bày", max_length=180, blank=True)
    presenter_position = CleanCharField("Chức vụ người trình bày", max_length=200, blank=True)
    status = models.CharField("Trạng thái", max_length=10, choices=TalkStatus.choices, default=TalkStatus.INVITED)
    word_count = models.PositiveIntegerField("Số chữ", default=0)
    minutes = models.FloatField("Thời lượng ước tính (phút)", default=0)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()

    objects = scoped_by(SCOPE)

    class Meta:
        verbose_name = "Tham luận"
        verbose_name_plural = "Tham luận"
        ordering = ["display_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="program_talk_unit_unique"),
            models.CheckConstraint(condition=Q(status__in=TalkStatus.values), name="program_talk_status_valid"),
            models.CheckConstraint(condition=Q(minutes__gte=0), name="program_talk_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"Tham luận của {self.organisation.name}" if self.organisation_id else "Tham luận"


    @property
    def display_title(self) -> str:
        return self.title or f"Tham luận của {self.organisation.name}"

    @property
    def duration_minutes(self) -> int:
        """Minutes the talk takes in the agenda: the estimate rounded up, at least one."""
        return max(1, math.ceil(self.minutes - 1e-9)) if self.minutes else 0


TalkSource = _choices("TalkSource", states.TALK_SOURCE)


class TalkVersion(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("Lần gửi")
    source = models.CharField(max_length=8, choices=TalkSource.choices)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    file = models.FileField("Tệp gốc", upload_to="program/talks/", max_length=300, blank=True)
    text = models.TextField("Nội dung")
    word_count = models.PositiveIntegerField(default=0)
    minutes = models.FloatField(default=0)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=180, blank=True)

    objects = scoped_by("talk__event__authority")

    class Meta:
        verbose_name = "Bản tham luận"
        verbose_name_plural = "Bản tham luận"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "number"], name="program_talk_version_unique"),
            models.CheckConstraint(condition=Q(source__in=TalkSource.values), name="program_talk_source_valid"),
        ]

    def __str__(self) -> str:
        return f"Bản {self.number}"


TalkAction = _choices("TalkAction", states.TALK_ACTION)


class TalkNote(models.Model):
    """The review trail: who did what to a talk, when and why (comments of the reviewer)."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="notes")
    version = models.ForeignKey(TalkVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    action = models.CharField(max_length=8, choices=TalkAction.choices)
    comment = models.TextField("Ý kiến", blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=180, blank=True)
    at = models.DateTimeField()

    objects = scoped_by("talk__event__authority")

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(condition=Q(action__in=TalkAction.values),
                                              name="program_talk_note_action_valid")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.by_name}"


class AwardBatch(models.Model):
    """Đợt trao thưởng: one form of one decision, called on stage together, presented by one leader."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="award_batches")
    position = models.PositiveIntegerField("Thứ tự")
    award_name = CleanCharField("Hình thức, danh hiệu", max_length=200)
    award_rank = models.PositiveIntegerField(default=0)
    decision_id = models.PositiveIntegerField(null=True, blank=True)
    decision_number = CleanCharField("Số quyết định", max_length=40, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    decision_issuer = CleanCharField("Người quyết định", max_length=200, blank=True)
    presenter_name = CleanCharField("Lãnh đạo trao", max_length=180, blank=True)
    presenter_position = CleanCharField("Chức vụ người trao", max_length=200, blank=True)

    objects = scoped_by(SCOPE)

    class Meta:
        verbose_name = "Đợt trao thưởng"
        verbose_name_plural = "Đợt trao thưởng"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Đợt {self.position}: {self.award_name}"



RecipientKind = _choices("RecipientKind", states.RECIPIENT_KIND)


class BatchMember(models.Model):
    """One recipient standing on stage in a batch; a collective is received by its representative."""

    batch = models.ForeignKey(AwardBatch, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveIntegerField("Thứ tự đứng")
    kind = models.CharField(max_length=12, choices=RecipientKind.choices)
    name = CleanCharField("Tên", max_length=250)
    title = CleanCharField("Chức vụ", max_length=200, blank=True)
    unit_name = CleanCharField("Đơn vị", max_length=250, blank=True)
    representative = CleanCharField("Người nhận thay (đại diện)", max_length=250, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped_by("batch__event__authority")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=RecipientKind.values),
                                              name="program_member_kind_valid")]

    def __str__(self) -> str:
        return self.name


    @property
    def on_stage(self) -> str:
        """Who walks up: the person, or the collective's representative."""
        if self.kind == RecipientKind.INDIVIDUAL:
            return self.name
        return f"{self.name} (đại diện: {self.representative})" if self.representative else self.name


ItemKind = _choices("ItemKind", states.ITEM_KIND)


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField("Thứ tự")
    kind = models.CharField("Loại", max_length=12, choices=ItemKind.choices)
    title = CleanCharField("Nội dung", max_length=300)
    duration_minutes = models.PositiveSmallIntegerField("Thời lượng (phút)")
    fixed_start = models.TimeField("Bắt đầu cố định lúc", null=True, blank=True,
                                   help_text="Để trống: nối tiếp mục trước.")
    start_time = models.TimeField("Giờ bắt đầu (tính)", null=True, blank=True, editable=False)
    in_charge = CleanCharField("Người thực hiện", max_length=250, blank=True)
    in_charge_unit = models.ForeignKey(Organisation, verbose_name="Đơn vị thực hiện", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    talk = models.ForeignKey(Talk, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items")
    batch = models.ForeignKey(AwardBatch, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="agenda_items")
    mc_words = CleanTextField("Lời dẫn", blank=True, help_text="Để trống: dùng lời dẫn mẫu.")

    objects = scoped_by(SCOPE)

    class Meta:
        verbose_name = "Mục chương trình"
        verbose_name_plural = "Mục chương trình"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="program_item_kind_valid"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1, duration_minutes__lte=480),
                                   name="program_item_duration_range"),
        ]

    def __str__(self) -> str:
        return self.title


    @property
    def who(self) -> str:
        if self.talk_id and self.talk.presenter_name:
            return f"{self.talk.presenter_name}, {self.talk.presenter_position}".strip(", ")
        unit = self.in_charge_unit.name if self.in_charge_unit_id else ""
        if unit and unit.casefold() in self.in_charge.casefold():
            return self.in_charge  # "Lãnh đạo Phòng Nội vụ" already names its unit
        return " – ".join(p for p in (self.in_charge, unit) if p)
