"""Imports as background jobs (#17), one mechanism for every importer (units and people here, delegates in
events): the page checks the upload, keeps it (`uploads.stash`) and starts a job; the worker reads the
file outside any transaction and writes in short batches (orgs.imports.ShortTransactions) with progress;
the job's result is the import report (JSON), which the report page shows and the rejected-rows workbook
is made from. The dry run and the real import are two jobs on the same kept file.

An importer registers an `ImportKind`: its `run(actor, meta, data, dry_run, progress)` returns the
`ImportReport`; `page(job)` names the report page (it carries the scope: an event's id for delegates)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import reverse

from thidua.vn.money import format_number

from . import imports, uploads
from .imports import ImportReport, Progress
from .jobs import JobResult, handler, start_job
from .models import Authority, Job, JobStatus, User

JOB_KIND = "orgs.import"
REPORT_TYPE = "application/json"


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str  # "cá nhân": what the rows are, for titles and messages
    run: Callable[[User, dict, bytes, bool, Progress], ImportReport]
    page: Callable[[Job], str]  # the report page of a job of this kind


KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    KINDS[kind.key] = kind
    return kind


def _page(job: Job) -> str:
    kind = KINDS.get(job.params.get("import", ""))
    return kind.page(job) if kind else ""


def start(user: User, kind: str, token: str, meta: dict, *, dry_run: bool, **page_args) -> Job:
    """A job that checks (dry run) or imports the kept file `token`; `meta` (as kept with the file) names
    the authority whose records the import writes ("authority"); `page_args` (an event's id) are kept in
    the job's parameters for its report page."""
    label = KINDS[kind].label
    title = f"{'Kiểm tra tệp nhập' if dry_run else 'Nhập'} {label}: {meta['name']}"
    return start_job(user, JOB_KIND, title[:200], {"import": kind, "token": token, "dry_run": dry_run, **page_args},
                     authority_id=meta["authority"])


@handler(JOB_KIND, result_page=_page)
def run_import(job: Job, progress: Progress) -> JobResult:
    kind = KINDS[job.params["import"]]
    try:
        data, meta = uploads.unstash(job.params["token"], user=job.owner_id)
    except LookupError:
        raise ValueError(f"Tệp đã tải lên không còn (tệp nhập được giữ {settings.IMPORT_KEEP_DAYS:g} ngày): "
                         "chọn lại tệp để nhập.")
    progress(0, 1, f"Đang đọc tệp {meta['name']}…")
    report = kind.run(job.owner, meta, data, job.params["dry_run"], progress)
    c = report.counts
    n = {k: format_number(v) for k, v in c.items()}
    summary = (f"{'Đã nhập' if not report.dry_run else 'Kiểm tra xong'}: {n['imported']} thêm mới, "
               f"{n['updated']} cập nhật, {n['rejected']} bị từ chối")
    return JobResult(json.dumps(report.as_json(), ensure_ascii=False).encode(), "bao-cao-nhap.json", REPORT_TYPE,
                     message=summary)


def report_of(job: Job) -> ImportReport | None:
    """The finished import job's report, or None (not an import, not done, or its file is gone)."""
    if job.kind != JOB_KIND or job.status != JobStatus.DONE or not job.result_path:
        return None
    try:
        with default_storage.open(job.result_path.name, "rb") as f:
            return ImportReport.from_json(json.loads(f.read()))
    except (FileNotFoundError, ValueError, KeyError):
        return None


# --- the units and people of the user's authority -------------------------------------------------

def _orgs_runner(importer):
    def run(actor: User, meta: dict, data: bytes, dry_run: bool, progress: Progress) -> ImportReport:
        authority = Authority.objects.get(pk=meta["authority"])
        return importer(actor, authority, data, meta["name"], dry_run=dry_run, max_bytes=settings.UPLOAD_MAX_BYTES,
                        encoding=meta["encoding"], progress=progress)
    return run


def _orgs_page(job: Job) -> str:
    return reverse("orgs:import_report", args=[job.params["import"], job.pk])


register(ImportKind("units", "đơn vị", _orgs_runner(imports.import_units), _orgs_page))
register(ImportKind("people", "cá nhân", _orgs_runner(imports.import_people), _orgs_page))


def report_response(request, job: Job, label: str, template: str, context: dict):
    """The report page of an import job: the job page while it runs; the report (with the outcome of a real
    import as a message) when done. `label` names the rows ("cá nhân"); `context` is the page's own."""
    report = report_of(job)
    if report is None:
        return redirect("web:job_detail", pk=job.pk)
    if not report.dry_run:
        c = {k: format_number(v) for k, v in report.counts.items()}
        messages.success(request, f"Đã nhập {c['imported']} {label} mới, cập nhật {c['updated']}, "
                                  f"từ chối {c['rejected']} dòng.")
    return render(request, template, {**context, "report": report, "job": job, "done": not report.dry_run})
