"""Reads for the conference pages and exports, with bounded query counts; every one takes the
viewer's scope (a unit officer sees only their unit's delegates)."""

from __future__ import annotations

from django.db.models import Count, Q

from thidua.orgs.queries import vi
from thidua.orgs.scope import Scope
from thidua.vn import normalise
from thidua.vn.collate import name_sort_key, split_full_name

from . import quota
from .models import Delegate, DelegateCategory, Event, OutboxMail, ReplyStatus, present


def events(scope: Scope):
    qs = Event.objects.all().select_related("organiser")
    if scope.unit_id:
        qs = qs.filter(Q(delegates__organisation_id=scope.unit_id) | Q(organiser_id=scope.unit_id)).distinct()
    return qs.annotate(delegate_count=Count("delegates", filter=Q(delegates__revoked=False), distinct=True)).order_by(
        "-date", "-tentative_year", "-id")


DELEGATE_ORDER = {
    "category": lambda: ["category__protocol_order", "display_order", "id"],
    "unit": lambda: ["organisation__display_order", vi("organisation__name"), vi("unit_text"),
                     "category__protocol_order", "display_order", "id"],
}


def delegates(scope: Scope, event: Event, q: str = "", category: str = "", status: str = "", order: str = "category"):
    qs = scope.filter_units(Delegate.objects.filter(event=event), "organisation_id").select_related(
        "category", "organisation")
    if q:
        for word in normalise.fold(q).split():
            qs = qs.filter(name_fold__contains=word)
    if category:
        qs = qs.filter(category__code=category)
    if status == "revoked":
        qs = qs.filter(revoked=True)
    elif status:
        qs = qs.filter(reply_status=status, revoked=False)
    return order_delegates(qs, order)


def order_delegates(qs, order: str):
    if order == "name":
        return sorted_by_given_name(qs)
    return qs.order_by(*DELEGATE_ORDER.get(order, DELEGATE_ORDER["category"])())


def sorted_by_given_name(qs) -> list[Delegate]:
    """Given name first, then middle and family names (ICU Vietnamese collation); placeholders last."""
    def key(d: Delegate):
        if not d.full_name:
            return (1, name_sort_key("", "", d.display_name), d.pk)
        return (0, name_sort_key(*split_full_name(d.full_name)), d.pk)

    return sorted(qs, key=key)


def delegate_count(condition: Q) -> Count:
    """A category's delegates meeting `condition`, each once: counting presence joins the check-ins,
    which repeats a delegate checked in, undone and checked in again."""
    return Count("delegates", filter=condition, distinct=True)


def board(event: Event, scope: Scope | None = None) -> quota.Board:
    """One query: per category, invited / answered / checked in, against the quota and the hall."""
    active = Q(delegates__revoked=False)
    if scope is not None and scope.unit_id:
        active &= Q(delegates__organisation_id=scope.unit_id)
    rows = DelegateCategory.objects.filter(event=event).annotate(
        invited=delegate_count(active),
        accepted=delegate_count(active & Q(delegates__reply_status=ReplyStatus.ACCEPTED)),
        declined=delegate_count(active & Q(delegates__reply_status=ReplyStatus.DECLINED)),
        substitute=delegate_count(active & Q(delegates__reply_status=ReplyStatus.SUBSTITUTE)),
        checked_in=delegate_count(active & present("delegates__")),
    ).order_by("protocol_order", "code")
    return quota.board([quota.CategoryCount(c.code, c.name, c.quota, c.invited, c.accepted, c.declined,
                                            c.substitute, c.checked_in) for c in rows], event.capacity)


def pending(scope: Scope, event: Event):
    return delegates(scope, event, status=ReplyStatus.PENDING, order="unit")


def outbox(event: Event):
    return OutboxMail.objects.filter(event=event).select_related("delegate")
