"""The programme's paperwork: the printed programme (Chương trình hội nghị), the MC script (kịch bản
dẫn chương trình) and the backdrop (maket). Built from the event's data with the paperwork model;
PDF and DOCX come from paperwork's renderers only."""

from __future__ import annotations

import math

from thidua.emulation.models import Cycle
from thidua.emulation.queries import covenant_signing_order
from thidua.events.models import Event
from thidua.orgs.services import ValidationFailed
from thidua.orgs.wording import signature_of, signer_on
from thidua.paperwork import fonts as paperwork_fonts
from thidua.paperwork import pdf as paperwork_pdf
from thidua.paperwork.docx import render_docx
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
from thidua.vn.dates import BLANK, long_date, place_date, short_date, time_text, weekday_name
from thidua.vn.numbering import two_digit

from . import queries, services
from .batching import decided_above
from .models import AgendaItem, AwardBatch, ItemKind, ProgramSettings
from .phrases import award_phrase, balanced_lines, clause_spans, title_at

BACKDROP_SCALE = 10  # the PDF is drawn at 1:10 (800 × 400 mm for an 8 × 4 m backdrop); vector, so it enlarges cleanly


def _signature(event: Event) -> Signature:
    s = signer_on(event.authority_id, chosen=event.signer)
    if s is None:
        raise ValidationFailed("Chưa có người ký văn bản của cơ quan: thêm người ký (Chủ tịch) trước khi in.",
                               "signer")
    return signature_of(s)


def _header(event: Event, code: str) -> Header:
    a = event.authority
    year = event.date.year if event.date else (event.tentative_year or None)
    return Header(parent_authority=a.parent_line, authority=a.header_name, number_code=f"{BLANK}/{code}-{a.doc_code}",
                  place_date=place_date(a.place_name, None, year=year))


def _when(event: Event, ps: ProgramSettings) -> str:
    if not event.date:
        return event.when_text
    start = ps.day_start or event.start_time
    at = f"{time_text(start)}, " if start else ""
    return f"{at}{weekday_name(event.date)}, {long_date(event.date)}"


def _title_tail(event: Event) -> str:
    """The event title without a leading "Hội nghị": "tổng kết công tác thi đua…"."""
    t = event.title.strip()
    return t[len("Hội nghị "):] if t.lower().startswith("hội nghị ") else t


def _presenter_of(t) -> str:
    """"Hoàng Hữu Dũng, Chủ tịch Ủy ban MTTQ Việt Nam huyện": the presenter's title with their unit."""
    return ", ".join(x for x in (t.presenter_name, title_at(t.presenter_position, t.organisation.name)) if x)


def speaker(item: AgendaItem) -> str:
    """Who speaks for an agenda item, as the programme and the projector show it."""
    if item.talk_id:
        t = item.talk
        if t.presenter_name:
            return _presenter_of(t)
        return f"Đại diện {t.organisation.name}"
    return item.who


def program_document(event: Event) -> Document:
    ps = services.settings_for(event)
    items = queries.agenda(event)
    if not items:
        raise ValidationFailed("Hội nghị chưa có chương trình: hãy tạo chương trình trước khi in.", "agenda")
    rows = []
    for it in items:
        content = it.title
        if it.kind == ItemKind.TALK and it.talk_id and it.talk.title and it.talk.title not in content:
            content = f"{content}: {it.talk.title}"
        rows.append((time_text(it.start_time), content, speaker(it) or "Ban Tổ chức"))
    body = [
        Paragraph(f"Thời gian: {_when(event, ps)}.", indent=True),
        Paragraph(f"Địa điểm: {event.venue or 'Hội trường'}.", indent=True),
    ]
    if event.chair:
        body.append(Paragraph(f"Chủ trì: {event.chair}.", indent=True))
    body += [
        Heading("NỘI DUNG CHƯƠNG TRÌNH", level=2),
        Table(columns=(Column("Thời gian", 1.25, "center"), Column("Nội dung", 3.2), Column("Thực hiện", 2.2)),
              rows=tuple(rows), font_size=13, name="Bảng chương trình"),
    ]
    return Document(header=_header(event, "CTr"), kind_name="CHƯƠNG TRÌNH", summary=event.title, body=tuple(body),
                    signature=_signature(event),
                    distribution=("Các đại biểu dự Hội nghị", "Ban Tổ chức Hội nghị", "Lưu: VT."),
                    name=f"Chương trình {event.slug}")


