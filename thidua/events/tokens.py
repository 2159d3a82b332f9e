"""Signed tokens for invitations: the QR on the letter (check-in) and the personal reply link.

A token is `<event id>.<delegate id>.<nonce>.<signature>`: ids in base62, the delegate's random
nonce (12 base62 characters, rotated when the invitation is revoked or reissued) and the first 22
characters (132 bits) of an HMAC-SHA256 made by `django.core.signing.Signer` with the secret key and
a salt per purpose ("thidua.invitation" for the QR, "thidua.reply" for the reply link), so one
cannot stand in for the other. About 45 characters: a 30 mm QR stays easy to scan.

`verify_token` answers (delegate, None) or (None | delegate, code) with code one of "unknown" (well
signed but the invitation no longer exists), "forged" (not ours, or altered), "revoked" (an older
token of a reissued or revoked invitation) and "wrong_event" (a valid token for another event).
"""

from __future__ import annotations

import re

from django.core import signing
from django.utils.crypto import constant_time_compare
from django_scopes import scopes_disabled

from .models import BASE62, Delegate, Event

SIG_LENGTH = 22
INVITATION_SALT = "thidua.invitation"
REPLY_SALT = "thidua.reply"
_TOKEN = re.compile(r"^([0-9A-Za-z]{1,11})\.([0-9A-Za-z]{1,11})\.([0-9A-Za-z]{6,24})\.([0-9A-Za-z_-]{22})$")

MESSAGES = {
    "unknown": "Không tìm thấy giấy mời ứng với mã này (có thể đại biểu đã bị xóa khỏi danh sách).",
    "forged": "Mã không hợp lệ: không phải mã do hệ thống cấp hoặc đã bị sửa.",
    "revoked": "Giấy mời này đã bị thu hồi hoặc đã được cấp lại; mã cũ không còn giá trị.",
    "wrong_event": "Mã này là của một hội nghị khác.",
}


def b62(n: int) -> str:
    if n < 0:
        raise ValueError("negative id")
    out = ""
    while True:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
        if n == 0:
            return out


def unb62(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 62 + BASE62.index(ch)
    return n


def _sign(value: str, salt: str) -> str:
    return signing.Signer(salt=salt, algorithm="sha256").signature(value)[:SIG_LENGTH]


def _make(delegate: Delegate, salt: str) -> str:
    value = f"{b62(delegate.event_id)}.{b62(delegate.pk)}.{delegate.nonce}"
    return f"{value}.{_sign(value, salt)}"


def _load(delegate_id: int) -> Delegate | None:
    return Delegate.objects.select_related("event", "category", "organisation").filter(pk=delegate_id).first()


def claimed_delegate_id(token: str) -> int | None:
    """The delegate id a token names, unverified: lets a caller read that row (in the transaction it
    will write in) before `verify_token_detail` checks the signature against it."""
    m = _TOKEN.match(token or "")
    return unb62(m.group(2)) if m else None


def _verify(token: str, salt: str, event: Event | None, load=None):
    m = _TOKEN.match(token or "")
    if not m:
        return None, "forged"
    value = token.rsplit(".", 1)[0]
    if not constant_time_compare(_sign(value, salt), m.group(4)):
        return None, "forged"
    event_id, delegate_id, nonce = unb62(m.group(1)), unb62(m.group(2)), m.group(3)
    with scopes_disabled():  # the signature proves the token is ours; callers check the authority
        delegate = (load or _load)(delegate_id)
    if delegate is None or delegate.event_id != event_id:
        return None, "unknown"
    if delegate.revoked or not constant_time_compare(delegate.nonce, nonce):
        return delegate, "revoked"
    if event is not None and delegate.event_id != event.pk:
        return delegate, "wrong_event"
    return delegate, None


def make_token(delegate: Delegate) -> str:
    """The check-in token printed in the invitation's QR."""
    return _make(delegate, INVITATION_SALT)


def verify_token(token: str, event: Event | None = None) -> tuple[Delegate | None, str | None]:
    delegate, code = _verify(token, INVITATION_SALT, event)
    return (delegate if code is None else None), code


def verify_token_detail(token: str, event: Event | None = None, load=None) -> tuple[Delegate | None, str | None]:
    """Like verify_token, but also returns the delegate of a revoked or wrong-event token (for staff pages).
    `load(delegate_id)` reads the delegate (the check-in desk reads only what a scan answer shows)."""
    return _verify(token, INVITATION_SALT, event, load)


def make_reply_token(delegate: Delegate) -> str:
    """The personal reply link's token (no login)."""
    return _make(delegate, REPLY_SALT)


def verify_reply_token(token: str) -> tuple[Delegate | None, str | None]:
    delegate, code = _verify(token, REPLY_SALT, None)
    return (delegate if code is None else None), code


def qr_url(delegate: Delegate, site: str) -> str:
    return f"{site.rstrip('/')}/hoi-nghi/qr/{make_token(delegate)}"


def reply_url(delegate: Delegate, site: str) -> str:
    return f"{site.rstrip('/')}/hoi-nghi/tra-loi/{make_reply_token(delegate)}"
