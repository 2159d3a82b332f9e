from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.emulation.models import Cycle
from thidua.emulation.queries import leading_units
from thidua.events.models import Event
from thidua.orgs.access import check_object, requires
from thidua.orgs.queries import unit_choices
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import act, download, form_page, id_or_none, submit
from thidua.paperwork.model import PaperworkError
from thidua.vn.dates import short_date
from thidua.vn.money import format_number
from thidua.vn.numbers import NumberError, parse_number

from . import documents, papers, queries, services, talkcheck
from .forms import (
    BatchForm,
    InviteForm,
    ItemForm,
    ReviewForm,
    SettingsForm,
    TalkFileForm,
    TalkInfoForm,
    TalkTextForm,
)
from .models import AgendaItem, AwardBatch, BatchMember, ItemKind, Talk, TalkStatus, TalkVersion


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority", "signer"), pk=pk)


def _talk(request, pk: int) -> Talk:
    talk = get_object_or_404(Talk.objects.select_related("event__authority", "organisation"), pk=pk)
    scope_for(request.user).check_unit(talk.organisation_id)
    return talk


def _fail(request, exc: ValidationFailed | PaperworkError) -> None:
    messages.error(request, getattr(exc, "message", None) or str(exc))


def _sent(v: TalkVersion) -> str:
    return f"Đã gửi bản {v.number}: {v.word_count} chữ, khoảng {format_number(v.minutes, 1)} phút."


# --- events and agenda -----------------------------------------------------------------------------

@requires("program.view_program")
def event_list(request):
    items = list(queries.events(scope_for(request.user)))
    return render(request, "program/event_list.html", {"events": items})


@requires("program.view_program")
def agenda(request, event: int):
    ev = _event(event)
    ps = services.settings_for(ev)
    view = queries.agenda_view(ev, ps)
    return render(request, "program/agenda.html", {"event": ev, "ps": ps, "view": view, "kinds": ItemKind})


@requires("program.manage_program")
@require_POST
def agenda_default(request, event: int):
    ev = _event(event)
    return act(request, services.create_default_agenda, request.user, ev,
               done=lambda items: f"Đã tạo chương trình mẫu gồm {len(items)} mục.", then=("program:agenda", ev.pk))


ITEM_KEYS = ("kind", "title", "duration_minutes", "fixed_start", "in_charge", "in_charge_unit", "mc_words")


@requires("program.manage_program")
@require_http_methods(["GET", "POST"])
def item_edit(request, event: int | None = None, pk: int | None = None):
    item = get_object_or_404(AgendaItem.objects.select_related("event__authority"), pk=pk) if pk else None
    ev = item.event if item else _event(event)
    units = unit_choices(scope_for(request.user))
    initial = {k: getattr(item, k) for k in ITEM_KEYS} if item else {"kind": ItemKind.OTHER, "duration_minutes": 10}
    form = ItemForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ITEM_KEYS}
        if item is None:
            done = submit(request, form, services.add_item, request.user, ev, values,
                          done="Đã thêm mục vào chương trình.")
        else:
            done = submit(request, form, services.update_item, request.user, item, values,
                          done="Đã lưu mục chương trình; giờ các mục đã được tính lại.")
        if done:
            return redirect("program:agenda", ev.pk)
    return form_page(request, form, "Sửa mục chương trình" if item else "Thêm mục chương trình",
                     back=reverse("program:agenda", args=[ev.pk]), event=ev)


@requires("program.manage_program")
@require_POST
def item_delete(request, pk: int):
    item = get_object_or_404(AgendaItem.objects.select_related("event"), pk=pk)
    return act(request, services.delete_item, request.user, item, done="Đã bỏ mục khỏi chương trình.",
               then=("program:agenda", item.event_id))


@requires("program.manage_program")
@require_POST
def item_move(request, pk: int):
    item = get_object_or_404(AgendaItem.objects.select_related("event"), pk=pk)
    back = reverse("program:agenda", args=[item.event_id]) + f"#item-{item.pk}"
    try:
        delta = int(request.POST.get("delta", "0"))
    except ValueError:
        messages.error(request, "Bước di chuyển không hợp lệ.")
        return redirect(back)
    return act(request, services.move_item, request.user, item, max(-50, min(50, delta)), then=back)


