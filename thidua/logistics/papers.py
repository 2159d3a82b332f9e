"""The conference papers the office used to type by hand (#22), each drafted, numbered and issued through
the outgoing register (orgs.register) and keyed by the event (the conference) they serve:

- logistics.report — Báo cáo tổng kết công tác thi đua, khen thưởng năm … (the event's closing year): the
  figures from the emulation and awards data (logistics.figures), the year before beside them, and headed
  blanks for the prose no system can write; the figures also as an Excel annex (`report_xlsx`);
- logistics.budget_submission — the organising office's tờ trình to the chairman asking to approve the
  estimate of the conference's cost (the budget's total in figures and words, its table as the annex);
- logistics.budget_decision — the chairman's decision approving it (Điều 1 the total, Điều 2 the source
  of funds, Điều 3 the executing article), the table as its annex;
- logistics.talks_letter, logistics.covenant_letter — the công văn asking the units for their talks (the
  programme's deadline) and for their covenant registrations (the launched year's deadline), the forms
  attached.

Wording from the authority's data (orgs.wording.Voice): no level's words are written here."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse

from thidua.awards.papers import office_signature
from thidua.emulation.documents import council, dotted_line, registration_form
from thidua.emulation.models import Cycle, Group
from thidua.events.models import Event
from thidua.fund.queries import ledger as fund_ledger
from thidua.orgs import register
from thidua.orgs.models import RegisterEntry
from thidua.orgs.register import Source
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.wording import Voice, signature_of, signer_on
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import (
    Annex,
    Article,
    Bullets,
    Column,
    Document,
    GroupRow,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
    end_marked,
)
from thidua.paperwork.pdf import render_pdf
from thidua.program.models import ProgramSettings, Talk
from thidua.vn.dates import long_date, place_date, short_date
from thidua.vn.money import amount_in_words, format_money, format_number
from thidua.vn.numbering import document_number

from . import documents, figures, queries
from .models import Budget

REPORT, SUBMISSION, DECISION = "logistics.report", "logistics.budget_submission", "logistics.budget_decision"
TALKS, COVENANTS = "logistics.talks_letter", "logistics.covenant_letter"
TO_WRITE = "(Nội dung do cơ quan soạn thảo bổ sung.)"
NONE = "—"
SIGNS = (Paragraph("THỦ TRƯỞNG ĐƠN VỊ", bold=True, align="right", indent=False),
         Paragraph("(Ký tên, đóng dấu)", italic=True, align="right", indent=False))
FUNDS = "…………………… (cơ quan soạn thảo ghi nguồn kinh phí)"


# --- common ---------------------------------------------------------------------------------------


def event_in(authority, key: str) -> Event:
    """The conference `key` of `authority`; another authority's id (or no number) is not found."""
    event = (Event.objects.select_related("authority").filter(pk=int(key), authority_id=authority.pk).first()
             if str(key).isdigit() else None)
    if event is None:
        raise Http404("Không có hội nghị này.")
    return event


def _year(event: Event) -> int:
    return event.date.year if event.date else (event.tentative_year or dt.date.today().year)


def _header(authority, symbol: str, number: int | None, day: dt.date | None, year: int,
            parent: str | None = None, name: str | None = None) -> Header:
    return Header(parent_authority=authority.parent_line if parent is None else parent,
                  authority=name or authority.header_name, number_code=document_number(number, symbol, blank=" " * 6),
                  place_date=place_date(authority.place_name, day, year=year))


def _reference(header: Header, day: dt.date | None, year: int) -> str:
    """"số 05/TTr-NV ngày 07 tháng 4 năm 2025" (blanks before the number is given)."""
    when = long_date(day) if day else f"ngày      tháng      năm {year}"
    return f"số {header.number_code} {when}"


def chair_signature(authority, day: dt.date | None) -> Signature:
    """The authority's head in office on `day` (the chair first), as the signers are recorded."""
    signer = signer_on(authority.pk, day)
    if signer is None:
        raise ValidationFailed("Chưa có người ký của cơ quan: thêm người ký ở trang Quản trị, mục Người ký.",
                               "signatures")
    return signature_of(signer)


