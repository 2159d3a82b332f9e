"""The papers around a council vote and a decision that the office used to type by hand (#22):

- the office's tờ trình to the chairman for a decision (the list, the legal bases, the council's result,
  the money), an official document issued through the register (`sources.SUBMISSION`); its number and
  date fill the decision's "Theo đề nghị của … tại Tờ trình số …";
- the ballots of a secret vote (one per member present) and the biên bản kiểm phiếu with the counts
  entered back on the meeting page and each result against the threshold;
- the danh sách ký nhận tiền thưởng of a decision (a form with a signature column, not a Decree 30
  document: it has no number, and is signed by the one who made it, the accountant and the head).

Who proposes, pays and speaks comes from `orgs.wording.Voice`; nothing here names an office."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db import models as dj

from thidua import clock
from thidua.emulation.documents import BLANK_NAME, dotted_line, unit_heads
from thidua.orgs.models import Organisation, OrgKind, Person, Signer
from thidua.orgs.wording import Voice
from thidua.paperwork.model import (
    Annex,
    Column,
    Document,
    FormSigner,
    Header,
    Paragraph,
    ReportForm,
    Signature,
    Table,
)
from thidua.vn import normalise
from thidua.vn.dates import long_date, place_date, short_date
from thidua.vn.money import amount_in_words, format_money, format_number
from thidua.vn.numbering import document_number
from thidua.vn.people import position_at

from . import council, states
from .documents import (
    END,
    GROUPS,
    _award_phrase,
    _count,
    _kinds_phrase,
    _unit_namer,
    deciding_voice,
    is_provincial,
)
from .models import Award, CouncilMeeting, CouncilVote, Decision, ProposalLine
from .services import signer_lines


def council_name(voice: Voice) -> str:
    return f"Hội đồng Thi đua - Khen thưởng {voice.locality}".strip()


# --- who heads the proposing office -----------------------------------------------------------------


def office_head(authority, office) -> Person | None:
    """The person of `authority` who heads `office`, if thidua knows them: the head of the unit bearing the
    office's name ("Trưởng phòng" of the unit "Phòng Nội vụ"), or someone whose position is the office
    head's in full ("Giám đốc Sở Nội vụ"). Never a deputy."""
    if office is None or authority is None or not authority.pk:
        return None
    title = normalise.fold(office.head_title)
    org = Organisation.objects.filter(authority=authority, name_fold=normalise.fold(
        normalise.clean_text(office.name))).first()
    if org is None:
        org = next((o for o in Organisation.objects.filter(authority=authority, name_fold__startswith=normalise.fold(
            office.name)) if normalise.fold(o.name) == normalise.fold(office.name)), None)
    if org is not None:
        head = unit_heads([org.pk]).get(org.pk)
        if head is not None and normalise.fold(head.position).startswith(title):
            return head
    full = normalise.fold(position_at(office.head_title, office.name))
    for p in Person.objects.filter(authority=authority, active=True).exclude(position="").order_by("id"):
        if normalise.fold(p.position) == full:
            return p
    return None


def office_signature(authority, office) -> Signature:
    """The proposing office's head signs in person: "GIÁM ĐỐC", "TRƯỞNG PHÒNG" (the office's head_title)
    and the name thidua holds, or a dotted line for the name when it holds none."""
    if office is None:
        return Signature("", "THỦ TRƯỞNG CƠ QUAN THAM MƯU", BLANK_NAME)
    head = office_head(authority, office)
    return Signature("", office.head_title.upper(), head.full_name if head else BLANK_NAME)


def submission_symbol(authority) -> str:
    office = Voice.of(authority).proposer
    code = getattr(office, "short_code", "") if office is not None else ""
    return f"TTr-{code}" if code else "TTr-UBND"


# --- the council's result for a decision -------------------------------------------------------------


@dataclass(frozen=True)
class CouncilResult:
    meeting: CouncilMeeting
    members: int
    present: int
    passed: int  # of the decision's lines with a vote
    voted: int
    needed: int


