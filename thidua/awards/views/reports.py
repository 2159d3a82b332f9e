"""Search of everyone commended, and the statistical report forms."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.models import Organisation
from thidua.orgs.scope import scope_for
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.viewkit import download, id_or_none
from thidua.paperwork import render_form_docx, render_pdf
from thidua.vn.dates import parse_date

from .. import exports, queries, statforms, stats
from .common import PAGE_SIZE


@requires("awards.search")
def search(request):
    scope = scope_for(request.user)
    q = request.GET.get("q", "")
    unit_id = id_or_none(request.GET.get("unit"))
    if unit_id:
        unit = get_object_or_404(Organisation, pk=unit_id)
        if scope.unit_id and unit.pk not in queries.related_units({scope.unit_id}):
            raise PermissionDenied
    qs = queries.search(scope, q, unit_id)
    if request.GET.get("format") == "xlsx":
        return download(exports.search_xlsx(qs), "tra-cuu-khen-thuong.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    units = Organisation.objects.order_by("display_order", queries.vi("name"))
    if scope.unit_id:
        units = units.filter(pk__in=queries.related_units({scope.unit_id}))
    return render(request, "awards/search.html", {"page": page, "q": q, "unit_id": unit_id, "units": units})


def _period(request):
    year = id_or_none(request.GET.get("year")) or clock.today().year
    try:
        start = parse_date(request.GET.get("from")) if request.GET.get("from") else dt.date(year, 1, 1)
        end = parse_date(request.GET.get("to")) if request.GET.get("to") else dt.date(year, 12, 31)
    except ValueError:
        raise Http404
    return start, end


@requires("awards.view_statistics")
def statistics(request):
    start, end = _period(request)
    forms = [stats.build(code, request.user.authority, start, end) for code in stats.FORMS]
    return render(request, "awards/statistics.html", {"forms": forms, "start": start, "end": end})


@requires("awards.view_statistics")
def statistics_file(request, form: str, fmt: str):
    if form not in stats.FORMS:
        raise Http404
    start, end = _period(request)
    authority = request.user.authority
    f = stats.build(form, authority, start, end)
    if fmt == "xlsx":
        unit = [ExportColumn("Đơn vị tính", 12)] if f.units else []
        cols = [ExportColumn("Chỉ tiêu", 50), ExportColumn("Mã số", 8), *unit] + [ExportColumn(c, 14) for c in f.columns]
        body = [[label, code, *([f.units[i]] if f.units else []), *values]
                for i, (label, code, values, _b) in enumerate(f.rows)]
        data = write_xlsx(cols, [["A", "B", *(["C"] if f.units else []), *f.codes], *body],
                          title=f"BIỂU SỐ {f.code}.N/BNV-TĐKT – {f.title.upper()}",
                          subtitle_lines=[f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
                                          + (f"; đơn vị tính: {f.unit}" if f.unit else "")])
        return download(data, f"bieu-{form}.xlsx")
    doc = statforms.statistics_form(f, authority, start, end)
    if fmt == "pdf":
        return download(render_pdf(doc), f"bieu-{form}.pdf")
    if fmt == "docx":
        return download(render_form_docx(doc), f"bieu-{form}.docx")
    raise Http404