def _plan_basis(event: Event, authority) -> list[str]:
    """"Căn cứ Kế hoạch số 35/KH-UBND ngày … của UBND … về …" once the plan is issued."""
    plan = queries.plan_for(event)
    if plan is None or not plan.number_code or not plan.issue_date:
        return []
    return [f"Căn cứ Kế hoạch số {plan.number_code} ngày {short_date(plan.issue_date)} của {authority.short_name} "
            f"về {plan.summary[0].lower()}{plan.summary[1:]}"]


def _issued(kind: str, key: str) -> RegisterEntry | None:
    return RegisterEntry.objects.filter(source=f"{kind}:{key}", number__isnull=False).first()


def _title_lower(event: Event) -> str:
    return f"{event.title[0].lower()}{event.title[1:]}" if event.title else "hội nghị"


# --- Báo cáo tổng kết -------------------------------------------------------------------------------


def report_year(event: Event) -> int:
    if event.closes_year:
        return event.closes_year
    raise ValidationFailed("Hội nghị chưa ghi năm tổng kết (trang Hội nghị, mục “Tổng kết năm”).", "closes_year")


def _n(value) -> str:
    return NONE if value is None else format_number(value)


def _compare_rows(now: figures.YearFigures, before: figures.YearFigures) -> list[tuple[str, str, str]]:
    """The same figures for the year and the one before; "—" where the system holds no data of a year."""
    def cyc(f, get):
        return get(f) if f.has_cycle else None

    def award(f, get):
        return get(f) if f.awards else None

    rows = [
        ("Phong trào thi đua được phát động", lambda f: cyc(f, lambda y: len(y.movements))),
        ("Đơn vị ký kết giao ước thi đua", lambda f: cyc(f, lambda y: y.covenant_total.signed)),
        ("trong đó: trễ hạn", lambda f: cyc(f, lambda y: y.covenant_total.late)),
        ("Đơn vị chưa đăng ký giao ước", lambda f: cyc(f, lambda y: len(y.covenant_total.missing))),
        ("Quyết định khen thưởng đã ban hành", lambda f: award(f, lambda y: y.own_decisions)),
        ("Tập thể được khen thưởng", lambda f: award(f, lambda y: y.award_sum(True, "collectives"))),
        ("Cá nhân được khen thưởng", lambda f: award(f, lambda y: y.award_sum(True, "individuals"))),
        ("Lượt khen thưởng của cấp trên", lambda f: award(f, lambda y: sum(
            a.collectives + a.individuals + a.households for a in y.awards if not a.own))),
        ("Tiền thưởng đã chi (đồng)", lambda f: award(f, lambda y: y.prize_total)),
    ]
    return [(label, _n(get(before)), _n(get(now))) for label, get in rows]


