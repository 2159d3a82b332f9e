"""Every view declares its permission: `@requires("app.perm")` (login + django-rules check) or
`@public` (no login, e.g. a signed reply link). A test walks the URL conf and fails on any view
that declares neither."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

TEMPORARY_LOGIN_ONLY_PERM = "orgs.change_own_password"


def requires(perm: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.must_change_password and perm != TEMPORARY_LOGIN_ONLY_PERM:
                messages.warning(request, "Mật khẩu của bạn là mật khẩu tạm do quản trị đặt lại: hãy đổi mật khẩu "
                                          "trước khi làm việc.")
                return redirect("orgs:password_change")
            if not request.user.has_perm(perm):
                raise PermissionDenied("Bạn không có quyền truy cập trang này.")
            return view(request, *args, **kwargs)

        wrapped.permission_required = perm
        return wrapped

    return decorator


def public(view):
    view.permission_required = None
    view.is_public = True
    return view


def check_object(request, perm: str, obj) -> None:
    """Object-level check (unit scope) after loading the object."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("Bạn không có quyền với dữ liệu này.")
