"""Reads for pages, exports and the other apps, with bounded query counts.

Public API used by other apps (keep the names):
- `cycles(authority)` – the authority's cycles, newest first;
- `leading_units(cycle)` – the first-ranked unit(s) of each cluster/block from the locked final round
  (`leading_units_cached` for pages read all day);
- `covenant_signing_order(cycle)` – each cluster/block with its member units in signing order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from django.core.cache import cache
from django.db import connections
from django.db.models import Count, FloatField, Prefetch
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from thidua import clock
from thidua.orgs.queries import vi
from thidua.vn import normalise

from . import ranking, scoring
from .models import (
    Covenant,
    CovenantStatus,
    CovenantTarget,
    Criterion,
    CriterionKind,
    Cycle,
    Evidence,
    Group,
    Membership,
    Movement,
    PeerAssignment,
    Score,
    ScoreSheet,
    SheetStatus,
)


def cycles(authority):
    return Cycle.objects.filter(authority=authority).order_by("-year")


def groups(cycle: Cycle):
    return (Group.objects.filter(cycle=cycle).select_related("head", "deputy", "scorecard")
            .annotate(member_count=Count("memberships", distinct=True)).order_by("display_order", vi("name")))


def members(group: Group):
    return group.memberships.select_related("organisation").order_by("signing_order", "id")


def criteria(scorecard_id: int | None):
    return (Criterion.objects.filter(scorecard_id=scorecard_id).select_related("group")
            .order_by("group__display_order", "display_order", "id"))


# --- cross scoring by peers ------------------------------------------------------------------------

def default_peers(unit_ids: list[int]) -> dict[int, int]:
    """Each unit scores the next one in signing order; the last scores the first (scored → scorer)."""
    if len(unit_ids) < 2:
        return {}
    return {unit_ids[(i + 1) % len(unit_ids)]: u for i, u in enumerate(unit_ids)}


def peer_map(group: Group) -> dict[int, int]:
    """Scored unit id → the peer unit id that cross-scores it in this cluster/block (two queries)."""
    stored = dict(PeerAssignment.objects.filter(group=group).values_list("scored_id", "scorer_id"))
    if stored:
        return stored
    order = list(group.memberships.order_by("signing_order", "id").values_list("organisation_id", flat=True))
    return default_peers(order)


def peer_scorer_of(group: Group, organisation_id: int) -> int | None:
    return peer_map(group).get(organisation_id)


def peer_sheets(cycle: Cycle, unit_id: int):
    """The score sheets a unit cross-scores: those assigned to it and, for a head, its group's."""
    m = Membership.objects.filter(cycle=cycle, organisation_id=unit_id).select_related("group").first()
    if m is None:
        return []
    peers = peer_map(m.group)
    scored = [s for s, scorer in peers.items() if scorer == unit_id]
    qs = ScoreSheet.objects.filter(cycle=cycle, group=m.group).exclude(organisation_id=unit_id)
    if m.group.head_id != unit_id:
        qs = qs.filter(organisation_id__in=scored)
    names = {mm.organisation_id: mm.organisation for mm in
             Membership.objects.filter(group=m.group).select_related("organisation")}
    sheets = {s.organisation_id: s for s in qs}
    targets = scored if m.group.head_id != unit_id else [u for u in names if u != unit_id]
    return [{"organisation": names[u], "sheet": sheets.get(u), "assigned": u in scored} for u in targets if u in names]


# --- covenants -------------------------------------------------------------------------------------

@dataclass
class CovenantRow:
    membership: Membership
    covenant: Covenant | None
    late: bool
    missing: bool

    @property
    def status_label(self) -> str:
        return self.covenant.get_status_display() if self.covenant else "Chưa đăng ký"


def is_late(cycle: Cycle, covenant: Covenant | None, today=None) -> bool:
    """Past the deadline without a submission, or submitted after it (as of `clock.today()`)."""
    today = today or clock.today()
    deadline = cycle.covenant_deadline
    if deadline is None:
        return False
    if covenant is None or covenant.submitted_at is None:
        return today > deadline
    return clock_date(covenant.submitted_at) > deadline


def clock_date(moment):
    return timezone.localdate(moment)


