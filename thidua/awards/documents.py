"""The commendation paperwork, described with the `paperwork` model: the award decision with its
attached list, the submission letter (tờ trình) of a proposal, the council minutes, a proposal's
history, certificates on pre-printed blanks and the blank's calibration page.

Who speaks, whose offices execute, pay and receive, and which laws are cited come from
`orgs.wording.Voice` (the deciding authority's data, or its level's defaults): nothing here names an
office. A province's decision recorded by a lower authority speaks with the province's voice and names
the lower authority's units in full ("Phòng Nội vụ huyện Hớn Quản")."""

from __future__ import annotations

import re

from thidua.emulation.documents import signatory, unit_heads
from thidua.orgs.models import OrgKind, Person
from thidua.orgs.wording import Voice, unit_place
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
from thidua.vn.people import salutation

from .services import BLANK_FIELDS

GROUPS = (("collective", "Tập thể"), ("individual", "Cá nhân"), ("household", "Hộ gia đình"))
END = "/."  # Decree 30: "./." closes the last paragraph of the body (the renderer does not add it)
_AWARD_LEVEL = {"province": "tinh", "district": "huyen", "commune": "xa"}


def _count(n: int) -> str:
    return two_digit(n) if n < 10 else str(n)


def _header(authority, number_code: str, day) -> Header:
    return Header(parent_authority=authority.parent_line, authority=authority.header_name,
                  number_code=number_code, place_date=place_date(authority.place_name, day))


def is_provincial(d) -> bool:
    """A decision of the province's chairman that a lower authority records (its number is the province's)."""
    a = d.authority
    return d.signer_level == "ct-tinh" and a.level != "tinh" and bool(a.province_name)


def _issuing_header(d, number_code: str) -> Header:
    """A province decision recorded by a lower authority prints under the province's header."""
    a = d.authority
    if is_provincial(d):
        return Header(parent_authority="", authority=f"ỦY BAN NHÂN DÂN\nTỈNH {a.province_name.upper()}",
                      number_code=number_code, place_date=place_date(a.province_name, d.date))
    return _header(a, number_code, d.date)


def deciding_voice(d) -> Voice:
    """How the authority that decides speaks: the province's defaults for a provincial decision recorded
    below, the recording authority's own data otherwise."""
    if is_provincial(d):
        return Voice.for_level("tinh", f"tỉnh {d.authority.province_name}")
    return Voice.of(d.authority)


def _issuer(d, voice: Voice) -> str:
    if is_provincial(d) and d.issuer in ("", f"Chủ tịch {d.authority.name}"):
        return f"Chủ tịch {voice.name}"
    return d.issuer


def _unit_namer(d):
    """(name, organisation) → the name a reader of the decision knows: in full when the decider is at
    another level than the unit's authority ("Phòng Nội vụ huyện Hớn Quản", "Trường THCS Tân Khai,
    huyện Hớn Quản"), as it is otherwise."""
    if not is_provincial(d):
        return lambda name, org=None: name
    own = Voice.of(d.authority)
    return lambda name, org=None: own.unit_name(name, own_office=getattr(org, "kind", "") == OrgKind.DEPARTMENT)


def _kinds_phrase(kinds) -> str:
    """"tập thể, cá nhân", "cá nhân", "tập thể, cá nhân, hộ gia đình" for the kinds present."""
    return ", ".join(label.lower() for k, label in GROUPS if k in kinds)


def _award_phrase(d, voice: Voice) -> tuple[str, str]:
    """(in the articles, in the trích yếu): a chairman's own form is named with the deciding authority
    ("Giấy khen của Chủ tịch Ủy ban nhân dân xã Tân Khai", "Giấy khen"); any other by its name."""
    a = d.award
    word = a.certificate_word
    if (a.kind == "form" and word and a.name.startswith(f"{word} của Chủ tịch")
            and _AWARD_LEVEL.get(a.level) == voice.level):
        return f"{word} của Chủ tịch {voice.name}", word
    return a.name, a.name


