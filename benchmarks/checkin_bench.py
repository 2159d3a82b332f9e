"""Check-in against the real server, started as in production (`thidua serve`: Granian's WSGI
server, static files through WhiteNoise): 2,000 delegates checked in by 8 concurrent clients over loopback,
every invitation sent twice (half of the repeats are retries with the same nonce, half a second desk
with a new nonce). On SQLite, and on PostgreSQL when 127.0.0.1:5432 answers (database checkin_bench,
created and dropped here). Reports throughput and p50/p95/p99 latency and checks that exactly 2,000
check-ins were recorded, none twice.

Run: `python -m benchmarks checkin`. Bounded: 4,000 requests per backend, 120 s per phase at most.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DELEGATES = 2000
CLIENTS = 8
PG_URL = "postgres://postgres@127.0.0.1:5432/checkin_bench"
TIMEOUT = 120

SETUP = r"""
import json, sys
import django
django.setup()
from django_scopes import scopes_disabled
from thidua.checkin import services
from thidua.events import services as ev
from thidua.events.models import Delegate
from thidua.events.tokens import make_token
from thidua.orgs.models import Authority, Role, User
n = int(sys.argv[1])
with scopes_disabled():
    authority = Authority.objects.create(code="bench", name="Ủy ban nhân dân huyện Thử", short_name="UBND huyện Thử",
                                         level="huyen", header_name="ỦY BAN NHÂN DÂN\nHUYỆN THỬ", place_name="Thử")
    user = User(username="dontiep", role=Role.RECEPTION, authority=authority, full_name="Bàn đón tiếp")
    user.set_unusable_password(); user.save()
    event = ev.create_event(None, authority, {"slug": "bench", "title": "Hội nghị thử tải"})
    cat = event.categories.get(code="b")
    ev.import_delegates(None, event, [{"category": cat, "full_name": f"Đại Biểu Số {i}"} for i in range(n)], [],
                        "bench.xlsx")
    tokens = [make_token(d) for d in Delegate.objects.filter(event=event).order_by("id")]
    _, key = services.create_token(None, user, "Máy quét thử tải")