def covenant_overview(cycle: Cycle, scope) -> list[tuple[Group, list[CovenantRow]]]:
    """Every member unit of every cluster/block with its registration, late and missing flags."""
    ms = scope.filter_units(Membership.objects.filter(cycle=cycle), "organisation_id").select_related(
        "organisation", "group").order_by("group__display_order", "group_id", "signing_order")
    covs = {c.organisation_id: c for c in scope.filter_units(Covenant.objects.filter(cycle=cycle), "organisation_id")}
    today = clock.today()
    out: dict[int, tuple[Group, list[CovenantRow]]] = {}
    for m in ms:
        cov = covs.get(m.organisation_id)
        row = CovenantRow(m, cov, is_late(cycle, cov, today),
                          cov is None or cov.status in (CovenantStatus.DRAFT, CovenantStatus.RETURNED))
        out.setdefault(m.group_id, (m.group, []))[1].append(row)
    return list(out.values())


def covenant_counts(rows: list[tuple[Group, list[CovenantRow]]]) -> dict:
    flat = [r for _, rs in rows for r in rs]
    counts = {s.value: 0 for s in CovenantStatus}
    for r in flat:
        if r.covenant:
            counts[r.covenant.status] += 1
    return {"total": len(flat), "missing": sum(1 for r in flat if r.covenant is None),
            "late": sum(1 for r in flat if r.late), **counts}


def covenant_signing_order(cycle: Cycle) -> list[dict]:
    """[{group, kind, head, deputy, units: [{order, organisation, status}]}], for the MC script."""
    covs = dict(Covenant.objects.filter(cycle=cycle).values_list("organisation_id", "status"))
    out = []
    for g in groups(cycle).prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related(
            "organisation").order_by("signing_order", "id"))):
        out.append({
            "group": g, "kind": g.get_kind_display(), "head": g.head, "deputy": g.deputy,
            "units": [{"order": i, "organisation": m.organisation, "status": covs.get(m.organisation_id, "")}
                      for i, m in enumerate(g.memberships.all(), start=1)],
        })
    return out


# --- score sheets ----------------------------------------------------------------------------------

@dataclass
class SheetLine:
    criterion: Criterion
    score: Score | None
    target: object
    evidence: list = field(default_factory=list)
    points: float | None = None
    applies: bool = True
    rule_text: str = ""  # how the criterion is scored, in words (scoring.rule_text)
    best_others: float | None = None  # best result/target ratio of the other units (target criteria)


def sheet_page(sheet: ScoreSheet) -> dict:
    """Criteria in their groups with this unit's scores, targets, evidence and computed points
    (a fixed number of queries whatever the number of criteria)."""
    crits = list(criteria(sheet.group.scorecard_id))
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    ev = defaultdict(list)
    for e in Evidence.objects.filter(score__sheet=sheet).order_by("uploaded_at", "id"):
        ev[e.score_id].append(e)
    targets = dict(CovenantTarget.objects.filter(covenant__cycle_id=sheet.cycle_id,
                                                 covenant__organisation_id=sheet.organisation_id)
                   .values_list("criterion_id", "target"))
    result = group_results(sheet.group, crits, own=sheet.organisation_id)
    unit_score = result["scores"].get(sheet.organisation_id)
    best, best_others = result["best"], result["best_others"]
    card = sheet.group.scorecard
    bonus_cap = float(card.bonus_cap) if card else None
    penalty_cap = float(card.penalty_cap) if card and card.penalty_cap is not None else None
    lines, tree = [], []
    current = None
    for c in crits:
        s = scores.get(c.pk)
        value = effective(s)
        rule = scoring.Rule(c.pk, c.code, c.group.code, c.kind, float(c.max_points),
                            float(c.unit_points) if c.unit_points else None)
        t = targets.get(c.pk)
        applies = scoring.applies(rule, float(t) if t is not None else None)
        pts = scoring.criterion_points(rule, value, float(t) if t is not None else None, best.get(c.pk)) \
            if applies and value is not None else None
        line = SheetLine(c, s, t, ev.get(s.pk, []) if s else [], pts, applies,
                         scoring.rule_text(rule, float(t) if t is not None else None, c.unit_label, bonus_cap,
                                           penalty_cap), best_others.get(c.pk))
        if current is None or current[0].pk != c.group_id:
            current = (c.group, [])
            tree.append(current)
        current[1].append(line)
        lines.append(line)
    scored = any(effective(s) is not None for s in scores.values())
    return {"tree": tree, "lines": lines, "unit_score": unit_score, "scored": scored,
            "bonus_cap": bonus_cap, "penalty_cap": penalty_cap}


def effective(score: Score | None) -> float | None:
    if score is None:
        return None
    for v in (score.final_value, score.cross_value, score.self_value):
        if v is not None:
            return float(v)
    return None


