"""The operator's fault test (#17): `thidua serve` as deployed, check-in desks working, and then one web
worker and the background worker killed with SIGKILL. The site answers again within 10 s, the background
worker is started again, and every delegate is checked in exactly once (a desk retries with the same nonce
until it gets an answer, as the phone desk's offline queue does)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest

from benchmarks.checkin_bench import VERIFY, _run, prepared, serving

DELEGATES = 240
DESKS = 4
PG_FAULT_DB = "thidua_fault_test"


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
            found.append((int(entry.name), cmd))
    return found


def _descendants(pid: int) -> list[tuple[int, str]]:
    out, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            out.append(child)
            todo.append(child[0])
    return out


def _database_url() -> str | None:
    url = os.environ.get("THIDUA_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_FAULT_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_FAULT_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_FAULT_DB}"


@pytest.mark.skipif(not Path("/proc").exists(), reason="cần /proc (Linux) để tìm tiến trình con")
def test_killed_web_worker_and_background_worker_come_back_and_no_checkin_is_lost():
    url = _database_url()
    started = time.monotonic()
    env, setup = prepared(tempfile.mkdtemp(prefix="thidua-fault-"), url, DELEGATES)
    print(f"prepared in {time.monotonic() - started:.1f} s")
    tokens = setup["tokens"]
    failures: list[float] = []  # when a request got no answer (connection refused or reset, 5xx)
    answered: list[float] = []
    refused: list[int] = []
    lock = threading.Lock()
    with serving(env, worker=True) as (port, server):
        path = f"/don-tiep/api/v1/events/{setup['event']}/checkins/"
        headers = {"Authorization": f"Bearer {setup['key']}", "Content-Type": "application/json"}

        def desk(items: list[str], name: str) -> None:
            for i, token in enumerate(items):
                body = json.dumps({"token": token, "nonce": f"fault-{name[-1]}-{i:04d}", "desk": name})
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                        conn.request("POST", path, body, headers)
                        response = conn.getresponse()
                        response.read()
                        conn.close()
                        if response.status == 200:
                            with lock:
                                answered.append(time.monotonic())
                            break
                        if response.status < 500:  # a refusal is the test's own mistake: stop, do not retry
                            with lock:
                                refused.append(response.status)
                            return
                    except (OSError, http.client.HTTPException):
                        pass
                    with lock:
                        failures.append(time.monotonic())
                    time.sleep(0.2)
                time.sleep(0.1)  # a desk scans a few invitations a second: the load lasts past the kill

        desks = [threading.Thread(target=desk, args=(tokens[i::DESKS], f"Bàn {i + 1}")) for i in range(DESKS)]
        for t in desks:
            t.start()
        time.sleep(1.5)
        tree = _descendants(server.pid)
        web = [pid for pid, cmd in tree if "granian" in cmd and pid not in {p for p, _ in _children(server.pid)}]
        workers = [pid for pid, cmd in _children(server.pid) if "thidua worker" in cmd]
        assert web and workers, tree
        killed_at = time.monotonic()
        os.kill(web[0], signal.SIGKILL)
        os.kill(workers[0], signal.SIGKILL)
        for t in desks:
            t.join(120)
        # The background worker was started again by `thidua serve`.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            again = [pid for pid, cmd in _children(server.pid) if "thidua worker" in cmd]
            if again and again[0] != workers[0]:
                break
            time.sleep(0.3)
        assert again and again[0] != workers[0]
        # Granian started a web worker in place of the killed one.
        while time.monotonic() < deadline + 10:
            now_web = [pid for pid, cmd in _descendants(server.pid)
                       if "granian" in cmd and pid not in {p for p, _ in _children(server.pid)}]
            if len(now_web) == len(web) and web[0] not in now_web:
                break
            time.sleep(0.3)
        assert len(now_web) == len(web) and web[0] not in now_web
        assert server.poll() is None  # the service itself never stopped
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/healthz")
        assert conn.getresponse().status == 200
    assert not refused, refused
    after_kill = [t for t in answered if t > killed_at]
    assert after_kill, "no check-in answered after the kill"
    outage = [t - killed_at for t in failures if t >= killed_at]
    print(f"failed attempts after the kill: {len(outage)}, last at +{max(outage, default=0):.1f} s; "
          f"answered after the kill: {len(after_kill)}")
    assert max(outage, default=0) < 10, f"requests failed for {max(outage):.1f} s after the kill"
    recorded = json.loads(_run(["-c", VERIFY], env).strip().splitlines()[-1])
    assert recorded["checkins"] == DELEGATES and recorded["delegates_checked_in"] == DELEGATES
    assert recorded["twice"] == 0
