"""Dossiers between levels (hồ sơ đề nghị khen thưởng gửi cấp trên, #19): a commune or department sends its
approved proposals for a form decided above it to its parent authority, which receives, appraises, takes
them to its council and decides; the decision comes back as a recorded copy in the sender's records.

A dossier belongs to two authorities: its manager shows it to the active authority as sender, or as
receiver once it was sent (a draft is the sender's alone); every other authority gets nothing (a 404).
Its items, files and history follow the dossier."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

from thidua.awards.models import Award, AwardFamily, Decision, Proposal, ProposalLine, RecipientKind
from thidua.orgs.modelkit import CleanCharField, CleanTextField
from thidua.orgs.models import Authority, Organisation, Person, RegisterEntry, User

from . import states


def _choices(name: str, labels: dict[str, str]) -> type[models.TextChoices]:
    return models.TextChoices(name, [(k.upper(), (k, v)) for k, v in labels.items()])


DossierState = _choices("DossierState", states.STATE_LABELS)
Side = _choices("Side", states.SIDE_LABELS)
Outcome = _choices("Outcome", states.OUTCOME_LABELS)


class EitherSideManager(models.Manager):
    """The django-scopes manager of a row seen by two authorities: the sender (always) and the receiver
    (once sent). Like `orgs.modelkit.scoped_by`, a query without an active scope fails loudly, and
    `scopes_disabled()` sees everything. `authority_path` (what `modelkit.authority_of`, the audit log
    and `check_authority` follow) is the sender: the receiver's writes name their authority themselves."""

    prefix = ""  # the path from the model to its dossier ("dossier__"), fixed per class (related managers
    authority_path = "sender"  # are made by subclassing the default manager's class and calling it bare)

    def get_queryset(self):
        scope = get_scope()
        if not scope.get("_enabled", True):
            return super().get_queryset()
        if "authority" not in scope:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"authority"})
        value, p = scope["authority"], self.prefix
        ids = list(value) if isinstance(value, list | tuple) else [value]
        return super().get_queryset().filter(
            Q(**{f"{p}sender_id__in": ids})
            | (Q(**{f"{p}receiver_id__in": ids}) & ~Q(**{f"{p}state": states.DRAFT})))

    def all(self):
        qs = super().all()
        return qs.all() if isinstance(qs, DisabledQuerySet) else qs


def either_side(prefix: str = "") -> EitherSideManager:
    """The manager of a model reaching its dossier through `prefix` ("" for the dossier itself)."""
    cls = type(f"EitherSideManager_{prefix.strip('_') or 'dossier'}", (EitherSideManager,),
               {"prefix": prefix, "authority_path": f"{prefix}sender", "__module__": __name__})
    return cls()


