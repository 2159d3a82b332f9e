from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs import importjobs, uploads
from thidua.orgs.access import check_object, public, requires
from thidua.orgs.imports import rejected_workbook
from thidua.orgs.jobs import start_job
from thidua.orgs.modelkit import undrawable_fields
from thidua.orgs.models import Job, Person, RegisterEntry
from thidua.orgs.outbox import MailStatus
from thidua.orgs.queries import unit_choices, vi
from thidua.orgs.scope import activate, scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import XLSX_TYPE, SheetError, check_file
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_error, form_page, id_or_none, submit
from thidua.paperwork.model import PaperworkError

from . import documents, exports, imports, queries, services, tokens
from .forms import (
    AddPeopleForm,
    AddRecipientsForm,
    AddUnitsForm,
    DelegateForm,
    DelegateImportForm,
    EventForm,
    LinkReplyForm,
    ReplyForm,
)
from .models import Delegate, DelegateCategory, Event, OutboxMail, ReplyStatus
from .services.replies import link_expired_message

PAGE_SIZE = 50


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority", "organiser"), pk=pk)


def _delegate(request, pk: int) -> Delegate:
    d = get_object_or_404(Delegate.objects.select_related("event__authority", "category", "organisation"), pk=pk)
    scope_for(request.user).check_unit(d.organisation_id)
    return d


# --- events --------------------------------------------------------------------------------

@requires("events.view_events")
def event_list(request):
    items = list(queries.events(scope_for(request.user)))
    return render(request, "events/event_list.html", {"events": items})


EVENT_KEYS = ("slug", "title", "kind", "status", "closes_year", "launches_year", "date", "tentative_month",
              "tentative_year", "start_time", "end_time", "venue", "capacity", "chair", "invitation_code",
              "invitation_date", "contact", "parking_car", "parking_motorbike", "reply_by", "reply_link_until", "site_url", "purpose",
              "contents")


@requires("events.manage_events")
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int | None = None):
    event = _event(pk) if pk else None
    initial = {k: getattr(event, k) for k in EVENT_KEYS} if event else {"status": "draft", "kind": "tong_ket"}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in EVENT_KEYS}
        if event is None:
            saved = submit(request, form, services.create_event, request.user, request.user.authority, values,
                           done=lambda e: f"Đã tạo hội nghị “{e.title}” với 4 thành phần đại biểu mặc định.")
        else:
            saved = submit(request, form, services.update_event, request.user, event, values,
                           done="Đã lưu thông tin hội nghị.")
        if saved:
            return redirect("events:event_detail", pk=saved.pk)
    back = reverse("events:event_detail", args=[event.pk]) if event else reverse("events:event_list")
    return form_page(request, form, "Sửa hội nghị" if event else "Tạo hội nghị", back=back, event=event)


@requires("events.view_events")
def event_detail(request, pk: int):
    event = _event(pk)
    scope = scope_for(request.user)
    return render(request, "events/event_detail.html", {
        "event": event, "board": queries.board(event, scope), "unit_bound": scope.is_unit_bound,
        "when": documents.when_text(event)})


# --- delegates -----------------------------------------------------------------------------

SORTS = [("category", "Theo thành phần"), ("unit", "Theo đơn vị"), ("name", "Theo tên")]


@requires("events.view_delegates")
def delegate_list(request, pk: int):
    event = _event(pk)
    scope = scope_for(request.user)
    q, category, status = request.GET.get("q", ""), request.GET.get("category", ""), request.GET.get("status", "")
    order = request.GET.get("order", "category")
    qs = queries.delegates(scope, event, q, category, status, order)
    if request.GET.get("format") == "xlsx":
        return download(exports.delegates_xlsx(event, qs), f"dai-bieu-{event.slug}.xlsx", XLSX_TYPE)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/delegate_list.html", {
        "event": event, "page": page, "q": q, "category": category, "status": status, "order": order,
        "sorts": SORTS, "statuses": [*ReplyStatus.choices, ("revoked", "Đã thu hồi")],
        "categories": DelegateCategory.objects.filter(event=event)})


def _delegate_form(request, event: Event, delegate: Delegate | None):
    scope = scope_for(request.user)
    initial = {}
    if delegate is not None:
        initial = {k: getattr(delegate, k) for k in ("category", "full_name", "gender", "position", "organisation",
                                                     "unit_text", "phone", "email", "vehicle", "area", "seat", "notes")}
    elif scope.unit_id:
        initial = {"organisation": scope.unit_id}
    return DelegateForm(request.POST or None, initial=initial,
                        categories=DelegateCategory.objects.filter(event=event), units=unit_choices(scope))


