"""The budget estimate (dự trù kinh phí): its page and spreadsheet, settings, lines, review moves and
document; the authority's spending norms behind its warnings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.orgs.access import requires
from thidua.orgs.scope import authority_for
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_page, submit
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf
from thidua.vn.money import format_money

from .. import budget_rules, documents, queries, services, states
from ..forms import BudgetLineForm, BudgetSettingsForm, NormsForm
from ..models import BudgetLine, SpendingNorm
from .common import budget_of, event_filter, event_of

BUDGET_COLUMNS = [ExportColumn("Nhóm", 28), ExportColumn("Nội dung chi", 40),
                  ExportColumn("Đơn vị tính", 12), ExportColumn("Số lượng", 10),
                  ExportColumn("Đơn giá (đồng)", 16, "money"), ExportColumn("Thành tiền (đồng)", 18, "money"),
                  ExportColumn("Nguồn kinh phí", 26)]


def _budget_xlsx(event, summary) -> bytes:
    rows = [[budget_rules.GROUP_NAMES[r.line.group], r.line.item, r.line.unit, float(r.quantity),
             r.line.unit_price if r.line.basis != "prize" else None, r.amount,
             "Quỹ thi đua, khen thưởng" if r.from_fund else "Kinh phí hội nghị"] for r in summary.rows]
    rows.append(["", "Tổng kinh phí hội nghị", "", None, None, summary.conference_total, ""])
    if summary.fund_total:
        rows.append(["", "Tiền thưởng (Quỹ thi đua, khen thưởng)", "", None, None, summary.fund_total, ""])
    return write_xlsx(BUDGET_COLUMNS, rows, title="DỰ TRÙ KINH PHÍ TỔ CHỨC HỘI NGHỊ",
                      subtitle_lines=[event.title, f"Số đại biểu dự kiến: {summary.delegates}"])


@requires("logistics.view_budget")
def budget_detail(request, event_id: int):
    event = event_of(event_id)
    budget = budget_of(event)
    if budget is None:
        return render(request, "logistics/budget.html", {"event": event, "budget": None})
    summary = queries.budget_summary(budget)
    if request.GET.get("format") == "xlsx":
        return download(_budget_xlsx(event, summary), f"du-tru-kinh-phi-{event.slug}.xlsx")
    return _budget_page(request, event, budget, summary)


def _settings_form(event, budget, data=None) -> BudgetSettingsForm:
    return versioned(BudgetSettingsForm(data, initial={"finance_unit": budget.finance_unit,
                                                       "prize_from_fund": budget.prize_from_fund,
                                                       "prize_date_from": budget.prize_date_from,
                                                       "prize_date_to": budget.prize_date_to},
                                        authority=event.authority), budget)


def _budget_page(request, event, budget, summary, settings_form=None):
    lines = list(budget.lines.all())
    return render(request, "logistics/budget.html", {
        "event": event, "budget": budget, "summary": summary, "rows": list(zip(lines, summary.rows, strict=True)),
        "settings_form": settings_form or _settings_form(event, budget),
        "conference_total_text": format_money(summary.conference_total),
    })


@requires("logistics.manage_budget")
@require_POST
def budget_create(request, event_id: int):
    event = event_of(event_id)
    services.ensure_budget(request.user, event)
    return redirect("logistics:budget", event_id=event.pk)


@requires("logistics.manage_budget")
@require_POST
def budget_settings(request, event_id: int):
    event = event_of(event_id)
    budget = budget_of(event) or services.ensure_budget(request.user, event)
    form = _settings_form(event, budget, request.POST)
    if not form.is_valid():
        messages.error(request, "Dữ liệu không hợp lệ.")
        return redirect("logistics:budget", event_id=event.pk)
    if submit(request, form, services.update_budget, request.user, budget, form.cleaned_data, done="Đã lưu."):
        return redirect("logistics:budget", event_id=event.pk)
    for field, errors in form.errors.items():  # a refusal (another's save since the page loaded): typed values stay
        if field != "__all__":
            messages.error(request, " ".join(errors))
    return _budget_page(request, event, budget, queries.budget_summary(budget), form)


LINE_FORM_FIELDS = ("group", "item", "unit", "basis", "quantity", "per_delegate", "unit_price", "note")


@requires("logistics.manage_budget")
@require_http_methods(["GET", "POST"])
def budget_line_edit(request, event_id: int, pk: int | None = None):
    event = event_of(event_id)
    budget = budget_of(event)
    if budget is None:
        raise Http404
    line = get_object_or_404(BudgetLine, pk=pk, budget=budget) if pk else None
    initial = {f: getattr(line, f) for f in LINE_FORM_FIELDS} if line else {"basis": "fixed", "quantity": 1}
    form = versioned(BudgetLineForm(request.POST or None, initial=initial), line)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for number in ("quantity", "per_delegate", "unit_price"):
            data[number] = data[number] if data[number] is not None else 0
        if submit(request, form, services.save_budget_line, request.user, budget, data, line,
                  done="Đã lưu dòng chi."):
            return redirect("logistics:budget", event_id=event.pk)
    return form_page(request, form, "Dòng chi", back=reverse("logistics:budget", args=[event.pk]), event=event)


@requires("logistics.manage_budget")
@require_POST
def budget_line_delete(request, event_id: int, pk: int):
    event = event_of(event_id)
    line = get_object_or_404(BudgetLine, pk=pk, budget=budget_of(event))
    return act(request, services.delete_budget_line, request.user, line, done="Đã xóa dòng chi.",
               then=("logistics:budget", event.pk))


@requires("logistics.manage_budget")
@require_POST
def budget_move(request, event_id: int, to: str):
    event = event_of(event_id)
    budget = budget_of(event)
    if budget is None or to not in states.BUDGET_LABELS:
        raise Http404
    return act(request, services.move_budget, request.user, budget, to, request.POST.get("note", ""),
               done=f"Dự trù chuyển sang “{states.BUDGET_LABELS[to]}”.", then=("logistics:budget", event.pk))


@requires("logistics.view_budget")
def budget_file(request, event_id: int, fmt: str):
    event = event_of(event_id)
    budget = budget_of(event)
    if budget is None:
        raise Http404
    doc = documents.budget_document(budget, queries.budget_summary(budget))
    if fmt == "pdf":
        return download(render_pdf(doc), f"du-tru-kinh-phi-{event.slug}.pdf")
    if fmt == "docx":
        return download(render_docx(doc), f"du-tru-kinh-phi-{event.slug}.docx")
    raise Http404


# --- spending norms --------------------------------------------------------------------------------


def _norms_saved(changed) -> str:
    return f"Đã lưu định mức chi ({len(changed)} nhóm thay đổi)." if changed else "Định mức chi không thay đổi."


@requires("logistics.manage_budget")
@require_http_methods(["GET", "POST"])
def norms(request):
    """The authority's spending norms (limits per delegate by budget group) behind the budget warnings."""
    authority = authority_for(request.user)
    current = {n.group: n for n in SpendingNorm.objects.filter(authority=authority)}
    initial = {}
    for group, _ in budget_rules.NORM_GROUPS:
        if group in current:
            initial[f"limit_{group}"] = current[group].limit_per_delegate
            initial[f"basis_{group}"] = current[group].basis_text
    form = NormsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.save_norms, request.user, authority.pk, form.values(),
                  done=_norms_saved) is not None:  # an empty list of changes is a success too
            back = request.POST.get("event", "")
            return redirect(reverse("logistics:norms") + (f"?event={back}" if back.isdigit() else ""))
    event = event_filter(request) if request.method == "GET" else None
    return render(request, "logistics/norms.html", {"form": form, "authority": authority, "event": event,
                                                    "has_any": bool(current)})