def council_results(d: Decision, lines) -> list[CouncilResult]:
    """For each meeting that voted on the decision's candidates: the roll and how many passed."""
    ids = [ln.proposal_line_id for ln in lines if ln.proposal_line_id]
    if not ids:
        return []
    # every candidate of the proposals the decision comes from, those that did not pass too
    proposals = ProposalLine.objects.filter(pk__in=ids).values("proposal_id")
    votes = list(CouncilVote.objects.filter(line__proposal_id__in=proposals, meeting__authority=d.authority)
                 .select_related("meeting"))
    out = []
    for m in sorted({v.meeting for v in votes}, key=lambda m: (m.date, m.pk)):
        mine = [v for v in votes if v.meeting_id == m.pk]
        members, present = m.roll()
        out.append(CouncilResult(m, members, present, sum(v.passed for v in mine), len(mine),
                                 council.needed_votes(members, Fraction(m.pass_num, m.pass_den))))
    return out


def _yes_votes(lines) -> dict[int, tuple[int, int]]:
    """proposal line id → (meeting id, yes votes) for the decision's candidates."""
    ids = [ln.proposal_line_id for ln in lines if ln.proposal_line_id]
    return {v.line_id: (v.meeting_id, v.yes) for v in CouncilVote.objects.filter(line_id__in=ids)} if ids else {}


def _council_paragraph(results, voice: Voice) -> Paragraph:
    name = council_name(voice)
    if not results:
        return Paragraph(f"Kết quả xét của {name}: {dotted_line()}")
    parts = []
    for r in results:
        m = r.meeting
        parts.append(f"{name} họp {long_date(m.date)} ({r.present}/{r.members} thành viên dự họp) đã xét "
                     f"{_count(r.voted)} tập thể, cá nhân được đề nghị, trong đó {_count(r.passed)} tập thể, cá nhân "
                     f"đạt từ {m.pass_num}/{m.pass_den} tổng số thành viên Hội đồng đồng ý trở lên (từ {r.needed}/"
                     f"{r.members} thành viên)")
    return Paragraph("; ".join(parts) + ".")


# --- the tờ trình ------------------------------------------------------------------------------------