DELEGATE_KEYS = ("category", "full_name", "gender", "position", "organisation", "unit_text", "phone", "email",
                 "vehicle", "area", "seat", "notes")


def _delegate_values(form) -> dict:
    return {k: form.cleaned_data[k] or ("" if k not in ("category", "organisation") else None) for k in DELEGATE_KEYS}


@requires("events.manage_delegates")
@require_http_methods(["GET", "POST"])
def delegate_create(request, pk: int):
    event = _event(pk)
    form = _delegate_form(request, event, None)
    if request.method == "POST" and form.is_valid():
        d = submit(request, form, services.add_delegate, request.user, event, _delegate_values(form),
                   done=lambda d: f"Đã thêm đại biểu “{d.display_name}”.")
        if d:
            return redirect("events:delegate_detail", pk=d.pk)
    return form_page(request, form, "Thêm đại biểu", back=reverse("events:delegate_list", args=[event.pk]),
                     event=event, extra={"event_url": reverse("events:event_detail", args=[event.pk])})


@requires("events.manage_delegates")
@require_http_methods(["GET", "POST"])
def delegate_edit(request, pk: int):
    d = _delegate(request, pk)
    check_object(request, "events.manage_delegates", d)
    form = versioned(_delegate_form(request, d.event, d), d)
    if request.method == "POST" and form.is_valid() and submit(
            request, form, services.update_delegate, request.user, d, _delegate_values(form),
            done=lambda saved: f"Đã lưu đại biểu “{saved.display_name}”."):
        return redirect("events:delegate_detail", pk=d.pk)
    return form_page(request, form, f"Sửa đại biểu {d.display_name}",
                     back=reverse("events:delegate_detail", args=[d.pk]), event=d.event,
                     extra={"event_url": reverse("events:event_detail", args=[d.event_id])})


@requires("events.view_delegates")
def delegate_detail(request, pk: int):
    d = _delegate(request, pk)
    can_reply = request.user.has_perm("events.record_reply", d)
    site = documents.site_for(d.event, request)
    return render(request, "events/delegate_detail.html", {
        "d": d, "event": d.event, "replies": d.replies.all()[:50], "can_reply": can_reply,
        "form": ReplyForm(initial={"status": d.reply_status if d.reply_status != "pending" else "accepted",
                                   "channel": "phone"}),
        "can_edit": request.user.has_perm("events.manage_delegates", d),
        "can_print": request.user.has_perm("events.print_invitations"),
        "reply_url": tokens.reply_url(d, site) if can_reply and not d.revoked else "",
        "qr_url": tokens.qr_url(d, site) if not d.revoked else ""})


@requires("events.record_reply")
@require_POST
def delegate_reply(request, pk: int):
    d = _delegate(request, pk)
    check_object(request, "events.record_reply", d)
    form = ReplyForm(request.POST)
    then = ("events:delegate_detail", d.pk)
    if not form.is_valid():
        messages.error(request, "Thông tin trả lời chưa hợp lệ.")
        return redirect(*then)
    data = form.cleaned_data
    return act(request, services.record_reply, request.user, d, data["status"], data["channel"],
               data["substitute_name"], data["substitute_position"], data["note"], then=then,
               done=f"Đã ghi trả lời của {d.display_name}: {ReplyStatus(data['status']).label}.")


@requires("events.print_invitations")
@require_POST
def delegate_invitation(request, pk: int, action: str):
    d = _delegate(request, pk)
    then, reason = ("events:delegate_detail", d.pk), request.POST.get("reason", "")
    if action == "thu-hoi":
        return act(request, services.revoke_invitation, request.user, d, reason, then=then,
                   done="Đã thu hồi giấy mời; mã QR và đường dẫn trả lời cũ không còn giá trị.")
    if action == "cap-lai":
        return act(request, services.reissue_invitation, request.user, d, reason, then=then,
                   done="Đã cấp lại giấy mời với mã mới; hãy in lại giấy mời. Mã cũ không còn giá trị.")
    raise Http404


