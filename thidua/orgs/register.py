"""Draft → edit → issue, and the outgoing register (sổ văn bản đi).

An app declares each of its official documents as a `Source` (apps.ready): how to build it from its data
for a number and a date, who may issue it, and what issuing means for its own rows (a decision becomes
issued with that number). The secretariat opens a source's draft, edits the parts a clerk edits (trích
yếu, căn cứ, the articles and paragraphs, Kính gửi, Nơi nhận, the signer), previews the PDF and issues:
issuing takes the next number of the authority's register for the year, builds the document once more
with that number and date, applies the edits, freezes the text (`paperwork.serial`) and keeps the PDF
and the DOCX. An issued entry never changes again except for the signed copy (`orgs.signatures`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from thidua import clock
from thidua.paperwork import model as pw
from thidua.paperwork import serial
from thidua.vn.numbering import document_number

from . import versions
from .audit import log_action, recorded_user, snapshot
from .models import Authority, RegisterEntry, RegisterState, User
from .services import ValidationFailed, check_authority, require

PERM = "orgs.manage_register"


@dataclass(frozen=True)
class Source:
    """One kind of official document an app issues through the register."""

    kind: str  # "awards.decision": the source key is "<kind>:<key>"
    doc_kind: str  # "decision", "submission", "plan", "letter": for the legal bases and the register
    kind_name: str  # "Quyết định"
    build: Callable[[Authority, str, int | None, dt.date | None], pw.Document]
    perm: str = PERM
    on_issue: Callable[[User | None, str, int, dt.date], None] | None = None
    back: Callable[[str], str] | None = None  # the page the document belongs to
    title: Callable[[Authority, str], str] | None = None  # shown in lists before the trích yếu is known


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    SOURCES[source.kind] = source


def source_of(entry: RegisterEntry) -> tuple[Source, str]:
    kind, _, key = entry.source.partition(":")
    if kind not in SOURCES:
        raise ValidationFailed("Loại văn bản này không còn được hỗ trợ.")
    return SOURCES[kind], key


# --- the parts a clerk edits ----------------------------------------------------------------------

EDITABLE_BLOCKS = (pw.Article, pw.Paragraph)


def parts_of(document: pw.Document) -> dict:
    """The editable parts of a document as plain values (what the draft form shows)."""
    return {
        "summary": document.summary,
        "recipients": list(document.recipients),
        "legal_bases": list(document.legal_bases),
        "body": {str(i): b.text for i, b in enumerate(document.body) if isinstance(b, EDITABLE_BLOCKS)},
        "distribution": list(document.distribution),
        "signatures": [{"prefix": s.prefix, "title": s.title, "name": s.name} for s in document.signatures],
    }


def apply_parts(document: pw.Document, edits: dict) -> pw.Document:
    """The document with the clerk's edits: each part present in `edits` replaces the built one; a body
    edit applies to the block at its place when that block is still a text block."""
    changes: dict = {}
    for name in ("summary",):
        if name in edits:
            changes[name] = edits[name]
    for name in ("recipients", "legal_bases", "distribution"):
        if name in edits:
            changes[name] = tuple(x for x in edits[name] if x.strip())
    if "body" in edits:
        body = list(document.body)
        for index, text in edits["body"].items():
            i = int(index)
            if 0 <= i < len(body) and isinstance(body[i], EDITABLE_BLOCKS):
                body[i] = dataclasses.replace(body[i], text=text)
        changes["body"] = tuple(body)
    if "signatures" in edits and document.signatures:
        built = document.signatures
        sigs = tuple(dataclasses.replace(built[i] if i < len(built) else built[-1], **{
            k: v for k, v in s.items() if k in ("prefix", "title", "name")}) for i, s in enumerate(edits["signatures"]))
        changes["signature"] = sigs[0] if len(sigs) == 1 else sigs
    return dataclasses.replace(document, **changes) if changes else document


def clean_edits(values: dict) -> dict:
    """Form values (strings, lines) to edits; refuses a document left without its essential parts."""
    edits: dict = {}
    if "summary" in values:
        edits["summary"] = " ".join(values["summary"].split())
        if not edits["summary"]:
            raise ValidationFailed("Trích yếu không được để trống.", "summary")
    for name in ("recipients", "legal_bases", "distribution"):
        if name in values:
            edits[name] = [" ".join(x.split()) for x in values[name] if x.strip()]
    if "body" in values:
        edits["body"] = {k: v.strip() for k, v in values["body"].items()}
        empty = [k for k, v in edits["body"].items() if not v]
        if empty:
            raise ValidationFailed("Một đoạn (điều) của văn bản đang để trống: nhập nội dung hoặc tạo lại từ dữ liệu.",
                                   f"body-{empty[0]}")
    if "signatures" in values:
        edits["signatures"] = [{k: " ".join(str(s.get(k, "")).split()) for k in ("prefix", "title", "name")}
                               for s in values["signatures"]]
        if any(not s["title"] or not s["name"] for s in edits["signatures"]):
            raise ValidationFailed("Ghi đủ chức vụ và họ tên người ký.", "signatures")
    return edits


# --- reading ----------------------------------------------------------------------------------------


def built(entry: RegisterEntry, number: int | None = None, day: dt.date | None = None) -> pw.Document:
    """The document as it stands: the frozen text of an issued entry; for a draft, built from the data now
    (with `number`/`day` when given) and the clerk's edits applied."""
    if entry.is_issued:
        return serial.load(entry.content["document"])
    source, key = source_of(entry)
    document = source.build(entry.authority, key, number, day)
    return apply_parts(document, entry.content.get("edits", {}))