@requires("program.manage_program")
@require_POST
def agenda_reorder(request, event: int):
    ev = _event(event)
    wants_json = bool(request.headers.get("HX-Request")
                      or request.headers.get("Accept", "").startswith("application/json"))
    ids = [id_or_none(x) for x in request.POST.getlist("order")]
    if None in ids:
        return JsonResponse({"ok": False, "message": "Thứ tự không hợp lệ."}, status=400)
    # ValidationFailed is a ValueError too: the service's reason (an overlap, a stale page) must reach
    # the person who dragged, not be swallowed by the parse error above.
    try:
        services.reorder(request.user, ev, ids)
    except ValidationFailed as exc:
        if wants_json:
            return JsonResponse({"ok": False, "message": exc.message}, status=400)
        _fail(request, exc)
        return redirect("program:agenda", ev.pk)
    if wants_json:
        return JsonResponse({"ok": True})
    return redirect("program:agenda", ev.pk)


@requires("program.manage_program")
@require_http_methods(["GET", "POST"])
def settings_edit(request, event: int):
    ev = _event(event)
    ps = services.settings_for(ev)
    keys = list(SettingsForm.base_fields)
    form = SettingsForm(request.POST or None, initial={k: getattr(ps, k) for k in keys})
    if request.method == "POST" and form.is_valid() and submit(
            request, form, services.update_settings, request.user, ev, {k: form.cleaned_data[k] for k in keys},
            done="Đã lưu thiết lập chương trình."):
        return redirect("program:agenda", ev.pk)
    return form_page(request, form, "Thiết lập chương trình", back=reverse("program:agenda", args=[ev.pk]), event=ev)


DOCS = {  # (document, format): (builder, file name stem); the type follows the format
    ("chuong-trinh", "pdf"): (documents.program_pdf, "chuong-trinh"),
    ("chuong-trinh", "docx"): (documents.program_docx, "chuong-trinh"),
    ("kich-ban", "pdf"): (documents.mc_script_pdf, "kich-ban-dan-chuong-trinh"),
    ("kich-ban", "docx"): (documents.mc_script_docx, "kich-ban-dan-chuong-trinh"),
    ("maket", "pdf"): (documents.backdrop_pdf, "maket"),
    ("maket", "png"): (documents.backdrop_png, "maket"),
}


@requires("program.view_program")
def document(request, event: int, doc: str, fmt: str):
    ev = _event(event)
    try:
        build, stem = DOCS[(doc, fmt)]
    except KeyError:
        raise Http404("Không có văn bản này.") from None
    try:
        data = build(ev)
    except (ValidationFailed, PaperworkError) as exc:
        _fail(request, exc)
        return redirect("program:agenda", ev.pk)
    return download(data, f"{stem}-{ev.slug}.{fmt}", inline=fmt == "png" or request.GET.get("xem") == "1")


@requires("program.view_program")
def paper(request, event: int, paper: str, fmt: str):
    """The speeches' papers (lời phát động, đề cương khai mạc / bế mạc) and the notice of the conclusions
    (its issued copy once the register has issued it), as PDF or DOCX."""
    ev = _event(event)
    if paper not in papers.STEMS or fmt not in ("pdf", "docx"):
        raise Http404("Không có văn bản này.")
    try:
        data = papers.render(ev, paper, fmt)
    except (ValidationFailed, PaperworkError) as exc:
        _fail(request, exc)
        return redirect("program:agenda", ev.pk)
    return download(data, f"{papers.STEMS[paper]}-{ev.slug}.{fmt}", inline=request.GET.get("xem") == "1")


# --- talks -----------------------------------------------------------------------------------------

