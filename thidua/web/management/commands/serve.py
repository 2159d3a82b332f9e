"""`thidua serve`: gunicorn (workers sized to the machine) with WhiteNoise for static files, and
the background task worker beside it. Both stop together on Ctrl+C or SIGTERM."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def default_workers() -> int:
    """One process a core, each with a few threads: a request is mostly Python, which holds a core,
    and more processes than cores only switch between each other (measured with
    benchmarks/checkin_bench.py on 2 cores: 2×4 did better than 3×4 and 5×4)."""
    cores = os.cpu_count() or 1
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return min(4, cores)  # SQLite has one writer: more processes only queue on its lock
    return cores


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và tiến trình xử lý nền."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("THIDUA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("THIDUA_WEB_WORKERS", 0)) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THIDUA_WEB_THREADS", 4)))
        parser.add_argument("--no-worker", action="store_true", help="Không chạy tiến trình xử lý nền")

    def handle(self, *args, **opts):
        workers = opts["workers"] or default_workers()
        env = dict(os.environ)
        procs = []
        if not opts["no_worker"]:
            procs.append(subprocess.Popen([sys.executable, "-m", "thidua", "db_worker", "--no-reload",
                                           "--no-startup-delay", "--interval", "0.5"], env=env))
        procs.append(subprocess.Popen([
            sys.executable, "-m", "gunicorn", "thidua.wsgi:application", "--bind", opts["bind"],
            "--workers", str(workers), "--threads", str(opts["threads"]), "--worker-class", "gthread",
            "--access-logfile", "-", "--graceful-timeout", "10", "--timeout", "120",
        ], env=env))
        self.stdout.write(f"Đang phục vụ tại http://{opts['bind']}/ ({workers} tiến trình web). Ctrl+C để dừng.")

        def stop(*_):
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        finally:
            stop()
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