# --- ranking ------------------------------------------------------------------------------------

@dataclass
class GroupRanking:
    group: Group
    ranking: ranking.Ranking
    scores: dict  # organisation id -> scoring.UnitScore
    organisations: dict  # organisation id -> Organisation
    memberships: dict  # organisation id -> Membership
    criteria_groups: list  # criteria group names, in order
    statuses: dict  # organisation id -> sheet status

    @property
    def locked(self) -> bool:
        return self.group.locked_at is not None


def _rules(crits) -> list[scoring.Rule]:
    return [scoring.Rule(c.pk, c.code, c.group.code if hasattr(c, "group") and c.group_id else "", c.kind,
                         float(c.max_points), float(c.unit_points) if c.unit_points else None) for c in crits]


def group_results(group: Group, crits=None, own: int | None = None) -> dict:
    """Scores of every member of one group (used by the scoring page for the best-exceeder rule);
    "best_others": the best ratio per target criterion among the units other than `own` (the sheet's
    script recomputes the unit's points from what is typed against it)."""
    crits = list(crits if crits is not None else criteria(group.scorecard_id))
    rules = _rules(crits)
    values: dict = {m: {} for m in group.memberships.values_list("organisation_id", flat=True)}
    for org, cid, f, c, s in Score.objects.filter(sheet__group=group).values_list(
            "sheet__organisation_id", "criterion_id", "final_value", "cross_value", "self_value"):
        v = f if f is not None else (c if c is not None else s)
        if org in values:
            values[org][cid] = float(v) if v is not None else None
    targets: dict = defaultdict(dict)
    for org, cid, t in CovenantTarget.objects.filter(covenant__cycle_id=group.cycle_id,
                                                     covenant__organisation_id__in=list(values)).values_list(
            "covenant__organisation_id", "criterion_id", "target"):
        targets[org][cid] = float(t)
    card = group.scorecard
    scores = scoring.score_units(rules, values, targets, float(card.bonus_cap) if card else 0,
                                 float(card.penalty_cap) if card and card.penalty_cap is not None else None)
    best, best_others = {}, {}
    for r in rules:
        if r.kind == CriterionKind.TARGET:
            ratios = [(u, scoring.ratio(values[u].get(r.id), targets[u].get(r.id))) for u in values]
            ratios = [(u, x) for u, x in ratios if x is not None]
            if ratios:
                best[r.id] = max(x for _, x in ratios)
            others = [x for u, x in ratios if u != own]
            if others:
                best_others[r.id] = max(others)
    return {"scores": scores, "best": best, "best_others": best_others}


def _effective_values(cycle: Cycle, organisation_ids: list[int] | None) -> dict:
    """Organisation id → {criterion id: effective value (final, else cross, else self) as a float}.

    The one read that grows with units × criteria (60,000 rows for a province): the value is chosen
    and made a float by the database (exactly `float()` of the stored decimal, as `effective` gives)
    and the rows are read with the cursor, not through the ORM's per-row converters. The query is
    still built by the scoped manager, so it carries the authority's filter."""
    if organisation_ids is not None and not organisation_ids:
        return {}  # (an empty IN cannot be compiled to SQL)
    qs = Score.objects.filter(sheet__cycle=cycle)
    if organisation_ids is not None:
        qs = qs.filter(sheet__organisation_id__in=organisation_ids)
    qs = qs.values_list("sheet__organisation_id", "criterion_id",
                        Cast(Coalesce("final_value", "cross_value", "self_value"), FloatField()))
    sql, params = qs.query.get_compiler(qs.db).as_sql()
    values: dict = {}
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for org, run in groupby(rows, itemgetter(0)):  # a unit's rows come together: one dict per run
        unit = values.get(org)
        if unit is None:
            values[org] = {cid: v for _, cid, v in run}
        else:
            unit.update((cid, v) for _, cid, v in run)
    return values


