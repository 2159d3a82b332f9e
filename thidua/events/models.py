"""Conferences (hội nghị) of an authority: the event, delegate categories with quotas and protocol
order, delegates with their invitation and reply state, and the history of replies.

Kept general: several events per authority and year; an event names the emulation years it closes
and launches by number (no foreign key to the emulation app). Check-in (#7), seating and the
programme build on these rows: `seat` and `area` are theirs to fill. The seat is kept here only
(one delegate per seat of an event); check-in's `SeatAssignment` says how the seating gave it.
Whether a delegate is present is check-in's fact alone (a valid `checkin.CheckIn`); `present()`
names it for the apps that count.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q

from thidua.orgs.modelkit import CleanCharField, CleanTextField, scoped_by
from thidua.orgs.models import Authority, Organisation, Person, Signer, User
from thidua.orgs.outbox import Mail, MailStatus
from thidua.vn import normalise
from thidua.vn.dates import short_date
from thidua.vn.people import salutation

from . import states

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NONCE_LENGTH = 12  # 12 base62 characters ≈ 71 random bits


def new_nonce() -> str:
    return "".join(secrets.choice(BASE62) for _ in range(NONCE_LENGTH))


_KIND, _STATUS = states.EVENT_KIND_LABELS, states.EVENT_STATUS_LABELS


class EventKind(models.TextChoices):
    SUMMARY = "tong_ket", _KIND["tong_ket"]
    LAUNCH = "phat_dong", _KIND["phat_dong"]
    CLUSTER = "cum_khoi", _KIND["cum_khoi"]
    CEREMONY = "trao_thuong", _KIND["trao_thuong"]
    OTHER = "khac", _KIND["khac"]


class EventStatus(models.TextChoices):
    DRAFT = "draft", _STATUS["draft"]
    PLANNED = "planned", _STATUS["planned"]
    INVITING = "inviting", _STATUS["inviting"]
    HELD = "held", _STATUS["held"]
    CANCELLED = "cancelled", _STATUS["cancelled"]


class Event(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="events")
    slug = models.SlugField("Mã hội nghị", max_length=60,
                            help_text="Mã ngắn dùng trong lệnh, ví dụ: tong-ket-2024")
    title = CleanCharField("Tên hội nghị", max_length=300)
    kind = models.CharField("Loại", max_length=20, choices=EventKind.choices, default=EventKind.SUMMARY)
    organiser = models.ForeignKey(Organisation, verbose_name="Đơn vị tổ chức", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="events",
                                  help_text="Để trống khi chính cơ quan tổ chức chủ trì.")
    closes_year = models.PositiveSmallIntegerField("Tổng kết năm", null=True, blank=True)
    launches_year = models.PositiveSmallIntegerField("Phát động năm", null=True, blank=True)
    date = models.DateField("Ngày tổ chức", null=True, blank=True)
    tentative_month = models.PositiveSmallIntegerField("Tháng dự kiến", null=True, blank=True)
    tentative_year = models.PositiveSmallIntegerField("Năm dự kiến", null=True, blank=True)
    start_time = models.TimeField("Giờ bắt đầu", null=True, blank=True)
    end_time = models.TimeField("Giờ kết thúc", null=True, blank=True)
    venue = CleanCharField("Địa điểm", max_length=250, blank=True)
    capacity = models.PositiveIntegerField("Sức chứa hội trường", null=True, blank=True)
    chair = CleanCharField("Chủ trì", max_length=250, blank=True)
    purpose = CleanTextField("Mục đích, yêu cầu", blank=True)
    contents = CleanTextField("Nội dung", blank=True)
    status = models.CharField("Trạng thái", max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    # The invitation letter (Giấy mời) issued for the event.
    invitation_code = CleanCharField("Số, ký hiệu giấy mời", max_length=40, blank=True,
                                       help_text="Ví dụ: 45/GM-UBND; để trống nếu chưa cấp số.")
    invitation_date = models.DateField("Ngày ký giấy mời", null=True, blank=True)
    signer = models.ForeignKey(Signer, verbose_name="Người ký", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    contact = CleanCharField("Người liên hệ", max_length=250, blank=True,
                               help_text="Ví dụ: Bà Lê Thị Hồng, Phòng Nội vụ, ĐT 0271 3 000 000")
    parking_car = CleanCharField("Nơi để ô tô", max_length=200, blank=True)
    parking_motorbike = CleanCharField("Nơi để xe máy", max_length=200, blank=True)
    reply_by = models.DateField("Hạn trả lời", null=True, blank=True)
    # The personal reply link works until the end of this day; empty: until the end of the event's day.
    reply_link_until = models.DateField("Đường dẫn trả lời dùng được đến hết ngày", null=True, blank=True,
                                        help_text="Để trống: đến hết ngày diễn ra hội nghị.")
    site_url = CleanCharField("Địa chỉ trang (cho mã QR)", max_length=200, blank=True,
                                help_text="Ví dụ: https://thiduakhenthuong.honquan.gov.vn; để trống dùng địa chỉ hiện tại.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Hội nghị"
        verbose_name_plural = "Hội nghị"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "slug"], name="event_slug_unique"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in EventStatus]), name="event_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in EventKind]), name="event_kind_valid"),
            models.CheckConstraint(condition=Q(tentative_month__isnull=True) | Q(tentative_month__gte=1,
                                                                               tentative_month__lte=12),
                                   name="event_tentative_month_valid"),
            models.CheckConstraint(condition=Q(end_time__isnull=True) | Q(start_time__isnull=True)
                                   | Q(end_time__gt=models.F("start_time")), name="event_times_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reply_link_closes_on(self):
        """The last day a delegate's reply link works: the day the secretariat set, else the event's day;
        None while the event has neither (not yet scheduled). The check-in QR is not affected."""
        return self.reply_link_until or self.date

    def reply_link_expired(self, today) -> bool:
        closes = self.reply_link_closes_on
        return closes is not None and today > closes

    @property
    def when_text(self) -> str:
        if self.date:
            return short_date(self.date)
        if self.tentative_month and self.tentative_year:
            return f"dự kiến tháng {self.tentative_month}/{self.tentative_year}"
        return "chưa định ngày"


class DelegateCategory(models.Model):
    """Thành phần đại biểu: a) Đại biểu tỉnh, b) … with a quota and its place in protocol order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="categories")
    code = CleanCharField("Ký hiệu", max_length=10)
    name = CleanCharField("Thành phần", max_length=200)
    quota = models.PositiveIntegerField("Số lượng dự kiến", default=0)
    protocol_order = models.PositiveIntegerField("Thứ tự nghi thức", default=0)
    description = CleanTextField("Gồm", blank=True)

    objects = scoped_by("event__authority")

    class Meta:
        verbose_name = "Thành phần đại biểu"
        verbose_name_plural = "Thành phần đại biểu"
        ordering = ["protocol_order", "code", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="category_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}) {self.name}"


class ReplyStatus(models.TextChoices):
    PENDING = states.PENDING, states.REPLY_LABELS[states.PENDING]
    ACCEPTED = states.ACCEPTED, states.REPLY_LABELS[states.ACCEPTED]
    DECLINED = states.DECLINED, states.REPLY_LABELS[states.DECLINED]
    SUBSTITUTE = states.SUBSTITUTE, states.REPLY_LABELS[states.SUBSTITUTE]


class Vehicle(models.TextChoices):
    NONE = "", states.VEHICLE_LABELS[""]
    CAR = "car", states.VEHICLE_LABELS["car"]
    MOTORBIKE = "motorbike", states.VEHICLE_LABELS["motorbike"]


def present(prefix: str = "") -> Q:
    """Delegates present at their event: those with a standing check-in. The check-in app owns the
    fact (`checkin.CheckIn`, related name `checkins`, at most one valid per delegate: its status
    "valid" is `checkin.states.VALID`); `prefix` reaches the delegate from another model
    ("delegates__")."""
    return Q(**{f"{prefix}checkins__status": "valid"})


class Delegate(models.Model):
    """An invitee: a person, or "Đại diện lãnh đạo <unit>" (no name yet) to be named later."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegates")
    category = models.ForeignKey(DelegateCategory, verbose_name="Thành phần", on_delete=models.PROTECT,
                                 related_name="delegates")
    organisation = models.ForeignKey(Organisation, verbose_name="Đơn vị", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="delegates")
    person = models.ForeignKey(Person, verbose_name="Cá nhân", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="delegations")
    full_name = CleanCharField("Họ và tên", max_length=180, blank=True)
    gender = models.CharField("Giới tính", max_length=1, blank=True, default="")
    position = CleanCharField("Chức vụ", max_length=200, blank=True)
    unit_text = CleanCharField("Đơn vị (ghi chữ)", max_length=250, blank=True,
                                 help_text="Cho đại biểu ngoài danh bạ, ví dụ cấp tỉnh.")
    phone = CleanCharField("Điện thoại", max_length=40, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    reply_status = models.CharField("Trả lời", max_length=12, choices=ReplyStatus.choices,
                                    default=ReplyStatus.PENDING)
    replied_at = models.DateTimeField("Trả lời lúc", null=True, blank=True)
    substitute_name = CleanCharField("Người dự thay", max_length=180, blank=True)
    substitute_position = CleanCharField("Chức vụ người dự thay", max_length=200, blank=True)
    vehicle = models.CharField("Phương tiện", max_length=10, choices=Vehicle.choices, blank=True, default="")
    seat = CleanCharField("Chỗ ngồi", max_length=60, blank=True)
    area = CleanCharField("Khu vực", max_length=120, blank=True)
    notes = CleanTextField("Ghi chú", blank=True)
    represents = CleanCharField("Đại diện cho tập thể", max_length=250, blank=True,
                                  help_text="Tập thể được khen thưởng mà đại biểu (chưa có tên) đại diện.")
    # "p:12", "c:5"…: the award recipient this delegate was added for (one delegate per recipient)
    recipient_key = models.CharField(max_length=120, blank=True, default="", editable=False)
    display_order = models.PositiveIntegerField("Thứ tự", default=0)
    invitation_number = models.PositiveIntegerField("Số giấy mời", null=True, blank=True)
    nonce = models.CharField(max_length=24, default=new_nonce, editable=False)
    revoked = models.BooleanField("Đã thu hồi giấy mời", default=False)
    name_fold = models.CharField(max_length=400, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_by("event__authority")

    class Meta:
        verbose_name = "Đại biểu"
        verbose_name_plural = "Đại biểu"
        ordering = ["category__protocol_order", "display_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(reply_status__in=[s.value for s in ReplyStatus]),
                                   name="delegate_reply_status_valid"),
            models.CheckConstraint(condition=Q(vehicle__in=[v.value for v in Vehicle]), name="delegate_vehicle_valid"),
            models.CheckConstraint(condition=Q(gender__in=["M", "F", ""]), name="delegate_gender_valid"),
            models.CheckConstraint(condition=~Q(full_name="") | Q(organisation__isnull=False) | ~Q(unit_text=""),
                                   name="delegate_named_or_unit"),
            models.CheckConstraint(condition=~Q(reply_status="substitute") | ~Q(substitute_name=""),
                                   name="delegate_substitute_named"),
            models.UniqueConstraint(fields=["event", "invitation_number"], name="delegate_invitation_number_unique"),
            models.UniqueConstraint(fields=["event", "recipient_key"], condition=~Q(recipient_key=""),
                                    name="delegate_recipient_once"),
            models.UniqueConstraint(fields=["event", "seat"], condition=~Q(seat=""), name="delegate_seat_once"),
        ]
        indexes = [models.Index(fields=["event", "reply_status"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.name_fold = search_key(self)
        super().save(*args, **kwargs)

    @property
    def unit_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.unit_text

    @property
    def is_placeholder(self) -> bool:
        return not self.full_name

    @property
    def display_name(self) -> str:
        if self.full_name:
            return self.full_name
        if self.represents:  # a commended collective: "Đại diện Phòng Nội vụ"
            return f"Đại diện {self.represents}"
        return f"Đại diện lãnh đạo {self.unit_name}".strip()

    @property
    def salutation(self) -> str:
        return salutation(self.gender)

    @property
    def addressee(self) -> str:
        """"Ông Nguyễn Văn Hạ", "Bà Trần Thị Ánh", "Đại diện lãnh đạo UBND xã Thanh An"."""
        if self.is_placeholder:
            return self.display_name
        return f"{self.salutation} {self.full_name}"

    @property
    def attendee_name(self) -> str:
        """Who is expected in the hall: the substitute when one was named."""
        if self.reply_status == ReplyStatus.SUBSTITUTE and self.substitute_name:
            return self.substitute_name
        return self.display_name


_CHANNEL = states.REPLY_CHANNEL_LABELS


def search_key(d: Delegate) -> str:
    """`name_fold`: the delegate's names as their clean fields store them, folded for search."""
    for name in ("full_name", "represents", "unit_text", "position", "substitute_name"):
        setattr(d, name, normalise.clean_text(getattr(d, name)))  # what CleanCharField.pre_save does anyway
    return normalise.fold(f"{d.display_name} {d.position} {d.substitute_name}")


class ReplyChannel(models.TextChoices):
    PHONE = "phone", _CHANNEL["phone"]
    LETTER = "letter", _CHANNEL["letter"]
    LINK = "link", _CHANNEL["link"]
    IN_PERSON = "in_person", _CHANNEL["in_person"]
    EMAIL = "email", _CHANNEL["email"]
    IMPORT = "import", _CHANNEL["import"]


class Reply(models.Model):
    """One recorded answer: who recorded it, through which channel, when. The delegate row holds the
    latest; this table keeps the history."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="replies")
    status = models.CharField("Trả lời", max_length=12, choices=ReplyStatus.choices)
    channel = models.CharField("Hình thức", max_length=12, choices=ReplyChannel.choices)
    substitute_name = models.CharField("Người dự thay", max_length=180, blank=True)
    substitute_position = models.CharField("Chức vụ người dự thay", max_length=200, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=180, blank=True)
    at = models.DateTimeField("Lúc")

    objects = scoped_by("delegate__event__authority")

    class Meta:
        verbose_name = "Trả lời giấy mời"
        verbose_name_plural = "Trả lời giấy mời"
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in ReplyStatus]), name="reply_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=[c.value for c in ReplyChannel]), name="reply_channel_valid"),
            models.CheckConstraint(condition=~Q(status="substitute") | ~Q(substitute_name=""),
                                   name="reply_substitute_named"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id}: {self.get_status_display()}"


class OutboxMail(Mail):
    """A reminder e-mail to a delegate (or a unit, about its talk), drafted by the system; a person reads
    and approves it before it is sent (`thidua.orgs.outbox`)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outbox")
    delegate = models.ForeignKey(Delegate, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails")

    objects = scoped_by("event__authority")

    class Meta(Mail.Meta):
        verbose_name = "Thư chờ gửi"
        verbose_name_plural = "Hộp thư chờ gửi"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in MailStatus]), name="outbox_status_valid"),
        ]