@requires("program.view_talks")
def talk_list(request, event: int):
    ev = _event(event)
    ps = services.settings_for(ev)
    scope = scope_for(request.user)
    rows = queries.talk_rows(scope, ev, ps)
    ctx = {"event": ev, "ps": ps, "rows": rows, "today": clock.today()}
    if request.user.has_perm("program.manage_program"):
        ctx["form"] = InviteForm(units=unit_choices(scope))
        ctx["suggestions"], ctx["suggest_note"] = _suggestions(ev, {r.talk.organisation_id for r in rows})
    return render(request, "program/talk_list.html", ctx)


def _suggestions(ev: Event, taken: set[int]) -> tuple[list[dict], str]:
    """The first-ranked units of the closed year's clusters and blocks (emulation ranking)."""
    year = ev.closes_year or (ev.date.year - 1 if ev.date else None)
    cycle = Cycle.objects.filter(authority_id=ev.authority_id, year=year).first() if year else None
    if cycle is None:
        return [], f"Chưa có năm thi đua {year or ''} trong hệ thống: chọn đơn vị bất kỳ."
    out = [{"organisation": lu.organisation, "reason": f"Nhất {lu.group.name} năm {year}" + (" (đồng hạng)" if lu.tied
                                                                                           else ""),
            "taken": lu.organisation.pk in taken} for lu in leading_units(cycle)]
    return out, "" if out else f"Năm thi đua {year} chưa có cụm, khối nào khóa kết quả xếp hạng: chọn đơn vị bất kỳ."


@requires("program.manage_program")
@require_POST
def talk_invite(request, event: int):
    ev = _event(event)
    form = InviteForm(request.POST, units=unit_choices(scope_for(request.user)))
    if not form.is_valid():
        messages.error(request, "Chọn một đơn vị trong danh sách.")
        return redirect("program:talk_list", ev.pk)
    return act(request, services.invite_talk, request.user, ev, form.cleaned_data["organisation"],
               form.cleaned_data["reason"], done=lambda t: f"Đã giao {t.organisation.name} viết tham luận.",
               then=("program:talk_list", ev.pk))


@requires("program.manage_program")
@require_POST
def talk_remind(request, event: int):
    ev = _event(event)
    late = services.remind_late(request.user, ev)
    if late:
        messages.success(request, f"Đã nhắc {len(late)} đơn vị chưa gửi bài: "
                         + "; ".join(t.organisation.name for t in late)
                         + ". Thư nhắc (nếu đơn vị có địa chỉ thư) nằm trong hộp thư chờ gửi của hội nghị.")
    else:
        messages.info(request, "Tất cả đơn vị đã gửi bài; không cần nhắc.")
    return redirect("program:talk_list", ev.pk)


@requires("program.view_talks")
def talk_detail(request, pk: int):
    talk = _talk(request, pk)
    ps = services.settings_for(talk.event)
    versions = list(talk.versions.all())
    current = versions[0] if versions else None
    hints = talkcheck.report_hints(current.text) if current else None
    flag = talkcheck.speaking_flag(current.word_count, ps.words_per_minute, ps.talk_min_minutes,
                                   ps.talk_max_minutes) if current else ""
    can_submit = request.user.has_perm("program.submit_talk", talk) and talk.status != TalkStatus.ACCEPTED
    return render(request, "program/talk_detail.html", {
        "talk": talk, "event": talk.event, "ps": ps, "versions": versions, "current": current, "hints": hints,
        "flag": flag, "notes": list(talk.notes.select_related("version").all()), "can_submit": can_submit,
        "can_edit": request.user.has_perm("program.submit_talk", talk),
        "can_review": request.user.has_perm("program.review_talk", talk),
        "info_form": TalkInfoForm(initial={"title": talk.title, "presenter_name": talk.presenter_name,
                                           "presenter_position": talk.presenter_position}),
        "text_form": TalkTextForm(initial={"text": current.text if current else ""}),
        "file_form": TalkFileForm(), "review_form": ReviewForm(),
        "deadline": short_date(ps.talk_deadline) if ps.talk_deadline else "",
        "max_mb": django_settings.UPLOAD_MAX_BYTES // 1024 // 1024,
    })


def _talk_post(request, pk: int, perm: str) -> Talk:
    talk = _talk(request, pk)
    check_object(request, perm, talk)
    return talk


