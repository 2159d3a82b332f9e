"""The speeches' papers and the notice after the conference (#22), made from the event's data:

- `launch_document` — dự thảo lời phát động thi đua for the launched year: the movements by name, the
  content of the call (each scorecard's criteria groups), the clusters and blocks that sign covenants; the
  prose left as headed blanks; only the formulas offices read verbatim are written ("Kính thưa …", "Tôi xin
  trân trọng phát động …" with the movements' names);
- `opening_document`, `closing_document` — đề cương phát biểu khai mạc / bế mạc: who speaks, what the
  conference hears and decides, the award batches (collectives and individuals per form and level), the
  covenants, the guests to greet or thank by category;
- `conclusion_document` — thông báo kết luận hội nghị, an official document (TB-…) issued through the
  outgoing register (source "program.conclusion", keyed by the event id): who presided, when and where,
  attendance from the check-ins by category, the awards, the covenants, the presider's conclusions as
  headed blanks.

The first three are working papers (paperwork's `Document(working=True)`): the organiser top left, no
quốc hiệu, number or signature. Wording from the authority's data (orgs.wording.Voice)."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.urls import reverse

from thidua.checkin.queries import category_rows
from thidua.emulation.documents import council
from thidua.emulation.models import Covenant, CovenantStatus, CriteriaGroup, Cycle, Group, GroupKind, Movement
from thidua.events.models import Event
from thidua.orgs import register
from thidua.orgs.models import RegisterEntry, Signer
from thidua.orgs.register import Source
from thidua.orgs.services import ValidationFailed
from thidua.orgs.wording import Voice, signature_of, signer_on
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import Bullets, Column, Document, Header, Heading, Paragraph, Signature, Table
from thidua.paperwork.pdf import render_pdf
from thidua.vn.dates import long_date, place_date, short_date, time_text, weekday_name
from thidua.vn.numbering import document_number, two_digit

from . import queries
from .models import AgendaItem, ItemKind

CONCLUSION = "program.conclusion"
TO_WRITE = "(Nội dung do cơ quan soạn thảo bổ sung.)"
CONCLUDED = "(Nội dung kết luận của đồng chí chủ trì)"
SIGNED = (CovenantStatus.SUBMITTED, CovenantStatus.ACCEPTED)  # registered and brought to be signed


# --- the event's figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardLine:
    award: str  # "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    issuer: str  # "Chủ tịch Ủy ban nhân dân tỉnh Bình Phước" (the level that decided)
    collectives: int
    individuals: int


@dataclass(frozen=True)
class Figures:
    year: int | None  # the launched year
    cycle: Cycle | None
    movements: list  # Movement rows
    groups: list  # Group rows, with .unit_count and .signed_count
    awards: list[AwardLine]
    attendance: list[dict]  # checkin.queries.category_rows
    talks: int
    presider: str  # "Nguyễn Văn Hạ, Chủ tịch UBND huyện Hớn Quản"


def event_in(authority, key) -> Event:
    """The conference `key` of `authority`; another authority's id (or no number) is not found."""
    event = (Event.objects.select_related("authority", "signer").filter(pk=int(key), authority_id=authority.pk)
             .first() if str(key).isdigit() else None)
    if event is None:
        raise Http404("Không có hội nghị này.")
    return event


def _items(event: Event) -> list[AgendaItem]:
    return queries.agenda(event)


def _who(items: list[AgendaItem], kind: str) -> str:
    return next((it.who for it in items if it.kind == kind and it.who), "")


def presider(event: Event, items: list[AgendaItem] | None = None) -> str:
    """Who presides: the one who opens the conference in the programme, else the event's "Chủ trì", else
    the authority's chair as the signers are recorded."""
    who = _who(items if items is not None else _items(event), ItemKind.OPENING) or event.chair
    if not who:
        s = Signer.objects.filter(authority_id=event.authority_id).order_by("-is_chair", "display_order", "id").first()
        title = (s.title or s.prefix.removeprefix("TM. ").removeprefix("KT. ")).capitalize() if s else ""
        who = ", ".join(x for x in (s.name, f"{title} {event.authority.short_name}" if title else "") if x) if s else ""
    for prefix in ("Đồng chí ", "đồng chí "):
        who = who.removeprefix(prefix)
    return who


