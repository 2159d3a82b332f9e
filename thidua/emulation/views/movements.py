"""Movements (phong trào thi đua) of a cycle."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from thidua.orgs.access import check_object, requires
from thidua.orgs.models import Organisation
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import form_error

from .. import queries, services
from ..forms import MovementForm
from ..models import Cycle, Movement
from .common import get_cycle

MOVEMENT_VALUES = ("name", "kind", "status", "launch_document", "launch_date", "starts_on", "ends_on")


def _authority_units(cycle: Cycle):
    return list(Organisation.objects.filter(authority_id=cycle.authority_id, valid_to__isnull=True)
                .order_by("display_order", queries.vi("name")))


@requires("emulation.view_movements")
@require_http_methods(["GET", "POST"])
def movement_list(request, pk: int):
    """Phong trào thi đua of a cycle; the secretariat adds them, a unit officer sees its own."""
    cycle = get_cycle(pk)
    can_manage = request.user.has_perm("emulation.manage_cycles")
    units = _authority_units(cycle) if can_manage else []
    form = MovementForm(request.POST or None, units=units)
    del form.fields["note"]  # only for a status change of an existing movement
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [u for u in units if u.pk in set(data["units"])]
            try:
                m = services.create_movement(request.user, cycle, {k: data[k] for k in MOVEMENT_VALUES}, chosen)
                messages.success(request, f"Đã thêm phong trào “{m.name}”.")
                return redirect("emulation:movements", pk=cycle.pk)
            except ValidationFailed as exc:
                form_error(form, exc)
    rows = list(queries.movements(cycle, scope_for(request.user)))
    return render(request, "emulation/movements.html", {
        "cycle": cycle, "movements": rows, "form": form, "can_manage": can_manage,
        "counts": queries.movement_counts(cycle) if can_manage else {}})


@requires("emulation.view_movements")
@require_http_methods(["GET", "POST"])
def movement_edit(request, pk: int):
    movement = get_object_or_404(Movement.objects.select_related("cycle", "status_changed_by"), pk=pk)
    check_object(request, "emulation.view_movement", movement)
    cycle = movement.cycle
    can_manage = request.user.has_perm("emulation.manage_cycles")
    units = _authority_units(cycle) if can_manage else []
    current = list(movement.units.order_by("display_order", queries.vi("name")))
    initial = {k: getattr(movement, k) for k in MOVEMENT_VALUES} | {"units": [u.pk for u in current]}
    form = MovementForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [u for u in units if u.pk in set(data["units"])]
            try:
                services.update_movement(request.user, movement, {k: data[k] for k in MOVEMENT_VALUES}, chosen,
                                         note=data["note"])
                messages.success(request, "Đã lưu phong trào thi đua.")
                return redirect("emulation:movement", pk=movement.pk)
            except ValidationFailed as exc:
                form_error(form, exc)
    return render(request, "emulation/movement.html", {
        "cycle": cycle, "movement": movement, "units": current, "form": form, "can_manage": can_manage})
