"""Benchmark: rank a province-sized cycle (1,000 units in 40 clusters/blocks, 60 criteria, three
rounds of scores: self, cross and final values) and render one unit's 60-criterion scoring page with
the Django test client.

Every figure is the median (min–max) of at least 3 runs (benchmarks._report), with the load average
before and after. Each run ranks the cycle after one score has changed (run i sets a different value),
so no run repeats identical input. `--scale N` (THIDUA_BENCH_SCALE) adds a cycle of 250 × N units so
that growth can be read (1×: 250, 4×: 1,000, 16×: 4,000); the 1,000-unit cycle is always measured
against its target (0.15 s, issue #21)."""

from __future__ import annotations

import os
import random
import time

from benchmarks import _django, _report

UNITS, GROUPS, CRITERIA = 1000, 40, 60
UNITS_PER_GROUP = 25


def build(units: int = UNITS, code: str = "bench", authority=None):
    """A cycle of `units` units in groups of 25, 60 criteria, every score sheet final; returns (cycle,
    first unit, a secretariat user)."""
    return _build(units, code, authority)


def _build(units: int = UNITS, code: str = "bench", authority=None):
    from django.utils import timezone

    from thidua.emulation.models import (
        CriteriaGroup,
        Criterion,
        Cycle,
        Group,
        Membership,
        Score,
        Scorecard,
        ScoreSheet,
    )
    from thidua.orgs.models import Authority, Organisation, Role, User
    from thidua.vn import normalise

    rng = random.Random(7)
    if authority is None:
        authority = Authority.objects.create(code=code, name="UBND tỉnh Thử", short_name="UBND tỉnh Thử",
                                             level="tinh", header_name="ỦY BAN NHÂN DÂN\nTỈNH THỬ", place_name="Thử")
    groups_n = max(1, units // UNITS_PER_GROUP)
    orgs = Organisation.objects.bulk_create([Organisation(  # bulk_create skips save(): set the search key here
        authority=authority, code=f"{code}{units}u{i}", name=f"Đơn vị số {i}", display_order=i,
        name_fold=normalise.fold(f"Đơn vị số {i}  {code}{units}u{i}")) for i in range(units)])
    year = 2024 + Cycle.objects.filter(authority=authority).count()
    cycle = Cycle.objects.create(authority=authority, year=year, name=f"Năm {year}")
    card = Scorecard.objects.create(cycle=cycle, name="Thang điểm", bonus_cap=5)
    cgs = [CriteriaGroup.objects.create(scorecard=card, code=str(i), name=f"Nhóm {i}", display_order=i) for i in range(5)]
    kinds = ["co_dinh", "theo_lan", "chi_tieu", "co_dinh", "theo_lan"]
    crits = Criterion.objects.bulk_create([
        Criterion(scorecard=card, group=cgs[i % 5], code=f"{i % 5}.{i}", name=f"Tiêu chí {i}", kind=kinds[i % 5]
                  if i < 57 else ("thuong" if i < 59 else "tru"), max_points=10, unit_points=2 if kinds[i % 5] ==
                  "theo_lan" and i < 57 else None, display_order=i) for i in range(CRITERIA)])
    groups = Group.objects.bulk_create([Group(cycle=cycle, kind="khoi", name=f"Khối {g}", display_order=g,
                                              scorecard=card) for g in range(groups_n)])
    Membership.objects.bulk_create([Membership(cycle=cycle, group=groups[i % groups_n], organisation=o,
                                               signing_order=i) for i, o in enumerate(orgs)])
    sheets = ScoreSheet.objects.bulk_create([ScoreSheet(cycle=cycle, group=groups[i % groups_n], organisation=o,
                                                        status="final") for i, o in enumerate(orgs)])
    scores = []
    for sh in sheets:
        for c in crits:
            v = rng.choice([0, 1]) if c.kind == "co_dinh" else rng.randint(0, 5)
            scores.append(Score(sheet=sh, criterion=c, self_value=v, cross_value=v, final_value=v))
    Score.objects.bulk_create(scores, batch_size=5000)
    user = User.objects.filter(username=f"{code}-thuongtruc").first() or User.objects.create(
        username=f"{code}-thuongtruc", role=Role.SECRETARIAT, authority=authority, is_active=True)
    _ = timezone
    return cycle, orgs[0], user


def analyze() -> None:
    """On PostgreSQL, VACUUM ANALYZE after the bulk load, as autovacuum does on a live server within
    a minute: without statistics the planner takes the freshly loaded tables for empty ones (a
    nested loop over 300,000 rows for a 60-row answer)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _rank_figure(cycle, runs: int = 5):
    """Median (min–max) of `runs` rankings of `cycle`, one final value changed before each run."""
    from thidua.emulation import queries
    from thidua.emulation.models import Score
    from thidua.orgs.scope import activate

    with activate(cycle.authority_id):
        score_ids = list(Score.objects.filter(sheet__cycle=cycle).order_by("id").values_list("id", flat=True)[:runs])
        queries.cycle_ranking(cycle)  # warm: imports, the connection

        def one(i: int):
            Score.objects.filter(pk=score_ids[i % len(score_ids)]).update(final_value=i % 2)
            c, t = time.process_time(), time.perf_counter()
            result = queries.cycle_ranking(cycle)
            timings.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            return result

        timings: list[float] = []
        cpu: list[float] = []
        fig = _report.measure(one, runs=runs)
    # the ranking alone (the update before it is not part of the figure); on SQLite all of it runs in
    # this process, so its CPU seconds are what the wall time would be on an idle machine
    return _report.figure(timings, cpu=cpu, loads=(fig.load_before, fig.load_after))


def run() -> dict:
    _django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_scopes import scopes_disabled

    n = _report.scale()
    with scopes_disabled():
        t = time.perf_counter()
        tag = f"em{os.getpid()}-{int(time.time()) % 100000}"  # a fresh authority each run: a database can be reused
        cycle, unit, user = _build(UNITS, tag)
        build_s = time.perf_counter() - t
        growth = {}
        if n > 1 and 250 * n != UNITS:
            growth[250 * n] = _build(250 * n, f"{tag}x{n}")[0]
    analyze()
    with scopes_disabled():
        ranking = _rank_figure(cycle)
        growth_figs = {units: _rank_figure(c) for units, c in growth.items()}
    client = Client()
    client.force_login(user)
    url = reverse("emulation:sheet", args=[cycle.pk, unit.pk])
    client.get(url)
    page_runs = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url)
            page_runs.append(time.perf_counter() - t)
        assert response.status_code == 200
    page = _report.figure(page_runs)
    n_queries = len(ctx.captured_queries)
    targets = {
        "ranking_1000_units_s": _report.target(ranking, 0.15, note="1,000 units × 60 criteria × 3 rounds"),
        "sheet_page_60_criteria_s": _report.target(page, 0.15),
        "sheet_page_queries": {"target": 25, "value": n_queries, "ok": n_queries <= 25},
    }
    for units, fig in growth_figs.items():
        targets[f"ranking_{units}_units_s"] = _report.target(fig, None, note=f"scale {n}: 250 × {n} units")
    return {
        "units": UNITS, "groups": UNITS // UNITS_PER_GROUP, "criteria": CRITERIA, "score_rows": UNITS * CRITERIA,
        "scale": n, "build_seconds": round(build_s, 3), "ranking_seconds": ranking.as_dict(),
        "growth": {str(u): f.as_dict() for u, f in growth_figs.items()},
        "sheet_page_seconds": page.as_dict(), "sheet_page_queries": n_queries,
        "load_average": [ranking.load_before, page.load_after], "busy": ranking.busy or page.busy,
        "targets": targets,
    }


if __name__ == "__main__":
    import json
    import sys

    if "--scale" in sys.argv:
        import os

        os.environ[_report.SCALE_ENV] = sys.argv[sys.argv.index("--scale") + 1]
    print(json.dumps(run(), ensure_ascii=False, indent=2))
