"""What is late or due soon, the reminders list (and its spreadsheet), and the reminder outbox: drafts
made by the system, sent or discarded by a person."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.scope import authority_for, scope_for
from thidua.orgs.sheets import write_xlsx
from thidua.orgs.viewkit import act, download, id_or_none
from thidua.vn.numbers import NumberError, parse_number

from .. import queries, services
from ..models import TaskMail
from .common import event_filter, event_of
from .tasks import TASK_COLUMNS, task_rows


@requires("logistics.view_overview")
def overview(request):
    scope = scope_for(request.user)
    event = event_filter(request)
    data = queries.overview(scope, event)
    return render(request, "logistics/overview.html", {**data, "event": event})


@requires("logistics.view_overview")
def reminders(request):
    scope = scope_for(request.user)
    event = event_filter(request)
    try:
        days = int(parse_number(request.GET.get("days", "3"), integer=True, label="Số ngày") or 0)
    except NumberError as exc:
        messages.error(request, exc.message)
        days = 3
    days = max(0, min(30, days))
    rows = queries.reminders(scope, event, days)
    if request.GET.get("format") == "xlsx":
        return download(write_xlsx(TASK_COLUMNS, task_rows(rows), title="NHẮC VIỆC SẮP ĐẾN HẠN",
                                   subtitle_lines=[f"Đến hạn trong {days} ngày tính từ {clock.today():%d/%m/%Y}"]),
                        "nhac-viec.xlsx")
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
        pk = id_or_none(value)
        if pk is None:
            raise Http404
        event = event_of(pk)
    try:
        days = int(parse_number(request.POST.get("days", "3"), integer=True, label="Số ngày") or 0)
    except NumberError as exc:
        messages.error(request, exc.message)
        return redirect(_reminders_url(event.pk if event else None, 3))
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


def _send(request, mail: TaskMail) -> TaskMail:
    """Send the mail; a failed sending is kept on the mail and said as an error."""
    mail = services.send_task_mail(request.user, mail)
    if mail.status != "sent":
        messages.error(request, f"Gửi thư đến {mail.to} không thành công: {mail.error}")
    return mail


@requires("logistics.send_reminders")
@require_POST
def mail_action(request, pk: int, action: str):
    mail = get_object_or_404(TaskMail.objects.select_related("task"), pk=pk)
    back = request.POST.get("next", "")
    if not back.startswith(reverse("logistics:reminders")):
        back = _reminders_url(mail.event_id, 3)
    if action == "gui":
        return act(request, _send, request, mail,
                   done=lambda sent: f"Đã gửi thư nhắc đến {sent.to}." if sent.status == "sent" else "", then=back)
    if action == "bo":
        return act(request, services.discard_task_mail, request.user, mail, done="Đã bỏ thư nháp.", then=back)
    raise Http404
