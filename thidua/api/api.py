"""The endpoints under /api/v1/ (described in `openapi.py`).

Authentication is `Authorization: Bearer <token>` of an `ApiClient` and nothing else: no session, no
cookie, no CSRF (every endpoint is a GET, read-only). The endpoint finds the client, answers 401 in
JSON when the token is missing, unknown or revoked, 403 when the client may not read this kind of
data, then reads inside the client's authority's scope: another authority's id is a 404 like an id
that does not exist. Lists are paged (`page`, `page_size` ≤ 200) in a stable order; each answer
costs a fixed number of statements whatever the page size (the client, a count, the page; a detail
its lines), plus one a minute to stamp the client's last use.
"""

from __future__ import annotations

import math
from functools import wraps

from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django_scopes import scope

from thidua.awards.models import Decision, DecisionLine, DecisionStatus
from thidua.exchange import states as exchange_states
from thidua.exchange.models import Dossier
from thidua.orgs.access import public
from thidua.orgs.middleware import ReadOnlyAsOf
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import id_or_none
from thidua.vn.normalise import nfc

from . import openapi, queries, services
from .models import ApiClient, ApiScope

MAX_BODY = 16 * 1024  # as the check-in API: a GET carries no body; a bigger one is refused unread
PAGE_SIZE, PAGE_SIZE_MAX, PAGE_MAX = 50, 200, 100_000
Q_MAX = 100
API_DOSSIER_STATES = [s for s in exchange_states.STATE_LABELS if s != exchange_states.DRAFT]  # drafts stay home