# --- MC script -------------------------------------------------------------------------------------

INTRO_LIMIT = 25  # named delegates read out per category; the rest are greeted together


def _stage(text: str) -> Paragraph:
    return Paragraph(f"({text})", italic=True)


def _say(text: str) -> Paragraph:
    return Paragraph(text)


def _intro_blocks(event: Event) -> list:
    groups, on_day = queries.introduced_delegates(event)
    blocks = [_say(f"Kính thưa quý vị đại biểu! Được sự thống nhất của Thường trực Hội đồng Thi đua – Khen thưởng, "
                   f"hôm nay {event.authority.name} long trọng tổ chức {event.title[0].lower()}{event.title[1:]}."),
              _say("Đến dự Hội nghị hôm nay, chúng tôi xin trân trọng giới thiệu:")]
    if on_day:
        blocks.insert(0, _stage("Danh sách lập theo đại biểu đã điểm danh có mặt lúc in kịch bản"))
    if not groups:
        blocks.append(_stage("Chưa có đại biểu xác nhận tham dự; bổ sung danh sách trước giờ khai mạc"))
    for name, delegates in groups:
        named = [d for d in delegates if not d.is_placeholder]
        placeholders = [d for d in delegates if d.is_placeholder]
        lines = []
        for d in named[:INTRO_LIMIT]:
            who = d.attendee_name
            position = d.substitute_position if d.reply_status == "substitute" else d.position
            title = title_at(position, d.unit_name)
            lines.append(f"Đồng chí {who}" + (f", {title}" if title else ""))
        rest = len(named) - len(lines) + len(placeholders)
        blocks.append(Heading(name, level=3))
        if lines:
            blocks.append(Bullets(tuple(lines)))
        if rest:
            blocks.append(_say(f"Cùng {two_digit(rest)} đại biểu khác thuộc thành phần {name[0].lower()}{name[1:]}."))
        blocks.append(_say("Nhiệt liệt chào mừng các đồng chí!"))
    blocks.append(_say("Kính chúc quý vị đại biểu sức khỏe, hạnh phúc; chúc Hội nghị thành công tốt đẹp!"))
    return blocks


def _batch_blocks(event: Event, batches: list[AwardBatch]) -> list:
    blocks, announced = [], set()
    decisions = queries.batch_decisions(batches)
    guests = {name for name, _ in queries.higher_guests(event)}
    for b in batches:
        members = list(b.members.all())
        d = decisions.get(b.decision_id)
        award = award_phrase(b.award_name, d.award.kind if d else "form")
        blocks.append(Heading(f"Đợt {b.position}: {award[:1].upper()}{award[1:]} ({two_digit(len(members))} người "
                              "nhận)", level=3))
        key = (b.decision_id, b.decision_number)
        if key not in announced:
            announced.add(key)
            when = f" ngày {short_date(b.decision_date)}" if b.decision_date else ""
            issuer = f" của {b.decision_issuer}" if b.decision_issuer else ""
            blocks.append(_say(f"Thừa ủy quyền của Ban Tổ chức, xin công bố Quyết định số {b.decision_number}{when}"
                               f"{issuer} về việc tặng {award} cho các tập thể, cá nhân đã có thành tích xuất sắc."))
        presenter = (f"đồng chí {b.presenter_name}" + (f", {b.presenter_position}" if b.presenter_position else "")) \
            if b.presenter_name else "đồng chí lãnh đạo"
        # a decision of the level above, handed over by the host's leader because nobody of that level came
        above = d is not None and decided_above(d.signer_level, event.authority.level)
        if above and b.presenter_name and b.presenter_name not in guests and b.decision_issuer:
            presenter += f", thừa ủy quyền của {b.decision_issuer},"
        blocks.append(_say(f"Xin trân trọng kính mời {presenter} lên trao {award} cho các tập thể, cá nhân sau:"))
        lines = []
        for m in members:
            if m.kind == "individual":
                lines.append(", ".join(x for x in (f"Đồng chí {m.name}", title_at(m.title, m.unit_name)) if x))
            else:
                lines.append(f"{m.name}" + (f" – đại diện nhận: {m.representative}" if m.representative else
                                            " – đại diện lãnh đạo đơn vị lên nhận"))
        if lines:
            blocks.append(Bullets(tuple(lines), marker="+"))
        blocks.append(_stage("Chụp ảnh lưu niệm"))
        blocks.append(_say("Xin cảm ơn, kính mời các đồng chí về vị trí."))
    return blocks