def _award_lines(event: Event) -> list[AwardLine]:
    """Collectives and individuals handed over per form and deciding level, in the batches' order."""
    lines: OrderedDict[tuple[str, str], list[int]] = OrderedDict()
    for b in queries.batches(event):
        kinds = [m.kind for m in b.members.all()]
        c = lines.setdefault((b.award_name, b.decision_issuer), [0, 0])
        c[0] += sum(1 for k in kinds if k != "individual")
        c[1] += sum(1 for k in kinds if k == "individual")
    return [AwardLine(a, i, c, n) for (a, i), (c, n) in lines.items()]


def figures(event: Event, items: list[AgendaItem] | None = None) -> Figures:
    items = items if items is not None else _items(event)
    year = event.launches_year or (event.closes_year + 1 if event.closes_year else None)
    cycle = Cycle.objects.filter(authority_id=event.authority_id, year=year).first() if year else None
    movements, groups = [], []
    if cycle is not None:
        movements = list(Movement.objects.filter(cycle=cycle).order_by("starts_on", "launch_date", "id"))
        signed = set(Covenant.objects.filter(cycle=cycle, status__in=SIGNED).values_list("organisation_id",
                                                                                          flat=True))
        for g in (Group.objects.filter(cycle=cycle).select_related("head", "scorecard")
                  .annotate(unit_count=Count("memberships")).order_by("display_order", "id")):
            g.signed_count = sum(1 for o in g.memberships.values_list("organisation_id", flat=True) if o in signed)
            groups.append(g)
    return Figures(year=year, cycle=cycle, movements=movements, groups=groups, awards=_award_lines(event),
                   attendance=category_rows(event), talks=sum(1 for it in items if it.kind == ItemKind.TALK),
                   presider=presider(event, items))


# --- pieces -------------------------------------------------------------------------------------------


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _person(who: str) -> str:
    """"đồng chí Nguyễn Văn Hạ, Chủ tịch …"; "lãnh đạo cấp trên", "đại diện …" as they are."""
    if who.casefold().startswith(("lãnh đạo", "đại diện", "các ")):
        return _lower(who)
    return f"đồng chí {who}"


def _blank(text: str = TO_WRITE) -> Paragraph:
    return Paragraph(text, italic=True)


def _when(event: Event) -> str:
    if not event.date:
        return event.when_text
    at = f"{time_text(event.start_time)}, " if event.start_time else ""
    return f"{at}{weekday_name(event.date)}, {long_date(event.date)}"


def _working_header(event: Event) -> Header:
    a = event.authority
    return Header(parent_authority=a.parent_line, authority=f"{a.header_name}\nBAN TỔ CHỨC HỘI NGHỊ",
                  number_code="", place_date="")


def _kind_count(groups: list, kind: str) -> int:
    return sum(1 for g in groups if g.kind == kind)


def _groups_phrase(groups: list) -> str:
    """"02 cụm và 03 khối thi đua" from the year's groups."""
    parts = [f"{two_digit(n)} {word}" for n, word in ((_kind_count(groups, GroupKind.CLUSTER), "cụm"),
                                                      (_kind_count(groups, GroupKind.BLOCK), "khối")) if n]
    return f"{' và '.join(parts)} thi đua" if parts else "chưa có cụm, khối thi đua"


def _group_lines(groups: list, signed: bool = False) -> tuple[str, ...]:
    lines = []
    for g in groups:
        head = f" ({g.head_title}: {g.head.name})" if g.head_id else ""
        tail = (f": {two_digit(g.signed_count)}/{two_digit(g.unit_count)} đơn vị ký kết" if signed
                else f": {two_digit(g.unit_count)} đơn vị thành viên")
        lines.append(f"{g.name}{head}{tail}")
    return tuple(lines)


def _movement_line(m: Movement) -> str:
    when = ""
    if m.starts_on and m.ends_on:
        when = f", từ {short_date(m.starts_on)} đến {short_date(m.ends_on)}"
    doc = f" (phát động theo {m.launch_document})" if m.launch_document else ""
    return f"“{m.name}”{doc}{when}"