def report_tables(now: figures.YearFigures, before: figures.YearFigures, voice: Voice) -> dict[str, Table]:
    """The report's figures as tables (the document and the Excel annex read the same)."""
    mv = Table(columns=(Column("STT", 0.7, "center"), Column("Tên phong trào", 4.2), Column("Loại", 2.0),
                        Column("Văn bản phát động", 2.6), Column("Số đơn vị tham gia", 1.4, "right")),
               rows=tuple((str(i), m.name, m.kind, m.launch or NONE, format_number(m.units))
                          for i, m in enumerate(now.movements, start=1)), font_size=12, name="Bảng phong trào thi đua")
    total = now.covenant_total
    cov = Table(columns=(Column("Cụm, khối thi đua", 3.6), Column("Số đơn vị", 1.2, "right"),
                         Column("Đúng hạn", 1.2, "right"), Column("Trễ hạn", 1.2, "right"),
                         Column("Chưa đăng ký", 1.4, "right")),
                rows=tuple((g.name, format_number(g.total), format_number(g.on_time), format_number(g.late),
                            format_number(len(g.missing))) for g in now.covenants),
                total_row=("Tổng cộng", format_number(total.total), format_number(total.on_time),
                           format_number(total.late), format_number(len(total.missing))),
                font_size=12, name="Bảng đăng ký giao ước")
    rank = Table(columns=(Column("Cụm, khối thi đua", 3.2), Column("Số đơn vị", 1.1, "right"),
                          Column("Đơn vị dẫn đầu", 4.0), Column("Điểm (thang 100)", 1.5, "right")),
                 rows=tuple((g.name, format_number(g.units),
                             ", ".join(g.leaders) if g.leaders else ("Chưa có kết quả" if g.locked
                                                                     else "Chưa khóa kết quả xếp hạng"),
                             format_number(g.score, 2) if g.score is not None else NONE) for g in now.ranking),
                 font_size=12, name="Bảng xếp hạng cụm, khối")
    rows: list = []
    for own, label in ((True, f"Khen thưởng của {voice.short_name}"), (False, "Khen thưởng của cấp trên")):
        lines = [a for a in now.awards if a.own == own]
        if not lines:
            continue
        rows.append(GroupRow(label))
        rows += [(a.award, a.level, format_number(a.decisions), format_number(a.collectives),
                  format_number(a.individuals + a.households), format_money(a.amount, unit=False) if own else NONE)
                 for a in lines]
    aw = Table(columns=(Column("Danh hiệu, hình thức", 3.6), Column("Cấp", 1.4), Column("Số quyết định", 1.2, "right"),
                        Column("Tập thể", 1.1, "right"), Column("Cá nhân, hộ gia đình", 1.4, "right"),
                        Column("Tiền thưởng (đồng)", 1.8, "right")),
               rows=tuple(rows), font_size=12, name="Bảng khen thưởng",
               total_row=("Tổng cộng", "", format_number(sum(a.decisions for a in now.awards)),
                          format_number(sum(a.collectives for a in now.awards)),
                          format_number(sum(a.individuals + a.households for a in now.awards)),
                          format_money(now.prize_total, unit=False)))
    cmp_ = Table(columns=(Column("Chỉ tiêu", 4.6), Column(f"Năm {before.year}", 1.6, "right"),
                          Column(f"Năm {now.year}", 1.6, "right")),
                 rows=tuple(_compare_rows(now, before)), font_size=12, name="Bảng so sánh")
    return {"movements": mv, "covenants": cov, "ranking": rank, "awards": aw, "compare": cmp_}


def _placeholder() -> Paragraph:
    return Paragraph(TO_WRITE, italic=True)


def report_document(event: Event, number: int | None = None, day: dt.date | None = None) -> Document:
    authority = event.authority
    voice = Voice.of(authority)
    year = report_year(event)
    now, before = figures.year_figures(authority, year), figures.year_figures(authority, year - 1)
    t = report_tables(now, before, voice)
    body: list = [Heading(f"I. KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}", 1),
                  Heading("1. Công tác lãnh đạo, chỉ đạo và tổ chức các phong trào thi đua", 2), _placeholder()]
    if now.movements:
        body += [Paragraph(f"Số phong trào thi đua được phát động trong năm: {len(now.movements)}.", italic=True),
                 t["movements"]]
    else:
        body.append(Paragraph("Chưa có phong trào thi đua nào của năm được ghi trong hệ thống.", italic=True))
    body += [Heading("2. Đăng ký, ký kết giao ước thi đua", 2)]
    if now.has_cycle:
        total = now.covenant_total
        deadline = f" (hạn nộp bản đăng ký: {short_date(now.deadline)})" if now.deadline else ""
        body += [Paragraph(f"Có {total.signed}/{total.total} đơn vị đăng ký giao ước thi đua{deadline}, trong đó "
                           f"{total.on_time} đơn vị đúng hạn, {total.late} đơn vị trễ hạn; "
                           f"{len(total.missing)} đơn vị chưa đăng ký.", italic=True), t["covenants"]]
        if total.missing:
            body.append(Paragraph("Đơn vị chưa đăng ký: " + "; ".join(total.missing) + ".", italic=True))
    else:
        body.append(Paragraph(f"Chưa có năm thi đua {year} trong hệ thống.", italic=True))
    body += [_placeholder(), Heading("3. Kết quả chấm điểm, xếp hạng thi đua các cụm, khối", 2)]
    body += [t["ranking"]] if now.ranking else [Paragraph("Chưa có cụm, khối thi đua trong năm.", italic=True)]
    body += [_placeholder(), Heading("4. Công tác khen thưởng", 2)]
    if now.awards:
        body.append(t["awards"])
    else:
        body.append(Paragraph(f"Chưa có quyết định khen thưởng năm {year} đã ban hành trong hệ thống.", italic=True))
    body += [Paragraph(f"Tiền thưởng đã chi theo các quyết định khen thưởng của {voice.short_name}: "
                       f"{format_money(now.prize_total)} (Bằng chữ: {amount_in_words(now.prize_total)}).", italic=True),
             _fund_paragraph(authority, year, voice), _placeholder(),
             Heading(f"5. So sánh với năm {year - 1}", 2), t["compare"], _placeholder(),
             Heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", 1), _placeholder(),
             Heading("III. BÀI HỌC KINH NGHIỆM", 1), _placeholder(),
             Heading(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year + 1}", 1), _placeholder(),
             Paragraph(f"Trên đây là Báo cáo tổng kết công tác thi đua, khen thưởng năm {year} của {voice.name}./.")]
    return Document(header=_header(authority, f"BC-{authority.doc_code}", number, day, _year(event)),
                    kind_name="Báo cáo", summary=f"Tổng kết công tác thi đua, khen thưởng năm {year}",
                    body=tuple(body), signature=chair_signature(authority, day or event.date),
                    distribution=voice.distribution(first=(f"Thường trực {council(authority)}",), skip_executing=False),
                    name=f"bao-cao-tong-ket-{year}")


