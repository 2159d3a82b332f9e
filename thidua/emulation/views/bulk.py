"""The covenant list's bulk actions (#20): tick registrations, accept or return them (one service call,
`services.bulk.bulk_covenants`), or print the ticked rows; confirmation naming the count (web/bulk.js)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import id_or_none
from thidua.vn.dates import short_date

from .. import queries
from ..services.bulk import bulk_covenants
from .common import get_cycle


@require_POST
@requires("emulation.view_cycles")
def covenant_bulk(request, pk: int):
    cycle = get_cycle(pk)
    scope = scope_for(request.user)
    ids = list(dict.fromkeys(i for i in map(id_or_none, request.POST.getlist("ids")) if i))
    groups = queries.covenant_overview(cycle, scope)
    visible = {r.covenant.pk: (g, r) for g, rows in groups for r in rows if r.covenant}
    if set(ids) - set(visible):
        raise Http404
    action = request.POST.get("action", "")
    if not ids:
        messages.error(request, "Chưa chọn bản đăng ký nào.")
        return redirect("emulation:covenants", pk=cycle.pk)
    if action == "print":
        chosen = [visible[i] for i in ids]
        return render(request, "emulation/covenants_print.html", {
            "cycle": cycle, "rows": chosen, "today": short_date(clock.today())})
    try:
        result = bulk_covenants(request.user, cycle, ids, action, request.POST.get("note", ""))
        if result.done:
            messages.success(request, f"{result.label}: đã xong {len(result.done)} bản.")
        if result.refused:
            messages.warning(request, f"Không làm được {len(result.refused)} bản – " + "; ".join(
                f"{name}: {reason}" for name, reason in result.refused[:20]))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("emulation:covenants", pk=cycle.pk)
