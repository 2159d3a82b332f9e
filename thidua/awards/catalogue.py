"""Writing the seed catalogue (`catalogue_data`) into the database, idempotently. Works with the
live models and with a migration's historical models (pass `apps.get_model`)."""

from __future__ import annotations

from collections.abc import Callable

from . import catalogue_data as data


def seed(get_model: Callable[[str, str], type]) -> dict[str, int]:
    Family = get_model("awards", "AwardFamily")
    Award = get_model("awards", "Award")
    BaseSalary = get_model("awards", "BaseSalary")
    RuleSet = get_model("awards", "RuleSet")
    RuleItem = get_model("awards", "RuleItem")
    AwardPower = get_model("awards", "AwardPower")
    created = {"families": 0, "awards": 0, "base_salaries": 0, "rule_sets": 0, "rule_items": 0, "powers": 0}
    for order, (code, name, council, note) in enumerate(data.FAMILIES, start=1):
        _, new = Family.objects.get_or_create(code=code, defaults={"name": name, "needs_council": council,
                                                                   "flow_note": note, "display_order": order})
        created["families"] += new
    awards = {}
    for code, name, kind, level, kinds, rank, word, _pre in data.AWARDS:
        awards[code], new = Award.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "level": level, "for_individual": "individual" in kinds,
            "for_collective": "collective" in kinds, "for_household": "household" in kinds, "rank": rank,
            "certificate_word": word, "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15"})
        created["awards"] += new
    for code, *_rest, pre in data.AWARDS:
        if pre and awards[code].prerequisite_id is None:
            awards[code].prerequisite = awards[pre]
            awards[code].save(update_fields=["prerequisite"])
    for start, amount, basis in data.BASE_SALARIES:
        _, new = BaseSalary.objects.get_or_create(valid_from=start, defaults={"amount": amount, "legal_basis": basis})
        created["base_salaries"] += new
    for code, name, basis, start, end, cm, hm, note in data.RULE_SETS:
        rule_set, new = RuleSet.objects.get_or_create(code=code, defaults={
            "name": name, "legal_basis": basis, "valid_from": start, "valid_to": end, "collective_multiplier": cm,
            "household_multiplier": hm, "uncertain_note": note})
        created["rule_sets"] += new
        for award_code, (ind, coll, hh, uncertain, item_note) in data.RULE_ITEMS[code].items():
            _, new = RuleItem.objects.get_or_create(rule_set=rule_set, award=awards[award_code], defaults={
                "coefficient_individual": ind, "coefficient_collective": coll, "coefficient_household": hh,
                "uncertain": uncertain, "note": item_note})
            created["rule_items"] += new
    for level, codes, start, end in data.POWERS:
        for award_code in codes:
            _, new = AwardPower.objects.get_or_create(award=awards[award_code], signer_level=level, valid_from=start,
                                                      defaults={"valid_to": end})
            created["powers"] += new
    return created
