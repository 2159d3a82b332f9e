"""This app's paperwork (Decree 30 format, DOCX and PDF through `thidua.paperwork`): the covenant
of a cluster/block with a signature block for every member unit's head in signing order, the
cluster/block meeting minutes, the blank registration form and the ranking summary (PDF + Excel)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua import clock
from thidua.orgs.models import OrgKind, Person
from thidua.orgs.sheets import ExportColumn, write_xlsx
from thidua.orgs.wording import Voice
from thidua.paperwork import (
    Bullets,
    Column,
    Document,
    GroupRow,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from thidua.paperwork.fonts import text_width_pt
from thidua.paperwork.layout import text_width_mm
from thidua.vn import normalise
from thidua.vn.dates import long_date, place_date
from thidua.vn.money import format_number
from thidua.vn.numbering import document_number, two_digit

from . import queries
from .models import CriterionKind, Group
from .ranking import TIE_BREAK_LABELS

__all__ = ["covenant_document", "minutes_document", "ranking_document", "ranking_xlsx", "registration_form",
           "render_docx", "render_pdf"]

BLANK_NAME = "…………………………"
HEAD_WORDS = ("chu tich ubnd", "chu tich", "hieu truong", "truong phong", "truong ban", "giam doc", "chanh thanh tra",
              "chanh van phong", "chi huy truong", "truong", "bi thu", "thu truong")
# The title a head signs with, read from the start of their position ("Chủ tịch UBND" → "Chủ tịch").
HEAD_TITLES = ("Chủ tịch", "Bí thư", "Hiệu trưởng", "Trưởng phòng", "Trưởng ban", "Giám đốc", "Chánh Thanh tra",
               "Chánh Văn phòng", "Chỉ huy trưởng", "Trưởng Công an", "Thủ trưởng")


def _n(x: float) -> str:
    if x is None:
        return ""
    return format_number(x, 0) if float(x).is_integer() else format_number(x, 2)


def unit_heads(unit_ids) -> dict[int, Person]:
    """The head of each unit (Chủ tịch UBND, Hiệu trưởng, Trưởng phòng…) from its people, one query."""
    best: dict[int, tuple[int, Person]] = {}
    for p in Person.objects.filter(organisation_id__in=list(unit_ids), active=True).order_by("id"):
        pos = normalise.fold(p.position)
        if pos.startswith("pho"):
            continue
        for rank, word in enumerate(HEAD_WORDS):
            if pos.startswith(word):
                if p.organisation_id not in best or rank < best[p.organisation_id][0]:
                    best[p.organisation_id] = (rank, p)
                break
    return {k: v[1] for k, v in best.items()}


# ---------------------------------------------------------------- who signs for a member unit
#
# Every member unit signs the covenant, in signing order (section I of the covenant names the unit and
# its representative on the same line as its number). From the unit's kind (orgs.models.OrgKind) and
# its head's position (`unit_heads`), as Decree 30 writes a signature for a body led collectively
# ("TM. <tập thể lãnh đạo>", then the title) or for a head who signs in person (the title alone):
#   xa (commune, ward, special zone)   TM. ỦY BAN NHÂN DÂN  / CHỦ TỊCH
#   doan_the, the Mặt trận Tổ quốc     TM. BAN THƯỜNG TRỰC  / CHỦ TỊCH
#   doan_the, another mass organisation TM. BAN CHẤP HÀNH   / CHỦ TỊCH, BÍ THƯ (Đoàn Thanh niên)…
#   dang, a Party committee or cell    TM. ĐẢNG ỦY, TM. CHI BỘ / BÍ THƯ
#   every other unit (an office, a school, a centre, a Party board, a vertical unit, an enterprise):
#   the head signs in person under their title, TRƯỞNG PHÒNG, HIỆU TRƯỞNG, GIÁM ĐỐC, TRƯỞNG CÔNG AN…;
#   THỦ TRƯỞNG when the unit has no head on record.
# The title under a TM line is the head's ("Chủ tịch", "Bí thư"), CHỦ TỊCH (BÍ THƯ for a Party
# committee) when no head is on record.

# A grid lines up only when every signature has as many lines above the name as the others: the
# shorter ones get empty extra title lines (the renderers print an empty extra line as one).
PAD_LINE = ""
SIGNATURE_INSET_MM = 4.0  # a grid cell's padding in the DOCX, and air so Typst never wraps a line again
IN_PERSON_FALLBACK = "Thủ trưởng"


@dataclass(frozen=True)
class Signatory:
    prefix: str  # "TM. BAN CHẤP HÀNH", "" when the head signs in person
    title: str  # "CHỦ TỊCH", "TRƯỞNG PHÒNG"
    name: str


def head_title(position: str) -> str:
    """"Chủ tịch UBND" → "Chủ tịch"; "Trưởng trạm Y tế" → "Trưởng trạm"; "" for a position without one."""
    words = (position or "").split()
    folded = normalise.fold(" ".join(words))
    for title in HEAD_TITLES:
        if folded == normalise.fold(title) or folded.startswith(normalise.fold(title) + " "):
            return " ".join(words[:len(title.split())])
    if folded.startswith("truong ") and len(words) >= 2:  # Trưởng trạm, Trưởng ấp, Trưởng khoa
        return " ".join(words[:2])
    return ""


def signatory(unit, head: Person | None) -> Signatory:
    """Who signs for `unit` and how (see the mapping above)."""
    name = head.full_name if head else BLANK_NAME
    title = head_title(head.position) if head else ""
    folded = normalise.fold(unit.name)
    collective, default = "", "Chủ tịch"
    if unit.kind == OrgKind.COMMUNE:
        collective = "Ủy ban nhân dân"
    elif unit.kind == OrgKind.MASS_ORG:
        collective = "Ban Thường trực" if "mat tran" in folded or "mttq" in folded else "Ban Chấp hành"
    elif unit.kind == OrgKind.PARTY and folded.startswith(("dang uy", "dang bo", "chi bo")):
        collective, default = ("Chi bộ" if folded.startswith("chi bo") else "Đảng ủy"), "Bí thư"
    if collective:
        return Signatory(f"TM. {collective}".upper(), (title or default).upper(), name)
    return Signatory("", (title or IN_PERSON_FALLBACK).upper(), name)


def _wrap(text: str, width_pt: float) -> list[str]:
    """`text` in as few lines as fit `width_pt` (14 pt bold), the lines as even as possible (no lone
    last word): a line too wide would be wrapped by the renderer and push the names out of line."""
    words = text.split()

    def w(ws) -> float:
        return text_width_pt(" ".join(ws), 14, bold=True)

    if not words or w(words) <= width_pt:
        return [" ".join(words)] if words else []
    best: list[str] = [" ".join(words)]
    for k in range(2, min(len(words), 4) + 1):
        best_width = None
        for cuts in _cuts(len(words), k):
            parts = [words[a:b] for a, b in zip((0, *cuts), (*cuts, len(words)), strict=True)]
            widest = max(w(p) for p in parts)
            if best_width is None or widest < best_width:
                best_width, best = widest, [" ".join(p) for p in parts]
        if best_width is not None and best_width <= width_pt:
            break
    return best  # four lines at most; a word wider than the column is the renderer's to break


def _cuts(n: int, k: int, start: int = 1):
    """Every way of cutting n words into k non-empty lines, as the k-1 cut positions."""
    if k == 1:
        yield ()
        return
    for c in range(start, n - k + 2):
        for rest in _cuts(n, k - 1, c + 1):
            yield (c, *rest)


def signature_grid(signatories: list[Signatory]) -> tuple[Signature, ...]:
    """Signatures laid out to line up in the renderers' grid (two columns for 2 or 4 signatures, else
    three): the TM line and the title wrapped to the column ("\n" between the lines), then every
    signature padded with empty lines to the same number of lines, so that the TM lines, the room to
    sign and the names sit on the same rows across the grid."""
    cols = 2 if len(signatories) in (2, 4) else 3
    width_pt = (text_width_mm(False) / cols - SIGNATURE_INSET_MM) * 72 / 25.4
    wrapped = [(_wrap(s.prefix, width_pt), _wrap(s.title, width_pt)) for s in signatories]
    rows = max((len(p) + len(t) for p, t in wrapped), default=0)
    return tuple(Signature("\n".join(p), "\n".join(t), s.name,
                           extra_title_lines=(PAD_LINE,) * (rows - len(p) - len(t)))
                 for s, (p, t) in zip(signatories, wrapped, strict=True))


def council(authority) -> str:
    """"Hội đồng Thi đua - Khen thưởng xã Tân Lợi": the authority's council, named from its data."""
    return f"Hội đồng Thi đua - Khen thưởng {Voice.of(authority).locality}".strip()


