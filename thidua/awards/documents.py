"""The commendation paperwork, described with the `paperwork` model: the award decision with its
attached list, the submission letter (tờ trình) of a proposal, the council minutes, a proposal's
history, certificates on pre-printed blanks and the blank's calibration page."""

from __future__ import annotations

from thidua.paperwork.model import (
    Annex,
    Article,
    Column,
    Document,
    FreePage,
    GroupRow,
    Header,
    Paragraph,
    Signature,
    Table,
    Text,
)
from thidua.vn.dates import long_date, place_date, short_date
from thidua.vn.money import amount_in_words, format_money, format_number
from thidua.vn.numbering import document_number, roman, two_digit

from .services import BLANK_FIELDS

GROUPS = (("collective", "Tập thể"), ("individual", "Cá nhân"), ("household", "Hộ gia đình"))


def _count(n: int) -> str:
    return two_digit(n) if n < 10 else str(n)


def _header(authority, number_code: str, day) -> Header:
    return Header(parent_authority=authority.parent_line, authority=authority.header_name,
                  number_code=number_code, place_date=place_date(authority.place_name, day))


def _issuing_header(d, number_code: str) -> Header:
    """A province decision recorded by a lower authority prints under the province's header."""
    a = d.authority
    if d.signer_level == "ct-tinh" and a.level != "tinh" and a.province_name:
        return Header(parent_authority="", authority=f"ỦY BAN NHÂN DÂN\nTỈNH {a.province_name.upper()}",
                      number_code=number_code, place_date=place_date(a.province_name, d.date))
    return _header(a, number_code, d.date)


def _coef(value) -> str:
    return format_number(value, 2).rstrip("0").rstrip(",") if value is not None else ""


def _provincial(d) -> bool:
    a = d.authority
    return d.signer_level == "ct-tinh" and a.level != "tinh" and bool(a.province_name)


def _payer(d, office: bool = False) -> str:
    if _provincial(d):
        return f"{'UBND ' if office else ''}tỉnh {d.authority.province_name}"
    return d.authority.short_name


def _home_affairs(d) -> str:
    if _provincial(d):
        return "Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính"
    return "Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch"


def decision_document(d, lines) -> Document:
    """`lines`: the decision's lines in order (DecisionLine-like: kind, name, position, unit_name, amount)."""
    by_kind = {k: [ln for ln in lines if ln.kind == k] for k, _ in GROUPS}
    total = sum(ln.amount for ln in lines)
    counts = [f"{_count(len(by_kind[k]))} {label.lower()}" for k, label in GROUPS if by_kind[k]]
    number = document_number(d.number, d.code)
    rows: list = []
    group_no = 0
    for kind, label in GROUPS:
        group = by_kind[kind]
        if not group:
            continue
        group_no += 1
        rows.append(GroupRow(f"{roman(group_no)}. {label.upper()}"))
        for i, ln in enumerate(group, start=1):
            who = ln.name if kind != "individual" else ", ".join(x for x in (ln.name, ln.position) if x)
            rows.append((str(i), who, ln.unit_name if kind != "collective" else "", format_number(ln.amount)))
    table = Table(columns=(Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 4.2),
                           Column("Đơn vị", 3.2), Column("Tiền thưởng (đồng)", 1.7, "right")),
                  rows=tuple(rows), total_row=("", "Tổng cộng", "", format_number(total)), font_size=13,
                  name="Danh sách khen thưởng")
    amounts = {k: sorted({ln.amount for ln in by_kind[k]}) for k, _ in GROUPS}
    per = "; ".join(f"mỗi {label.lower()} {' hoặc '.join(format_money(a) for a in amounts[k])}"
                    for k, label in GROUPS if amounts[k])
    award_name = d.award.name
    verb = "Tặng" if d.award.kind == "form" else "Tặng danh hiệu"
    issuer_upper = d.issuer.upper()
    body = (
        Article(1, f"{verb} “{award_name}” cho {' và '.join(counts)} (có danh sách kèm theo), {d.reason}."),
        Article(2, f"Kèm theo {d.award.certificate_word or 'khen thưởng'} được hưởng tiền thưởng theo quy định "
                   f"tại {d.rule_set.name} ({per}; mức lương cơ sở {format_money(d.base_salary)}). Tổng số tiền "
                   f"thưởng: {format_money(total)} (Bằng chữ: {amount_in_words(total)}), chi từ Quỹ thi đua, khen "
                   f"thưởng của {_payer(d)}."),
        Article(3, f"Chánh Văn phòng {_payer(d, True)}, {_home_affairs(d)}, thủ trưởng các cơ quan, đơn vị có liên "
                   "quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."),
    )
    annex = Annex(
        label="", title_lines=("Danh sách", "tập thể, cá nhân được tặng", award_name),
        subtitle=f"(Kèm theo Quyết định số {number} {long_date(d.date)} của {d.issuer})",
        blocks=(table,),
    )
    bases = ["Căn cứ Luật Tổ chức chính quyền địa phương",
             "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
             f"Căn cứ {d.rule_set.legal_basis}"]
    if d.proposed_by:
        bases.append(f"Theo đề nghị của {d.proposed_by}")
    return Document(
        header=_issuing_header(d, number), kind_name="Quyết định",
        summary=f"Về việc tặng {award_name}",
        issuer=issuer_upper, legal_bases=tuple(bases), closing="Quyết định:", body=body,
        signature=Signature(d.signer_prefix, d.signer_title, d.signer_name),
        distribution=("Như Điều 3", "Phòng Tài chính - Kế hoạch", "Lưu: VT, NV"),
        annexes=(annex,), name=f"Quyết định {number} {award_name}",
    )


