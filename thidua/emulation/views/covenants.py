"""A unit's pages: the covenants of a cycle, a unit's overview and its covenant (registration)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from thidua import clock
from thidua.orgs.access import check_object, requires
from thidua.orgs.models import Organisation
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.versions import FIELD, guarded, token
from thidua.vn.dates import parse_date, short_date
from thidua.vn.money import format_decimal

from .. import queries, services
from ..models import Covenant, CovenantStatus, CovenantTarget, CriterionKind, Membership
from .common import get_cycle


def _shown(value):
    """A stored target as officials write it ("7.500", "98,5"), so it reads back the same; what was
    typed (a text) is shown as typed."""
    return format_decimal(value) if isinstance(value, Decimal) else value


@requires("emulation.view_cycles")
def covenants(request, pk: int):
    cycle = get_cycle(pk)
    scope = scope_for(request.user)
    as_of = request.GET.get("ngay", "")
    day = None
    if as_of:
        try:
            day = parse_date(as_of)
        except ValueError:
            messages.error(request, f"Ngày “{as_of}” không hợp lệ; hiển thị theo hôm nay.")
    if day is not None:
        with clock.as_of(day):
            rows = queries.covenant_overview(cycle, scope)
            today = clock.today()
    else:
        rows = queries.covenant_overview(cycle, scope)
        today = clock.today()
    return render(request, "emulation/covenants.html", {
        "cycle": cycle, "rows": rows, "counts": queries.covenant_counts(rows), "today": short_date(today),
        "deadline": short_date(cycle.covenant_deadline) if cycle.covenant_deadline else "", "as_of": as_of})


@requires("emulation.view_unit")
def unit_page(request, pk: int, org: int):
    """One unit's cycle: its cluster/block, covenant and score sheet (the unit officer's home)."""
    cycle = get_cycle(pk)
    unit = get_object_or_404(Organisation, pk=org)
    scope_for(request.user).check_unit(unit.pk)
    check_object(request, "emulation.view_unit", unit)
    data = queries.unit_overview(cycle, unit.pk)
    return render(request, "emulation/unit.html", {"cycle": cycle, "unit": unit, **data,
                                                   "result": queries.unit_ranking(cycle, unit.pk),
                                                   "late": queries.is_late(cycle, data["covenant"])})


@requires("emulation.my_unit")
def my_unit(request):
    if request.user.unit_id is None:  # a superuser holds every permission but has no unit of its own
        messages.info(request, "Tài khoản này không gắn với đơn vị nào; chọn đơn vị trong từng năm thi đua.")
        return redirect("emulation:cycles")
    cycles = list(queries.cycles(request.user.authority))
    if not cycles:
        raise Http404("Chưa có năm thi đua.")
    return redirect("emulation:unit", pk=cycles[0].pk, org=request.user.unit_id)


@requires("emulation.view_unit")
@require_http_methods(["GET", "POST"])
def covenant_edit(request, pk: int, org: int):
    cycle = get_cycle(pk)
    unit = get_object_or_404(Organisation, pk=org)
    scope_for(request.user).check_unit(unit.pk)
    check_object(request, "emulation.view_unit", unit)
    membership = Membership.objects.filter(cycle=cycle, organisation=unit).select_related("group").first()
    if membership is None:
        raise Http404("Đơn vị chưa thuộc cụm, khối nào.")
    covenant = Covenant.objects.filter(cycle=cycle, organisation=unit).first()
    crits = list(queries.criteria(membership.group.scorecard_id))
    target_crits = [c for c in crits if c.kind == CriterionKind.TARGET]
    targets = dict(CovenantTarget.objects.filter(covenant=covenant).values_list("criterion_id", "target")) \
        if covenant else {}
    errors: dict = {}
    commitments = covenant.commitments if covenant else ""
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "submit"):
                check_object(request, "emulation.edit_covenant", covenant or Covenant(organisation=unit))
                posted = {c.pk: request.POST.get(f"t{c.pk}", "") for c in target_crits}
                commitments = request.POST.get("commitments", "")
                on_paper = bool(request.POST.get("on_paper")) and request.user.has_perm("emulation.decide_covenant")
                with guarded(covenant, request.POST.get(FIELD), _targets):  # another's save since the page loaded
                    saved = services.save_covenant(request.user, cycle, unit, posted, commitments, on_paper=on_paper)
                    if action == "submit":
                        services.transition_covenant(request.user, saved, CovenantStatus.SUBMITTED)
                covenant = saved
                if action == "submit":
                    messages.success(request, "Đã gửi bản đăng ký giao ước thi đua.")
                else:
                    messages.success(request, "Đã lưu bản đăng ký (chưa gửi).")
            elif action in ("accepted", "returned"):
                if covenant is None:
                    raise Http404
                services.transition_covenant(request.user, covenant, action, request.POST.get("note", ""))
                messages.success(request, "Đã chấp nhận bản đăng ký." if action == "accepted" else "Đã trả lại bản đăng ký.")
            else:
                raise Http404
            return redirect("emulation:covenant", pk=cycle.pk, org=unit.pk)
        except services.ScoresInvalid as exc:
            errors = exc.errors
            targets = {c.pk: request.POST.get(f"t{c.pk}", "") for c in target_crits}
            messages.error(request, exc.message)
        except ValidationFailed as exc:
            if request.POST.get("action", "save") in ("save", "submit"):  # what was typed stays on the page
                targets = {c.pk: request.POST.get(f"t{c.pk}", "") for c in target_crits}
            messages.error(request, exc.message)
    editable = (covenant is None or covenant.status in (CovenantStatus.DRAFT, CovenantStatus.RETURNED)) and \
        request.user.has_perm("emulation.edit_covenant", covenant or Covenant(organisation=unit))
    rows = [{"criterion": c, "value": _shown(targets.get(c.pk, "")), "error": errors.get(c.pk, "")}
            for c in target_crits]
    return render(request, "emulation/covenant.html", {
        "cycle": cycle, "unit": unit, "group": membership.group, "covenant": covenant, "rows": rows,
        "commitments": commitments, "editable": editable, "late": queries.is_late(cycle, covenant),
        "can_decide": request.user.has_perm("emulation.decide_covenant") and covenant is not None
        and covenant.status in (CovenantStatus.SUBMITTED, CovenantStatus.ACCEPTED),
        "deadline": short_date(cycle.covenant_deadline) if cycle.covenant_deadline else "",
        "other_criteria": len(crits) - len(target_crits),
        "version": request.POST.get(FIELD, "") if request.method == "POST" else token(covenant, _targets),
    })


def _targets(covenant: Covenant) -> list:
    """A covenant's targets, part of its version: the form edits them with it."""
    return sorted(CovenantTarget.objects.filter(covenant=covenant).values_list("criterion_id", "target"))
