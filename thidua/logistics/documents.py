"""The paperwork of conference preparation: the Kế hoạch (Decree 30, Mẫu 1.4), the budget estimate
with its total in words, and the delegates' bundle of approved materials (a contents page, then the
approved PDF versions merged with pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404
from django.urls import reverse

from thidua.orgs.register import Source
from thidua.orgs.services import ValidationFailed
from thidua.orgs.wording import Voice, signature_of, signer_on
from thidua.paperwork.model import (
    Bullets,
    Column,
    Document,
    FreePage,
    Header,
    Heading,
    PaperworkError,
    Paragraph,
    Signature,
    Table,
    Text,
    end_marked,
)
from thidua.paperwork.pdf import render_pdf
from thidua.vn.dates import place_date, short_date
from thidua.vn.money import amount_in_words, format_money, format_number
from thidua.vn.numbering import document_number, two_digit

from . import budget_rules, services
from .models import Budget, Material, Plan, SectionKind

if TYPE_CHECKING:
    from pypdf import PdfReader

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ITEM = re.compile(r"^([a-zđ]\)|\d+\.)\s+")


def _signature(plan: Plan, day: dt.date | None = None) -> Signature:
    signer = signer_on(plan.authority_id, day or plan.issue_date, plan.signer)
    if signer is None:
        raise PaperworkError("Chưa có người ký kế hoạch: chọn người ký trong kế hoạch hoặc thêm người ký của cơ quan "
                             "(trang Quản trị, mục Người ký).", "signature")
    return signature_of(signer)


def lines_to_blocks(text: str) -> list:
    """Free text as officials type it: "- …" a dash line, "* …" a bold sub-heading, "a) …" a lettered
    point (italic bold heading when short), other lines paragraphs."""
    blocks: list = []
    dashes: list[str] = []

    def flush():
        if dashes:
            blocks.append(Bullets(tuple(dashes)))
            dashes.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("- "):
            dashes.append(line[2:].strip())
            continue
        flush()
        if line.startswith("* "):
            blocks.append(Paragraph(line[2:].strip(), bold=True, italic=True))
        else:
            blocks.append(Paragraph(line))
    flush()
    return blocks


def _dash_items(text: str) -> list[str]:
    return [ln.strip().lstrip("-").strip() for ln in (text or "").splitlines() if ln.strip()]


def _section_blocks(plan: Plan, section, assignments) -> list:
    out: list = [Heading(f"{section.numeral}. {section.title}", 1)]
    kind = section.kind
    if kind == SectionKind.PURPOSES:
        for i, line in enumerate(_dash_items(plan.purposes), start=1):
            out.append(Paragraph(line if _ITEM.match(line) else f"{i}. {line}"))
    elif kind == SectionKind.CONTENTS:
        items = _dash_items(plan.contents)
        if items:
            out.append(Bullets(tuple(items)))
    elif kind == SectionKind.TIME_PLACE:
        if plan.time_text:
            out.append(Paragraph(f"1. Thời gian: {plan.time_text}"))
        if plan.place_text:
            out.append(Paragraph(f"2. Địa điểm: {plan.place_text}"))
        out.append(Paragraph("3. Thành phần tham dự"))
        if plan.delegates_total:
            out.append(Paragraph(f"Tổng số đại biểu dự Hội nghị là {plan.delegates_total} đại biểu."))
        if plan.composition:
            out.extend(lines_to_blocks(plan.composition))
        else:
            for c in plan.event.categories.all():
                out.append(Paragraph(f"{c.code}) {c.name}" + (f": {c.description}" if c.description else "")))
    elif kind == SectionKind.IMPLEMENTATION:
        for a in assignments:
            duties = [ln.strip() for ln in a.duties.splitlines() if ln.strip()]
            if len(duties) == 1 and not duties[0].startswith(("- ", "a)")):
                out.append(Paragraph(f"{a.number}. {a.label}: {duties[0]}"))
            else:
                out.append(Heading(f"{a.number}. {a.label}", 2))
                out.extend(lines_to_blocks(a.duties))
            if plan.backdrop_lines and plan.backdrop_after_item == a.number:
                out.append(Paragraph(f"{plan.backdrop_title or 'Maket trang trí Hội nghị'}:", italic=True))
                for line in plan.backdrop_lines.splitlines():
                    if line.strip():
                        out.append(Paragraph(line.strip(), bold=not line.strip().startswith(plan.place_name),
                                             italic=line.strip().startswith(plan.place_name), align="center",
                                             indent=False))
    elif kind == SectionKind.TALKS:
        out.extend(lines_to_blocks(plan.talks_text))
        if plan.talks_note:
            out.append(Paragraph(f"* Lưu ý: {plan.talks_note}", italic=True))
    elif section.text:
        out.extend(lines_to_blocks(section.text))
    return out


def plan_symbol(plan: Plan) -> str:
    """"KH-UBND": the symbol of the plan's number as recorded ("35/KH-UBND"), else the authority's."""
    written = (plan.number_code or "").partition("/")[2].strip()
    return written or f"KH-{plan.authority.doc_code}"


def _plan_bases(plan: Plan, voice: Voice, day: dt.date | None) -> list[Paragraph]:
    """The plan's own "Căn cứ …"/"Thực hiện …" lines as written (editable on the plan); when it has none,
    the bases the authority cites for plans in force on the day (orgs.LegalBasis, else the level's laws)."""
    lines = [ln.strip() for ln in (plan.legal_bases or "").splitlines() if ln.strip()]
    if lines:
        return [Paragraph(ln) for ln in lines]
    cited = voice.legal_bases("plan", day)
    return [Paragraph(ln + (";" if i < len(cited) - 1 else ".")) for i, ln in enumerate(cited)]


def _plan_distribution(plan: Plan, voice: Voice, assignments) -> tuple[str, ...]:
    """Nơi nhận as written on the plan; else the lead units of its assignments, the authority's offices that
    receive copies, and the drafting office's archive line ("Lưu: VT, NV.")."""
    written = tuple(_dash_items(plan.distribution))
    if written:
        return written
    leads = [a.lead_unit.name for a in assignments if a.lead_unit_id]
    out: list[str] = []
    for name in voice.distribution(first=tuple(leads), skip_executing=False):
        if name not in out:
            out.append(name)
    return tuple(out)


def plan_document(plan: Plan, number: int | None = None, day: dt.date | None = None) -> Document:
    """The Kế hoạch; with `number` and `day` (the register's) as issued under that number and date."""
    authority = plan.authority
    event = plan.event
    day = day or plan.issue_date
    year = day.year if day else (event.date.year if event.date else event.tentative_year)
    if number is not None:
        number_code = document_number(number, plan_symbol(plan))
    else:
        number_code = plan.number_code or document_number(None, plan_symbol(plan), blank=" " * 6)
    header = Header(parent_authority=authority.parent_line, authority=authority.header_name,
                    number_code=number_code,
                    place_date=place_date(plan.place_name or authority.place_name, day, year=year))
    voice = Voice.of(authority)
    sections = list(plan.sections.all())
    assignments = list(plan.assignments.select_related("lead_unit"))
    body: list = [*_plan_bases(plan, voice, day or event.date)]
    for line in plan.preamble.splitlines():
        if line.strip():
            body.append(Paragraph(line.strip()))
    for section in sections:
        body.extend(_section_blocks(plan, section, assignments))
    for line in plan.closing.splitlines():
        if line.strip():
            body.append(Paragraph(line.strip()))
    return Document(header=header, kind_name="Kế hoạch", summary=plan.summary, body=tuple(body),
                    signature=_signature(plan, day), distribution=_plan_distribution(plan, voice, assignments),
                    name="ke-hoach")


# --- the register (orgs.register): the plan is drafted, numbered and issued in the sổ văn bản đi ----------

PLAN_SOURCE = "logistics.plan"


def _plan_in(authority, key: str) -> Plan:
    """The plan `key` of `authority`; another authority's id (or no number) is not found."""
    if not str(key).isdigit():
        raise Http404("Không có kế hoạch này.")
    plan = (Plan.objects.select_related("authority", "event", "signer")
            .filter(pk=int(key), authority_id=authority.pk).first())
    if plan is None:
        raise Http404("Không có kế hoạch này.")
    return plan


def plan_for_register(authority, key: str, number: int | None, day: dt.date | None) -> Document:
    """Source.build: the plan as issued under the register's number and date."""
    plan = _plan_in(authority, key)
    try:
        return plan_document(plan, number, day)
    except PaperworkError as exc:
        raise ValidationFailed(str(exc), exc.part or None) from None


def plan_issued(actor, key: str, number: int, day: dt.date) -> None:
    """Source.on_issue: the plan takes the register's number and date and becomes issued — refused, with
    the register's issue, while the plan's checks find slips."""
    plan = Plan.objects.select_related("authority", "event").get(pk=int(key))
    services.issue_plan(actor, plan, document_number(number, plan_symbol(plan)), day)


def plan_page(key: str) -> str:
    event_id = Plan.objects.filter(pk=int(key)).values_list("event_id", flat=True).first() if key.isdigit() else None
    return reverse("logistics:plan_detail", args=[event_id]) if event_id else ""


def plan_title(authority, key: str) -> str:
    return f"Kế hoạch {_plan_in(authority, key).summary}"


def register_sources() -> list[Source]:
    """The logistics papers issued through the register. Only the plan: the budget estimate is not one of
    the administrative documents of Decree 30/2020 (Art. 7) — it travels as the attachment of the plan or
    of a tờ trình, whose number it shares, and a number of its own would spend one of the register's."""
    return [Source(kind=PLAN_SOURCE, doc_kind="plan", kind_name="Kế hoạch", build=plan_for_register,
                   perm="logistics.manage_plan", on_issue=plan_issued, back=plan_page, title=plan_title)]


# --- budget -------------------------------------------------------------------------------------------


def budget_rows(summary: budget_rules.Summary) -> list[list]:
    rows = []
    for i, r in enumerate(summary.rows, start=1):
        line = r.line
        qty = format_number(r.quantity, 0 if r.quantity == int(r.quantity) else 1)
        rows.append([two_digit(i), budget_rules.GROUP_NAMES.get(line.group, line.group), line.item, line.unit, qty,
                     format_money(line.unit_price, unit=False) if line.basis != "prize" else "",
                     format_money(r.amount, unit=False),
                     "Quỹ thi đua, khen thưởng" if r.from_fund else "Kinh phí hội nghị"])
    return rows


# Shares of the text width (12.1 in all): at 11 pt the unit price holds "84.230.000" and the amount a sum
# in the hundreds of millions ("184.230.000", bold in the total row) on one line, "STT" and "ĐVT" their bold
# titles and the
# quantity column the longest word of its title, so that paperwork.layout.column_ratios has nothing to
# mend (it would take the room from the text columns).
BUDGET_COLUMNS = (Column("STT", 0.8, "center"), Column("Nhóm", 1.9), Column("Nội dung chi", 2.8),
                  Column("ĐVT", 0.9), Column("Số lượng", 1.0, "right"), Column("Đơn giá", 1.5, "right"),
                  Column("Thành tiền", 1.8, "right"), Column("Nguồn", 1.4))


def _budget_signature(plan: Plan | None, voice: Voice, authority_id: int, day: dt.date | None) -> Signature:
    """The plan's signer (the estimate goes with the plan), else the authority's head in office; a paper of
    an authority without signers leaves the name to be written in under its drafting office's head."""
    signer = signer_on(authority_id, day, plan.signer if plan is not None else None)
    if signer is not None:
        return signature_of(signer)
    office = voice.proposer
    return Signature("", (office.head_title if office else "Thủ trưởng cơ quan").upper(), "")


def budget_document(budget: Budget, summary: budget_rules.Summary) -> Document:
    """The estimate (dự trù kinh phí): a working paper the drafting office sends to the paying office with
    the plan (or a tờ trình) — it has no number of its own in the register (see apps.py)."""
    event = budget.event
    authority = budget.authority
    voice = Voice.of(authority)
    plan = getattr(event, "logistics_plan", None)
    header = Header(parent_authority=authority.parent_line, authority=authority.header_name,
                    number_code=document_number(None, f"DT-{authority.doc_code}", blank=" " * 6),
                    place_date=place_date(authority.place_name, None,
                                          year=event.date.year if event.date else event.tentative_year))
    body = [
        Paragraph(f"Số đại biểu dự kiến: {summary.delegates} đại biểu (đã mời, trừ người báo vắng và giấy mời đã thu "
                  "hồi).", indent=True),
        Table(columns=BUDGET_COLUMNS, rows=tuple(tuple(r) for r in budget_rows(summary)), font_size=11,
              name="Bảng dự trù", total_row=("", "", "Tổng kinh phí hội nghị", "", "", "",
                                             format_money(summary.conference_total, unit=False), ""),
              landscape=False),
        Paragraph(f"Tổng kinh phí tổ chức Hội nghị: {format_money(summary.conference_total)} "
                  f"(Bằng chữ: {amount_in_words(summary.conference_total)}).", bold=True),
    ]
    if summary.fund_total:
        body.append(Paragraph(f"Tiền thưởng theo các quyết định khen thưởng: {format_money(summary.fund_total)} "
                              f"(Bằng chữ: {amount_in_words(summary.fund_total)}), chi từ Quỹ thi đua, khen thưởng, "
                              "không tính vào kinh phí hội nghị."))
    body = list(end_marked(body))  # Decree 30's "./." closes the estimate's text, before the appraisal note
    payer = voice.payer
    if budget.status == "approved" and budget.approved_at:
        who = budget.approved_by.display if budget.approved_by else "hệ thống"
        unit = budget.finance_unit.name if budget.finance_unit_id else (payer.name if payer else "đơn vị tài chính")
        body.append(Paragraph(f"Đã thẩm định, duyệt thay mặt {unit}: {who}, ngày {short_date(budget.approved_at.date())}.",
                              italic=True))
    # Nơi nhận: the office that appraises and pays, then the clerks' and the drafting office's copies
    distribution = ((payer.name,) if payer else ()) + (voice.archive_line(),)
    return Document(header=header, kind_name="Dự trù", summary=f"Kinh phí tổ chức {event.title[0].lower()}"
                    f"{event.title[1:]}", body=tuple(body),
                    signature=_budget_signature(plan, voice, authority.pk, event.date),
                    distribution=distribution, name="du-tru-kinh-phi")


# --- the delegates' bundle ---------------------------------------------------------------------------


@dataclass
class BundleResult:
    pdf: bytes
    included: list[str]
    missing_pdf: list[str]  # approved but only as DOCX/DOC/ODT: a PDF version is needed
    not_approved: list[str]


def cover_page(event, entries: list[tuple[str, str]], missing: list[str]) -> FreePage:
    items = [Text(25, 25, event.authority.short_name.upper(), 13, bold=True, align="center", width_mm=160),
             Text(25, 45, "TÀI LIỆU HỘI NGHỊ", 18, bold=True, align="center", width_mm=160),
             Text(25, 58, event.title, 14, bold=True, align="center", width_mm=160)]
    y = 95.0
    items.append(Text(25, y, "DANH MỤC TÀI LIỆU", 14, bold=True))
    y += 10
    for i, (title, pages) in enumerate(entries, start=1):
        items.append(Text(25, y, f"{i}. {title}", 13, width_mm=140))
        items.append(Text(165, y, pages, 13, align="right", width_mm=20))
        y += 9 if len(title) < 70 else 15
    if missing:
        y += 6
        items.append(Text(25, y, "Chưa có bản PDF (cần bổ sung):", 12, italic=True))
        for title in missing:
            y += 8
            items.append(Text(30, y, f"- {title}", 12, italic=True, width_mm=150))
    when = place_date(event.authority.place_name, event.date) if event.date else event.when_text
    items.append(Text(25, 270, when, 13, italic=True, align="center", width_mm=160))
    return FreePage(210, 297, tuple(items), name="bia-tai-lieu")


def bundle(event, materials: list[Material], made: dict[str, bytes] | None = None) -> BundleResult:
    """Approved materials in order, each its latest PDF version, behind a contents page; a material of a
    kind in `made` (the báo cáo tổng kết issued in the register, or its draft) is that PDF instead."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 (startup)

    parts: list[tuple[str, PdfReader]] = []
    missing, not_approved = [], []
    for m in materials:
        if m.status != "approved":
            not_approved.append(m.title)
            continue
        if made and m.kind in made:
            parts.append((m.title, PdfReader(io.BytesIO(made[m.kind]))))
            continue
        latest = max(m.versions.all(), key=lambda v: v.number, default=None)
        if latest is None or latest.file.kind != "pdf":
            missing.append(m.title)
            continue
        with latest.file.content.open("rb") as f:
            parts.append((m.title, PdfReader(io.BytesIO(f.read()))))
    entries, page = [], 2
    for title, reader in parts:
        n = len(reader.pages)
        entries.append((title, f"{page}" if n == 1 else f"{page}–{page + n - 1}"))
        page += n
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(render_pdf(cover_page(event, entries, missing), tagged=False))))
    for title, reader in parts:
        writer.append(reader, outline_item=title)
    out = io.BytesIO()
    writer.write(out)
    return BundleResult(out.getvalue(), [t for t, _ in parts], missing, not_approved)