def submission_document(d: Decision, lines, number: int | None = None, day=None, results=()) -> Document:
    """Tờ trình of the proposing office to the chairman for decision `d` (lines: its DecisionLine rows)."""
    authority = d.authority
    voice = Voice.of(authority)
    office = voice.proposer
    by_kind = {k: [ln for ln in lines if ln.kind == k] for k, _ in GROUPS}
    kinds = {k for k in by_kind if by_kind[k]}
    counts = [f"{_count(len(by_kind[k]))} {label.lower()}" for k, label in GROUPS if by_kind[k]]
    total = sum(ln.amount for ln in lines)
    full, short = _award_phrase(d, voice)
    who = _kinds_phrase(kinds) or "tập thể, cá nhân"
    granted = (f"công nhận danh hiệu “{d.award.name}” năm {d.year}" if d.award.kind == "title"
               else f"tặng {full}")
    summary = (f"Về việc đề nghị công nhận danh hiệu “{d.award.name}” năm {d.year}" if d.award.kind == "title"
               else f"Về việc đề nghị tặng {short} cho các {who} năm {d.year}")
    named = _unit_namer(d)
    yes = _yes_votes(lines)
    members = {r.meeting.pk: r.members for r in results}
    rows = []
    for i, ln in enumerate(_ordered(lines), start=1):
        org = getattr(ln, "organisation", None)
        person = ", ".join(x for x in (ln.name, ln.position) if x) if ln.kind == "individual" else ln.name
        name = named(ln.name, org) if ln.kind == "collective" else person
        vote = yes.get(ln.proposal_line_id)
        rows.append((str(i), name, named(ln.unit_name, org) if ln.unit_name and ln.kind != "collective" else "",
                     f"{vote[1]}/{members.get(vote[0], '')}" if vote else "", format_number(ln.amount)))
    amounts = {k: sorted({ln.amount for ln in by_kind[k]}) for k, _ in GROUPS}
    per = "; ".join(f"mỗi {label.lower()} {' hoặc '.join(format_money(a) for a in amounts[k])}"
                    for k, label in GROUPS if amounts[k])
    office_name = office.name if office is not None else "Cơ quan tham mưu công tác thi đua, khen thưởng"
    chair = f"Chủ tịch {authority.name}"
    body = (
        _council_paragraph(results, voice),
        Paragraph(f"{office_name} kính trình {chair} xem xét, {granted} cho {' và '.join(counts) or who}"
                  f"{', ' + d.reason.strip().rstrip('.') if d.reason.strip() else ''} (có danh sách kèm theo)."),
        Paragraph(f"Tiền thưởng theo quy định tại {d.rule_set.name} ({per}; mức lương cơ sở "
                  f"{format_money(d.base_salary)}). Tổng số tiền thưởng: {format_money(total)} (Bằng chữ: "
                  f"{amount_in_words(total)}), chi từ Quỹ thi đua, khen thưởng của {voice.short_name}."),
        Paragraph(f"{office_name} kính trình {chair} xem xét, quyết định.{END}"),
    )
    table = Table(columns=(Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 3.8), Column("Đơn vị", 3.2),
                           Column("Số phiếu đồng ý", 1.2, "center"), Column("Tiền thưởng (đồng)", 1.6, "right")),
                  rows=tuple(rows) or (("", "", "", "", ""),), total_row=("", "Tổng cộng", "", "", format_number(total)),
                  font_size=13, name="Danh sách đề nghị")
    number_code = document_number(number, submission_symbol(authority))
    annex = Annex(label="", title_lines=("Danh sách", f"{who} đề nghị {granted}"),
                  subtitle=f"(Kèm theo Tờ trình số {number_code} {long_date(day) if day else 'ngày … tháng … năm …'} "
                           f"của {office_name})", blocks=(table,))
    parent = authority.short_name.upper()
    issuer = office.name.upper() if office is not None else authority.header_name
    return Document(
        header=Header(parent_authority=parent if office is not None else authority.parent_line, authority=issuer,
                      number_code=number_code, place_date=place_date(authority.place_name, day, d.date.year)),
        kind_name="Tờ trình", summary=summary, recipients=(chair,),
        legal_bases=tuple(voice.legal_bases("submission", day or d.date, extra=(d.rule_set.legal_basis,))),
        body=body, signature=office_signature(authority, office), annexes=(annex,),
        distribution=("Như trên", voice.archive_line()), name=f"Tờ trình {d.award.name} năm {d.year}",
    )


def submission_refusal(d: Decision) -> str:
    """Why the office's tờ trình for `d` cannot be made or issued here ("" when it can)."""
    if is_provincial(d):
        return (f"Quyết định do {deciding_voice(d).name} ban hành: tờ trình gửi cấp trên lập theo hồ sơ đề nghị "
                "khen thưởng cấp trên, không lập tờ trình của cơ quan tham mưu tại đây.")
    return ""


# --- the danh sách ký nhận tiền thưởng --------------------------------------------------------------


def _ordered(lines):
    rank = {k: i for i, (k, _) in enumerate(GROUPS)}
    return sorted(lines, key=lambda ln: (rank[ln.kind], ln.order, ln.pk or 0))