def symbol_of(document: pw.Document) -> str:
    """"QĐ-UBND" from the header's "     /QĐ-UBND" (or "15/QĐ-UBND")."""
    return document.header.number_code.partition("/")[2].strip()


def next_number(authority: Authority, year: int) -> int:
    last = RegisterEntry.objects.filter(authority=authority, year=year, number__isnull=False).aggregate(m=Max("number"))
    return (last["m"] or 0) + 1


# --- writes -----------------------------------------------------------------------------------------


def open_draft(actor: User | None, authority: Authority, kind: str, key: str) -> RegisterEntry:
    """The draft (or the issued entry) of a source, made on first use."""
    if kind not in SOURCES:
        raise ValidationFailed("Không có loại văn bản này.")
    source = SOURCES[kind]
    require(actor, source.perm)
    check_authority(actor, authority.pk)
    found = RegisterEntry.objects.filter(authority=authority, source=f"{kind}:{key}").first()
    if found:
        return found
    document = source.build(authority, key, None, None)  # refuses a key of another authority (404)
    now = clock.now()
    entry = RegisterEntry(authority=authority, source=f"{kind}:{key}", kind=source.doc_kind,
                          kind_name=document.kind_name or "Công văn", symbol=symbol_of(document),
                          summary=document.summary[:400], content={"edits": {}}, created_by=recorded_user(actor),
                          created_at=now, updated_at=now)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # two clicks at once: the other made it
        return RegisterEntry.objects.get(authority=authority, source=f"{kind}:{key}")
    log_action(actor, "orgs.register.draft", entry, None, snapshot(entry))
    return entry


def _draft_only(actor, entry: RegisterEntry) -> Source:
    source, _key = source_of(entry)
    require(actor, source.perm)
    check_authority(actor, entry.authority_id)
    if entry.is_issued:
        raise ValidationFailed("Văn bản đã ban hành: không sửa được nữa.")
    return source


@transaction.atomic
def save_draft(actor: User | None, entry: RegisterEntry, values: dict, version: str | None = None) -> RegisterEntry:
    """`version`: the entry's version the form was loaded at (orgs.versions); a stale form is refused."""
    _draft_only(actor, entry)
    versions.check(entry, version)
    before = snapshot(entry)
    edits = clean_edits(values)
    built_now = parts_of(built(_without_edits(entry)))
    kept = {k: v for k, v in edits.items() if v != built_now.get(k)}  # only what differs from the data
    if "body" in kept:
        kept["body"] = {k: v for k, v in kept["body"].items() if v != built_now["body"].get(k)}
    entry.content = {"edits": kept}
    entry.edited = bool(kept)
    document = built(entry)
    entry.summary, entry.updated_at = document.summary[:400], clock.now()
    entry.save()
    log_action(actor, "orgs.register.edit", entry, before, snapshot(entry))
    return entry


