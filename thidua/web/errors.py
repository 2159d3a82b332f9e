"""The error answers (thidua/urls.py names them as handler400/403/404/500): Vietnamese pages inside the
site's shell (templates 400.html, 403.html, 404.html; 500.html stands alone, rendered without the
database or the request), and JSON for the API, which a scanner or the desk page reads."""

import errno
import logging
import sys

from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from thidua.orgs.viewkit import wants_json

log = logging.getLogger(__name__)

_STORAGE_TROUBLE = ("readonly database", "read-only", "database or disk is full", "disk i/o error",
                    "unable to open database", "no space left")


def storage_trouble(exc: BaseException | None) -> bool:
    """A write refused by the disk, not by the program: the data folder read-only or full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
        return True
    return isinstance(exc, DatabaseError) and any(t in str(exc).lower() for t in _STORAGE_TROUBLE)


MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    403: ("forbidden", "Tài khoản này không có quyền làm việc này."),
    404: ("not_found", "Không tìm thấy trang hoặc dữ liệu được yêu cầu."),
    500: ("server_error", "Hệ thống gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Vui lòng thử lại sau."),
    503: ("storage", "Hệ thống tạm thời không ghi được dữ liệu (ổ đĩa đầy hoặc thư mục dữ liệu chỉ cho đọc), nên "
                     "chưa làm được việc này; dữ liệu đã có không mất. Báo quản trị viên, rồi thử lại sau."),
}


def _json(status: int) -> JsonResponse:
    error, message = MESSAGES[status]
    return JsonResponse({"error": error, "message": message, "field": None}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception):
    return _json(400) if wants_json(request) else defaults.bad_request(request, exception)


def permission_denied(request, exception):
    return _json(403) if wants_json(request) else defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    return _json(404) if wants_json(request) else defaults.page_not_found(request, exception)


def server_error(request):
    """A write the disk refused (read-only or full data folder; a login writes its session) is a 503 that
    says so, from a view or from a middleware alike: Django calls this inside its `except` (#17)."""
    if storage_trouble(sys.exc_info()[1]):
        if wants_json(request):
            return _json(503)
        try:
            return render(request, "_error.html", {"error_code": 503, "error_title": "Tạm thời không ghi được dữ liệu",
                                                   "error_text": MESSAGES[503][1]}, status=503)
        except Exception:  # noqa: BLE001 (the shell itself could not be drawn: the plain page below)
            log.warning("the 503 page could not be drawn", exc_info=True)
    return _json(500) if wants_json(request) else defaults.server_error(request)
