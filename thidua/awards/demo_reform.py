"""Demo commendation data of the post-reform province (#19, orgs.demo_reform), made through the normal
services as a secretariat would:
- in each commune and department of tỉnh Đồng Nai, 2026 proposals for the forms the province decides (Bằng
  khen and Cờ thi đua of the province, Chiến sĩ thi đua cấp tỉnh, Tập thể lao động xuất sắc), received,
  put to its council, voted and APPROVED: the raw material of the dossiers sent up;
- a few decisions of the communes' own (Lao động tiên tiến 2025, Giấy khen of the commune chairman 2026),
  and 2024 decisions of the two communes merged into xã Tân Khai (its history under the old names);
- tỉnh Bình Phước's own issue of the seed's provincial decisions 498, 520 and 521 of 2025, to the same
  recipients as the copies huyện Hớn Quản recorded (which stay as they are), named as the province names
  them ("Phòng Nội vụ huyện Hớn Quản", …) under its unit "Ủy ban nhân dân huyện Hớn Quản".
Idempotent: a part whose rows exist is kept as it is."""

from __future__ import annotations

import datetime as dt
import random
import zlib

from thidua import clock
from thidua.orgs import register
from thidua.orgs.demo import person_name
from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Signer

from . import services, sources
from .models import Award, AwardFamily, Decision, Proposal

YEAR = 2026
UPPER_FROM = ["xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long", "so-gd-dt", "so-y-te"]
ACHIEVEMENT = {
    "bk-tinh": "Có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026, góp phần vận hành chính quyền địa phương "
               "hai cấp thông suốt",
    "cstd-tinh": "Hai lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở; có sáng kiến được công nhận phạm vi cấp tỉnh",
    "ttldxs": "Hoàn thành xuất sắc nhiệm vụ năm 2026; 100% cán bộ hoàn thành tốt nhiệm vụ trở lên",
    "co-tinh": "Dẫn đầu cụm, khối thi đua năm 2026",
}
PROPOSER = {"xa": "Trưởng phòng Văn hóa - Xã hội", "so": "Chánh Văn phòng Sở", "tinh": "Giám đốc Sở Nội vụ"}


def _quiet_rng(code: str) -> random.Random:
    return random.Random(zlib.crc32(f"awards-{code}".encode()))


def _people(unit, n: int, skip: int = 0) -> list[Person]:
    return list(Person.objects.filter(authority_id=unit.authority_id, organisation=unit).order_by("id")[skip:skip + n])


def _signers(authority) -> tuple[Signer, Signer]:
    rows = list(Signer.objects.filter(authority=authority).order_by("display_order", "id"))
    chair = next((s for s in rows if s.is_chair), rows[0])
    return chair, next((s for s in rows if not s.is_chair), chair)


def _issue(authority, values: dict, specs: list[dict], number: int) -> Decision:
    """An own decision, numbered and frozen by the authority's outgoing register, as a clerk issues it."""
    day = values["date"]
    with clock.as_of(day):
        d = services.create_decision(None, authority, values, specs)
        entry = register.open_draft(None, authority, sources.DECISION, str(d.pk))
        register.issue(None, entry, day, number)
    d.refresh_from_db()
    return d


def _members(authority, rng) -> list[tuple[str, str]]:
    chair, deputy = _signers(authority)
    members = [(chair.name, "Chủ tịch Hội đồng"), (deputy.name, "Phó Chủ tịch Hội đồng")]
    roles = ["Ủy viên thường trực", "Ủy viên", "Ủy viên", "Ủy viên", "Ủy viên"]
    while len(members) < 2 + len(roles):
        family, middle, given, _female = person_name(rng)
        name = f"{family} {middle} {given}"
        if name not in {n for n, _ in members}:
            members.append((name, roles[len(members) - 2]))
    return members


