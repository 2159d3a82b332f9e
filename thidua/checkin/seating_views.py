"""The seating chart drawn as the hall (#20) and its moves, fast for a 1,500-seat hall (#21).

The page is compact: each seat is one small button carrying its label and its delegate in data-*
attributes (seating.js takes the seats out of the tab order but one, and names them for screen readers) (markup built here: 1,500 seats through template loops cost several times more), the
delegates are one JSON blob (`json_script`) from which `seating.js` draws the list of people without a
seat and the search; a move is one POST answered in JSON (`seating_services.move_delegate`)."""

from __future__ import annotations

import html
import json

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from thidua.events.models import Delegate, Event
from thidua.orgs.access import requires
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import id_or_none

from . import hall, seating_queries, seating_services
from .forms import PlanForm


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority"), pk=pk)


def _seat(label: str, number: int, d: seating_queries.Person | None, colour: dict[int, int]) -> str:
    if d is None:
        return f'<button class="s" data-l="{label}"><b>{number}</b></button>'  # no form: never submits
    css = f"s t k{colour.get(d.category_id, 0)}" + (" p" if d.present else "")
    return f'<button class="{css}" data-l="{label}" data-d="{d.id}"><b>{number}</b>{html.escape(d.short, quote=False)}</button>'


def _hall(chart: seating_queries.Chart) -> str:
    """The hall's markup: the stage, the presidium, then the blocks side by side, row by row."""
    by_seat, colour = chart.by_seat, chart.colour
    head, body = [], []
    for block in seating_queries.layout(chart.plan):
        rows = []
        for row in block.rows:
            css = "r" + (" ra" if row.awards else "") + (" rr" if row.reserve else "")
            mark = ' title="Dành cho thành phần ' + escape(", ".join(row.reserve)) + '"' if row.reserve else ""
            if row.awards:
                mark = ' title="Hàng người nhận khen thưởng"'
            seats = "".join(_seat(label, n, by_seat.get(label), colour) for label, n in row.seats)
            rows.append(f'<div class="{css}"{mark}><span class="rl">{escape(row.label)}</span>{seats}</div>')
        html = (f'<section class="blk{" head" if block.head else ""}" aria-label="{escape(block.name)}">'
                f'<h3 class="bn">{escape(block.name)}</h3>{"".join(rows)}</section>')
        (head if block.head else body).append(html)
    return mark_safe(  # noqa: S308 — every text escaped above; labels are [A-Z0-9Đ-] (hall.validate_plan)
        '<div class="stage">SÂN KHẤU</div>' + "".join(head) + '<div class="blocks">' + "".join(body) + "</div>")


def _data(chart: seating_queries.Chart, event: Event) -> str:
    colour = chart.colour
    people = [[d.id, d.name, d.short, colour.get(d.category_id, 0), d.info, d.seat, 1 if d.present else 0]
              for d in chart.people]
    blob = json.dumps({"people": people, "move": reverse("checkin:seat_move", args=[event.pk])},
                      ensure_ascii=False, separators=(",", ":"))
    blob = blob.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")  # as json_script escapes
    # json_script's tag, with the names in UTF-8 rather than \u escapes (a third of the bytes)
    return format_html('<script id="seating-data" type="application/json">{}</script>', mark_safe(blob))  # noqa: S308


@requires("checkin.view_seating")
def seating(request, pk: int):
    """The hall as rows and seats with who sits where; people dragged (or moved by keyboard) onto a seat."""
    event = _event(pk)
    chart = seating_queries.chart(event)
    plan = chart.plan
    can_manage = request.user.has_perm("checkin.manage_seating")
    seated = sum(1 for d in chart.people if d.seat)
    return render(request, "checkin/seating.html", {
        "event": event, "plan": plan, "hall": _hall(chart) if plan else "", "data": _data(chart, event),
        "categories": [(c, chart.colour[c.pk]) for c in chart.categories],
        "needing": len(chart.people), "unseated": len(chart.people) - seated,
        "capacity": hall.capacity(plan) if plan else 0, "can_manage": can_manage,
        "plan_form": PlanForm(initial={"plan": json.dumps(plan or hall.hon_quan_hall(), ensure_ascii=False,
                                                          indent=1)}) if can_manage else None,
        "can_print": request.user.has_perm("checkin.print")})


@requires("checkin.manage_seating")
@require_POST
def seat_move(request, pk: int):
    """One move from the chart: {delegate, seat ("" = out of the hall), from, occupant, swap}. Answers
    200 {"message", "changes": [[id, seat], …]}; 409 {"error", "ask"/"stale"}; 400 {"error"}."""
    event = _event(pk)
    delegate = get_object_or_404(Delegate.objects.select_related("event"), event=event,
                                 pk=id_or_none(request.POST.get("delegate")) or 0)
    try:
        move = seating_services.move_delegate(
            request.user, delegate, request.POST.get("seat", ""), seen_from=request.POST.get("from", ""),
            seen_occupant=id_or_none(request.POST.get("occupant")), swap=request.POST.get("swap") == "1")
    except seating_services.SeatTaken as exc:
        return JsonResponse({"error": exc.message, "ask": True,
                             "occupant": [exc.occupant.pk, exc.occupant.attendee_name]}, status=409)
    except seating_services.StaleMove as exc:
        return JsonResponse({"error": exc.message, "stale": True}, status=409)
    except ValidationFailed as exc:
        return JsonResponse({"error": exc.message}, status=400)
    return JsonResponse({"message": move.message, "changes": move.changes})