def _fund_paragraph(authority, year: int, voice: Voice) -> Paragraph:
    """The year of the fund (quỹ thi đua, khen thưởng) as its ledger in thidua holds it (#19)."""
    book = fund_ledger(authority, year)
    if not book.rows and not book.opening:
        return Paragraph(f"Quỹ thi đua, khen thưởng: sổ quỹ trong hệ thống chưa ghi khoản thu, chi nào của năm {year}.",
                         italic=True)
    return Paragraph(f"Quỹ thi đua, khen thưởng của {voice.short_name} năm {year}: tồn đầu năm "
                     f"{format_money(book.opening)}; thu trong năm {format_money(book.total_in)}; chi trong năm "
                     f"{format_money(book.total_out)}; tồn cuối năm {format_money(book.closing)}.")


def report_rows(now: figures.YearFigures, before: figures.YearFigures, voice: Voice) -> list[list]:
    """The report's figures one a row (part, what, figure, value): numbers stay numbers, to sum and filter."""
    rows: list[list] = []
    for m in now.movements:
        rows.append(["Phong trào thi đua", m.name, "Số đơn vị tham gia", m.units])
    for g in [*now.covenants, now.covenant_total] if now.has_cycle else []:
        rows += [["Giao ước thi đua", g.name, label, value] for label, value in (
            ("Số đơn vị", g.total), ("Đăng ký đúng hạn", g.on_time), ("Đăng ký trễ hạn", g.late),
            ("Chưa đăng ký", len(g.missing)))]
    for g in now.ranking:
        rows.append(["Xếp hạng cụm, khối", g.name, "Đơn vị dẫn đầu", ", ".join(g.leaders) or NONE])
        if g.score is not None:
            rows.append(["Xếp hạng cụm, khối", g.name, "Điểm (thang 100)", g.score])
    for a in now.awards:
        who = f"{a.award} ({a.level}; {'của ' + voice.short_name if a.own else 'cấp trên'})"
        rows += [["Khen thưởng", who, label, value] for label, value in (
            ("Số quyết định", a.decisions), ("Tập thể", a.collectives), ("Cá nhân, hộ gia đình",
                                                                         a.individuals + a.households))]
        if a.own:
            rows.append(["Khen thưởng", who, "Tiền thưởng (đồng)", a.amount])
    rows.append(["Khen thưởng", f"Tổng tiền thưởng của {voice.short_name}", "Tiền thưởng (đồng)", now.prize_total])
    for label, old, new in _compare_rows(now, before):
        for year, value in ((before.year, old), (now.year, new)):
            rows.append([f"So sánh với năm {before.year}", label, f"Năm {year}",
                         value if value == NONE else int(value.replace(".", ""))])
    return rows


