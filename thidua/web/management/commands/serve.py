"""`thidua serve`: the web server (Granian, sized to the machine) with WhiteNoise for static files, and
the background task worker beside it. Both stop together on Ctrl+C or SIGTERM.

Granian reads and writes HTTP in Rust, outside Python's lock, and hands each request to a Python
thread: on the 2-core machine the check-in benchmark (benchmarks/checkin_bench.py) went from 193 to
about 370 requests/s on SQLite against gunicorn's threaded worker, which spends Python time on every
request's HTTP parsing."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def default_workers() -> int:
    """One process a core: a request is mostly Python, which holds a core, and more processes than
    cores only switch between each other (benchmarks/checkin_bench.py on 2 cores)."""
    return os.cpu_count() or 1


def default_threads() -> int:
    """Python threads a process. SQLite has one writer at a time: a second thread in the same process
    only makes the writer wait for Python's lock while it holds SQLite's (one thread: 369 requests/s,
    four: fewer). PostgreSQL waits on the network, and four threads keep the core busy meanwhile."""
    return 1 if _sqlite() else 4


def split_bind(bind: str) -> tuple[str, str]:
    """"host:port" (or "[v6]:port") → (host, port)."""
    host, sep, port = bind.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise CommandError(f"Địa chỉ --bind không hợp lệ: {bind!r} (cần dạng máy:cổng, ví dụ 127.0.0.1:8000).")
    return host.strip("[]"), port


class Command(BaseCommand):
    help = "Chạy máy chủ web (Granian) và tiến trình xử lý nền."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("THIDUA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("THIDUA_WEB_WORKERS", 0)) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THIDUA_WEB_THREADS", 0)) or None)
        parser.add_argument("--no-worker", action="store_true", help="Không chạy tiến trình xử lý nền")

    def handle(self, *args, **opts):
        workers = opts["workers"] or default_workers()
        threads = opts["threads"] or default_threads()
        host, port = split_bind(opts["bind"])
        env = dict(os.environ)
        procs = []
        if not opts["no_worker"]:
            procs.append(subprocess.Popen([sys.executable, "-m", "thidua", "db_worker", "--no-reload",
                                           "--no-startup-delay", "--interval", "0.5"], env=env))
        procs.append(subprocess.Popen([
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", port,
            "--workers", str(workers), "--blocking-threads", str(threads), "--http", "1", "--no-ws",
            "--access-log", "--workers-kill-timeout", "10", "thidua.wsgi:application",
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
