"""Cycles and their clusters and blocks: the list, a cycle, copying its structure, a group and its documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.orgs.access import check_object, requires
from thidua.orgs.models import Organisation
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import act, download, form_error, id_or_none
from thidua.vn.dates import parse_date

from .. import documents, queries, services
from ..forms import CopyForm, CycleForm, GroupForm, MembersForm
from ..models import Group, Membership
from .common import check_group_visible, get_cycle


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def cycle_list(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        if form.is_valid():
            try:
                cycle = services.create_cycle(request.user, request.user.authority, form.cleaned_data["year"],
                                              form.cleaned_data["name"], form.cleaned_data["covenant_deadline"])
                messages.success(request, f"Đã tạo {cycle.name}.")
                return redirect("emulation:cycle", pk=cycle.pk)
            except ValidationFailed as exc:
                form_error(form, exc)
    cycles = list(queries.cycles(request.user.authority)) if request.user.authority_id else []
    return render(request, "emulation/cycle_list.html", {
        "cycles": cycles, "form": form, "can_manage": request.user.has_perm("emulation.manage_cycles")})


@requires("emulation.view_cycles")
def cycle_detail(request, pk: int):
    cycle = get_cycle(pk)
    scope = scope_for(request.user)
    if scope.unit_id:
        return redirect("emulation:unit", pk=cycle.pk, org=scope.unit_id)
    overview = queries.covenant_overview(cycle, scope)
    return render(request, "emulation/cycle_detail.html", {
        "cycle": cycle, "groups": queries.groups(cycle), "counts": queries.covenant_counts(overview),
        "sheets": queries.sheet_counts(cycle), "scorecards": cycle.scorecards.all(),
        "movements": cycle.movements.all(), "can_manage": request.user.has_perm("emulation.manage_cycles"),
        "copy_form": CopyForm(initial={"year": cycle.year + 1}), "group_form": GroupForm(),
    })


@requires("emulation.manage_cycles")
@require_POST
def cycle_copy(request, pk: int):
    cycle = get_cycle(pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Năm thi đua mới không hợp lệ.")
        return redirect("emulation:cycle", pk=cycle.pk)
    return act(request, services.copy_structure, request.user, cycle, form.cleaned_data["year"],
               form.cleaned_data["covenant_deadline"],
               done=lambda new: f"Đã tạo {new.name} từ cơ cấu cụm, khối năm {cycle.year}.",
               then=lambda new: reverse("emulation:cycle", args=[(new or cycle).pk]))


@requires("emulation.manage_cycles")
@require_POST
def group_create(request, pk: int):
    cycle = get_cycle(pk)
    form = GroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần chọn loại và nhập tên cụm, khối.")
        return redirect("emulation:cycle", pk=cycle.pk)
    return act(request, services.create_group, request.user, cycle, form.cleaned_data["kind"],
               form.cleaned_data["name"],
               then=lambda g: reverse("emulation:group", args=[g.pk]) if g else reverse("emulation:cycle", args=[cycle.pk]))


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def group_detail(request, pk: int):
    group = get_object_or_404(Group.objects.select_related("cycle", "head", "deputy", "scorecard"), pk=pk)
    check_group_visible(request, group)
    if request.method == "POST" and request.POST.get("action") == "peers":
        check_object(request, "emulation.manage_cycles", None)
        try:
            if "default" in request.POST:
                services.set_peer_assignments(request.user, group, {})
            else:
                services.set_peer_assignments(request.user, group, {
                    m.organisation_id: request.POST.get(f"scorer{m.organisation_id}", "") for m in queries.members(group)})
            messages.success(request, "Đã lưu phân công chấm chéo.")
            return redirect("emulation:group", pk=group.pk)
        except (ValidationFailed, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Đơn vị chọn không hợp lệ."))
    elif request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        units = {u.pk: u for u in Organisation.objects.filter(authority_id=group.cycle.authority_id)}
        try:
            ids = [i for i in map(id_or_none, request.POST.getlist("members")) if i]
            if any(i not in units for i in ids):
                raise Http404
            services.set_members(request.user, group, [units[i] for i in ids])
            head, deputy = request.POST.get("head") or "", request.POST.get("deputy") or ""
            card = request.POST.get("scorecard") or ""
            services.update_group(request.user, group, {
                "head": units.get(int(head)) if head.isdigit() else None,
                "deputy": units.get(int(deputy)) if deputy.isdigit() else None,
                "scorecard": group.cycle.scorecards.filter(pk=int(card)).first() if card.isdigit() else None,
                "meeting_place": request.POST.get("meeting_place", ""),
                "meeting_date": parse_date(request.POST["meeting_date"]) if request.POST.get("meeting_date") else None,
            })
            messages.success(request, "Đã lưu cụm, khối.")
            return redirect("emulation:group", pk=group.pk)
        except (ValidationFailed, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
    member_ids = [m.organisation_id for m in queries.members(group)]
    taken = set(Membership.objects.filter(cycle=group.cycle).exclude(group=group).values_list("organisation_id", flat=True))
    candidates = [u for u in Organisation.objects.filter(authority_id=group.cycle.authority_id, valid_to__isnull=True)
                  .order_by("display_order", queries.vi("name")) if u.pk not in taken]
    peers = queries.peer_map(group)
    ms = list(queries.members(group))
    names = {m.organisation_id: m.organisation.name for m in ms}
    peer_rows = [{"membership": m, "scorer_id": peers.get(m.organisation_id),
                  "scorer": names.get(peers.get(m.organisation_id), "—")} for m in ms]
    return render(request, "emulation/group_detail.html", {
        "peer_rows": peer_rows, "peers_stored": group.peer_assignments.exists(),
        "group": group, "cycle": group.cycle, "members": ms, "member_ids": member_ids,
        "candidates": candidates, "can_manage": request.user.has_perm("emulation.manage_cycles"),
        "members_form": MembersForm(initial={"members": member_ids}, units=candidates),
        "scorecards": group.cycle.scorecards.all(),
    })

@requires("emulation.view_cycles")
def group_document(request, pk: int, kind: str, fmt: str):
    group = get_object_or_404(Group.objects.select_related("cycle", "head", "deputy"), pk=pk)
    check_group_visible(request, group)
    builders = {"giao-uoc": documents.covenant_document, "bien-ban": documents.minutes_document,
                "mau-dang-ky": documents.registration_form}
    if kind not in builders or fmt not in ("pdf", "docx"):
        raise Http404
    if kind == "bien-ban" and not request.user.has_perm("emulation.view_ranking"):
        raise PermissionDenied("Bạn không có quyền xem biên bản họp.")
    doc = builders[kind](group)
    name = f"{kind}-{group.cycle.year}-{group.pk}.{fmt}"
    if fmt == "pdf":
        return download(documents.render_pdf(doc), name, "application/pdf", inline=True)
    return download(documents.render_docx(doc), name)
