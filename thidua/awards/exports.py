"""Every list of the app as Excel (the one exporter shape of orgs.sheets)."""

from __future__ import annotations

from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.vn.dates import short_date
from thidua.vn.money import format_decimal

from . import states


def proposals_xlsx(qs) -> bytes:
    cols = [ExportColumn("Năm", 8, "int"), ExportColumn("Đơn vị đề nghị", 36), ExportColumn("Danh hiệu, hình thức", 36),
            ExportColumn("Loại hình", 26), ExportColumn("Số đối tượng", 12, "int"), ExportColumn("Số tệp", 10, "int"),
            ExportColumn("Trạng thái", 26)]
    rows = [[p.year, p.organisation.name, p.award.name, p.family.name, p.line_count, p.file_count,
             states.STATE_LABELS[p.status]] for p in qs]
    return write_xlsx(cols, rows, title="DANH SÁCH HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG")


def decisions_xlsx(qs) -> bytes:
    cols = [ExportColumn("Số, ký hiệu", 16), ExportColumn("Ngày", 12), ExportColumn("Danh hiệu, hình thức", 40),
            ExportColumn("Người ký", 24), ExportColumn("Số đối tượng", 12, "int"), ExportColumn("Tổng tiền thưởng", 18,
                                                                                             "money"),
            ExportColumn("Trạng thái", 14)]
    rows = [[d.number_text, short_date(d.date), d.award.name, d.signer_name, d.line_count, d.total or 0,
             d.get_status_display()] for d in qs]
    return write_xlsx(cols, rows, title="DANH SÁCH QUYẾT ĐỊNH KHEN THƯỞNG")


def decision_xlsx(d, lines) -> bytes:
    cols = [ExportColumn("Đối tượng", 12), ExportColumn("Họ tên / tên tập thể", 34), ExportColumn("Chức vụ", 24),
            ExportColumn("Đơn vị", 36), ExportColumn("Hệ số", 8), ExportColumn("Tiền thưởng", 16, "money")]
    rows = [[ln.get_kind_display(), ln.name, ln.position, ln.unit_name, format_decimal(ln.coefficient),
             ln.amount] for ln in lines]
    return write_xlsx(cols, rows, title=f"DANH SÁCH KÈM THEO QUYẾT ĐỊNH SỐ {d.number_text}",
                      subtitle_lines=[f"{d.award.name} – ngày {short_date(d.date)}"])


def search_xlsx(qs) -> bytes:
    cols = [ExportColumn("Họ tên / tên tập thể", 32), ExportColumn("Đơn vị", 34), ExportColumn("Danh hiệu, hình thức", 36),
            ExportColumn("Năm thi đua", 10, "int"), ExportColumn("Quyết định", 16), ExportColumn("Ngày", 12),
            ExportColumn("Tiền thưởng", 16, "money"), ExportColumn("Nơi khen (hồ sơ lưu tại)", 30)]
    # "Nơi khen": the authority whose records hold the award, the user's own or one merged into it (#19)
    rows = [[ln.name, ln.unit_name or (ln.organisation.name if ln.organisation else ""), ln.decision.award.name,
             ln.decision.year, ln.decision.number_text, short_date(ln.decision.date), ln.amount,
             ln.decision.authority.short_name] for ln in qs]
    return write_xlsx(cols, rows, title="TRA CỨU KHEN THƯỞNG")
