"""The leading units of emulation's ranking → proposals for the Cờ thi đua, in one step."""

from __future__ import annotations

from django.db import transaction

from thidua.emulation.queries import leading_units
from thidua.orgs.models import Authority, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn.money import format_decimal

from ..models import Award, AwardFamily, Proposal
from .proposals import add_line, create_proposal


@transaction.atomic
def propose_leading_units(actor: User | None, authority: Authority, cycle, award_code: str = "co-tinh") -> list[Proposal]:
    """One proposal per first-ranked unit of each locked cluster/block of `cycle` (emulation's ranking),
    each proposing the unit itself, with its score as the achievement. Units already proposed for the
    award in that cycle are skipped; tied units are included and flagged in the achievement."""
    require(actor, "awards.review_proposals")
    check_authority(actor, authority.pk)
    if cycle.authority_id != authority.pk:
        raise ValidationFailed("Năm thi đua thuộc cơ quan khác.", "cycle")
    award = Award.objects.filter(code=award_code).first()
    if award is None or not award.for_collective:
        raise ValidationFailed("Danh hiệu đề nghị phải dành cho tập thể (Cờ thi đua).", "award")
    leaders = leading_units(cycle)
    if not leaders:
        raise ValidationFailed(f"{cycle} chưa có cụm, khối nào chốt kết quả xếp hạng.", "cycle")
    family = AwardFamily.objects.get(code="thuong-xuyen")
    done = set(Proposal.objects.filter(cycle=cycle, award=award).values_list("organisation_id", flat=True))
    created = []
    for lu in leaders:
        org = lu.organisation
        if org.pk in done:
            continue
        p = create_proposal(actor, authority, {
            "organisation": org, "year": cycle.year, "family": family, "award": award,
            "title": f"Đề nghị tặng {award.name} năm {cycle.year} cho đơn vị dẫn đầu {lu.group}",
            "summary": f"Dẫn đầu {lu.group} năm {cycle.year}."})
        p.cycle = cycle
        p.save(update_fields=["cycle"])
        tie = " (đồng hạng nhất)" if lu.tied else ""
        add_line(actor, p, {"kind": "collective", "organisation": org,
                            "achievement": f"Xếp hạng {lu.rank}{tie} {lu.group}, tổng điểm "
                                           f"{format_decimal(lu.total)} ({format_decimal(lu.score)}/100)"})
        done.add(org.pk)
        created.append(p)
    return created
