import datetime as dt
import logging
import re
import time

from django.conf import settings
from django.contrib import messages
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from thidua import clock
from thidua.paperwork.model import PaperworkError
from thidua.vn.dates import numeric_date
from thidua.vn.money import format_number

from .scope import activate_for_user
from .signals import SEEN_EVERY, SEEN_KEY
from .viewkit import wants_json

log = logging.getLogger(__name__)

AS_OF_KEY = "thidua_as_of"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The only requests that may change something while a past date is set: choosing another date or
# going back to today (the session only), and signing out.
WRITES_ALLOWED_AS_OF = ("web:set_as_of", "logout")


class PrivateMiddleware:
    """What a signed-in user is served stays theirs, and an idle session ends (#17).

    Every response to a signed-in user (a page, a download of personal data, the desk's JSON) carries
    `Cache-Control: no-store`, so neither the browser's cache nor a proxy keeps it after logout. Static
    files never reach this: WhiteNoise answers them first. A scanner's bearer request is served by
    `thidua.wsgi.DeviceHandler` without this middleware; the API marks its own answers.

    Idle timeout: the session lives SESSION_COOKIE_AGE (THIDUA_IDLE_HOURS) from its last save. A request
    saves it at most once a minute (a timestamp in the session), not on every request as
    SESSION_SAVE_EVERY_REQUEST would: a desk scanning through its session costs no extra write per scan."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if not isinstance(seen, int) or now - seen >= SEEN_EVERY:
                request.session[SEEN_KEY] = now  # before the view: a logout's flush then drops it
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the login view replaces it
        if signed_in or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


# A statement that would store something: refused while a past date is set, whatever the method (a page
# that creates a row on first view, e.g. a score sheet, would otherwise store it with the pretended date).
_WRITE_SQL = re.compile(r"^\s*(?:WITH\b.*?\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|ALTER|DROP|TRUNCATE)\b",
                        re.IGNORECASE | re.DOTALL)


class ReadOnlyAsOf(Exception):  # noqa: N818 (a refusal, not an error)
    """A write attempted while the system is viewed as of another day."""


def _refuse_writes(execute, sql, params, many, context):
    if _WRITE_SQL.match(sql):
        raise ReadOnlyAsOf(sql.split(None, 1)[0])
    return execute(sql, params, many, context)


def read_only_message(day: dt.date) -> str:
    return (f"Đang xem hệ thống như vào ngày {numeric_date(day)}: chế độ này chỉ để xem, mọi thao tác "
            "ghi (lưu, nộp, duyệt, điểm danh, chạy việc nền…) đều bị từ chối để không có gì được ghi với "
            "ngày giả định. Bấm “Về ngày hiện tại” rồi làm lại thao tác.")


def _refuse(request, day: dt.date):
    """A write made while viewing the system as of another day: refused before any view runs."""
    message = read_only_message(day)
    if wants_json(request):
        return JsonResponse({"error": "read_only", "message": message, "field": None}, status=403)
    back = request.headers.get("Referer") or reverse("web:dashboard")
    return render(request, "orgs/read_only.html", {"refused_message": message, "refused_day": day,
                                                   "refused_back": back}, status=403)


class ScopeMiddleware:
    """Activates the signed-in user's authority for the whole request (anonymous requests get no
    scope, so a scoped query made for them fails loudly), and the user's "as of" date if they chose
    to view the system as of another day (the time machine).

    The time machine only looks: while a date is set, every request that could write (any method but
    GET/HEAD/OPTIONS) is refused here, before its view, with a Vietnamese message — the forms, the
    check-in API with a session, starting a background job alike — except choosing another date and
    signing out; and a page that would write while being viewed (a row created on first view) is
    refused at its first writing statement. So nothing is ever stored with the pretended date (#16)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths: frozenset[str] | None = None

    def _allowed(self, path: str) -> bool:
        if self._allowed_paths is None:
            self._allowed_paths = frozenset(reverse(name) for name in WRITES_ALLOWED_AS_OF)
        return path in self._allowed_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        as_of = None
        if value := request.session.get(AS_OF_KEY):
            try:
                as_of = dt.date.fromisoformat(value)
            except ValueError:
                request.session.pop(AS_OF_KEY, None)
        request.as_of = as_of
        with activate_for_user(user):
            if as_of is None:
                return self.get_response(request)
            if self._allowed(request.path):  # choosing a date, signing out (the session is flushed)
                return self.get_response(request)
            if request.method not in SAFE_METHODS:
                return _refuse(request, as_of)
            with clock.as_of(as_of), connection.execute_wrapper(_refuse_writes):  # a page that writes
                return self.get_response(request)

    def process_exception(self, request, exception):
        """A page that tried to write while viewing as of another day: the read-only refusal. A document
        that cannot be made from the data (text the font cannot draw, stored before the rule): said
        where the user was, never a server error."""
        if isinstance(exception, ReadOnlyAsOf) and getattr(request, "as_of", None):
            if connection.in_atomic_block:  # the refused statement never reached the database, and no
                transaction.set_rollback(False)  # write of this request did: the transaction is sound
            return _refuse(request, request.as_of)
        if not isinstance(exception, PaperworkError):
            return None
        message = f"Không tạo được văn bản: {exception}"
        back = request.headers.get("Referer", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            messages.error(request, message)
            return redirect(back)
        return render(request, "orgs/document_error.html", {"message": message}, status=422)


class BodyLimitMiddleware:
    """Refuse a request body from its declared length, before a byte of it is read (#17): a visitor who is
    not signed in sends at most ANON_BODY_MAX_BYTES (the login form, a reply, a scan), a signed-in user at
    most BODY_MAX_BYTES (one upload of THIDUA_UPLOAD_MAX_MB and its form). Django reads no body without a
    Content-Length, so a chunked body is never read at all. Placed after the authentication middleware and
    before any view reads request.POST (the CSRF check does, in process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            signed_in = request.user.is_authenticated
            limit = settings.BODY_MAX_BYTES if signed_in else settings.ANON_BODY_MAX_BYTES
            if length > limit:
                log.warning("body of %s bytes refused (limit %s) for %s %s", length, limit,
                            request.user if signed_in else "anonymous", request.path)
                return too_large(request, length, limit)
        return self.get_response(request)


def _size(n: int) -> str:
    return f"{format_number(n / 1024 / 1024, 1)} MB" if n >= 1024 * 1024 else f"{format_number(n // 1024)} KB"


def too_large(request, length: int, limit: int):
    message = (f"Dữ liệu gửi lên quá lớn ({_size(length)}); tối đa {_size(limit)}. Chọn tệp nhỏ hơn "
               f"(tệp tải lên tối đa {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB).")
    if wants_json(request):
        return JsonResponse({"error": "too_large", "message": message, "field": None}, status=413,
                            json_dumps_params={"ensure_ascii": False})
    response = render(request, "_error.html", {"error_code": 413, "error_title": "Dữ liệu gửi lên quá lớn",
                                               "error_text": message}, status=413)
    response["Connection"] = "close"  # the unread body must not be taken for the next request
    return response