class Dossier(models.Model):
    """Hồ sơ đề nghị khen thưởng of one authority to the one above it, for one form decided there."""

    sender = models.ForeignKey(Authority, verbose_name="Nơi gửi", on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Authority, verbose_name="Nơi nhận", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("Năm thi đua")
    family = models.ForeignKey(AwardFamily, verbose_name="Loại hình", on_delete=models.PROTECT, related_name="+")
    award = models.ForeignKey(Award, verbose_name="Danh hiệu, hình thức", on_delete=models.PROTECT, related_name="+")
    title = CleanCharField("Trích yếu", max_length=300)
    state = models.CharField("Trạng thái", max_length=12, choices=DossierState.choices, default=states.DRAFT)
    letter_number = CleanCharField("Số tờ trình", max_length=40, blank=True, help_text="Ví dụ: 15/TTr-UBND")
    letter_date = models.DateField("Ngày tờ trình", null=True, blank=True)
    letter_entry = models.ForeignKey(RegisterEntry, verbose_name="Tờ trình trong sổ văn bản đi", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    source_proposals = models.ManyToManyField(Proposal, verbose_name="Hồ sơ đề nghị của nơi gửi", related_name="+")
    sent_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    first_sent_at = models.DateTimeField("Gửi lần đầu lúc", null=True, blank=True)
    received_on = models.DateField("Ngày tiếp nhận", null=True, blank=True,
                                   help_text="Ngày nơi nhận tiếp nhận hồ sơ: ngày tính thời hạn giải quyết.")
    return_reason = CleanTextField("Lý do trả lại", blank=True)
    receiver_proposal = models.ForeignKey(Proposal, verbose_name="Hồ sơ đề nghị tại nơi nhận", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    decision = models.ForeignKey(Decision, verbose_name="Quyết định của nơi nhận", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    recorded_decision = models.ForeignKey(Decision, verbose_name="Quyết định ghi nhận tại nơi gửi", null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = either_side()

    class Meta:
        verbose_name = "Hồ sơ đề nghị khen thưởng gửi cấp trên"
        verbose_name_plural = "Hồ sơ đề nghị khen thưởng gửi cấp trên"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["receiver", "state"], name="dossier_inbox"),
                   models.Index(fields=["sender", "state"], name="dossier_outbox")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=list(states.STATE_LABELS)), name="dossier_state_valid"),
            models.CheckConstraint(condition=~Q(sender=models.F("receiver")), name="dossier_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"Hồ sơ đề nghị {self.award.name} năm {self.year}"

    @property
    def state_label(self) -> str:
        return states.STATE_LABELS.get(self.state, self.state)

    def side_of(self, authority_id: int | None) -> str | None:
        if authority_id == self.sender_id:
            return states.SENDER
        if authority_id == self.receiver_id and self.state != states.DRAFT:
            return states.RECEIVER
        return None


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"
    NONE = "", "—"


class DossierItem(models.Model):
    """One candidate of the dossier, as the sender lists it (with links to its own rows) and as the receiver
    took it into its proposal."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("Đối tượng", max_length=12, choices=RecipientKind.choices)
    name = CleanCharField("Họ tên / tên tập thể", max_length=250)
    birth_year = models.PositiveSmallIntegerField("Năm sinh", null=True, blank=True)
    gender = models.CharField("Giới tính", max_length=1, choices=Gender.choices, blank=True, default="")
    position = CleanCharField("Chức vụ", max_length=150, blank=True)
    unit_name = CleanCharField("Đơn vị", max_length=250, blank=True)
    achievement = CleanTextField("Tóm tắt thành tích", blank=True)
    initiative = CleanCharField("Sáng kiến, đề tài được công nhận", max_length=300, blank=True)
    source_line = models.ForeignKey(ProposalLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    receiver_line = models.ForeignKey(ProposalLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField("Kết quả", max_length=12, choices=Outcome.choices, default=states.PENDING)
    order = models.PositiveIntegerField(default=0)

    objects = either_side("dossier__")

    class Meta:
        verbose_name = "Tập thể, cá nhân trong hồ sơ"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RecipientKind.values), name="dossieritem_kind_valid"),
            models.CheckConstraint(condition=Q(outcome__in=list(states.OUTCOME_LABELS)),
                                   name="dossieritem_outcome_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class FileKind(models.TextChoices):
    COVER = "to-trinh", "Tờ trình đề nghị"
    MINUTES = "bien-ban", "Biên bản họp Hội đồng Thi đua - Khen thưởng"
    REPORT = "bao-cao", "Báo cáo thành tích"
    OTHER = "khac", "Tài liệu khác"


FILE_KINDS = frozenset({"pdf", "docx", "doc", "xlsx", "jpg", "png"})  # by content (orgs.uploads.sniff)


class DossierFile(models.Model):
    """A file of the dossier, kept privately under `exchange/files/`, served by the permission-checked view."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("Loại tài liệu", max_length=10, choices=FileKind.choices)
    filename = models.CharField("Tên tệp", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="exchange/files/", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField()

    objects = either_side("dossier__")

    class Meta:
        verbose_name = "Tài liệu của hồ sơ"
        ordering = ["kind", "uploaded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=FileKind.values), name="dossierfile_kind_valid")]

    def __str__(self) -> str:
        return self.filename


class DossierEvent(models.Model):
    """One step of the dossier's history: who, on which side, from and to which state, and why. Kept for
    good: a dossier with history cannot be deleted, nor can the entry."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=180)
    side = models.CharField(max_length=10, choices=Side.choices)
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    note = models.TextField(blank=True)

    objects = either_side("dossier__")

    class Meta:
        verbose_name = "Lịch sử xử lý hồ sơ"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action_label} ({self.actor_name})"

    def delete(self, *args, **kwargs):
        raise ValueError("Lịch sử hồ sơ không được xóa.")

    @property
    def action_label(self) -> str:
        t = states.TRANSITIONS.get(self.action)
        return t.label if t else {"create": "Lập hồ sơ", "file": "Đính kèm tài liệu", "note": "Ghi chú",
                                  "recorded": "Ghi nhận quyết định tại nơi gửi"}.get(self.action, self.action)

    @property
    def side_label(self) -> str:
        return states.SIDE_LABELS.get(self.side, self.side)
