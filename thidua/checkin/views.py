"""Pages of the conference day: the reception desk, live attendance, the seating plan and the prints."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_POST

from thidua.events.models import Delegate, DelegateCategory, Event, Vehicle
from thidua.orgs.access import requires
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import XLSX_TYPE
from thidua.orgs.viewkit import act, download, submit

from . import documents, queries, services
from .forms import PlanForm, SeatForm, WalkInForm


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority"), pk=pk)


def _pick(request, perm: str, target: str, title: str):
    """The list of events to pick from; straight to the only (or the next) one."""
    items = list(queries.events(scope_for(request.user)))
    if len(items) == 1:
        return redirect(target, pk=items[0].pk)
    return render(request, "checkin/pick_event.html", {"events": items, "target": target, "title": title})


@requires("checkin.check_in")
def home(request):
    return _pick(request, "checkin.check_in", "checkin:desk", "Đón tiếp đại biểu")


@requires("checkin.view_attendance")
def attendance_home(request):
    return _pick(request, "checkin.view_attendance", "checkin:attendance", "Điểm danh trực tiếp")


@requires("checkin.view_seating")
def seating_home(request):
    return _pick(request, "checkin.view_seating", "checkin:seating", "Chỗ ngồi")


# --- reception desk ---------------------------------------------------------------------------

def _desk_page(request, event: Event, walk_in: WalkInForm | None = None, status: int = 200):
    if walk_in is None and request.user.has_perm("checkin.add_walk_in"):
        walk_in = WalkInForm(categories=DelegateCategory.objects.filter(event=event))
    api = reverse("checkin:api_events")
    return render(request, "checkin/desk.html", {
        "event": event, "walk_in_form": walk_in, "walk_in_open": walk_in is not None and walk_in.is_bound,
        "config": {"event": event.pk, "api": api, "user": request.user.username,
                   "desk_default": f"Bàn {request.user.display}"[:40],
                   "can_undo": request.user.has_perm("checkin.undo")},
        "scans": queries.recent_scans(event)}, status=status)


@requires("checkin.check_in")
def desk(request, pk: int):
    return _desk_page(request, _event(pk))


@requires("checkin.add_walk_in")
@require_POST
def walk_in(request, pk: int):
    """A guest without an invitation, added and checked in from the desk; a refusal comes back on the
    desk with what was typed."""
    event = _event(pk)
    form = WalkInForm(request.POST, categories=DelegateCategory.objects.filter(event=event))
    if form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("category", "full_name", "position", "unit_text", "notes")}
        out = submit(request, form, services.add_walk_in, request.user, event, values, form.cleaned_data["desk"],
                     form.cleaned_data["nonce"] or services.new_nonce(),
                     done=lambda out: f"Đã thêm và điểm danh “{out.delegate.display_name}” ({out.delegate.category.code}),"
                                      f" số giấy mời {out.delegate.invitation_number:04d}.")
        if out:
            return redirect("checkin:desk", pk=event.pk)
    return _desk_page(request, event, form, status=400)


# --- attendance -------------------------------------------------------------------------------

@requires("checkin.view_attendance")
def attendance(request, pk: int):
    event = _event(pk)
    return render(request, "checkin/attendance.html", {
        "event": event, "f": queries.attendance(event), "etag": f'"{queries.attendance_version(event)}.h"',
        "data_url": reverse("checkin:attendance_data", args=[event.pk])})


@requires("checkin.view_attendance")
def attendance_data(request, pk: int):
    """The figures again, as the page's HTML part (HX-Request) or JSON, with an ETag: a poll that
    sends back the ETag it has (If-None-Match) is answered 304 while nothing changed."""
    event = _event(pk)
    partial = bool(request.headers.get("HX-Request"))
    etag = f'"{queries.attendance_version(event)}.{"h" if partial else "j"}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        response = unchanged
    elif partial:
        response = render(request, "checkin/_attendance_figures.html", {"event": event, "f": queries.attendance(event)})
    else:
        response = JsonResponse(queries.attendance(event), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("checkin.view_attendance")
def attendance_print(request, pk: int):
    event = _event(pk)
    return render(request, "checkin/attendance_print.html", {"event": event, "f": queries.attendance(event)})


@requires("checkin.view_attendance")
def attendance_list(request, pk: int, fmt: str):
    """The list of the delegates present, by category (PDF, DOCX or Excel): attached to the minutes."""
    event = _event(pk)
    if fmt not in ("pdf", "docx", "xlsx"):
        return HttpResponse("Định dạng không hỗ trợ.", status=404)
    data, name = documents.attendance_file(event, fmt)
    return download(data, name, XLSX_TYPE if fmt == "xlsx" else None, inline=fmt == "pdf")


# --- seating ----------------------------------------------------------------------------------

# the chart itself and its moves: seating_views.py

@requires("checkin.manage_seating")
@require_POST
def plan_save(request, pk: int):
    event = _event(pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        return act(request, services.save_plan, request.user, event, form.cleaned_data["plan"],
                   done="Đã lưu sơ đồ hội trường.", then=("checkin:seating", event.pk))
    messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("checkin:seating", pk=event.pk)


@requires("checkin.manage_seating")
@require_POST
def seats_assign(request, pk: int):
    event = _event(pk)
    try:
        result = services.auto_assign(request.user, event)
        text = f"Đã xếp chỗ cho {len(result.seats)} đại biểu."
        if result.unplaced:
            messages.warning(request, text + f" Còn {len(result.unplaced)} đại biểu chưa có chỗ (hội trường không đủ"
                                             " ghế đúng thành phần).")
        else:
            messages.success(request, text)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("checkin:seating", pk=event.pk)


@requires("checkin.manage_seating")
@require_POST
def seat_set(request, pk: int):
    delegate = get_object_or_404(Delegate.objects.select_related("event"), pk=pk)
    form = SeatForm(request.POST)
    then = reverse("checkin:seating", args=[delegate.event_id]) + f"?d={delegate.pk}#d{delegate.pk}"
    if not form.is_valid():
        return redirect(then)
    return act(request, services.set_seat, request.user, delegate, form.cleaned_data["seat"], then=then,
               done=lambda d: f"Đã xếp “{d.display_name}” vào ghế {d.seat}." if d.seat
               else f"Đã bỏ chỗ ngồi của “{d.display_name}”.")


# --- prints -----------------------------------------------------------------------------------

def _need_plan(event: Event) -> dict:
    plan = queries.hall_plan(event)
    if plan is None:
        raise ValidationFailed("Chưa có sơ đồ hội trường.", "plan")
    return plan


@requires("checkin.print")
def print_chart(request, pk: int):
    event = _event(pk)
    paper = "A4" if request.GET.get("kho") == "A4" else "A3"
    try:
        pdf = documents.seating_chart_pdf(event, _need_plan(event), queries.seating(event), paper)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("checkin:seating", pk=event.pk)
    return download(pdf, f"so-do-cho-ngoi-{event.slug}-{paper}.pdf", inline=True)


@requires("checkin.print")
def print_name_cards(request, pk: int):
    event = _event(pk)
    plan = queries.hall_plan(event)
    heads = queries.head_labels(plan)
    people = [d for d in queries.seating(event) if d.seat in heads]
    people.sort(key=lambda d: d.seat)
    if not people:
        messages.error(request, "Chưa xếp ai vào bàn Đoàn Chủ tịch: hãy xếp tay trước khi in bảng tên.")
        return redirect("checkin:seating", pk=event.pk)
    return download(documents.name_cards_pdf(people), f"bang-ten-{event.slug}.pdf", inline=True)


@requires("checkin.print")
def print_seat_labels(request, pk: int):
    event = _event(pk)
    plan = queries.hall_plan(event)
    people = [d for d in queries.seating(event) if d.seat]
    if not people:
        messages.error(request, "Chưa có đại biểu nào được xếp chỗ.")
        return redirect("checkin:seating", pk=event.pk)
    people.sort(key=lambda d: d.seat)
    return download(documents.seat_labels_pdf(event, people, queries.seat_texts(plan)), f"nhan-ghe-{event.slug}.pdf",
                    inline=True)


@requires("checkin.print")
def print_parking(request, pk: int, fmt: str):
    event = _event(pk)
    groups = queries.parking(event)
    seats = queries.seat_texts(queries.hall_plan(event))
    if fmt == "xlsx":
        return download(documents.parking_xlsx(event, groups, seats), f"danh-sach-xe-{event.slug}.xlsx", XLSX_TYPE)
    if fmt == "pdf":
        return download(documents.parking_pdf(event, groups, seats), f"danh-sach-xe-{event.slug}.pdf", inline=True)
    return HttpResponse("Định dạng không hỗ trợ.", status=404)


VEHICLES = dict(Vehicle.choices)