def _upper_proposals(authority: Authority) -> int:
    """Four proposals for the province's forms from the authority's units, approved by its council."""
    award = {a.code: a for a in Award.objects.filter(level="province")}
    yearly = AwardFamily.objects.get(code="thuong-xuyen")
    subs = list(Organisation.objects.filter(authority=authority, kind__in=[OrgKind.SCHOOL, OrgKind.PUBLIC_SERVICE])
                .order_by("display_order", "id"))
    flag = Organisation.objects.filter(authority=authority, code="mttq").first() or subs[-1]
    plan = [("bk-tinh", subs[0], True, 2), ("cstd-tinh", subs[1 % len(subs)], False, 1),
            ("ttldxs", subs[2 % len(subs)], True, 0), ("co-tinh", flag, True, 0)]
    proposals = []
    with clock.as_of(dt.date(YEAR, 11, 10)):
        for code, unit, collective, individuals in plan:
            p = services.create_proposal(None, authority, {
                "organisation": unit, "year": YEAR, "family": yearly, "award": award[code],
                "summary": f"{unit.name} đề nghị {award[code].name} năm {YEAR}."})
            if collective:
                services.add_line(None, p, {"kind": "collective", "organisation": unit,
                                            "achievement": ACHIEVEMENT[code]})
            for person in _people(unit, individuals):
                services.add_line(None, p, {"kind": "individual", "person": person, "achievement": ACHIEVEMENT[code]})
            services.transition(None, p, "submit")
            proposals.append(p)
    with clock.as_of(dt.date(YEAR, 11, 16)):
        for p in proposals:
            services.transition(None, p, "accept")
    chair, _deputy = _signers(authority)
    members = _members(authority, _quiet_rng(authority.code))
    day = dt.date(YEAR, 11, 25)
    with clock.as_of(day):
        meeting = services.create_meeting(None, authority, {
            "year": YEAR, "date": day, "place": f"Phòng họp {authority.short_name}", "chair": chair.name,
            "secretary": members[2][0]}, members)
        services.put_to_council(None, meeting, proposals)
        for p in proposals:
            for line in p.lines.all():
                services.record_vote(None, meeting, line, "open", len(members), 0, 0)
        services.close_meeting(None, meeting)
    return len(proposals)


def _own_decisions(authority: Authority) -> int:
    """The commune's own: Lao động tiên tiến of 2025 and a Giấy khen of its chairman in 2026."""
    chair, deputy = _signers(authority)
    award = {a.code: a for a in Award.objects.filter(code__in=["ldtt", "gk-xa"])}
    units = list(Organisation.objects.filter(authority=authority).order_by("display_order", "id"))
    base = {"signer_level": "ct-xa", "proposed_by": PROPOSER["xa"]}
    people = [p for u in units[:6] for p in _people(u, 2, skip=1)]
    _issue(authority, {**base, "award": award["ldtt"], "year": 2025, "date": dt.date(2026, 1, 16), "signer": chair,
                       "reason": "đã hoàn thành tốt nhiệm vụ năm 2025"},
           [{"kind": "individual", "person": p} for p in people], number=9)
    collectives = [u for u in units if u.kind == OrgKind.OTHER][:2]
    _issue(authority, {**base, "award": award["gk-xa"], "year": YEAR, "date": dt.date(YEAR, 9, 4), "signer": deputy,
                       "reason": "đã có thành tích xuất sắc trong phong trào “Bình dân học vụ số” năm 2026"},
           [{"kind": "collective", "organisation": u} for u in collectives]
           + [{"kind": "individual", "person": p} for p in people[:2]], number=157)
    return 2


def _old_decisions(authority: Authority) -> int:
    """A commune of huyện Hớn Quản before the reform: its Lao động tiên tiến and Giấy khen of 2024."""
    chair, deputy = _signers(authority)
    award = {a.code: a for a in Award.objects.filter(code__in=["ldtt", "gk-xa"])}
    units = list(Organisation.objects.filter(authority=authority).order_by("display_order", "id"))
    people = [p for u in units for p in _people(u, 1, skip=1)]
    base = {"signer_level": "ct-xa", "proposed_by": "Công chức Văn hóa - Xã hội", "year": 2024}
    _issue(authority, {**base, "award": award["ldtt"], "date": dt.date(2025, 1, 17), "signer": chair,
                       "reason": "đã hoàn thành tốt nhiệm vụ năm 2024"},
           [{"kind": "individual", "person": p} for p in people], number=7)
    _issue(authority, {**base, "award": award["gk-xa"], "date": dt.date(2025, 1, 24), "signer": deputy,
                       "reason": "đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2024"},
           [{"kind": "collective", "organisation": units[0]}, {"kind": "individual", "person": people[0]}], number=11)
    return 2