@requires("program.submit_talk")
@require_POST
def talk_info(request, pk: int):
    talk = _talk_post(request, pk, "program.submit_talk")
    form = TalkInfoForm(request.POST)
    if not form.is_valid():
        return redirect("program:talk_detail", talk.pk)
    return act(request, services.update_talk_info, request.user, talk, form.cleaned_data,
               done="Đã lưu tên bài và người trình bày.", then=("program:talk_detail", talk.pk))


@requires("program.submit_talk")
@require_POST
def talk_upload(request, pk: int):
    talk = _talk_post(request, pk, "program.submit_talk")
    form = TalkFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form.errors["file"][0])
        return redirect("program:talk_detail", talk.pk)
    upload = form.cleaned_data["file"]
    return act(request, services.submit_file, request.user, talk, upload.name, upload.data, done=_sent,
               then=("program:talk_detail", talk.pk))


@requires("program.submit_talk")
@require_POST
def talk_text(request, pk: int):
    talk = _talk_post(request, pk, "program.submit_talk")
    form = TalkTextForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nội dung tham luận trống.")
        return redirect("program:talk_detail", talk.pk)
    return act(request, services.submit_text, request.user, talk, form.cleaned_data["text"], done=_sent,
               then=("program:talk_detail", talk.pk))


@requires("program.review_talk")
@require_POST
def talk_review(request, pk: int):
    talk = _talk_post(request, pk, "program.review_talk")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thao tác thẩm định không hợp lệ.")
        return redirect("program:talk_detail", talk.pk)
    action = form.cleaned_data["action"]
    return act(request, services.review_talk, request.user, talk, action, form.cleaned_data["comment"],
               done={"accept": "Đã duyệt bài; bài đã vào chương trình với thời lượng ước tính.",
                     "return": "Đã trả lại bài để đơn vị sửa.", "comment": "Đã ghi ý kiến."}[action],
               then=("program:talk_detail", talk.pk))


@requires("program.manage_program")
@require_POST
def talk_remove(request, pk: int):
    talk = _talk(request, pk)
    ev_pk = talk.event_id
    try:
        services.remove_talk(request.user, talk)
        messages.success(request, "Đã bỏ tham luận.")
    except ValidationFailed as exc:
        _fail(request, exc)
        return redirect("program:talk_detail", talk.pk)
    return redirect("program:talk_list", ev_pk)


@requires("program.view_talks")
def version_file(request, pk: int):
    v = get_object_or_404(TalkVersion.objects.select_related("talk"), pk=pk)
    scope_for(request.user).check_unit(v.talk.organisation_id)
    data = services.version_file(v)
    if data is None:
        raise Http404("Không còn tệp gốc.")
    return download(data, v.filename or v.file.name.rsplit("/", 1)[-1],
                    content_type=v.content_type or "application/octet-stream")


# --- award batches ---------------------------------------------------------------------------------

@requires("program.view_program")
def batch_list(request, event: int):
    ev = _event(event)
    ps = services.settings_for(ev)
    items = queries.batches(ev)
    for b in items:  # the batches of the same form a recipient may be moved to
        b.siblings = [o for o in items if o.decision_id == b.decision_id and o.pk != b.pk]
    return render(request, "program/batch_list.html", {"event": ev, "ps": ps, "batches": items,
                                                       "warnings": services.check_batch_sizes(ev),
                                                       "total": sum(len(b.members.all()) for b in items)})


@requires("program.manage_program")
@require_POST
def batch_build(request, event: int):
    ev = _event(event)
    return act(request, services.build_batches, request.user, ev,
               done=lambda made: f"Đã lập {len(made)} đợt trao thưởng từ các quyết định đã ban hành.",
               then=("program:batch_list", ev.pk))


@requires("program.manage_program")
@require_POST
def batch_edit(request, pk: int):
    batch = get_object_or_404(AwardBatch.objects.select_related("event"), pk=pk)
    form = BatchForm(request.POST)
    if form.is_valid():
        services.update_batch(request.user, batch, form.cleaned_data["presenter_name"],
                              form.cleaned_data["presenter_position"])
        messages.success(request, f"Đã lưu người trao đợt {batch.position}.")
    return redirect("program:batch_list", batch.event_id)