def _with_year(reason: str, year) -> str:
    """The reason with the year it is for, once: "đã có thành tích … năm 2024" (no closing full stop)."""
    reason = " ".join(reason.split()).rstrip(". ")
    if not year or str(year) in reason:
        return reason
    return f"{reason} năm {year}" if reason else f"năm {year}"


def decision_summary(d, kinds, voice: Voice) -> str:
    """The trích yếu: "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2024"; "Về việc tặng Giấy khen
    cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua năm 2024"."""
    if d.award.kind == "title":
        return f"Về việc công nhận danh hiệu “{d.award.name}” năm {d.year}"
    _full, short = _award_phrase(d, voice)
    who = _kinds_phrase(kinds) or "tập thể, cá nhân"
    return f"Về việc tặng {short} cho các {who} {_with_year(d.reason, d.year)}"


def proposer_line(d, voice: Voice) -> str:
    """"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 05 tháng 3 năm 2026";
    `proposed_by`, when typed, names who proposed instead of the authority's proposing office."""
    who = d.proposed_by or voice.proposer_head()
    if d.submission_number:
        who += f" tại Tờ trình số {d.submission_number}"
        if d.submission_date:
            who += f" {long_date(d.submission_date)}"
    return f"Theo đề nghị của {who}"


def decision_document(d, lines) -> Document:
    """`lines`: the decision's lines in order (DecisionLine-like: kind, name, position, unit_name, amount)."""
    voice = deciding_voice(d)
    named = _unit_namer(d)
    by_kind = {k: [ln for ln in lines if ln.kind == k] for k, _ in GROUPS}
    kinds = {k for k in by_kind if by_kind[k]}
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
            org = getattr(ln, "organisation", None)
            if kind == "collective":
                who, unit = named(ln.name, org), ""
            else:
                who = ", ".join(x for x in (ln.name, ln.position) if x) if kind == "individual" else ln.name
                unit = named(ln.unit_name, org) if ln.unit_name else ""
            rows.append((str(i), who, unit, format_number(ln.amount)))
    table = Table(columns=(Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 4.2),
                           Column("Đơn vị", 3.2), Column("Tiền thưởng (đồng)", 1.7, "right")),
                  rows=tuple(rows), total_row=("", "Tổng cộng", "", format_number(total)), font_size=13,
                  name="Danh sách khen thưởng")
    amounts = {k: sorted({ln.amount for ln in by_kind[k]}) for k, _ in GROUPS}
    per = "; ".join(f"mỗi {label.lower()} {' hoặc '.join(format_money(a) for a in amounts[k])}"
                    for k, label in GROUPS if amounts[k])
    full, _short = _award_phrase(d, voice)
    who = _kinds_phrase(kinds) or "tập thể, cá nhân"
    issuer = _issuer(d, voice)
    if d.award.kind == "title":
        granted = f"công nhận danh hiệu “{d.award.name}” năm {d.year}"
        first = f"Công nhận danh hiệu “{d.award.name}” năm {d.year} cho {' và '.join(counts)} (có danh sách kèm theo)"
        reason = d.reason.strip().rstrip(".")
    else:
        granted = f"tặng {full}"
        first = f"Tặng {full} cho {' và '.join(counts)} (có danh sách kèm theo)"
        reason = _with_year(d.reason, d.year)
    body = (
        Article(1, f"{first}{', ' + reason if reason else ''}."),
        Article(2, f"Kèm theo {d.award.certificate_word or 'khen thưởng'} được hưởng tiền thưởng theo quy định "
                   f"tại {d.rule_set.name} ({per}; mức lương cơ sở {format_money(d.base_salary)}). Tổng số tiền "
                   f"thưởng: {format_money(total)} (Bằng chữ: {amount_in_words(total)}), chi từ Quỹ thi đua, khen "
                   f"thưởng của {voice.short_name}."),
        Article(3, voice.executing_article() + END),
    )
    annex = Annex(
        label="", title_lines=("Danh sách", f"{who} được {granted}"),
        subtitle=f"(Kèm theo Quyết định số {number} {long_date(d.date)} của {issuer})",
        blocks=(table,),
    )
    bases = [*voice.legal_bases("decision", d.date, extra=(d.rule_set.legal_basis,)), proposer_line(d, voice)]
    return Document(
        header=_issuing_header(d, number), kind_name="Quyết định", summary=decision_summary(d, kinds, voice),
        issuer=issuer.upper(), legal_bases=tuple(bases), closing="Quyết định:", body=body,
        signature=Signature(d.signer_prefix, d.signer_title, d.signer_name),
        distribution=voice.distribution(), annexes=(annex,), name=f"Quyết định {number} {d.award.name}",
    )


