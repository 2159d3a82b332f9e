"""Pages of conference preparation: the plan and its checks, tasks, materials and review, the budget."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.events.models import Event
from thidua.orgs.access import check_object, requires
from thidua.orgs.models import Role, User
from thidua.orgs.scope import authority_for, scope_for
from thidua.orgs.sheets import XLSX_TYPE, ExportColumn, write_xlsx
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import PaperworkError
from thidua.paperwork.pdf import render_pdf
from thidua.vn.money import format_money

from . import budget_rules, documents, files, queries, services, states
from .forms import (
    AssignmentForm,
    BudgetLineForm,
    BudgetSettingsForm,
    MaterialForm,
    NormsForm,
    NoteForm,
    PlanForm,
    SectionForm,
    TaskForm,
    UploadForm,
)
from .models import (
    Budget,
    BudgetLine,
    Material,
    MaterialKind,
    MaterialStatus,
    MaterialVersion,
    Plan,
    PlanAssignment,
    PlanSection,
    SpendingNorm,
    StoredFile,
    Task,
    TaskFile,
    TaskMail,
    TaskStatus,
)

DOCX_TYPE = documents.DOCX_TYPE


def _event(event_id: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority"), pk=event_id)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _form_error(form, exc: services.ValidationFailed) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- index and plan -----------------------------------------------------------------------------------


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
    event = _event(event_id)
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
    event = _event(event_id)
    try:
        services.create_plan(request.user, event)
        messages.success(request, "Đã tạo dự thảo kế hoạch với các mục I–V; điền nội dung và phân công.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:plan_detail", event_id=event.pk)


def _plan(event: Event) -> Plan:
    plan = queries.plan_for(event)
    if plan is None:
        raise Http404("Hội nghị chưa có kế hoạch.")
    return plan


@requires("logistics.manage_plan")
@require_http_methods(["GET", "POST"])
def plan_edit(request, event_id: int):
    event = _event(event_id)
    plan = _plan(event)
    initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS}
    form = PlanForm(request.POST or None, initial=initial, authority=plan.authority)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["talk_minutes_min"] = values["talk_minutes_min"] or 5
        values["talk_minutes_max"] = values["talk_minutes_max"] or 7
        try:
            services.update_plan(request.user, plan, values)
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("logistics:plan_detail", event_id=event.pk)
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    return render(request, "logistics/form.html", {"form": form, "title": "Sửa kế hoạch", "event": event,
                                                   "back": reverse("logistics:plan_detail", args=[event.pk])})


@requires("logistics.manage_plan")
@require_http_methods(["GET", "POST"])
def section_edit(request, event_id: int, pk: int | None = None):
    event = _event(event_id)
    plan = _plan(event)
    section = get_object_or_404(PlanSection, pk=pk, plan=plan) if pk else None
    initial = {"numeral": section.numeral, "title": section.title, "kind": section.kind,
               "text": section.text} if section else {"kind": "other"}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(request.user, plan, form.cleaned_data, section)
            messages.success(request, "Đã lưu mục.")
            return redirect("logistics:plan_detail", event_id=event.pk)
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    return render(request, "logistics/form.html", {"form": form, "title": "Sửa mục của kế hoạch", "event": event,
                                                   "back": reverse("logistics:plan_detail", args=[event.pk])})


@requires("logistics.manage_plan")
@require_http_methods(["GET", "POST"])
def assignment_edit(request, event_id: int, pk: int | None = None):
    event = _event(event_id)
    plan = _plan(event)
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
        try:
            services.save_assignment(request.user, plan, data, supporting=supporting, assignment=assignment)
            messages.success(request, "Đã lưu điểm phân công.")
            return redirect("logistics:plan_detail", event_id=event.pk)
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    return render(request, "logistics/form.html", {"form": form, "title": "Điểm phân công (mục Tổ chức thực hiện)",
                                                   "event": event,
                                                   "back": reverse("logistics:plan_detail", args=[event.pk])})


@requires("logistics.manage_plan")
@require_POST
def assignment_delete(request, event_id: int, pk: int):
    event = _event(event_id)
    plan = _plan(event)
    assignment = get_object_or_404(PlanAssignment, pk=pk, plan=plan)
    try:
        services.delete_assignment(request.user, assignment)
        messages.success(request, "Đã xóa điểm phân công.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:plan_detail", event_id=event.pk)


@requires("logistics.manage_plan")
@require_POST
def plan_issue(request, event_id: int):
    from thidua.vn.dates import parse_date

    event = _event(event_id)
    plan = _plan(event)
    try:
        issue_date = parse_date(request.POST.get("issue_date") or "")
    except ValueError:
        messages.error(request, "Ngày ban hành không hợp lệ.")
        return redirect("logistics:plan_detail", event_id=event.pk)
    try:
        services.issue_plan(request.user, plan, request.POST.get("number_code", ""), issue_date)
        messages.success(request, "Đã ban hành kế hoạch.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:plan_detail", event_id=event.pk)


@requires("logistics.view_plan")
def plan_file(request, event_id: int, fmt: str):
    event = _event(event_id)
    plan = _plan(event)
    try:
        doc = documents.plan_document(plan)
        if fmt == "pdf":
            return _download(render_pdf(doc), "application/pdf", f"ke-hoach-{event.slug}.pdf")
        if fmt == "docx":
            return _download(render_docx(doc), DOCX_TYPE, f"ke-hoach-{event.slug}.docx")
    except (PaperworkError, ValueError) as exc:
        messages.error(request, f"Chưa tạo được văn bản: {exc}")
        return redirect("logistics:plan_detail", event_id=event.pk)
    raise Http404


@requires("logistics.manage_tasks")
@require_POST
def plan_tasks(request, event_id: int):
    event = _event(event_id)
    plan = _plan(event)
    try:
        created = services.create_tasks_from_plan(request.user, plan)
        if created:
            messages.success(request, f"Đã tạo {len(created)} nhiệm vụ từ mục Tổ chức thực hiện.")
        else:
            messages.info(request, "Các điểm phân công đều đã có nhiệm vụ; không tạo thêm.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect(reverse("logistics:task_list") + f"?event={event.pk}")


# --- tasks -------------------------------------------------------------------------------------------

TASK_COLUMNS = [ExportColumn("Nhiệm vụ", 50), ExportColumn("Đơn vị thực hiện", 30), ExportColumn("Đơn vị phối hợp", 30),
                ExportColumn("Thời hạn", 12, "date"), ExportColumn("Trạng thái", 14), ExportColumn("Tình trạng", 14)]
RISK = {"late": "Trễ hạn", "soon": "Sắp đến hạn", "": ""}


def _task_rows(rows):
    return [[r.task.title + (" (đơn vị phối hợp)" if r.supporting else ""), r.task.organisation.name, ", ".join(u.name for u in r.task.supporting_units.all()),
             r.task.deadline, r.task.get_status_display(), RISK[r.risk]] for r in rows]


def _event_filter(request) -> Event | None:
    value = request.GET.get("event")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return _event(int(value))


@requires("logistics.view_tasks")
def task_list(request):
    scope = scope_for(request.user)
    event = _event_filter(request)
    status = request.GET.get("status", "open")
    if status and status != "open" and status not in TaskStatus.values:
        status = "open"
    unit_id = request.GET.get("unit")
    if unit_id:
        if not unit_id.isdigit():
            raise Http404
        scope.check_unit(int(unit_id))
    rows = queries.with_risk(queries.tasks(scope, event, status if status != "all" else "",
                                           int(unit_id) if unit_id else None, include_supporting=True),
                             unit_id=scope.unit_id)
    if request.GET.get("format") == "xlsx":
        return _download(write_xlsx(TASK_COLUMNS, _task_rows(rows), title="DANH SÁCH NHIỆM VỤ CHUẨN BỊ HỘI NGHỊ"),
                         XLSX_TYPE, "nhiem-vu.xlsx")
    return render(request, "logistics/task_list.html", {
        "rows": rows, "event": event, "status": status, "statuses": TaskStatus.choices,
        "unit_bound": scope.is_unit_bound, "today": clock.today(),
    })


def _task(request, pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("organisation", "organisation__merged_into", "event",
                                                         "assignment"), pk=pk)
    check_object(request, "logistics.view_task", task)
    return task


@requires("logistics.view_tasks")
def task_detail(request, pk: int):
    task = _task(request, pk)
    can_work = request.user.has_perm("logistics.work_task", task)
    can_note = request.user.has_perm("logistics.note_task", task)
    scope = scope_for(request.user)
    supporting_view = scope.is_unit_bound and task.organisation_id != scope.unit_id
    moves = [(s, states.TASK_LABELS[s]) for s in sorted(states.TASK_TRANSITIONS[task.status])
             if request.user.has_perm("logistics.manage_tasks") or (
                 s not in states.TASK_MANAGER_ONLY and task.status != TaskStatus.CANCELLED)] if can_work else []
    return render(request, "logistics/task_detail.html", {
        "task": task, "notes": list(task.notes.all()),
        "files": list(task.files.select_related("file", "file__uploaded_by")),
        "supporting": list(task.supporting_units.all()), "can_work": can_work, "moves": moves,
        "can_note": can_note, "supporting_view": supporting_view,
        "risk": states.task_risk(task.status, task.deadline, clock.today()),
        "gone": services.unit_gone(task.organisation), "note_form": NoteForm(), "upload_form": UploadForm(),
    })


@requires("logistics.manage_tasks")
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int | None = None, event_id: int | None = None):
    task = _task(request, pk) if pk else None
    event = task.event if task else _event(event_id)
    initial = {"organisation": task.organisation, "supporting_units": list(task.supporting_units.all()),
               "title": task.title, "description": task.description, "deadline": task.deadline} if task else {
        "deadline": event.date}
    form = TaskForm(request.POST or None, initial=initial, authority=event.authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        supporting = data.pop("supporting_units")
        try:
            task = services.save_task(request.user, event, data, supporting=supporting, task=task)
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect("logistics:task_detail", pk=task.pk)
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    back = reverse("logistics:task_detail", args=[task.pk]) if task else reverse("logistics:task_list")
    return render(request, "logistics/form.html", {"form": form, "title": "Sửa nhiệm vụ" if task else "Thêm nhiệm vụ",
                                                   "event": event, "back": back})


@requires("logistics.view_tasks")
@require_POST
def task_status(request, pk: int):
    task = _task(request, pk)
    check_object(request, "logistics.work_task", task)
    try:
        services.change_task_status(request.user, task, request.POST.get("status", ""), request.POST.get("note", ""))
        messages.success(request, f"Đã chuyển nhiệm vụ sang “{states.TASK_LABELS[request.POST['status']]}”.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:task_detail", pk=task.pk)


@requires("logistics.view_tasks")
@require_POST
def task_note(request, pk: int):
    task = _task(request, pk)
    check_object(request, "logistics.note_task", task)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ValidationFailed("Ghi nội dung ghi chú.", "text")
        services.add_task_note(request.user, task, form.cleaned_data["text"])
        messages.success(request, "Đã thêm ghi chú.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:task_detail", pk=task.pk)


def _upload(request) -> tuple[bytes, str]:
    f = request.FILES.get("file")
    if f is None:
        raise services.ValidationFailed("Chọn tệp để tải lên.", "file")
    if f.size > files.settings.UPLOAD_MAX_BYTES:
        raise services.ValidationFailed(f"Tệp “{f.name}” quá lớn; tối đa {files.settings.UPLOAD_MAX_BYTES // 1048576} MB.",
                                        "file")
    return f.read(), f.name


@requires("logistics.view_tasks")
@require_POST
def task_upload(request, pk: int):
    task = _task(request, pk)
    check_object(request, "logistics.work_task", task)
    try:
        data, name = _upload(request)
        services.attach_task_file(request.user, task, data, name)
        messages.success(request, f"Đã tải lên “{name}”.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:task_detail", pk=task.pk)


@requires("logistics.view_tasks")
def file_download(request, pk: int):
    stored = get_object_or_404(StoredFile, pk=pk)
    link = TaskFile.objects.filter(file=stored).select_related("task").first()
    if link is not None:
        check_object(request, "logistics.view_task", link.task)
    else:
        version = get_object_or_404(MaterialVersion.objects.select_related("material"), file=stored)
        check_object(request, "logistics.view_material", version.material)
    try:
        data = files.read(stored.path)
    except (OSError, ValueError):
        raise Http404("Không tìm thấy tệp.")
    response = HttpResponse(data, content_type=stored.content_type)
    response["Content-Disposition"] = f'attachment; filename="{stored.pk}.{stored.kind}"; ' \
                                      f"filename*=UTF-8''{_quote(stored.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@requires("logistics.view_overview")
def overview(request):
    scope = scope_for(request.user)
    event = _event_filter(request)
    data = queries.overview(scope, event)
    return render(request, "logistics/overview.html", {**data, "event": event})


@requires("logistics.view_overview")
def reminders(request):
    scope = scope_for(request.user)
    event = _event_filter(request)
    try:
        days = max(0, min(30, int(request.GET.get("days", "3"))))
    except ValueError:
        days = 3
    rows = queries.reminders(scope, event, days)
    if request.GET.get("format") == "xlsx":
        return _download(write_xlsx(TASK_COLUMNS, _task_rows(rows), title="NHẮC VIỆC SẮP ĐẾN HẠN",
                                    subtitle_lines=[f"Đến hạn trong {days} ngày tính từ {clock.today():%d/%m/%Y}"]),
                         XLSX_TYPE, "nhac-viec.xlsx")
    outbox = queries.outbox(event) if request.user.has_perm("logistics.send_reminders") else []
    return render(request, "logistics/reminders.html", {"rows": rows, "days": days, "event": event,
                                                        "outbox": outbox})


def _reminders_url(event_id, days) -> str:
    query = "&".join(p for p in (f"event={event_id}" if event_id else "", f"days={days}") if p)
    return reverse("logistics:reminders") + f"?{query}"


@requires("logistics.send_reminders")
@require_POST
def reminders_draft(request):
    """Draft a reminder e-mail for every open task late or due within the chosen days: drafts only."""
    event = None
    value = request.POST.get("event", "")
    if value:
        if not value.isdigit():
            raise Http404
        event = _event(int(value))
    try:
        days = int(request.POST.get("days", "3"))
    except ValueError:
        days = -1
    try:
        drafted, skipped = services.draft_task_reminders(request.user, authority_for(request.user).pk, event, days)
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect(_reminders_url(event.pk if event else None, 3))
    if drafted:
        messages.success(request, f"Đã soạn {len(drafted)} thư nhắc (nháp). Thư chưa được gửi: đọc lại từng thư "
                                  "rồi bấm “Gửi” hoặc “Bỏ”.")
    else:
        messages.info(request, "Không có thư nhắc mới để soạn (các nhiệm vụ đã có thư nháp hoặc không có việc "
                               "sắp đến hạn).")
    if skipped:
        names = "; ".join(sorted({t.organisation.name for t in skipped}))
        messages.warning(request, f"{len(skipped)} nhiệm vụ chưa soạn được thư vì đơn vị chưa có địa chỉ thư điện "
                                  f"tử: {names}.")
    return redirect(_reminders_url(event.pk if event else None, days))


@requires("logistics.send_reminders")
@require_POST
def mail_action(request, pk: int, action: str):
    mail = get_object_or_404(TaskMail.objects.select_related("task"), pk=pk)
    try:
        if action == "gui":
            mail = services.send_task_mail(request.user, mail)
            if mail.status == "sent":
                messages.success(request, f"Đã gửi thư nhắc đến {mail.to}.")
            else:
                messages.error(request, f"Gửi thư đến {mail.to} không thành công: {mail.error}")
        elif action == "bo":
            services.discard_task_mail(request.user, mail)
            messages.success(request, "Đã bỏ thư nháp.")
        else:
            raise Http404
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    back = request.POST.get("next", "")
    if back.startswith(reverse("logistics:reminders")):
        return redirect(back)
    return redirect(_reminders_url(mail.event_id, 3))


# --- materials -------------------------------------------------------------------------------------


@requires("logistics.view_materials")
def material_list(request, event_id: int):
    scope = scope_for(request.user)
    event = _event(event_id)
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
    event = material.event if material else _event(event_id)
    initial = {f: getattr(material, f) for f in services.MATERIAL_FIELDS} if material else {"kind": MaterialKind.REPORT}
    form = MaterialForm(request.POST or None, initial=initial, authority=event.authority,
                        reviewers=_reviewers(event.authority))
    if request.method == "POST" and form.is_valid():
        try:
            material = services.save_material(request.user, event, form.cleaned_data, material)
            messages.success(request, f"Đã lưu tài liệu “{material.title}”.")
            return redirect("logistics:material_detail", pk=material.pk)
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    return render(request, "logistics/form.html", {"form": form, "title": "Tài liệu hội nghị", "event": event,
                                                   "back": reverse("logistics:material_list", args=[event.pk])})


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
            moves.append((s, {"in_review": "Trình thẩm định", "returned": "Trả lại sửa", "approved": "Duyệt"}[s]))
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
    try:
        data, name = _upload(request)
        version = services.upload_version(request.user, material, data, name, request.POST.get("note", ""))
        messages.success(request, f"Đã tải lên bản {version.number} (“{name}”).")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:material_detail", pk=material.pk)


@requires("logistics.view_materials")
@require_POST
def material_move(request, pk: int, to: str):
    material = _material(request, pk)
    if to not in states.MATERIAL_LABELS:
        raise Http404
    try:
        services.move_material(request.user, material, to, request.POST.get("text", ""))
        messages.success(request, f"Tài liệu chuyển sang “{states.MATERIAL_LABELS[to]}”.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:material_detail", pk=material.pk)


@requires("logistics.view_materials")
@require_POST
def material_comment(request, pk: int):
    material = _material(request, pk)
    try:
        services.comment_material(request.user, material, request.POST.get("text", ""))
        messages.success(request, "Đã ghi góp ý.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:material_detail", pk=material.pk)


@requires("logistics.view_overview")
def material_bundle(request, event_id: int):
    scope = scope_for(request.user)
    event = _event(event_id)
    result = documents.bundle(event, list(queries.materials(scope, event)))
    if not result.included:
        messages.error(request, "Chưa có tài liệu nào được duyệt với bản PDF để đóng thành bộ tài liệu."
                       + (f" Cần bản PDF: {', '.join(result.missing_pdf)}." if result.missing_pdf else ""))
        return redirect("logistics:material_list", event_id=event.pk)
    return _download(result.pdf, "application/pdf", f"tai-lieu-{event.slug}.pdf")


# --- budget ------------------------------------------------------------------------------------------


def _budget(event: Event) -> Budget | None:
    return Budget.objects.filter(event=event).select_related("event", "finance_unit", "approved_by",
                                                             "authority").first()


BUDGET_COLUMNS = [ExportColumn("Nhóm", 28), ExportColumn("Nội dung chi", 40),
                  ExportColumn("Đơn vị tính", 12), ExportColumn("Số lượng", 10),
                  ExportColumn("Đơn giá (đồng)", 16, "money"), ExportColumn("Thành tiền (đồng)", 18, "money"),
                  ExportColumn("Nguồn kinh phí", 26)]


@requires("logistics.view_budget")
def budget_detail(request, event_id: int):
    event = _event(event_id)
    budget = _budget(event)
    if budget is None:
        return render(request, "logistics/budget.html", {"event": event, "budget": None})
    summary = queries.budget_summary(budget)
    if request.GET.get("format") == "xlsx":
        rows = [[budget_rules.GROUP_NAMES[r.line.group], r.line.item, r.line.unit, float(r.quantity),
                 r.line.unit_price if r.line.basis != "prize" else None, r.amount,
                 "Quỹ thi đua, khen thưởng" if r.from_fund else "Kinh phí hội nghị"] for r in summary.rows]
        rows.append(["", "Tổng kinh phí hội nghị", "", None, None, summary.conference_total, ""])
        if summary.fund_total:
            rows.append(["", "Tiền thưởng (Quỹ thi đua, khen thưởng)", "", None, None, summary.fund_total, ""])
        return _download(write_xlsx(BUDGET_COLUMNS, rows, title="DỰ TRÙ KINH PHÍ TỔ CHỨC HỘI NGHỊ",
                                    subtitle_lines=[event.title, f"Số đại biểu dự kiến: {summary.delegates}"]),
                         XLSX_TYPE, f"du-tru-kinh-phi-{event.slug}.xlsx")
    lines = list(budget.lines.all())
    return render(request, "logistics/budget.html", {
        "event": event, "budget": budget, "summary": summary, "rows": list(zip(lines, summary.rows, strict=True)),
        "settings_form": BudgetSettingsForm(initial={"finance_unit": budget.finance_unit,
                                                     "prize_from_fund": budget.prize_from_fund,
                                                     "prize_date_from": budget.prize_date_from,
                                                     "prize_date_to": budget.prize_date_to},
                                            authority=event.authority),
        "conference_total_text": format_money(summary.conference_total),
    })


@requires("logistics.manage_budget")
@require_POST
def budget_create(request, event_id: int):
    event = _event(event_id)
    services.ensure_budget(request.user, event)
    return redirect("logistics:budget", event_id=event.pk)


@requires("logistics.manage_budget")
@require_POST
def budget_settings(request, event_id: int):
    event = _event(event_id)
    budget = _budget(event) or services.ensure_budget(request.user, event)
    form = BudgetSettingsForm(request.POST, authority=event.authority)
    if form.is_valid():
        try:
            services.update_budget(request.user, budget, form.cleaned_data)
            messages.success(request, "Đã lưu.")
        except services.ValidationFailed as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Dữ liệu không hợp lệ.")
    return redirect("logistics:budget", event_id=event.pk)


@requires("logistics.manage_budget")
@require_http_methods(["GET", "POST"])
def budget_line_edit(request, event_id: int, pk: int | None = None):
    event = _event(event_id)
    budget = _budget(event)
    if budget is None:
        raise Http404
    line = get_object_or_404(BudgetLine, pk=pk, budget=budget) if pk else None
    initial = {f: getattr(line, f) for f in ("group", "item", "unit", "basis", "quantity", "per_delegate",
                                             "unit_price", "note")} if line else {"basis": "fixed", "quantity": 1}
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        data["quantity"] = data["quantity"] if data["quantity"] is not None else 0
        data["per_delegate"] = data["per_delegate"] if data["per_delegate"] is not None else 0
        data["unit_price"] = data["unit_price"] if data["unit_price"] is not None else 0
        try:
            services.save_budget_line(request.user, budget, data, line)
            messages.success(request, "Đã lưu dòng chi.")
            return redirect("logistics:budget", event_id=event.pk)
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    return render(request, "logistics/form.html", {"form": form, "title": "Dòng chi", "event": event,
                                                   "back": reverse("logistics:budget", args=[event.pk])})


@requires("logistics.manage_budget")
@require_POST
def budget_line_delete(request, event_id: int, pk: int):
    event = _event(event_id)
    budget = _budget(event)
    line = get_object_or_404(BudgetLine, pk=pk, budget=budget)
    try:
        services.delete_budget_line(request.user, line)
        messages.success(request, "Đã xóa dòng chi.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:budget", event_id=event.pk)


@requires("logistics.manage_budget")
@require_POST
def budget_move(request, event_id: int, to: str):
    event = _event(event_id)
    budget = _budget(event)
    if budget is None or to not in states.BUDGET_LABELS:
        raise Http404
    try:
        services.move_budget(request.user, budget, to, request.POST.get("note", ""))
        messages.success(request, f"Dự trù chuyển sang “{states.BUDGET_LABELS[to]}”.")
    except services.ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("logistics:budget", event_id=event.pk)


@requires("logistics.view_budget")
def budget_file(request, event_id: int, fmt: str):
    event = _event(event_id)
    budget = _budget(event)
    if budget is None:
        raise Http404
    doc = documents.budget_document(budget, queries.budget_summary(budget))
    if fmt == "pdf":
        return _download(render_pdf(doc), "application/pdf", f"du-tru-kinh-phi-{event.slug}.pdf")
    if fmt == "docx":
        return _download(render_docx(doc), DOCX_TYPE, f"du-tru-kinh-phi-{event.slug}.docx")
    raise Http404



# --- spending norms --------------------------------------------------------------------------------


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
        try:
            changed = services.save_norms(request.user, authority.pk, form.values())
            messages.success(request, f"Đã lưu định mức chi ({len(changed)} nhóm thay đổi)." if changed
                             else "Định mức chi không thay đổi.")
            back = request.POST.get("event", "")
            return redirect(reverse("logistics:norms") + (f"?event={back}" if back.isdigit() else ""))
        except services.ValidationFailed as exc:
            _form_error(form, exc)
    event = _event_filter(request) if request.method == "GET" else None
    return render(request, "logistics/norms.html", {"form": form, "authority": authority, "event": event,
                                                    "has_any": bool(current)})
