"""Search of everyone commended, and the statistical report forms."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.models import Organisation, Signer
from thidua.orgs.scope import scope_for
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.viewkit import download, id_or_none
from thidua.paperwork.model import Signature
from thidua.vn.dates import parse_date

from .. import documents, exports, queries, services, stats
from .common import PAGE_SIZE, doc_response


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
    f = stats.build(form, request.user.authority, start, end)
    if fmt == "xlsx":
        cols = [ExportColumn("Chỉ tiêu", 50), ExportColumn("Mã số", 8)] + [ExportColumn(c, 14) for c in f.columns]
        data = write_xlsx(cols, [[label, code, *values] for label, code, values, _b in f.rows],
                          title=f"BIỂU SỐ {f.code}.N/BNV-TĐKT – {f.title.upper()}",
                          subtitle_lines=[f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}; đơn vị tính: {f.unit}"])
        return download(data, f"bieu-{form}.xlsx")
    signer = Signer.objects.filter(is_chair=True).first() or Signer.objects.first()
    sig = Signature(*services.signer_lines(signer), signer.name) if signer else Signature(
        "", "THỦ TRƯỞNG ĐƠN VỊ", "(ký, ghi rõ họ tên)")
    return doc_response(documents.statistics_document(f, request.user.authority, start, end, sig), fmt, f"bieu-{form}")
