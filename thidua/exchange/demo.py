"""Demo dossiers between levels (#19) on the post-reform world (orgs.demo_reform, awards.demo_reform): from
the communes and departments of tỉnh Đồng Nai to the province, in every state — a draft still missing what
Chiến sĩ thi đua cấp tỉnh needs, sent, returned with reasons, returned and sent again, received, under
appraisal, at the province's council, and decided, the province's decision flowing back into the senders'
records. Made through the services as the offices would, dated with `clock.as_of`. Authorities are looked
up by code; without the province (or without the approved proposals) nothing is made. Idempotent."""

from __future__ import annotations

import datetime as dt

from thidua import clock
from thidua.awards import services as awards
from thidua.awards import sources as award_sources
from thidua.awards.models import Award
from thidua.orgs import register
from thidua.orgs.models import Authority, Signer

from . import checks, documents, services, states
from .models import Dossier, FileKind

YEAR = 2026
PROVINCE = "dong-nai"
# (sender code, form, where it ends)
PLAN = [
    ("xa-tan-khai-moi", "bk-tinh", states.DECIDED),
    ("so-y-te", "bk-tinh", states.DECIDED),
    ("xa-tan-khai-moi", "cstd-tinh", states.DRAFT),
    ("xa-tan-hung-moi", "bk-tinh", states.SENT),
    ("xa-tan-hung-moi", "ttldxs", "resent"),
    ("phuong-binh-long", "bk-tinh", states.RETURNED),
    ("phuong-binh-long", "ttldxs", states.RECEIVED),
    ("so-gd-dt", "bk-tinh", states.APPRAISING),
    ("so-gd-dt", "co-tinh", states.COUNCIL),
]
COMPOSED, SENT, RETURNED, RESENT, RECEIVED, APPRAISED = (dt.date(YEAR, 11, 26), dt.date(YEAR, 11, 27),
                                                         dt.date(YEAR, 11, 30), dt.date(YEAR, 12, 1),
                                                         dt.date(YEAR, 12, 2), dt.date(YEAR, 12, 2))
COUNCIL_DAY, DECISION_DAY, DECISION_NUMBER = dt.date(YEAR, 12, 3), dt.date(YEAR, 12, 4), 2145
RETURN_REASON = ("Báo cáo thành tích của các cá nhân chưa có xác nhận của Thủ trưởng đơn vị; đề nghị bổ sung và "
                 "gửi lại.")


def _pdf(document) -> bytes:
    from thidua.paperwork import render_pdf  # noqa: PLC0415 (startup)

    return render_pdf(document)


def _cover_letter(d: Dossier) -> None:
    """The tờ trình cấp trên issued in the sender's register, taken as the dossier's cover letter."""
    entry = register.open_draft(None, d.sender, award_sources.UPPER_SUBMISSION, f"{d.award.code}:{d.year}")
    if not entry.is_issued:
        register.issue(None, entry, COMPOSED)
    services.attach_cover_letter(None, d)


def _compose(sender: Authority, award: Award, complete: bool) -> Dossier | None:
    proposals = list(checks.candidate_proposals(sender, award, YEAR))
    if not proposals:
        return None
    with clock.as_of(COMPOSED):
        d = services.create_dossier(None, sender, {"award": award, "year": YEAR}, proposals)
        _cover_letter(d)
        services.attach_minutes(None, d)
        if complete:
            services.add_file(None, d, FileKind.REPORT, "bao-cao-thanh-tich.pdf",
                              _pdf(documents.achievement_report(d, list(d.items.all()), COMPOSED)))
    return d


def _meeting(province: Authority, day: dt.date, n: int):
    chair = Signer.objects.filter(authority=province, is_chair=True).order_by("display_order", "id").first()
    chair_name = chair.name if chair is not None else "Chủ tịch Hội đồng"
    members = [(chair_name, "Chủ tịch Hội đồng"), ("Giám đốc Sở Nội vụ", "Phó Chủ tịch thường trực"),
               ("Trưởng ban Thi đua - Khen thưởng", "Ủy viên thư ký"), ("Giám đốc Sở Tài chính", "Ủy viên"),
               ("Chủ tịch Liên đoàn Lao động tỉnh", "Ủy viên")]
    with clock.as_of(day):
        return awards.create_meeting(None, province, {
            "year": YEAR, "date": day, "place": f"Phòng họp {province.short_name}", "chair": chair_name,
            "secretary": f"Trưởng ban Thi đua - Khen thưởng (phiên {n})"}, members)


