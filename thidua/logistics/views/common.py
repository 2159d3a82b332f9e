"""What the pages of conference preparation share: finding the event, the plan and the budget of a
URL, the file of an upload form."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.events.models import Event
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import id_or_none

from .. import queries
from ..forms import UploadForm
from ..models import Budget, Plan


def event_of(event_id: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority"), pk=event_id)


def plan_of(event: Event) -> Plan:
    plan = queries.plan_for(event)
    if plan is None:
        raise Http404("Hội nghị chưa có kế hoạch.")
    return plan


def budget_of(event: Event) -> Budget | None:
    return Budget.objects.filter(event=event).select_related("event", "finance_unit", "approved_by",
                                                             "authority").first()


def event_filter(request) -> Event | None:
    """The event chosen by `?event=` on a list page, or None for all."""
    value = request.GET.get("event")
    if not value:
        return None
    pk = id_or_none(value)
    if pk is None:
        raise Http404
    return event_of(pk)


def checked_upload(form: UploadForm):
    """The file of a bound upload form (with `.data` and `.name`), or its refusal as a service's
    (`ValidationFailed`), so that a view's `act` says it like any other."""
    if not form.is_valid():
        raise ValidationFailed((form.errors.get("file") or ["Tệp không hợp lệ."])[0], "file")
    return form.cleaned_data["file"]