def _province_name(org: Organisation) -> str:
    """How the province names a unit of huyện Hớn Quản: "Phòng Nội vụ huyện Hớn Quản", "UBND xã Thanh An,
    huyện Hớn Quản"."""
    if "huyện" in org.name:
        return org.name
    return f"{org.name} huyện Hớn Quản" if org.kind == OrgKind.DEPARTMENT else f"{org.name}, huyện Hớn Quản"


def _mirror_unit(province: Authority, district_unit: Organisation, org: Organisation) -> Organisation:
    found = Organisation.objects.filter(authority=province, code=f"hq-{org.code}").first()
    if found:
        return found
    return Organisation.objects.create(
        authority=province, code=f"hq-{org.code}", name=_province_name(org), short_name=org.short_name,
        kind=org.kind, parent=district_unit, display_order=100 + org.display_order, valid_to=province.valid_to)


def _mirror_person(province: Authority, unit: Organisation, person: Person) -> Person:
    found = Person.objects.filter(authority=province, organisation=unit, full_name=person.full_name).first()
    return found or Person.objects.create(
        authority=province, organisation=unit, family_name=person.family_name, middle_name=person.middle_name,
        given_name=person.given_name, gender=person.gender, position=person.position)


def _province_decisions(province: Authority, district: Authority) -> int:
    """Bình Phước issues 498, 520 and 521 of 2025 to the recipients of Hớn Quản's recorded copies."""
    district_unit = Organisation.objects.filter(authority=province, code="hon-quan").first()
    copies = (Decision.objects.filter(authority=district, number__in=[498, 520, 521], date__year=2025)
              .select_related("award").order_by("date", "number"))
    _chair, deputy = _signers(province)
    n = 0
    for copy in copies:
        specs = []
        for line in copy.lines.select_related("person", "organisation").order_by("order", "id"):
            unit = _mirror_unit(province, district_unit, line.organisation) if line.organisation_id else district_unit
            if line.kind == "individual" and line.person_id:
                specs.append({"kind": "individual", "person": _mirror_person(province, unit, line.person)})
            else:
                specs.append({"kind": line.kind, "organisation": unit})
        _issue(province, {"award": copy.award, "year": copy.year, "date": copy.date, "signer": deputy,
                          "signer_level": "ct-tinh", "reason": copy.reason, "proposed_by": PROPOSER["tinh"]},
               specs, number=copy.number)
        n += 1
    return n


def load(log=print) -> None:
    found = {a.code: a for a in Authority.objects.filter(
        code__in=[*UPPER_FROM, "tt-tan-khai-cu", "xa-thanh-binh-cu", "binh-phuoc", "hon-quan"])}
    made = {"upper": 0, "own": 0, "old": 0, "province": 0}
    for code in UPPER_FROM:
        a = found.get(code)
        if a is not None and not Proposal.objects.filter(authority=a, year=YEAR, award__level="province").exists():
            made["upper"] += _upper_proposals(a)
    for code in UPPER_FROM[:3]:
        a = found.get(code)
        if a is not None and not Decision.objects.filter(authority=a).exists():
            made["own"] += _own_decisions(a)
    for code in ("tt-tan-khai-cu", "xa-thanh-binh-cu"):
        a = found.get(code)
        if a is not None and not Decision.objects.filter(authority=a).exists():
            made["old"] += _old_decisions(a)
    province, district = found.get("binh-phuoc"), found.get("hon-quan")
    if province is not None and district is not None and not Decision.objects.filter(authority=province).exists():
        made["province"] = _province_decisions(province, district)
    if any(made.values()):
        log(f"Đã tạo dữ liệu khen thưởng sau sắp xếp: {made['upper']} hồ sơ đề nghị hình thức cấp tỉnh năm {YEAR} "
            f"được Hội đồng các xã, sở thông qua; {made['own']} quyết định của xã; {made['old']} quyết định năm "
            f"2024 của thị trấn Tân Khai, xã Thanh Bình; {made['province']} quyết định của UBND tỉnh Bình Phước.")
