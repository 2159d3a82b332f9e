"""Long work with progress: a page starts a job, a django-tasks worker runs its handler, the page
polls the job and offers its result file for download (served by a permission-checked view)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_scopes import scopes_disabled

from thidua import clock

from . import uploads
from .audit import log_action
from .models import Job, JobStatus, User
from .scope import activate

log = logging.getLogger(__name__)


@dataclass
class JobResult:
    data: bytes
    filename: str
    content_type: str


Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], JobResult]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str):
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def jobs_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_job(user: User | None, kind: str, title: str, params: dict, authority_id: int | None = None) -> Job:
    from .tasks import run_job

    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(
        authority_id=authority_id if authority_id is not None else (user.authority_id if user else None),
        owner=user, kind=kind, title=title, params=params,
    )
    log_action(user, "orgs.job.start", job, None, {"kind": kind, "params": params})
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def run(job_id: int) -> None:
    with scopes_disabled():
        job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return
    with activate(job.authority_id):
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, message="Đang xử lý…")
        last = [0.0]

        def progress(done: int, total: int, message: str = "") -> None:
            now = time.monotonic()
            if now - last[0] < 0.25 and done < total:
                return
            last[0] = now
            Job.objects.filter(pk=job.pk).update(done=done, total=total, message=message[:250])

        try:
            result = HANDLERS[job.kind](job, progress)
        except Exception as exc:
            log.exception("job %s failed", job.pk)
            message = str(exc) if isinstance(exc, ValueError) else "Lỗi hệ thống khi xử lý; đã ghi nhật ký."
            Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=message[:250],
                                                 finished_at=clock.now())
            return
        folder = jobs_dir() / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "result"
        path.write_bytes(result.data)
        total = Job.objects.filter(pk=job.pk).values_list("total", flat=True).first() or 1
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, done=total, total=total,
            message=f"Xong: {result.filename}", result_path=str(path.relative_to(settings.MEDIA_ROOT)),
            result_name=result.filename, result_type=result.content_type, finished_at=clock.now(),
        )


def result_file(job: Job) -> Path | None:
    if job.status != JobStatus.DONE or not job.result_path:
        return None
    return uploads.stored_file(job.result_path)
