"""The JSON API for reception desks and scanner apps (described in `openapi.py`).

Authentication: the session (POSTs need the CSRF header) or `Authorization: Bearer <key>` of an
`ApiToken`. A token is honoured only here: with it a device can call these endpoints and nothing else.
"""

from __future__ import annotations

import json
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from thidua.events.models import Delegate, Event
from thidua.orgs.access import public
from thidua.orgs.models import User
from thidua.orgs.scope import activate_for_user
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import ID_MAX

from . import openapi, queries, services, store
from .models import CheckIn, hash_key

MAX_BODY = 16 * 1024


def valid_id(value) -> bool:
    """An id a column can hold: a bigger one (99999999999999999999) would overflow store's bound parameter."""
    return isinstance(value, int) and 0 < value <= ID_MAX


def _error(status: int, error: str, message: str, field: str | None = None) -> JsonResponse:
    return JsonResponse({"error": error, "message": message, "field": field}, status=status)


def _token_user(request, event_id: int | None):
    """(the token's account or None, whether a token was sent, the URL's event when read with it)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() not in ("bearer", "token") or not key.strip():
        return None, False, None
    user, event = store.user_for_token(hash_key(key.strip()), event_id)
    return user, True, event


def holds(user: User, authority_id: int | None) -> bool:
    """Whether the account's scope (`activate_for_user`) holds a row of this authority: for the rows
    `store` reads without the ORM's scoped managers. A superuser of no authority holds every one; an
    account of no authority holds none."""
    if user.is_superuser and user.authority_id is None:
        return True
    return authority_id is not None and authority_id == user.authority_id


def _event(user: User, pk: int, read: Event | None) -> Event:
    """The event a desk works on, if the caller's authority holds it (a scanner names it in every
    request: a token's request has it read with the account, in one statement)."""
    event = read if read is not None else store.event(pk)
    if event is None or not holds(user, event.authority_id):
        raise Http404
    return event


def endpoint(perm: str, methods: tuple[str, ...] = ("GET",)):
    """An API view: authenticates (token or session with CSRF), checks the method and permission,
    activates the account's authority scope, and hands the view the URL's event (`event_id`) as
    `event`, answering 404 when the authority does not hold it."""
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            event_id = kwargs.pop("event_id", None)
            known = event_id is None or valid_id(event_id)  # 99999999999999999999 overflows a bound parameter
            user, by_token, event = _token_user(request, event_id if known else None)
            if by_token and user is None:
                return _error(401, "unauthenticated", "Mã truy cập không đúng hoặc đã bị thu hồi.")
            if user is not None:
                request.user = user
            elif not request.user.is_authenticated:
                return _error(401, "unauthenticated", "Cần đăng nhập hoặc mã truy cập.")
            elif request.method == "POST":
                rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
                if rejected is not None:
                    return _error(403, "csrf", "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang.")
            if request.method not in methods:
                return _error(405, "method_not_allowed", f"Chỉ nhận {', '.join(methods)}.")
            if not request.user.has_perm(perm):
                return _error(403, "forbidden", "Tài khoản này không có quyền gọi chức năng này.")
            try:
                with activate_for_user(request.user):
                    if not known:
                        raise Http404
                    if event_id is not None:
                        kwargs["event"] = _event(request.user, event_id, event)
                    response = view(request, *args, **kwargs)
                    add_never_cache_headers(response)  # personal data; a token's request skips PrivateMiddleware
                    return response
            except Http404:
                return _error(404, "not_found", "Không tìm thấy hội nghị hoặc đại biểu.")
            except PermissionDenied as exc:
                return _error(403, "forbidden", str(exc) or "Không có quyền.")
            except ValidationFailed as exc:
                return _error(400, "invalid", exc.message, exc.field)

        wrapped.permission_required = perm
        return wrapped

    return decorator


def _body(request) -> dict:
    if len(request.body) > MAX_BODY:
        raise ValidationFailed("Dữ liệu gửi lên quá lớn.", None)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("Dữ liệu gửi lên không phải JSON hợp lệ.", None)
    if not isinstance(data, dict):
        raise ValidationFailed("Dữ liệu gửi lên phải là một đối tượng JSON.", None)
    return data


