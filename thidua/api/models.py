"""The other systems an authority lets read its data (e-office, the national databases): one `ApiClient`
per system, holding a bearer token of which only the SHA-256 is kept (the token is shown once, on
creation), what it may read (`scopes`) and when it was last used. A client reads its own authority's
data and nothing else."""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Q

from thidua.orgs.modelkit import CleanCharField, scoped_by
from thidua.orgs.models import Authority, User

TOKEN_START = "tdq_"  # noqa: S105 (a marker, not a secret): every token begins so: a leaked one is recognisable in logs and secret scanners
PREFIX_LENGTH = len(TOKEN_START) + 8  # the part kept readable, to tell tokens apart and find one quickly


class ApiScope(models.TextChoices):
    """What a client may read; the API has no writing scope yet (read-only by default)."""

    DOSSIERS = "dossiers.read", "Đọc hồ sơ đề nghị khen thưởng gửi, nhận"
    DECISIONS = "decisions.read", "Đọc quyết định khen thưởng và danh sách kèm theo"
    AWARDS = "awards.read", "Đọc danh sách cá nhân, tập thể được khen thưởng"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    name = CleanCharField("Tên hệ thống", max_length=120, help_text="Ví dụ: Hệ thống quản lý văn bản điều hành")
    purpose = CleanCharField("Mục đích kết nối", max_length=300, blank=True)
    scopes = models.JSONField("Được đọc", default=list)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True, editable=False)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Tạo lúc")
    last_used_at = models.DateTimeField("Dùng lần cuối", null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField("Thu hồi lúc", null=True, blank=True)

    objects = scoped_by("authority")

    class Meta:
        verbose_name = "Hệ thống kết nối (API)"
        verbose_name_plural = "Hệ thống kết nối (API)"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                                   name="apiclient_revoked_after_created"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(ApiScope.choices)
        return [labels[s] for s in ApiScope.values if s in (self.scopes or [])]
