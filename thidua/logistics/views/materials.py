"""Conference materials: the list, one material with its versions and review, uploading a version,
the review moves and comments, and the delegates' bundle of approved PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.orgs.access import check_object, requires
from thidua.orgs.models import Role, User
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import act, download, form_page, submit
from thidua.paperwork.model import PaperworkError

from .. import documents, papers, queries, services, states
from ..forms import MaterialForm, UploadForm
from ..models import Material, MaterialKind, MaterialStatus
from .common import checked_upload, event_of


@requires("logistics.view_materials")
def material_list(request, event_id: int):
    scope = scope_for(request.user)
    event = event_of(event_id)
    items = list(queries.materials(scope, event))
    for m in items:
        versions = list(m.versions.all())
        m.latest = versions[0] if versions else None
    return render(request, "logistics/material_list.html", {"event": event, "items": items,
                                                            "unit_bound": scope.is_unit_bound})


def _reviewers(authority):
    return User.objects.filter(authority=authority, is_active=True,
                               role__in=[Role.REVIEWER, Role.SECRETARIAT, Role.ADMIN]).order_by("full_name", "id")


@requires("logistics.manage_materials")
@require_http_methods(["GET", "POST"])
def material_edit(request, event_id: int | None = None, pk: int | None = None):
    material = get_object_or_404(Material.objects.select_related("event"), pk=pk) if pk else None
    event = material.event if material else event_of(event_id)
    initial = {f: getattr(material, f) for f in services.MATERIAL_FIELDS} if material else {"kind": MaterialKind.REPORT}
    form = MaterialForm(request.POST or None, initial=initial, authority=event.authority,
                        reviewers=_reviewers(event.authority))
    if request.method == "POST" and form.is_valid():
        saved = submit(request, form, services.save_material, request.user, event, form.cleaned_data, material,
                       done=lambda m: f"Đã lưu tài liệu “{m.title}”.")
        if saved:
            return redirect("logistics:material_detail", pk=saved.pk)
    return form_page(request, form, "Tài liệu hội nghị", back=reverse("logistics:material_list", args=[event.pk]),
                     event=event)


def _material(request, pk: int) -> Material:
    material = get_object_or_404(Material.objects.select_related("organisation", "reviewer", "event"), pk=pk)
    check_object(request, "logistics.view_material", material)
    return material


@requires("logistics.view_materials")
def material_detail(request, pk: int):
    material = _material(request, pk)
    user = request.user
    can_edit = user.has_perm("logistics.edit_material", material)
    can_review = user.has_perm("logistics.review_material", material)
    moves = []
    for s in sorted(states.MATERIAL_TRANSITIONS[material.status]):
        if (s in states.MATERIAL_REVIEW_MOVES and can_review) or (s not in states.MATERIAL_REVIEW_MOVES and can_edit):
            moves.append((s, states.MATERIAL_MOVE_LABELS[s]))
    return render(request, "logistics/material_detail.html", {
        "material": material, "versions": list(material.versions.select_related("file", "file__uploaded_by")),
        "comments": list(material.comments.select_related("version")), "can_edit": can_edit,
        "can_review": can_review, "moves": moves, "upload_form": UploadForm(),
        "can_upload": can_edit and material.status in (MaterialStatus.DRAFT, MaterialStatus.RETURNED),
    })


@requires("logistics.view_materials")
@require_POST
def material_upload(request, pk: int):
    material = _material(request, pk)
    check_object(request, "logistics.edit_material", material)
    form = UploadForm(request.POST, request.FILES)

    def upload_version():
        upload = checked_upload(form)
        return services.upload_version(request.user, material, upload.data, upload.name,
                                       form.cleaned_data["note"])

    return act(request, upload_version,
               done=lambda v: f"Đã tải lên bản {v.number} (“{form.cleaned_data['file'].name}”).",
               then=("logistics:material_detail", material.pk))


@requires("logistics.view_materials")
@require_POST
def material_move(request, pk: int, to: str):
    material = _material(request, pk)
    if to not in states.MATERIAL_LABELS:
        raise Http404
    return act(request, services.move_material, request.user, material, to, request.POST.get("text", ""),
               done=f"Tài liệu chuyển sang “{states.MATERIAL_LABELS[to]}”.",
               then=("logistics:material_detail", material.pk))


@requires("logistics.view_materials")
@require_POST
def material_comment(request, pk: int):
    material = _material(request, pk)
    return act(request, services.comment_material, request.user, material, request.POST.get("text", ""),
               done="Đã ghi góp ý.", then=("logistics:material_detail", material.pk))


@requires("logistics.view_overview")
def material_bundle(request, event_id: int):
    scope = scope_for(request.user)
    event = event_of(event_id)
    materials = list(queries.materials(scope, event))
    made = {}
    if any(m.kind == MaterialKind.REPORT and m.status == "approved" for m in materials):
        try:  # the report as issued in the register (or its draft from the data), not an uploaded stand-in
            made[MaterialKind.REPORT] = papers.render(papers.REPORT, event.authority, str(event.pk), "pdf")
        except (ValidationFailed, PaperworkError) as exc:
            messages.warning(request, f"Báo cáo tổng kết lấy theo bản đã tải lên: chưa tạo được từ dữ liệu ({exc}).")
    result = documents.bundle(event, materials, made)
    if not result.included:
        messages.error(request, "Chưa có tài liệu nào được duyệt với bản PDF để đóng thành bộ tài liệu."
                       + (f" Cần bản PDF: {', '.join(result.missing_pdf)}." if result.missing_pdf else ""))
        return redirect("logistics:material_list", event_id=event.pk)
    return download(result.pdf, f"tai-lieu-{event.slug}.pdf")
