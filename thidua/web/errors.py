"""The error answers (thidua/urls.py names them as handler400/403/404/500): Vietnamese pages inside the
site's shell (templates 400.html, 403.html, 404.html; 500.html stands alone, rendered without the
database or the request), and JSON for the API, which a scanner or the desk page reads."""

from django.http import JsonResponse
from django.views import defaults

from thidua.orgs.viewkit import wants_json

MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    403: ("forbidden", "Tài khoản này không có quyền làm việc này."),
    404: ("not_found", "Không tìm thấy trang hoặc dữ liệu được yêu cầu."),
    500: ("server_error", "Hệ thống gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Vui lòng thử lại sau."),
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
    return _json(500) if wants_json(request) else defaults.server_error(request)
