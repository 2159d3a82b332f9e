"""Results: the ranking of a cycle, locking and publishing it, and its tie-break chain and grade bands."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thidua.orgs.access import check_object, requires
from thidua.orgs.jobs import start_job
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import XLSX_TYPE
from thidua.orgs.viewkit import download, id_or_none
from thidua.vn import normalise
from thidua.vn.money import format_decimal
from thidua.vn.numbers import parse_number

from .. import documents, queries, ranking, services
from ..models import Group, Membership
from .common import get_cycle


@requires("emulation.view_ranking")
@require_http_methods(["GET", "POST"])
def ranking_view(request, pk: int):
    cycle = get_cycle(pk)
    if request.method == "POST" and request.POST.get("action") == "job":
        job = start_job(request.user, "emulation.rank_cycle", f"Bảng tổng hợp điểm thi đua năm {cycle.year}",
                        {"cycle": cycle.pk}, authority_id=cycle.authority_id)
        return redirect("web:job_detail", pk=job.pk)
    if request.method == "POST":
        check_object(request, "emulation.manage_ranking", None)
        action = request.POST.get("action")
        try:
            if action == "lock":
                group = get_object_or_404(Group, pk=id_or_none(request.POST.get("group")), cycle=cycle)
                services.lock_group(request.user, group, publish=bool(request.POST.get("publish")))
                messages.success(request, f"Đã khóa và công bố kết quả {group.name}"
                                 + (" (công bố cả bảng xếp hạng cho các đơn vị)." if group.published else "."))
            elif action in ("publish", "unpublish"):
                group = get_object_or_404(Group, pk=id_or_none(request.POST.get("group")), cycle=cycle)
                services.publish_group(request.user, group, action == "publish")
                messages.success(request, f"Đã {'công bố' if action == 'publish' else 'thôi công bố'} bảng xếp hạng "
                                 f"{group.name} cho các đơn vị.")
            elif action in ("exclude", "council"):
                m = get_object_or_404(Membership, pk=id_or_none(request.POST.get("membership")), cycle=cycle)
                if action == "exclude":
                    services.exclude_unit(request.user, m, request.POST.get("reason", ""))
                else:
                    order = request.POST.get("order", "")
                    services.set_council_order(request.user, m, int(order) if order.isdigit() else None,
                                               request.POST.get("note", ""))
                messages.success(request, "Đã ghi quyết định của Hội đồng.")
            else:
                raise Http404
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        return redirect(reverse("emulation:ranking", args=[cycle.pk]))
    results = queries.cycle_ranking(cycle)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return download(documents.ranking_xlsx(cycle, results), f"bang-tong-hop-diem-{cycle.year}.xlsx", XLSX_TYPE)
    if fmt == "pdf":
        return download(documents.render_pdf(documents.ranking_document(cycle, results)),
                     f"bang-tong-hop-diem-{cycle.year}.pdf", "application/pdf", inline=True)
    bands = [(b[1], format_decimal(float(b[0]) * 100)) for b in cycle.grade_bands or []]
    return render(request, "emulation/ranking.html", {
        "cycle": cycle, "results": results, "can_manage": request.user.has_perm("emulation.manage_ranking"),
        "bands": [(pct, label) for label, pct in bands]})

BAND_ROWS = 6


def _percent(text: str):
    """A share typed as a percentage ("80", "72,5", "72,5%"), read by `vn.numbers.parse_number`;
    a NumberError (a ValueError) keeps the text for the service to refuse."""
    number = parse_number((text or "").strip().removesuffix("%"), label="Mức điểm")
    return None if number is None else float(number) / 100


@requires("emulation.manage_ranking")
@require_http_methods(["GET", "POST"])
def cycle_rules(request, pk: int):
    """The cycle's tie-break chain and grade bands (share of the applicable maximum)."""
    cycle = get_cycle(pk)
    chain = list(cycle.tie_break or [])
    bands = [[float(b[0]), str(b[1])] for b in cycle.grade_bands or []]
    errors: dict[str, str] = {}
    if request.method == "POST":
        chain = [request.POST.get(f"tb{i}", "") for i in range(1, 4)]
        posted = []
        for i in range(1, BAND_ROWS + 1):
            label = normalise.clean_text(request.POST.get(f"band_label{i}", ""))
            raw = request.POST.get(f"band_min{i}", "")
            if not label and not raw.strip():
                continue
            try:
                posted.append([_percent(raw), label])
            except ValueError:
                posted.append([raw, label])
        bands = posted
        try:
            services.update_cycle(request.user, cycle, {"tie_break": [k for k in chain if k], "grade_bands": bands})
            messages.success(request, "Đã lưu cách phân định khi bằng điểm và các mức xếp loại.")
            return redirect("emulation:ranking", pk=cycle.pk)
        except ValidationFailed as exc:
            errors[exc.field or "grade_bands"] = exc.message
    rows = []
    for i in range(BAND_ROWS):
        b = bands[i] if i < len(bands) else None
        value = ""
        if b is not None:
            value = format_decimal(b[0] * 100) if isinstance(b[0], float) else (b[0] or "")
        rows.append({"n": i + 1, "label": b[1] if b else "", "min": value})
    chain_rows = [{"n": i + 1, "value": chain[i] if i < len(chain) else ""} for i in range(3)]
    return render(request, "emulation/cycle_rules.html", {
        "cycle": cycle, "chain": chain_rows, "bands": rows, "errors": errors, "labels": ranking.TIE_BREAK_LABELS,
        "locked": cycle.groups.filter(locked_at__isnull=False).exists()})