def _error(status: int, error: str, message: str, field: str | None = None) -> JsonResponse:
    response = JsonResponse({"error": error, "message": message, "field": field}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="thidua"'
    return response


def _ok(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def bearer(request) -> str:
    scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def endpoint(needs: str):
    """An API view reading one kind of data (`needs`, an `ApiScope`): authenticates the bearer token,
    refuses any method but GET/HEAD and an oversized body, checks the scope, activates the client's
    authority and hands the view the client. Every refusal is JSON with a Vietnamese message."""
    def decorator(view):
        @csrf_exempt  # a POST gets the 405 below, not Django's CSRF page
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                response = _error(405, "method_not_allowed", "API này chỉ cho đọc: chỉ nhận GET.")
                response["Allow"] = "GET, HEAD"
                return response
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                return _error(413, "too_large", "Yêu cầu GET không mang dữ liệu; dữ liệu gửi kèm quá lớn.")
            token = bearer(request)
            if not token:
                return _error(401, "unauthenticated", "Thiếu mã truy cập: gửi kèm tiêu đề "
                                                      "“Authorization: Bearer <mã truy cập>”.")
            client = queries.client_for_token(token)
            if client is None:
                return _error(401, "unauthenticated", "Mã truy cập không đúng hoặc đã bị thu hồi.")
            if not client.allows(needs):
                return _error(403, "forbidden", f"Mã truy cập này không được cấp quyền “{ApiScope(needs).label}”.")
            try:
                with scope(authority=client.authority_id):
                    _touch(client)
                    response = view(request, client, *args, **kwargs)
            except Http404:
                return _error(404, "not_found", "Không tìm thấy dữ liệu được yêu cầu.")
            except ValidationFailed as exc:
                return _error(400, "invalid", exc.message, exc.field)
            add_never_cache_headers(response)  # an authority's data: no shared cache keeps it
            return response

        wrapped.permission_required = None  # authenticated by its own token, not by a session's permission
        wrapped.is_public = True
        wrapped.api_scope = needs
        return wrapped

    return decorator


def _touch(client: ApiClient) -> None:
    try:
        services.touch(client)
    except ReadOnlyAsOf:  # a browser session viewing the system as of another day came along: nothing stamped
        pass


# --- parameters -------------------------------------------------------------------------------------


def _int_param(request, name: str, low: int, high: int, default: int | None = None) -> int | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    number = id_or_none(raw) if raw.strip() != "0" else 0
    if number is None or not low <= number <= high:
        raise ValidationFailed(f"Tham số {name} phải là số nguyên từ {low} đến {high}.", name)
    return number


def _year(request) -> int | None:
    return _int_param(request, "year", 1900, 2200)


def _award(request) -> str | None:
    code = request.GET.get("award", "").strip()
    if len(code) > 40:
        raise ValidationFailed("Mã danh hiệu, hình thức (award) tối đa 40 ký tự.", "award")
    return code or None


def _page(request, qs, payload) -> dict:
    """One page of `qs` (already in a stable order) as the API's envelope: a count and a slice, two
    statements whatever the page size."""
    page = _int_param(request, "page", 1, PAGE_MAX, 1)
    size = _int_param(request, "page_size", 1, PAGE_SIZE_MAX, PAGE_SIZE)
    count = qs.count()
    pages = max(1, math.ceil(count / size))
    rows = list(qs[(page - 1) * size: page * size]) if (page - 1) * size < count else []
    return {"count": count, "page": page, "page_size": size, "pages": pages,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if 1 < page <= pages else None,
            "results": [payload(r) for r in rows]}


def _page_url(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return f"{request.path}?{params.urlencode()}"


# --- payloads ---------------------------------------------------------------------------------------


def _text(value) -> str:
    return nfc(value or "")


def _iso(value) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat() if hasattr(value, "tzinfo") else value.isoformat()


def award_form(award) -> dict:
    return {"code": award.code, "name": _text(award.name), "kind": award.kind, "level": award.level}


def decision_payload(d: Decision) -> dict:
    return {"id": d.pk, "year": d.year, "number": d.number, "code": _text(d.code), "number_text": _text(d.number_text),
            "date": d.date.isoformat(), "status": d.status, "status_label": DecisionStatus(d.status).label,
            "award": award_form(d.award), "issuer": _text(d.issuer), "signer_level": d.signer_level,
            "signer_title": _text(d.signer_title), "signer_name": _text(d.signer_name), "reason": _text(d.reason),
            "proposed_by": _text(d.proposed_by), "submission_number": _text(d.submission_number),
            "submission_date": d.submission_date.isoformat() if d.submission_date else None,
            "issued_at": _iso(d.issued_at), "lines_count": d.lines_count, "total_amount": int(d.total_amount or 0)}


def annex_line(line: DecisionLine) -> dict:
    return {"id": line.pk, "order": line.order, "kind": line.kind, "name": _text(line.name),
            "position": _text(line.position), "unit": _text(line.unit_name), "coefficient": float(line.coefficient),
            "amount": int(line.amount)}


def awarded_payload(line: DecisionLine) -> dict:
    d = line.decision
    return {"id": line.pk, "kind": line.kind, "name": _text(line.name), "position": _text(line.position),
            "unit": _text(line.unit_name), "award": award_form(d.award), "year": d.year, "amount": int(line.amount),
            "decision": {"id": d.pk, "number_text": _text(d.number_text), "date": d.date.isoformat(),
                         "issuer": _text(d.issuer)}}


# --- endpoints --------------------------------------------------------------------------------------


@public
def schema(request):
    return _ok(openapi.SCHEMA)


@endpoint(ApiScope.DECISIONS)
def decisions(request, client: ApiClient):
    status = request.GET.get("status", "").strip()
    if status and status not in DecisionStatus.values:
        raise ValidationFailed(f"Tham số status chỉ nhận: {', '.join(DecisionStatus.values)}.", "status")
    qs = queries.decisions(client.authority_id, year=_year(request), status=status or None, award=_award(request))
    return _ok(_page(request, qs, decision_payload))


@endpoint(ApiScope.DECISIONS)
def decision(request, client: ApiClient, decision_id: int):
    found = queries.decision(client.authority_id, decision_id) if id_or_none(decision_id) else None
    if found is None:
        raise Http404
    return _ok({**decision_payload(found), "lines": [annex_line(line) for line in found.lines.all()]})


@endpoint(ApiScope.AWARDS)
def awards(request, client: ApiClient):
    q = request.GET.get("q", "")
    if len(q) > Q_MAX:
        raise ValidationFailed(f"Chuỗi tìm (q) tối đa {Q_MAX} ký tự.", "q")
    qs = queries.awards(client.authority_id, year=_year(request), q=q, award=_award(request))
    return _ok(_page(request, qs, awarded_payload))


# --- dossiers ---------------------------------------------------------------------------------------


def _authority(a) -> dict:
    return {"id": a.pk, "code": a.code, "name": _text(a.name), "short_name": _text(a.short_name), "level": a.level}


def _decision_ref(d: Dossier, side: str) -> dict | None:
    """The decision that answered the dossier, as the client's own records hold it: the receiver's decision
    for the receiver; for the sender its recorded copy (its id then opens in /decisions/), else the
    receiver's number and date without an id (another authority's decision)."""
    own = d.decision if side == exchange_states.RECEIVER else d.recorded_decision
    shown = own or d.decision
    if shown is None:
        return None
    return {"id": own.pk if own is not None else None, "number_text": _text(shown.number_text),
            "date": shown.date.isoformat(), "issuer": _text(shown.issuer)}


def dossier_payload(client: ApiClient):
    def payload(d: Dossier) -> dict:
        side = d.side_of(client.authority_id) or exchange_states.SENDER
        return {"id": d.pk, "side": side, "sender": _authority(d.sender), "receiver": _authority(d.receiver),
                "year": d.year, "award": award_form(d.award), "title": _text(d.title), "state": d.state,
                "state_label": d.state_label, "letter_number": _text(d.letter_number),
                "letter_date": d.letter_date.isoformat() if d.letter_date else None,
                "first_sent_at": _iso(d.first_sent_at), "sent_at": _iso(d.sent_at),
                "received_on": d.received_on.isoformat() if d.received_on else None,
                "return_reason": _text(d.return_reason), "decided_at": _iso(d.decided_at),
                "decision": _decision_ref(d, side), "items_count": d.items_count}
    return payload


def _item(i) -> dict:
    return {"id": i.pk, "order": i.order, "kind": i.kind, "name": _text(i.name), "birth_year": i.birth_year,
            "gender": i.gender or None, "position": _text(i.position), "unit": _text(i.unit_name),
            "achievement": _text(i.achievement), "initiative": _text(i.initiative), "outcome": i.outcome,
            "outcome_label": exchange_states.OUTCOME_LABELS.get(i.outcome, i.outcome)}


def _file(f) -> dict:
    return {"id": f.pk, "kind": f.kind, "kind_label": f.get_kind_display(), "filename": _text(f.filename),
            "size": f.size, "uploaded_at": _iso(f.uploaded_at)}


def _event(e) -> dict:
    return {"at": _iso(e.at), "side": e.side, "action": e.action, "action_label": e.action_label,
            "from_state": e.from_state or None, "to_state": e.to_state, "note": _text(e.note)}


@endpoint(ApiScope.DOSSIERS)
def dossiers(request, client: ApiClient):
    state = request.GET.get("state", "").strip()
    if state and state not in API_DOSSIER_STATES:
        raise ValidationFailed(f"Tham số state chỉ nhận: {', '.join(API_DOSSIER_STATES)}.", "state")
    side = request.GET.get("side", "").strip()
    if side and side not in (exchange_states.SENDER, exchange_states.RECEIVER):
        raise ValidationFailed("Tham số side chỉ nhận: sender (hồ sơ đã gửi), receiver (hồ sơ nhận được).", "side")
    qs = queries.dossiers(client.authority_id, year=_year(request), state=state or None, side=side or None,
                          award=_award(request))
    return _ok(_page(request, qs, dossier_payload(client)))


@endpoint(ApiScope.DOSSIERS)
def dossier(request, client: ApiClient, dossier_id: int):
    found = queries.dossier(client.authority_id, dossier_id) if id_or_none(dossier_id) else None
    if found is None:
        raise Http404
    return _ok({**dossier_payload(client)(found), "items": [_item(i) for i in found.items.all()],
                "files": [_file(f) for f in found.files.all()], "history": [_event(e) for e in found.events.all()]})
