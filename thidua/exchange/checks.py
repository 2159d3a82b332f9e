"""Before a dossier is sent: each candidate against the form's conditions, and the dossier's papers.

The rules the catalogue keeps (whom a form is for, its prerequisite, a candidate listed twice) are
`awards.legal_checks`; the conditions of a form decided above add here: prior titles in the required
years (Chiến sĩ thi đua cấp tỉnh after three years of Chiến sĩ thi đua cơ sở, …), an initiative, a quota
per authority and year. History counts across a merger (`orgs.tree.lineage_ids`): a commune formed on
1/7/2025 keeps the titles its predecessors awarded. Reads only, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django_scopes import scopes_disabled

from thidua.awards import legal_checks
from thidua.awards import states as award_states
from thidua.awards.catalogue_data import own_signer_level_of
from thidua.awards.models import Award, DecisionLine, Proposal, ProposalLine
from thidua.orgs.tree import lineage_ids
from thidua.vn import normalise

from .models import Dossier, DossierItem, FileKind

# award code → the titles it needs: (recipient kind, required award code, years before the dossier's year).
# Luật Thi đua, khen thưởng 2022, Điều 22: Chiến sĩ thi đua cấp tỉnh is chosen among those with three
# consecutive years of Chiến sĩ thi đua cơ sở, and an initiative (sáng kiến, đề tài) recognised.
PRIOR_TITLES: dict[str, tuple[tuple[str, str, tuple[int, ...]], ...]] = {
    "cstd-tinh": (("individual", "cstd-co-so", (2, 1, 0)),),
}
NEEDS_INITIATIVE = frozenset({"cstd-tinh"})
# At most this many candidates of one authority in a year (the province's regulation: one Cờ thi đua per
# commune or department a year).
QUOTA_PER_YEAR = {"co-tinh": 1}
REQUIRED_FILES = (FileKind.COVER, FileKind.MINUTES, FileKind.REPORT)


@dataclass(frozen=True)
class Gap:
    message: str
    blocking: bool = True


@dataclass
class Report:
    items: dict[int, list[Gap]] = field(default_factory=dict)
    dossier: list[Gap] = field(default_factory=list)

    @property
    def blocking(self) -> list[str]:
        out = [g.message for g in self.dossier if g.blocking]
        return out + [g.message for gaps in self.items.values() for g in gaps if g.blocking]

    @property
    def ok(self) -> bool:
        return not self.blocking


def _years(years) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _held(authority_ids: list[int], codes: set[str], years: set[int]):
    """(person ids, unit ids, folded names) holding each (award code, year), from the issued decisions of
    the authority and those merged into it, and the candidates its council passed."""
    by_id: set[tuple[str, int, str, int]] = set()
    by_name: set[tuple[str, str, int]] = set()
    if not codes:
        return by_id, by_name
    with scopes_disabled():  # the lineage's own rows, named by id
        decided = DecisionLine.objects.filter(
            decision__authority_id__in=authority_ids, decision__status=award_states.DECISION_ISSUED,
            decision__award__code__in=codes, decision__year__in=years,
        ).values_list("person_id", "organisation_id", "kind", "name", "decision__award__code", "decision__year")
        passed = ProposalLine.objects.filter(
            proposal__authority_id__in=authority_ids, proposal__award__code__in=codes, proposal__year__in=years,
            status__in=(award_states.LINE_PASSED, award_states.LINE_DECIDED),
        ).values_list("person_id", "organisation_id", "kind", "name", "proposal__award__code", "proposal__year")
        for person_id, org_id, kind, name, code, year in [*decided, *passed]:
            if person_id:
                by_id.add(("p", person_id, code, year))
            if kind == "collective" and org_id:
                by_id.add(("o", org_id, code, year))
            by_name.add((normalise.fold(name), code, year))
    return by_id, by_name


def _holds(item: DossierItem, code: str, year: int, by_id, by_name) -> bool:
    if item.person_id and ("p", item.person_id, code, year) in by_id:
        return True
    if item.kind == "collective" and item.organisation_id and ("o", item.organisation_id, code, year) in by_id:
        return True
    return (normalise.fold(item.name), code, year) in by_name


def check(dossier: Dossier, items: list[DossierItem] | None = None, file_kinds: set[str] | None = None) -> Report:
    """What is missing, per item and for the dossier, in Vietnamese; blocking gaps refuse sending."""
    award = dossier.award
    items = list(dossier.items.all()) if items is None else items
    if file_kinds is None:
        file_kinds = set(dossier.files.values_list("kind", flat=True))
    report = Report()
    if not items:
        report.dossier.append(Gap("Hồ sơ chưa có tập thể, cá nhân nào được đề nghị."))
    if not dossier.letter_number or not dossier.letter_date:
        report.dossier.append(Gap("Chưa ghi số và ngày tờ trình đề nghị."))
    labels = dict(FileKind.choices)
    for kind in REQUIRED_FILES:
        if kind not in file_kinds:
            report.dossier.append(Gap(f"Thiếu tài liệu: {labels[kind]}."))
    quota = QUOTA_PER_YEAR.get(award.code)
    if quota is not None and len(items) > quota:
        report.dossier.append(Gap(f"Mỗi năm chỉ đề nghị tối đa {quota} “{award.name}”; hồ sơ đang có {len(items)}."))
    # the catalogue's rules (whom the form is for, a candidate twice, the prerequisite in the year)
    cands = [legal_checks.Candidate(it.pk, it.kind, it.person_id,
                                    it.organisation_id if it.kind == "collective" else None, it.name, award.code,
                                    award.name, dossier.year) for it in items]
    rules = PRIOR_TITLES.get(award.code, ())
    codes = {code for _k, code, _o in rules} | ({award.prerequisite.code} if award.prerequisite_id else set())
    codes.add(award.code)
    years = {dossier.year - o for _k, _c, offsets in rules for o in offsets} | {dossier.year}
    lineage = lineage_ids(dossier.sender_id)
    by_id, by_name = _held(lineage, codes, years)
    held = {(pid, code, year) for tag, pid, code, year in by_id if tag == "p"}
    covered = {code for _k, code, _o in rules}  # said once, with the years, below
    pre = {award.code: (award.prerequisite.code, award.prerequisite.name)} \
        if award.prerequisite_id and award.prerequisite.code not in covered else {}
    base = legal_checks.warnings(cands, {award.code: award.kinds}, pre, held)
    names = dict(Award.objects.filter(code__in=codes).values_list("code", "name"))
    for it in items:
        gaps = [Gap(m) for m in base.get(it.pk, [])]
        for kind, code, offsets in rules:
            if it.kind != kind:
                continue
            wanted = {dossier.year - o for o in offsets}
            missing = {y for y in wanted if not _holds(it, code, y, by_id, by_name)}
            if missing:
                span = f"{min(wanted)}–{max(wanted)}" if len(wanted) > 1 else str(min(wanted))
                gaps.append(Gap(f"Chưa có danh hiệu “{names.get(code, code)}” năm {_years(missing)} (điều kiện của "
                                f"{award.name}: đạt danh hiệu này năm {span})."))
        if award.code in NEEDS_INITIATIVE and it.kind == "individual" and not it.initiative:
            gaps.append(Gap(f"Chưa ghi sáng kiến, đề tài được công nhận (điều kiện của {award.name})."))
        if _holds(it, award.code, dossier.year, by_id, by_name) and it.source_line_id is None:
            gaps.append(Gap(f"Đã có “{award.name}” năm {dossier.year}."))
        if not it.achievement:
            gaps.append(Gap("Chưa có tóm tắt thành tích.", blocking=False))
        if gaps:
            report.items[it.pk] = gaps
    return report


def candidate_proposals(authority, award: Award, year: int, exclude_dossier: int | None = None):
    """The authority's proposals for `award` in `year` its council approved (not decided yet), not already in
    another dossier that is still open."""
    taken = Dossier.objects.filter(sender=authority, award=award, year=year).exclude(pk=exclude_dossier or 0) \
        .values_list("source_proposals", flat=True)
    return (Proposal.objects.filter(authority=authority, award=award, year=year, status=award_states.APPROVED)
            .exclude(pk__in=[p for p in taken if p]).select_related("organisation").order_by("organisation__name", "id"))


def awards_above(authority) -> list[Award]:
    """The forms decided by the authority's parent: those its signer level may award."""
    parent = authority.parent
    if parent is None:
        return []
    level = own_signer_level_of(parent.level)
    return list(Award.objects.filter(active=True, powers__signer_level=level).distinct().order_by("-rank", "name"))


__all__ = ["Gap", "Report", "awards_above", "candidate_proposals", "check"]
