"""The delegate list's bulk actions (#20): the rows ticked on the page (with "select all on page") and one
action, asked for with a confirmation naming the count (`<form data-confirm>`, web/bulk.js); POST with
CSRF; the change is one service call (`services.bulk.bulk_delegates`), the print a read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.orgs.access import requires
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import download, id_or_none
from thidua.paperwork.model import PaperworkError

from . import documents
from .models import Delegate, DelegateCategory, Event
from .services.bulk import ACTIONS, bulk_delegates

MAX_PRINT = 100  # letters printed at once from the list (a page holds 50); more: "In giấy mời" (a job)


def _back(request, event: Event):
    query = QueryDict(request.POST.get("query", ""))  # the list's filters and page, as they were
    url = reverse("events:delegate_list", args=[event.pk])
    return redirect(f"{url}?{query.urlencode()}" if query else url)


def _report(request, result) -> None:
    if result.done:
        messages.success(request, f"{result.label}: đã xong cho {len(result.done)} đại biểu.")
    if result.refused:
        shown = "; ".join(f"{name}: {reason}" for name, reason in result.refused[:20])
        more = f" và {len(result.refused) - 20} đại biểu khác" if len(result.refused) > 20 else ""
        messages.warning(request, f"Không làm được cho {len(result.refused)} đại biểu – {shown}{more}.")


@require_POST
@requires("events.view_delegates")
def delegate_bulk(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("authority"), pk=pk)
    scope = scope_for(request.user)
    ids = list(dict.fromkeys(i for i in map(id_or_none, request.POST.getlist("ids")) if i))
    visible = set(scope.filter_units(Delegate.objects.filter(event=event, pk__in=ids), "organisation_id")
                  .values_list("pk", flat=True))
    if set(ids) - visible:  # a tampered id: another event's, or another unit's for a unit officer
        raise Http404
    action = request.POST.get("action", "")
    if not ids:
        messages.error(request, "Chưa chọn đại biểu nào.")
        return _back(request, event)
    if action == "print":
        if not request.user.has_perm("events.print_invitations"):
            raise PermissionDenied("Bạn không có quyền in giấy mời.")
        if len(ids) > MAX_PRINT:
            messages.error(request, f"Chọn tối đa {MAX_PRINT} đại biểu để in; in cả danh sách ở trang “In giấy mời”.")
            return _back(request, event)
        skipped: list = []
        try:
            data, count = documents.invitations_pdf(event, documents.site_for(event, request), ids=ids,
                                                    skipped=skipped)
        except (ValueError, PaperworkError) as exc:
            messages.error(request, f"Không tạo được giấy mời: {exc}")
            return _back(request, event)
        return download(data, f"giay-moi-{event.slug}-{count}.pdf", "application/pdf")
    if action not in ACTIONS:
        raise Http404
    category = None
    if action == "category":
        category = DelegateCategory.objects.filter(event=event, pk=id_or_none(request.POST.get("category", ""))).first()
    try:
        _report(request, bulk_delegates(request.user, event, ids, action, category))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return _back(request, event)