@requires("program.manage_program")
@require_POST
def member_move(request, pk: int):
    member = get_object_or_404(BatchMember.objects.select_related("batch__event"), pk=pk)
    target = AwardBatch.objects.filter(event_id=member.batch.event_id, pk=id_or_none(request.POST.get("batch"))).first()
    if target is None:
        messages.error(request, "Chọn đợt trao thưởng của hội nghị này.")
        return redirect("program:batch_list", member.batch.event_id)
    return act(request, services.move_member, request.user, member, target,
               done=f"Đã chuyển {member.name} sang đợt {target.position}.",
               then=("program:batch_list", member.batch.event_id))


# --- projector -------------------------------------------------------------------------------------

@requires("program.view_projector")
def projector(request, event: int):
    ev = _event(event)
    return render(request, "program/projector.html", {"event": ev})


def _state(ev: Event) -> dict:
    ps = services.settings_for(ev)
    item = AgendaItem.objects.select_related("talk__organisation", "in_charge_unit").filter(
        pk=ps.current_item_id).first() if ps.current_item_id else None
    batch = AwardBatch.objects.filter(pk=ps.current_batch_id).prefetch_related("members").first() \
        if ps.current_batch_id else None
    speaker = ""
    if item is not None:
        speaker = documents.speaker(item)
    running = ps.timer_ends_at is not None
    return {
        "version": ps.projector_version,
        "now": clock.now().timestamp() * 1000,
        "event": ev.title,
        "note": ps.projector_note,
        "item": {"title": item.title, "kind": item.get_kind_display(), "speaker": speaker,
                 "start": item.start_time.strftime("%H:%M") if item.start_time else ""} if item else None,
        "batch": {"title": f"Đợt {batch.position}: {batch.award_name}",
                  "presenter": batch.presenter_name,
                  "names": [m.on_stage for m in batch.members.all()]} if batch else None,
        "timer": {"state": "running" if running else ("paused" if ps.timer_remaining is not None else "stopped"),
                  "ends_at": ps.timer_ends_at.timestamp() * 1000 if running else None,
                  "remaining": services.remaining_seconds(ps), "total": ps.timer_total},
    }


@requires("program.view_projector")
def projector_state(request, event: int):
    ev = _event(event)
    return JsonResponse(_state(ev))


@requires("program.operate_projector")
def operator(request, event: int):
    ev = _event(event)
    return render(request, "program/operator.html", {"event": ev, "items": queries.agenda(ev),
                                                     "batches": queries.batches(ev), "state": _state(ev),
                                                     "ps": services.settings_for(ev)})


@requires("program.operate_projector")
@require_POST
def operator_action(request, event: int):
    ev = _event(event)
    action = request.POST.get("action", "")
    try:
        if action == "show":
            item = AgendaItem.objects.filter(event=ev, pk=id_or_none(request.POST.get("item"))).select_related(
                "talk", "batch").first()
            batch = AwardBatch.objects.filter(event=ev, pk=id_or_none(request.POST.get("batch"))).first()
            if item is None and batch is None:
                raise ValidationFailed("Chọn một mục chương trình hoặc một đợt trao thưởng.")
            services.projector_show(request.user, ev, item=item, batch=batch)
        elif action in ("start", "pause", "resume", "reset"):
            minutes = parse_number(request.POST.get("minutes"), label="Số phút")  # NumberError is a ValueError
            services.timer(request.user, ev, action, int(minutes * 60) if minutes is not None else None)
        elif action == "note":
            services.projector_show(request.user, ev, note=request.POST.get("note", "")[:200])
        else:
            raise ValidationFailed("Lệnh không hợp lệ.")
    except ValueError as exc:
        _fail(request, exc if isinstance(exc, ValidationFailed) else ValidationFailed(
            exc.message if isinstance(exc, NumberError) else "Số phút không hợp lệ."))
    except PermissionDenied:
        raise
    return redirect("program:operator", ev.pk)