def _walk(d: Dossier, end: str) -> None:
    """Take a composed dossier to where the plan ends it (the council and the decision are done after)."""
    if end == states.DRAFT:
        return
    with clock.as_of(SENT):
        d = services.send_dossier(None, d)
    if end in (states.RETURNED, "resent"):
        with clock.as_of(RETURNED):
            d = services.return_dossier(None, d, RETURN_REASON)
        if end == "resent":
            with clock.as_of(RESENT):
                services.add_file(None, d, FileKind.OTHER, "bao-cao-co-xac-nhan.pdf",
                                  _pdf(documents.achievement_report(d, list(d.items.all()), RESENT)))
                services.send_dossier(None, d)
        return
    if end == states.SENT:
        return
    with clock.as_of(RECEIVED):
        d = services.receive_dossier(None, d)
    if end != states.RECEIVED:
        with clock.as_of(APPRAISED):
            services.appraise_dossier(None, d, "Hồ sơ đủ thành phần, đúng đối tượng.")


def _decide(province: Authority, dossiers: list[Dossier]) -> None:
    m = _meeting(province, COUNCIL_DAY, 1)
    with clock.as_of(COUNCIL_DAY):
        for d in dossiers:
            d.refresh_from_db()
            services.to_council(None, d, m)
        for d in dossiers:
            d.refresh_from_db()
            for line in d.receiver_proposal.lines.all():
                awards.record_vote(None, m, line, "open", 5, 0, 0)
        awards.close_meeting(None, m)
    chair = Signer.objects.filter(authority=province, is_chair=True).order_by("display_order", "id").first()
    with clock.as_of(DECISION_DAY):
        proposals = [Dossier.objects.get(pk=d.pk).receiver_proposal for d in dossiers]
        decision = awards.create_decision_from_proposals(None, province, {
            "award": dossiers[0].award, "date": DECISION_DAY, "year": YEAR, "signer": chair,
            "reason": f"đã có thành tích xuất sắc trong phong trào thi đua năm {YEAR}"}, proposals)
        entry = register.open_draft(None, province, award_sources.DECISION, str(decision.pk))
        register.issue(None, entry, DECISION_DAY, DECISION_NUMBER)  # issuing sends the decision back


def load(log=print) -> None:
    province = Authority.objects.filter(code=PROVINCE).first()
    if province is None or Dossier.objects.filter(receiver=province).exists():
        return
    senders = {a.code: a for a in Authority.objects.filter(code__in={c for c, _a, _e in PLAN}, parent=province)}
    forms = {a.code: a for a in Award.objects.filter(code__in={a for _c, a, _e in PLAN})}
    made: dict[str, list[Dossier]] = {}
    for code, form, end in PLAN:
        sender, award = senders.get(code), forms.get(form)
        if sender is None or award is None:
            continue
        d = _compose(sender, award, complete=end != states.DRAFT)
        if d is None:
            continue
        _walk(d, end)
        made.setdefault(end, []).append(d)
    if not made:
        return
    at_council = made.get(states.COUNCIL, [])
    if at_council:
        m = _meeting(province, dt.date(YEAR, 12, 10), 2)
        with clock.as_of(dt.date(YEAR, 12, 5)):
            for d in at_council:
                d.refresh_from_db()
                services.to_council(None, d, m)
    if made.get(states.DECIDED):
        _decide(province, made[states.DECIDED])
    count = sum(len(v) for v in made.values())
    log(f"Đã tạo {count} hồ sơ đề nghị khen thưởng gửi UBND tỉnh Đồng Nai (đang soạn, đã gửi, bị trả lại, gửi lại, "
        f"đã tiếp nhận, đang thẩm định, đang trình Hội đồng, đã có quyết định số {DECISION_NUMBER}/QĐ-UBND).")
