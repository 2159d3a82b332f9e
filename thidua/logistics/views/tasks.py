"""Tasks of the units: the list (and its spreadsheet), one task with its notes and files, editing,
moving it through its states; a stored file downloaded through the permission of its task or material."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs.access import check_object, requires
from thidua.orgs.scope import scope_for
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.viewkit import act, download, form_page, submit

from .. import queries, services, states
from ..forms import NoteForm, TaskForm, UploadForm
from ..models import MaterialVersion, StoredFile, Task, TaskFile, TaskStatus
from .common import checked_upload, event_filter, event_of

TASK_COLUMNS = [ExportColumn("Nhiệm vụ", 50), ExportColumn("Đơn vị thực hiện", 30), ExportColumn("Đơn vị phối hợp", 30),
                ExportColumn("Thời hạn", 12, "date"), ExportColumn("Trạng thái", 14), ExportColumn("Tình trạng", 14)]


def task_rows(rows):
    """Rows of `queries.with_risk` as the spreadsheet's lines."""
    return [[r.task.title + (" (đơn vị phối hợp)" if r.supporting else ""), r.task.organisation.name,
             ", ".join(u.name for u in r.task.supporting_units.all()), r.task.deadline, r.task.get_status_display(),
             states.RISK_LABELS[r.risk]] for r in rows]


@requires("logistics.view_tasks")
def task_list(request):
    scope = scope_for(request.user)
    event = event_filter(request)
    status = request.GET.get("status", "open")
    if status not in ("", "open", "all", *TaskStatus.values):  # "Tất cả" (all) must not fall back to "open"
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
        return download(write_xlsx(TASK_COLUMNS, task_rows(rows), title="DANH SÁCH NHIỆM VỤ CHUẨN BỊ HỘI NGHỊ"),
                        "nhiem-vu.xlsx")
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
        "gone": queries.unit_gone(task.organisation), "note_form": NoteForm(), "upload_form": UploadForm(),
    })


@requires("logistics.manage_tasks")
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int | None = None, event_id: int | None = None):
    task = _task(request, pk) if pk else None
    event = task.event if task else event_of(event_id)
    initial = {"organisation": task.organisation, "supporting_units": list(task.supporting_units.all()),
               "title": task.title, "description": task.description, "deadline": task.deadline} if task else {
        "deadline": event.date}
    form = TaskForm(request.POST or None, initial=initial, authority=event.authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        supporting = data.pop("supporting_units")
        saved = submit(request, form, services.save_task, request.user, event, data, supporting=supporting, task=task,
                       done="Đã lưu nhiệm vụ.")
        if saved:
            return redirect("logistics:task_detail", pk=saved.pk)
    back = reverse("logistics:task_detail", args=[task.pk]) if task else reverse("logistics:task_list")
    return form_page(request, form, "Sửa nhiệm vụ" if task else "Thêm nhiệm vụ", back=back, event=event)


@requires("logistics.view_tasks")
@require_POST
def task_status(request, pk: int):
    task = _task(request, pk)
    check_object(request, "logistics.work_task", task)
    new = request.POST.get("status", "")
    return act(request, services.change_task_status, request.user, task, new, request.POST.get("note", ""),
               done=lambda _: f"Đã chuyển nhiệm vụ sang “{states.TASK_LABELS[new]}”.",
               then=("logistics:task_detail", task.pk))


@requires("logistics.view_tasks")
@require_POST
def task_note(request, pk: int):
    task = _task(request, pk)
    check_object(request, "logistics.note_task", task)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ghi nội dung ghi chú.")
        return redirect("logistics:task_detail", pk=task.pk)
    return act(request, services.add_task_note, request.user, task, form.cleaned_data["text"],
               done="Đã thêm ghi chú.", then=("logistics:task_detail", task.pk))


@requires("logistics.view_tasks")
@require_POST
def task_upload(request, pk: int):
    task = _task(request, pk)
    check_object(request, "logistics.work_task", task)
    form = UploadForm(request.POST, request.FILES)

    def attach():
        upload = checked_upload(form)
        return services.attach_task_file(request.user, task, upload.data, upload.name)

    return act(request, attach, done=lambda _: f"Đã tải lên “{form.cleaned_data['file'].name}”.",
               then=("logistics:task_detail", task.pk))


@requires("logistics.view_tasks")
def file_download(request, pk: int):
    """A task's file or a material's version, for whoever may see that task or material."""
    stored = get_object_or_404(StoredFile, pk=pk)
    link = TaskFile.objects.filter(file=stored).select_related("task").first()
    if link is not None:
        check_object(request, "logistics.view_task", link.task)
    else:
        version = get_object_or_404(MaterialVersion.objects.select_related("material"), file=stored)
        check_object(request, "logistics.view_material", version.material)
    try:
        with stored.content.open("rb") as f:
            data = f.read()
    except (OSError, ValueError, SuspiciousFileOperation):
        raise Http404("Không tìm thấy tệp.")
    response = download(data, stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
