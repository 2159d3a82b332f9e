"""Search of everyone commended, and the statistical report forms.

Two reads here go beyond the user's own authority (#19), each after its check and only for the read,
through `_reading` (django-scopes over a set of authorities): the lookup also searches the authorities
merged into the user's (`orgs.tree.lineage_ids`), and a province's office may count its statistics "toàn
tỉnh", with its departments and communes (`orgs.tree.descendant_ids`)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django_scopes import scope as scopes_scope

from thidua import clock
from thidua.orgs import tree
from thidua.orgs.access import requires
from thidua.orgs.models import AuthorityLevel, Organisation
from thidua.orgs.scope import authority_for, scope_for
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.viewkit import download, id_or_none
from thidua.paperwork import render_form_docx, render_pdf
from thidua.vn.dates import parse_date

from .. import exports, queries, statforms, stats
from .common import PAGE_SIZE


@contextmanager
def _reading(authority_ids: list[int]):
    """Scoped managers see the rows of `authority_ids` for the block (a read, after the caller's check)."""
    with scopes_scope(authority=list(authority_ids)):
        yield


@requires("awards.search")
def search(request):
    scope = scope_for(request.user)
    authority = authority_for(request.user)
    lineage = tree.lineage_ids(authority)  # the authority and those merged into it: their history is its own
    q = request.GET.get("q", "")
    unit_id = id_or_none(request.GET.get("unit"))
    with _reading(lineage):
        if unit_id:
            unit = get_object_or_404(Organisation, pk=unit_id)
            if scope.unit_id and unit.pk not in queries.related_units({scope.unit_id}):
                raise PermissionDenied
        qs = queries.search(scope, q, unit_id, authority_ids=lineage)
        if request.GET.get("format") == "xlsx":
            return download(exports.search_xlsx(qs), "tra-cuu-khen-thuong.xlsx")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        units = Organisation.objects.select_related("authority").order_by("display_order", queries.vi("name"))
        if scope.unit_id:
            units = units.filter(pk__in=queries.related_units({scope.unit_id}))
        units = list(units)
        list(page)
    return render(request, "awards/search.html", {"page": page, "q": q, "unit_id": unit_id, "units": units,
                                                  "own_authority_id": authority.pk, "merged": len(lineage) > 1})


def _period(request):
    year = id_or_none(request.GET.get("year")) or clock.today().year
    try:
        start = parse_date(request.GET.get("from")) if request.GET.get("from") else dt.date(year, 1, 1)
        end = parse_date(request.GET.get("to")) if request.GET.get("to") else dt.date(year, 12, 31)
    except ValueError:
        raise Http404
    return start, end


TREE = "toan-tinh"  # ?pham_vi=toan-tinh: the province with its departments and communes


def may_count_below(user) -> bool:
    """Only a province's office chooses "toàn tỉnh": the province counts with those below it."""
    return user.authority_id is not None and user.authority.level == AuthorityLevel.PROVINCE


def _reach(request):
    """(authority, ids or None): the report's authority and, for "toàn tỉnh", every authority it counts."""
    authority = authority_for(request.user)
    if request.GET.get("pham_vi", "") in ("", "co-quan"):
        return authority, None
    if request.GET.get("pham_vi") != TREE or not may_count_below(request.user):
        raise Http404
    return authority, [authority.pk, *tree.descendant_ids(authority)]


def _forms(codes, authority, start, end, ids):
    with _reading(ids or [authority.pk]):
        return [stats.build(code, authority, start, end, ids) for code in codes]


def _short_label(label: str) -> str:
    return label[2:] if label[:2] in ("- ", "+ ") else label


def _charts(forms) -> list[dict]:
    """A chart per form: its rows' totals (column 1), or each authority's "Tổng số" across levels."""
    out = []
    for f in forms:
        if f.by_authority:
            labels, values = [n for n, _ in f.by_authority], [v for _, v in f.by_authority]
            series = f"{f.columns[0]} theo cơ quan"
        else:
            picked = [(_short_label(label), v[0]) for label, code, v, _b in f.rows
                      if code and code != "01" and v and isinstance(v[0], int)]
            labels, values = [x for x, _ in picked], [y for _, y in picked]
            series = f.columns[0]
        out.append({"id": f"chart-{f.code}", "height": max(160, 26 * len(labels) + 40),
                    "data": {"type": "hbar", "labels": labels, "series": series, "values": values}})
    return out


@requires("awards.view_statistics")
def statistics(request):
    start, end = _period(request)
    authority, ids = _reach(request)
    forms = _forms(stats.FORMS, authority, start, end, ids)
    query = urlencode({"from": f"{start:%d/%m/%Y}", "to": f"{end:%d/%m/%Y}", **({"pham_vi": TREE} if ids else {})})
    return render(request, "awards/statistics.html", {
        "forms": list(zip(forms, _charts(forms), strict=True)), "start": start, "end": end, "query": query,
        "below": ids is not None, "may_count_below": may_count_below(request.user), "authority": authority,
        "counted": len(ids) if ids else 1})


@requires("awards.view_statistics")
def statistics_file(request, form: str, fmt: str):
    if form not in stats.FORMS:
        raise Http404
    start, end = _period(request)
    authority, ids = _reach(request)
    f = _forms([form], authority, start, end, ids)[0]
    across = " (toàn tỉnh: cấp tỉnh, các sở, ban, ngành và cấp xã)" if ids else ""
    if fmt == "xlsx":
        unit = [ExportColumn("Đơn vị tính", 12)] if f.units else []
        cols = [ExportColumn("Chỉ tiêu", 50), ExportColumn("Mã số", 8), *unit] + [ExportColumn(c, 14) for c in f.columns]
        body = [[label, code, *([f.units[i]] if f.units else []), *values]
                for i, (label, code, values, _b) in enumerate(f.rows)]
        data = write_xlsx(cols, [["A", "B", *(["C"] if f.units else []), *f.codes], *body],
                          title=f"BIỂU SỐ {f.code}.N/BNV-TĐKT – {f.title.upper()}",
                          subtitle_lines=[(f"{authority.short_name}{across}; " if ids else "") + f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
                                          + (f"; đơn vị tính: {f.unit}" if f.unit else "")])
        return download(data, f"bieu-{form}.xlsx")
    doc = statforms.statistics_form(f, authority, start, end, below=ids is not None)
    if fmt == "pdf":
        return download(render_pdf(doc), f"bieu-{form}.pdf")
    if fmt == "docx":
        return download(render_form_docx(doc), f"bieu-{form}.docx")
    raise Http404
