"""The sender's side: compose a dossier from its approved proposals, fix it, attach its papers, send it."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from thidua import clock
from thidua.awards import documents as award_documents
from thidua.awards import states as award_states
from thidua.awards.models import Award, AwardFamily, CouncilMeeting, Proposal
from thidua.awards.sources import UPPER_SUBMISSION, upper_key
from thidua.orgs import uploads
from thidua.orgs.audit import recorded_user, snapshot
from thidua.orgs.models import Authority, RegisterEntry, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise
from thidua.vn.numbering import document_number

from .. import checks, states
from ..models import FILE_KINDS, Dossier, DossierFile, DossierItem, FileKind
from .common import as_sender, audit, event, move

DOSSIER_FIELDS = ("title", "letter_number", "letter_date")
ITEM_FIELDS = ("achievement", "initiative", "position", "unit_name", "birth_year", "gender")


def _editable(d: Dossier) -> None:
    if d.state not in states.EDITABLE:
        raise ValidationFailed("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại.")


def _items_from(d: Dossier, proposals: list[Proposal]) -> list[DossierItem]:
    items, order = [], 0
    for p in proposals:
        for line in p.lines.all():
            if line.status != award_states.LINE_PASSED:
                continue
            order += 1
            person = line.person
            items.append(DossierItem(
                dossier=d, kind=line.kind, name=line.name, position=line.position, unit_name=line.unit_name,
                achievement=line.achievement or p.summary, source_line=line, person=person,
                organisation=line.organisation, order=order,
                birth_year=person.birth_date.year if person is not None and person.birth_date else None,
                gender=person.gender if person is not None else ""))
    return items


@transaction.atomic
def create_dossier(actor: User | None, sender: Authority, values: dict, proposals) -> Dossier:
    """A draft dossier of `sender` to its parent (or `values["receiver"]`) for `values["award"]` and
    `values["year"]`, its items the candidates the sender's council passed in `proposals`."""
    award, year = values.get("award"), values.get("year")
    receiver = values.get("receiver") or sender.parent
    d = Dossier(sender=sender, receiver_id=getattr(receiver, "pk", None), year=year or 0, created_at=clock.now(),
                updated_at=clock.now(), created_by=recorded_user(actor))
    require(actor, "exchange.compose", d)
    check_authority(actor, sender.pk)
    if receiver is None:
        raise ValidationFailed(f"{sender.name} chưa có cơ quan cấp trên trong hệ thống: không gửi được hồ sơ.")
    if receiver.pk == sender.pk:
        raise ValidationFailed("Không gửi hồ sơ cho chính mình.", "receiver")
    if not isinstance(award, Award):
        raise ValidationFailed("Chọn danh hiệu, hình thức khen thưởng.", "award")
    if award.pk not in {a.pk for a in checks.awards_above(sender)}:
        raise ValidationFailed(f"“{award.name}” không do {receiver.name} quyết định.", "award")
    if not year or not 2000 <= int(year) <= 2100:
        raise ValidationFailed("Năm thi đua không hợp lệ.", "year")
    proposals = list(proposals)
    if not proposals:
        raise ValidationFailed("Chọn ít nhất một hồ sơ đề nghị đã được Hội đồng thông qua.", "proposals")
    allowed = {p.pk for p in checks.candidate_proposals(sender, award, int(year))}
    for p in proposals:
        if p.pk not in allowed:
            raise ValidationFailed(f"Hồ sơ “{p}” không dùng được: phải là hồ sơ của {sender.name} đề nghị "
                                   f"“{award.name}” năm {year}, đã được Hội đồng thông qua và chưa có trong hồ sơ "
                                   "gửi cấp trên khác.", "proposals")
    d.award, d.year = award, int(year)
    d.family = values.get("family") or proposals[0].family or AwardFamily.objects.get(code="thuong-xuyen")
    d.title = normalise.clean_text(values.get("title") or f"Đề nghị {award.name} năm {year}")
    d.save()
    d.source_proposals.set(proposals)
    items = _items_from(d, proposals)
    if not items:
        raise ValidationFailed("Các hồ sơ đã chọn không có tập thể, cá nhân nào được Hội đồng thông qua.", "proposals")
    DossierItem.objects.bulk_create(items)
    event(actor, d, states.SENDER, "create", "", states.DRAFT, f"{len(items)} tập thể, cá nhân")
    audit(actor, "exchange.dossier.create", d, None, snapshot(d), note=f"{len(items)} tập thể, cá nhân", both=False)
    return d


@transaction.atomic
def update_dossier(actor: User | None, d: Dossier, values: dict) -> Dossier:
    as_sender(actor, d)
    _editable(d)
    before = snapshot(d)
    for key, value in values.items():
        if key not in DOSSIER_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(d, key, normalise.clean_text(value) if isinstance(value, str) else value)
    if not d.title:
        raise ValidationFailed("Nhập trích yếu của hồ sơ.", "title")
    d.updated_at = clock.now()
    d.save()
    audit(actor, "exchange.dossier.update", d, before, snapshot(d))
    return d


@transaction.atomic
def update_item(actor: User | None, item: DossierItem, values: dict) -> DossierItem:
    d = item.dossier
    as_sender(actor, d)
    _editable(d)
    before = snapshot(item)
    for key, value in values.items():
        if key not in ITEM_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(item, key, value)
    if item.birth_year is not None and not 1900 <= int(item.birth_year) <= clock.today().year:
        raise ValidationFailed("Năm sinh không hợp lệ.", "birth_year")
    item.save()
    audit(actor, "exchange.dossier.item_update", d, before, snapshot(item), note=item.name, obj=item)
    return item


