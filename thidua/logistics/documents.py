"""The paperwork of conference preparation: the Kế hoạch (Decree 30, Mẫu 1.4), the budget estimate
with its total in words, and the delegates' bundle of approved materials (a contents page, then the
approved PDF versions merged with pypdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thidua.orgs.models import Signer
from thidua.paperwork.model import (
    Bullets,
    Column,
    Document,
    FreePage,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
    Text,
)
from thidua.paperwork.pdf import render_pdf
from thidua.vn.dates import place_date, short_date
from thidua.vn.money import amount_in_words, format_money, format_number
from thidua.vn.numbering import two_digit

from . import budget_rules
from .models import Budget, Material, Plan, SectionKind

if TYPE_CHECKING:
    from pypdf import PdfReader

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ITEM = re.compile(r"^([a-zđ]\)|\d+\.)\s+")


def _signature(plan: Plan) -> Signature:
    signer = plan.signer or Signer.objects.filter(authority_id=plan.authority_id).order_by(
        "-is_chair", "display_order", "id").first()
    if signer is None:
        raise ValueError("Chưa có người ký kế hoạch: chọn người ký.")
    if signer.prefix and not signer.title:  # "Q. CHỦ TỊCH" written whole in the prefix
        return Signature("", signer.prefix, signer.name)
    return Signature(signer.prefix, signer.title, signer.name)


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


def plan_document(plan: Plan) -> Document:
    authority = plan.authority
    event = plan.event
    year = plan.issue_date.year if plan.issue_date else (event.date.year if event.date else event.tentative_year)
    header = Header(parent_authority=authority.parent_line, authority=authority.header_name,
                    number_code=plan.number_code or f"      /KH-{authority.doc_code}",
                    place_date=place_date(plan.place_name, plan.issue_date, year=year))
    body: list = []
    for line in plan.legal_bases.splitlines():
        if line.strip():
            body.append(Paragraph(line.strip()))
    for line in plan.preamble.splitlines():
        if line.strip():
            body.append(Paragraph(line.strip()))
    sections = list(plan.sections.all())
    assignments = list(plan.assignments.select_related("lead_unit"))
    for section in sections:
        body.extend(_section_blocks(plan, section, assignments))
    for line in plan.closing.splitlines():
        if line.strip():
            body.append(Paragraph(line.strip()))
    distribution = tuple(_dash_items(plan.distribution)) or ("Lưu: VT.",)
    return Document(header=header, kind_name="Kế hoạch", summary=plan.summary, body=tuple(body),
                    signature=_signature(plan), distribution=distribution, name="ke-hoach")


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


def budget_document(budget: Budget, summary: budget_rules.Summary) -> Document:
    event = budget.event
    authority = budget.authority
    plan = getattr(event, "logistics_plan", None)
    header = Header(parent_authority=authority.parent_line, authority=authority.header_name,
                    number_code=f"      /DT-{authority.doc_code}",
                    place_date=place_date(authority.place_name, None,
                                          year=event.date.year if event.date else event.tentative_year))
    cols = (Column("STT", 0.6, "center"), Column("Nhóm", 2.0), Column("Nội dung chi", 3.2), Column("ĐVT", 0.9),
            Column("Số lượng", 1.0, "right"), Column("Đơn giá", 1.3, "right"), Column("Thành tiền", 1.5, "right"),
            Column("Nguồn", 1.6))
    body = [
        Paragraph(f"Số đại biểu dự kiến: {summary.delegates} đại biểu (đã mời, trừ người báo vắng và giấy mời đã thu "
                  "hồi).", indent=True),
        Table(columns=cols, rows=tuple(tuple(r) for r in budget_rows(summary)), font_size=11, name="Bảng dự trù",
              total_row=("", "", "Tổng kinh phí hội nghị", "", "", "", format_money(summary.conference_total,
                                                                                  unit=False), ""),
              landscape=False),
        Paragraph(f"Tổng kinh phí tổ chức Hội nghị: {format_money(summary.conference_total)} "
                  f"(Bằng chữ: {amount_in_words(summary.conference_total)}).", bold=True),
    ]
    if summary.fund_total:
        body.append(Paragraph(f"Tiền thưởng theo các quyết định khen thưởng: {format_money(summary.fund_total)} "
                              f"(Bằng chữ: {amount_in_words(summary.fund_total)}), chi từ Quỹ thi đua, khen thưởng, "
                              "không tính vào kinh phí hội nghị."))
    if budget.status == "approved" and budget.approved_at:
        who = budget.approved_by.display if budget.approved_by else "hệ thống"
        unit = budget.finance_unit.name if budget.finance_unit_id else "đơn vị tài chính"
        body.append(Paragraph(f"Đã thẩm định, duyệt thay mặt {unit}: {who}, ngày {short_date(budget.approved_at.date())}.",
                              italic=True))
    signature = _signature(plan) if plan is not None else Signature("", "TRƯỞNG PHÒNG", "")
    return Document(header=header, kind_name="Dự trù", summary=f"Kinh phí tổ chức {event.title[0].lower()}"
                    f"{event.title[1:]}", body=tuple(body), signature=signature,
                    distribution=("Phòng Tài chính - Kế hoạch", "Lưu: VT."), name="du-tru-kinh-phi")


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


def bundle(event, materials: list[Material]) -> BundleResult:
    """Approved materials in order, each its latest PDF version, behind a contents page."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 (startup)

    parts: list[tuple[str, PdfReader]] = []
    missing, not_approved = [], []
    for m in materials:
        if m.status != "approved":
            not_approved.append(m.title)
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