def report_xlsx(event: Event) -> bytes:
    """The report's figures as a spreadsheet (formula-like text neutralised by orgs.sheets)."""
    authority = event.authority
    voice = Voice.of(authority)
    year = report_year(event)
    now, before = figures.year_figures(authority, year), figures.year_figures(authority, year - 1)
    columns = [ExportColumn("Phần", 22), ExportColumn("Nội dung", 48), ExportColumn("Chỉ tiêu", 24),
               ExportColumn("Số liệu", 18, kind="int")]
    return write_xlsx(columns, report_rows(now, before, voice),
                      title=f"SỐ LIỆU BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}",
                      subtitle_lines=(voice.name,), sheet_name="Số liệu")


# --- the estimate: tờ trình and quyết định phê duyệt -----------------------------------------------


def _budget(event: Event) -> tuple[Budget, object]:
    budget = Budget.objects.filter(event=event).first()
    if budget is None or not budget.lines.exists():
        raise ValidationFailed("Hội nghị chưa có dự trù kinh phí: lập dự trù ở trang Kinh phí.", "budget")
    return budget, queries.budget_summary(budget)


def _budget_annex(summary, title: str, subtitle: str) -> Annex:
    table = Table(columns=documents.BUDGET_COLUMNS, rows=tuple(tuple(r) for r in documents.budget_rows(summary)),
                  font_size=11, name="Bảng dự toán", landscape=False,
                  total_row=("", "", "Tổng kinh phí hội nghị", "", "", "",
                             format_money(summary.conference_total, unit=False), ""))
    return Annex(title_lines=("DỰ TOÁN KINH PHÍ", title.upper()), subtitle=subtitle, blocks=(table,), label="Phụ lục")


def _total_words(summary) -> str:
    return f"{format_money(summary.conference_total)} (Bằng chữ: {amount_in_words(summary.conference_total)})"


def _fund_line(summary, voice: Voice) -> list[Paragraph]:
    if not summary.fund_total:
        return []
    return [Paragraph(f"Tiền thưởng kèm theo các quyết định khen thưởng ({format_money(summary.fund_total)}) chi từ "
                      f"Quỹ thi đua, khen thưởng của {voice.short_name}, không tính vào dự toán này.")]


def submission_document(event: Event, number: int | None = None, day: dt.date | None = None) -> Document:
    authority = event.authority
    voice = Voice.of(authority)
    office = voice.proposer
    _, summary = _budget(event)
    code = getattr(office, "short_code", "") if office else ""
    header = _header(authority, f"TTr-{code or authority.doc_code}", number, day, _year(event),
                     parent=authority.short_name.upper(), name=office.name.upper() if office else None)
    who = office.name if office else voice.name
    plan = queries.plan_for(event)
    ground = (f"Thực hiện Kế hoạch số {plan.number_code} ngày {short_date(plan.issue_date)} của {voice.short_name} "
              f"về {plan.summary[0].lower()}{plan.summary[1:]}, " if plan and plan.number_code and plan.issue_date
              else "")
    payer = voice.payer
    body = [Paragraph(f"{ground}{who} kính trình Chủ tịch {voice.name} phê duyệt dự toán kinh phí tổ chức "
                      f"{_title_lower(event)}, cụ thể như sau:"),
            Paragraph(f"1. Số đại biểu dự kiến: {format_number(summary.delegates)} đại biểu."),
            Paragraph(f"2. Tổng kinh phí đề nghị phê duyệt: {_total_words(summary)}.", bold=True),
            Paragraph("(Chi tiết theo Phụ lục kèm theo.)", italic=True), *_fund_line(summary, voice),
            Paragraph(f"3. Nguồn kinh phí: {FUNDS}."),
            Paragraph(f"Kính trình Chủ tịch {voice.name} xem xét, phê duyệt./.")]
    reference = _reference(header, day, _year(event))
    return Document(header=header, kind_name="Tờ trình",
                    summary=f"Về việc phê duyệt dự toán kinh phí tổ chức {_title_lower(event)}",
                    recipients=(f"Chủ tịch {voice.name}",), legal_bases=(), body=tuple(body),
                    signature=office_signature(authority, office),
                    distribution=("Như trên", *((payer.name,) if payer else ()), voice.archive_line()),
                    annexes=(_budget_annex(summary, f"Tổ chức {_title_lower(event)}",
                                           f"(Kèm theo Tờ trình {reference} của {who})"),),
                    name="to-trinh-du-toan")