def event_payload(event: Event) -> dict:
    return {"id": event.pk, "title": event.title, "slug": event.slug,
            "date": event.date.isoformat() if event.date else None, "venue": event.venue}


def checkin_payload(c: CheckIn | None) -> dict | None:
    if c is None:
        return None
    return {"id": c.pk, "at": timezone.localtime(c.at).isoformat(), "desk": c.desk, "attendee_name": c.attendee_name,
            "walk_in": c.walk_in, "by": c.by.display if c.by_id and c.by else None}


def outcome_payload(event: Event, out: services.Outcome) -> dict:
    delegate = None
    if out.delegate is not None:  # loaded with its category and unit by the token check
        delegate = queries.delegate_payload(out.delegate, queries.cached_seat_texts(event),
                                            out.checkin or out.conflict)
    return {"code": out.code, "ok": out.ok, "replay": out.replay, "dry_run": out.dry_run, "message": out.message,
            "delegate": delegate, "checkin": checkin_payload(out.checkin), "conflict": checkin_payload(out.conflict)}


@public
def schema(request):
    return JsonResponse(openapi.SCHEMA, json_dumps_params={"ensure_ascii": False})


@endpoint("checkin.check_in")
def events(request):
    return JsonResponse({"events": [event_payload(e) for e in queries.events(None)[:50]]})


@endpoint("checkin.check_in")
def delegates(request, event: Event):
    return JsonResponse({"event": event_payload(event), "generated_at": timezone.localtime().isoformat(),
                         "delegates": queries.desk_list(event)})


@endpoint("checkin.check_in")
def lookup(request, event: Event):
    out = services.check_in(request.user, request.GET.get("token", ""), "", services.new_nonce(), event=event,
                            dry_run=True)
    return JsonResponse(outcome_payload(event, out))


@endpoint("checkin.check_in")
def search(request, event: Event):
    seats = queries.seat_texts(queries.hall_plan(event))
    found = queries.search(event, request.GET.get("q", ""))
    checkins = queries.standing(delegate__in=found)
    return JsonResponse({"delegates": [queries.delegate_payload(d, seats, checkins.get(d.pk)) for d in found]})


@endpoint("checkin.check_in", methods=("POST",))
def check_in(request, event: Event):
    data = _body(request)
    target: Delegate | str | None = data.get("token") or ""
    if data.get("delegate_id") not in (None, ""):
        target = _delegate(request.user, data["delegate_id"])
    out = services.check_in(request.user, target, str(data.get("desk") or ""), str(data.get("nonce") or ""),
                            event=event, dry_run=bool(data.get("dry_run")),
                            attendee_name=str(data.get("attendee_name") or ""), offline=bool(data.get("offline")))
    return JsonResponse(outcome_payload(event, out))


def _delegate(user: User, raw) -> Delegate | None:
    """The delegate a desk picked by id, or None (nothing readable: answered like garbage from a
    scanner) when the id is not a number, unknown, or another authority's."""
    try:
        pk = int(raw)
    except (TypeError, ValueError, OverflowError):  # OverflowError: 1e400 in the JSON
        return None
    if not valid_id(pk):
        return None
    found = store.delegate(pk)
    if found is None or not holds(user, store.authority_of(found.event_id)):
        return None
    return found


@endpoint("checkin.undo", methods=("POST",))
def undo(request, event: Event):
    data = _body(request)
    try:
        pk = int(data.get("delegate_id"))
    except (TypeError, ValueError, OverflowError):
        raise ValidationFailed("Thiếu mã đại biểu (delegate_id).", "delegate_id")
    if not valid_id(pk):
        raise Http404
    delegate = get_object_or_404(Delegate, pk=pk, event=event)
    current = queries.valid_checkin(delegate)
    if current is None:
        raise ValidationFailed("Đại biểu này chưa điểm danh nên không có gì để hủy.", "delegate_id")
    undone = services.undo_check_in(request.user, current, str(data.get("reason") or ""))
    delegate.refresh_from_db()
    seats = queries.seat_texts(queries.hall_plan(event))
    return JsonResponse({"undone": checkin_payload(undone), "delegate": queries.delegate_payload(delegate, seats)})