def _representative(head: Person | None) -> str:
    """"Nguyễn Văn Hạ, Chủ tịch UBND": who signs for a unit, as the list of signing units shows them."""
    if head is None:
        return ""
    return f"{head.full_name}, {head.position}" if head.position else head.full_name


def _header(group: Group, code: str, day=None, year: int | None = None) -> Header:
    authority = group.cycle.authority
    return Header(parent_authority=authority.short_name, authority=group.name,
                  number_code=document_number(None, code), place_date=place_date(authority.place_name, day,
                                                                                 year=year or group.cycle.year))


def _criteria_table(group: Group, with_target: bool = False) -> Table:
    rows: list = []
    current = None
    for c in queries.criteria(group.scorecard_id):
        if c.group_id != current:
            rows.append(GroupRow(f"{c.group.code}. {c.group.name}"))
            current = c.group_id
        extra = [""] if with_target else []
        if with_target and c.kind != CriterionKind.TARGET:
            extra = ["—"]
        rows.append([c.code, c.name + (f" ({c.unit_label})" if c.unit_label else ""), c.get_kind_display(),
                     _n(float(c.max_points)), *extra])
    cols = [Column("Mã", 0.7, "center"), Column("Tiêu chí", 4.6), Column("Cách chấm", 1.7),
            Column("Điểm tối đa", 1.1, "center")]
    if with_target:
        cols.append(Column("Chỉ tiêu đăng ký", 1.4, "center"))
    if not rows:
        rows = [["", "(Chưa có thang bảng điểm)", "", "", *([""] if with_target else [])]]
    return Table(columns=cols, rows=rows, font_size=12, name="Thang bảng điểm")


