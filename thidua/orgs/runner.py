"""The job machinery below the task: the handler registry (`handler`) and `run`, which the worker's
task (`orgs.tasks.run_job`) calls. Starting a job and reading its result are in `orgs.jobs`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from thidua import clock

from .models import Job, JobStatus
from .scope import activate

log = logging.getLogger(__name__)


@dataclass
class JobResult:
    data: bytes
    filename: str
    content_type: str
    # (record, reason) for each record the handler left out rather than fail the whole run
    skipped: list[tuple[str, str]] = field(default_factory=list)


Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], JobResult]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str):
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


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
        job.result_path.save("result", ContentFile(result.data), save=False)
        total = Job.objects.filter(pk=job.pk).values_list("total", flat=True).first() or 1
        skipped = [{"record": str(record), "reason": str(reason)} for record, reason in result.skipped]
        message = f"Xong: {result.filename}" + (f"; {len(skipped)} bản không tạo được (xem danh sách dưới đây)"
                                                 if skipped else "")
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, done=total, total=total, skipped=skipped,
            message=message[:250], result_path=job.result_path.name,
            result_name=result.filename, result_type=result.content_type, finished_at=clock.now(),
        )