def cycle_ranking(cycle: Cycle, group_ids: list[int] | None = None, progress=None) -> list[GroupRanking]:
    """Rank every cluster/block of a cycle (or those of `group_ids`, reading only their units'
    scores) with a fixed number of queries."""
    gs = list(Group.objects.filter(cycle=cycle).select_related("scorecard").order_by("display_order", "id"))
    if group_ids is not None:
        wanted = set(group_ids)
        gs = [g for g in gs if g.pk in wanted]
    card_ids = {g.scorecard_id for g in gs if g.scorecard_id}
    crits_by_card: dict = defaultdict(list)
    cgroups_by_card: dict = defaultdict(list)
    for c in Criterion.objects.filter(scorecard_id__in=card_ids).select_related("group").order_by(
            "group__display_order", "display_order", "id"):
        crits_by_card[c.scorecard_id].append(c)
        if c.kind in scoring.BASE_KINDS and c.group.name not in cgroups_by_card[c.scorecard_id]:
            cgroups_by_card[c.scorecard_id].append(c.group.name)
    rules_by_card = {k: _rules(v) for k, v in crits_by_card.items()}
    ms_by_group: dict = defaultdict(list)
    memberships = Membership.objects.filter(cycle=cycle).select_related("organisation")
    if group_ids is not None:
        memberships = memberships.filter(group_id__in=[g.pk for g in gs])
    for m in memberships.order_by("signing_order", "id"):
        ms_by_group[m.group_id].append(m)
    orgs = None if group_ids is None else [m.organisation_id for ms in ms_by_group.values() for m in ms]
    sheets = ScoreSheet.objects.filter(cycle=cycle)
    if orgs is not None:
        sheets = sheets.filter(organisation_id__in=orgs)
    statuses = dict(sheets.values_list("organisation_id", "status"))
    values = _effective_values(cycle, orgs)
    targets: dict = defaultdict(dict)
    covenant_targets = CovenantTarget.objects.filter(covenant__cycle=cycle)
    if orgs is not None:
        covenant_targets = covenant_targets.filter(covenant__organisation_id__in=orgs)
    for org, cid, t in covenant_targets.values_list("covenant__organisation_id", "criterion_id", "target"):
        targets[org][cid] = float(t)
    chain = cycle.tie_break or ranking.DEFAULT_CHAIN
    bands = cycle.grade_bands or ranking.DEFAULT_BANDS
    out = []
    for i, g in enumerate(gs, start=1):
        ms = ms_by_group.get(g.pk, [])
        card = g.scorecard
        rules = rules_by_card.get(g.scorecard_id, [])
        unit_values = {m.organisation_id: values.get(m.organisation_id, {}) for m in ms}
        scores = scoring.score_units(rules, unit_values, targets, float(card.bonus_cap) if card else 0.0,
                                     float(card.penalty_cap) if card and card.penalty_cap is not None else None)
        entries = []
        for m in ms:
            s = scores[m.organisation_id]
            scored = any(v is not None for v in unit_values[m.organisation_id].values())
            entries.append(ranking.Entry(m.organisation_id, s.score, s.share, s.group_points, s.full_marks,
                                         m.council_order, m.excluded_reason, m.organisation.name, scored))
        r = ranking.rank(entries, chain, bands)
        out.append(GroupRanking(g, r, scores, {m.organisation_id: m.organisation for m in ms},
                                {m.organisation_id: m for m in ms}, cgroups_by_card.get(g.scorecard_id, []),
                                {m.organisation_id: statuses.get(m.organisation_id, "") for m in ms}))
        if progress:
            progress(i, len(gs), g.name)
    return out


RANKING_PAGE_ROWS = 100  # units on one page of the ranking (a cluster/block is never split)


def ranking_pages(cycle: Cycle) -> list[list[tuple[Group, int]]]:
    """The cycle's clusters/blocks in ranking order, cut into pages of about `RANKING_PAGE_ROWS`
    units: [[(group, member count), …], …] (two queries; a small cycle is one page)."""
    counts = dict(Membership.objects.filter(cycle=cycle).values("group_id").annotate(n=Count("id"))
                  .values_list("group_id", "n"))
    pages: list[list[tuple[Group, int]]] = []
    current: list[tuple[Group, int]] = []
    rows = 0
    for g in Group.objects.filter(cycle=cycle).order_by("display_order", "id"):
        n = counts.get(g.pk, 0)
        if current and rows + n > RANKING_PAGE_ROWS:
            pages.append(current)
            current, rows = [], 0
        current.append((g, n))
        rows += n
    if current:
        pages.append(current)
    return pages


def find_members(cycle: Cycle, q: str, limit: int = 30) -> list[Membership]:
    """Member units whose name (or short name, code) holds every word of `q`, accent-insensitive."""
    words = normalise.fold(q).split()
    if not words:
        return []
    qs = Membership.objects.filter(cycle=cycle).select_related("organisation", "group")
    for w in words:
        qs = qs.filter(organisation__name_fold__contains=w)
    return list(qs.order_by("group__display_order", "group_id", "signing_order", "id")[:limit])


