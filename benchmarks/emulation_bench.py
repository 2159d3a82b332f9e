"""Benchmark: rank a province-sized cycle (1,000 units in 40 clusters/blocks, 60 criteria, three
rounds of scores) and render one unit's 60-criterion scoring page with the Django test client."""

from __future__ import annotations

import random
import time

from benchmarks import _django

UNITS, GROUPS, CRITERIA = 1000, 40, 60


def _build():
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

    rng = random.Random(7)
    authority = Authority.objects.create(code="bench", name="UBND tỉnh Thử", short_name="UBND tỉnh Thử", level="tinh",
                                         header_name="ỦY BAN NHÂN DÂN\nTỈNH THỬ", place_name="Thử")
    orgs = Organisation.objects.bulk_create([Organisation(authority=authority, code=f"u{i}", name=f"Đơn vị số {i}",
                                                          display_order=i) for i in range(UNITS)])
    cycle = Cycle.objects.create(authority=authority, year=2024, name="Năm 2024")
    card = Scorecard.objects.create(cycle=cycle, name="Thang điểm", bonus_cap=5)
    cgs = [CriteriaGroup.objects.create(scorecard=card, code=str(i), name=f"Nhóm {i}", display_order=i) for i in range(5)]
    kinds = ["co_dinh", "theo_lan", "chi_tieu", "co_dinh", "theo_lan"]
    crits = Criterion.objects.bulk_create([
        Criterion(scorecard=card, group=cgs[i % 5], code=f"{i % 5}.{i}", name=f"Tiêu chí {i}", kind=kinds[i % 5]
                  if i < 57 else ("thuong" if i < 59 else "tru"), max_points=10, unit_points=2 if kinds[i % 5] ==
                  "theo_lan" and i < 57 else None, display_order=i) for i in range(CRITERIA)])
    groups = Group.objects.bulk_create([Group(cycle=cycle, kind="khoi", name=f"Khối {g}", display_order=g,
                                              scorecard=card) for g in range(GROUPS)])
    Membership.objects.bulk_create([Membership(cycle=cycle, group=groups[i % GROUPS], organisation=o,
                                               signing_order=i) for i, o in enumerate(orgs)])
    sheets = ScoreSheet.objects.bulk_create([ScoreSheet(cycle=cycle, group=groups[i % GROUPS], organisation=o,
                                                        status="final") for i, o in enumerate(orgs)])
    scores = []
    for sh in sheets:
        for c in crits:
            v = rng.choice([0, 1]) if c.kind == "co_dinh" else rng.randint(0, 5)
            scores.append(Score(sheet=sh, criterion=c, self_value=v, cross_value=v, final_value=v))
    Score.objects.bulk_create(scores, batch_size=5000)
    user = User.objects.create(username="bench", role=Role.SECRETARIAT, authority=authority, is_active=True)
    _ = timezone
    return cycle, orgs[0], user


def run() -> dict:
    _django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from thidua.emulation import queries
    from thidua.orgs.scope import activate

    with scopes_disabled():
        t = time.perf_counter()
        cycle, unit, user = _build()
        build_s = time.perf_counter() - t
    with activate(cycle.authority_id):
        queries.cycle_ranking(cycle)  # warm up
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            results = queries.cycle_ranking(cycle)
            runs.append(time.perf_counter() - t)
    ranking_s = min(runs)
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
    page_s = sorted(page_runs)[len(page_runs) // 2]
    n_queries = len(ctx.captured_queries)
    return {
        "units": UNITS, "groups": GROUPS, "criteria": CRITERIA, "score_rows": UNITS * CRITERIA,
        "build_seconds": round(build_s, 3), "ranking_seconds": round(ranking_s, 4),
        "ranked_groups": len(results), "sheet_page_seconds": round(page_s, 4), "sheet_page_queries": n_queries,
        "targets": {
            "ranking_1000_units_s": {"target": 0.3, "value": round(ranking_s, 4), "ok": ranking_s < 0.3},
            "sheet_page_60_criteria_s": {"target": 0.15, "value": round(page_s, 4), "ok": page_s < 0.15},
            "sheet_page_queries": {"target": 25, "value": n_queries, "ok": n_queries <= 25},
        },
    }
