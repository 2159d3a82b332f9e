"""Measure the seating chart page (#20, #21) — a script, not a test (pytest collects test_*.py only).

Builds events of 1,500 and 2,800 delegates (ten times the demo's 280) in a fresh database (SQLite in a
temporary folder, or THIDUA_DATABASE_URL), each seated by protocol order in a hall sized for it with 85 %
checked in (`benchmarks.pages_bench.build_event`), serves them with the production server (`thidua
serve`, Granian) and asks the seating page REQUESTS times per run over loopback with a signed-in
session. Prints, per event, each run's p95 and median, then the median (min–max) of the runs' p95, the
page's size and the load average before and after (a figure taken with the load above 1.5 per core is
marked busy: the machine is shared).

Run: `.venv/bin/python -m tests.seating.measure_page [--runs 5] [--requests 30] [--delegates 1500 2800]`
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys

from benchmarks import _django, _report, checkin_bench, pages_bench


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--delegates", type=int, nargs="*", default=[1500, 2800])
    ap.add_argument("--profile", action="store_true", help="profile 10 requests in this process instead")
    args = ap.parse_args(argv)
    _django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from thidua.orgs.models import Authority, Role, User

    with scopes_disabled():
        authority = Authority.objects.create(code="seating", name="UBND tỉnh Thử chỗ ngồi",
                                             short_name="UBND tỉnh Thử", level="tinh",
                                             header_name="ỦY BAN NHÂN DÂN\nTỈNH THỬ", place_name="Thử")
        events = {d: pages_bench.build_event(authority, d, f"cho-ngoi-{d}") for d in args.delegates}
        user = User.objects.create(username="thuongtruc-do", role=Role.SECRETARIAT, authority=authority,
                                   full_name="Thường trực")
    if connection.vendor == "postgresql":  # statistics for the planner, as autovacuum gives a live server
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    db = settings.DATABASES["default"]
    url = pages_bench.os.environ.get("THIDUA_DATABASE_URL") if db["ENGINE"].endswith("postgresql") else None
    env = checkin_bench._env(str(settings.DATA_DIR), url)
    env["THIDUA_SECRET_KEY"] = settings.SECRET_KEY
    if args.profile:
        import cProfile  # noqa: PLC0415 (optional)
        import pstats  # noqa: PLC0415 (optional)

        for d, event in events.items():
            path = reverse("checkin:seating", args=[event.pk])
            client.get(path)
            prof = cProfile.Profile()
            prof.enable()
            for i in range(10):
                client.get(f"{path}?p={i}")
            prof.disable()
            print(f"--- {d} delegates, 10 requests in-process")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        return
    print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]}; {_report.cores()} cores; server: thidua serve")
    with checkin_bench.serving(env) as (port, _):
        for d, event in events.items():
            path = reverse("checkin:seating", args=[event.pk])
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for i in range(3):  # warm the workers (templates, connections)
                _, status, size, _ = pages_bench._get(conn, f"{path}?w={i}", cookie)
                assert status == 200, status
            before = _report.load()
            p95s, medians, sizes = [], [], []
            for run in range(args.runs):
                times = []
                for i in range(args.requests):
                    took, status, size, _ = pages_bench._get(conn, f"{path}?v={run}-{i}", cookie)
                    assert status == 200, status
                    times.append(took)
                    sizes.append(size)
                p95s.append(checkin_bench.percentile(times, 95))
                medians.append(statistics.median(times))
                print(f"  {d} delegates, run {run + 1}: p95 {p95s[-1] * 1000:.0f} ms, median {medians[-1] * 1000:.0f} ms")
            conn.close()
            after = _report.load()
            busy = " (BUSY machine)" if _report.is_busy(before, after) else ""
            print(f"{d} delegates: p95 median {statistics.median(p95s) * 1000:.0f} ms "
                  f"(min {min(p95s) * 1000:.0f} – max {max(p95s) * 1000:.0f}) over {args.runs} runs of "
                  f"{args.requests}; median latency {statistics.median(medians) * 1000:.0f} ms; "
                  f"{statistics.median(sizes) / 1024:.0f} KB; load {before} → {after}{busy}; target p95 < 150 ms")


if __name__ == "__main__":
    main(sys.argv[1:])