def receipt_list(d: Decision, lines) -> ReportForm:
    """Danh sách ký nhận tiền thưởng kèm theo quyết định `d`: one row per line, the amount, a column to
    sign; the total in figures and words; signed by the one who made it, the accountant and the head of
    the office that pays."""
    authority = d.authority
    voice = Voice.of(authority)
    payer = voice.payer
    _full, short = _award_phrase(d, voice)
    form_name = f"Danh hiệu “{d.award.name}”" if d.award.kind == "title" else short
    named = _unit_namer(d)
    rows = []
    for i, ln in enumerate(_ordered(lines), start=1):
        org = getattr(ln, "organisation", None)
        if ln.kind == "collective":
            name, unit = named(ln.name, org), ""
        else:
            name = ln.name
            unit = ", ".join(x for x in (ln.position, named(ln.unit_name, org) if ln.unit_name else "") if x)
        rows.append((str(i), name, unit, form_name, format_number(ln.amount), ""))
    total = sum(ln.amount for ln in lines)
    table = Table(columns=(Column("STT", 0.5, "center"), Column("Họ và tên / Tên tập thể", 3.0),
                           Column("Đơn vị", 2.8), Column("Hình thức khen thưởng", 1.5),
                           Column("Số tiền (đồng)", 1.3, "right"), Column("Ký nhận", 1.6, "center")),
                  rows=tuple(rows) or (("", "", "", "", "", ""),),
                  total_row=("", "Tổng cộng", "", "", format_number(total), ""), font_size=12,
                  name="Danh sách ký nhận tiền thưởng")
    issuer = deciding_voice(d).name if is_provincial(d) else f"Chủ tịch {authority.name}"
    blocks = (
        Paragraph(f"(Kèm theo Quyết định số {d.number_text} {long_date(d.date)} của {issuer})", italic=True,
                  align="center", indent=False),
        table,
        Paragraph(f"Tổng số: {_count(len(rows))} tập thể, cá nhân; tổng số tiền: {format_money(total)}.",
                  align="left", indent=False),
        Paragraph(f"Bằng chữ: {amount_in_words(total)}.", italic=True, align="left", indent=False),
    )
    head_title = payer.head_title.upper() if payer is not None else "THỦ TRƯỞNG ĐƠN VỊ"
    head = office_head(authority, payer)
    left = (authority.short_name.upper(), *((payer.name.upper(),) if payer is not None else ()))
    return ReportForm(
        left=left, title_lines=("Danh sách ký nhận tiền thưởng",),
        period="",
        right=(), blocks=blocks,
        signers=(FormSigner("Người lập"), FormSigner("Kế toán"),
                 FormSigner(head_title, "(Ký, họ tên, đóng dấu)", head.full_name if head else "",
                            place_date(authority.place_name, blank=" … "))),
        orientation="landscape" if len(rows) and max(len(r[1]) + len(r[2]) for r in rows) > 90 else "portrait",
        font_size=12, name=f"Danh sách ký nhận tiền thưởng {d.number_text}",
    )


# --- ballots and the biên bản kiểm phiếu -------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    line_id: int
    name: str
    award: str


@dataclass(frozen=True)
class Count:
    name: str
    award: str
    yes: int
    no: int
    abstain: int
    passed: bool


def secret_candidates(m: CouncilMeeting) -> list[Candidate]:
    """Who the ballots list: the candidates put to the meeting that were voted by secret ballot, and
    those not yet voted (the ballots are printed before the count); never one voted openly."""
    votes = {v.line_id: v.ballot for v in m.votes.all()}
    out = []
    for p in m.proposals.select_related("award", "organisation").prefetch_related("lines").order_by("id"):
        for ln in p.lines.all():
            if votes.get(ln.pk, "secret") == "secret":
                who = ", ".join(x for x in (ln.name, ln.position) if x) if ln.kind == "individual" else ln.name
                out.append(Candidate(ln.pk, who, p.award.name))
    return out


def secret_counts(m: CouncilMeeting) -> list[Count]:
    votes = m.votes.filter(ballot="secret").select_related("line", "line__proposal__award").order_by(
        "line__proposal_id", "line__order", "line_id")
    return [Count(", ".join(x for x in (v.line.name, v.line.position) if x) if v.line.kind == "individual"
                  else v.line.name, v.line.proposal.award.name, v.yes, v.no, v.abstain, v.passed) for v in votes]


def ballot_members(m: CouncilMeeting) -> list:
    """The members present, each once (the roll's rule)."""
    seen, out = set(), []
    for x in m.members.all():
        key = council.member_key(x.name)
        if x.present and key not in seen:
            seen.add(key)
            out.append(x)
    return out


def _ballot_summary(m: CouncilMeeting) -> str:
    return f"Xét đề nghị khen thưởng năm {m.year}"


