"""The first authentication backend (#17): django-axes' lockout check, which refuses a locked account or
client address before any other backend runs the password hasher, marking the request so the audit
entry can say the password was never checked."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied

REFUSED_LOCKED = "thidua_login_refused_locked"


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED_LOCKED, True)
            raise
