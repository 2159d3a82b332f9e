"""Demo commendation data for UBND huyện Hớn Quản, 2024 cycle: a unit's proposal through the council,
district decisions (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến, Giấy khen of
the district chairman) and province decisions received (Tập thể lao động xuất sắc, Bằng khen and Cờ thi
đua of the province), all dated before 1/7/2025, and two certificate blanks. Idempotent."""

from __future__ import annotations

import datetime as dt

from thidua import clock
from thidua.emulation.queries import cycles
from thidua.orgs import register
from thidua.orgs.models import Authority, Organisation, Person, Signer

from . import demo_reform, demo_roster, services, sources
from .models import Award, AwardFamily, Decision, Proposal

REASON = "đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2024"
PROVINCE_SIGNER = {"signer_prefix": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Trần Văn Mi",
                   "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Bình Phước", "signer_level": "ct-tinh",
                   "proposed_by": "Giám đốc Sở Nội vụ tỉnh Bình Phước"}


def _people(authority, codes: list[str], per_unit: int, skip: int = 0) -> list[Person]:
    out = []
    for code in codes:
        qs = Person.objects.filter(authority=authority, organisation__code=code).order_by("id")
        out += list(qs[skip:skip + per_unit])
    return out


def _units(authority, codes: list[str]) -> list[Organisation]:
    found = {o.code: o for o in Organisation.objects.filter(authority=authority, code__in=codes)}
    return [found[c] for c in codes]


def _cycle_2024(authority):
    return cycles(authority).filter(year=2024).first()


def load(log=print) -> None:
    _load_seed(log)
    demo_reform.load(log)  # the post-reform province's proposals and decisions, after the copies above (#19)
    demo_roster.load(log)  # the standing council lists (#20)


