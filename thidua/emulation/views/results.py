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
from thidua.vn.money import format_decimal, format_number
from thidua.vn.numbers import parse_number

from .. import documents, queries, ranking, services
from ..models import Group, Membership
from ..states import NO_SHEET_LABEL, SHEET_LABELS
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
        back = reverse("emulation:ranking", args=[cycle.pk])
        number = id_or_none(request.GET.get("trang"))
        return redirect(back + (f"?trang={number}" if number and number > 1 else ""))
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return download(documents.ranking_xlsx(cycle, queries.cycle_ranking(cycle)),
                        f"bang-tong-hop-diem-{cycle.year}.xlsx", XLSX_TYPE)
    if fmt == "pdf":
        return download(documents.render_pdf(documents.ranking_document(cycle, queries.cycle_ranking(cycle))),
                     f"bang-tong-hop-diem-{cycle.year}.pdf", "application/pdf", inline=True)
    # the page ranks only the clusters/blocks it shows (about 100 units); an index of every group
    # and a search by unit name lead to the others
    pages = queries.ranking_pages(cycle)
    number = min(max(id_or_none(request.GET.get("trang")) or 1, 1), max(len(pages), 1))
    shown = pages[number - 1] if pages else []
    results = queries.cycle_ranking(cycle, [g.pk for g, _ in shown])
    page_of = {g.pk: i for i, page in enumerate(pages, start=1) for g, _ in page}
    q = normalise.clean_text(request.GET.get("q", ""))[:100]
    found = [(m, page_of.get(m.group_id, 1)) for m in queries.find_members(cycle, q)] if q else None
    bands = [(b[1], format_decimal(float(b[0]) * 100)) for b in cycle.grade_bands or []]
    sheet_url = reverse("emulation:sheet", args=[cycle.pk, 0]).replace("/0/", "/{}/")
    can_manage = request.user.has_perm("emulation.manage_ranking")
    for gr in results:
        gr.lines, gr.edit = _lines(gr, sheet_url), can_manage and not gr.locked
    return render(request, "emulation/ranking.html", {
        "cycle": cycle, "results": results, "can_manage": can_manage,
        "bands": [(pct, label) for label, pct in bands], "number": number, "page_count": len(pages),
        "index": [(g, n, i) for i, page in enumerate(pages, start=1) for g, n in page] if len(pages) > 1 else [],
        "q": q, "found": found,
        "previous": number - 1 if number > 1 else None, "next": number + 1 if number < len(pages) else None})

def _lines(gr, sheet_url: str) -> list[dict]:
    """The table lines of one cluster/block as plain text, so a page of 100 units renders fast."""
    lines = []
    for row in gr.ranking.rows:
        unit = row.entry.unit
        s, m = gr.scores[unit], gr.memberships[unit]
        notes = []
        if row.tied:
            notes.append("")  # the template marks the tie in red
        elif row.decided_by:
            notes.append("Phân định theo " + ranking.TIE_BREAK_LABELS.get(row.decided_by, row.decided_by))
        if m.council_note:
            notes.append(m.council_note)
        if s.missing:
            notes.append(f"thiếu {s.missing} tiêu chí")
        lines.append({"rank": row.rank, "place": row.place, "tied": row.tied, "unit": unit,
                      "name": gr.organisations[unit].name, "url": sheet_url.format(unit),
                      "total": format_number(s.total, 2), "max": format_decimal(s.applicable_max),
                      "score": format_number(s.score, 2), "grade": row.grade,
                      "status": SHEET_LABELS.get(gr.statuses.get(unit), NO_SHEET_LABEL),
                      "note": " · ".join(n for n in notes if n), "membership": m.pk})
    for e in gr.ranking.unscored:  # no score yet: no rank, no points, no grade
        unit = e.unit
        lines.append({"rank": None, "place": "", "tied": False, "unit": unit, "unscored": True,
                      "name": gr.organisations[unit].name, "url": sheet_url.format(unit),
                      "total": "", "max": format_decimal(gr.scores[unit].applicable_max), "score": "",
                      "grade": "", "status": SHEET_LABELS.get(gr.statuses.get(unit), NO_SHEET_LABEL),
                      "note": "", "membership": gr.memberships[unit].pk})
    return lines


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