@requires("events.print_invitations")
def delegate_letter(request, pk: int, fmt: str):
    d = _delegate(request, pk)
    if d.revoked:
        raise Http404
    site = documents.site_for(d.event, request)
    name = f"giay-moi-{d.invitation_number or d.pk:04d}"
    if fmt not in ("pdf", "docx"):
        raise Http404
    try:
        if fmt == "pdf":
            return download(documents.invitation_pdf(d, site), f"{name}.pdf", inline=bool(request.GET.get("inline")))
        return download(documents.invitation_docx(d, site), f"{name}.docx", documents.DOCX_TYPE)
    except PaperworkError as exc:  # text the font cannot draw, stored before the rule: say what to fix
        messages.error(request, "Không tạo được giấy mời: " + (" ".join(undrawable_fields(d)) or str(exc)))
        return redirect("events:delegate_detail", d.pk)


@requires("events.manage_events")
@require_http_methods(["GET", "POST"])
def add_people(request, pk: int):
    event = _event(pk)
    people = Person.objects.filter(active=True).select_related("organisation").order_by(
        "organisation__display_order", vi("given_name"), vi("family_name"), "id")
    form = AddPeopleForm(request.POST or None, categories=DelegateCategory.objects.filter(event=event), people=people)
    form.fields["people"].label_from_instance = lambda p: (
        f"{p.full_name} – {p.position}, {p.organisation.name if p.organisation else ''}")
    if request.method == "POST" and form.is_valid():
        added, skipped = services.add_people(request.user, event, form.cleaned_data["category"],
                                             form.cleaned_data["people"])
        messages.success(request, f"Đã thêm {len(added)} đại biểu" + (f"; {skipped} người đã có trong danh sách."
                                                                     if skipped else "."))
        return redirect("events:delegate_list", pk=event.pk)
    return form_page(request, form, "Thêm đại biểu từ danh bạ", back=reverse("events:delegate_list", args=[event.pk]),
                     event=event, extra={"event_url": reverse("events:event_detail", args=[event.pk])})