def submission_letter(p, lines, signer_name: str = "", signer_title: str = "THỦ TRƯỞNG ĐƠN VỊ") -> Document:
    """Tờ trình of the proposing unit, generated from the proposal's list."""
    unit, authority = p.organisation, p.authority
    rows = []
    for i, ln in enumerate(lines, start=1):
        who = ", ".join(x for x in (ln.name, ln.position) if x)
        rows.append((str(i), who, ln.get_kind_display(), ln.achievement or ""))
    n_coll = sum(1 for ln in lines if ln.kind == "collective")
    n_ind = sum(1 for ln in lines if ln.kind == "individual")
    n_hh = sum(1 for ln in lines if ln.kind == "household")
    parts = [f"{_count(n)} {w}" for n, w in ((n_coll, "tập thể"), (n_ind, "cá nhân"), (n_hh, "hộ gia đình")) if n]
    body = (
        Paragraph(f"Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và kết quả bình xét thi đua năm "
                  f"{p.year} của {unit.name};"),
        Paragraph(f"{unit.name} kính trình Chủ tịch {authority.name} xem xét, tặng “{p.award.name}” cho "
                  f"{' và '.join(parts) or 'các tập thể, cá nhân'} có thành tích trong năm {p.year}, cụ thể như sau:"),
        Table(columns=(Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 4.0), Column("Đối tượng", 1.4),
                       Column("Thành tích", 4.0)), rows=tuple(rows) or (("", "", "", ""),), name="Danh sách đề nghị"),
        Paragraph(p.summary or "(Có báo cáo thành tích kèm theo.)"),
        Paragraph(f"Kính trình Chủ tịch {authority.name} xem xét, quyết định./."),
    )
    return Document(
        header=Header(parent_authority=authority.short_name.upper(), authority=unit.name.upper(),
                      number_code=document_number(None, "TTr"), place_date=place_date(authority.place_name, None,
                                                                                      p.year + 1)),
        kind_name="Tờ trình", summary=f"Về việc đề nghị tặng {p.award.name} năm {p.year}",
        recipients=(f"Chủ tịch {authority.name}",), body=body,
        signature=Signature("", signer_title, signer_name or "(ký, ghi rõ họ tên)"),
        distribution=("Như trên", "Phòng Nội vụ", "Lưu: VT"), name=f"Tờ trình {unit.name}",
    )


