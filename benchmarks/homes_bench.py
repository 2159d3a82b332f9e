"""Benchmark (#20, "each new page … p95 under 150 ms with ten times the demo data"): the pages #20 added —
each role's home, the conference hub's eleven tabs and the council's standing list — for one authority
holding ten times what the Hớn Quản demo holds, served by the real server (`thidua serve`, as
`pages_bench` measures the seating, attendance and ranking pages).

The world (built with bulk_create, its time reported apart as "build_seconds", never inside a figure):
- a province with its communes and departments and a tenth of `levels_bench`'s year (2,000 proposals,
  about 100 decisions and 1,400 decided lines this year, dossiers in every state);
- its running cycle of 620 units (the demo's 62 × 10) in clusters/blocks of 25, 60 criteria, three
  rounds of final scores, every cluster/block locked (the leader's home ranks them for its leaders), a
  covenant per unit over the four states;
- its next conference, in a fortnight, of 2,800 delegates (the demo's 280 × 10) seated in a drawn hall,
  85 % checked in, with 80 talks (half waiting for review), 100 materials (half in review) and 200 tasks
  spread over the units;
- a council of 25 standing members.
Each page is asked `pages_bench.REQUESTS` times in each of `pages_bench.RUNS` runs, each request another
address (a query string the page ignores, so that nothing is a repeat of identical input at the HTTP
level; the pages keep no cache of their own); the figure is the median (min–max) of the runs' p95.

Run: `python -m benchmarks homes` (SQLite), with THIDUA_DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

from benchmarks import _django, _report

UNITS = 620  # the demo cycle's 62 units × 10
DELEGATES = 2_800  # the demo conference's 280 × 10
TALKS, MATERIALS, TASKS, SEATS = 80, 100, 200, 25


def world(tag: str, units: int = UNITS, delegates: int = DELEGATES, talks: int = TALKS, materials: int = MATERIALS,
          tasks: int = TASKS, seats: int = SEATS, levels_share: float = 0.1) -> dict:
    """The province with `levels_share` of levels_bench's year, a cycle, a conference and a council (the
    smoke test builds it small)."""
    from django.utils import timezone

    from benchmarks import emulation_bench, levels_bench, pages_bench
    from thidua import clock
    from thidua.awards.models import CouncilSeat
    from thidua.emulation.models import Covenant, CovenantStatus, Group, Membership
    from thidua.events.models import Event
    from thidua.logistics.models import Material, MaterialKind, MaterialStatus, Task
    from thidua.orgs.models import Role, User
    from thidua.program.models import Talk, TalkStatus

    w = levels_bench.make_province(tag)
    rows = levels_bench.grow(w, 0.0, levels_share)
    province = w.province
    cycle, _, _ = emulation_bench.build(units, tag, province)
    now = timezone.now()
    Group.objects.filter(cycle=cycle).update(locked_at=now)
    members = list(Membership.objects.filter(cycle=cycle).order_by("id").values_list("organisation_id", flat=True))
    states = [CovenantStatus.ACCEPTED] * 6 + [CovenantStatus.SUBMITTED] * 2 + [CovenantStatus.RETURNED,
                                                                                CovenantStatus.DRAFT]
    Covenant.objects.bulk_create([Covenant(cycle=cycle, organisation_id=o, status=states[i % len(states)],
                                           created_at=now) for i, o in enumerate(dict.fromkeys(members))])
    event = pages_bench.build_event(province, delegates, f"{tag}-hn")
    Event.objects.filter(pk=event.pk).update(date=clock.today() + dt.timedelta(days=14))
    units = members[:tasks]
    Talk.objects.bulk_create([Talk(event=event, organisation_id=units[i % len(units)], title=f"Tham luận số {i}",
                                   status=TalkStatus.SUBMITTED if i % 2 else TalkStatus.INVITED, created_at=now,
                                   display_order=i) for i in range(talks)])
    Material.objects.bulk_create([Material(authority=province, event=event, kind=MaterialKind.values[i % len(
        MaterialKind.values)], title=f"Tài liệu số {i}", organisation_id=units[i % len(units)], position=i,
        status=MaterialStatus.IN_REVIEW if i % 2 else MaterialStatus.DRAFT) for i in range(materials)])
    Task.objects.bulk_create([Task(authority=province, event=event, organisation_id=units[i % min(40, len(units))],
                                   title=f"Nhiệm vụ số {i}", deadline=clock.today() + dt.timedelta(days=i % 13))
                              for i in range(tasks)])
    CouncilSeat.objects.bulk_create([CouncilSeat(authority=province, name=f"Thành viên số {i}",
                                                 position="chu-tich" if i == 0 else "uy-vien", order=i + 1,
                                                 title=f"Giám đốc Sở Số {i}", active_from=dt.date(2025, 7, 1))
                                     for i in range(seats)])
    users = {"secretariat": w.user}
    for role in (Role.LEADER, Role.REVIEWER, Role.UNIT_OFFICER, Role.RECEPTION):
        u = User(username=f"{tag}.{role}", role=role, authority=province, full_name=f"Người dùng {role}",
                 unit_id=units[0] if role == Role.UNIT_OFFICER else None)
        u.set_unusable_password()
        u.save()
        users[str(role)] = u
    return {"province": province, "cycle": cycle, "event": event, "users": users, "levels_rows": rows}


def pages(w: dict) -> list[tuple[str, str, object, int]]:
    """(name, role, address of the i-th request, expected status)."""
    from django.urls import reverse

    from thidua.events.hub import TABS

    hub = reverse("events:hub", args=[w["event"].pk])
    out = [(f"home_{role}", role, (lambda i: f"/?v={i}"), 200)
           for role in ("leader", "secretariat", "reviewer", "unit_officer")]
    out.append(("home_reception_to_desk", "reception", lambda i: f"/?v={i}", 302))
    desk = reverse("checkin:desk", args=[w["event"].pk])
    out.append(("reception_desk", "reception", lambda i, d=desk: f"{d}?v={i}", 200))
    out += [(f"hub_{key}", "secretariat", lambda i, k=key: f"{hub}?tab={k}&v={i}", 200) for key, _ in TABS]
    roster = reverse("awards:roster")
    out.append(("council_roster", "secretariat", lambda i: f"{roster}?v={i}", 200))
    return out


def run() -> dict:
    _django.setup()
    from django.conf import settings
    from django.test import Client
    from django_scopes import scopes_disabled

    from benchmarks import checkin_bench, emulation_bench, pages_bench

    db = settings.DATABASES["default"]
    out: dict = {"database": db["ENGINE"].rsplit(".", 1)[-1], "load_before": _report.load(), "targets": {}}
    tag = f"hb{os.getpid()}-{int(time.time()) % 100000}"
    t0 = time.perf_counter()
    with scopes_disabled():
        built = world(tag)
    emulation_bench.analyze()
    out["build_seconds"] = round(time.perf_counter() - t0, 1)
    out["world"] = {"cycle_units": UNITS, "delegates": DELEGATES, "talks": TALKS, "materials": MATERIALS,
                    "tasks": TASKS, "council_seats": SEATS, "levels_tenth": built["levels_rows"]}
    print(f"  built in {out['build_seconds']} s: {out['world']}", file=sys.stderr, flush=True)
    cookies = {}
    for role, user in built["users"].items():
        client = Client()
        client.force_login(user)
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    url = os.environ.get("THIDUA_DATABASE_URL") if db["ENGINE"].endswith("postgresql") else None
    env = checkin_bench._env(str(settings.DATA_DIR), url)
    env["THIDUA_SECRET_KEY"] = settings.SECRET_KEY  # the sessions were signed with this process's key
    out["server"] = "thidua serve (Granian WSGI, as in production)"
    with checkin_bench.serving(env) as (port, _):
        for name, role, path, expect in pages(built):
            out["targets"][f"{name}_p95_s"] = pages_bench.measure_page(port, cookies[role], path, expect=expect)
    out["load_after"] = _report.load()
    out["busy"] = _report.is_busy(out["load_before"], out["load_after"])
    return out


if __name__ == "__main__":
    import json

    result = run()
    _report.print_table({"homes": result})
    print(json.dumps(result, ensure_ascii=False, indent=2))
