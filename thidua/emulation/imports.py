"""Scorecard import and export as Excel, with a documented template.

Columns (header synonyms accepted, title rows above the header allowed):
  Nhóm (group code, e.g. "I") · Tên nhóm (only needed on the first row of a group) · Mã tiêu chí ·
  Nội dung tiêu chí · Loại (đạt/không đạt, theo lần, chỉ tiêu, thưởng, trừ) · Điểm tối đa ·
  Điểm mỗi lần (per-occurrence criteria) · Đơn vị tính · Cần minh chứng (x/có) · Hướng dẫn chấm.
"""

from __future__ import annotations

import re
from decimal import Decimal

from thidua.orgs.imports import (
    IMPORTED,
    REJECTED,
    SKIPPED,
    ImportReport,
    _formula_reason,
    _Rollback,
    _run,
    footer_reason,
    text_check_reason,
)
from thidua.orgs.services import ValidationFailed, read_number
from thidua.orgs.sheets import Column, ExportColumn, read_table, write_xlsx
from thidua.vn import normalise

from . import services
from .models import CriterionKind, Cycle, Scorecard

COLUMNS = [
    Column("group", "Nhóm", ("Mã nhóm", "Nhóm tiêu chí"), required=True),
    Column("group_name", "Tên nhóm", ("Tên nhóm tiêu chí",)),
    Column("code", "Mã tiêu chí", ("Mã", "TT", "STT tiêu chí"), required=True),
    Column("name", "Nội dung tiêu chí", ("Tiêu chí", "Nội dung"), required=True),
    Column("kind", "Loại", ("Loại tiêu chí", "Cách chấm"), required=True),
    Column("max", "Điểm tối đa", ("Điểm chuẩn", "Thang điểm", "Điểm"), required=True),
    Column("unit_points", "Điểm mỗi lần", ("Điểm/lần",)),
    Column("unit_label", "Đơn vị tính", ("ĐVT",)),
    Column("evidence", "Cần minh chứng", ("Minh chứng",)),
    Column("guidance", "Hướng dẫn chấm", ("Hướng dẫn", "Ghi chú")),
]

def _kind_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", normalise.fold(text))


KIND_WORDS = {_kind_key(label): k.value for k in CriterionKind for label in (k.label, k.value)} | {_kind_key(k): v for k, v in {
    "dat": CriterionKind.FIXED, "co dinh": CriterionKind.FIXED, "dinh tinh": CriterionKind.FIXED,
    "theo lan": CriterionKind.PER_OCCURRENCE, "cham thang": CriterionKind.PER_OCCURRENCE,
    "chi tieu": CriterionKind.TARGET, "dinh luong": CriterionKind.TARGET, "thuong": CriterionKind.BONUS,
    "diem thuong": CriterionKind.BONUS, "tru": CriterionKind.PENALTY, "diem tru": CriterionKind.PENALTY,
    "dat/khong dat": CriterionKind.FIXED,
}.items()}


def import_scorecard(actor, cycle: Cycle, name: str, data: bytes, filename: str, *, dry_run: bool, max_bytes: int,
                     bonus_cap=0, penalty_cap=None) -> tuple[ImportReport, Scorecard | None]:
    table = read_table(data, filename, COLUMNS, max_bytes=max_bytes)
    report = ImportReport.for_table("scorecard", filename, dry_run, table)
    holder: dict = {}

    def body() -> None:
        card = services.create_scorecard(actor, cycle, name, bonus_cap, penalty_cap)
        holder["card"] = card
        groups: dict = {}
        seen: dict[str, int] = {}
        for row in table.rows:
            if not any(v not in (None, "") for v in row.values.values()):
                report.add(row.number, SKIPPED, "Dòng trống.")
                continue
            code, label = row.text("code"), row.text("name")
            if skip := footer_reason(row):
                report.add(row.number, SKIPPED, skip)
                continue
            if reason := (_formula_reason(row, COLUMNS, ["group", "group_name", "code", "name", "unit_label",
                                                         "guidance"]) or text_check_reason(row)):
                report.add(row.number, REJECTED, reason, label=label)
                continue
            gcode = row.text("group")
            if not code and not label:
                report.add(row.number, SKIPPED, "Dòng tiêu đề nhóm.", label=row.text("group_name"))
                continue
            if code in seen:
                report.add(row.number, REJECTED, f"Mã tiêu chí “{code}” trùng với dòng {seen[code]}.", label=label)
                continue
            kind = KIND_WORDS.get(_kind_key(row.text("kind")))
            if kind is None:
                report.add(row.number, REJECTED, f"Loại “{row.text('kind')}” không hợp lệ (đạt/không đạt, theo lần, "
                           "chỉ tiêu, thưởng, trừ).", label=label)
                continue
            try:
                mx = read_number(row.values.get("max"), "Điểm tối đa")
                unit_points = read_number(row.values.get("unit_points"), "Điểm mỗi lần")
                if not gcode:
                    raise ValidationFailed("Thiếu mã nhóm tiêu chí.")
                if gcode not in groups:
                    groups[gcode] = services.add_criteria_group(actor, card, gcode, row.text("group_name") or gcode)
                values = {"code": code, "name": label, "kind": kind, "max_points": mx, "unit_points": unit_points,
                          "unit_label": row.text("unit_label"), "guidance": row.text("guidance"),
                          "evidence_required": normalise.fold(row.text("evidence")) in ("x", "co", "1", "yes")}
                services.add_criterion(actor, card, groups[gcode], values)
            except ValidationFailed as exc:
                report.add(row.number, REJECTED, exc.message, label=label)
                continue
            seen[code] = row.number
            report.add(row.number, IMPORTED, label=f"{code}. {label}")
        if not seen:
            raise ValidationFailed("Bảng tính không có tiêu chí nào hợp lệ.")
        if report.rejected:  # a scorecard is all or nothing: fix the rejected rows and import again
            holder.pop("card", None)
            raise _Rollback

    _run(report, dry_run, body)
    return report, (None if dry_run else holder.get("card"))


def export_scorecard(card: Scorecard) -> bytes:
    cols = [ExportColumn(c.title, w) for c, w in zip(COLUMNS, (8, 30, 10, 50, 16, 10, 10, 10, 10, 30), strict=True)]
    rows = []
    last = None
    for c in card.criteria.select_related("group").order_by("group__display_order", "display_order", "id"):
        rows.append([c.group.code, c.group.name if c.group_id != last else "", c.code, c.name, c.get_kind_display(),
                     float(c.max_points), float(c.unit_points) if c.unit_points else None, c.unit_label,
                     "x" if c.evidence_required else "", c.guidance])
        last = c.group_id
    return write_xlsx(cols, rows, title=f"THANG BẢNG ĐIỂM – {card.name.upper()}",
                      subtitle_lines=[f"Điểm thưởng tối đa: {Decimal(card.bonus_cap).normalize()}"])