@transaction.atomic
def discard_edits(actor: User | None, entry: RegisterEntry) -> RegisterEntry:
    _draft_only(actor, entry)
    before = snapshot(entry)
    entry.content, entry.edited, entry.updated_at = {"edits": {}}, False, clock.now()
    entry.save()
    log_action(actor, "orgs.register.reset", entry, before, snapshot(entry))
    return entry


def _without_edits(entry: RegisterEntry) -> RegisterEntry:
    plain = RegisterEntry(authority=entry.authority, source=entry.source, content={"edits": {}})
    plain.authority_id = entry.authority_id
    return plain


def _render(document: pw.Document) -> tuple[bytes, bytes]:
    from thidua.paperwork import render_docx, render_pdf  # noqa: PLC0415 (startup)

    return render_pdf(document), render_docx(document)


def issue(actor: User | None, entry: RegisterEntry, day: dt.date, number: int | None = None,
          version: str | None = None) -> RegisterEntry:
    """Number, date, freeze, keep the files. The document is rendered before the write transaction (a
    PDF takes a second; the database is not held meanwhile) and again only if someone took the number.
    `version`: the draft's version the page showed; a draft edited since is refused (what would be issued
    is not what the clerk read)."""
    source = _draft_only(actor, entry)
    if day is None:
        raise ValidationFailed("Nhập ngày ban hành.", "issued_on")
    if number is not None and number < 1:
        raise ValidationFailed("Số văn bản phải từ 1 trở lên.", "number")
    _source, key = source_of(entry)
    for _attempt in range(3):
        n = number or next_number(entry.authority, day.year)
        document = built(entry, n, day)
        document = dataclasses.replace(document, header=dataclasses.replace(
            document.header, number_code=document_number(n, symbol_of(document))))
        try:
            pdf, docx = _render(document)
        except pw.PaperworkError as exc:
            raise ValidationFailed(f"Chưa in được văn bản: {exc}") from None
        try:
            with transaction.atomic():
                return _record_issue(actor, entry, source, key, document, n, day, pdf, docx, version)
        except IntegrityError:
            if number is not None:
                raise ValidationFailed(f"Số {document_number(n, symbol_of(document))} năm {day.year} đã có trong sổ "
                                       "văn bản đi.", "number") from None
    raise ValidationFailed("Nhiều văn bản đang được ban hành cùng lúc: bấm “Ban hành” lần nữa.")


def _record_issue(actor, entry, source, key, document, n, day, pdf, docx, version) -> RegisterEntry:
    versions.check(entry, version)
    entry = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_issued:
        raise ValidationFailed("Văn bản đã được ban hành.")
    before = snapshot(entry)
    if source.on_issue:
        source.on_issue(actor, key, n, day)
    entry.state, entry.number, entry.year, entry.issued_on = RegisterState.ISSUED, n, day.year, day
    entry.symbol, entry.kind_name = symbol_of(document), document.kind_name or "Công văn"
    entry.summary = document.summary[:400]
    entry.signer_name = ", ".join(s.name for s in document.signatures)
    entry.recipients = "\n".join(document.recipients or document.distribution)
    entry.content = {"edits": entry.content.get("edits", {}), "document": serial.dump(document)}
    entry.issued_by, entry.issued_at = recorded_user(actor), clock.now()
    entry.updated_at = entry.issued_at
    entry.save()  # the unique (authority, year, number) refuses a number taken meanwhile
    stem = f"{entry.kind}-{n:02d}-{day.year}"
    entry.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    entry.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    entry.save(update_fields=["pdf", "docx"])
    log_action(actor, "orgs.register.issue", entry, before, snapshot(entry))
    return entry
