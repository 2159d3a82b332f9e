"""The dossier's own paper: the summary report of the achievements of its candidates (báo cáo tóm tắt thành
tích), spoken by the sender, for the file list when each candidate's own report is not at hand."""

from __future__ import annotations

import datetime as dt

from thidua.awards.papers import chair_signature
from thidua.paperwork.model import Document, Header, Paragraph
from thidua.vn.dates import place_date
from thidua.vn.numbering import document_number

from .models import Dossier, DossierItem


def achievement_report(d: Dossier, items: list[DossierItem], day: dt.date | None = None) -> Document:
    sender = d.sender
    body = [Paragraph(f"{sender.name} báo cáo tóm tắt thành tích của các tập thể, cá nhân được đề nghị "
                      f"{d.award.name} năm {d.year} như sau:")]
    for i, it in enumerate(items, start=1):
        where = ", ".join(x for x in (it.position, it.unit_name) if x)
        body.append(Paragraph(f"{i}. {it.name}{f' ({where})' if where else ''}.", bold=True, indent=False))
        body.append(Paragraph(it.achievement or "Hoàn thành xuất sắc nhiệm vụ được giao."))
        if it.initiative:
            body.append(Paragraph(f"Sáng kiến, đề tài được công nhận: {it.initiative}."))
    return Document(
        header=Header(parent_authority=sender.parent_line, authority=sender.header_name,
                      number_code=document_number(None, f"BC-{sender.doc_code or 'UBND'}"),
                      place_date=place_date(sender.place_name, day, d.year + 1)),
        kind_name="Báo cáo", summary=f"Tóm tắt thành tích đề nghị {d.award.name} năm {d.year}",
        body=tuple(body), signature=chair_signature(sender, day), distribution=(d.receiver.name, "Lưu: VT."),
        name=f"Báo cáo thành tích {d.award.name} năm {d.year}")