def minutes_document(m, members, rows) -> Document:
    """Biên bản họp Hội đồng; rows: (name, award name, ballot label, yes, no, abstain, passed)."""
    authority = m.authority
    present = [x for x in members if x.present]
    table_rows = [(str(i), name, award, ballot, str(y), str(n), str(a), "Thông qua" if ok else "Không thông qua")
                  for i, (name, award, ballot, y, n, a, ok) in enumerate(rows, start=1)]
    body = (
        Paragraph(f"Hôm nay, {long_date(m.date)}, tại {m.place}, Hội đồng Thi đua - Khen thưởng {authority.short_name} "
                  f"họp xét đề nghị khen thưởng năm {m.year}."),
        Paragraph(f"Chủ trì: {m.chair}. Thư ký: {m.secretary}."),
        Paragraph(f"Thành viên có mặt: {len(present)}/{len(members)} ("
                  + "; ".join(f"{x.name}{' - ' + x.role if x.role else ''}" for x in present) + ")."),
        Paragraph(f"Phiên họp hợp lệ khi có {m.quorum_rule_text} tổng số thành viên dự họp; tập thể, "
                  f"cá nhân được đề nghị khi có ít nhất {m.pass_num}/{m.pass_den} tổng số thành viên Hội đồng đồng ý. "
                  + m.quorum_reason()),
        Paragraph("Kết quả biểu quyết, bỏ phiếu:"),
        Table(columns=(Column("STT", 0.5, "center"), Column("Tập thể, cá nhân", 3.2), Column("Danh hiệu, hình thức", 2.6),
                      Column("Hình thức biểu quyết", 1.6), Column("Đồng ý", 0.9, "center"),
                      Column("Không", 0.9, "center"), Column("Không biểu quyết", 1.1, "center"),
                      Column("Kết quả", 1.5)), rows=tuple(table_rows) or (("", "", "", "", "", "", "", ""),),
              name="Kết quả biểu quyết"),
        Paragraph("Biên bản được lập xong và thông qua tại phiên họp./."),
    )
    return Document(
        header=Header(parent_authority=authority.short_name.upper(), authority="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                      number_code=document_number(None, "BB-HĐTĐKT"), place_date=place_date(authority.place_name, m.date)),
        kind_name="Biên bản", summary=f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {m.year}",
        body=body, signature=(Signature("", "THƯ KÝ", m.secretary), Signature("", "CHỦ TRÌ", m.chair)),
        distribution=("Thành viên Hội đồng", "Lưu: VT"), name=f"Biên bản họp Hội đồng {short_date(m.date)}",
    )


def history_document(p, events) -> Document:
    rows = [(str(i), e.at.strftime("%d/%m/%Y %H:%M"), e.actor_name, e.action_label, e.reason or "")
            for i, e in enumerate(events, start=1)]
    authority = p.authority
    return Document(
        header=Header(parent_authority=authority.short_name.upper(), authority="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                      number_code=f"HS-{p.pk}", place_date=place_date(authority.place_name, None, p.year + 1)),
        kind_name=None, summary=f"Quá trình xử lý hồ sơ đề nghị tặng {p.award.name} của {p.organisation.name}",
        body=(Table(columns=(Column("STT", 0.5, "center"), Column("Thời điểm", 1.8), Column("Người thực hiện", 2.2),
                             Column("Thao tác", 2.2), Column("Lý do", 3.2)),
                    rows=tuple(rows) or (("", "", "", "", ""),), name="Lịch sử hồ sơ"),),
        signature=Signature("", "NGƯỜI LẬP", "(ký, ghi rõ họ tên)"), distribution=("Lưu: hồ sơ",),
        name="Lịch sử hồ sơ",
    )


# --- certificates on pre-printed blanks -------------------------------------------------------------


def certificate_values(d, line) -> dict[str, str]:
    unit = ", ".join(x for x in (line.position, line.unit_name) if x) if line.kind != "collective" else ""
    return {
        "name": line.name,
        "unit": unit,
        "achievement": f"Đã có thành tích {d.reason.removeprefix('đã có thành tích ').strip()}"
        if d.reason.startswith("đã có thành tích") else d.reason[:1].upper() + d.reason[1:],
        "decision": f"Quyết định số {document_number(d.number, d.code)} ngày {short_date(d.date)}",
        "place_date": _issuing_header(d, "x").place_date,
        "signer_title": (d.signer_prefix + "\n" if d.signer_prefix else "") + d.signer_title,
        "signer_name": d.signer_name,
    }


def _page(blank_width: float, blank_height: float, fields: dict, values: dict[str, str], name: str) -> FreePage:
    items = []
    for key, spec in fields.items():
        for j, text in enumerate([t for t in (values.get(key) or "").split("\n") if t.strip()]):
            items.append(Text(x_mm=spec["x"], y_mm=spec["y"] + j * spec["size"] * 0.45, text=text,
                              size_pt=spec["size"], bold=spec.get("bold", False), italic=spec.get("italic", False),
                              align=spec.get("align", "left"), width_mm=spec.get("w")))
    return FreePage(width_mm=blank_width, height_mm=blank_height, items=tuple(items), name=name)


def certificate_pages(d, lines, blank) -> list[FreePage]:
    """In the annex's order: collectives, then individuals, then households."""
    w, h = float(blank.width_mm), float(blank.height_mm)
    rank = {k: i for i, (k, _) in enumerate(GROUPS)}
    ordered = sorted(lines, key=lambda ln: rank[ln.kind])
    return [_page(w, h, blank.fields, certificate_values(d, ln), ln.name) for ln in ordered]


def calibration_page(blank) -> FreePage:
    """Every field's box at its position with its own name, plus a 10 mm ruler along two edges, to
    print on plain paper and hold against a blank."""
    w, h = float(blank.width_mm), float(blank.height_mm)
    items = []
    for x in range(0, int(w), 10):
        items.append(Text(x_mm=x, y_mm=1, text=f"|{x}", size_pt=6))
    for y in range(10, int(h), 10):
        items.append(Text(x_mm=1, y_mm=y, text=f"— {y}", size_pt=6))
    for key, spec in blank.fields.items():
        items.append(Text(x_mm=spec["x"], y_mm=spec["y"], text=f"[{BLANK_FIELDS.get(key, key)} · x={spec['x']:g}, "
                          f"y={spec['y']:g}]", size_pt=min(spec["size"], 14), align=spec.get("align", "left"),
                          width_mm=spec.get("w")))
    return FreePage(width_mm=w, height_mm=h, items=tuple(items), name=f"Trang căn chỉnh {blank.name}")


def statistics_document(form, authority, start, end, signer) -> Document:
    rows = tuple((label, code, *[str(v) for v in values]) for label, code, values, _bold in form.rows)
    cols = (Column("", 4.0), Column("Mã số", 0.8, "center"), *[Column(c, 1.4, "center") for c in form.columns])
    return Document(
        header=_header(authority, document_number(None, f"BC-{authority.doc_code}"), end),
        kind_name="Biểu thống kê",
        summary=f"{form.title}\n(Thời kỳ báo cáo: từ {short_date(start)} đến {short_date(end)}; đơn vị tính: {form.unit})",
        body=(Paragraph(f"Biểu số: {form.code}.N/BNV-TĐKT", bold=True, indent=False, align="left"),
              Paragraph("Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23 tháng 3 năm 2023 của Bộ Nội vụ.",
                        italic=True, indent=False),
              Table(columns=cols, rows=rows, name=f"Biểu {form.code}")),
        signature=signer, distribution=("Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Lưu: VT, NV"),
        name=f"Biểu {form.code}",
    )
