"""The province-wide statistics at the issue's scale (#19): 100 communes and 30 departments, 20,000 decided
lines, the five forms in the same number of queries as for one commune and well under a second."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from tests.levels.conftest import issue, make_below, person_of
from thidua.awards import stats
from thidua.awards.models import DecisionLine
from thidua.orgs import tree

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.mark.django_db
def test_province_wide_statistics_at_scale(levels):
    with scopes_disabled():
        below = [make_below(levels.province, f"xa-s{i}", f"xã Số {i}") for i in range(98)]
        below += [make_below(levels.province, f"so-s{i}", f"Sở Số {i}", level="so") for i in range(30)]
        sample = [person_of(a, "Mẫu", "Giáo viên") for a in below[:5]]
    for n, (a, p) in enumerate(zip(below[:5], sample, strict=True)):
        issue(a, "gk-xa" if a.level == "xa" else "gk-thu-truong", [{"kind": "individual", "person": p}], number=n + 1)
    with scopes_disabled():  # copy the sample lines across the province: 20,000 lines in all
        lines = list(DecisionLine.objects.filter(decision__authority__in=below[:5]))
        copies = []
        for i in range(20_000 - len(lines)):
            line = lines[i % len(lines)]
            values = {f.attname: getattr(line, f.attname) for f in DecisionLine._meta.concrete_fields
                      if f.attname != "id"}
            copies.append(DecisionLine(**{**values, "person_id": None, "order": 1000 + i,
                                          "name": f"Người thứ {i}", "name_fold": f"nguoi thu {i}"}))
        DecisionLine.objects.bulk_create(copies, batch_size=2000)
        ids = [levels.province.pk, *tree.descendant_ids(levels.province)]
    assert len(ids) > 130
    with CaptureQueriesContext(connection) as ctx, scope(authority=ids):
        started = time.perf_counter()
        forms = [stats.build(code, levels.province, *YEAR, ids) for code in stats.FORMS]
        took = time.perf_counter() - started
    assert forms[2].rows[0][2][0] == 20_000  # 0603: every line counted
    with CaptureQueriesContext(connection) as one, scope(authority=[levels.commune.pk]):
        for code in stats.FORMS:
            stats.build(code, levels.commune, *YEAR, [levels.commune.pk])
    assert len(ctx.captured_queries) == len(one.captured_queries)
    assert took < 1.0, took
