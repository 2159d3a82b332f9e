"""The Báo cáo tình hình thu, chi Quỹ thi đua, khen thưởng năm … (Decree 30/2020 layout), issued in the
authority's voice (orgs.wording): the balance at 1/1, the money in and out of the year by kind, the balance
at 31/12, and the entries of the year as its annex. Rendered by paperwork.pdf / paperwork.docx."""

from __future__ import annotations

import datetime as dt

from thidua.emulation.documents import council
from thidua.orgs.services import ValidationFailed
from thidua.orgs.wording import Voice, signature_of, signer_on
from thidua.paperwork.model import Annex, Column, Document, Header, Heading, Paragraph, Table
from thidua.vn.dates import place_date, short_date
from thidua.vn.money import amount_in_words, format_money
from thidua.vn.numbering import document_number

from . import queries, states

BASIS = ("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 "
         "năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng")
SUMMARY_COLUMNS = (Column("STT", 0.8, "center"), Column("Nội dung", 6.5), Column("Số tiền (đồng)", 2.8, "right"))
ENTRY_COLUMNS = (Column("STT", 0.7, "center"), Column("Ngày", 1.5, "center"), Column("Chứng từ", 2.2),
                 Column("Nội dung", 5.0), Column("Thu (đồng)", 1.9, "right"), Column("Chi (đồng)", 1.9, "right"),
                 Column("Tồn quỹ (đồng)", 2.1, "right"))


def title(year: int) -> str:
    return f"Tình hình thu, chi Quỹ thi đua, khen thưởng năm {year}"


def _money(value: int) -> str:
    text = format_money(abs(value), unit=False)
    return f"-{text}" if value < 0 else text


def _words(value: int) -> str:
    words = amount_in_words(abs(value))
    return f"âm {words[0].lower()}{words[1:]}" if value < 0 else words


def summary_rows(book: queries.YearLedger) -> list[tuple[str, str, str]]:
    kinds = queries.by_kind(book)
    return [("1", f"Số dư quỹ đầu năm (ngày 01/01/{book.year})", _money(book.opening)),
            ("2", "Thu trong năm", _money(book.total_in)),
            ("", f"- {states.KIND_LABELS[states.ALLOCATION]}", _money(kinds[states.ALLOCATION])),
            ("", f"- {states.KIND_LABELS[states.ADJUST_IN]}", _money(kinds[states.ADJUST_IN])),
            ("3", "Chi trong năm", _money(book.total_out)),
            ("", "- Chi tiền thưởng theo quyết định khen thưởng", _money(kinds[states.PAYMENT])),
            ("", f"- {states.KIND_LABELS[states.ADJUST_OUT]}", _money(kinds[states.ADJUST_OUT])),
            ("4", f"Số dư quỹ cuối năm (ngày 31/12/{book.year})", _money(book.closing))]


def _entry_rows(book: queries.YearLedger) -> tuple[tuple[str, ...], ...]:
    rows = []
    for i, r in enumerate(book.rows, start=1):
        e = r.entry
        doc = e.document_number + (f" ngày {short_date(e.document_date)}" if e.document_date else "")
        rows.append((str(i), short_date(e.date), doc, e.description, _money(r.money_in) if r.money_in else "",
                     _money(r.money_out) if r.money_out else "", _money(r.balance)))
    return tuple(rows)


def report_document(authority, year: int, number: int | None = None, day: dt.date | None = None) -> Document:
    voice = Voice.of(authority)
    book = queries.ledger(authority, year)
    signer = signer_on(authority.pk, day or dt.date(year, 12, 31))
    if signer is None:
        raise ValidationFailed("Chưa có người ký của cơ quan: thêm người ký ở trang Quản trị, mục Người ký.",
                               "signature")
    payments = sum(1 for r in book.rows if r.entry.is_posting)
    body = [
        Paragraph(f"Thực hiện {BASIS}, {voice.name} báo cáo tình hình thu, chi Quỹ thi đua, khen thưởng năm "
                  f"{year} như sau:"),
        Heading("I. TÌNH HÌNH THU, CHI QUỸ", 1),
        Table(columns=SUMMARY_COLUMNS, rows=tuple(summary_rows(book)), name="Bảng thu, chi quỹ",
              font_size=13, bold_rows=(0, 1, 4, 7)),
        Paragraph(f"Số dư quỹ cuối năm: {_money(book.closing)} đồng (Bằng chữ: {_words(book.closing)})."),
        Heading("II. CHI KHEN THƯỞNG", 1),
        Paragraph(f"Trong năm, quỹ đã chi tiền thưởng theo {payments} quyết định khen thưởng của {voice.short_name}"
                  " (chi tiết tại Phụ lục kèm theo). Tiền thưởng theo quyết định của cấp trên do quỹ của cấp "
                  "quyết định chi trả, không ghi vào sổ quỹ này."),
    ]
    if book.closing < 0:
        body.append(Paragraph(f"Quỹ bị bội chi {_money(-book.closing)} đồng: đề nghị bổ sung nguồn quỹ.", bold=True))
    body += [Heading("III. KIẾN NGHỊ, ĐỀ XUẤT", 1),
             Paragraph("(Nội dung do cơ quan soạn thảo bổ sung.)", italic=True),
             Paragraph(f"Trên đây là Báo cáo tình hình thu, chi Quỹ thi đua, khen thưởng năm {year} của "
                       f"{voice.name}./.")]
    annex = Annex(title_lines=("SỔ QUỸ THI ĐUA, KHEN THƯỞNG", f"NĂM {year}"),
                  subtitle=f"(Kèm theo Báo cáo của {voice.short_name})",
                  blocks=(Table(columns=ENTRY_COLUMNS, rows=_entry_rows(book) or (("", "", "", "Không có bút toán",
                                                                                    "", "", ""),),
                                total_row=("", "", "", "Cộng", _money(book.total_in), _money(book.total_out),
                                           _money(book.closing)),
                                font_size=10, name="Sổ quỹ", landscape=True),),
                  label="Phụ lục", landscape=True)
    header = Header(parent_authority=authority.parent_line, authority=authority.header_name,
                    number_code=document_number(number, f"BC-{authority.doc_code}", blank=" " * 6),
                    place_date=place_date(authority.place_name, day, year=year + 1))
    return Document(header=header, kind_name="Báo cáo", summary=title(year), body=tuple(body),
                    signature=signature_of(signer), distribution=voice.distribution(first=(f"Thường trực {council(authority)}",), skip_executing=False),
                    annexes=(annex,), name=f"bao-cao-quy-thi-dua-khen-thuong-{year}")