def _awards_table(lines: list[AwardLine]) -> Table:
    rows = tuple((str(i), a.award, a.issuer or "—", two_digit(a.collectives) if a.collectives else "—",
                  two_digit(a.individuals) if a.individuals else "—") for i, a in enumerate(lines, start=1))
    total = ("", "Tổng cộng", "", two_digit(sum(a.collectives for a in lines)),
             two_digit(sum(a.individuals for a in lines)))
    return Table(columns=(Column("TT", 0.5, "center"), Column("Hình thức khen thưởng", 3.0),
                          Column("Cấp quyết định", 2.4), Column("Tập thể", 0.9, "center"),
                          Column("Cá nhân", 0.9, "center")), rows=rows, total_row=total, font_size=12,
                 name="Bảng khen thưởng trao tại Hội nghị")


def _attendance_table(rows: list[dict], present: bool) -> Table:
    key = "present" if present else "expected"
    body = tuple((str(i), r["name"], two_digit(r["invited"]), two_digit(r[key]))
                 for i, r in enumerate(rows, start=1))
    total = ("", "Tổng cộng", two_digit(sum(r["invited"] for r in rows)), two_digit(sum(r[key] for r in rows)))
    return Table(columns=(Column("TT", 0.5, "center"), Column("Thành phần", 4.2), Column("Được mời", 1.1, "center"),
                          Column("Có mặt" if present else "Xác nhận dự", 1.2, "center")), rows=body,
                 total_row=total, font_size=12, name="Bảng thành phần đại biểu")


def _award_totals(f: Figures) -> str:
    c, n = sum(a.collectives for a in f.awards), sum(a.individuals for a in f.awards)
    return f"{two_digit(c)} tập thể và {two_digit(n)} cá nhân"


def _movement_names(f: Figures) -> str:
    return "; ".join(f"“{m.name}”" for m in f.movements)


def _guests(event: Event, rows: list[dict], present: bool) -> list:
    """Greeting or thanks by category: the categories with someone coming (present on the day once
    check-ins exist), the leaders of the level above by name."""
    key = "present" if present else "expected"
    lines = [f"Các đồng chí {_lower(r['name'])} ({two_digit(r[key])} đại biểu)" for r in rows if r[key]]
    named = [f"Đồng chí {name}, {title}" for name, title in queries.higher_guests(event, on_day=present)]
    out: list = []
    if named:
        out += [Paragraph("Lãnh đạo cấp trên dự Hội nghị:", indent=True), Bullets(tuple(named))]
    if lines:
        out += [Paragraph("Theo thành phần:", indent=True), Bullets(tuple(lines))]
    return out or [_blank("(Chưa có đại biểu xác nhận tham dự: bổ sung khi có danh sách.)")]


def _any_present(rows: list[dict]) -> bool:
    return any(r["present"] for r in rows)


# --- the launch speech ---------------------------------------------------------------------------------