def decision_document(event: Event, number: int | None = None, day: dt.date | None = None) -> Document:
    authority = event.authority
    voice = Voice.of(authority)
    budget, summary = _budget(event)
    header = _header(authority, f"QĐ-{authority.doc_code}", number, day, _year(event))
    bases = [*voice.legal_bases("decision", day or event.date), *_plan_basis(event, authority)]
    submission = _issued(SUBMISSION, str(event.pk))
    proposer = voice.proposer_head()
    if submission is not None and submission.issued_on:
        office = voice.proposer
        code = getattr(office, "short_code", "") if office else ""
        number_code = document_number(submission.number, f"TTr-{code or authority.doc_code}")
        bases.append(f"Xét đề nghị của {proposer} tại Tờ trình số {number_code} ngày {short_date(submission.issued_on)}")
    else:
        bases.append(f"Xét đề nghị của {proposer}")
    bases = [b + (";" if i < len(bases) - 1 else ".") for i, b in enumerate(bases)]
    payer = voice.payer
    article2 = f"Nguồn kinh phí: {FUNDS}."
    if payer:
        article2 += f" Giao {payer.name} thẩm định, cấp phát và hướng dẫn thanh quyết toán theo quy định."
    if summary.fund_total:
        article2 += (f" Tiền thưởng kèm theo các quyết định khen thưởng ({format_money(summary.fund_total)}) chi từ "
                     "Quỹ thi đua, khen thưởng, không tính vào dự toán này.")
    reference = _reference(header, day, _year(event))
    return Document(header=header, kind_name="Quyết định",
                    summary=f"Về việc phê duyệt dự toán kinh phí tổ chức {_title_lower(event)}",
                    issuer=f"CHỦ TỊCH {voice.name.upper()}", legal_bases=tuple(bases), closing="QUYẾT ĐỊNH:",
                    body=end_marked((Article(1, f"Phê duyệt dự toán kinh phí tổ chức {_title_lower(event)}, với tổng "
                                                f"kinh phí: {_total_words(summary)}. (Chi tiết theo Phụ lục kèm theo.)"),
                                     Article(2, article2),
                                     Article(3, "Quyết định này có hiệu lực kể từ ngày ký. "
                                                + voice.executing_article(named="")))),
                    signature=chair_signature(authority, day or event.date),
                    distribution=voice.distribution(first=("Như Điều 3",)),
                    annexes=(_budget_annex(summary, f"Tổ chức {_title_lower(event)}",
                                           f"(Kèm theo Quyết định {reference} của Chủ tịch {voice.name})"),),
                    name="quyet-dinh-du-toan")


# --- công văn: talks and covenant registrations -----------------------------------------------------


def _letter_symbol(authority, voice: Voice) -> str:
    office = voice.proposer
    code = getattr(office, "short_code", "") if office else ""
    return f"{authority.doc_code}-{code}" if code else authority.doc_code


def talks(event: Event) -> list[Talk]:
    return list(Talk.objects.filter(event=event).select_related("organisation").order_by("display_order", "id"))


def talk_deadline(event: Event) -> dt.date:
    ps = ProgramSettings.objects.filter(event=event).first()
    if ps is None or ps.talk_deadline is None:
        raise ValidationFailed("Chưa có hạn gửi tham luận: ghi hạn ở trang Chương trình hội nghị.", "talk_deadline")
    return ps.talk_deadline


