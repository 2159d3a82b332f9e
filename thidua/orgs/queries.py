"""Reads shaped for pages and exports; every one takes the viewer's scope."""

from __future__ import annotations

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Collate
from django.utils import timezone

from thidua.vn import normalise

from .models import AuditLog, LegalBasis, Office, Organisation, Person, User
from .scope import Scope


def vi(field: str):
    return Collate(field, "vi")


def units(scope: Scope, q: str = "", kind: str = "", include_closed: bool = True):
    qs = scope.filter_units(Organisation.objects.all()).select_related("parent", "merged_into")
    if q:
        qs = qs.filter(name_fold__contains=normalise.fold(q))
    if kind:
        qs = qs.filter(kind=kind)
    if not include_closed:
        qs = qs.filter(valid_to__isnull=True)
    return qs.annotate(people_count=Count("people", filter=Q(people__active=True))).order_by("display_order", vi("name"))


def unit_choices(scope: Scope):
    return scope.filter_units(Organisation.objects.filter(valid_to__isnull=True)).order_by("display_order", vi("name"))


PEOPLE_ORDER = {
    "name": lambda: [vi("given_name"), vi("middle_name"), vi("family_name"), "id"],
    "unit": lambda: ["organisation__display_order", vi("organisation__name"), vi("given_name"), vi("middle_name"),
                     vi("family_name"), "id"],
}


def people(scope: Scope, q: str = "", unit_id: int | None = None, order: str = "name"):
    qs = scope.filter_units(Person.objects.all(), "organisation_id").select_related("organisation")
    if q:
        for word in normalise.fold(q).split():
            qs = qs.filter(name_fold__contains=word)
    if unit_id:
        qs = qs.filter(organisation_id=unit_id)
    return qs.order_by(*PEOPLE_ORDER.get(order, PEOPLE_ORDER["name"])())


def audit(q: str = "", action: str = ""):
    qs = AuditLog.objects.all().select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(actor_name__icontains=q))
    return qs


def accounts(scope: Scope):
    """The accounts of the viewer's authority (every account for a superuser without one)."""
    qs = User.objects.all()
    if scope.authority_id is not None and not scope.user.is_superuser:
        qs = qs.filter(authority_id=scope.authority_id)
    return qs.select_related("unit").order_by(vi("username"))


def login_locks(scope: Scope) -> dict:
    """Failed logins still counting (django-axes' attempts within the lock time): per account and per
    client address, with how many failures and whether they are locked now. Accounts of another
    authority are left out."""
    limit, cool_off = settings.AXES_FAILURE_LIMIT, get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    if scope.authority_id is not None and not scope.user.is_superuser:
        attempts = attempts.exclude(username__in=User.objects.exclude(authority_id=scope.authority_id)
                                    .values("username"))

    def grouped(field: str) -> list[dict]:
        rows = (attempts.exclude(**{f"{field}__isnull": True}).values(field)
                .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time")).order_by("-last"))
        return [{"key": row[field], "failures": row["failures"], "last": row["last"],
                 "locked": row["failures"] >= limit,
                 "until": row["last"] + cool_off if cool_off is not None else None} for row in rows]

    return {"accounts": grouped("username"), "addresses": grouped("ip_address"), "limit": limit}


def lock_message(request, credentials: dict | None = None) -> str:
    """What a locked login is told, in Vietnamese: why, until when, and whom to ask."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    address = get_client_ip_address(request)
    limit, cool_off = settings.AXES_FAILURE_LIMIT, get_cool_off()
    text = f"Đăng nhập đã bị tạm khóa vì nhập sai mật khẩu {limit} lần. "
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        last=Max("attempt_time"))["last"]
    if cool_off is not None and last is not None:
        until = timezone.localtime(last + cool_off)
        minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
        return text + (f"Hãy thử lại sau {minutes} phút (sau {until:%H:%M}) hoặc nhờ quản trị hệ thống "
                       "của cơ quan mở khóa.")
    return text + "Hãy nhờ quản trị hệ thống của cơ quan mở khóa."


OFFICE_FIELDS = ("name", "head_title", "short_code", "is_chief_office", "proposes", "pays", "executes", "receives",
                 "display_order")
BASIS_FIELDS = ("text", "kinds", "valid_from", "valid_to", "display_order")


def paperwork_rows(authority) -> dict[str, list[dict]]:
    """The authority's offices and legal bases as the settings page edits them (and as its version reads them)."""
    return {"offices": list(Office.objects.filter(authority=authority).values("id", *OFFICE_FIELDS)),
            "bases": list(LegalBasis.objects.filter(authority=authority).values("id", *BASIS_FIELDS))}
