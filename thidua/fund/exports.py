"""The fund's ledger as a spreadsheet (orgs.sheets.write_xlsx: text that looks like a formula neutralised)."""

from __future__ import annotations

from thidua.orgs.sheets import ExportColumn, write_xlsx

from . import queries

COLUMNS = [ExportColumn("Ngày", 12, "date"), ExportColumn("Loại", 24), ExportColumn("Số chứng từ", 20),
           ExportColumn("Ngày chứng từ", 14, "date"), ExportColumn("Nội dung", 56),
           ExportColumn("Thu (đồng)", 16, "money"), ExportColumn("Chi (đồng)", 16, "money"),
           ExportColumn("Tồn quỹ (đồng)", 18, "money")]


def ledger_xlsx(book: queries.YearLedger) -> bytes:
    period = f"NĂM {book.year}" if book.year else "TẤT CẢ CÁC NĂM"
    rows: list[list] = [[None, "Số dư đầu kỳ", "", None, "", None, None, book.opening]]
    for r in book.rows:
        e = r.entry
        rows.append([e.date, e.get_kind_display(), e.document_number, e.document_date, e.description,
                     r.money_in or None, r.money_out or None, r.balance])
    rows.append([None, "Cộng phát sinh", "", None, "", book.total_in, book.total_out, None])
    rows.append([None, "Số dư cuối kỳ", "", None, "", None, None, book.closing])
    return write_xlsx(COLUMNS, rows, title=f"SỔ QUỸ THI ĐUA, KHEN THƯỞNG {period}",
                      subtitle_lines=(book.authority.name,), sheet_name="Sổ quỹ")
