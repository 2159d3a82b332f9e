"""The job machinery below the task: the handler registry (`handler`) and `run`, which the worker's
task (`orgs.tasks.run_job`) calls. Starting a job, reading its result and reaping jobs whose worker
vanished are in `orgs.jobs`.

A running job says it is alive: a thread writes `Job.heartbeat_at` every JOB_HEARTBEAT_SECONDS while the
handler works, so a job whose worker was killed is recognised (orgs.jobs.reap_stale) instead of showing
"Đang chạy" for ever. A job that meets a locked database (SQLite's busy timeout ran out) is put back in
the queue instead of failing, up to MAX_ATTEMPTS; the result file is written under a temporary name and
renamed when complete, so a full disk or a kill leaves no truncated file behind."""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, connection
from django_scopes import scopes_disabled
from django_tasks_db.utils import is_locked_database_exception

from thidua import clock

from .models import Job, JobStatus, job_result_name
from .scope import activate

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY = "retry"  # what `run` returns when the task should be queued again


@dataclass
class JobResult:
    data: bytes
    filename: str
    content_type: str
    # (record, reason) for each record the handler left out rather than fail the whole run
    skipped: list[tuple[str, str]] = field(default_factory=list)
    message: str = ""  # what the job page says when done (default: "Xong: <filename>")


Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], JobResult]
HANDLERS: dict[str, Handler] = {}
# The page that shows a finished job's result, by kind (an import's report): the job page links to it
# and sends the browser there when the job ends.
RESULT_PAGES: dict[str, Callable[[Job], str]] = {}
# Kinds that make a file from data and change nothing: queued again by themselves once when their worker
# vanished (orgs.jobs.reap_stale). Others (an import that writes) are marked failed; the user decides.
IDEMPOTENT: set[str] = set()


def handler(kind: str, *, result_page: Callable[[Job], str] | None = None, idempotent: bool = False):
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        if idempotent:
            IDEMPOTENT.add(kind)
        if result_page is not None:
            RESULT_PAGES[kind] = result_page
        return fn

    return register


def result_page(job: Job) -> str:
    page = RESULT_PAGES.get(job.kind)
    return page(job) if page is not None and job.status == JobStatus.DONE else ""


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked" (its busy timeout ran out; django-tasks-db's own test) or PostgreSQL's
    lock timeout."""
    return isinstance(exc, OperationalError) and (is_locked_database_exception(exc)
                                                  or "lock timeout" in str(exc).lower())


def persist(fn: Callable[[], object], *, tries: int = 8) -> object:
    """Run one small write to the job's row, waiting out a locked database: the job's own bookkeeping
    must not be what kills the worker while an import holds the write lock for a moment."""
    for attempt in range(tries):
        try:
            return fn()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == tries - 1:
                raise
            time.sleep(min(2.0, 0.1 * 2 ** attempt))
    return None


def _update(job_id: int, **values) -> None:
    persist(lambda: Job.objects.filter(pk=job_id).update(**values))


class Heartbeat:
    """A thread that writes the job's heartbeat while its handler runs (its own database connection)."""

    def __init__(self, job_id: int, every: float):
        self.job_id, self.every = job_id, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                try:
                    with scopes_disabled():
                        _update(self.job_id, heartbeat_at=clock.now())
                except Exception:  # a missed beat is not fatal; the next one may pass
                    log.warning("heartbeat of job %s not written", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def remove_files(job: Job) -> None:
    """Everything the job wrote under jobs/<id>/ (a partial result, a temporary file)."""
    folder = job_result_name(job, "")
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        try:
            default_storage.delete(folder + name)
        except OSError:
            log.warning("could not remove %s%s", folder, name, exc_info=True)


def _save_result(job: Job, result: JobResult) -> str:
    """Write the result under a temporary name and rename it into place: readers never see half a file."""
    temporary = default_storage.save(job_result_name(job, "dang-ghi.tmp"), ContentFile(result.data))
    final = default_storage.get_available_name(job_result_name(job, "result"))
    os.replace(default_storage.path(temporary), default_storage.path(final))
    return final


def _failure_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "Hết chỗ trên đĩa khi ghi kết quả: báo quản trị viên giải phóng dung lượng rồi bấm “Chạy lại”."
    if isinstance(exc, OSError):
        return f"Không ghi được tệp kết quả ({exc.strerror or exc}): báo quản trị viên rồi bấm “Chạy lại”."
    if isinstance(exc, ValueError):
        return str(exc)
    return "Lỗi hệ thống khi xử lý; đã ghi nhật ký."


def run(job_id: int) -> str | None:
    """Run the job's handler; RETRY when the database stayed locked and the job should run again."""
    with scopes_disabled():
        job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return None
    with activate(job.authority_id):
        attempts = job.attempts + 1
        _update(job.pk, status=JobStatus.RUNNING, message="Đang xử lý…", heartbeat_at=clock.now(), attempts=attempts)
        last = [0.0]

        def progress(done: int, total: int, message: str = "") -> None:
            now = time.monotonic()
            if now - last[0] < 0.25 and done < total:
                return
            last[0] = now
            _update(job.pk, done=done, total=total, message=message[:250], heartbeat_at=clock.now())

        try:
            with Heartbeat(job.pk, settings.JOB_HEARTBEAT_SECONDS):
                result = HANDLERS[job.kind](job, progress)
                stored = _save_result(job, result)
        except Exception as exc:
            remove_files(job)
            if is_locked(exc) and attempts < MAX_ATTEMPTS:
                log.warning("job %s met a locked database (attempt %s); queued again", job.pk, attempts)
                _update(job.pk, status=JobStatus.QUEUED, message="Cơ sở dữ liệu đang bận; sẽ chạy lại ngay.")
                return RETRY
            if not isinstance(exc, ValueError):
                log.exception("job %s failed", job.pk)
            _update(job.pk, status=JobStatus.FAILED, message=_failure_message(exc)[:250], finished_at=clock.now())
            return None
        total = Job.objects.filter(pk=job.pk).values_list("total", flat=True).first() or 1
        skipped = [{"record": str(record), "reason": str(reason)} for record, reason in result.skipped]
        message = (result.message or f"Xong: {result.filename}") + (f"; {len(skipped)} bản không tạo được (xem danh sách dưới đây)"
                                                 if skipped else "")
        _update(job.pk, status=JobStatus.DONE, done=total, total=total, skipped=skipped, message=message[:250],
                result_path=stored, result_name=result.filename, result_type=result.content_type,
                finished_at=clock.now())
    return None