def launch_document(event: Event) -> Document:
    items = _items(event)
    f = figures(event, items)
    if f.cycle is None:
        raise ValidationFailed(f"Chưa có năm thi đua {f.year or ''} được phát động tại hội nghị: tạo năm thi đua ở "
                               "trang Thi đua.".replace("  ", " "), "launches_year")
    voice = Voice.of(event.authority)
    reader = _who(items, ItemKind.LAUNCH) or f.presider
    body: list = [Paragraph(f"Người phát động: {reader or '…'}.", indent=True),
                  Paragraph(f"Thời gian: {_when(event)}. Địa điểm: {event.venue or 'Hội trường'}.", indent=True),
                  Paragraph("Kính thưa các đồng chí lãnh đạo, quý vị đại biểu!"),
                  Paragraph("Thưa toàn thể Hội nghị!"),
                  Heading(f"1. Kết quả phong trào thi đua năm {event.closes_year or f.year - 1}", level=2),
                  _blank(),
                  Heading(f"2. Các phong trào thi đua năm {f.year}", level=2)]
    if f.movements:
        body.append(Bullets(tuple(_movement_line(m) for m in f.movements)))
    else:
        body.append(_blank(f"(Năm thi đua {f.year} chưa có phong trào thi đua: nhập ở trang Thi đua.)"))
    body.append(Heading("3. Nội dung thi đua", level=2))
    cards: OrderedDict[int, tuple] = OrderedDict()
    for g in f.groups:
        if g.scorecard_id:
            cards.setdefault(g.scorecard_id, (g.scorecard, []))[1].append(g.name)
    for sid, (card, names) in cards.items():
        crits = list(CriteriaGroup.objects.filter(scorecard_id=sid).annotate(n=Count("criteria"))
                     .order_by("display_order", "id"))
        body.append(Paragraph(f"{card.name} (áp dụng cho {', '.join(names)}):", indent=True))
        body.append(Bullets(tuple(f"{c.code}. {c.name} ({two_digit(c.n)} tiêu chí)" for c in crits) or
                            ("(Chưa có nhóm tiêu chí)",)))
    body += [_blank(), Heading(f"4. Ký kết giao ước thi đua năm {f.year}", level=2),
             Paragraph(f"Năm {f.year}, {voice.locality} có {_groups_phrase(f.groups)} với "
                       f"{two_digit(sum(g.unit_count for g in f.groups))} đơn vị thành viên ký kết giao ước thi đua:",
                       indent=True)]
    if f.groups:
        body.append(Bullets(_group_lines(f.groups)))
    body += [Heading("5. Lời kêu gọi", level=2), _blank(),
             Paragraph(f"Thay mặt {voice.name}, tôi xin trân trọng phát động phong trào thi đua năm {f.year} trên địa "
                       f"bàn {voice.locality}" + (f": {_movement_names(f)}." if f.movements else ".")),
             Paragraph("Chúc các cơ quan, đơn vị, địa phương hoàn thành xuất sắc nhiệm vụ năm "
                       f"{f.year}. Xin trân trọng cảm ơn!")]
    return Document(header=_working_header(event), kind_name="LỜI PHÁT ĐỘNG THI ĐUA",
                    summary=f"(Dự thảo) Phát động phong trào thi đua năm {f.year}", body=tuple(body), working=True,
                    name=f"Lời phát động {event.slug}")


# --- the outlines of the opening and closing speeches -------------------------------------------------


def _decides(event: Event, items: list[AgendaItem], f: Figures) -> list:
    """What the conference hears and decides, from the programme."""
    lines = []
    for it in items:
        if it.kind == ItemKind.REPORT:
            lines.append(f"Nghe {_lower(it.title)}" + (f" ({it.who} trình bày)" if it.who else ""))
        elif it.kind == ItemKind.DIRECTIVE:
            lines.append("Nghe ý kiến chỉ đạo" + (f" của {_person(it.who)}" if it.who else ""))
    if f.talks:
        lines.append(f"Nghe {two_digit(f.talks)} tham luận của các đơn vị")
    if f.awards:
        lines.append(f"Công bố các quyết định và trao khen thưởng cho {_award_totals(f)}")
    if f.movements:
        lines.append(f"Phát động phong trào thi đua năm {f.year}: {_movement_names(f)}")
    if f.groups:
        lines.append(f"Ký kết giao ước thi đua năm {f.year} giữa {_groups_phrase(f.groups)} "
                     f"({two_digit(sum(g.unit_count for g in f.groups))} đơn vị)")
    return [Bullets(tuple(lines))] if lines else [_blank("(Chương trình chưa có nội dung: lập chương trình trước.)")]


def _require_agenda(items: list[AgendaItem]) -> None:
    if not items:
        raise ValidationFailed("Hội nghị chưa có chương trình: hãy tạo chương trình trước khi in đề cương.", "agenda")


def _outline(event: Event, kind_name: str, speaker: str, body: list) -> Document:
    head = [Paragraph(f"Người trình bày: {speaker or '…'}.", indent=True),
            Paragraph(f"Thời gian: {_when(event)}. Địa điểm: {event.venue or 'Hội trường'}.", indent=True)]
    return Document(header=_working_header(event), kind_name=kind_name, summary=event.title, body=(*head, *body),
                    working=True, name=f"{kind_name.capitalize()} {event.slug}")