# --- the unit's submission letter (tờ trình) --------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(\d+)\s*/\s*(.+)$")


def _letter_number(text: str) -> str:
    """"5/TTr-THTK" → "05/TTr-THTK" (Decree 30's leading zero); blank → "     /TTr"."""
    m = _NUMBERED.match(text or "")
    if m:
        return document_number(int(m.group(1)), m.group(2).strip())
    return text.strip() if (text or "").strip() else document_number(None, "TTr")


def _unit_header_name(name: str) -> str:
    for short in ("UBND ", "Ủy ban nhân dân "):
        if name.startswith(short):
            return f"ỦY BAN NHÂN DÂN\n{name[len(short):].upper()}"
    return name.upper()


def head_signature(unit) -> Signature:
    """The unit signs as it signs its covenant (emulation.documents.signatory): "TM. ỦY BAN NHÂN DÂN / CHỦ
    TỊCH" for a commune, "TM. BAN CHẤP HÀNH" for a mass organisation, the head's title ("HIỆU TRƯỞNG",
    "GIÁM ĐỐC") for one who signs in person; a dotted line for the name while no head is known."""
    s = signatory(unit, unit_heads([unit.pk]).get(unit.pk) if unit.pk else None)
    return Signature(s.prefix, s.title, s.name)


def submission_letter(p, lines, signer_name: str = "", signer_title: str = "") -> Document:
    """Tờ trình of the proposing unit, generated from the proposal's list: dated at the unit's place,
    numbered as the unit typed it, signed by its head, copied to the authority's proposing office."""
    unit, authority = p.organisation, p.authority
    rows = []
    for i, ln in enumerate(lines, start=1):
        who = ", ".join(x for x in (ln.name, ln.position) if x)
        rows.append((str(i), who, ln.get_kind_display(), ln.achievement or ""))
    n_coll = sum(1 for ln in lines if ln.kind == "collective")
    n_ind = sum(1 for ln in lines if ln.kind == "individual")
    n_hh = sum(1 for ln in lines if ln.kind == "household")
    parts = [f"{_count(n)} {w}" for n, w in ((n_coll, "tập thể"), (n_ind, "cá nhân"), (n_hh, "hộ gia đình")) if n]
    granted = (f"công nhận danh hiệu “{p.award.name}”" if p.award.kind == "title" else f"tặng {p.award.name}")
    body = (
        Paragraph(f"Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và kết quả bình xét thi đua năm "
                  f"{p.year} của {unit.name};"),
        Paragraph(f"{unit.name} kính trình Chủ tịch {authority.name} xem xét, {granted} cho "
                  f"{' và '.join(parts) or 'các tập thể, cá nhân'} có thành tích trong năm {p.year}, cụ thể như sau:"),
        Table(columns=(Column("STT", 0.6, "center"), Column("Tên tập thể, cá nhân", 4.0), Column("Đối tượng", 1.4),
                       Column("Thành tích", 4.0)), rows=tuple(rows) or (("", "", "", ""),), name="Danh sách đề nghị"),
        Paragraph(p.summary or "(Có báo cáo thành tích kèm theo.)"),
        Paragraph(f"Kính trình Chủ tịch {authority.name} xem xét, quyết định.{END}"),
    )
    sig = head_signature(unit)
    if signer_name or signer_title:
        sig = Signature(sig.prefix, signer_title or sig.title, signer_name or sig.name)
    voice = Voice.of(authority)
    proposer = voice.proposer
    copies = (proposer.name,) if proposer is not None and proposer.name != unit.name else ()
    return Document(
        header=Header(parent_authority=authority.short_name.upper(), authority=_unit_header_name(unit.name),
                      number_code=_letter_number(getattr(p, "letter_number", "")),
                      place_date=place_date(unit_place(unit, authority), getattr(p, "letter_date", None), p.year + 1)),
        kind_name="Tờ trình", summary=f"Về việc đề nghị {granted} năm {p.year}",
        recipients=(f"Chủ tịch {authority.name}",), body=body, signature=sig,
        distribution=("Như trên", *copies, "Lưu: VT"), name=f"Tờ trình {unit.name}",
    )


