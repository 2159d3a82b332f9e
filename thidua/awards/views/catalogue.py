"""Catalogue pages: titles and forms with their coefficients and powers, the authority's settings, the
base salary."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.orgs.access import requires
from thidua.orgs.viewkit import act
from thidua.vn.dates import parse_date
from thidua.vn.numbers import NumberError, parse_number

from .. import services
from ..models import Award, AwardFamily, AwardPower, BaseSalary, RuleItem, RuleSet


@requires("awards.view_catalogue")
def catalogue(request):
    items = {}
    for it in RuleItem.objects.select_related("rule_set"):
        items.setdefault(it.award_id, {})[it.rule_set_id] = it
    rule_sets = list(RuleSet.objects.order_by("valid_from"))
    awards = list(Award.objects.all())
    powers = {}
    for pw in AwardPower.objects.all():
        powers.setdefault(pw.award_id, []).append(pw)
    rows = [{"award": a, "items": [items.get(a.pk, {}).get(rs.pk) for rs in rule_sets],
             "powers": powers.get(a.pk, [])} for a in awards]
    return render(request, "awards/catalogue.html", {
        "rows": rows, "rule_sets": rule_sets, "salaries": BaseSalary.objects.all(),
        "families": AwardFamily.objects.all(), "settings": services.settings_for(request.user.authority)
        if request.user.authority else None})


@requires("awards.manage_catalogue")
@require_POST
def rule_item_edit(request, pk: int):
    item = get_object_or_404(RuleItem, pk=pk)
    values = {}
    try:
        for key in ("coefficient_individual", "coefficient_collective", "coefficient_household"):
            values[key] = parse_number(request.POST.get(key, ""), label="Hệ số")
    except NumberError as exc:
        messages.error(request, f"{exc.message} Hệ số ghi như 0,3.")
        return redirect("awards:catalogue")
    values["uncertain"] = bool(request.POST.get("uncertain"))
    values["note"] = request.POST.get("note", item.note)
    return act(request, services.update_rule_item, request.user, item, values,
               done=f"Đã lưu hệ số {item.award.name} ({item.rule_set.name}).", then="awards:catalogue")


@requires("awards.manage_catalogue")
@require_POST
def settings_save(request):
    fractions = {}
    for key, label in (("quorum_num", "Tỷ lệ có mặt (tử số)"), ("quorum_den", "Tỷ lệ có mặt (mẫu số)"),
                       ("pass_num", "Tỷ lệ thông qua (tử số)"), ("pass_den", "Tỷ lệ thông qua (mẫu số)")):
        try:
            fractions[key] = int(parse_number(request.POST.get(key), integer=True, label=label) or 0)
        except NumberError as exc:
            messages.error(request, exc.message)
            return redirect("awards:catalogue")
    return act(request, services.update_settings, request.user, request.user.authority, {
        "rounding_mode": request.POST.get("rounding_mode", "ceil"),
        "quorum_strict": request.POST.get("quorum_rule", "more") == "more", **fractions},
        done="Đã lưu thiết lập.", then="awards:catalogue")


@requires("awards.manage_catalogue")
@require_POST
def base_salary_save(request):
    try:
        amount = int(parse_number(request.POST.get("amount", ""), integer=True, label="Mức lương cơ sở") or 0)
    except NumberError as exc:
        messages.error(request, exc.message)
        return redirect("awards:catalogue")
    try:
        day = parse_date(request.POST.get("valid_from", ""))
    except ValueError:
        messages.error(request, "Ngày không hợp lệ.")
        return redirect("awards:catalogue")
    return act(request, services.save_base_salary, request.user, day, amount, request.POST.get("legal_basis", ""),
               done="Đã lưu mức lương cơ sở.", then="awards:catalogue")