print(json.dumps({"event": event.pk, "key": key, "tokens": tokens}))
"""

VERIFY = r"""
import json
import django
django.setup()
from django.db.models import Count
from django_scopes import scopes_disabled
from thidua.checkin.models import CheckIn, Scan
with scopes_disabled():
    valid = CheckIn.objects.filter(status="valid")
    twice = valid.values("delegate").annotate(n=Count("id")).filter(n__gt=1).count()
    print(json.dumps({"checkins": valid.count(), "delegates_checked_in": valid.values("delegate").distinct().count(),
                      "twice": twice, "scans": Scan.objects.count()}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_available() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2,
                             autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS checkin_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE checkin_bench")
        return True
    except Exception:  # noqa: BLE001 — no PostgreSQL here: SQLite only
        return False


def _drop_pg() -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2,
                         autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS checkin_bench WITH (FORCE)")


def _env(data_dir: str, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("THIDUA_DATABASE_URL", "THIDUA_DATA_DIR")}
    env.update({"THIDUA_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "thidua.settings", "THIDUA_DEBUG": "0",
                "THIDUA_SECRET_KEY": "bench-" + "x" * 40, "THIDUA_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PYTHONPATH": str(ROOT)})
    if database_url:
        env["THIDUA_DATABASE_URL"] = database_url
    return env


def _run(args: list[str], env: dict) -> str:
    out = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    if out.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed: {out.stderr[-2000:]}")
    return out.stdout


def _wait_up(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/don-tiep/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer within 60 s")


def _cpu_seconds() -> dict[str, float]:
    """CPU time used so far by the server (`thidua serve`'s process group), PostgreSQL's processes and this
    load generator, from /proc (Linux): where each request's cost goes."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {"server": 0.0, "postgresql": 0.0}
    own = os.times()
    out["load_generator"] = own.user + own.system
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick
        if int(fields[2]) == _SERVER_GROUP[0]:
            out["server"] += cpu
        elif name in ("postgres", "postmaster"):
            out["postgresql"] += cpu
    return out


_SERVER_GROUP = [0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _load(port: int, event: int, key: str, tokens: list[str]) -> dict:
    rng = random.Random(7)
    work = []
    for i, token in enumerate(tokens):
        nonce = f"bench-{i}-a"
        work.append((token, nonce))
        work.append((token, nonce if i % 2 == 0 else f"bench-{i}-b"))  # a retry, or a second desk
    rng.shuffle(work)
    chunks = [work[i::CLIENTS] for i in range(CLIENTS)]
    latencies: list[float] = []
    codes: dict[str, int] = {}
    fresh_ok = 0
    errors: list[str] = []
    lock = threading.Lock()
    path = f"/don-tiep/api/v1/events/{event}/checkins/"
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def client(items, desk):
        nonlocal fresh_ok
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, my_codes, my_fresh = [], {}, 0
        for token, nonce in items:
            body = json.dumps({"token": token, "nonce": nonce, "desk": desk})
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body, headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
            if response.status != 200:
                errors.append(f"HTTP {response.status}: {data[:200]!r}")
                continue
            answer = json.loads(data)
            my_codes[answer["code"]] = my_codes.get(answer["code"], 0) + 1
            if answer["code"] == "ok" and not answer["replay"]:
                my_fresh += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for c, n in my_codes.items():
                codes[c] = codes.get(c, 0) + n
            fresh_ok += my_fresh

    threads = [threading.Thread(target=client, args=(chunk, f"Bàn {i + 1}")) for i, chunk in enumerate(chunks)]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    wall = time.perf_counter() - started
    cpu_after = _cpu_seconds()
    n = max(1, len(latencies))
    cpu_ms = {k: round((cpu_after[k] - cpu_before[k]) * 1000 / n, 2) for k in cpu_before}
    return {
        "requests": len(latencies), "wall_seconds": round(wall, 3),
        "requests_per_second": round(len(latencies) / wall, 1),
        "checkins_per_second": round(fresh_ok / wall, 1),
        "latency_seconds": {"p50": round(statistics.median(latencies), 4), "p95": round(percentile(latencies, 95), 4),
                            "p99": round(percentile(latencies, 99), 4), "max": round(max(latencies), 4)},
        "cpu_ms_per_request": cpu_ms, "answers": codes, "fresh_checkins": fresh_ok, "errors": errors[:5], "error_count": len(errors),
    }


def prepared(data_dir: str, database_url: str | None, delegates: int) -> tuple[dict, dict]:
    """A migrated database with static files and `delegates` invited (SETUP): its environment and
    what SETUP printed (event, scanner key, tokens)."""
    env = _env(data_dir, database_url)
    _run(["-m", "thidua", "migrate", "-v", "0"], env)
    _run(["-m", "thidua", "collectstatic", "--noinput", "-v", "0"], env)
    return env, json.loads(_run(["-c", SETUP, str(delegates)], env).strip().splitlines()[-1])


@contextmanager
def serving(env: dict, *, worker: bool = False):
    """`thidua serve` (with its background worker only if `worker`) on a free port, in a process group of
    its own: yields (port, its Popen) once it answers; stopped on leaving (SIGTERM, then SIGKILL after 20 s)."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "thidua", "serve", "--bind", f"127.0.0.1:{port}",
                               *([] if worker else ["--no-worker"])],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        _wait_up(port, server)
        yield port, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def run_backend(name: str, database_url: str | None) -> dict:
    env, setup = prepared(tempfile.mkdtemp(prefix=f"thidua-checkin-bench-{name}-"), database_url, DELEGATES)
    with serving(env) as (port, server):
        _SERVER_GROUP[0] = server.pid  # started in a session of its own: its pid is the group id
        figures = _load(port, setup["event"], setup["key"], setup["tokens"])
    figures["recorded"] = json.loads(_run(["-c", VERIFY], env).strip().splitlines()[-1])
    figures["server"] = "thidua serve (Granian WSGI, processes and threads as in production)"
    rec = figures["recorded"]
    figures["exactly_once"] = (rec["checkins"] == DELEGATES and rec["delegates_checked_in"] == DELEGATES
                               and rec["twice"] == 0
                               and figures["fresh_checkins"] == DELEGATES and figures["error_count"] == 0)
    return figures


def run() -> dict:
    out: dict = {"delegates": DELEGATES, "clients": CLIENTS, "requests_per_backend": 2 * DELEGATES,
                 "backends": {}, "targets": {}}
    backends = [("sqlite", None)]
    if _pg_available():
        backends.append(("postgresql", PG_URL))
    else:
        out["postgresql"] = "không kết nối được 127.0.0.1:5432: chỉ đo SQLite"
    for name, url in backends:
        try:
            out["backends"][name] = run_backend(name, url)
        finally:
            if name == "postgresql":
                _drop_pg()
    for name, fig in out["backends"].items():
        rps = fig["requests_per_second"]
        p99 = fig["latency_seconds"]["p99"]
        # the "≥ 300 check-ins/s" read as check-in requests a second, each one a scan answered
        # (new, retried or from a second desk); new check-ins are half of them (`checkins_per_second`)
        out["targets"][f"{name}_checkin_requests_per_second"] = {"target": 300, "value": rps, "ok": rps >= 300}
        out["targets"][f"{name}_p99_seconds"] = {"target": 0.1, "value": p99, "ok": p99 < 0.1}
        out["targets"][f"{name}_exactly_once"] = {"target": DELEGATES, "value": fig["recorded"]["checkins"],
                                                  "ok": fig["exactly_once"]}
    return out


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
