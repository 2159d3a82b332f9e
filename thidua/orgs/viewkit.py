"""The plumbing every view shares, written once: run a service and say how it went, put a service's
refusal on the form field it names, send a file, render the one form page.

    @require_POST
    @requires("logistics.manage_plan")
    def plan_lock(request, event_id):
        plan = ...
        return act(request, services.lock_plan, request.user, plan,
                   done="Đã khóa kế hoạch.", then=("logistics:plan_detail", plan.event_id))

    def plan_edit(request, event_id):
        form = PlanForm(request.POST or None, ...)
        if request.method == "POST" and form.is_valid():
            if submit(request, form, services.update_plan, request.user, plan, **form.cleaned_data,
                      done="Đã lưu kế hoạch."):
                return redirect("logistics:plan_detail", event_id)
        return form_page(request, form, "Sửa kế hoạch", back=reverse(...))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from . import versions
from .services import ValidationFailed

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "png": "image/png",
    "json": "application/json",
}


def _say(request, done, result) -> None:
    text = done(result) if callable(done) else done
    if text:
        messages.success(request, text)


def act(request, fn: Callable, *args, done: str | Callable[[Any], str] | None = None,
        then: str | tuple | Callable[[Any], str] = "/", **kwargs) -> HttpResponse:
    """Run a service for a button: on success say `done` (a text, or a function of the result), on a
    refusal (`ValidationFailed`) show its Vietnamese message; then redirect to `then` (a URL name with
    its arguments as a tuple, a path, or a function of the result — None on a refusal)."""
    result = None
    try:
        result = fn(*args, **kwargs)
        _say(request, done, result)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    if callable(then):
        return redirect(then(result))
    if isinstance(then, tuple):
        return redirect(*then)
    return redirect(then)


def form_error(form, exc: ValidationFailed) -> None:
    """A service's refusal on the field it names (or above the form when the form has no such field)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def submit(request, form, fn: Callable, *args, done: str | Callable[[Any], str] | None = None, **kwargs):
    """Run a service with a valid form's data: its result on success (after saying `done`), or None with
    the refusal put on the form. `fn` returning None counts as success: the result is then True.
    A form given `versions.versioned(form, obj)` is saved only if `obj` is still as it was loaded
    (checked with the row locked, in the save's transaction); otherwise the form comes back with the
    user's values and who changed the object when."""
    obj = getattr(form, "versioned_object", None)
    try:
        if obj is None:
            result = fn(*args, **kwargs)
        else:
            with versions.guarded(obj, form.sent_version):
                result = fn(*args, **kwargs)
    except ValidationFailed as exc:
        form_error(form, exc)
        return None
    _say(request, done, result)
    return True if result is None else result


ID_MAX = 2**63 - 1  # the largest id a database column holds


def wants_json(request) -> bool:
    """A request answered in JSON, errors and refusals too: the API, a page's script asking for JSON,
    or a JSON body."""
    return ("/api/" in request.path_info or "application/json" in request.headers.get("Accept", "")
            or request.content_type == "application/json")


def id_or_none(value) -> int | None:
    """The id a request names (a form field, a query parameter), or None when it names none: not plain
    digits ("abc", "1.5", "²"), zero, or larger than a column holds (99999999999999999999). Looking up
    None finds nothing, so a tampered value is a 404 or a refusal, never a server error (#17)."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None


def download(content: bytes, filename: str, content_type: str | None = None, inline: bool = False) -> HttpResponse:
    """A generated or stored file as a response, its name (Vietnamese allowed) in the
    Content-Disposition header; the type from the file's extension unless given."""
    if content_type is None:
        content_type = CONTENT_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def form_page(request, form, title: str, back: str, *, event=None, submit_label: str = "Lưu",
              cancel_label: str = "Quay lại", multipart: bool = False, extra: dict | None = None,
              status: int = 200) -> HttpResponse:
    """The one form page (`orgs/form.html`): title, optional event line, fields laid out two to a row
    (long text, multi-selects and wide fields on their own row), errors at each field."""
    context = {"form": form, "title": title, "back": back, "event": event, "submit_label": submit_label,
               "cancel_label": cancel_label, "multipart": multipart or form.is_multipart()}
    context.update(extra or {})
    return render(request, "orgs/form.html", context, status=status)