def _ballot(m: CouncilMeeting, candidates, voice: Voice) -> Annex:
    """One ballot on a page of its own, with no page number and no name: every copy is the same."""
    awards = sorted({c.award for c in candidates})
    one = len(awards) == 1  # then named in the title, not in a column
    rows = tuple((str(i), c.name, *(() if one else (c.award,)), "", "") for i, c in enumerate(candidates, start=1))
    columns = (Column("STT", 0.5, "center"), Column("Tập thể, cá nhân", 5.0 if one else 4.0),
               *(() if one else (Column("Danh hiệu, hình thức", 2.6),)), Column("Đồng ý", 1.1, "center"),
               Column("Không đồng ý", 1.3, "center"))
    return Annex(
        label="", title_lines=("Phiếu bầu", _ballot_summary(m) + (f" ({awards[0]})" if one else "")),
        subtitle=f"(Phiên họp {council_name(voice)} {long_date(m.date)})",
        blocks=(
            Paragraph("Thành viên Hội đồng đánh dấu (X) vào một trong hai ô “Đồng ý” hoặc “Không đồng ý” ở mỗi dòng; "
                      "dòng để trống hoặc đánh dấu cả hai ô là không biểu quyết. Không ghi tên vào phiếu.", italic=True),
            Table(columns=columns, rows=rows or (("",) * len(columns),), font_size=13, name="Phiếu bầu"),
        ))


def ballots_document(m: CouncilMeeting, candidates, copies: int) -> Document:
    """The ballots of a secret vote: a first page for the Ban kiểm phiếu (the meeting, the roll, how many
    ballots, who is voted on, the threshold), then `copies` identical ballots (one per member present),
    each on a page of its own: a secret ballot names no member and carries no page number."""
    voice = Voice.of(m.authority)
    members, present = m.roll()
    needed = council.needed_votes(members, Fraction(m.pass_num, m.pass_den)) if members else 0
    body = (
        Paragraph(f"Phiên họp {council_name(voice)} {long_date(m.date)}, tại {m.place}."),
        Paragraph(f"Thành viên Hội đồng: {members}; có mặt: {present}. Số phiếu in: {copies} (mỗi thành viên có mặt "
                  f"một phiếu), kèm theo."),
        Paragraph(f"Số tập thể, cá nhân bỏ phiếu kín: {_count(len(candidates))}. Được đề nghị khi có ít nhất "
                  f"{m.pass_num}/{m.pass_den} tổng số thành viên Hội đồng đồng ý, tức từ {needed}/{members} phiếu "
                  "đồng ý trở lên."),
        Paragraph("Ban kiểm phiếu phát phiếu, thu phiếu, kiểm phiếu và ghi kết quả vào biên bản kiểm phiếu."),
    )
    return Document(
        header=Header(parent_authority=voice.short_name.upper(), authority="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                      number_code="", place_date=""),
        kind_name="Phiếu bầu", summary=_ballot_summary(m), body=body, working=True,
        annexes=tuple(_ballot(m, candidates, voice) for _ in range(copies)),
        name=f"Phiếu bầu {short_date(m.date)}",
    )


def count_minutes(m: CouncilMeeting, counts, tellers) -> Document:
    """Biên bản kiểm phiếu of the meeting's secret vote. `tellers`: the Ban kiểm phiếu (council members,
    the first its head); empty seats with dotted names when the meeting has not named it.

    Not numbered from the outgoing register: like the council's minutes it is the council's own record,
    kept with the dossier and never sent out; the number is left blank for an office that numbers it."""
    authority = m.authority
    voice = Voice.of(authority)
    name = council_name(voice)
    members, present = m.roll()
    ratio = Fraction(m.pass_num, m.pass_den)
    needed = council.needed_votes(members, ratio) if members else 0
    awards = sorted({c.award for c in counts})
    one_award = len(awards) == 1
    rows = []
    for i, c in enumerate(counts, start=1):
        share = f"{c.yes}/{members}" if members else str(c.yes)
        rows.append((str(i), c.name, *(() if one_award else (c.award,)), str(c.yes), share, str(c.no), str(c.abstain),
                     "Thông qua" if c.passed else "Không thông qua"))
    columns = (Column("STT", 0.5, "center"), Column("Tập thể, cá nhân", 3.6),
               *(() if one_award else (Column("Danh hiệu, hình thức", 2.2),)),
               Column("Đồng ý", 0.8, "center"), Column("Tỷ lệ", 0.8, "center"), Column("Không đồng ý", 0.9, "center"),
               Column("Không biểu quyết", 1.0, "center"), Column("Kết quả", 1.4))
    passed = [c for c in counts if c.passed]
    team = ("; ".join(f"{x.name} - {'Trưởng ban' if i == 0 else 'Thành viên'}" for i, x in enumerate(tellers))
            if tellers else dotted_line())
    body = (
        Paragraph(f"Hôm nay, {long_date(m.date)}, tại {m.place}, Ban kiểm phiếu của {name} gồm: {team}, "
                  f"tiến hành kiểm phiếu bầu xét đề nghị khen thưởng năm {m.year}."),
        Paragraph(f"Tổng số thành viên Hội đồng: {members}. Số thành viên có mặt: {present}. Số phiếu phát ra: "
                  f"{present}. Số phiếu thu vào: {dotted_line(40)}."),
        Paragraph(f"Theo quy chế, tập thể, cá nhân được đề nghị khi có ít nhất {m.pass_num}/{m.pass_den} tổng số "
                  f"thành viên Hội đồng đồng ý, tức từ {needed}/{members} phiếu đồng ý trở lên."),
        Paragraph(f"Kết quả kiểm phiếu{' (' + awards[0] + ')' if one_award else ''}:"),
        Table(columns=columns, rows=tuple(rows) or (("",) * len(columns),), font_size=12, name="Kết quả kiểm phiếu"),
        Paragraph(f"Số tập thể, cá nhân đạt số phiếu đồng ý theo quy định: {_count(len(passed))}/{_count(len(counts))}"
                  + (f" ({'; '.join(c.name for c in passed)})." if passed else ".")),
        Paragraph(f"Ban kiểm phiếu công bố kết quả trước Hội đồng; biên bản lập xong và thông qua tại phiên họp.{END}"),
    )
    seats = list(tellers) or [None, None, None]
    sigs = tuple(Signature("", "TRƯỞNG BAN KIỂM PHIẾU" if i == 0 else "THÀNH VIÊN", x.name if x else BLANK_NAME)
                 for i, x in enumerate(seats))
    return Document(
        header=Header(parent_authority=voice.short_name.upper(), authority="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                      number_code=document_number(None, "BB-HĐTĐKT"), place_date=place_date(authority.place_name,
                                                                                             m.date)),
        kind_name="Biên bản", summary=f"Kiểm phiếu bầu xét khen thưởng năm {m.year}", body=body, signature=sigs,
        distribution=("Thường trực Hội đồng", voice.archive_line()), name=f"Biên bản kiểm phiếu {short_date(m.date)}",
    )


