"""The invitation letter (Giấy mời, Decree 30 Mẫu 1.7) of a delegate, and the background jobs that
print them all: one merged PDF through the paperwork bulk path, or a zip of DOCX files."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.jobs import JobResult, handler
from thidua.orgs.modelkit import undrawable_fields
from thidua.orgs.register import Source
from thidua.orgs.services import ValidationFailed
from thidua.orgs.wording import Voice, signature_of, signer_on
from thidua.paperwork.layout import validate
from thidua.paperwork.model import Document, Header, PaperworkError, Paragraph, Qr, Signature
from thidua.vn.dates import place_date
from thidua.vn.normalise import fold
from thidua.vn.numbering import document_number

from .models import Delegate, Event, Vehicle
from .tokens import qr_url
from .wording import addressee_line, award_lines, when_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SITE_SETTING = "THIDUA_SITE_URL"
NO_SITE = ("Chưa có địa chỉ trang cho mã QR: mã QR trên giấy mời phải mang địa chỉ mà điện thoại ở bàn đón tiếp "
           "mở được, không phải {found}. Hãy chạy lại lệnh với --site https://<địa chỉ trang>, hoặc đặt biến môi "
           "trường THIDUA_SITE_URL, hoặc điền “Địa chỉ trang (cho mã QR)” của hội nghị.")


class SiteMissing(ValueError):
    """No address a phone can open for the QR codes (a print run outside a web request)."""


def is_public(site: str) -> bool:
    """An http(s) address another machine can open: not this machine's loopback (127.0.0.1, ::1,
    localhost) nor 0.0.0.0. A private LAN address is fine: thidua runs on an internal network."""
    parts = urlsplit((site or "").strip())
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return True
    return not (ip.is_loopback or ip.is_unspecified)


def site_for(event: Event, request=None, given: str = "") -> str:
    """The address the QR codes and reply links carry: `given` (the command's --site), the event's own,
    the request's host (the web job, as the user reaches the site), else the deployment's setting
    THIDUA_SITE_URL. Outside a request an address this machine alone can open is refused (SiteMissing)."""
    for site in (given, event.site_url):
        if site:
            if not is_public(site) and request is None:
                raise SiteMissing(NO_SITE.format(found=site))
            return site.strip().rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = (getattr(settings, SITE_SETTING, "") or "").strip()
    if not is_public(site):
        raise SiteMissing(NO_SITE.format(found=site or "127.0.0.1"))
    return site.rstrip("/")


def _signature(event: Event) -> Signature:
    signer = signer_on(event.authority_id, chosen=event.signer)
    if signer is None:
        raise PaperworkError("Chưa có người ký giấy mời: chọn người ký cho hội nghị hoặc thêm người ký của cơ quan "
                             "(trang Quản trị, mục Người ký).", "signature")
    return signature_of(signer)


def _header(event: Event) -> Header:
    authority = event.authority
    code = event.invitation_code or f"      /GM-{authority.doc_code}"
    when = place_date(authority.place_name, event.invitation_date, year=(event.date or event.invitation_date).year
                      if (event.date or event.invitation_date) else event.tentative_year)
    return Header(parent_authority=authority.parent_line, authority=authority.header_name, number_code=code,
                  place_date=when)


def _distribution(event: Event) -> tuple[str, ...]:
    """"Như trên" and the archive line of the authority's data: the clerks' copy and the drafting
    office's, the office that organises the event when it is one of the authority's own offices, else the
    one that advises on emulation and commendation (`orgs.wording.Voice`)."""
    voice = Voice.of(event.authority)
    drafter = None
    if event.organiser is not None:
        names = {fold(event.organiser.name), fold(event.organiser.short_name or "")} - {""}
        drafter = next((o for o in voice.offices if fold(o.name) in names), None)
    return ("Như trên", voice.archive_line(drafter))


@dataclass(frozen=True)
class _Common:
    """What every letter of one event shares, built once per print run (not once per letter)."""

    header: Header
    signature: Signature
    opening: Paragraph
    details: tuple[Paragraph, ...]  # chair, time, venue
    parking: dict[str, Paragraph]  # by vehicle ("" = both areas)
    closing_tail: str
    distribution: tuple[str, ...]


def _common(event: Event, header: Header | None = None, signature: Signature | None = None) -> _Common:
    details = []
    if event.chair:
        details.append(Paragraph(f"Chủ trì: {event.chair}.", indent=True))
    details.append(Paragraph(f"Thời gian: {when_text(event)}.", indent=True))
    if event.venue:
        details.append(Paragraph(f"Địa điểm: {event.venue}.", indent=True))
    parking = {}
    for vehicle, place in ((Vehicle.CAR, event.parking_car), (Vehicle.MOTORBIKE, event.parking_motorbike)):
        if place:
            parking[vehicle.value] = Paragraph(f"Nơi để xe: {place}.", indent=True)
    if event.parking_car or event.parking_motorbike:
        parts = [f"ô tô: {event.parking_car}" if event.parking_car else "",
                 f"xe máy: {event.parking_motorbike}" if event.parking_motorbike else ""]
        parking[""] = Paragraph(f"Nơi để xe: {'; '.join(p for p in parts if p)}.", indent=True)
    tail = " mang theo Giấy mời này (có mã QR) để đón tiếp, điểm danh và đến dự đúng thời gian"
    if event.contact:
        tail += f". Chi tiết xin liên hệ: {event.contact.rstrip('. ')}"
    tail += "./."  # Decree 30: the end mark closes the body's last paragraph
    return _Common(
        header=header or _header(event), signature=signature or _signature(event),
        opening=Paragraph(f"{event.authority.name} trân trọng kính mời tới dự {event.title}.", indent=True),
        details=tuple(details), parking=parking, closing_tail=tail, distribution=_distribution(event))


def _award_paragraph(delegate: Delegate) -> Paragraph | None:
    """What the delegate receives at the conference, read from their notes (one line an award)."""
    lines = award_lines(delegate.notes)
    if not lines:
        return None
    if delegate.is_placeholder:
        who = delegate.represents or delegate.unit_name or "Đơn vị"
    else:
        who = delegate.salutation
    return Paragraph(f"Tại Hội nghị, {who} được nhận khen thưởng: {'; '.join(lines)}.", indent=True)


def invitation_document(delegate: Delegate, site: str, header: Header | None = None,
                        signature: Signature | None = None, common: _Common | None = None) -> Document:
    event = delegate.event
    c = common or _common(event, header, signature)
    body = [c.opening, *c.details]
    award = _award_paragraph(delegate)
    if award is not None:
        body.append(award)
    place = ", ".join(p for p in (delegate.area, f"ghế {delegate.seat}" if delegate.seat else "") if p)
    if place:
        body.append(Paragraph(f"Chỗ ngồi: {place}.", indent=True))
    parking = c.parking.get(delegate.vehicle) or c.parking.get("")
    if parking is not None:
        body.append(parking)
    if delegate.is_placeholder:
        closing = "Đề nghị đơn vị cử đại diện lãnh đạo" + (" lên nhận khen thưởng," if award is not None else "")
    else:
        closing = f"Đề nghị {delegate.salutation}"
    body.append(Paragraph(closing + c.closing_tail, indent=True))
    body.append(Qr(qr_url(delegate, site), 30, align="right",
                   caption=f"Mã điểm danh số {delegate.invitation_number or 0:04d}"))
    return Document(
        header=c.header,
        kind_name="Giấy mời",
        summary=f"Dự {event.title}",
        recipients=(addressee_line(delegate),),
        body=tuple(body),
        signature=c.signature,
        distribution=c.distribution,
        font_size=14,
        name=f"Giấy mời {delegate.invitation_number or delegate.pk:04d} {delegate.display_name}",
    )


def _unit_key(d: Delegate) -> str:
    return fold(d.unit_name)


def _added_for_collective(d: Delegate) -> bool:
    """An unnamed seat added for a commended collective (by the award recipients, not one of the seats
    the unit was asked to fill)."""
    return d.is_placeholder and bool(d.represents or d.recipient_key.startswith("c:"))


def letters_elsewhere(delegates: Sequence[Delegate]) -> dict[int, str]:
    """{delegate id: why no letter} for the unnamed seats of a unit that is also invited as a commended
    collective: the letter naming its award stands in for one of the unit's ordinary seats, so a unit
    asked for one seat gets one letter (`delegates`: the event's whole printable list, in protocol
    order). A seat the recipients run found already there carries the award itself: nothing is dropped."""
    awarded: dict[str, list[Delegate]] = {}
    for d in delegates:
        if _added_for_collective(d):
            for key in {_unit_key(d), fold(d.represents)} - {""}:
                awarded.setdefault(key, []).append(d)
    out: dict[int, str] = {}
    if not awarded:
        return out
    for d in delegates:
        if not d.is_placeholder or _added_for_collective(d) or award_lines(d.notes):
            continue
        waiting = awarded.get(_unit_key(d))
        if waiting:
            award = waiting[0]
            for others in awarded.values():  # that award letter stands in for one seat only
                if award in others:
                    others.remove(award)
            out[d.pk] = (f"đơn vị đã có giấy mời nhận khen thưởng số {award.invitation_number or award.pk:04d} "
                         f"({award.display_name}); mỗi đơn vị một giấy mời")
    return out


def delegates_for_print(event: Event, ids: Sequence[int] | None = None):
    """The delegates to print, in protocol order: one query for them (with unit and category) and one
    for the event with what every letter shares (authority, organiser, signer), set on each row. Each
    carries `letter_elsewhere`: why it gets no letter of its own ("" when it does)."""
    event = Event.objects.select_related("authority", "organiser", "signer").get(pk=event.pk)
    qs = (Delegate.objects.filter(event=event, revoked=False).select_related("organisation", "category")
          .order_by("category__protocol_order", "display_order", "id"))
    delegates = list(qs)  # the whole list even for a few ids: whether a unit has its award letter
    elsewhere = letters_elsewhere(delegates)
    if ids:
        wanted = set(ids)
        delegates = [d for d in delegates if d.pk in wanted]
    for d in delegates:
        d.event = event
        d.letter_elsewhere = elsewhere.get(d.pk, "")
    return delegates


def invitation_documents(event: Event, delegates: Sequence[Delegate], site: str) -> list[Document]:
    if delegates:
        event = delegates[0].event  # the instance delegates_for_print loaded with authority and signer
    common = _common(event)  # header, signature (one query at most), shared paragraphs: once for all
    return [invitation_document(d, site, common=common) for d in delegates]


def names_for(delegates: Sequence[Delegate]) -> list[str]:
    return [f"giay-moi-{d.invitation_number or d.pk:04d}-{d.display_name}" for d in delegates]


def record_label(delegate: Delegate) -> str:
    return f"Giấy mời số {delegate.invitation_number or delegate.pk:04d} – {delegate.display_name}"


def printable(event: Event, delegates: Sequence[Delegate], site: str
              ) -> tuple[list[Delegate], list[Document], list[tuple[str, str]]]:
    """The letters that can be made, and (record, reason) for each delegate whose letter cannot (text
    the font cannot draw, …): one bad record never fails the whole run."""
    if delegates:
        event = delegates[0].event
    common = _common(event)  # what is wrong here is wrong for every letter: that still fails the run
    kept, docs, skipped = [], [], []
    for d in delegates:
        if getattr(d, "letter_elsewhere", ""):
            skipped.append((record_label(d), d.letter_elsewhere))
            continue
        try:
            doc = invitation_document(d, site, common=common)
            validate(doc)
        except PaperworkError as exc:
            skipped.append((record_label(d), " ".join(undrawable_fields(d)) or str(exc)))
            continue
        kept.append(d)
        docs.append(doc)
    if delegates and not docs:
        raise ValueError(f"Không tạo được giấy mời nào: {skipped[0][0]}: {skipped[0][1]}"[:250])
    return kept, docs, skipped


def invitations_pdf(event: Event, site: str, progress: Callable[[int, int], None] | None = None,
                    ids: Sequence[int] | None = None, timings: dict | None = None,
                    skipped: list | None = None) -> tuple[bytes, int]:
    """One PDF of every printable letter; the delegates left out are appended to `skipped`."""
    from thidua.paperwork.pdf import render_pdf_many  # noqa: PLC0415 (startup)

    _kept, docs = _letters(event, site, ids, skipped)
    return render_pdf_many(docs, progress=progress, timings=timings, validated=True), len(docs)


def _letters(event: Event, site: str, ids: Sequence[int] | None, skipped: list | None):
    """The printable letters of a print run (kept delegates, documents); those left out go to `skipped`."""
    delegates = delegates_for_print(event, ids)
    if not delegates:
        raise ValueError("Chưa có đại biểu nào để in giấy mời.")
    kept, docs, left_out = printable(event, delegates, site)
    if skipped is not None:
        skipped.extend(left_out)
    return kept, docs


def invitations_docx_zip(event: Event, site: str, progress: Callable[[int, int], None] | None = None,
                         ids: Sequence[int] | None = None, skipped: list | None = None) -> tuple[bytes, int]:
    """A zip of the DOCX of every printable letter; the delegates left out are appended to `skipped`."""
    from thidua.paperwork.docx import render_docx_zip  # noqa: PLC0415 (startup)

    kept, docs = _letters(event, site, ids, skipped)
    return render_docx_zip(docs, names_for(kept), progress=progress, validated=True), len(docs)


def invitations_docx_one(event: Event, site: str, progress: Callable[[int, int], None] | None = None,
                         ids: Sequence[int] | None = None, skipped: list | None = None) -> tuple[bytes, int]:
    """One DOCX of every printable letter, each on a page (a section) of its own as in its single letter,
    for an office that prints from Word; the delegates left out are appended to `skipped`."""
    from thidua.paperwork.docx import render_docx_joined  # noqa: PLC0415 (startup)

    kept, docs = _letters(event, site, ids, skipped)
    title = f"Giấy mời {kept[0].event.title if kept else event.title}"
    return render_docx_joined(docs, title, progress=progress, validated=True), len(docs)


def invitation_pdf(delegate: Delegate, site: str) -> bytes:
    from thidua.paperwork.pdf import render_pdf  # noqa: PLC0415 (startup)

    return render_pdf(invitation_document(delegate, site))


def invitation_docx(delegate: Delegate, site: str) -> bytes:
    from thidua.paperwork.docx import render_docx  # noqa: PLC0415 (startup)

    return render_docx(invitation_document(delegate, site))


def _job_event(job) -> Event:
    return Event.objects.select_related("authority").get(pk=job.params["event"])


@handler("events.invitations_pdf", idempotent=True)
def invitations_pdf_job(job, progress) -> JobResult:
    event = _job_event(job)
    progress(0, 1, "Đang chuẩn bị danh sách đại biểu…")
    skipped: list[tuple[str, str]] = []
    data, count = invitations_pdf(event, job.params["site"], skipped=skipped,
                                  progress=lambda d, t: progress(d, t, f"Đã dựng {d}/{t} giấy mời"))
    return JobResult(data, f"giay-moi-{event.slug}-{count}.pdf", "application/pdf", skipped)


@handler("events.invitations_docx", idempotent=True)
def invitations_docx_job(job, progress) -> JobResult:
    event = _job_event(job)
    progress(0, 1, "Đang chuẩn bị danh sách đại biểu…")
    skipped: list[tuple[str, str]] = []
    data, count = invitations_docx_zip(event, job.params["site"], skipped=skipped,
                                       progress=lambda d, t: progress(d, t, f"Đã tạo {d}/{t} tệp Word"))
    return JobResult(data, f"giay-moi-{event.slug}-{count}-docx.zip", "application/zip", skipped)


@handler("events.invitations_docx_one", idempotent=True)
def invitations_docx_one_job(job, progress) -> JobResult:
    event = _job_event(job)
    progress(0, 1, "Đang chuẩn bị danh sách đại biểu…")
    skipped: list[tuple[str, str]] = []
    data, count = invitations_docx_one(event, job.params["site"], skipped=skipped,
                                       progress=lambda d, t: progress(d, t, f"Đã ghép {d}/{t} giấy mời"))
    return JobResult(data, f"giay-moi-{event.slug}-{count}.docx", DOCX_TYPE, skipped)


# --- the register (orgs.register): the invitation is one official document with one number -------------
# Every letter of an event is a copy of one Giấy mời: the clerk drafts, edits and issues the common
# letter in the sổ văn bản đi (one number, e.g. 05/GM-UBND); issuing writes that number and date into the
# event, so that every letter printed afterwards carries them.

INVITATION_SOURCE = "events.invitation"
# Kính gửi of the register's copy: the letters name each delegate; the copy kept in the register is
# addressed to the list of those invited, as offices write it for an invitation sent to many
MASTER_ADDRESSEE = "Các đại biểu (theo danh sách kèm theo)"


def invitation_symbol(event: Event) -> str:
    return f"GM-{event.authority.doc_code}"


def _event_of(authority, key: str) -> Event:
    """The event `key` of `authority`; another authority's id (or no number) is not found."""
    event = (Event.objects.select_related("authority", "organiser", "signer")
             .filter(pk=int(key), authority_id=authority.pk).first() if str(key).isdigit() else None)
    if event is None:
        raise Http404("Không có hội nghị này.")
    return event


def invitation_for_register(authority, key: str, number: int | None, day: dt.date | None) -> Document:
    """Source.build: the common letter of the event `key` (the register's copy), under `number` and `day`
    (blank for a draft)."""
    event = _event_of(authority, key)
    known = day or event.date or event.invitation_date
    year = known.year if known else event.tentative_year
    header = Header(parent_authority=authority.parent_line, authority=authority.header_name,
                    number_code=document_number(number, invitation_symbol(event)),
                    place_date=place_date(authority.place_name, day, year=year))
    try:
        c = _common(event, header)
    except PaperworkError as exc:  # no signer yet: said on the register's page, not a server error
        raise ValidationFailed(str(exc), exc.part or None) from None
    body = [c.opening, *c.details]
    if "" in c.parking:
        body.append(c.parking[""])
    body.append(Paragraph("Đề nghị Quý đại biểu" + c.closing_tail, indent=True))
    return Document(header=header, kind_name="Giấy mời", summary=f"Dự {event.title}", recipients=(MASTER_ADDRESSEE,),
                    body=tuple(body), signature=c.signature, distribution=c.distribution, font_size=14,
                    name=f"giay-moi-{event.slug}")


def invitation_issued(actor, key: str, number: int, day: dt.date) -> None:
    """Source.on_issue: the event's letters carry the register's number and date from now on."""
    event = Event.objects.select_related("authority").get(pk=int(key))
    before = snapshot(event)
    event.invitation_code, event.invitation_date = document_number(number, invitation_symbol(event)), day
    event.save(update_fields=["invitation_code", "invitation_date"])
    log_action(actor, "events.invitation.issue", event, before, snapshot(event))


def invitation_source() -> Source:
    return Source(kind=INVITATION_SOURCE, doc_kind="invitation", kind_name="Giấy mời", build=invitation_for_register,
                  on_issue=invitation_issued, back=lambda key: reverse("events:invitations", args=[int(key)]),
                  title=lambda authority, key: f"Giấy mời dự {_event_of(authority, key).title}")