def _covenant_blocks(event: Event) -> list:
    year = event.launches_year or (event.date.year if event.date else None)
    cycle = Cycle.objects.filter(authority_id=event.authority_id, year=year).first() if year else None
    if cycle is None:
        return [_stage(f"Chưa có danh sách cụm, khối thi đua năm {year or ''}; bổ sung thứ tự ký trước hội nghị")]
    order = covenant_signing_order(cycle)
    if not order:
        return [_stage(f"Năm thi đua {year} chưa có cụm, khối nào")]
    blocks = [_say("Xin trân trọng kính mời đại diện lãnh đạo các cụm, khối thi đua lên ký kết giao ước thi đua "
                   f"năm {year} theo thứ tự sau:")]
    for g in order:  # the group's name says which it is; its units in signing order, one numbering only
        group = g["group"]
        head = f" ({group.head_title}: {g['head'].name})" if g.get("head") else ""
        blocks.append(Heading(f"{group.name}{head}", level=3))
        blocks += [Paragraph(f"{u['order']}. {u['organisation'].name}") for u in g["units"]]
    return blocks


def _invited(who: str) -> str:
    """Who the MC invites: "đồng chí Nguyễn Văn Hạ, Chủ tịch …"; "đồng chí lãnh đạo Phòng Nội vụ" for an
    office's leader not named yet; "đại diện …" as it is."""
    if not who:
        return "đồng chí …"
    if who.casefold().startswith(("đại diện ", "các ")):
        return who[:1].lower() + who[1:]
    if who.casefold().startswith("lãnh đạo "):
        return f"đồng chí l{who[1:]}"
    return f"đồng chí {who}"


def _default_words(event: Event, item: AgendaItem, ps: ProgramSettings) -> list:
    who = item.who
    k = item.kind
    if k == ItemKind.RECEPTION:
        return [_stage("Ban Tổ chức đón tiếp đại biểu; nhạc nền. Người dẫn chương trình mời đại biểu vào hội trường")]
    if k == ItemKind.PERFORMANCE:
        by = f" do {item.in_charge_unit.name} biểu diễn" if item.in_charge_unit_id else ""
        return [_say(f"Kính thưa quý vị đại biểu! Xin mời quý vị thưởng thức tiết mục văn nghệ chào mừng{by}.")]
    if k == ItemKind.FLAG:
        return [_say("Đã đến giờ làm việc, kính mời quý vị đại biểu ổn định chỗ ngồi."),
                _say("Nghiêm! Chào cờ – chào!"), _stage("Quốc ca"), _say("Mời quý vị đại biểu ngồi.")]
    if k == ItemKind.INTRO:
        return _intro_blocks(event)
    if k == ItemKind.OPENING:
        return [_say(f"Xin trân trọng kính mời {_invited(who)} lên phát biểu khai mạc Hội nghị.")]
    if k == ItemKind.REPORT:
        return [_say(f"Xin trân trọng kính mời {_invited(who)} trình bày {item.title[0].lower()}"
                     f"{item.title[1:]}.")]
    if k == ItemKind.TALK:
        t = item.talk
        if t is None:
            return [_stage("Tham luận: chưa có đơn vị trình bày")]
        person = f"đồng chí {_presenter_of(t)}," if t.presenter_name else f"đại diện lãnh đạo {t.organisation.name}"
        topic = f" với chủ đề “{t.title}”" if t.title else ""
        length = f" (khoảng {math.ceil(t.minutes)} phút)" if t.minutes else ""
        return [_say(f"Xin trân trọng kính mời {person} lên trình bày tham luận{topic}.{length}")]
    if k == ItemKind.DIRECTIVE:
        return [_say(f"Xin trân trọng kính mời {_invited(who)} phát biểu chỉ đạo Hội nghị.")]
    if k == ItemKind.LAUNCH:
        return [_say(f"Xin trân trọng kính mời {_invited(who)} phát động phong trào thi đua.")]
    if k == ItemKind.COVENANT:
        return _covenant_blocks(event)
    if k == ItemKind.CLOSING:
        return [_say(f"Xin trân trọng kính mời {_invited(who)} phát biểu tiếp thu ý kiến chỉ đạo và bế mạc "
                     "Hội nghị."),
                _say("Hội nghị đã hoàn thành chương trình đề ra. Xin kính chúc quý vị đại biểu sức khỏe, hạnh phúc và "
                     "thành công. Xin trân trọng cảm ơn!")]
    if k == ItemKind.BREAK:
        return [_say(f"Hội nghị giải lao {two_digit(item.duration_minutes)} phút. Kính mời quý vị đại biểu trở lại "
                     "hội trường đúng giờ.")]
    if k == ItemKind.AWARDS:
        return []
    return [_say(f"{item.title}" + (f": kính mời {who}." if who else "."))]