def tellers_of(m: CouncilMeeting, ids=()) -> list:
    """The Ban kiểm phiếu: the members chosen (`ids`), else those whose role in the council says so
    ("Trưởng ban kiểm phiếu", "Thành viên Ban kiểm phiếu"), the head first."""
    members = list(m.members.all())
    if ids:
        chosen = [x for x in members if x.pk in set(ids)]
    else:
        chosen = [x for x in members if "kiem phieu" in normalise.fold(x.role)]
    return sorted(chosen, key=lambda x: (not normalise.fold(x.role).startswith("truong ban"), x.pk))


# --- rendering ---------------------------------------------------------------------------------------


def render(paper, fmt: str) -> bytes:
    """PDF or DOCX bytes of a paper (a Document or a ReportForm)."""
    from thidua.paperwork.pdf import render_pdf  # noqa: PLC0415 (startup)

    if fmt == "pdf":
        return render_pdf(paper)
    if fmt == "docx":
        if isinstance(paper, ReportForm):
            from thidua.paperwork.docxform import render_form_docx  # noqa: PLC0415 (startup)

            return render_form_docx(paper)
        from thidua.paperwork.docx import render_docx  # noqa: PLC0415 (startup)

        return render_docx(paper)
    raise ValueError(fmt)


# --- the tờ trình to the upper level -------------------------------------------------------------------

UPPER_AWARD_LEVELS = ("province", "national")  # decided by the province's chairman, or proposed through him
UPPER_AUTHORITY_LEVELS = ("xa", "huyen", "so")


