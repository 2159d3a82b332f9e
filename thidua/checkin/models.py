"""The conference day: every scan at a reception desk (with its client nonce and its result), the
check-ins it produced (undone with a reason, never deleted), the hall plan and the seats given out,
and API tokens for scanner devices.

A delegate's seat is `events.Delegate.seat` (its one owner); `SeatAssignment` says only how the
seating gave it. A delegate is present while their valid `CheckIn` stands: that row is the one
record of presence (`events.models.present` names it for counting).
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Q

from thidua.events.models import Delegate, Event
from thidua.orgs.modelkit import CleanCharField, scoped_by
from thidua.orgs.models import User

from . import states

_RESULT = states.SCAN_RESULT_LABELS


class ScanResult(models.TextChoices):
    OK = "ok", _RESULT["ok"]
    UNKNOWN = "unknown", _RESULT["unknown"]
    FORGED = "forged", _RESULT["forged"]
    REVOKED = "revoked", _RESULT["revoked"]
    WRONG_EVENT = "wrong_event", _RESULT["wrong_event"]
    ALREADY = "already_checked_in", _RESULT["already_checked_in"]


class CheckInStatus(models.TextChoices):
    VALID = states.VALID, states.CHECKIN_LABELS[states.VALID]
    UNDONE = states.UNDONE, states.CHECKIN_LABELS[states.UNDONE]


class CheckIn(models.Model):
    """A delegate (or the substitute in their place) is in the hall. At most one valid per delegate."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkins")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="checkins")
    at = models.DateTimeField("Lúc")
    desk = CleanCharField("Bàn đón tiếp", max_length=40, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nonce = models.CharField(max_length=64)
    attendee_name = CleanCharField("Người đến dự", max_length=180, blank=True,
                                     help_text="Tên người dự thay, khi không phải đại biểu được mời.")
    walk_in = models.BooleanField("Đến không có giấy mời", default=False)
    status = models.CharField("Trạng thái", max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.VALID)
    undone_at = models.DateTimeField("Hủy lúc", null=True, blank=True)
    undone_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undo_reason = CleanCharField("Lý do hủy", max_length=250, blank=True)

    objects = scoped_by("event__authority")

    class Meta:
        verbose_name = "Lượt điểm danh"
        verbose_name_plural = "Lượt điểm danh"
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in CheckInStatus]),
                                   name="checkin_status_valid"),
            models.CheckConstraint(condition=(Q(status="valid") & Q(undone_at__isnull=True) & Q(undo_reason=""))
                                   | (Q(status="undone") & Q(undone_at__isnull=False) & ~Q(undo_reason="")),
                                   name="checkin_undo_complete"),
            models.CheckConstraint(condition=~Q(nonce=""), name="checkin_nonce_present"),
            models.UniqueConstraint(fields=["nonce"], name="checkin_nonce_unique"),
            models.UniqueConstraint(fields=["delegate"], condition=Q(status="valid"), name="checkin_one_valid"),
        ]
        indexes = [models.Index(fields=["event", "status", "at"])]

    def __str__(self) -> str:
        return f"{self.delegate_id} @ {self.at:%H:%M}"


class Scan(models.Model):
    """Every check-in request a desk made, keyed by its client nonce: a retried upload finds its first
    answer here. Refusals (forged, revoked, already checked in…) are kept too: the desk log."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scans")
    nonce = models.CharField(max_length=64)
    at = models.DateTimeField("Lúc")
    desk = models.CharField("Bàn đón tiếp", max_length=40, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    delegate = models.ForeignKey(Delegate, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans")
    result = models.CharField("Kết quả", max_length=24, choices=ScanResult.choices)
    checkin = models.ForeignKey(CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    conflict = models.ForeignKey(CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text="Lượt điểm danh trước đó (khi kết quả là đã điểm danh).")
    offline = models.BooleanField("Gửi lại khi có mạng", default=False)

    objects = scoped_by("event__authority")

    class Meta:
        verbose_name = "Lượt quét"
        verbose_name_plural = "Lượt quét"
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(result__in=[r.value for r in ScanResult]), name="scan_result_valid"),
            models.CheckConstraint(condition=~Q(nonce=""), name="scan_nonce_present"),
            models.UniqueConstraint(fields=["nonce"], name="scan_nonce_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.nonce}: {self.result}"


class HallPlan(models.Model):
    """The hall of an event: blocks, rows and seats as JSON validated by `hall.validate_plan`."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="hall_plan")
    plan = models.JSONField("Sơ đồ hội trường")
    updated_at = models.DateTimeField("Cập nhật lúc")
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = scoped_by("event__authority")

    class Meta:
        verbose_name = "Sơ đồ hội trường"
        verbose_name_plural = "Sơ đồ hội trường"

    def __str__(self) -> str:
        return str(self.plan.get("name") or self.event_id)


class SeatAssignment(models.Model):
    """The seating gave this delegate the seat in `Delegate.seat` (automatically, or by hand when
    `manual`: those stay put when seats are assigned automatically again). A seat typed on the
    delegate's form has no assignment."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="seat_assignments")
    delegate = models.OneToOneField(Delegate, on_delete=models.CASCADE, related_name="seat_assignment")
    manual = models.BooleanField("Xếp tay", default=False)

    objects = scoped_by("event__authority")

    class Meta:
        verbose_name = "Chỗ ngồi"
        verbose_name_plural = "Chỗ ngồi"

    def __str__(self) -> str:
        return f"{self.delegate_id}{' (xếp tay)' if self.manual else ''}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for a scanner device, acting as one account (usually a reception account).
    Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkin_tokens")
    name = models.CharField("Tên thiết bị", max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField("Tạo lúc")
    revoked_at = models.DateTimeField("Thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Mã truy cập máy quét"
        verbose_name_plural = "Mã truy cập máy quét"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