def mc_script_body(event: Event) -> tuple:
    """What the MC reads, item by item: the script's content whatever paper carries it."""
    ps = services.settings_for(event)
    items = queries.agenda(event)
    if not items:
        raise ValidationFailed("Hội nghị chưa có chương trình: hãy tạo chương trình trước khi in kịch bản.", "agenda")
    batches = queries.batches(event)
    linked = {it.batch_id for it in items if it.batch_id}
    unlinked = [b for b in batches if b.pk not in linked]
    first_awards = next((it.pk for it in items if it.kind == ItemKind.AWARDS and not it.batch_id), None)
    body: list = [Paragraph(f"Thời gian: {_when(event, ps)}. Địa điểm: {event.venue or 'Hội trường'}.", indent=True)]
    for n, it in enumerate(items, start=1):
        body.append(Heading(f"{n}. {time_text(it.start_time)} – {it.title}", level=2))
        if it.mc_words:
            body += [_say(p) for p in it.mc_words.split("\n") if p.strip()]
            if it.kind in (ItemKind.INTRO, ItemKind.COVENANT):
                body += _default_words(event, it, ps)[2 if it.kind == ItemKind.INTRO else 1:]
        else:
            body += _default_words(event, it, ps)
        if it.kind == ItemKind.AWARDS:
            mine = [b for b in batches if b.pk == it.batch_id] if it.batch_id else (
                unlinked if it.pk == first_awards else [])
            if mine:
                body += _batch_blocks(event, mine)
            elif not it.batch_id and it.pk == first_awards:
                body.append(_stage("Chưa lập các đợt trao thưởng"))
    return tuple(body)


def mc_script_document(event: Event) -> Document:
    """The organisers' working paper: the organiser top left, the script's title and the event's name, time
    and place; no quốc hiệu, number, signature or Nơi nhận (paperwork's working paper)."""
    a = event.authority
    return Document(header=Header(parent_authority=a.parent_line, authority=f"{a.header_name}\nBAN TỔ CHỨC HỘI NGHỊ",
                                  number_code="", place_date=""),
                    kind_name="KỊCH BẢN DẪN CHƯƠNG TRÌNH", summary=event.title, body=tuple(mc_script_body(event)),
                    working=True, name=f"Kịch bản {event.slug}")


# --- backdrop ----------------------------------------------------------------------------------------


def backdrop_texts(event: Event, ps: ProgramSettings) -> dict:
    a = event.authority
    title = ps.backdrop_title or _title_tail(event).replace(";", ",")
    if ps.backdrop_place_date:
        when = ps.backdrop_place_date
    elif event.date:
        when = place_date(a.place_name, event.date)
    else:
        when = place_date(a.place_name, None, year=event.tentative_year)
    return {"authority": a.name.upper(), "meeting": "HỘI NGHỊ", "title": title.upper(), "place_date": when}