def opening_document(event: Event) -> Document:
    items = _items(event)
    _require_agenda(items)
    f = figures(event, items)
    present = _any_present(f.attendance)
    body = [Heading("1. Chào mừng đại biểu", level=2),
            Paragraph("Kính thưa các đồng chí lãnh đạo, quý vị đại biểu!"),
            *_guests(event, f.attendance, present),
            Heading("2. Mục đích, ý nghĩa của Hội nghị", level=2), _blank(),
            Heading("3. Nội dung Hội nghị", level=2), *_decides(event, items, f)]
    if f.awards:
        body += [Paragraph("Khen thưởng trao tại Hội nghị:", indent=True), _awards_table(f.awards)]
    body += [Heading("4. Đề nghị đối với đại biểu", level=2), _blank(),
             Paragraph("Tôi xin tuyên bố khai mạc Hội nghị."),
             Paragraph("Kính chúc quý vị đại biểu sức khỏe, hạnh phúc; chúc Hội nghị thành công tốt đẹp!")]
    return _outline(event, "ĐỀ CƯƠNG PHÁT BIỂU KHAI MẠC", _who(items, ItemKind.OPENING) or f.presider, body)


def closing_document(event: Event) -> Document:
    items = _items(event)
    _require_agenda(items)
    f = figures(event, items)
    present = _any_present(f.attendance)
    body = [Heading("1. Kết quả Hội nghị", level=2), Paragraph("Hội nghị đã:", indent=True),
            *_decides(event, items, f)]
    if f.awards:
        body.append(_awards_table(f.awards))
    if f.groups:
        body += [Paragraph("Giao ước thi đua đã ký kết:", indent=True), Bullets(_group_lines(f.groups, signed=True))]
    body += [Heading("2. Tiếp thu ý kiến chỉ đạo", level=2), _blank(),
             Heading(f"3. Nhiệm vụ trọng tâm năm {f.year or ''}".rstrip(), level=2), _blank(),
             Heading("4. Cảm ơn", level=2), *_guests(event, f.attendance, present), _blank(),
             Paragraph("Tôi xin tuyên bố bế mạc Hội nghị."),
             Paragraph("Xin trân trọng cảm ơn!")]
    return _outline(event, "ĐỀ CƯƠNG PHÁT BIỂU BẾ MẠC", _who(items, ItemKind.CLOSING) or f.presider, body)


# --- the notice of the conclusions (official, through the register) -----------------------------------


def _signature(event: Event, day: dt.date | None) -> Signature:
    s = signer_on(event.authority_id, day, event.signer)
    if s is None:
        raise ValidationFailed("Chưa có người ký của cơ quan: thêm người ký ở trang Quản trị, mục Người ký.",
                               "signatures")
    return signature_of(s)


