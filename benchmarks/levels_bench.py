"""Benchmark (#19, "Scale"): a province of 100 communes and 30 departments, 5,000 units, 20,000 proposals
and 2,000 dossiers in a year, as its secretariat sees it:

- the province's inbox (exchange:inbox: the first page, and pages filtered by state and sender), the award
  lookup (awards:search with a name), the statistics page for the whole province
  (awards:statistics?pham_vi=toan-tinh): p95 of REQUESTS requests in each of RUNS runs through the real
  server (`thidua serve`, as `pages_bench` does), target < 0.15 s;
- the query count of each page at a tenth of the rows and at full scale (the same province, its rows
  grown tenfold in between): they must be equal ("query counts independent of rows");
- each page in this process through the test client (median wall and CPU seconds of REQUESTS requests:
  what a page costs whatever else the shared machine runs; information, no target);
- the province-wide statistics alone (awards.stats, the five forms over the province and every authority
  below it, as awards.views.reports.statistics calls them): target < 1 s.

The world is built with bulk_create (as tests/levels/test_scale.py copies its decided lines): the tree
(`Authority.parent`), the province's unit list with one unit per authority below (`stands_for`), units
and people spread over the 131 authorities, proposals with a line each (half approved for a form the
province decides, half decided by the commune's or department's own Giấy khen), dossiers of five
candidates each to the province over the eight states, the province's decisions on the decided dossiers
with their recorded copies at the senders, the senders' own decisions and the province's own. The
building time is reported apart ("build_seconds"), never inside a figure.

Run: `python -m benchmarks levels` (SQLite in a fresh data folder), or on PostgreSQL with
THIDUA_DATABASE_URL set (`benchmarks._django` migrates that database; every run adds its own province
under a fresh code, so a re-run on the same database works but is best on a fresh one). `--scale N`
multiplies the rows (not the tree). The numbers are the median (min–max) over the runs of each run's p95.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from benchmarks import _django, _report

COMMUNES, DEPARTMENTS = 100, 30
UNITS, PROPOSALS, DOSSIERS = 5_000, 20_000, 2_000
ITEMS = 5  # candidates a dossier
OWN_BATCH = 25  # lines a decision of a commune's or department's own
PROVINCE_OWN_LINES = 2_000  # the province's own decisions on its own people
REQUESTS, RUNS = 20, 3
TARGET_P95, TARGET_STATS = 0.15, 1.0
YEAR = 2026
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Điểu"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hạ", "Hà", "Lan", "Nghĩa", "Thành", "Ánh", "Tâm", "Yến", "Sơn", "Khải"]
UNIT_NAMES = [("Trường Tiểu học", "truong"), ("Trường Mầm non", "truong"), ("Trạm Y tế", "su_nghiep"),
              ("Phòng Văn hóa - Xã hội", "phong"), ("Hội Nông dân", "doan_the"), ("Công ty Cổ phần", "doanh_nghiep")]
POSITIONS = ["Giáo viên", "Nhân viên", "Chuyên viên", "Phó Trưởng phòng", "Hiệu trưởng", "Bác sĩ"]


def _scale() -> int:
    return _report.scale()


@dataclass
class Province:
    tag: str
    province: object
    below: list
    user: object
    awards: dict
    family: object
    rule_set: object
    people: dict = field(default_factory=dict)  # authority id -> [(person, unit)] of all chunks so far
    decisions: int = 0  # decision numbers given so far


def make_province(tag: str) -> Province:
    """The province, its 100 communes and 30 departments, the province's unit for each, its secretariat."""
    from thidua.awards import services as awards
    from thidua.awards.models import Award, AwardFamily, RuleSet
    from thidua.orgs.models import Authority, Organisation, Role, User

    awards.seed_catalogue(None)
    province = Authority.objects.create(
        code=tag, name="Ủy ban nhân dân tỉnh Thử Tải", short_name="UBND tỉnh Thử Tải", level="tinh",
        header_name="ỦY BAN NHÂN DÂN\nTỈNH THỬ TẢI", place_name="Thử Tải", province_name="Thử Tải",
        locality="tỉnh Thử Tải", valid_from=dt.date(2025, 7, 1))
    below = [Authority(code=f"{tag}-xa-{i}", name=f"Ủy ban nhân dân xã Số {i}", short_name=f"UBND xã Số {i}",
                       level="xa", header_name=f"ỦY BAN NHÂN DÂN\nXÃ SỐ {i}", place_name=f"Số {i}",
                       province_name="Thử Tải", locality=f"xã Số {i}", parent=province) for i in range(COMMUNES)]
    below += [Authority(code=f"{tag}-so-{i}", name=f"Sở Số {i} tỉnh Thử Tải", short_name=f"Sở Số {i}", level="so",
                        header_name=f"UBND TỈNH THỬ TẢI\nSỞ SỐ {i}", place_name="Thử Tải", province_name="Thử Tải",
                        locality=f"Sở Số {i}", doc_code=f"SS{i}", parent=province) for i in range(DEPARTMENTS)]
    below = Authority.objects.bulk_create(below)
    stands = [Organisation(authority=province, code=f"cq-{a.pk}", name=a.short_name, kind="xa" if a.level == "xa"
                           else "phong", display_order=i, stands_for=a) for i, a in enumerate(below)]
    for o in stands:
        o.name_fold = _fold(f"{o.name}  {o.code}")
    Organisation.objects.bulk_create(stands)
    user = User(username=f"{tag}.thuongtruc", role=Role.SECRETARIAT, authority=province, full_name="Thường trực tỉnh")
    user.set_unusable_password()
    user.save()
    by_code = {a.code: a for a in Award.objects.filter(code__in=["bk-tinh", "cstd-tinh", "gk-xa", "gk-thu-truong"])}
    return Province(tag, province, below, user, by_code, AwardFamily.objects.get(code="thuong-xuyen"),
                    RuleSet.objects.order_by("-valid_from").first())