def upper_authority_refusal(authority) -> str:
    """Why `authority` makes no tờ trình to the province at all ("" when it does)."""
    if authority.level not in UPPER_AUTHORITY_LEVELS:
        return f"{authority.name} không trình cấp trên bằng tờ trình này (chỉ cấp xã, cấp huyện, sở, ngành)."
    if not authority.province_name:
        return f"Chưa ghi tỉnh của {authority.name}: ghi tên tỉnh trong thông tin cơ quan trước khi lập tờ trình."
    return ""


def upper_refusal(authority, award) -> str:
    if award.level not in UPPER_AWARD_LEVELS:
        return (f"“{award.name}” không do cấp trên quyết định: {authority.name} tự xét và quyết định, "
                "không lập tờ trình cấp trên.")
    return upper_authority_refusal(authority)


def upper_candidates(authority, award, year: int) -> list[ProposalLine]:
    """The candidates the authority's council passed for `award` in `year`: the lines that passed (or were
    decided) of its approved proposals: collectives, individuals, households, each in the proposals' order."""
    lines = list(ProposalLine.objects.filter(
        proposal__authority=authority, proposal__award=award, proposal__year=year,
        proposal__status__in=(states.APPROVED, states.DECIDED), status__in=(states.LINE_PASSED, states.LINE_DECIDED),
    ).select_related("proposal", "organisation").order_by("proposal_id", "order", "id"))
    rank = {k: i for i, (k, _) in enumerate(GROUPS)}
    return sorted(lines, key=lambda ln: rank.get(ln.kind, len(rank)))  # collectives first, then individuals


def upper_council(authority, lines) -> tuple[list[CouncilResult], dict[int, tuple[int, int]]]:
    """The meetings that voted on these candidates' proposals (every candidate of them, those that failed
    too), and line id → (yes votes, members)."""
    proposals = {ln.proposal_id for ln in lines}
    votes = list(CouncilVote.objects.filter(line__proposal_id__in=proposals, meeting__authority=authority)
                 .select_related("meeting"))
    out, members = [], {}
    for m in sorted({v.meeting for v in votes}, key=lambda m: (m.date, m.pk)):
        mine = [v for v in votes if v.meeting_id == m.pk]
        total, present = m.roll()
        members[m.pk] = total
        out.append(CouncilResult(m, total, present, sum(v.passed for v in mine), len(mine),
                                 council.needed_votes(total, Fraction(m.pass_num, m.pass_den))))
    return out, {v.line_id: (v.yes, members[v.meeting_id]) for v in votes}


def _bases_with(bases: list[str], extra: str) -> list[str]:
    """The bases and the award's own, unless it is a law already cited (by its date rather than number)."""
    name = extra.split(" số ")[0].split(" ngày ")[0].strip()
    if not name or any(name in b for b in bases):
        return bases
    laws = [b for b in bases if b.startswith(("Căn cứ Luật", "Căn cứ Bộ luật"))]
    return [*laws, f"Căn cứ {extra}", *bases[len(laws):]]


def upper_award_name(award, province: str) -> str:
    return f"{award.name} {province}" if award.name.endswith("nhân dân tỉnh") and province else award.name


def chair_signature(authority, day) -> Signature:
    """The chair (a Signer with is_chair valid on `day`) for the body: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"."""
    rows = Signer.objects.filter(authority=authority, is_chair=True).order_by("display_order", "id")
    s = next((x for x in rows if (day is None or ((x.valid_from is None or x.valid_from <= day)
                                                  and (x.valid_to is None or day <= x.valid_to)))), None)
    prefix, title = signer_lines(s) if s is not None else ("", "CHỦ TỊCH")
    if not prefix.startswith("TM.") and authority.collective_name:
        prefix = f"TM. {authority.collective_name.upper()}"
    return Signature(prefix, title or "CHỦ TỊCH", s.name if s is not None else BLANK_NAME)


