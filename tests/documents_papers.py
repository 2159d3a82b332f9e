"""Every document kind of the demo world, made as a user gets it: the letters, decisions, plans and forms
through their download views (PDF and DOCX), the free pages (certificates, name cards, seat labels, the
seating chart, the parking list, the backdrop) from the builders their views and jobs call, each timed.
Used by tests/test_every_document.py."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua import clock
from thidua.awards import documents as award_docs
from thidua.awards import papers as award_papers
from thidua.awards.models import (
    CertificateBlank,
    CouncilMeeting,
    Decision,
    DecisionLine,
    Proposal,
    ProposalLine,
)
from thidua.checkin import documents as checkin_docs
from thidua.checkin import queries as checkin_queries
from thidua.checkin.models import CheckIn, CheckInStatus
from thidua.emulation.models import Covenant, Cycle, Group, Membership
from thidua.events import documents as event_docs
from thidua.events.models import Delegate, Event
from thidua.orgs.models import User
from thidua.orgs.register import SOURCES
from thidua.paperwork import render_docx, render_pdf, render_pdf_many
from thidua.program import documents as program_docs
from thidua.vn.money import format_money, format_number

PDF = "application/pdf"


@dataclass
class Paper:
    kind: str  # "decision-ldtt", "to-trinh", …
    label: str  # Vietnamese, for the table
    pdf: bytes
    docx: bytes | None = None
    ms_pdf: float = 0.0
    ms_docx: float = 0.0
    official: bool = False  # an administrative document whose body ends with "./."
    wording: bool = True  # speaks as the authority (the specimen does not)
    sizes: set = field(default_factory=set)  # declared (w, h) mm of free pages; empty: A4
    deciding_level: str = ""  # a decision: the level of the authority that decides
    title_decision: str = ""  # a title decision: the title's name
    year: int = 0  # the year a title decision is for
    path: Path | None = None  # where the test wrote the PDF
    pages: int = 0
    texts: dict = field(default_factory=dict)  # {"PDF": …, "DOCX": …}, read once by the test
    working: bool = False  # a working paper (#22): no national header, no "Số:"
    facts: tuple = ()  # (#22) strings or compiled patterns the text must hold: figures and names from the data
    signers: tuple = ()  # (#22) the names the document's signature blocks carry
    xlsx: bytes | None = None  # the report's Excel annex


REGISTER = "/van-ban/"  # an issued document's file is the register's frozen copy (web:register_file)


def _get(client: Client, url: str) -> tuple[bytes, float, str]:
    start = time.perf_counter()
    r = client.get(url, follow=True)
    body = b"".join(r.streaming_content) if r.streaming else r.content
    ms = (time.perf_counter() - start) * 1000
    moved = [u for u, _ in r.redirect_chain if not u.startswith(REGISTER)]
    assert r.status_code == 200 and not moved, f"{url}: HTTP {r.status_code} {r.redirect_chain}"
    return body, ms, r["Content-Type"] + (" register" if r.redirect_chain else "")


def _both(client: Client, kind: str, label: str, url_of, **kw) -> Paper:
    pdf, ms_pdf, ctype = _get(client, url_of("pdf"))
    assert ctype.startswith(PDF), f"{kind}: {ctype}"
    docx, ms_docx, _ = _get(client, url_of("docx"))
    assert docx[:2] == b"PK", f"{kind}: the DOCX is not a zip"
    return Paper(kind, label + (" [bản đã ban hành trong sổ]" if ctype.endswith(" register") else ""), pdf, docx,
                 ms_pdf, ms_docx, **kw)


def _free(kind: str, label: str, build) -> Paper:
    start = time.perf_counter()
    with scopes_disabled():
        pages = list(build())
    pdf = render_pdf_many(pages)
    ms = (time.perf_counter() - start) * 1000
    return Paper(kind, label, pdf, None, ms, 0.0, official=False, wording=True,
                 sizes={(p.width_mm, p.height_mm) for p in pages})


def decision_level(d: Decision, level: str) -> str:
    return "tinh" if d.signer_level == "ct-tinh" else level


def make_all(level: str, year: int) -> list[Paper]:
    """Every document kind of the demo authority as it is now (`level` its level, `year` the year the
    2024 cycle's decisions stand for after any shift)."""
    client = Client()
    with scopes_disabled():
        admin = User.objects.get(username="quantri")
        authority = admin.authority
        decisions = list(Decision.objects.filter(authority=authority).select_related("award").order_by("number"))
        proposal = (Proposal.objects.filter(authority=authority, lines__isnull=False, year=year)
                    .order_by("id").distinct().first())
        meeting = CouncilMeeting.objects.filter(authority=authority).first()
        event = Event.objects.get(authority=authority, slug__startswith="tong-ket")
        cycles = {c.year: c for c in Cycle.objects.filter(authority=authority)}
        closed, current = cycles[year], cycles[year + 1]
        cluster_now = Group.objects.filter(cycle=current, kind="cum").order_by("display_order").first()
        block_now = Group.objects.filter(cycle=current, kind="khoi").order_by("display_order").first()
        cluster_closed = Group.objects.filter(cycle=closed, kind="cum").order_by("display_order").first()
        delegates = []
        for code in ("a", "b", "c", "d"):  # a named guest, and one of each other category
            qs = Delegate.objects.filter(event=event, category__code=code, revoked=False).order_by("id")
            delegates += [d for d in (qs.filter(full_name__gt="").first(), qs.filter(full_name="").first()) if d]
        blanks = list(CertificateBlank.objects.filter(authority=authority).select_related("award").order_by("id"))
    client.force_login(admin)
    papers: list[Paper] = []
    for d in decisions:
        papers.append(_both(
            client, f"decision-{d.number}", f"Quyết định {d.award.name}",
            lambda fmt, d=d: reverse("awards:decision_file", args=[d.pk, fmt]), official=True,
            deciding_level=decision_level(d, level), title_decision=d.award.name if d.award.kind == "title" else "",
            year=d.year))
    papers.append(_both(client, "to-trinh", "Tờ trình đề nghị khen thưởng (đơn vị)",
                        lambda fmt: reverse("awards:proposal_letter", args=[proposal.pk, fmt]), official=True))
    papers.append(_both(client, "proposal-history", "Lịch sử hồ sơ đề nghị",
                        lambda fmt: reverse("awards:proposal_history_file", args=[proposal.pk, fmt])))
    papers.append(_both(client, "council-minutes", "Biên bản họp Hội đồng Thi đua - Khen thưởng",
                        lambda fmt: reverse("awards:meeting_minutes", args=[meeting.pk, fmt]), official=True))
    for form in ("0601", "0602", "0603", "0604", "0605"):
        papers.append(_both(client, f"stat-{form}", f"Biểu thống kê {form}",
                            lambda fmt, form=form: reverse("awards:statistics_file", args=[form, fmt])
                            + f"?year={year + 1}"))
    for i, dl in enumerate(delegates, start=1):
        papers.append(_both(client, f"invitation-{dl.category.code}{i}",
                            f"Giấy mời ({dl.category.code}{', ghế trống' if not dl.full_name else ''})",
                            lambda fmt, dl=dl: reverse("events:delegate_letter", args=[dl.pk, fmt]), official=True))
    papers.append(_both(client, "program", "Chương trình hội nghị",
                        lambda fmt: reverse("program:document", args=[event.pk, "chuong-trinh", fmt])))
    papers.append(_both(client, "mc-script", "Kịch bản dẫn chương trình",
                        lambda fmt: reverse("program:document", args=[event.pk, "kich-ban", fmt])))
    papers.append(_both(client, "plan", "Kế hoạch tổ chức hội nghị",
                        lambda fmt: reverse("logistics:plan_file", args=[event.pk, fmt]), official=True))
    papers.append(_both(client, "budget", "Dự trù kinh phí (Số: …/DT-UBND)",
                        lambda fmt: reverse("logistics:budget_file", args=[event.pk, fmt]), official=True))
    for g, kind, what in ((cluster_now, "giao-uoc", "Giao ước thi đua (cụm)"),
                          (block_now, "giao-uoc", "Giao ước thi đua (khối)"),
                          (cluster_now, "mau-dang-ky", "Mẫu đăng ký thi đua"),
                          (cluster_closed, "bien-ban", "Biên bản họp cụm (xếp hạng)")):
        papers.append(_both(client, f"{kind}-{g.kind}", what,
                            lambda fmt, g=g, kind=kind: reverse("emulation:group_document", args=[g.pk, kind, fmt]),
                            official=kind == "bien-ban"))
    pdf, ms, ctype = _get(client, reverse("emulation:ranking", args=[closed.pk]) + "?format=pdf")
    assert ctype.startswith(PDF)
    papers.append(Paper("ranking", "Bảng tổng hợp điểm, xếp hạng", pdf, None, ms))
    pdf, ms, ctype = _get(client, reverse("logistics:material_bundle", args=[event.pk]))
    assert ctype.startswith(PDF)  # the cover page and the approved materials' PDFs (uploads: not worded here)
    papers.append(Paper("materials-bundle", "Bộ tài liệu hội nghị (bìa + tài liệu đã duyệt)", pdf, None, ms,
                        wording=False))
    papers.append(_both(client, "specimen", "Văn bản mẫu (specimen)",
                        lambda fmt: reverse("web:specimen_file", args=[fmt]), wording=False))
    with scopes_disabled():
        papers += _free_pages(event, decisions, blanks)
    papers += new_papers(client, admin.authority, level, year)
    return papers


def _free_pages(event, decisions, blanks) -> list[Paper]:
    with scopes_disabled():
        plan = checkin_queries.hall_plan(event)
        seated = checkin_queries.seating(event)
        heads = checkin_queries.head_labels(plan)
        texts = checkin_queries.seat_texts(plan)
        parking = checkin_queries.parking(event)
    presidium = sorted((d for d in seated if d.seat in heads), key=lambda d: d.seat)
    with_seat = sorted((d for d in seated if d.seat), key=lambda d: d.seat)
    out = [
        _free("name-cards", "Bảng tên Đoàn Chủ tịch", lambda: checkin_docs.name_cards(presidium)),
        _free("seat-labels", "Nhãn ghế", lambda: checkin_docs.seat_labels(event, with_seat, texts)),
        _free("seating-chart-a3", "Sơ đồ chỗ ngồi (A3)",
              lambda: [checkin_docs.seating_chart(event, plan, seated, "A3")]),
        _free("seating-chart-a4", "Sơ đồ chỗ ngồi (A4)",
              lambda: [checkin_docs.seating_chart(event, plan, seated, "A4")]),
        _free("parking", "Danh sách xe", lambda: checkin_docs.parking_pages(event, parking, texts)),
        _free("backdrop", "Maket phông nền", lambda: [program_docs.backdrop_page(event)]),
    ]
    by_award = {}
    for d in decisions:  # in number order: a blank prints the first decision of its award
        by_award.setdefault(d.award_id, d)
    for blank in blanks:
        d = by_award.get(blank.award_id)
        if d is not None:
            lines = list(d.lines.all())
            out.append(_free(f"certificates-{blank.width_mm:.0f}x{blank.height_mm:.0f}",
                             f"{d.award.certificate_word} theo QĐ {d.number} ({blank.width_mm:g}×{blank.height_mm:g} mm)",
                             lambda d=d, lines=lines, blank=blank: award_docs.certificate_pages(d, lines, blank)))
        out.append(_free(f"calibration-{blank.width_mm:.0f}x{blank.height_mm:.0f}", "Trang căn chỉnh phôi",
                         lambda blank=blank: [award_docs.calibration_page(blank)]))
    return out


# --- the papers of #22 ------------------------------------------------------------------------------------
# official papers through their register source's build(authority, key, None, today) (the draft the
# register's page opens: the number blank, the date today), the others through the views their pages link

UPPER = "to-trinh-cap-tren"  # the tờ trình to the province: not for a province itself


def _built(kind: str, label: str, authority, source: str, key: str, **kw) -> Paper:
    start = time.perf_counter()
    with scopes_disabled():
        document = SOURCES[source].build(authority, key, None, clock.today())
        pdf = render_pdf(document)
        ms_pdf = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        docx = render_docx(document)
    signers = document.signature if isinstance(document.signature, tuple) else (document.signature,)
    return Paper(kind, label, pdf, docx, ms_pdf, (time.perf_counter() - start) * 1000, official=True,
                 signers=tuple(s.name for s in signers if s is not None and s.name.strip(" .…")), **kw)


def _names(lines, n: int = 3) -> tuple[str, ...]:
    return tuple(ln.name for ln in lines[:n])


def new_papers(client: Client, authority, level: str, year: int) -> list[Paper]:
    """The #22 papers of the demo authority, each with the figures and names of the data it must show."""
    with scopes_disabled():
        decisions = list(Decision.objects.filter(authority=authority).order_by("number"))
        d = next(x for x in decisions if not award_papers.submission_refusal(x))  # the first of its own
        d_lines = list(DecisionLine.objects.filter(decision=d).order_by("id"))
        meeting = CouncilMeeting.objects.filter(authority=authority).first()
        present = len({m.name_key or m.name for m in meeting.members.all() if m.present})
        voted = list(ProposalLine.objects.filter(votes__meeting=meeting, votes__ballot="secret").order_by("id"))
        event = Event.objects.get(authority=authority, slug__startswith="tong-ket")
        checked_in = CheckIn.objects.filter(event=event, status=CheckInStatus.VALID).count()
        own = [x for x in decisions if x.year == year and x.status == "issued"
               and (x.signer_level != "ct-tinh" or level == "tinh")]
        members = Membership.objects.filter(cycle__authority=authority, cycle__year=year)
        signed = Covenant.objects.filter(cycle__authority=authority, cycle__year=year, status__in=(
            "submitted", "accepted"), organisation__in=members.values("organisation")).count()
        prize = sum(DecisionLine.objects.filter(decision__in=own).values_list("amount", flat=True))
        upper = award_papers.upper_forms(authority, year) if level != "tinh" else []
        upper_lines = (list(ProposalLine.objects.filter(proposal__authority=authority, proposal__award=upper[0][0],
                                                        proposal__year=year, status="passed")) if upper else [])
    ev = str(event.pk)
    out = [
        _built("to-trinh-qd", f"Tờ trình đề nghị ban hành QĐ {d.number}", authority, "awards.submission", str(d.pk),
               facts=_names(d_lines)),
        _both(client, "ky-nhan", f"Danh sách ký nhận tiền thưởng QĐ {d.number}",
              lambda fmt: reverse("awards:paper_receipts", args=[d.pk, fmt]),
              facts=(f"tổng số tiền: {format_money(sum(ln.amount for ln in d_lines))}", *_names(d_lines))),
        _both(client, "phieu-bau", "Phiếu bầu (bỏ phiếu kín)",
              lambda fmt: reverse("awards:paper_ballots", args=[meeting.pk, fmt]), working=True,
              facts=(f"có mặt: {present}. Số phiếu in: {present}", *_names(voted))),
        _both(client, "kiem-phieu", "Biên bản kiểm phiếu",
              lambda fmt: reverse("awards:paper_count", args=[meeting.pk, fmt]), official=True,
              facts=_names(voted, 10)),
    ]
    if level != "tinh":
        out.append(_built(UPPER, "Tờ trình đề nghị cấp trên khen thưởng", authority, "awards.upper_submission",
                          upper[0][2] if upper else f"co-tinh:{year}", facts=_names(upper_lines, 10)))
    out += [
        _built("bao-cao", "Báo cáo tổng kết công tác thi đua, khen thưởng", authority, "logistics.report", ev,
               facts=(re.compile(rf"Quyết định khen thưởng đã ban hành \S+ {len(own)} "),
                      re.compile(rf"Đơn vị ký kết giao ước thi đua \S+ {signed}\b"),
                      re.compile(rf"Tổng cộng {members.count()} \d+ \d+ {members.count() - signed}\b"),
                      re.compile(rf"Tiền thưởng đã chi \(đồng\) \S+ {re.escape(format_number(prize))}\b"))),
        _built("to-trinh-du-toan", "Tờ trình phê duyệt dự toán kinh phí", authority, "logistics.budget_submission",
               ev),
        _built("qd-du-toan", "Quyết định phê duyệt dự toán kinh phí", authority, "logistics.budget_decision", ev),
        _built("cv-tham-luan", "Công văn đề nghị chuẩn bị tham luận", authority, "logistics.talks_letter", ev),
        _built("cv-giao-uoc", "Công văn đề nghị đăng ký giao ước thi đua", authority, "logistics.covenant_letter", ev),
        _built("thong-bao-ket-luan", "Thông báo kết luận hội nghị", authority, "program.conclusion", ev),
        _built("giay-moi-so", "Giấy mời (bản trong sổ văn bản đi)", authority, "events.invitation", ev),
    ]
    for slug, kind, label in (("phat-dong", "loi-phat-dong", "Lời phát động thi đua (dự thảo)"),
                              ("khai-mac", "de-cuong-khai-mac", "Đề cương phát biểu khai mạc"),
                              ("be-mac", "de-cuong-be-mac", "Đề cương phát biểu bế mạc")):
        out.append(_both(client, kind, label, lambda fmt, slug=slug: reverse("program:paper", args=[event.pk, slug, fmt]),
                         working=True))
    out.append(_both(client, "dai-bieu-co-mat", "Danh sách đại biểu có mặt",
                     lambda fmt: reverse("checkin:attendance_list", args=[event.pk, fmt]), working=True,
                     facts=(f"Tổng số đại biểu có mặt: {format_number(checked_in)}/",)))
    xlsx, _ms, _ctype = _get(client, reverse("logistics:papers_file", args=[event.pk, "bao-cao", "xlsx"]))
    next(p for p in out if p.kind == "bao-cao").xlsx = xlsx
    return out


def joined_invitations(authority) -> tuple[bytes, int, float]:
    """(the one DOCX of every invitation, how many letters, ms) as the events.invitations_docx_one job makes it."""
    start = time.perf_counter()
    with scopes_disabled():
        event = Event.objects.get(authority=authority, slug__startswith="tong-ket")
        data, count = event_docs.invitations_docx_one(event, "https://thidua.example")
    return data, count, (time.perf_counter() - start) * 1000
