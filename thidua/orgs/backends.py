"""The first authentication backend (#17): django-axes' lockout check, which refuses a locked account or
client address before any other backend runs the password hasher, marking the request so the audit
entry can say the password was never checked."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings

REFUSED_LOCKED = "thidua_login_refused_locked"


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED_LOCKED, True)
            raise


def client_address(request) -> str:
    """The client's address for login throttling and the audit log (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR,
    or behind THIDUA_PROXY_COUNT reverse proxies the address the outermost one saw: the entry of
    X-Forwarded-For that many from the right (entries further left are the client's own and may be forged)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.THIDUA_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-count] if len(hops) >= count else remote
