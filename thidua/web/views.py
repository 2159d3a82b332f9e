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
from django.views.decorators.http import require_POST

from thidua import clock
from thidua.orgs.access import public, requires
from thidua.orgs.jobs import result_file, result_page, retry_job, start_job
from thidua.orgs.middleware import AS_OF_KEY
from thidua.orgs.models import AuditLog, Job, Organisation, OrgKind, Person, Role
from thidua.orgs.viewkit import download
from thidua.vn.dates import numeric_date, parse_date, weekday_name
from thidua.vn.numbers import NumberError, parse_number

from . import documents
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
    user = request.user
    today = clock.today()
    context = {"today": today, "today_text": f"{weekday_name(today)}, {numeric_date(today)}"}
    if user.role != Role.RECEPTION or user.is_superuser:
        units = Organisation.objects.all()
        if user.role == Role.UNIT_OFFICER and not user.is_superuser:
            units = units.filter(pk=user.unit_id)
        labels = dict(OrgKind.choices)
        context["unit_counts"] = [
            {"label": labels.get(row["kind"], row["kind"]), "n": row["n"]}
            for row in units.filter(valid_to__isnull=True).values("kind").annotate(n=Count("id")).order_by("kind")
        ]
        context["unit_total"] = units.filter(valid_to__isnull=True).count()
        people = Person.objects.filter(active=True)
        if user.role == Role.UNIT_OFFICER and not user.is_superuser:
            people = people.filter(organisation_id=user.unit_id)
        context["people_total"] = people.count()
        context["people_without_unit"] = people.filter(organisation__isnull=True).count()
        context["recent_jobs"] = Job.objects.filter(owner=user)[:5]
        context["attention"] = attention_items(user)
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
