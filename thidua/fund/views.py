"""The fund's pages: the ledger of a year (opening balance, entries by date with the running balance,
totals), its spreadsheet, the Decree 30 report, and the form to record an entry. The user's own authority
only: another authority's entry by id is not found (django-scopes)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs.access import check_object, requires
from thidua.orgs.scope import authority_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_page, submit
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf
from thidua.vn.money import format_money

from . import documents, exports, queries, services
from .forms import EntryForm
from .models import FundEntry

FORM_FIELDS = ("date", "kind", "amount", "description", "document_number", "document_date")


def _year(request) -> int | None:
    text = (request.GET.get("nam") or "").strip()
    if text == "tat-ca":
        return None
    if text.isascii() and text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    return clock.today().year


@requires("fund.view_fund")
def ledger(request):
    authority = authority_for(request.user)
    year = _year(request)
    book = queries.ledger(authority, year)
    if request.GET.get("format") == "xlsx":
        return download(exports.ledger_xlsx(book), f"so-quy-thi-dua-khen-thuong-{year or 'tat-ca'}.xlsx")
    years = sorted({*queries.years(authority), clock.today().year}, reverse=True)
    return render(request, "fund/ledger.html", {
        "authority": authority, "book": book, "year": year, "years": years,
        "unposted": queries.unposted_decisions(authority).count(), "balance": queries.balance(authority)})


def _saved(entry: FundEntry) -> str:
    return f"Đã ghi sổ quỹ: {entry.get_kind_display().lower()} {format_money(entry.amount)}."


def _warn_if_negative(request, authority) -> None:
    short = queries.negative_balance(authority)
    if short is not None:
        messages.warning(request, f"Số dư quỹ đang âm {format_money(-short)}: cần ghi khoản trích lập, bổ sung quỹ.")


@requires("fund.manage_fund")
@require_http_methods(["GET", "POST"])
def entry_create(request):
    authority = authority_for(request.user)
    form = EntryForm(request.POST or None, initial={"date": clock.today(), "kind": "allocation"})
    if request.method == "POST" and form.is_valid():
        entry = submit(request, form, services.record_entry, request.user, authority, form.cleaned_data,
                       done=_saved)
        if entry:
            _warn_if_negative(request, authority)
            return redirect(f"{reverse('fund:ledger')}?nam={entry.date.year}")
    return form_page(request, form, "Ghi sổ quỹ thi đua, khen thưởng", back=reverse("fund:ledger"),
                     submit_label="Ghi sổ")


@requires("fund.open_entry")
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry_id: int):
    authority = authority_for(request.user)
    entry = get_object_or_404(FundEntry, pk=entry_id, authority=authority)  # another authority's: not found
    check_object(request, "fund.manage_fund", entry)
    if entry.is_posting:
        messages.error(request, "Bút toán chi theo quyết định khen thưởng không sửa được; ghi một bút toán điều "
                                "chỉnh nếu cần.")
        return redirect(f"{reverse('fund:ledger')}?nam={entry.date.year}")
    form = versioned(EntryForm(request.POST or None, initial={f: getattr(entry, f) for f in FORM_FIELDS}), entry)
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.update_entry, request.user, entry, form.cleaned_data, done=_saved):
            _warn_if_negative(request, authority)
            return redirect(f"{reverse('fund:ledger')}?nam={entry.date.year}")
    return form_page(request, form, "Sửa bút toán sổ quỹ", back=f"{reverse('fund:ledger')}?nam={entry.date.year}")


@requires("fund.manage_fund")
@require_POST
def post_issued(request):
    authority = authority_for(request.user)
    return act(request, services.post_issued, request.user, authority,
               done=lambda n: f"Đã ghi {n} quyết định khen thưởng vào sổ quỹ." if n else
               "Không có quyết định nào chưa ghi sổ.", then="fund:ledger")


@requires("fund.view_fund")
def report(request, year: int, fmt: str):
    if fmt not in ("pdf", "docx") or not 1990 <= year <= 2100:
        raise Http404
    authority = authority_for(request.user)
    try:
        doc = documents.report_document(authority, year)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('fund:ledger')}?nam={year}")
    if fmt == "pdf":
        return download(render_pdf(doc), f"{doc.name}.pdf", inline=True)
    return download(render_docx(doc), f"{doc.name}.docx")