def minutes_document(m, members, rows) -> Document:
    """Biên bản họp Hội đồng; rows: (name, award name, ballot label, yes, no, abstain, passed)."""
    authority = m.authority
    voice = Voice.of(authority)
    council = f"Hội đồng Thi đua - Khen thưởng {voice.locality}".strip()
    present = [x for x in members if x.present]
    table_rows = [(str(i), name, award, ballot, str(y), str(n), str(a), "Thông qua" if ok else "Không thông qua")
                  for i, (name, award, ballot, y, n, a, ok) in enumerate(rows, start=1)]
    body = (
        Paragraph(f"Hôm nay, {long_date(m.date)}, tại {m.place}, {council} họp xét đề nghị khen thưởng năm {m.year}."),
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
        Paragraph(f"Biên bản được lập xong và thông qua tại phiên họp.{END}"),
    )
    return Document(
        header=Header(parent_authority=voice.short_name.upper(), authority="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                      number_code=document_number(None, "BB-HĐTĐKT"), place_date=place_date(authority.place_name, m.date)),
        kind_name="Biên bản", summary=f"Họp {council} xét khen thưởng năm {m.year}",
        body=body, signature=(Signature("", "THƯ KÝ", m.secretary), Signature("", "CHỦ TRÌ", m.chair)),
        distribution=("Thành viên Hội đồng", voice.archive_line()), name=f"Biên bản họp Hội đồng {short_date(m.date)}",
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


def _salutation(line, gender=None) -> str:
    """"Ông"/"Bà" before an individual's name from the person's gender; nothing when it is not known
    (a certificate never prints "Ông/Bà")."""
    if line.kind != "individual":
        return ""
    if gender is None and getattr(line, "person_id", None):
        gender = line.person.gender
    word = salutation(gender)
    return "" if "/" in word else word


def register_no(d, seq: int) -> str:
    """"Số vào sổ" on a certificate: the decision's number and the certificate's place in it (the annex's
    order: collectives, individuals, households), three digits: "15/QĐ-UBND-007"."""
    return f"{document_number(d.number, d.code)}-{seq:03d}"


def certificate_values(d, line, seq: int | None = None, gender=None, voice: Voice | None = None,
                       named=None) -> dict[str, str]:
    """The text of each blank field for one line (`voice`, `named`: computed once for many lines)."""
    named = named or _unit_namer(d)
    org = getattr(line, "organisation", None)
    unit = ", ".join(x for x in (line.position, named(line.unit_name, org) if line.unit_name else "") if x) \
        if line.kind != "collective" else ""
    name = named(line.name, org) if line.kind == "collective" else line.name
    word = _salutation(line, gender)
    voice = voice or deciding_voice(d)
    return {
        "issuer": _issuer(d, voice).upper(),
        "name": f"{word} {name}" if word else name,
        "unit": unit,
        "achievement": f"Đã có thành tích {d.reason.removeprefix('đã có thành tích ').strip()}"
        if d.reason.startswith("đã có thành tích") else d.reason[:1].upper() + d.reason[1:],
        "decision": f"Quyết định số {document_number(d.number, d.code)} ngày {short_date(d.date)}",
        "register_no": f"Số vào sổ: {register_no(d, seq if seq is not None else (line.order or 1))}",
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
    genders = dict(Person.objects.filter(pk__in=[ln.person_id for ln in ordered if ln.person_id]).values_list(
        "pk", "gender"))
    voice, named = deciding_voice(d), _unit_namer(d)
    return [_page(w, h, blank.fields, certificate_values(d, ln, i, genders.get(ln.person_id, ""), voice, named),
                  ln.name) for i, ln in enumerate(ordered, start=1)]


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
