"""`thidua serve`: the web server (Granian, sized to the machine) with WhiteNoise for static files, and
the background worker (`thidua worker`) beside it, under supervision (#17): Granian starts a web worker
again when one dies (--respawn-failed-workers), and this command starts the background worker again when
it exits, and Granian itself if it goes; the web never stops because the worker did. Both stop together on
Ctrl+C or SIGTERM. In production systemd does the same (deploy/systemd/).

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
        commands = {"web": [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", port,
            "--workers", str(workers), "--blocking-threads", str(threads), "--http", "1", "--no-ws",
            "--access-log", "--workers-kill-timeout", "10", "--respawn-failed-workers", "--respawn-interval", "1",
            "thidua.wsgi:application",
        ]}
        if not opts["no_worker"]:
            commands["worker"] = [sys.executable, "-m", "thidua", "worker", "--interval", "0.5"]
        supervisor = Supervisor(commands, self.stdout)
        self.stdout.write(f"Đang phục vụ tại http://{opts['bind']}/ ({workers} tiến trình web). Ctrl+C để dừng.")
        signal.signal(signal.SIGTERM, supervisor.stop)
        signal.signal(signal.SIGINT, supervisor.stop)
        supervisor.run()


class Supervisor:
    """Keeps each named process running: one that exits is started again after a pause that grows while it
    keeps failing at once (1 s, 2 s, 4 s … 30 s) and resets once it has stayed up a minute."""

    def __init__(self, commands: dict[str, list[str]], out):
        self.commands, self.out = commands, out
        self.procs: dict[str, subprocess.Popen] = {}
        self.started: dict[str, float] = {}
        self.delay: dict[str, float] = dict.fromkeys(commands, 1.0)
        self.due: dict[str, float] = {}
        self.stopping = False

    def start(self, name: str) -> None:
        self.procs[name] = subprocess.Popen(self.commands[name], env=dict(os.environ))
        self.started[name] = time.monotonic()

    def stop(self, *_) -> None:
        self.stopping = True
        for p in self.procs.values():
            if p.poll() is None:
                p.terminate()

    def run(self) -> None:
        for name in self.commands:
            self.start(name)
        try:
            while not self.stopping:
                now = time.monotonic()
                for name, p in list(self.procs.items()):
                    if name in self.due:
                        if now >= self.due[name]:
                            del self.due[name]
                            self.start(name)
                        continue
                    code = p.poll()
                    if code is None:
                        if now - self.started[name] > 60:
                            self.delay[name] = 1.0
                        continue
                    wait = self.delay[name]
                    self.out.write(f"Tiến trình {name} đã dừng (mã {code}); khởi động lại sau {wait:g} giây.")
                    self.due[name] = now + wait
                    self.delay[name] = min(30.0, wait * 2)
                time.sleep(0.2)
        finally:
            self.stop()
            for p in self.procs.values():
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