@dataclass(frozen=True)
class LeadingUnit:
    group: Group
    organisation: object
    total: float
    score: float  # on a scale of 100 of the applicable maximum
    share: float
    rank: int
    tied: bool


LEADERS_CACHE_SECONDS = 600  # a unit renamed after its group was locked shows on the homes within this


def leading_units_cached(cycle: Cycle) -> list[LeadingUnit]:
    """`leading_units` for the pages read all day (the leader's and the secretariat's homes: 60 ms of
    ranking at 620 units). A locked cluster/block's scores, scorecard and members cannot change (the
    services refuse), and the key holds each locked group's id and lock time, so a group locked since
    is a new key; one query on a hit."""
    stamps = list(Group.objects.filter(cycle=cycle, locked_at__isnull=False).order_by("pk")
                  .values_list("pk", "locked_at"))
    if not stamps:
        return []
    key = f"thidua:leaders:{cycle.pk}:" + hashlib.sha256(repr(stamps).encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = leading_units(cycle)
        cache.set(key, found, LEADERS_CACHE_SECONDS)
    return found


def leading_units(cycle: Cycle) -> list[LeadingUnit]:
    """The first-ranked unit(s) of each cluster/block whose results are locked; tied units all
    appear, flagged `tied`. Used by awards (Cờ thi đua proposals) and the conference programme."""
    locked = list(Group.objects.filter(cycle=cycle, locked_at__isnull=False).values_list("pk", flat=True))
    out = []
    for gr in cycle_ranking(cycle, locked):
        for row in gr.ranking.leaders:
            s = gr.scores[row.entry.unit]
            out.append(LeadingUnit(gr.group, gr.organisations[row.entry.unit], round(s.total, 2), round(s.score, 2),
                                   s.share, row.rank, row.tied))
    return out


def unit_ranking(cycle: Cycle, organisation_id: int) -> dict | None:
    """A unit's own ranking line once its cluster/block is locked, and the group's table only when
    the authority published it: {group, line, excluded_reason, table}. None before the lock."""
    m = Membership.objects.filter(cycle=cycle, organisation_id=organisation_id,
                                  group__locked_at__isnull=False).select_related("group").first()
    if m is None:
        return None
    gr = cycle_ranking(cycle, [m.group_id])[0]

    def line(row):
        s = gr.scores[row.entry.unit]
        return {"organisation": gr.organisations[row.entry.unit], "rank": row.rank, "place": row.place,
                "tied": row.tied, "grade": row.grade, "total": s.total, "max": s.applicable_max, "score": s.score,
                "share": s.share, "own": row.entry.unit == organisation_id}

    own = next((line(r) for r in gr.ranking.rows if r.entry.unit == organisation_id), None)
    table = [line(r) for r in gr.ranking.rows] if m.group.published else None
    return {"group": m.group, "line": own, "excluded_reason": m.excluded_reason, "table": table,
            "size": len(gr.ranking.rows)}


def sheet_counts(cycle: Cycle) -> dict:
    qs = ScoreSheet.objects.filter(cycle=cycle).values("status").annotate(n=Count("id"))
    counts = {s.value: 0 for s in SheetStatus}
    for row in qs:
        counts[row["status"]] = row["n"]
    return counts


def movements(cycle: Cycle, scope):
    """The cycle's movements; a unit officer sees only those their unit takes part in."""
    qs = Movement.objects.filter(cycle=cycle)
    if scope.unit_id:
        qs = qs.filter(units__id=scope.unit_id)
    return qs.annotate(unit_count=Count("units", distinct=True)).order_by(
        "starts_on", "launch_date", "id")


def movement_counts(cycle: Cycle) -> dict:
    """For statistical form 0601: movements by kind."""
    qs = cycle.movements.values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in qs}


def unit_overview(cycle: Cycle, organisation_id: int) -> dict:
    m = Membership.objects.filter(cycle=cycle, organisation_id=organisation_id).select_related(
        "group", "group__head", "group__deputy", "organisation").first()
    return {
        "membership": m,
        "covenant": Covenant.objects.filter(cycle=cycle, organisation_id=organisation_id).first(),
        "sheet": ScoreSheet.objects.filter(cycle=cycle, organisation_id=organisation_id).first(),
        "peers": members(m.group) if m else [],
        "cross_sheets": peer_sheets(cycle, organisation_id) if m else [],
    }