def talks_letter(event: Event, number: int | None = None, day: dt.date | None = None) -> Document:
    authority = event.authority
    voice = Voice.of(authority)
    rows = talks(event)
    if not rows:
        raise ValidationFailed("Chưa chọn đơn vị trình bày tham luận: thêm ở trang Chương trình hội nghị.", "talks")
    deadline = talk_deadline(event)
    ps = ProgramSettings.objects.get(event=event)
    standing = f"Thường trực {council(authority)}"
    header = _header(authority, _letter_symbol(authority, voice), number, day, _year(event))
    body = [*[Paragraph(b) for b in _plan_basis(event, authority)],
            Paragraph(f"Để chuẩn bị tổ chức {_title_lower(event)}, {voice.name} đề nghị các đơn vị có tên dưới đây "
                      f"chuẩn bị bài tham luận trình bày tại Hội nghị (thời lượng trình bày từ {ps.talk_min_minutes} "
                      f"đến {ps.talk_max_minutes} phút), cụ thể:"),
            Table(columns=(Column("STT", 0.7, "center"), Column("Đơn vị", 4.0), Column("Nội dung tham luận", 4.6)),
                  rows=tuple((str(i), t.organisation.name, t.title or "Do đơn vị đề xuất")
                             for i, t in enumerate(rows, start=1)), font_size=12, name="Bảng đơn vị tham luận"),
            Paragraph(f"Bài tham luận và phiếu đăng ký (theo mẫu kèm theo) gửi về {standing} trước "
                      f"{long_date(deadline)} để tổng hợp."),
            Paragraph("Đề nghị các đơn vị quan tâm, thực hiện./.")]
    reference = _reference(header, day, _year(event))
    form = Annex(title_lines=("PHIẾU ĐĂNG KÝ THAM LUẬN",), label="Mẫu",
                 subtitle=f"(Kèm theo Công văn {reference} của {voice.short_name})",
                 blocks=(Paragraph(f"Tên đơn vị: {dotted_line(120)}", align="left", indent=False),
                         Paragraph(f"Tên bài tham luận: {dotted_line(105)}", align="left", indent=False),
                         Paragraph(dotted_line(), align="left", indent=False),
                         Paragraph(f"Người trình bày (họ và tên): {dotted_line(85)}", align="left", indent=False),
                         Paragraph(f"Chức vụ: {dotted_line(130)}", align="left", indent=False),
                         Paragraph(f"Thời lượng trình bày: từ {ps.talk_min_minutes} đến {ps.talk_max_minutes} phút.",
                                   align="left", indent=False),
                         Paragraph(f"Số điện thoại liên hệ: {dotted_line(100)}", align="left", indent=False)))
    return Document(header=header, kind_name=None, summary=f"V/v chuẩn bị tham luận tại {_title_lower(event)}",
                    recipients=tuple(t.organisation.name for t in rows), body=tuple(body),
                    signature=chair_signature(authority, day or event.date),
                    distribution=("Như trên", f"Thường trực {council(authority)}", voice.archive_line()),
                    annexes=(form,), name="cong-van-tham-luan")


def covenant_cycle(event: Event) -> Cycle:
    year = event.launches_year or (event.closes_year + 1 if event.closes_year else None)
    cycle = Cycle.objects.filter(authority_id=event.authority_id, year=year).first() if year else None
    if cycle is None:
        raise ValidationFailed("Chưa có năm thi đua được phát động tại hội nghị: tạo năm thi đua ở trang Thi đua.",
                               "launches_year")
    if cycle.covenant_deadline is None:
        raise ValidationFailed(f"Năm thi đua {cycle.year} chưa có hạn nộp bản đăng ký giao ước.", "covenant_deadline")
    return cycle


