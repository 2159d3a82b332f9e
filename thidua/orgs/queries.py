"""Reads shaped for pages and exports; every one takes the viewer's scope."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Collate

from thidua.vn import normalise

from .models import AuditLog, Organisation, Person
from .scope import Scope


def vi(field: str):
    return Collate(field, "vi")


def units(scope: Scope, q: str = "", kind: str = "", include_closed: bool = True):
    qs = scope.filter_units(Organisation.objects.all()).select_related("parent", "merged_into")
    if q:
        qs = qs.filter(name_fold__contains=normalise.fold(q))
    if kind:
        qs = qs.filter(kind=kind)
    if not include_closed:
        qs = qs.filter(valid_to__isnull=True)
    return qs.annotate(people_count=Count("people", filter=Q(people__active=True))).order_by("display_order", vi("name"))


def unit_choices(scope: Scope):
    return scope.filter_units(Organisation.objects.filter(valid_to__isnull=True)).order_by("display_order", vi("name"))


PEOPLE_ORDER = {
    "name": lambda: [vi("given_name"), vi("middle_name"), vi("family_name"), "id"],
    "unit": lambda: ["organisation__display_order", vi("organisation__name"), vi("given_name"), vi("middle_name"),
                     vi("family_name"), "id"],
}


def people(scope: Scope, q: str = "", unit_id: int | None = None, order: str = "name"):
    qs = scope.filter_units(Person.objects.all(), "organisation_id").select_related("organisation")
    if q:
        for word in normalise.fold(q).split():
            qs = qs.filter(name_fold__contains=word)
    if unit_id:
        qs = qs.filter(organisation_id=unit_id)
    return qs.order_by(*PEOPLE_ORDER.get(order, PEOPLE_ORDER["name"])())


def audit(q: str = "", action: str = ""):
    qs = AuditLog.objects.all().select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(actor_name__icontains=q))
    return qs
