"""`thidua worker`: the background worker (django-tasks-db's database worker) made sturdy (#17).

- A locked or lost database never ends it: the stock worker exits on "database is locked" raised while it
  records a task's outcome (a 50,000-row import holding SQLite's write lock did that), and on a PostgreSQL
  restart. Here the loop logs, waits and carries on; the task itself is queued again by `orgs.tasks`.
- It runs at a lower CPU priority (THIDUA_WORKER_NICE, default 10): on a small server a 50,000-row import
  or 1,500 invitations must not slow the check-in desks, which the web serves at normal priority.
- Housekeeping in a thread of its own, at start and every minute: jobs whose worker vanished are marked
  failed (or queued again) within a minute (`orgs.jobs.reap_stale`), and uploaded import files older than
  THIDUA_IMPORT_KEEP_DAYS are removed (`orgs.uploads.purge_stale`).

`thidua serve` runs it and starts it again if it dies; in production the systemd unit does
(deploy/systemd/thidua-worker.service)."""

from __future__ import annotations

import logging
import os
import threading
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from thidua.orgs import uploads
from thidua.orgs.jobs import reap_stale

log = logging.getLogger("thidua.worker")

HOUSEKEEPING_SECONDS = 30.0


def housekeeping() -> None:
    """One round: reap jobs that lost their worker, remove expired import files."""
    try:
        if reaped := reap_stale():
            log.warning("%s việc mất tiến trình xử lý đã được đánh dấu", reaped)
        if removed := uploads.purge_stale():
            log.info("đã xoá %s tệp nhập quá hạn", removed)
    except DatabaseError:
        log.warning("dọn dẹp định kỳ chưa chạy được (cơ sở dữ liệu bận); thử lại sau", exc_info=True)
    finally:
        close_old_connections()


class SturdyWorker(Worker):
    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return  # only with --batch or --max-tasks
            except DatabaseError as exc:
                log.warning("Lỗi cơ sở dữ liệu trong tiến trình xử lý nền (%s); tiếp tục sau 1 giây.", exc)
                try:
                    connection.close()
                except DatabaseError:
                    pass
                time.sleep(1)


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý nền (các việc dài: in hàng loạt, nhập tệp, xếp hạng)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="Giây giữa hai lần tìm việc mới")
        parser.add_argument("--batch", action="store_true", help="Chạy hết việc đang chờ rồi dừng")

    def handle(self, *args, **opts):
        niceness = int(os.environ.get("THIDUA_WORKER_NICE", "10"))
        if niceness > 0:
            os.nice(niceness)
        stop = threading.Event()

        def keep_house() -> None:
            while True:
                housekeeping()
                if stop.wait(HOUSEKEEPING_SECONDS):
                    break
            connection.close()

        keeper = threading.Thread(target=keep_house, name="housekeeping", daemon=True)
        keeper.start()
        worker = SturdyWorker(queue_names=["default"], interval=opts["interval"], batch=opts["batch"],
                              backend_name="default", startup_delay=False, max_tasks=None,
                              worker_id=get_random_string(32), excluded_queue_names=[])
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