def conclusion_document(event: Event, number: int | None = None, day: dt.date | None = None) -> Document:
    items = _items(event)
    _require_agenda(items)
    a = event.authority
    voice = Voice.of(a)
    f = figures(event, items)
    year = day.year if day else (event.date.year if event.date else event.tentative_year)
    header = Header(parent_authority=a.parent_line, authority=a.header_name,
                    number_code=document_number(number, f"TB-{a.doc_code}", blank=" " * 6),
                    place_date=place_date(a.place_name, day, year=year))
    title = _lower(event.title)
    when = f"Ngày {short_date(event.date)}" if event.date else "Ngày …"
    total = sum(r["present"] for r in f.attendance)
    body: list = [
        Paragraph(f"{when}, tại {event.venue or 'hội trường'}, {voice.name} tổ chức {title}. Đồng chí "
                  f"{f.presider or '…'} chủ trì Hội nghị."),
        Paragraph(f"Tham dự Hội nghị có {two_digit(total)} đại biểu (theo điểm danh tại Hội nghị), gồm:"),
        _attendance_table(f.attendance, present=True),
    ]
    done = []
    if any(it.kind == ItemKind.REPORT for it in items):
        done.append("nghe báo cáo tổng kết công tác thi đua, khen thưởng"
                    + (f" năm {event.closes_year}" if event.closes_year else ""))
    if f.talks:
        done.append(f"nghe {two_digit(f.talks)} tham luận của các đơn vị")
    if f.awards:
        done.append(f"công bố các quyết định và trao khen thưởng cho {_award_totals(f)}")
    if done:
        body.append(Paragraph(f"Hội nghị đã {'; '.join(done)}" + (":" if f.awards else ".")))
    if f.awards:
        body.append(_awards_table(f.awards))
    if f.movements:
        body.append(Paragraph(f"Hội nghị đã phát động phong trào thi đua năm {f.year}: {_movement_names(f)}."))
    if f.groups:
        signed = sum(g.signed_count for g in f.groups)
        units = sum(g.unit_count for g in f.groups)
        body += [Paragraph(f"Các đơn vị thành viên {_groups_phrase(f.groups)} đã ký kết giao ước thi đua năm "
                           f"{f.year} ({two_digit(signed)}/{two_digit(units)} đơn vị):"),
                 Bullets(_group_lines(f.groups, signed=True))]
    body += [Paragraph(f"Sau khi nghe các ý kiến tại Hội nghị, đồng chí {f.presider or '…'} kết luận như sau:"),
             Heading(f"1. Đánh giá kết quả công tác thi đua, khen thưởng năm {event.closes_year or ''}".rstrip(),
                     level=2), Paragraph(CONCLUDED, italic=True),
             Heading(f"2. Nhiệm vụ trọng tâm năm {f.year or ''}".rstrip(), level=2), Paragraph(CONCLUDED, italic=True),
             Heading("3. Giao nhiệm vụ cho các cơ quan, đơn vị", level=2), Paragraph(CONCLUDED, italic=True),
             Paragraph(f"{voice.name} thông báo để các cơ quan, đơn vị, địa phương biết, thực hiện./.")]
    return Document(header=header, kind_name="THÔNG BÁO",
                    summary=f"Kết luận của đồng chí {f.presider or '…'} tại {title}", body=tuple(body),
                    signature=_signature(event, day or event.date),
                    distribution=voice.distribution(first=("Các cơ quan, đơn vị dự Hội nghị",),
                                                    extra=(f"Thường trực {council(a)}",)),
                    name=f"Thông báo kết luận {event.slug}")


# --- the register, the formats --------------------------------------------------------------------------


def _build(authority, key: str, number: int | None, day: dt.date | None) -> Document:
    return conclusion_document(event_in(authority, key), number, day)


def _back(key: str) -> str:
    return reverse("program:agenda", args=[int(key)]) if str(key).isdigit() else ""


def _title(authority, key: str) -> str:
    return f"Thông báo kết luận: {event_in(authority, key).title}"


def register_sources() -> list[Source]:
    return [Source(kind=CONCLUSION, doc_kind="notice", kind_name="Thông báo", build=_build,
                   perm="program.manage_program", back=_back, title=_title)]


def conclusion_current(event: Event) -> tuple[Document, RegisterEntry | None]:
    """The notice as it stands: the register's entry (frozen once issued, else the draft with the clerk's
    edits), or built from the data when nobody opened it in the register yet."""
    entry = RegisterEntry.objects.filter(authority_id=event.authority_id, source=f"{CONCLUSION}:{event.pk}").first()
    if entry is not None:
        return register.built(entry), entry
    return conclusion_document(event), None


PAPERS = {"phat-dong": launch_document, "khai-mac": opening_document, "be-mac": closing_document,
          "ket-luan": None}
STEMS = {"phat-dong": "loi-phat-dong", "khai-mac": "de-cuong-khai-mac", "be-mac": "de-cuong-be-mac",
         "ket-luan": "thong-bao-ket-luan"}


def render(event: Event, paper: str, fmt: str) -> bytes:
    """PDF or DOCX of one paper; the notice's issued copy as the register keeps it."""
    if paper == "ket-luan":
        document, entry = conclusion_current(event)
        stored = getattr(entry, fmt, None) if entry is not None and entry.is_issued else None
        if stored:
            with stored.open("rb") as fh:
                return fh.read()
    else:
        document = PAPERS[paper](event)
    return render_pdf(document) if fmt == "pdf" else render_docx(document)