def covenant_document(group: Group) -> Document:
    cycle = group.cycle
    members = list(queries.members(group))
    heads = unit_heads([m.organisation_id for m in members])
    year = cycle.year
    standing = f"Thường trực {council(cycle.authority)}"
    kind_word = "cụm" if group.kind == "cum" else "khối"
    card = group.scorecard
    body = [
        Paragraph(f"Thực hiện phong trào thi đua yêu nước năm {year} do {cycle.authority.name} phát động; căn cứ "
                  f"quy định về tổ chức hoạt động và bình xét, xếp hạng thi đua của các cụm, khối, các đơn vị "
                  f"thành viên {group.name} thống nhất ký kết giao ước thi đua năm {year} với các nội dung sau:"),
        Heading("I. CÁC ĐƠN VỊ KÝ KẾT (theo thứ tự ký tại Hội nghị)", 1),
        Table(columns=[Column("Thứ tự ký", 0.9, "center"), Column("Đơn vị", 3.6), Column("Người đại diện", 2.4),
                       Column("Ghi chú", 1.4)],
              rows=[[two_digit(i), m.organisation.name, _representative(heads.get(m.organisation_id)),
                     group.head_title if m.organisation_id == group.head_id
                     else (group.deputy_title if m.organisation_id == group.deputy_id else "")]
                    for i, m in enumerate(members, start=1)] or [["", "(Chưa có đơn vị thành viên)", "", ""]],
              font_size=12, name="Danh sách đơn vị ký kết"),
        Heading("II. NỘI DUNG GIAO ƯỚC", 1),
        Paragraph(f"1. Các đơn vị thi đua hoàn thành toàn diện các chỉ tiêu, nhiệm vụ năm {year}; mỗi đơn vị "
                  f"đăng ký chỉ tiêu cụ thể theo thang bảng điểm dưới đây"
                  + (f" (điểm thưởng tối đa {_n(float(card.bonus_cap))} điểm)." if card else ".")),
        _criteria_table(group),
        Paragraph("2. Thực hiện tốt chế độ thông tin, báo cáo; tham gia đầy đủ các hoạt động của "
                  f"{kind_word}; tự chấm điểm có minh chứng và chấp hành kết quả bình xét của {kind_word}."),
        Heading("III. TỔ CHỨC THỰC HIỆN", 1),
        Paragraph(f"{group.head_title} chủ trì, phối hợp {group.deputy_title.lower()} theo dõi, đôn đốc, tổ chức "
                  f"chấm chéo và họp bình xét cuối năm; báo cáo kết quả về {standing}. Giao ước được lập thành "
                  f"nhiều bản, mỗi đơn vị giữ một bản, gửi {standing} một bản."),
    ]
    sigs = signature_grid([signatory(m.organisation, heads.get(m.organisation_id)) for m in members])
    if not sigs:
        sigs = (Signature("", group.head_title, BLANK_NAME),)
    return Document(
        header=_header(group, "GƯTĐ"), kind_name="Giao ước thi đua",
        summary=f"{group.name} năm {year}", body=tuple(body), signature=tuple(sigs),
        distribution=(standing, "Các đơn vị thành viên", f"Lưu: {group.name}"),
        name=f"Giao ước thi đua {group.name} năm {year}",
    )