@transaction.atomic
def remove_item(actor: User | None, item: DossierItem) -> None:
    d = item.dossier
    as_sender(actor, d)
    _editable(d)
    if d.items.count() <= 1:
        raise ValidationFailed("Hồ sơ phải còn ít nhất một tập thể, cá nhân.")
    before = snapshot(item)
    item.delete()
    audit(actor, "exchange.dossier.item_remove", d, before, None, note=before["name"])


def _logged(f: DossierFile) -> dict:
    return {**snapshot(f), "file": f.file.name}


@transaction.atomic
def add_file(actor: User | None, d: Dossier, kind: str, filename: str, data: bytes) -> DossierFile:
    as_sender(actor, d)
    _editable(d)
    if kind not in FileKind.values:
        raise ValidationFailed("Loại tài liệu không hợp lệ.", "kind")
    content_type = uploads.TYPES[uploads.check_upload(data, filename, FILE_KINDS)]
    name = uploads.safe_filename(filename)
    f = DossierFile(dossier=d, kind=kind, filename=name, content_type=content_type, size=len(data),
                    uploaded_by=recorded_user(actor), uploaded_at=clock.now())
    f.save()
    f.file.save(f"{d.pk}-{f.pk}", ContentFile(data), save=False)
    f.save(update_fields=["file"])
    event(actor, d, states.SENDER, "file", d.state, d.state, f"{f.get_kind_display()}: {name}")
    audit(actor, "exchange.dossier.file_add", d, None, _logged(f), note=name)
    return f


def file_data(f: DossierFile) -> bytes | None:
    """The stored bytes of a dossier's file, or None when its file is missing."""
    return uploads.stored_bytes(f.file)


@transaction.atomic
def remove_file(actor: User | None, f: DossierFile) -> None:
    d = f.dossier
    as_sender(actor, d)
    _editable(d)
    before, stored, storage = _logged(f), f.file.name, f.file.storage
    f.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
    audit(actor, "exchange.dossier.file_remove", d, before, None, note=before["filename"])


def cover_entry(d: Dossier) -> RegisterEntry | None:
    """The sender's tờ trình cấp trên for the dossier's form and year in its outgoing register
    (`awards.upper_submission`), drafted or issued."""
    return RegisterEntry.objects.filter(authority_id=d.sender_id,
                                        source=f"{UPPER_SUBMISSION}:{upper_key(d.award.code, d.year)}").first()


@transaction.atomic
def attach_cover_letter(actor: User | None, d: Dossier) -> DossierFile:
    """The tờ trình issued in the sender's register becomes the dossier's cover letter: its number and date,
    and its PDF among the files."""
    as_sender(actor, d)
    _editable(d)
    entry = cover_entry(d)
    if entry is None or not entry.is_issued or not entry.pdf:
        raise ValidationFailed("Tờ trình cấp trên của năm này chưa được ban hành trong sổ văn bản đi: soạn và ban "
                               "hành tờ trình trước.")
    before = snapshot(d)
    d.letter_entry = entry
    d.letter_number = document_number(entry.number, entry.symbol)
    d.letter_date = entry.issued_on
    d.updated_at = clock.now()
    d.save()
    with entry.pdf.open("rb") as fh:
        data = fh.read()
    audit(actor, "exchange.dossier.cover_letter", d, before, snapshot(d), note=d.letter_number)
    return add_file(actor, d, FileKind.COVER, f"to-trinh-{entry.number}-{entry.year}.pdf", data)


def source_meeting(d: Dossier) -> CouncilMeeting | None:
    """The sender's council meeting that passed the dossier's proposals (the latest, if several)."""
    return CouncilMeeting.objects.filter(authority_id=d.sender_id, proposals__in=d.source_proposals.all()) \
        .distinct().order_by("-date", "-id").first()


@transaction.atomic
def attach_minutes(actor: User | None, d: Dossier) -> DossierFile:
    """The minutes (biên bản họp Hội đồng) of the sender's council meeting that passed the proposals, as
    awards prints them, among the dossier's files."""
    from thidua.paperwork import render_pdf  # noqa: PLC0415 (startup)

    as_sender(actor, d)
    _editable(d)
    m = source_meeting(d)
    if m is None:
        raise ValidationFailed("Các hồ sơ đề nghị của hồ sơ này chưa qua phiên họp Hội đồng nào.")
    votes = {v.line_id: v for v in m.votes.all()}
    rows = []
    for p in m.proposals.select_related("award").prefetch_related("lines"):
        for ln in p.lines.all():
            v = votes.get(ln.pk)
            rows.append((ln.name, p.award.name, v.get_ballot_display() if v else "", v.yes if v else 0,
                         v.no if v else 0, v.abstain if v else 0, bool(v and v.passed)))
    data = render_pdf(award_documents.minutes_document(m, list(m.members.all()), rows))
    return add_file(actor, d, FileKind.MINUTES, f"bien-ban-hop-hoi-dong-{m.date:%Y-%m-%d}.pdf", data)


@transaction.atomic
def send_dossier(actor: User | None, d: Dossier) -> Dossier:
    """Send (or, after a return, send again): refused while a check blocks; the receiver sees it from now."""
    as_sender(actor, d)
    d = Dossier.objects.select_for_update().get(pk=d.pk)
    report = checks.check(d)
    if not report.ok:
        raise ValidationFailed("Chưa gửi được hồ sơ: " + " ".join(report.blocking))
    now = clock.now()
    if d.state == states.RETURNED:
        return move(actor, d, "resend", states.SENDER, sent_at=now)
    return move(actor, d, "send", states.SENDER, sent_at=now, first_sent_at=d.first_sent_at or now)
