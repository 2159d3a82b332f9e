from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs import register, versions
from thidua.orgs.access import check_object, public, requires
from thidua.orgs.jobs import result_file, result_page, retry_job, start_job
from thidua.orgs.middleware import AS_OF_KEY
from thidua.orgs.models import AuditLog, Job, Organisation, OrgKind, Person, RegisterEntry, Role
from thidua.orgs.scope import authority_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import XLSX_TYPE, ExportColumn, write_xlsx
from thidua.orgs.viewkit import act, download, id_or_none
from thidua.paperwork import Heading, PaperworkError, render_pdf
from thidua.vn.dates import numeric_date, parse_date, weekday_name
from thidua.vn.numbers import NumberError, parse_number

from . import documents, homes
from .plugins import app_modules

log = logging.getLogger(__name__)


@public
def login_view(request, *args, **kwargs):
    return auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True)(
        request, *args, **kwargs)


@public
@require_POST
def logout_view(request):
    return auth_views.LogoutView.as_view()(request)


def _health_problem() -> str | None:
    """Why this process cannot serve, in a few words, or None: the database answers a cheap query, and
    the data folder (the SQLite database, sessions' files, uploads, generated documents) takes a file."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.error("healthz: the database does not answer: %s", exc)
        return "cơ sở dữ liệu không trả lời"
    for folder in (settings.DATA_DIR, getattr(default_storage, "location", settings.DATA_DIR)):  # uploads
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".healthz-") as probe:
                probe.write(b"ok")
                probe.flush()
                os.fsync(probe.fileno())  # a full disk shows here
        except OSError as exc:
            log.error("healthz: cannot write in %s: %s", folder, exc)
            return "thư mục dữ liệu không ghi được (chỉ đọc, hết chỗ hoặc sai quyền)"
    return None


@public
def healthz(request):
    """200 "ok" when this process can serve; 503 with a short reason otherwise (a load balancer takes it
    out; the detail is in the log)."""
    problem = _health_problem()
    if problem:
        return HttpResponse(f"lỗi: {problem}", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain")


def attention_items(user) -> list[dict]:
    """What needs attention, from every app that has `thidua/<app>/attention.py` with
    `items(user) -> list[dict(level="warning"|"danger"|"info", text=..., url=...)]`."""
    return [item for module in app_modules("attention") for item in module.items(user)]


@requires("web.view_dashboard")
def dashboard(request):
    """Each role's home (thidua.web.homes): the leader's figures and charts, the unit officer's tasks,
    the appraiser's queue, the office's attention items; reception goes straight to today's desk."""
    user = request.user
    today = clock.today()
    context = {"today": today, "today_text": f"{weekday_name(today)}, {numeric_date(today)}"}
    if user.role == Role.RECEPTION and not user.is_superuser:
        event = homes.reception_event(user)
        if event is not None and user.has_perm("checkin.check_in"):
            return redirect("checkin:desk", event.pk)
        return render(request, "web/home_reception.html", context)
    context["attention"] = attention_items(user)
    context["recent_jobs"] = Job.objects.filter(owner=user)[:5]
    if user.role == Role.LEADER and not user.is_superuser:
        context.update(homes.figures(user))
        return render(request, "web/home_leader.html", context)
    if user.role == Role.UNIT_OFFICER and not user.is_superuser:
        context["tasks"] = homes.unit_tasks(user)
        context["unit"] = user.unit
        return render(request, "web/home_unit.html", context)
    if user.role == Role.REVIEWER and not user.is_superuser:
        context["queue"] = homes.review_queue(user)
        return render(request, "web/home_reviewer.html", context)
    units = Organisation.objects.all()
    labels = dict(OrgKind.choices)
    context["unit_counts"] = [
        {"label": labels.get(row["kind"], row["kind"]), "n": row["n"]}
        for row in units.filter(valid_to__isnull=True).values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    context["unit_total"] = units.filter(valid_to__isnull=True).count()
    people = Person.objects.filter(active=True)
    context["people_total"] = people.count()
    context["people_without_unit"] = people.filter(organisation__isnull=True).count()
    context.update(homes.figures(user))
    if user.has_perm("orgs.view_audit"):
        context["recent_audit"] = AuditLog.objects.select_related("actor")[:8]
    return render(request, "web/dashboard.html", context)


@requires("web.view_dashboard")
@require_POST
def set_as_of(request):
    """View the system as of another date (deadlines, late lists); empty clears it."""
    value = (request.POST.get("as_of") or "").strip()
    if not value:
        request.session.pop(AS_OF_KEY, None)
        messages.info(request, "Đã trở về ngày hiện tại.")
    else:
        try:
            day = parse_date(value)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            request.session[AS_OF_KEY] = day.isoformat()
            messages.info(request, f"Đang xem hệ thống như vào ngày {numeric_date(day)}: chỉ xem, mọi thao tác "
                                   "ghi bị từ chối cho đến khi về ngày hiện tại.")
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:dashboard")
    return redirect(target)


@requires("paperwork.view_specimen")
def specimen(request):
    return render(request, "web/specimen.html", {"jobs": Job.objects.filter(owner=request.user, kind="web.specimen_bulk")[:5]})


@requires("paperwork.view_specimen")
def specimen_file(request, fmt: str):
    if fmt == "pdf":
        data, ctype = documents.specimen_pdf(), "application/pdf"
    elif fmt == "docx":
        data, ctype = documents.specimen_docx(), documents.DOCX_TYPE
    else:
        raise Http404
    return download(data, f"van-ban-mau.{fmt}", ctype, inline=fmt == "pdf" and bool(request.GET.get("inline")))


@requires("paperwork.view_specimen")
@require_POST
def specimen_bulk(request):
    try:
        count = max(1, min(500, int(parse_number(request.POST.get("count", "280"), integer=True,
                                                 label="Số giấy mời") or 280)))
    except NumberError as exc:
        messages.error(request, exc.message)
        return redirect("web:specimen")
    job = start_job(request.user, "web.specimen_bulk", f"In hàng loạt {count} giấy mời mẫu", {"count": count})
    return redirect("web:job_detail", pk=job.pk)


def _own_job(request, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@requires("orgs.view_jobs")
def job_list(request):
    jobs = list(Job.objects.filter(owner=request.user)[:50])
    for job in jobs:
        job.result_page = result_page(job)
    return render(request, "web/job_list.html", {"jobs": jobs})


@requires("orgs.view_jobs")
def job_detail(request, pk: int):
    job = _own_job(request, pk)
    page = result_page(job)
    if request.headers.get("HX-Request"):
        response = render(request, "web/_job_progress.html", {"job": job, "result_page": page})
        if page:  # the job ended while the page watched it: show its result (an import's report)
            response["HX-Redirect"] = page
        return response
    if page:  # already done (a quick job): straight to its result
        return redirect(page)
    return render(request, "web/job_detail.html", {"job": job, "result_page": page})


@requires("orgs.view_jobs")
@require_POST
def job_retry(request, pk: int):
    """ "Chạy lại" a failed job: a new job of the same kind and parameters, for the same owner."""
    job = _own_job(request, pk)
    if not job.failed:
        messages.info(request, "Việc này không bị lỗi: không cần chạy lại.")
        return redirect("web:job_detail", pk=job.pk)
    again = retry_job(request.user, job)
    return redirect("web:job_detail", pk=again.pk)


@requires("orgs.view_jobs")
def job_download(request, pk: int):
    job = _own_job(request, pk)
    stored = result_file(job)
    if stored is None:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type)


@public
def root(request):
    return redirect("web:dashboard")


# --- draft → edit → issue, and the outgoing register (orgs.register) ------------------------------------------

REGISTER_XLSX_COLUMNS = (("Số", 8), ("Ký hiệu", 16), ("Ngày ban hành", 14, "date"), ("Loại văn bản", 16),
                         ("Trích yếu", 60), ("Người ký", 24), ("Nơi nhận", 40), ("Bản ký số", 24))


@requires("orgs.view_register")
def register_list(request):
    authority = authority_for(request.user)
    year = id_or_none(request.GET.get("year"))
    issued = RegisterEntry.objects.filter(authority=authority, state="issued")
    years = sorted(set(issued.values_list("year", flat=True)), reverse=True)
    year = year if year in years else (years[0] if years else clock.today().year)
    rows = issued.filter(year=year).order_by("number")
    if request.GET.get("format") == "xlsx":
        cols = [ExportColumn(*c) for c in REGISTER_XLSX_COLUMNS]
        data = [[e.number, e.symbol, e.issued_on, e.kind_name, e.summary, e.signer_name, e.recipients.replace("\n", "; "),
                 e.signed_info.get("summary", "") if e.signed else ""] for e in rows]
        return download(write_xlsx(cols, data, title=f"SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM {year}",
                                   subtitle_lines=[authority.name]), f"so-van-ban-di-{year}.xlsx", XLSX_TYPE)
    drafts = RegisterEntry.objects.filter(authority=authority, state="draft").order_by("-updated_at")
    return render(request, "web/register_list.html", {"rows": rows, "drafts": drafts, "year": year,
                                                      "years": years or [year]})


@requires("orgs.view_register")
@require_http_methods(["GET", "POST"])
def register_open(request, kind: str, key: str):
    """A source's document: its entry when there is one; otherwise a button that makes the draft (a POST)."""
    authority = authority_for(request.user)
    found = RegisterEntry.objects.filter(authority=authority, source=f"{kind}:{key}").first()
    if found:
        return redirect("web:register_entry", found.pk)
    if kind not in register.SOURCES:
        raise Http404
    if request.method == "POST":
        try:
            entry = register.open_draft(request.user, authority, kind, key)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
            return redirect("web:register_list")
        return redirect("web:register_entry", entry.pk)
    source = register.SOURCES[kind]
    title = source.title(authority, key) if source.title else source.kind_name
    return render(request, "web/register_open.html", {"source": source, "title": title, "key": key,
                                                      "back": source.back(key) if source.back else ""})


def _entry(request, pk: int) -> RegisterEntry:
    return get_object_or_404(RegisterEntry.objects.select_related("authority", "issued_by"),
                             pk=pk, authority=authority_for(request.user))


def _posted_edits(request, parts: dict) -> dict:
    lines = lambda name: request.POST.get(name, "").splitlines()  # noqa: E731
    values = {"summary": request.POST.get("summary", ""), "legal_bases": lines("legal_bases"),
              "distribution": lines("distribution"),
              "body": {k: request.POST.get(f"body-{k}", "") for k in parts["body"]},
              "signatures": [{f: request.POST.get(f"sig-{i}-{f}", "") for f in ("prefix", "title", "name")}
                             for i in range(len(parts["signatures"]))]}
    if parts["recipients"] or request.POST.get("recipients"):
        values["recipients"] = lines("recipients")
    return values


def _labelled_body(document, parts: dict) -> list[tuple[str, str, str]]:
    """Each editable block with a label a clerk can place: "Điều 2", or the heading it stands under and its
    place there ("I. KẾT QUẢ …, đoạn 2")."""
    out, heading, count = [], "", 0
    for i, block in enumerate(document.body):
        if isinstance(block, Heading):
            heading, count = block.text, 0
            continue
        key = str(i)
        if key not in parts["body"]:
            continue
        count += 1
        number = getattr(block, "number", None)
        if number is not None:
            label = f"Điều {number}"
        else:
            label = f"{heading}, đoạn {count}" if heading else f"Đoạn {count}"
        out.append((key, label, parts["body"][key]))
    return out


@requires("orgs.view_register")
@require_http_methods(["GET", "POST"])
def register_entry(request, pk: int):
    entry = _entry(request, pk)
    source, key = register.source_of(entry)
    try:
        document = register.built(entry)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("web:register_list")
    parts = register.parts_of(document)
    version = versions.token(entry)
    if request.method == "POST" and not entry.is_issued:
        check_object(request, "orgs.manage_register", entry)
        typed = _posted_edits(request, parts)
        try:
            register.save_draft(request.user, entry, typed, request.POST.get(versions.FIELD))
            messages.success(request, "Đã lưu dự thảo.")
            return redirect("web:register_entry", entry.pk)
        except ValidationFailed as exc:  # keep what was typed, and the version it was typed on
            messages.error(request, exc.message)
            version = request.POST.get(versions.FIELD) or version
            parts = {**parts, **{k: v for k, v in typed.items() if k != "body"},
                     "body": {**parts["body"], **typed["body"]}}
    context = {
        "entry": entry, "source": source, "parts": parts, "document": document,
        "body": _labelled_body(document, parts), "back": source.back(key) if source.back else "",
        "next_number": register.next_number(entry.authority, clock.today().year) if not entry.is_issued else None,
        "today": clock.today(), "signed": entry.signed_info.get("summary", "") if entry.signed else "",
        "signed_upload": reverse("web:register_signed", args=[entry.pk]) if entry.is_issued else "",
        "version": version, "version_field": versions.FIELD,
    }
    return render(request, "web/register_entry.html", context)


@requires("orgs.manage_register")
@require_POST
def register_reset(request, pk: int):
    entry = _entry(request, pk)
    return act(request, register.discard_edits, request.user, entry, done="Đã bỏ các chỗ sửa, văn bản lấy lại theo "
               "dữ liệu.", then=("web:register_entry", entry.pk))


@requires("orgs.manage_register")
@require_POST
def register_issue(request, pk: int):
    entry = _entry(request, pk)
    try:
        day = parse_date(request.POST.get("issued_on", ""))
    except ValueError:
        messages.error(request, "Ngày ban hành không hợp lệ: ghi theo dạng 07/4/2025.")
        return redirect("web:register_entry", entry.pk)
    number = None
    if (typed := request.POST.get("number", "").strip()):
        try:
            number = int(parse_number(typed, integer=True, label="Số văn bản"))
        except NumberError as exc:
            messages.error(request, exc.message)
            return redirect("web:register_entry", entry.pk)
    return act(request, register.issue, request.user, entry, day, number, request.POST.get(versions.FIELD),
               done=lambda e: f"Đã ban hành {e.kind_name.lower()} số {e.number_text}.", then=("web:register_entry", entry.pk))


@requires("orgs.view_register")
def register_preview(request, pk: int):
    entry = _entry(request, pk)
    try:
        pdf = render_pdf(register.built(entry))
    except (ValidationFailed, PaperworkError) as exc:
        messages.error(request, f"Chưa xem trước được: {exc}")
        return redirect("web:register_entry", entry.pk)
    return download(pdf, f"du-thao-{entry.kind}.pdf", inline=True)


@requires("orgs.view_register")
def register_file(request, pk: int, which: str):
    entry = _entry(request, pk)
    field = {"pdf": entry.pdf, "docx": entry.docx, "ky-so": entry.signed}.get(which)
    if not entry.is_issued or not field:
        raise Http404
    with field.open("rb") as f:
        data = f.read()
    name = f"{entry.kind_name} {entry.number_text}".replace("/", "-")
    ext = "docx" if which == "docx" else "pdf"
    return download(data, f"{name}{' (bản ký số)' if which == 'ky-so' else ''}.{ext}",
                    inline=ext == "pdf" and request.GET.get("inline") == "1")


@requires("orgs.manage_register")
@require_POST
def register_signed(request, pk: int):
    """The signed PDF (signed outside thidua with the CA token) or a scan, checked and kept as the issued copy."""
    entry = _entry(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chọn tệp PDF đã ký số (hoặc bản quét) để tải lên.")
        return redirect("web:register_entry", entry.pk)
    from thidua.orgs import signatures  # noqa: PLC0415 (startup)

    return act(request, signatures.attach_signed, request.user, entry, upload,
               done=lambda e: e.signed_info.get("summary", "Đã nhận bản đã ký."), then=("web:register_entry", entry.pk))