def _next_group(group: Group) -> Group | None:
    return group.next_groups.select_related("head", "deputy").first()


def minutes_document(group: Group) -> Document:
    cycle = group.cycle
    results = [r for r in queries.cycle_ranking(cycle, [group.pk])]
    gr = results[0]
    members = list(queries.members(group))
    heads = unit_heads([m.organisation_id for m in members])
    day = group.meeting_date
    rows = []
    for row in gr.ranking.rows:
        s = gr.scores[row.entry.unit]
        note = "; ".join(x for x in (f"Hạng {row.place}" if row.place else "", "Bằng điểm" if row.tied else "") if x)
        rows.append([two_digit(len(rows) + 1), gr.organisations[row.entry.unit].name, _n(s.total),
                     _n(s.applicable_max), _n(s.score), f"{row.rank}" + (" (đồng hạng)" if row.tied else ""),
                     row.grade, note])
    leaders = gr.ranking.leaders
    leader_text = ", ".join(gr.organisations[r.entry.unit].name for r in leaders) or "(chưa có)"
    nxt = _next_group(group)
    body = [
        Paragraph(f"Vào lúc …… giờ, {long_date(day) if day else 'ngày …… tháng …… năm ' + str(cycle.year + 1)}, "
                  f"tại {group.meeting_place or '……………………'}, {group.name} tổ chức họp bình xét thi đua năm "
                  f"{cycle.year}."),
        Heading("I. THÀNH PHẦN", 1),
        Paragraph("Đại diện các đơn vị thành viên có mặt:", indent=True),
        Bullets(tuple(f"{m.organisation.name}" + (f": {heads[m.organisation_id].full_name}, "
                                                  f"{heads[m.organisation_id].position}"
                                                  if m.organisation_id in heads else "") for m in members)
                or ("(Chưa có đơn vị thành viên)",)),
        Paragraph(f"Chủ trì: {group.head.name if group.head else '……'} ({group.head_title}); thư ký: "
                  f"{group.deputy.name if group.deputy else '……'} ({group.deputy_title}).", indent=True),
        Heading("II. NỘI DUNG", 1),
        Paragraph("1. Các đơn vị đã tự chấm điểm, chấm chéo và thống nhất bảng điểm như sau (điểm quy đổi là tổng "
                  "điểm trên thang 100 của điểm tối đa áp dụng cho đơn vị):"),
        Table(columns=[Column("STT", 0.6, "center"), Column("Đơn vị", 3.2), Column("Tổng điểm", 1.0, "center"),
                       Column("Điểm tối đa áp dụng", 1.1, "center"), Column("Điểm quy đổi", 1.0, "center"),
                       Column("Xếp hạng", 1.0, "center"), Column("Xếp loại", 1.0, "center"),
                       Column("Ghi chú", 1.0)],
              rows=rows or [["", "(Chưa có điểm)", "", "", "", "", "", ""]], font_size=12, name="Bảng điểm"),
    ]
    if gr.ranking.excluded:
        body.append(Paragraph("Các đơn vị không đưa vào bình xét: " + "; ".join(
            f"{gr.organisations[e.unit].name} ({e.excluded_reason})" for e in gr.ranking.excluded) + "."))
    body.append(Paragraph(f"2. Thống nhất đơn vị dẫn đầu {group.name} năm {cycle.year}: {leader_text}"
                          + (" (bằng điểm, đề nghị Hội đồng xem xét)." if len(leaders) > 1 else ".")))
    body.append(Heading(f"III. BẦU {group.head_title.upper()}, {group.deputy_title.upper()} NĂM {cycle.year + 1}", 1))
    body.append(Paragraph(
        f"{group.head_title} năm {cycle.year + 1}: {nxt.head.name if nxt and nxt.head else '……………………'}; "
        f"{group.deputy_title} năm {cycle.year + 1}: {nxt.deputy.name if nxt and nxt.deputy else '……………………'}."))
    body.append(Paragraph("Biên bản kết thúc vào lúc …… giờ cùng ngày, đã thông qua trước các đại biểu dự họp./.",
                          italic=True))
    secretary = heads.get(group.deputy_id)
    chair = heads.get(group.head_id)
    return Document(
        header=_header(group, "BB", day, cycle.year + 1), kind_name="Biên bản",
        summary=f"Họp bình xét thi đua {group.name} năm {cycle.year}", body=tuple(body),
        signature=(Signature("", "THƯ KÝ", secretary.full_name if secretary else BLANK_NAME),
                   Signature("", "CHỦ TRÌ", chair.full_name if chair else BLANK_NAME)),
        distribution=(f"Thường trực {council(cycle.authority)}", "Các đơn vị thành viên", f"Lưu: {group.name}"),
        name=f"Biên bản họp {group.name} năm {cycle.year}",
    )