@requires("events.manage_events")
@require_http_methods(["GET", "POST"])
def add_units(request, pk: int):
    event = _event(pk)
    form = AddUnitsForm(request.POST or None, categories=DelegateCategory.objects.filter(event=event),
                        units=unit_choices(scope_for(request.user)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submit(request, form, services.add_unit_seats, request.user, event, data["category"], data["units"],
                  data["seats"], data["position"],
                  done=lambda added: f"Đã thêm {len(added)} suất “Đại diện lãnh đạo” cho {len(data['units'])} đơn vị."):
            return redirect("events:delegate_list", pk=event.pk)
    return form_page(request, form, "Thêm đại biểu theo đơn vị (N suất mỗi đơn vị)",
                     back=reverse("events:delegate_list", args=[event.pk]), event=event,
                     extra={"event_url": reverse("events:event_detail", args=[event.pk])})


@requires("events.manage_events")
@require_http_methods(["GET", "POST"])
def add_recipients(request, pk: int):
    """Award recipients of the cycle's decisions as category (d) delegates, in one step: GET shows
    what would happen (nothing is written), POST does it and shows the report."""
    event = _event(pk)
    categories = DelegateCategory.objects.filter(event=event)
    start, end = services.recipient_range(event)
    initial = {"category": categories.filter(code="d").first(), "date_from": start, "date_to": end}
    bound = request.method == "POST" or "date_from" in request.GET
    form = AddRecipientsForm((request.POST if request.method == "POST" else request.GET) if bound else None,
                             initial=initial, categories=categories)
    values = (form.cleaned_data if form.is_valid() else None) if bound else initial
    report = None
    if values is not None:
        try:
            report = services.add_award_recipients(request.user, event, values["category"], values["date_from"],
                                                   values["date_to"], dry_run=request.method != "POST")
        except ValidationFailed as exc:
            form_error(form, exc)
    if report is not None and not report.dry_run:
        c = report.counts
        messages.success(request, f"Đã thêm {c['added']} người nhận khen thưởng vào thành phần {report.category}; "
                                  f"{c['existing']} đã có trong danh sách.")
    return render(request, "events/recipients.html", {"event": event, "form": form, "report": report})


# --- import --------------------------------------------------------------------------------

def _import_job(request, event: Event, pk: int) -> Job:
    """The user's own delegate import job for this event (any other id is as good as unknown)."""
    job = Job.objects.filter(pk=id_or_none(pk), owner=request.user, kind=importjobs.JOB_KIND).first()
    if job is None or job.params.get("import") != "delegates" or job.params.get("event") != event.pk:
        raise Http404
    return job


@requires("events.import_delegates")
@require_http_methods(["GET", "POST"])
def import_upload(request, pk: int):
    """The file is checked (type, size) and kept here; its rows are read and checked by a background job
    whose page shows progress, then the report (orgs.importjobs)."""
    event = _event(pk)
    form = DelegateImportForm(request.POST or None, request.FILES or None,
                              categories=DelegateCategory.objects.filter(event=event))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]  # size checked by UploadField
        category = form.cleaned_data["category"]
        try:
            check_file(upload.data, upload.name, max_bytes=settings.UPLOAD_MAX_BYTES)
        except SheetError as exc:
            form.add_error("file", str(exc))
        else:
            meta = {"user": request.user.pk, "event": event.pk, "name": upload.name, "authority": event.authority_id,
                    "encoding": form.cleaned_data["encoding"], "category": category.pk if category else None}
            token = uploads.stash(upload.data, meta)
            job = importjobs.start(request.user, "delegates", token, meta, dry_run=True, event=event.pk)
            return redirect("web:job_detail", pk=job.pk)
    return render(request, "events/import_upload.html", {"form": form, "event": event})


@requires("events.import_delegates")
def import_report(request, pk: int, job: int):
    event = _event(pk)
    return importjobs.report_response(request, _import_job(request, event, job), "đại biểu",
                                      "events/import_report.html", {"event": event})


@requires("events.import_delegates")
@require_POST
def import_confirm(request, pk: int, job: int):
    event = _event(pk)
    found = _import_job(request, event, job)
    try:
        _data, meta = uploads.unstash(found.params["token"], user=request.user.pk, event=event.pk)
    except LookupError:
        messages.error(request, f"Tệp đã tải lên không còn (tệp nhập được giữ {settings.IMPORT_KEEP_DAYS:g} ngày): "
                                "chọn lại tệp.")
        return redirect("events:import_upload", pk=event.pk)
    again = importjobs.start(request.user, "delegates", found.params["token"], meta, dry_run=False, event=event.pk)
    return redirect("web:job_detail", pk=again.pk)


@requires("events.import_delegates")
def import_rejected(request, pk: int, job: int):
    event = _event(pk)
    report = importjobs.report_of(_import_job(request, event, job))
    if report is None:
        raise Http404
    return download(rejected_workbook(report), "dai-bieu-dong-bi-tu-choi.xlsx", XLSX_TYPE)


@requires("events.import_delegates")
def import_template(request):
    return download(imports.template_workbook(), "mau-danh-sach-dai-bieu.xlsx", XLSX_TYPE)


# --- invitations ---------------------------------------------------------------------------

@requires("events.print_invitations")
@require_http_methods(["GET", "POST"])
def invitations(request, pk: int):
    event = _event(pk)
    if request.method == "POST":
        fmt = request.POST.get("fmt", "pdf")
        kinds = {"pdf": ("events.invitations_pdf", "PDF gộp"), "docx": ("events.invitations_docx", "tệp Word (zip)"),
                 "docx-one": ("events.invitations_docx_one", "một tệp Word")}
        if fmt not in kinds:
            raise Http404
        count = Delegate.objects.filter(event=event, revoked=False).count()
        if not count:
            messages.error(request, "Chưa có đại biểu nào để in giấy mời.")
            return redirect("events:invitations", pk=event.pk)
        kind, label = kinds[fmt]
        job = start_job(request.user, kind, f"Giấy mời {event.slug}: {count} đại biểu, {label}",
                        {"event": event.pk, "site": documents.site_for(event, request)})
        return redirect("web:job_detail", pk=job.pk)
    jobs = Job.objects.filter(owner=request.user, kind__startswith="events.invitations",
                              params__event=event.pk)[:5]
    count = Delegate.objects.filter(event=event, revoked=False).count()
    entry = RegisterEntry.objects.filter(authority_id=event.authority_id,
                                         source=f"{documents.INVITATION_SOURCE}:{event.pk}").first()
    return render(request, "events/invitations.html", {"event": event, "count": count, "jobs": jobs, "entry": entry,
                                                       "source": documents.INVITATION_SOURCE})


# --- reminders -----------------------------------------------------------------------------

@requires("events.view_delegates")
def reminders(request, pk: int):
    event = _event(pk)
    scope = scope_for(request.user)
    pending = list(queries.pending(scope, event).filter(revoked=False))
    if request.GET.get("format") == "xlsx":
        return download(exports.delegates_xlsx(event, pending, title="DANH SÁCH ĐẠI BIỂU CHƯA TRẢ LỜI"),
                        f"chua-tra-loi-{event.slug}.xlsx", XLSX_TYPE)
    outbox = list(queries.outbox(event)[:100]) if request.user.has_perm("events.send_reminders") else []
    return render(request, "events/reminders.html", {"event": event, "pending": pending, "outbox": outbox})


@requires("events.send_reminders")
@require_POST
def reminders_draft(request, pk: int):
    event = _event(pk)
    return act(request, services.draft_reminders, request.user, event, documents.site_for(event, request),
               done=lambda drafted: f"Đã soạn {len(drafted)} thư nhắc (nháp). Đọc lại rồi bấm “Gửi” từng thư.",
               then=("events:reminders", event.pk))


@requires("events.send_reminders")
@require_POST
def mail_action(request, pk: int, action: str):
    mail = get_object_or_404(OutboxMail.objects.select_related("event"), pk=pk)
    try:
        if action == "gui":
            mail = services.send_mail(request.user, mail)
            if mail.status == MailStatus.SENT:
                messages.success(request, f"Đã gửi thư đến {mail.to}.")
            else:
                messages.error(request, f"Gửi thư đến {mail.to} không thành công: {mail.error}")
        elif action == "bo":
            services.discard_mail(request.user, mail)
            messages.success(request, "Đã bỏ thư nháp.")
        else:
            raise Http404
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("events:reminders", pk=mail.event_id)


# --- signed links (no login) ---------------------------------------------------------------

@public
def qr_view(request, token: str):
    """The QR on the letter. Staff see whose invitation it is; anyone else a neutral page.
    (The check-in app adds the door scan on top of `tokens.verify_token`.)"""
    if not (request.user.is_authenticated and request.user.has_perm("events.view_qr")):
        return render(request, "events/qr_public.html", status=200)
    delegate, code = tokens.verify_token_detail(token)
    if delegate is not None and delegate.event.authority_id != request.user.authority_id \
            and not request.user.is_superuser:
        delegate, code = None, "forged"
    if delegate is not None and scope_for(request.user).unit_id not in (None, delegate.organisation_id):
        delegate, code = None, "forged"
    return render(request, "events/qr_staff.html", {"d": delegate, "code": code,
                                                    "message": tokens.MESSAGES.get(code or "", "")},
                  status=200 if code is None else 404 if code in ("forged", "unknown") else 410)


@public
@require_http_methods(["GET", "POST"])
def reply_link(request, token: str):
    delegate, code = tokens.verify_reply_token(token)
    if delegate is None:
        message = ("Đường dẫn này không còn giá trị: giấy mời đã được cấp lại hoặc thu hồi. Xin liên hệ ban tổ chức."
                   if code == "revoked" else "Đường dẫn trả lời không hợp lệ. Xin kiểm tra lại đường dẫn trong thư mời.")
        return render(request, "events/reply_public.html", {"error": message}, status=404 if code != "revoked" else 410)
    with activate(delegate.event.authority_id):  # no login, so no scope from the middleware
        if delegate.event.reply_link_expired(clock.today()):  # the QR for check-in is another token
            return render(request, "events/reply_public.html", {
                "error": link_expired_message(delegate.event), "expired": True}, status=410)
        return _reply_link(request, token, delegate)


def _reply_link(request, token: str, delegate: Delegate):
    event = delegate.event
    answered = delegate.reply_status != ReplyStatus.PENDING
    form = LinkReplyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        data = form.cleaned_data
        try:
            services.reply_by_link(delegate, data["status"], data["substitute_name"], data["substitute_position"],
                                   data["note"])
            return redirect("events:reply_link", token=token)
        except ValidationFailed as exc:
            form.add_error("substitute_name" if exc.field == "substitute_name" else None, exc.message)
    elif request.method == "POST" and answered:
        messages.info(request, "Giấy mời này đã được trả lời; câu trả lời đã ghi nhận không thay đổi.")
    delegate.refresh_from_db()
    return render(request, "events/reply_public.html", {
        "d": delegate, "event": event, "form": form, "answered": delegate.reply_status != ReplyStatus.PENDING,
        "when": documents.when_text(event)})
