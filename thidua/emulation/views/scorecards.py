"""Scorecards: the tree of criteria, editing it until scoring starts, importing one from Excel."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from thidua.orgs.access import check_object, requires
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import XLSX_TYPE, SheetError
from thidua.orgs.versions import guarded, versioned
from thidua.orgs.viewkit import download, form_error, id_or_none
from thidua.vn.money import format_decimal

from .. import imports, queries, services
from ..forms import CriteriaGroupForm, CriterionForm, ImportScorecardForm, ScorecardForm
from ..models import CriteriaGroup, Criterion, Scorecard
from .common import get_cycle

CRITERION_VALUES = ("code", "name", "kind", "max_points", "unit_points", "unit_label", "guidance", "evidence_required")


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def scorecard_detail(request, pk: int):
    """The scorecard tree; the secretariat edits its settings, criteria groups and criteria here
    until scoring starts."""
    card = get_object_or_404(Scorecard.objects.select_related("cycle"), pk=pk)
    if request.GET.get("format") == "xlsx":
        return download(imports.export_scorecard(card), f"thang-bang-diem-{card.pk}.xlsx", XLSX_TYPE)
    can_manage = request.user.has_perm("emulation.manage_cycles")
    lock_reason = services.scorecard_lock_reason(card) if can_manage else ""
    cgroups = list(card.criteria_groups.all())
    action = request.POST.get("action", "") if request.method == "POST" else ""
    settings_form = versioned(ScorecardForm(request.POST if action == "settings" else None,
                                            initial={"name": card.name, "bonus_cap": _num(card.bonus_cap),
                                                     "penalty_cap": _num(card.penalty_cap)}), card)
    group_form = CriteriaGroupForm(request.POST if action == "add_group" else None, prefix="g")
    crit_form = CriterionForm(request.POST if action == "add_criterion" else None, groups=cgroups, prefix="c")
    group_forms = {}
    for cg in cgroups:
        bound = action == "edit_group" and request.POST.get("group") == str(cg.pk)
        group_forms[cg.pk] = CriteriaGroupForm(request.POST if bound else None, prefix=f"g{cg.pk}",
                                               initial={"code": cg.code, "name": cg.name})
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        try:
            if action == "settings" and settings_form.is_valid():
                with guarded(card, settings_form.sent_version):
                    services.update_scorecard(request.user, card, settings_form.cleaned_data)
                messages.success(request, "Đã lưu thang bảng điểm.")
            elif action == "add_group" and group_form.is_valid():
                cg = services.add_criteria_group(request.user, card, group_form.cleaned_data["code"],
                                                 group_form.cleaned_data["name"])
                messages.success(request, f"Đã thêm nhóm {cg.code}.")
            elif action == "edit_group":
                cg = get_object_or_404(CriteriaGroup, pk=id_or_none(request.POST.get("group")), scorecard=card)
                form = group_forms[cg.pk]
                if form.is_valid():
                    services.update_criteria_group(request.user, cg, form.cleaned_data["code"], form.cleaned_data["name"])
                    messages.success(request, f"Đã lưu nhóm {cg.code}.")
                else:
                    raise _Invalid
            elif action == "delete_group":
                cg = get_object_or_404(CriteriaGroup, pk=id_or_none(request.POST.get("group")), scorecard=card)
                services.delete_criteria_group(request.user, cg)
                messages.success(request, f"Đã xóa nhóm {cg.code}.")
            elif action == "add_criterion" and crit_form.is_valid():
                data = crit_form.cleaned_data
                cg = get_object_or_404(CriteriaGroup, pk=data["group"], scorecard=card)
                c = services.add_criterion(request.user, card, cg, {k: data[k] for k in CRITERION_VALUES})
                messages.success(request, f"Đã thêm tiêu chí {c.code}.")
            elif action not in ("settings", "add_group", "add_criterion"):
                raise Http404
            else:
                raise _Invalid
            return redirect("emulation:scorecard", pk=card.pk)
        except _Invalid:
            pass
        except ValidationFailed as exc:
            target = {"settings": settings_form, "add_group": group_form, "add_criterion": crit_form}.get(action)
            if action == "edit_group":
                target = group_forms.get(id_or_none(request.POST.get("group")))
            if target is not None and exc.field:
                form_error(target, exc)
            else:
                messages.error(request, exc.message)
    return render(request, "emulation/scorecard.html", {
        "card": card, "cycle": card.cycle, "criteria": queries.criteria(card.pk), "groups": card.groups.all(),
        "can_edit": can_manage and not lock_reason, "lock_reason": lock_reason, "settings_form": settings_form,
        "group_form": group_form, "crit_form": crit_form, "cgroups": [(cg, group_forms[cg.pk]) for cg in cgroups],
        "empty_groups": [cg for cg in cgroups if not cg.criteria.exists()],
    })


class _Invalid(Exception):
    """A form with field errors: render the page again with them."""


def _num(value) -> str:
    return "" if value is None else format_decimal(value)


@requires("emulation.manage_cycles")
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk: int):
    c = get_object_or_404(Criterion.objects.select_related("scorecard", "scorecard__cycle", "group"), pk=pk)
    card = c.scorecard
    lock_reason = services.scorecard_lock_reason(card)
    cgroups = list(card.criteria_groups.all())
    initial = {k: getattr(c, k) for k in CRITERION_VALUES} | {
        "group": c.group_id, "max_points": _num(c.max_points), "unit_points": _num(c.unit_points)}
    form = CriterionForm(request.POST or None, groups=cgroups, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                services.delete_criterion(request.user, c)
                messages.success(request, f"Đã xóa tiêu chí {c.code}.")
                return redirect("emulation:scorecard", pk=card.pk)
            if form.is_valid():
                data = form.cleaned_data
                group = get_object_or_404(CriteriaGroup, pk=data["group"], scorecard=card)
                services.update_criterion(request.user, c, {k: data[k] for k in CRITERION_VALUES} | {"group": group})
                messages.success(request, f"Đã lưu tiêu chí {c.code}.")
                return redirect("emulation:scorecard", pk=card.pk)
        except ValidationFailed as exc:
            if exc.field:
                form_error(form, exc)
            else:
                messages.error(request, exc.message)
    return render(request, "emulation/criterion.html", {"card": card, "cycle": card.cycle, "criterion": c,
                                                        "form": form, "lock_reason": lock_reason})


@requires("emulation.manage_cycles")
@require_http_methods(["GET", "POST"])
def scorecard_import(request, pk: int):
    cycle = get_cycle(pk)
    form = ImportScorecardForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry = "confirm" not in request.POST
        try:
            report, card = imports.import_scorecard(
                request.user, cycle, form.cleaned_data["name"], upload.data, upload.name, dry_run=dry,
                max_bytes=settings.UPLOAD_MAX_BYTES, bonus_cap=form.cleaned_data["bonus_cap"])
            if card is not None:
                messages.success(request, f"Đã nhập thang bảng điểm “{card.name}”.")
                return redirect("emulation:scorecard", pk=card.pk)
        except (SheetError, ValidationFailed) as exc:
            form.add_error("file", getattr(exc, "message", str(exc)))
    return render(request, "emulation/scorecard_import.html", {"cycle": cycle, "form": form, "report": report,
                                                               "columns": imports.COLUMNS})