# The usual hall backdrop: deep red with the meeting's name in gold and the rest in white.
BACKDROP_BACKGROUND, BACKDROP_ACCENT, BACKDROP_TEXT = "#A3191F", "#FFD54A", "#FFFFFF"


def _fit_lines(text: str, width_mm: float, size_pt: float, bold: bool, max_lines: int) -> tuple[str, float]:
    """`text` broken between phrases into lines that fit `width_mm` (measured with the shipped font), at
    `size_pt` or smaller: down to 3/4 of it to keep each clause on its own lines ("… năm 2024," / "phát
    động …") and the lines of even length, down to half of it to take at most `max_lines` lines. "\n"
    between the lines."""
    fallback, size = None, size_pt
    while True:
        def measure(s: str, size: float = size) -> float:
            return paperwork_fonts.text_width_pt(s, size, bold) * 25.4 / 72 * 1.03  # 3 % air for the renderer

        lines = balanced_lines(text, width_mm, measure)
        if len(lines) <= max_lines and all(measure(x) <= width_mm for x in lines):
            widths = [measure(x) for x in lines]
            even = min(widths) >= 0.6 * max(widths)  # no short line left hanging between long ones
            if (not clause_spans(lines) and even) or size < size_pt * 0.75:
                return "\n".join(lines), size
            fallback = fallback or ("\n".join(lines), size)
        if size * 0.95 < size_pt * 0.5:
            return fallback or ("\n".join(lines), size)  # too long for the backdrop: smallest type, wrapped
        size *= 0.95


def backdrop_page(event: Event) -> FreePage:
    ps = services.settings_for(event)
    w = ps.hall_width_cm * 10 / BACKDROP_SCALE  # mm on the page
    h = ps.hall_height_cm * 10 / BACKDROP_SCALE
    t = backdrop_texts(event, ps)
    pt = 72 / 25.4  # points per mm
    unit = min(h, w / 2)  # type sizes follow the height, capped for tall, narrow backdrops
    margin = w * 0.06
    inner = w - 2 * margin
    authority, authority_pt = _fit_lines(t["authority"], inner, unit * 0.06 * pt, True, 2)
    meeting, meeting_pt = _fit_lines(t["meeting"], inner, unit * 0.14 * pt, True, 1)
    title, title_pt = _fit_lines(t["title"], inner, unit * 0.062 * pt, True, 4)
    items = (
        Text(margin, h * 0.08, authority, size_pt=authority_pt, bold=True, align="center", width_mm=inner,
             color=BACKDROP_TEXT),
        Text(margin, h * 0.22, meeting, size_pt=meeting_pt, bold=True, align="center", width_mm=inner,
             color=BACKDROP_ACCENT),
        Text(margin, h * 0.44, title, size_pt=title_pt, bold=True, align="center", width_mm=inner,
             color=BACKDROP_ACCENT),
        Text(margin, h * 0.84, t["place_date"], size_pt=unit * 0.045 * pt, italic=True, align="center",
             width_mm=inner, color=BACKDROP_TEXT),
    )
    return FreePage(w, h, items, name=f"Maket {event.slug}", background=BACKDROP_BACKGROUND)


def backdrop_pdf(event: Event) -> bytes:
    return render_pdf(backdrop_page(event))


def backdrop_png(event: Event, width_px: int = 1600) -> bytes:
    """A PNG preview through the same Typst compiler and fonts as the PDF."""
    page = backdrop_page(event)
    return paperwork_pdf.render_png(page, ppi=width_px / (page.width_mm / 25.4))


def program_pdf(event: Event) -> bytes:
    return render_pdf(program_document(event))


def program_docx(event: Event) -> bytes:
    return render_docx(program_document(event))


def mc_script_pdf(event: Event) -> bytes:
    return render_pdf(mc_script_document(event))


def mc_script_docx(event: Event) -> bytes:
    return render_docx(mc_script_document(event))