def upper_submission_document(authority, award, year: int, lines, results=(), yes=None, number: int | None = None,
                              day=None) -> Document:
    """Tờ trình of `authority`'s chairman to the province's chairman (through its proposing office) for
    `award` in `year`: the council's result, the candidates named in full for the reader at the province."""
    voice = Voice.of(authority)
    province = authority.province_name
    upper = Voice.for_level("tinh", f"tỉnh {province}")
    via = f" (qua {upper.proposer.name})" if upper.proposer is not None else ""
    name = upper_award_name(award, province)
    kinds = {ln.kind for ln in lines}
    who = _kinds_phrase(kinds) or "tập thể, cá nhân"
    counts = " và ".join(f"{_count(sum(ln.kind == k for ln in lines))} {label.lower()}" for k, label in GROUPS
                         if k in kinds)
    granted = f"công nhận danh hiệu “{name}”" if award.kind == "title" else f"tặng {name}"
    decide = "quyết định" if award.level == "province" else f"trình cấp có thẩm quyền {granted}"
    chair = f"Chủ tịch {upper.name}"
    yes = yes or {}
    rows = []
    for i, ln in enumerate(lines, start=1):
        own = getattr(ln.organisation, "kind", "") == OrgKind.DEPARTMENT
        if ln.kind == "collective":
            who_name, unit = voice.unit_name(ln.name, own), ""
        else:
            who_name = ln.name
            unit = position_at(ln.position, voice.unit_name(ln.unit_name, own) if ln.unit_name else "")
        vote = yes.get(ln.pk)
        rows.append((str(i), who_name, unit, ln.achievement or ln.proposal.summary,
                     f"{vote[0]}/{vote[1]}" if vote else ""))
    council_text = _council_paragraph(list(results), voice).text
    body = (
        Paragraph(f"Thực hiện công tác thi đua, khen thưởng năm {year}, trên cơ sở hồ sơ đề nghị của các cơ quan, "
                  f"đơn vị, {council_text}"),
        Paragraph(f"{authority.name} kính trình {chair} xem xét, {granted} năm {year} cho {counts or who} đã có "
                  f"thành tích xuất sắc trong phong trào thi đua năm {year} (có danh sách và báo cáo thành tích kèm "
                  "theo)."),
        Paragraph(f"Kính trình {chair} xem xét, {decide}.{END}"),
    )
    number_code = document_number(number, f"TTr-{authority.doc_code or 'UBND'}")
    table = Table(columns=(Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 2.6),
                           Column("Chức vụ, đơn vị", 3.0), Column("Tóm tắt thành tích", 3.2),
                           Column("Số phiếu đồng ý", 1.1, "center")),
                  rows=tuple(rows) or (("", "", "", "", ""),), font_size=12, name="Danh sách đề nghị cấp trên")
    annex = Annex(label="", title_lines=("Danh sách", f"{who} đề nghị {granted} năm {year}"),
                  subtitle=f"(Kèm theo Tờ trình số {number_code} {long_date(day) if day else 'ngày … tháng … năm …'} "
                           f"của {authority.name})", blocks=(table,))
    summary = f"Về việc đề nghị {granted} năm {year}"
    return Document(
        header=Header(parent_authority=authority.parent_line, authority=authority.header_name,
                      number_code=number_code, place_date=place_date(authority.place_name, day, year + 1)),
        kind_name="Tờ trình", summary=summary, recipients=(f"{chair}{via}",),
        legal_bases=tuple(_bases_with(voice.legal_bases("submission", day or min(
            clock.today(), authority.valid_to or clock.today())), award.legal_basis)),
        body=body, signature=chair_signature(authority, day), annexes=(annex,),
        distribution=("Như trên", voice.archive_line()), name=f"Tờ trình cấp trên {award.name} năm {year}",
    )


def upper_forms(authority, year: int) -> list[tuple]:
    """(award, candidates passed in `year`, key) for each form decided above `authority`, highest first."""
    counts = dict(ProposalLine.objects.filter(
        proposal__authority=authority, proposal__year=year, proposal__award__level__in=UPPER_AWARD_LEVELS,
        proposal__status__in=(states.APPROVED, states.DECIDED), status__in=(states.LINE_PASSED, states.LINE_DECIDED),
    ).values_list("proposal__award_id").annotate(n=dj.Count("id")).values_list("proposal__award_id", "n"))
    awards = Award.objects.filter(pk__in=counts).order_by("-rank", "name")
    return [(a, counts[a.pk], f"{a.code}:{year}") for a in awards]