def dotted_line(width_mm: float | None = None, size_pt: float = 14) -> str:
    """A line of dots to write on, as wide as the text (portrait A4, Decree 30 margins) and no wider:
    the count comes from the font's width of "…" at `size_pt`."""
    width_pt = (width_mm if width_mm is not None else text_width_mm(False)) * 72 / 25.4
    return "…" * int(width_pt // text_width_pt("…", size_pt))


def registration_form(group: Group) -> Document:
    cycle = group.cycle
    standing = f"Thường trực {council(cycle.authority)}"
    body = [
        Paragraph(f"Căn cứ nội dung giao ước thi đua của {group.name} năm {cycle.year}, đơn vị "
                  "……………………………………………… đăng ký các chỉ tiêu thi đua năm " f"{cycle.year} như sau:"),
        _criteria_table(group, with_target=True),
        Paragraph("Ghi chú: chỉ ghi chỉ tiêu ở các tiêu chí tính theo chỉ tiêu được giao; tiêu chí nào đơn vị "
                  "không được giao chỉ tiêu thì để trống (không tính vào điểm tối đa của đơn vị).", italic=True),
        Heading("Cam kết của đơn vị", 2),
        *[Paragraph(dotted_line(), align="left", indent=False) for _ in range(3)],
    ]
    if cycle.covenant_deadline:
        body.append(Paragraph(f"Bản đăng ký gửi về {standing} trước {long_date(cycle.covenant_deadline)}.",
                              italic=True))
    return Document(
        header=Header(parent_authority=group.name, authority="TÊN CƠ QUAN, ĐƠN VỊ", number_code=document_number(None, "ĐK"),
                      place_date=place_date("……………", None, year=cycle.year)),
        kind_name="Bản đăng ký", summary=f"Giao ước thi đua năm {cycle.year}", body=tuple(body),
        signature=Signature("", "THỦ TRƯỞNG ĐƠN VỊ", BLANK_NAME, extra_title_lines=("(Ký tên, đóng dấu)",)),
        distribution=(f"{group.head_title} {group.name}", standing, "Lưu: VT"),
        name=f"Mẫu bản đăng ký giao ước {group.name} năm {cycle.year}",
    )


RANK_COLUMNS = ["Cụm, khối", "Đơn vị", "Tổng điểm", "Điểm tối đa áp dụng", "Điểm quy đổi (thang 100)", "Xếp hạng",
                "Danh hiệu xếp hạng", "Xếp loại", "Ghi chú"]


@dataclass(frozen=True)
class RankLine:
    """One unit's line of the ranking summary, as both the PDF and the Excel file print it."""

    group: str
    unit: str
    total: float
    applicable_max: float
    score: float
    rank: int | None  # None: not ranked (excluded)
    place: str  # Nhất / Nhì / Ba / ""
    grade: str  # the authority's band: Xuất sắc, Tốt…; "" when not ranked
    note: str

    def cells(self) -> list:
        """The Excel row, in RANK_COLUMNS order."""
        return [self.group, self.unit, self.total, self.applicable_max, self.score, self.rank, self.place,
                self.grade, self.note]


UNSCORED_NOTE = "Chưa chấm: chưa có điểm nên chưa xếp hạng"


def _rank_rows(results):
    """(group result, RankLine) for every ranked unit, then every excluded one, then every unit not
    scored yet, group by group: the one row builder of the ranking PDF and its Excel file."""
    for gr in results:
        for row in gr.ranking.rows:
            s = gr.scores[row.entry.unit]
            note = "Bằng điểm, chưa phân định" if row.tied else ""
            if row.decided_by:
                note = f"Bằng điểm; phân định theo {TIE_BREAK_LABELS[row.decided_by]}"
            yield gr, RankLine(gr.group.name, gr.organisations[row.entry.unit].name, round(s.total, 2),
                               round(s.applicable_max, 2), round(s.score, 2), row.rank, row.place, row.grade, note)
        for e in gr.ranking.excluded:
            s = gr.scores[e.unit]
            yield gr, RankLine(gr.group.name, gr.organisations[e.unit].name, round(s.total, 2),
                               round(s.applicable_max, 2), round(s.score, 2), None, "", "",
                               f"Không xét: {e.excluded_reason}")
        for e in gr.ranking.unscored:  # "Chưa chấm": no score yet, so no points, no rank, no grade
            s = gr.scores[e.unit]
            yield gr, RankLine(gr.group.name, gr.organisations[e.unit].name, None, round(s.applicable_max, 2), None,
                               None, "", "", UNSCORED_NOTE)


def ranking_xlsx(cycle, results) -> bytes:
    widths = (26, 40, 10, 12, 12, 9, 10, 12, 36)
    cols = [ExportColumn(t, w, "text" if i in (0, 1, 6, 7, 8) else "int")
            for i, (t, w) in enumerate(zip(RANK_COLUMNS, widths, strict=True))]
    return write_xlsx(cols, [line.cells() for _, line in _rank_rows(results)],
                      title=f"BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {cycle.year}",
                      subtitle_lines=[cycle.authority.name, f"Lập ngày {clock.today():%d/%m/%Y}"],
                      sheet_name="Tổng hợp điểm")


def ranking_document(cycle, results) -> Document:
    groups = list(results)
    rows: list = []
    current = None
    n = 0
    for gr, line in _rank_rows(groups):
        if gr.group.pk != current:
            rows.append(GroupRow(gr.group.name + (" (đã khóa)" if gr.locked else " (chưa khóa)")))
            current, n = gr.group.pk, 0
        n += 1
        rows.append([two_digit(n), line.unit, _n(line.total), _n(line.applicable_max), _n(line.score),
                     str(line.rank) if line.rank is not None else "—", line.place, line.grade, line.note])
    authority = cycle.authority
    voice = Voice.of(authority)
    board = council(authority)
    locked = sum(1 for gr in groups if gr.locked)
    units = sum(1 for r in rows if not isinstance(r, GroupRow))
    return Document(
        header=Header(parent_authority=authority.short_name, authority="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                      number_code=document_number(None, "BTH-HĐTĐKT"),
                      place_date=place_date(authority.place_name, clock.today())),
        kind_name="Bảng tổng hợp",
        summary=f"Kết quả chấm điểm, xếp hạng thi đua các cụm, khối năm {cycle.year}",
        orientation="landscape",
        body=(Paragraph("Điểm quy đổi là tổng điểm (gồm điểm thưởng, trừ điểm trừ) trên thang 100 của điểm tối đa "
                        "áp dụng cho từng đơn vị; các tiêu chí đơn vị không được giao chỉ tiêu không tính vào điểm "
                        "tối đa. Đơn vị bằng điểm được phân định theo thứ tự đã quy định; nếu vẫn bằng thì ghi rõ."),
              Table(columns=[Column("STT", 0.6, "center"), Column("Đơn vị", 3.4), Column("Tổng điểm", 1.0, "center"),
                             Column("Điểm tối đa áp dụng", 1.1, "center"), Column("Điểm quy đổi", 1.0, "center"),
                             Column("Xếp hạng", 0.9, "center"), Column("Danh hiệu xếp hạng", 1.1, "center"),
                             Column("Xếp loại", 1.1, "center"), Column("Ghi chú", 2.4)],
                    rows=rows or [["", "(Chưa có cụm, khối)", "", "", "", "", "", "", ""]], font_size=12,
                    name="Bảng tổng hợp điểm"),
              # a paragraph after the table, so the signature never stands alone on its page
              Paragraph(f"Bảng tổng hợp gồm {units} đơn vị của {len(groups)} cụm, khối"
                        + (f"; {len(groups) - locked} cụm, khối chưa khóa kết quả." if locked < len(groups) else ".")
                        if groups else "Chưa có cụm, khối nào trong năm thi đua.")),
        signature=Signature("TM. HỘI ĐỒNG", "CHỦ TỊCH", _chair(authority)),
        distribution=voice.distribution(first=(f"Lãnh đạo {voice.short_name}", f"Các thành viên {board}",
                                               "Các cụm, khối thi đua")),
        name=f"Bảng tổng hợp điểm thi đua năm {cycle.year}",
    )


def _chair(authority) -> str:
    s = authority.signers.filter(is_chair=True).first() or authority.signers.first()
    return s.name if s else BLANK_NAME
