"""The standing list of the council (Hội đồng Thi đua - Khen thưởng) of an authority: who sits in it, in
which position, in which order (the chairman first). A meeting starts from the seats active on its day
(copied into its `CouncilMember`s, which the secretariat then adjusts for that meeting). Imported into
`models.py`, which would otherwise pass 600 lines."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from thidua.orgs.modelkit import CleanCharField, scoped_by
from thidua.orgs.models import Authority, Person


class SeatPosition(models.TextChoices):
    CHAIR = "chu-tich", "Chủ tịch Hội đồng"
    VICE_CHAIR = "pho-chu-tich", "Phó Chủ tịch Hội đồng"
    STANDING = "thuong-truc", "Ủy viên thường trực"
    MEMBER = "uy-vien", "Ủy viên"
    SECRETARY = "thu-ky", "Thư ký Hội đồng"


class CouncilSeat(models.Model):
    """One member of the standing council: a person of the authority or a typed name (someone from outside
    its people, e.g. the chairman of the Fatherland Front), active from `active_from` until the day before
    `active_to` (None: still in office)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="Cán bộ", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    name = CleanCharField("Họ và tên", max_length=150)
    position = models.CharField("Vị trí trong Hội đồng", max_length=14, choices=SeatPosition.choices,
                                default=SeatPosition.MEMBER)
    title = CleanCharField("Chức vụ, cơ quan", max_length=120, blank=True, default="",
                           help_text="Ví dụ: Chủ tịch UBND huyện; Trưởng phòng Nội vụ.")
    order = models.PositiveIntegerField("Thứ tự", default=0)
    active_from = models.DateField("Từ ngày")
    active_to = models.DateField("Thôi từ ngày", null=True, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Thành viên Hội đồng (danh sách thường trực)"
        verbose_name_plural = "Danh sách thành viên Hội đồng"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(position__in=SeatPosition.values), name="councilseat_position_valid"),
            models.CheckConstraint(condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                                   name="councilseat_dates_valid"),
        ]
        indexes = [models.Index(fields=["authority", "order"], name="councilseat_authority_order")]

    def __str__(self) -> str:
        return f"{self.name} – {self.get_position_display()}"

    def is_active(self, on: dt.date) -> bool:
        return self.active_from <= on and (self.active_to is None or on < self.active_to)

    @property
    def member_role(self) -> str:
        """The role a meeting records: the position, then the office ("Chủ tịch Hội đồng (Chủ tịch UBND huyện)")."""
        label = self.get_position_display()
        return f"{label} ({self.title})" if self.title else label


def active_on(on: dt.date) -> Q:
    """The seats in office on a day."""
    return Q(active_from__lte=on) & (Q(active_to__isnull=True) | Q(active_to__gt=on))
