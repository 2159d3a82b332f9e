"""The reads behind the API: the client a token belongs to, and one authority's decisions, their
annex lines, its awarded recipients and the dossiers it sent or received, each list in a stable order (a unique key last) so that
paging through it never skips or repeats a row. Every read is filtered by the client's authority
explicitly, inside that authority's scope as well."""

from __future__ import annotations

import hmac

from django.db.models import Count, Prefetch, Q, Sum
from django_scopes import scopes_disabled

from thidua.awards import states as award_states
from thidua.awards.models import Decision, DecisionLine
from thidua.exchange import states as exchange_states
from thidua.exchange.models import Dossier, DossierEvent, DossierFile, DossierItem
from thidua.vn import normalise

from .models import PREFIX_LENGTH, TOKEN_START, ApiClient, hash_token

TOKEN_MAX = 200  # longer is not a token of ours: refused without a query

DECISION_ORDER = ("-date", "-id")
AWARD_ORDER = ("-decision__date", "-decision_id", "order", "id")


def client_for_token(token: str) -> ApiClient | None:
    """The active client holding `token`, or None (unknown, malformed or revoked). The row is found by
    the token's readable prefix and the hashes compared in constant time (`hmac.compare_digest`)."""
    if not token.startswith(TOKEN_START) or len(token) <= PREFIX_LENGTH or len(token) > TOKEN_MAX:
        return None
    digest = hash_token(token)
    with scopes_disabled():  # the token names the authority; the scope is set from the client found
        candidates = list(ApiClient.objects.filter(prefix=token[:PREFIX_LENGTH], revoked_at__isnull=True)
                          .only("id", "authority_id", "scopes", "last_used_at", "key_hash", "prefix"))
    found = None
    for client in candidates:
        if hmac.compare_digest(client.key_hash, digest):
            found = client
    return found


def clients(authority_id: int):
    return ApiClient.objects.filter(authority_id=authority_id).select_related("created_by", "revoked_by")


# --- decisions --------------------------------------------------------------------------------------


def decisions(authority_id: int, *, year: int | None = None, status: str | None = None, award: str | None = None):
    """The authority's decisions with their line count and prize total, newest first."""
    qs = (Decision.objects.filter(authority_id=authority_id).select_related("award")
          .annotate(lines_count=Count("lines"), total_amount=Sum("lines__amount")).order_by(*DECISION_ORDER))
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if award:
        qs = qs.filter(award__code=award)
    return qs


def decision(authority_id: int, pk: int) -> Decision | None:
    """One decision of the authority with its lines (two statements), or None: another authority's id
    reads as no decision."""
    return (decisions(authority_id).prefetch_related(Prefetch("lines", DecisionLine.objects.order_by("order", "id")))
            .filter(pk=pk).first())


# --- awards -----------------------------------------------------------------------------------------


def awards(authority_id: int, *, year: int | None = None, q: str = "", award: str | None = None):
    """The recipients of the authority's issued decisions (one row a decision line), newest decision
    first; `q` matches every word of it, without accents, in the name or the unit."""
    qs = (DecisionLine.objects.filter(decision__authority_id=authority_id, decision__status=award_states.DECISION_ISSUED)
          .select_related("decision", "decision__award").order_by(*AWARD_ORDER))
    if year is not None:
        qs = qs.filter(decision__year=year)
    if award:
        qs = qs.filter(decision__award__code=award)
    for word in normalise.fold(q).split():
        qs = qs.filter(name_fold__contains=word)
    return qs


# --- dossiers ---------------------------------------------------------------------------------------

DOSSIER_ORDER = ("-id",)  # newest first; an id never changes, so a page never shifts as dossiers move on


def dossiers(authority_id: int, *, year: int | None = None, state: str | None = None, side: str | None = None,
             award: str | None = None):
    """The dossiers the authority sent (every state but its drafts, which are its own business) or
    received (`exchange.models.Dossier`'s manager shows a dossier to both sides), with their item count."""
    mine = Q(sender_id=authority_id) | Q(receiver_id=authority_id)
    if side == exchange_states.SENDER:
        mine = Q(sender_id=authority_id)
    elif side == exchange_states.RECEIVER:
        mine = Q(receiver_id=authority_id)
    qs = (Dossier.objects.filter(mine).exclude(state=exchange_states.DRAFT)
          .select_related("sender", "receiver", "award", "decision", "recorded_decision")
          .annotate(items_count=Count("items")).order_by(*DOSSIER_ORDER))
    if year is not None:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if award:
        qs = qs.filter(award__code=award)
    return qs


def dossier(authority_id: int, pk: int) -> Dossier | None:
    """One dossier the authority sent or received, with its items, files and history (four statements),
    or None: another authority's dossier reads as none."""
    return (dossiers(authority_id).filter(pk=pk)
            .prefetch_related(Prefetch("items", DossierItem.objects.order_by("order", "id")),
                              Prefetch("files", DossierFile.objects.order_by("kind", "uploaded_at", "id")),
                              Prefetch("events", DossierEvent.objects.order_by("at", "id")))
            .first())