def _fold(text: str) -> str:
    from thidua.vn import normalise

    return normalise.fold(normalise.clean_text(text))


def _span(total: int, lo: float, hi: float) -> range:
    return range(round(total * lo), round(total * hi))


def grow(w: Province, lo: float, hi: float) -> dict:
    """Add the rows [lo, hi) of the full world (fractions of UNITS, PROPOSALS, DOSSIERS × scale)."""
    from django.db import transaction
    from django.utils import timezone

    from thidua.awards.models import Decision, DecisionLine, Proposal, ProposalLine
    from thidua.exchange import states as xs
    from thidua.exchange.models import Dossier, DossierItem
    from thidua.orgs.models import Organisation, Person

    n = _scale()
    everyone = [w.province, *w.below]
    now = timezone.now()
    with transaction.atomic():
        units = []
        for u in _span((UNITS - len(w.below)) * n, lo, hi):
            a = everyone[u % len(everyone)]
            label, kind = UNIT_NAMES[u % len(UNIT_NAMES)]
            o = Organisation(authority=a, code=f"dv-{u}", name=f"{label} số {u}", kind=kind, display_order=u)
            o.name_fold = _fold(f"{o.name}  {o.code}")
            units.append(o)
        units = Organisation.objects.bulk_create(units, batch_size=2000)
        people = []
        for k, o in enumerate(units):
            for j in range(2):
                i = 2 * (o.display_order) + j
                p = Person(authority_id=o.authority_id, organisation=o, family_name=FAMILY[i % 13],
                           middle_name=MIDDLE[i % 8], given_name=GIVEN[(i // 13) % 14], gender="MF"[i % 2],
                           position=POSITIONS[(i + k) % len(POSITIONS)], birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1))
                p.prepare()
                people.append(p)
        for p in Person.objects.bulk_create(people, batch_size=2000):
            w.people.setdefault(p.authority_id, []).append(p)

        def proposal(a, award, person, status):
            return Proposal(authority_id=a.pk, organisation_id=person.organisation_id, year=YEAR, family=w.family,
                            award=award, title=f"Đề nghị {award.name} năm {YEAR}", status=status,
                            created_at=now, submitted_at=now), person

        # half the proposals for the province's forms, five a dossier; half for the sender's own Giấy khen
        dossier_span = _span(DOSSIERS * n, lo, hi)
        own_span = _span((PROPOSALS - DOSSIERS * ITEMS) * n // OWN_BATCH, lo, hi)  # own decisions of 25 lines
        pairs, own_pairs = [], []
        for d in dossier_span:
            a = w.below[d % len(w.below)]
            award = w.awards["bk-tinh" if d % 3 else "cstd-tinh"]
            mine = w.people[a.pk]
            pairs += [proposal(a, award, mine[(d * ITEMS + j) % len(mine)], "approved") for j in range(ITEMS)]
        for k in own_span:
            a = w.below[k % len(w.below)]
            award = w.awards["gk-xa" if a.level == "xa" else "gk-thu-truong"]
            mine = w.people[a.pk]
            own_pairs += [proposal(a, award, mine[(k * 7 + j) % len(mine)], "decided") for j in range(OWN_BATCH)]
        props = Proposal.objects.bulk_create([p for p, _ in pairs + own_pairs], batch_size=2000)
        lines = ProposalLine.objects.bulk_create([
            ProposalLine(proposal=p, kind="individual", person=person, organisation_id=person.organisation_id,
                         name=person.full_name, position=person.position, unit_name="",
                         achievement="Hoàn thành xuất sắc nhiệm vụ năm", status="decided" if k >= len(pairs)
                         else "passed", order=1)
            for k, (p, (_, person)) in enumerate(zip(props, pairs + own_pairs, strict=True))], batch_size=2000)

        # the dossiers, over the eight states
        order = [xs.DRAFT, xs.SENT, xs.RETURNED, xs.RECEIVED, xs.APPRAISING, xs.COUNCIL, xs.DECIDED, xs.NOT_PASSED]
        dossiers = []
        for k, d in enumerate(dossier_span):
            a, state = w.below[d % len(w.below)], order[d % len(order)]
            first = props[k * ITEMS]
            sent = now - dt.timedelta(days=d % 90, minutes=d) if state != xs.DRAFT else None
            dossiers.append(Dossier(
                sender_id=a.pk, receiver_id=w.province.pk, year=YEAR, family=w.family, award_id=first.award_id,
                title=f"Đề nghị tặng {'Bằng khen' if d % 3 else 'Chiến sĩ thi đua'} năm {YEAR} (đợt {d})", state=state,
                letter_number=f"{d + 1}/TTr-UBND", letter_date=dt.date(YEAR, 1 + d % 11, 1 + d % 27), sent_at=sent,
                first_sent_at=sent, received_on=sent.date() if sent and state not in (xs.SENT, xs.RETURNED) else None,
                return_reason="Thiếu biên bản họp Hội đồng" if state == xs.RETURNED else "",
                created_at=now - dt.timedelta(days=100), updated_at=sent or now))
        dossiers = Dossier.objects.bulk_create(dossiers, batch_size=1000)
        items, links = [], []
        for k, dos in enumerate(dossiers):
            for j in range(ITEMS):
                p, line, (_, person) = props[k * ITEMS + j], lines[k * ITEMS + j], pairs[k * ITEMS + j]
                links.append(Dossier.source_proposals.through(dossier_id=dos.pk, proposal_id=p.pk))
                items.append(DossierItem(
                    dossier=dos, kind="individual", name=person.full_name, birth_year=person.birth_date.year,
                    gender=person.gender, position=person.position, unit_name=f"đơn vị {person.organisation_id}",
                    achievement="Hoàn thành xuất sắc nhiệm vụ năm", source_line=line, person=person,
                    organisation_id=person.organisation_id, order=j + 1,
                    outcome="decided" if dos.state == xs.DECIDED else "pending"))
        DossierItem.objects.bulk_create(items, batch_size=2000)
        Dossier.source_proposals.through.objects.bulk_create(links, batch_size=2000)

        # decisions: the province's on each decided dossier and its copy at the sender, the senders' own
        # (25 lines each), the province's own on its own people
        def decision(authority, award, level, day, lines_of):
            w.decisions += 1
            return (Decision(authority_id=authority.pk, year=YEAR, number=w.decisions, code="QĐ-UBND", date=day,
                             number_year=day.year, award=award, signer_level=level, signer_title="CHỦ TỊCH",
                             signer_name="Trần Văn Chủ", issuer=f"Chủ tịch {authority.short_name}",
                             reason="đã có thành tích xuất sắc trong phong trào thi đua", rule_set=w.rule_set,
                             base_salary=2_340_000, status="issued", created_at=now, issued_at=now), lines_of)

        made = []
        for k, dos in enumerate(dossiers):
            if dos.state != xs.DECIDED:
                continue
            picked = [(pairs[k * ITEMS + j][1], lines[k * ITEMS + j]) for j in range(ITEMS)]
            picked = list({p.pk: (p, x) for p, x in picked}.values())  # a person once a decision
            day = dt.date(YEAR, 1 + k % 11, 10)
            sender = w.below[dossier_span[k] % len(w.below)]
            made.append((decision(w.province, w.awards[_code(dos, w)], "ct-tinh", day, picked), dos, "decision"))
            made.append((decision(sender, w.awards[_code(dos, w)], "ct-tinh", day, picked), dos, "recorded_decision"))
        base = len(pairs)
        for k, batch in enumerate(own_span):
            a = w.below[batch % len(w.below)]
            picked = [(own_pairs[k * OWN_BATCH + j][1], lines[base + k * OWN_BATCH + j]) for j in range(OWN_BATCH)]
            picked = list({p.pk: (p, x) for p, x in picked}.values())  # a person once a decision
            level = "ct-xa" if a.level == "xa" else "thu-truong"
            made.append((decision(a, w.awards["gk-xa" if a.level == "xa" else "gk-thu-truong"], level,
                                  dt.date(YEAR, 1 + batch % 11, 20), picked), None, ""))
        mine = w.people[w.province.pk]
        for k in _span(PROVINCE_OWN_LINES * n // OWN_BATCH, lo, hi):
            picked = [(mine[(k * OWN_BATCH + j) % len(mine)], None) for j in range(OWN_BATCH)]
            picked = list({p.pk: (p, x) for p, x in picked}.values())
            made.append((decision(w.province, w.awards["bk-tinh"], "ct-tinh", dt.date(YEAR, 1 + k % 11, 5), picked),
                         None, ""))
        rows = Decision.objects.bulk_create([d for (d, _), _, _ in made], batch_size=1000)
        dl = []
        for dec, ((_, picked), _, _) in zip(rows, made, strict=True):
            for j, (person, pline) in enumerate(picked):
                dl.append(DecisionLine(decision=dec, kind="individual", person=person,
                                       organisation_id=person.organisation_id, name=person.full_name,
                                       position=person.position, unit_name=f"đơn vị {person.organisation_id}",
                                       coefficient=Decimal("1.00"), amount=1_000_000, proposal_line=pline,
                                       order=j + 1).prepare())
        DecisionLine.objects.bulk_create(dl, batch_size=2000)
        for dec, (_, dos, attr) in zip(rows, made, strict=True):
            if dos is not None:
                setattr(dos, attr, dec)
                dos.decided_at = now
        Dossier.objects.bulk_update([d for d in dossiers if d.state == xs.DECIDED],
                                    ["decision", "recorded_decision", "decided_at"], batch_size=1000)
    return {"units": len(units), "people": len(people), "proposals": len(props), "dossiers": len(dossiers),
            "dossier_items": len(items), "decisions": len(rows), "decision_lines": len(dl)}


def _code(dos, w: Province) -> str:
    return "bk-tinh" if dos.award_id == w.awards["bk-tinh"].pk else "cstd-tinh"


def pages(w: Province) -> dict[str, object]:
    """Each measured page: a function of i giving the i-th address, and its kind."""
    from django.urls import reverse

    from thidua.exchange import states as xs

    inbox, search, stats = reverse("exchange:inbox"), reverse("awards:search"), reverse("awards:statistics")
    open_states = [xs.SENT, xs.RETURNED, xs.RECEIVED, xs.APPRAISING, xs.COUNCIL, xs.DECIDED, xs.NOT_PASSED]
    below = [a.pk for a in w.below]
    names = [p.full_name for p in w.people[w.province.pk][:200]]  # the province's own people: each was decided

    def stats_path(i):  # another period end each request (the rows all fall before it): not a repeat
        return f"{stats}?pham_vi=toan-tinh&from=01/01/{YEAR}&to={dt.date(YEAR, 12, 31) - dt.timedelta(days=i):%d/%m/%Y}"

    return {
        "inbox_first_page": (lambda i: inbox, "cached"),
        "inbox_filtered": (lambda i: f"{inbox}?trang-thai={open_states[i % 7]}&noi-gui={below[(i * 37) % len(below)]}"
                                     f"&nam={YEAR}", "warm"),
        "lookup_by_name": (lambda i: f"{search}?q={quote(names[(i * 7) % len(names)])}", "warm"),
        "statistics_whole_province": (stats_path, "warm"),
    }


def query_counts(w: Province) -> dict[str, int]:
    """Queries of each page (the first request of each), in this process with the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(w.user)
    out = {}
    for name, (path, _) in pages(w).items():
        client.get(path(1))  # the session and the caches of the first request are not the page's
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path(2))
        if response.status_code != 200:
            raise RuntimeError(f"{path(2)}: {response.status_code}")
        out[name] = len(ctx.captured_queries)
    return out


def statistics_alone(w: Province) -> _report.Figure:
    """The five forms over the province and every authority below it, as the statistics page reads them."""
    from django_scopes import scope

    from thidua.awards import stats
    from thidua.orgs import tree

    ids = [w.province.pk, *tree.descendant_ids(w.province)]

    def once(i):
        with scope(authority=ids):
            forms = [stats.build(code, w.province, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31) - dt.timedelta(days=i),
                                 ids) for code in stats.FORMS]
        assert forms[2].rows[0][2][0] > 0
    once(0)
    return _report.measure(once, runs=5)


def run() -> dict:
    _django.setup()
    from django.conf import settings
    from django.test import Client
    from django_scopes import scopes_disabled

    from benchmarks import checkin_bench, emulation_bench, pages_bench

    pages_bench.REQUESTS, pages_bench.RUNS = REQUESTS, RUNS  # p95 of 20 requests, 3 runs
    db = settings.DATABASES["default"]
    out: dict = {"scale": _scale(), "database": db["ENGINE"].rsplit(".", 1)[-1], "load_before": _report.load(),
                 "targets": {}}
    tag = f"lb{os.getpid()}-{int(time.time()) % 100000}"
    t0 = time.perf_counter()
    with scopes_disabled():
        w = make_province(tag)
        tenth = grow(w, 0.0, 0.1)
    emulation_bench.analyze()
    out["build_tenth_seconds"] = round(time.perf_counter() - t0, 1)
    out["rows_tenth"] = tenth
    small = query_counts(w)
    t0 = time.perf_counter()
    with scopes_disabled():
        rest = grow(w, 0.1, 1.0)
    emulation_bench.analyze()
    out["build_seconds"] = round(out["build_tenth_seconds"] + time.perf_counter() - t0, 1)
    out["rows"] = {k: tenth[k] + rest[k] for k in tenth} | {"authorities_below": len(w.below)}
    print(f"  built in {out['build_seconds']} s: {out['rows']}", file=sys.stderr, flush=True)
    full = query_counts(w)
    out["queries"] = {name: {"tenth": small[name], "full": full[name]} for name in full}
    for name in full:
        out["targets"][f"{name}_queries_tenth_vs_full"] = {
            "target": small[name], "value": full[name], "ok": full[name] == small[name],
            "note": f"queries at a tenth of the rows {small[name]}, at full scale {full[name]}"}
    fig = statistics_alone(w)
    out["targets"]["statistics_five_forms_whole_province_s"] = _report.target(
        fig, TARGET_STATS, note=f"{len(w.below) + 1} authorities, {out['rows']['decision_lines']} decided lines")

    client = Client()
    client.force_login(w.user)
    for name, (path, kind) in pages(w).items():  # the page's own cost: CPU of this process, whatever the load
        client.get(path(0))
        fig = _report.measure(lambda i, p=path: client.get(p(i + 1)), runs=REQUESTS, kind=kind)
        out["targets"][f"{name}_in_process_s"] = _report.target(
            fig, None, note=f"test client in this process, median of {REQUESTS} requests; cpu s is the page's own "
                            "cost (query, Python, template) apart from the machine's load")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    url = os.environ.get("THIDUA_DATABASE_URL") if db["ENGINE"].endswith("postgresql") else None
    env = checkin_bench._env(str(settings.DATA_DIR), url)
    env["THIDUA_SECRET_KEY"] = settings.SECRET_KEY  # the session was signed with this process's key
    out["server"] = "thidua serve (Granian WSGI, as in production)"
    with checkin_bench.serving(env) as (port, _):
        for name, (path, kind) in pages(w).items():
            row = pages_bench.measure_page(port, cookie, path, kind=kind)
            row["note"] += f"; {full[name]} queries"
            out["targets"][f"{name}_p95_s"] = row
    out["load_after"] = _report.load()
    out["busy"] = _report.is_busy(out["load_before"], out["load_after"])
    return out


if __name__ == "__main__":
    import json

    if "--scale" in sys.argv:
        os.environ[_report.SCALE_ENV] = sys.argv[sys.argv.index("--scale") + 1]
    result = run()
    _report.print_table({"levels": result})
    print(json.dumps(result, ensure_ascii=False, indent=2))
