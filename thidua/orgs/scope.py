"""Who may see which units. The authority dimension is enforced by django-scopes managers; the
unit dimension (a unit officer sees only their own unit) by `Scope` in services and queries."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django_scopes import scope as _scope
from django_scopes import scopes_disabled

from .models import Authority, Role, User


@dataclass(frozen=True)
class Scope:
    user: User
    authority_id: int | None
    unit_id: int | None

    @property
    def is_unit_bound(self) -> bool:
        return self.unit_id is not None

    def filter_units(self, qs, field: str = "id"):
        """Limit a queryset to what the user may see on the unit dimension."""
        if self.unit_id is None:
            return qs
        return qs.filter(**{field: self.unit_id})

    def check_unit(self, unit_id: int | None) -> None:
        """Refuse access to another unit's data (tampered ids end here)."""
        if self.unit_id is not None and unit_id != self.unit_id:
            raise PermissionDenied("Bạn chỉ được xem và sửa dữ liệu của đơn vị mình.")

    def check_authority(self, authority_id: int | None) -> None:
        if self.authority_id is not None and authority_id != self.authority_id:
            raise PermissionDenied("Dữ liệu này thuộc cơ quan khác.")


def authority_for(user: User) -> Authority:
    """The authority a user works for. A superuser made with `createsuperuser` has none: on a
    system with one authority that one is theirs; otherwise they must be given one."""
    if user.authority_id is not None:
        return user.authority
    with scopes_disabled():
        only = list(Authority.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise PermissionDenied("Tài khoản chưa gắn với cơ quan tổ chức nào; quản trị viên cần chọn cơ quan cho tài khoản.")


def scope_for(user: User) -> Scope:
    if not user.is_authenticated:
        raise PermissionDenied("Cần đăng nhập.")
    unit_id = user.unit_id if (user.role == Role.UNIT_OFFICER and not user.is_superuser) else None
    return Scope(user=user, authority_id=user.authority_id, unit_id=unit_id)


@contextmanager
def activate(authority: Authority | int | None):
    """Run a block within one authority's data (CLI commands, tasks, tests).
    `None` is all authorities: only for superusers and maintenance commands."""
    if authority is None:
        with scopes_disabled():
            yield
        return
    authority_id = authority if isinstance(authority, int) else authority.pk
    with _scope(authority=authority_id):
        yield


@contextmanager
def activate_for_user(user: User):
    if user.is_superuser and user.authority_id is None:
        with scopes_disabled():
            yield
    else:
        # A user with no authority gets an impossible scope: every scoped query returns nothing.
        with _scope(authority=user.authority_id if user.authority_id is not None else -1):
            yield
