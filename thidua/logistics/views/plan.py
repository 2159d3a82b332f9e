"""The list of conferences and the plan (Kế hoạch): its sections, points of assignment, checks, issue
and the document."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.events.models import Event
from thidua.orgs.access import requires
from thidua.orgs.models import RegisterEntry, RegisterState
from thidua.orgs.scope import scope_for
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_page, submit
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import PaperworkError
from thidua.paperwork.pdf import render_pdf

from .. import documents, queries, services
from ..forms import AssignmentForm, PlanForm, SectionForm
from ..models import PlanAssignment, PlanSection
from .common import event_of, plan_of


@requires("logistics.view_plan")
def index(request):
    scope = scope_for(request.user)
    events = list(Event.objects.order_by("-date", "-id").select_related("logistics_plan"))
    counts = queries.task_counts_by_event(scope)
    empty = {"total": 0, "done": 0, "late": 0}
    rows = [{"event": e, "plan": getattr(e, "logistics_plan", None), "counts": counts.get(e.pk, empty)}
            for e in events]
    return render(request, "logistics/index.html", {"rows": rows})


@requires("logistics.view_plan")
def plan_detail(request, event_id: int):
    event = event_of(event_id)
    plan = queries.plan_for(event)
    ctx = {"event": event, "plan": plan}
    if plan is not None:
        ctx.update(findings=queries.plan_findings(plan), sections=list(plan.sections.all()),
                   assignments=list(plan.assignments.select_related("lead_unit").prefetch_related("supporting_units")
                                    .annotate(task_count=Count("tasks"))),
                   categories=list(event.categories.all()))
    return render(request, "logistics/plan_detail.html", ctx)


@requires("logistics.manage_plan")
@require_POST
def plan_create(request, event_id: int):
    event = event_of(event_id)
    return act(request, services.create_plan, request.user, event,
               done="Đã tạo dự thảo kế hoạch với các mục I–V; điền nội dung và phân công.",
               then=("logistics:plan_detail", event.pk))


@requires("logistics.manage_plan")
@require_http_methods(["GET", "POST"])
def plan_edit(request, event_id: int):
    event = event_of(event_id)
    plan = plan_of(event)
    initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS}
    form = versioned(PlanForm(request.POST or None, initial=initial, authority=plan.authority), plan)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["talk_minutes_min"] = values["talk_minutes_min"] or 5
        values["talk_minutes_max"] = values["talk_minutes_max"] or 7
        if submit(request, form, services.update_plan, request.user, plan, values, done="Đã lưu kế hoạch."):
            return redirect("logistics:plan_detail", event_id=event.pk)
    return form_page(request, form, "Sửa kế hoạch", back=reverse("logistics:plan_detail", args=[event.pk]),
                     event=event)


@requires("logistics.manage_plan")
@require_http_methods(["GET", "POST"])
def section_edit(request, event_id: int, pk: int | None = None):
    event = event_of(event_id)
    plan = plan_of(event)
    section = get_object_or_404(PlanSection, pk=pk, plan=plan) if pk else None
    initial = {"numeral": section.numeral, "title": section.title, "kind": section.kind,
               "text": section.text} if section else {"kind": "other"}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.save_section, request.user, plan, form.cleaned_data, section,
                  done="Đã lưu mục."):
            return redirect("logistics:plan_detail", event_id=event.pk)
    return form_page(request, form, "Sửa mục của kế hoạch", back=reverse("logistics:plan_detail", args=[event.pk]),
                     event=event)


@requires("logistics.manage_plan")
@require_http_methods(["GET", "POST"])
def assignment_edit(request, event_id: int, pk: int | None = None):
    event = event_of(event_id)
    plan = plan_of(event)
    assignment = get_object_or_404(PlanAssignment, pk=pk, plan=plan) if pk else None
    if assignment:
        initial = {"number": assignment.number, "lead_unit": assignment.lead_unit, "heading": assignment.heading,
                   "unit_kinds": assignment.unit_kinds, "supporting_units": list(assignment.supporting_units.all()),
                   "duties": assignment.duties, "deadline": assignment.deadline,
                   "deadline_by_event": assignment.deadline_by_event}
    else:
        initial = {"number": (max((a.number for a in plan.assignments.all()), default=0)) + 1,
                   "deadline_by_event": True}
    form = AssignmentForm(request.POST or None, initial=initial, authority=plan.authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        supporting = data.pop("supporting_units")
        if submit(request, form, services.save_assignment, request.user, plan, data, supporting=supporting,
                  assignment=assignment, done="Đã lưu điểm phân công."):
            return redirect("logistics:plan_detail", event_id=event.pk)
    return form_page(request, form, "Điểm phân công (mục Tổ chức thực hiện)",
                     back=reverse("logistics:plan_detail", args=[event.pk]), event=event)


@requires("logistics.manage_plan")
@require_POST
def assignment_delete(request, event_id: int, pk: int):
    event = event_of(event_id)
    assignment = get_object_or_404(PlanAssignment, pk=pk, plan=plan_of(event))
    return act(request, services.delete_assignment, request.user, assignment, done="Đã xóa điểm phân công.",
               then=("logistics:plan_detail", event.pk))


@requires("logistics.manage_plan")
@require_POST
def plan_issue(request, event_id: int):
    """The plan is numbered by the authority's outgoing register ("Soạn thảo và ban hành"), which gives it
    the number and date it issues under (documents.plan_issued); a number typed here would bypass the book."""
    event = event_of(event_id)
    plan_of(event)
    messages.error(request, "Kế hoạch được ban hành qua “Soạn thảo và ban hành” để lấy số trong sổ văn bản đi "
                            "(số đã cấp trước cũng ghi được ở đó).")
    return redirect("logistics:plan_detail", event_id=event.pk)


def _issued_copy(plan) -> RegisterEntry | None:
    return RegisterEntry.objects.filter(authority_id=plan.authority_id, state=RegisterState.ISSUED,
                                        source=f"{documents.PLAN_SOURCE}:{plan.pk}").first()


@requires("logistics.view_plan")
def plan_file(request, event_id: int, fmt: str):
    event = event_of(event_id)
    plan = plan_of(event)
    if fmt not in ("pdf", "docx"):
        raise Http404
    issued = _issued_copy(plan)
    if issued is not None:  # the text frozen at issue, not the data as it stands now
        with (issued.pdf if fmt == "pdf" else issued.docx).open("rb") as f:
            return download(f.read(), f"ke-hoach-{event.slug}.{fmt}")
    try:
        doc = documents.plan_document(plan)
        return download(render_pdf(doc) if fmt == "pdf" else render_docx(doc), f"ke-hoach-{event.slug}.{fmt}")
    except (PaperworkError, ValueError) as exc:
        messages.error(request, f"Chưa tạo được văn bản: {exc}")
        return redirect("logistics:plan_detail", event_id=event.pk)


def _tasks_made(request):
    """What to say after making tasks: how many, or (as information, not success) that there were none."""
    def say(created) -> str:
        if created:
            return f"Đã tạo {len(created)} nhiệm vụ từ mục Tổ chức thực hiện."
        messages.info(request, "Các điểm phân công đều đã có nhiệm vụ; không tạo thêm.")
        return ""
    return say


@requires("logistics.manage_tasks")
@require_POST
def plan_tasks(request, event_id: int):
    event = event_of(event_id)
    return act(request, services.create_tasks_from_plan, request.user, plan_of(event), done=_tasks_made(request),
               then=reverse("logistics:task_list") + f"?event={event.pk}")
