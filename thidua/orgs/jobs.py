"""Long work with progress: a page starts a job, a django-tasks worker runs its handler, the page
polls the job and offers its result file for download (served by a permission-checked view).

Layers: `jobs` (start, read the result) → `tasks` (the django-tasks task) → `runner` (the handler
registry and `run`). `handler`, `JobResult` and `run` are re-exported here for the apps' handlers."""

from __future__ import annotations

from django.db import transaction
from django.db.models.fields.files import FieldFile

from .audit import log_action
from .models import Job, JobStatus, User
from .runner import HANDLERS, Handler, JobResult, Progress, handler, run
from .tasks import run_job

__all__ = ["HANDLERS", "Handler", "JobResult", "Progress", "handler", "result_file", "run", "start_job"]


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


def result_file(job: Job) -> FieldFile | None:
    """The finished job's stored result, or None (not done, or the file is gone)."""
    if job.status != JobStatus.DONE or not job.result_path or not job.result_path.storage.exists(job.result_path.name):
        return None
    return job.result_path
