"""Long work with progress: a page starts a job, a django-tasks worker runs its handler, the page
polls the job and offers its result file for download (served by a permission-checked view).

Layers: `jobs` (start, read the result) → `tasks` (the django-tasks task) → `runner` (the handler
registry and `run`). `handler`, `JobResult` and `run` are re-exported here for the apps' handlers."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django_scopes import scopes_disabled

from thidua import clock

from .audit import log_action
from .models import Job, JobStatus, User
from .runner import (
    HANDLERS,
    IDEMPOTENT,
    Handler,
    JobResult,
    Progress,
    handler,
    remove_files,
    result_page,
    run,
)
from .tasks import run_job

__all__ = ["HANDLERS", "Handler", "JobResult", "Progress", "handler", "reap_stale", "result_file", "result_page",
           "retry_job", "run", "start_job"]

log = logging.getLogger(__name__)


def start_job(user: User | None, kind: str, title: str, params: dict, authority_id: int | None = None) -> Job:
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(
        authority_id=authority_id if authority_id is not None else (user.authority_id if user else None),
        owner=user, kind=kind, title=title, params=params,
    )
    log_action(user, "orgs.job.start", job, None, {"kind": kind, "params": params})
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def retry_job(user: User | None, job: Job) -> Job:
    """ "Chạy lại": a new job of the same kind with the same parameters."""
    return start_job(user, job.kind, job.title, job.params, authority_id=job.authority_id)


def reap_stale(now: dt.datetime | None = None) -> int:
    """Jobs shown as running whose worker stopped reporting (`Job.lost`): marked failed with the reason,
    their partial files removed; an idempotent kind is queued once more instead. Run by the worker's
    housekeeping as it starts and every 30 s (the pages show such a job as failed meanwhile, without
    writing). Returns how many jobs were reaped."""
    now = now or clock.now()
    limit = now - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    reaped = 0
    with scopes_disabled():
        stale = list(Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit))
        for job in stale:
            remove_files(job)
            if job.kind in IDEMPOTENT and job.attempts < 2:
                changed = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    status=JobStatus.QUEUED, message="Tiến trình xử lý nền đã dừng giữa chừng; đang chạy lại.")
                if changed:
                    transaction.on_commit(lambda pk=job.pk: run_job.enqueue(pk))
            else:
                changed = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    status=JobStatus.FAILED, finished_at=now, message=job.lost_reason[:250])
            if changed:
                reaped += 1
                log.warning("job %s lost its worker (last heartbeat %s)", job.pk, job.heartbeat_at)
                log_action(None, "orgs.job.reaped", job, None, {"status": "queued" if job.kind in IDEMPOTENT
                                                                and job.attempts < 2 else "failed"})
    return reaped


def result_file(job: Job) -> FieldFile | None:
    """The finished job's stored result, or None (not done, or the file is gone)."""
    if job.status != JobStatus.DONE or not job.result_path or not job.result_path.storage.exists(job.result_path.name):
        return None
    return job.result_path