def covenant_letter(event: Event, number: int | None = None, day: dt.date | None = None) -> Document:
    authority = event.authority
    voice = Voice.of(authority)
    cycle = covenant_cycle(event)
    groups = list(Group.objects.filter(cycle=cycle).select_related("cycle", "cycle__authority", "scorecard")
                  .order_by("display_order", "id"))
    if not groups:
        raise ValidationFailed(f"Năm thi đua {cycle.year} chưa có cụm, khối thi đua.", "groups")
    standing = f"Thường trực {council(authority)}"
    header = _header(authority, _letter_symbol(authority, voice), number, day, _year(event))
    reference = _reference(header, day, _year(event))
    body = [*[Paragraph(b) for b in _plan_basis(event, authority)],
            Paragraph(f"Để chuẩn bị ký kết giao ước thi đua năm {cycle.year} tại {_title_lower(event)}, {voice.name} "
                      f"đề nghị các đơn vị thành viên các cụm, khối thi đua đăng ký các chỉ tiêu thi đua năm "
                      f"{cycle.year} theo mẫu của cụm, khối mình (kèm theo), gửi về {standing} trước "
                      f"{long_date(cycle.covenant_deadline)} để tổng hợp."),
            Bullets(tuple(f"{g.name}: {g.memberships.count()} đơn vị" for g in groups)),
            Paragraph("Đề nghị các đơn vị quan tâm, thực hiện./.")]
    annexes = tuple(Annex(title_lines=("BẢN ĐĂNG KÝ GIAO ƯỚC THI ĐUA", f"{g.name.upper()} NĂM {cycle.year}"),
                          subtitle=f"(Kèm theo Công văn {reference} của {voice.short_name})", label="Mẫu",
                          blocks=(*registration_form(g).body, *SIGNS)) for g in groups)
    return Document(header=header, kind_name=None, summary=f"V/v đăng ký giao ước thi đua năm {cycle.year}",
                    recipients=tuple(f"Các đơn vị thành viên {g.name}" for g in groups), body=tuple(body),
                    signature=chair_signature(authority, day or event.date),
                    distribution=("Như trên", standing, voice.archive_line()), annexes=annexes,
                    name="cong-van-giao-uoc")


# --- the register -----------------------------------------------------------------------------------

BUILDERS = {REPORT: report_document, SUBMISSION: submission_document, DECISION: decision_document,
            TALKS: talks_letter, COVENANTS: covenant_letter}
TITLES = {REPORT: "Báo cáo tổng kết công tác thi đua, khen thưởng", SUBMISSION: "Tờ trình phê duyệt dự toán kinh phí",
          DECISION: "Quyết định phê duyệt dự toán kinh phí", TALKS: "Công văn đề nghị chuẩn bị tham luận",
          COVENANTS: "Công văn đề nghị đăng ký giao ước thi đua"}


def build(kind: str, authority, key: str, number: int | None = None, day: dt.date | None = None) -> Document:
    return BUILDERS[kind](event_in(authority, key), number, day)


def _source(kind: str, doc_kind: str, kind_name: str) -> Source:
    def build_it(authority, key, number, day):
        return build(kind, authority, key, number, day)

    def back(key: str) -> str:
        return reverse("logistics:papers", args=[int(key)]) if str(key).isdigit() else ""

    def title(authority, key: str) -> str:
        return f"{TITLES[kind]}: {event_in(authority, key).title}"

    return Source(kind=kind, doc_kind=doc_kind, kind_name=kind_name, build=build_it, perm="logistics.manage_plan",
                  back=back, title=title)


def register_sources() -> list[Source]:
    return [_source(REPORT, "report", "Báo cáo"), _source(SUBMISSION, "submission", "Tờ trình"),
            _source(DECISION, "decision", "Quyết định"), _source(TALKS, "letter", "Công văn"),
            _source(COVENANTS, "letter", "Công văn")]


def current(kind: str, authority, key: str) -> tuple[Document, RegisterEntry | None]:
    """The paper as it stands: the register's entry (the frozen text once issued, else the draft with the
    clerk's edits), or built from the data when nobody opened it in the register yet."""
    event_in(authority, key)
    entry = RegisterEntry.objects.filter(authority=authority, source=f"{kind}:{key}").first()
    if entry is not None:
        return register.built(entry), entry
    return build(kind, authority, key), None


def render(kind: str, authority, key: str, fmt: str) -> bytes:
    """PDF, DOCX (the issued copy kept by the register when there is one) or, for the report, XLSX."""
    if fmt == "xlsx":
        if kind != REPORT:
            raise ValidationFailed("Chỉ báo cáo tổng kết có bảng số liệu Excel.")
        return report_xlsx(event_in(authority, key))
    document, entry = current(kind, authority, key)
    stored = getattr(entry, fmt, None) if entry is not None and entry.is_issued else None
    if stored:
        with stored.open("rb") as f:
            return f.read()
    return render_pdf(document) if fmt == "pdf" else render_docx(document)
