"""Check-in lookups while 8 anonymous clients guess passwords (#17), against the real server (`thidua serve`,
SQLite): the median latency of a scanner's lookup alone, then during the flood. The login throttle
(django-axes, `thidua.orgs.backends.LockoutBackend`) refuses a locked address before the password hasher
runs, so the flood is answered 429 and the hasher runs only up to the limit.

Run: `python -m benchmarks login_flood`. Bounded: about 30 s of load.
"""

from __future__ import annotations

import http.client
import json
import re
import statistics
import tempfile
import threading
import time

from benchmarks import checkin_bench as cb

FLOODERS = 8
ALONE_SECONDS, FLOOD_SECONDS = 8, 15


def _lookups(port: int, setup: dict, seconds: float) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    path = f"/don-tiep/api/v1/events/{setup['event']}/lookup/?token={setup['tokens'][0]}"
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": f"Bearer {setup['key']}"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"lookup answered HTTP {response.status}")
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
    conn.close()
    return latencies


def _flooder(port: int, stop: threading.Event, answers: dict, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/dang-nhap/")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    n, mine = 0, {}
    while not stop.is_set():
        body = f"csrfmiddlewaretoken={csrf}&username=dontiep{n % 3}&password=doan-{n}"
        conn.request("POST", "/dang-nhap/", body, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                                                   "Referer": f"http://127.0.0.1:{port}/dang-nhap/"})
        response = conn.getresponse()
        response.read()
        mine[response.status] = mine.get(response.status, 0) + 1
        n += 1
    conn.close()
    with lock:
        for status, count in mine.items():
            answers[str(status)] = answers.get(str(status), 0) + count


def run() -> dict:
    env, setup = cb.prepared(tempfile.mkdtemp(prefix="thidua-login-flood-bench-"), None, 50)
    answers: dict = {}
    with cb.serving(env) as (port, _server):
        alone = _lookups(port, setup, ALONE_SECONDS)
        stop, lock = threading.Event(), threading.Lock()
        threads = [threading.Thread(target=_flooder, args=(port, stop, answers, lock)) for _ in range(FLOODERS)]
        for t in threads:
            t.start()
        time.sleep(2)
        during = _lookups(port, setup, FLOOD_SECONDS)
        stop.set()
        for t in threads:
            t.join(cb.TIMEOUT)
    median_ms = round(statistics.median(during) * 1000, 1)
    return {
        "flooders": FLOODERS, "backend": "sqlite",
        "lookup_alone_median_ms": round(statistics.median(alone) * 1000, 1),
        "lookup_during_flood_median_ms": median_ms,
        "lookup_during_flood_p95_ms": round(cb.percentile(during, 95) * 1000, 1),
        "flood_answers": answers,
        "targets": {"lookup_during_flood_median_ms": {"target": 100, "value": median_ms, "ok": median_ms < 100}},
    }


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
