"""The fund (quỹ thi đua, khen thưởng) of an authority: a ledger of entries, money in (trích lập, bổ sung,
điều chỉnh tăng) and out (chi khen thưởng, điều chỉnh giảm). An amount is a positive whole number of đồng,
its kind gives the sign (`states`). An issued decision of the authority's own is posted once as a payment
(`decision` unique): issuing again, or the demo loading twice, never posts it twice. Entries are never
edited in place once a decision's posting: a correction is an adjustment."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from thidua.awards.models import Decision
from thidua.orgs.modelkit import CleanCharField, scoped_by
from thidua.orgs.models import Authority, User

from . import states


class EntryKind(models.TextChoices):
    ALLOCATION = states.ALLOCATION, states.KIND_LABELS[states.ALLOCATION]
    PAYMENT = states.PAYMENT, states.KIND_LABELS[states.PAYMENT]
    ADJUST_IN = states.ADJUST_IN, states.KIND_LABELS[states.ADJUST_IN]
    ADJUST_OUT = states.ADJUST_OUT, states.KIND_LABELS[states.ADJUST_OUT]


class FundEntry(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("Ngày")
    kind = models.CharField("Loại", max_length=12, choices=EntryKind.choices)
    amount = models.PositiveBigIntegerField("Số tiền (đồng)")
    description = CleanCharField("Nội dung", max_length=300)
    decision = models.ForeignKey(Decision, verbose_name="Quyết định khen thưởng chi", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="fund_entries")
    document_number = CleanCharField("Số chứng từ", max_length=60, blank=True,
                                     help_text="Ví dụ: 15/QĐ-UBND, phiếu chi số 12")
    document_date = models.DateField("Ngày chứng từ", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Bút toán quỹ thi đua, khen thưởng"
        verbose_name_plural = "Sổ quỹ thi đua, khen thưởng"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=states.KINDS), name="fundentry_kind_valid"),
            models.CheckConstraint(condition=Q(amount__gt=0) & Q(amount__lte=states.MAX_AMOUNT),
                                   name="fundentry_amount_positive"),
            models.UniqueConstraint(fields=["decision"], condition=Q(decision__isnull=False),
                                    name="fundentry_one_posting_per_decision"),
        ]
        indexes = [models.Index(fields=["authority", "date"], name="fundentry_authority_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} – {self.description}"

    @property
    def signed_amount(self) -> int:
        return states.signed(self.kind, self.amount)

    @property
    def is_posting(self) -> bool:
        return self.decision_id is not None