def _load_seed(log) -> None:
    authority = Authority.objects.get(code="hon-quan")
    services.seed_catalogue(None)
    if Decision.objects.filter(authority=authority).exists():
        log("Dữ liệu mẫu khen thưởng đã có; giữ nguyên.")
        return
    award = {a.code: a for a in Award.objects.all()}
    chair = Signer.objects.filter(authority=authority, is_chair=True).first()
    deputy = Signer.objects.filter(authority=authority, is_chair=False).first() or chair
    yearly = AwardFamily.objects.get(code="thuong-xuyen")

    # 1. The unit officer's proposal (thị trấn Tân Khai, Lao động tiên tiến) through the council.
    tan_khai = Organisation.objects.get(authority=authority, code="xa-tan-khai")
    with clock.as_of(dt.date(2025, 1, 8)):
        p = services.create_proposal(None, authority, {"organisation": tan_khai, "year": 2024, "family": yearly,
                                                        "award": award["ldtt"],
                                                        "summary": "Hoàn thành tốt nhiệm vụ năm 2024."})
        for person in _people(authority, ["xa-tan-khai"], 3):
            services.add_line(None, p, {"kind": "individual", "person": person,
                                        "achievement": "Hoàn thành tốt nhiệm vụ được giao năm 2024"})
        services.transition(None, p, "submit")
    with clock.as_of(dt.date(2025, 1, 15)):
        services.transition(None, p, "accept")
    with clock.as_of(dt.date(2025, 2, 14)):
        meeting = services.create_meeting(None, authority, {
            "year": 2024, "date": dt.date(2025, 2, 14), "place": "Phòng họp UBND huyện", "chair": "Nguyễn Văn Hạ",
            "secretary": "Lê Thị Hồng"}, [("Nguyễn Văn Hạ", "Chủ tịch Hội đồng"), ("Trần Quốc Hùng", "Phó Chủ tịch"),
                                          ("Lê Thị Hồng", "Ủy viên thường trực"), ("Phạm Văn Toàn", "Ủy viên"),
                                          ("Võ Thị Thanh Loan", "Ủy viên"), ("Đặng Hữu Nghĩa", "Ủy viên")])
        services.put_to_council(None, meeting, [p])
        for line in p.lines.all():
            services.record_vote(None, meeting, line, "open", 6, 0, 0)
        services.close_meeting(None, meeting)
    # a second proposal still waiting, and one returned to the unit
    with clock.as_of(dt.date(2025, 3, 20)):
        waiting = services.create_proposal(None, authority, {
            "organisation": tan_khai, "year": 2025, "family": AwardFamily.objects.get(code="dot-xuat"),
            "award": award["gk-huyen"], "summary": "Thành tích đột xuất trong phòng, chống cháy rừng."})
        services.add_line(None, waiting, {"kind": "collective", "organisation": tan_khai,
                                          "achievement": "Tham gia chữa cháy rừng cao su ngày 12/3/2025"})
        services.transition(None, waiting, "submit")
        gd = Organisation.objects.get(authority=authority, code="phong-gd-dt")
        returned = services.create_proposal(None, authority, {"organisation": gd, "year": 2024, "family": yearly,
                                                               "award": award["cstd-co-so"]})
        services.add_line(None, returned, {"kind": "individual", "person": _people(authority, ["th-tan-khai-a"], 1)[0]})
        services.transition(None, returned, "submit")
        services.transition(None, returned, "return", "Thiếu sáng kiến được công nhận ở cơ sở.")

    def decide(code, number, day, specs, signer=chair, extra=None, proposals=()):
        values = {"award": award[code], "year": 2024, "number": number, "date": day, "signer": signer,
                  "reason": REASON, "proposed_by": "Trưởng phòng Nội vụ", **(extra or {})}
        with clock.as_of(day):
            if proposals:
                d = services.create_decision_from_proposals(None, authority, values, proposals)
                services.add_decision_lines(None, d, specs)
            else:
                d = services.create_decision(None, authority, values, specs)
            if extra:  # the province's decision, recorded with the number the province gave it
                return services.issue_decision(None, d)
            # the district's own: numbered and frozen by its outgoing register, as a clerk issues it
            entry = register.open_draft(None, authority, sources.DECISION, str(d.pk))
            register.issue(None, entry, day, number)
            d.refresh_from_db()
            return d

    ind = lambda people: [{"kind": "individual", "person": x} for x in people]  # noqa: E731
    coll = lambda units: [{"kind": "collective", "organisation": u} for u in units]  # noqa: E731
    ldtt_people = _people(authority, ["phong-noi-vu", "phong-gd-dt", "xa-thanh-an", "thcs-tan-khai", "tt-y-te"], 2)
    p.refresh_from_db()
    decide("ldtt", 312, dt.date(2025, 2, 20), ind(ldtt_people), proposals=[p])
    decide("cstd-co-so", 313, dt.date(2025, 2, 20), ind(ldtt_people[::2]))
    decide("ttldtt", 314, dt.date(2025, 2, 20), coll(_units(authority, [
        "phong-noi-vu", "phong-tc-kh", "xa-thanh-an", "xa-an-khuong", "thcs-tan-khai", "mn-hoa-phuong"])))
    decide("gk-huyen", 345, dt.date(2025, 3, 5), coll(_units(authority, ["huyen-doan", "hoi-lhpn", "xa-minh-duc",
                                                                           "tt-vh-tt"]))
           + ind(_people(authority, ["ban-qlda", "dai-tt-th", "xa-tan-hung"], 2, skip=1)), signer=deputy)
    decide("ttldxs", 520, dt.date(2025, 3, 14), coll(_units(authority, ["phong-noi-vu", "xa-thanh-an"])),
           extra=PROVINCE_SIGNER)
    decide("bk-tinh", 521, dt.date(2025, 3, 14), coll(_units(authority, ["phong-gd-dt", "xa-tan-khai"]))
           + ind(_people(authority, ["phong-noi-vu", "thcs-thanh-an", "xa-an-phu"], 1)), extra=PROVINCE_SIGNER)
    flag_units = _units(authority, ["xa-tan-khai"])
    cycle = _cycle_2024(authority)
    if cycle is not None:  # the leading units of the locked 2024 ranking, proposed in one step
        with clock.as_of(dt.date(2025, 1, 10)):
            leaders = services.propose_leading_units(None, authority, cycle)
            for lp in leaders:
                services.transition(None, lp, "submit")
        flag_units = [leaders[0].organisation] if leaders else flag_units
    decide("co-tinh", 498, dt.date(2025, 3, 10), coll(flag_units), extra=PROVINCE_SIGNER)

    services.save_blank(None, authority, {"name": "Phôi Giấy khen của Chủ tịch UBND huyện (A4 ngang)",
                                          "award": award["gk-huyen"], "width_mm": 297, "height_mm": 210,
                                          "fields": services.DEFAULT_FIELDS})
    services.save_blank(None, authority, {"name": "Phôi Bằng khen của Chủ tịch UBND tỉnh (400 × 300 mm)",
                                          "award": award["bk-tinh"], "width_mm": 400, "height_mm": 300,
                                          "fields": {
                                              "name": {"x": 60, "y": 128, "w": 280, "size": 28, "bold": True,
                                                       "align": "center"},
                                              "unit": {"x": 60, "y": 146, "w": 280, "size": 18, "align": "center"},
                                              "achievement": {"x": 60, "y": 160, "w": 280, "size": 18,
                                                              "italic": True, "align": "center"},
                                              "decision": {"x": 30, "y": 245, "w": 150, "size": 13,
                                                           "align": "center"},
                                              "place_date": {"x": 220, "y": 200, "w": 160, "size": 15,
                                                             "italic": True, "align": "center"},
                                              "signer_title": {"x": 220, "y": 209, "w": 160, "size": 15,
                                                               "bold": True, "align": "center"},
                                              "signer_name": {"x": 220, "y": 262, "w": 160, "size": 17,
                                                              "bold": True, "align": "center"}}})
    n = sum(d.lines.count() for d in Decision.objects.filter(authority=authority))
    log(f"Đã tạo dữ liệu khen thưởng: {Decision.objects.filter(authority=authority).count()} quyết định, "
        f"{n} lượt tập thể, cá nhân được khen, 1 phiên họp Hội đồng, {Proposal.objects.filter(authority=authority).count()} hồ sơ đề nghị, 2 phôi.")
