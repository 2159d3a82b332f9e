"""The figures of the Báo cáo tổng kết công tác thi đua, khen thưởng năm … (logistics.papers), read from the
emulation and awards data of the authority for one year: the movements launched, the covenants signed on
time, late or missing, the leading units of each cluster/block, the awards by form and level (own
decisions and those of the upper level recorded here) and the prize money of the own decisions.

A year without an emulation cycle has no covenant or ranking figures (None), never zeros."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from thidua.awards.catalogue_data import own_signer_level_of
from thidua.awards.models import Decision, DecisionLine
from thidua.emulation.models import Covenant, CovenantStatus, Cycle, Group, Membership, Movement
from thidua.emulation.queries import leading_units

SIGNED = (CovenantStatus.SUBMITTED, CovenantStatus.ACCEPTED)


@dataclass(frozen=True)
class MovementLine:
    name: str
    kind: str  # label: "Thường xuyên (hằng năm)"
    launch: str  # "15/KH-UBND ngày 20/02/2024", "" when not recorded
    units: int


@dataclass
class GroupCovenants:
    name: str
    total: int = 0
    on_time: int = 0
    late: int = 0
    missing: list[str] = field(default_factory=list)  # the units' names

    @property
    def signed(self) -> int:
        return self.on_time + self.late


@dataclass(frozen=True)
class GroupLead:
    name: str
    units: int
    locked: bool
    leaders: tuple[str, ...]  # the first-ranked unit(s), tied ones all
    score: float | None  # on a scale of 100


@dataclass
class AwardLine:
    award: str
    level: str  # "Cấp huyện"
    own: bool
    decisions: int = 0
    collectives: int = 0
    individuals: int = 0
    households: int = 0
    amount: int = 0


@dataclass
class YearFigures:
    year: int
    has_cycle: bool
    deadline: dt.date | None
    movements: list[MovementLine]
    covenants: list[GroupCovenants]
    ranking: list[GroupLead]
    awards: list[AwardLine]  # own first, then the upper level's; higher forms first

    @property
    def covenant_total(self) -> GroupCovenants:
        out = GroupCovenants("Tổng cộng")
        for g in self.covenants:
            out.total += g.total
            out.on_time += g.on_time
            out.late += g.late
            out.missing += g.missing
        return out

    def award_sum(self, own: bool, attr: str) -> int:
        return sum(getattr(a, attr) for a in self.awards if a.own == own)

    @property
    def prize_total(self) -> int:
        """The prize money of the authority's own issued decisions of the year."""
        return self.award_sum(True, "amount")

    @property
    def own_decisions(self) -> int:
        return self.award_sum(True, "decisions")


def _launch(m: Movement) -> str:
    parts = [m.launch_document] if m.launch_document else []
    if m.launch_date:
        parts.append(f"ngày {m.launch_date:%d/%m/%Y}")
    return " ".join(parts)


def _covenants(cycle: Cycle) -> list[GroupCovenants]:
    covenants = {c.organisation_id: c for c in Covenant.objects.filter(cycle=cycle)}
    deadline = cycle.covenant_deadline
    out: dict[int, GroupCovenants] = {}
    for m in (Membership.objects.filter(cycle=cycle).select_related("group", "organisation")
              .order_by("group__display_order", "group_id", "signing_order", "id")):
        g = out.setdefault(m.group_id, GroupCovenants(m.group.name))
        g.total += 1
        c = covenants.get(m.organisation_id)
        if c is None or c.status not in SIGNED:
            g.missing.append(m.organisation.name)
        elif deadline and c.submitted_at and timezone.localdate(c.submitted_at) > deadline:
            g.late += 1
        else:
            g.on_time += 1
    return list(out.values())


def _ranking(cycle: Cycle) -> list[GroupLead]:
    leads: dict[int, list] = {}
    for lead in leading_units(cycle):
        leads.setdefault(lead.group.pk, []).append(lead)
    out = []
    for g in Group.objects.filter(cycle=cycle).order_by("display_order", "id"):
        rows = leads.get(g.pk, [])
        out.append(GroupLead(g.name, g.memberships.count(), g.locked_at is not None,
                             tuple(r.organisation.name for r in rows), rows[0].score if rows else None))
    return out


def _awards(authority, year: int) -> list[AwardLine]:
    own_level = own_signer_level_of(authority.level)
    lines: dict[tuple[int, bool], AwardLine] = {}
    decisions = (Decision.objects.filter(authority=authority, year=year, status="issued")
                 .select_related("award").order_by("-award__rank", "award__name", "date", "id"))
    by_id = {}
    for d in decisions:
        by_id[d.pk] = d
        own = d.signer_level == own_level
        key = (d.award_id, own)
        if key not in lines:
            lines[key] = AwardLine(d.award.name, d.award.get_level_display(), own)
        lines[key].decisions += 1
    for decision_id, kind, amount in DecisionLine.objects.filter(decision_id__in=list(by_id)).values_list(
            "decision_id", "kind", "amount"):
        d = by_id[decision_id]
        line = lines[(d.award_id, d.signer_level == own_level)]
        if kind == "collective":
            line.collectives += 1
        elif kind == "household":
            line.households += 1
        else:
            line.individuals += 1
        if line.own:
            line.amount += amount
    return sorted(lines.values(), key=lambda a: not a.own)


def year_figures(authority, year: int) -> YearFigures:
    cycle = Cycle.objects.filter(authority=authority, year=year).first()
    if cycle is None:
        return YearFigures(year, False, None, [], [], [], _awards(authority, year))
    movements = [MovementLine(m.name, m.get_kind_display(), _launch(m), m.units.count())
                 for m in Movement.objects.filter(cycle=cycle).exclude(status="du_kien")
                 .order_by("starts_on", "launch_date", "id")]
    return YearFigures(year, True, cycle.covenant_deadline, movements, _covenants(cycle), _ranking(cycle),
                       _awards(authority, year))
