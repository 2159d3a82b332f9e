"""Dossier pages: the sender's list, composing, the inbox of the receiver, one dossier seen from either
side (its items and what each lacks, its files, its history, the actions of the side looking), and every
move by POST through a service. Another authority's dossier (or its file) is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.awards.models import CouncilMeeting
from thidua.orgs.access import check_object, requires
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_page, id_or_none, submit

from . import checks, queries, services, states
from .forms import ComposeForm, CouncilForm, DossierForm, FileForm, ItemForm, ReceiveForm, ReturnForm
from .models import Dossier, DossierFile, DossierItem, DossierState


def _dossier(request, pk: int) -> Dossier:
    """The dossier as the user's authority sees it (sender, or receiver once sent): otherwise a 404; an
    account of that authority without the right to read dossiers: a 403."""
    d = queries.dossier(pk)
    if d is None:
        raise Http404("Không có hồ sơ này.")
    check_object(request, "exchange.view_dossiers", d)
    return d


def _side(request, d: Dossier) -> str | None:
    return d.side_of(request.user.authority_id)


def _back(d: Dossier) -> tuple:
    return ("exchange:detail", d.pk)


PAGE_SIZE = 50


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))


def _year(request) -> int | None:
    value = id_or_none(request.GET.get("nam"))
    return value if value and 2000 <= value <= 2100 else None


@requires("exchange.view_dossiers")
def dossier_list(request):
    """The dossiers this authority sent up (hồ sơ gửi cấp trên)."""
    state = request.GET.get("trang-thai", "")
    rows = _page(request, queries.outbox(request.user.authority_id, state, _year(request)))
    return render(request, "exchange/dossier_list.html", {
        "rows": rows, "state": state, "states": DossierState.choices, "year": _year(request),
        "can_compose": request.user.has_perm("exchange.compose"),
        "has_parent": bool(request.user.authority and request.user.authority.parent_id)})


@requires("exchange.view_dossiers")
def inbox(request):
    """The dossiers sent to this authority (hồ sơ đến): filters by state, sender, form and year."""
    aid = request.user.authority_id
    state = request.GET.get("trang-thai", "")
    sender, award = id_or_none(request.GET.get("noi-gui")), id_or_none(request.GET.get("hinh-thuc"))
    rows = _page(request, queries.inbox(aid, state, sender, award, _year(request)))
    return render(request, "exchange/inbox.html", {
        "rows": rows, "state": state, "states": [c for c in DossierState.choices if c[0] != states.DRAFT],
        "sender": sender, "senders": queries.senders_to(aid), "award": award, "awards": queries.inbox_awards(aid),
        "year": _year(request), "counts": queries.counts(aid)})


@requires("exchange.compose")
@require_http_methods(["GET", "POST"])
def compose(request):
    """Lập hồ sơ: a form decided above, a year, then the approved proposals to send."""
    authority = request.user.authority
    above = checks.awards_above(authority)
    data = request.POST if request.method == "POST" else (request.GET if request.GET.get("award") else None)
    form = ComposeForm(data, awards=above, initial={"year": clock.today().year})
    candidates, chosen = [], set()
    if data is not None and form.is_valid():
        candidates = list(checks.candidate_proposals(authority, form.cleaned_data["award"], form.cleaned_data["year"]))
        chosen = {i for i in map(id_or_none, request.POST.getlist("proposals")) if i}
        if request.method == "POST":
            picked = [p for p in candidates if p.pk in chosen]
            d = submit(request, form, services.create_dossier, request.user, authority, form.cleaned_data, picked,
                       done=lambda d: f"Đã lập hồ sơ với {d.items.count()} tập thể, cá nhân; kiểm tra và gửi.")
            if d:
                return redirect("exchange:detail", d.pk)
    return render(request, "exchange/compose.html", {
        "form": form, "candidates": candidates, "chosen": chosen, "receiver": authority.parent,
        "no_awards": not above})


@requires("exchange.open_dossier")
def detail(request, pk: int):
    d = _dossier(request, pk)
    side = _side(request, d)
    items = queries.items(d)
    files = list(d.files.all())
    report = checks.check(d, items, {f.kind for f in files}) if d.state in states.EDITABLE or side == \
        states.RECEIVER else None
    for it in items:
        it.gaps = report.items.get(it.pk, []) if report else []
    user = request.user
    can_edit = side == states.SENDER and d.state in states.EDITABLE and user.has_perm("exchange.compose")
    can_receive = side == states.RECEIVER and user.has_perm("exchange.receive")
    actions = {t.action for t in states.actions_from(d.state, side or "")}
    cover = services.cover_entry(d) if can_edit else None
    meetings = services.open_meetings(d.receiver_id) if can_receive and "to_council" in actions else None
    return render(request, "exchange/detail.html", {
        "d": d, "side": side, "items": items, "files": files, "events": queries.events(d), "report": report,
        "can_edit": can_edit, "can_send": can_edit and report is not None and report.ok,
        "can_receive": can_receive and "receive" in actions, "can_return": can_receive and "return" in actions,
        "can_appraise": side == states.RECEIVER and user.has_perm("exchange.appraise") and "appraise" in actions,
        "can_council": can_receive and "to_council" in actions,
        "file_form": FileForm() if can_edit else None, "receive_form": ReceiveForm(initial={"received_on": clock.today()}),
        "return_form": ReturnForm(), "council_form": CouncilForm(meetings=meetings) if meetings is not None else None,
        "cover": cover, "cover_kind": "awards.upper_submission", "cover_key": f"{d.award.code}:{d.year}",
    })


@requires("exchange.compose")
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    d = _dossier(request, pk)
    form = versioned(DossierForm(request.POST or None, initial={"title": d.title, "letter_number": d.letter_number,
                                                                "letter_date": d.letter_date}), d)
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.update_dossier, request.user, d, form.cleaned_data, done="Đã lưu hồ sơ."):
            return redirect(*_back(d))
    return form_page(request, form, "Trích yếu và tờ trình của hồ sơ", back=reverse("exchange:detail", args=[d.pk]))


@requires("exchange.compose")
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, item: int):
    d = _dossier(request, pk)
    it = get_object_or_404(DossierItem, pk=item, dossier=d)
    form = versioned(ItemForm(request.POST or None, initial={f: getattr(it, f) for f in services.ITEM_FIELDS}), it)
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.update_item, request.user, it, form.cleaned_data,
                  done=f"Đã lưu {it.name}."):
            return redirect(*_back(d))
    return form_page(request, form, f"Sửa thông tin: {it.name}", back=reverse("exchange:detail", args=[d.pk]))


@require_POST
@requires("exchange.compose")
def item_remove(request, pk: int, item: int):
    d = _dossier(request, pk)
    it = get_object_or_404(DossierItem, pk=item, dossier=d)
    return act(request, services.remove_item, request.user, it, done=f"Đã bỏ {it.name} khỏi hồ sơ.", then=_back(d))


@require_POST
@requires("exchange.compose")
def file_upload(request, pk: int):
    d = _dossier(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(*_back(d))
    upload = form.cleaned_data["file"]
    return act(request, services.add_file, request.user, d, form.cleaned_data["kind"], upload.name, upload.data,
               done=f"Đã đính kèm {upload.name}.", then=_back(d))


@requires("exchange.open_dossier")
def file_download(request, pk: int, file: int):
    d = _dossier(request, pk)
    f = get_object_or_404(DossierFile, pk=file, dossier=d)
    data = services.file_data(f)
    if data is None:
        raise Http404("Tệp không còn trên máy chủ.")
    return download(data, f.filename, f.content_type)


@require_POST
@requires("exchange.compose")
def file_remove(request, pk: int, file: int):
    d = _dossier(request, pk)
    f = get_object_or_404(DossierFile, pk=file, dossier=d)
    return act(request, services.remove_file, request.user, f, done=f"Đã xóa {f.filename}.", then=_back(d))


@require_POST
@requires("exchange.compose")
def cover_letter(request, pk: int):
    d = _dossier(request, pk)
    return act(request, services.attach_cover_letter, request.user, d,
               done="Đã lấy tờ trình đã ban hành làm tờ trình của hồ sơ.", then=_back(d))


@require_POST
@requires("exchange.compose")
def minutes(request, pk: int):
    d = _dossier(request, pk)
    return act(request, services.attach_minutes, request.user, d,
               done="Đã đính kèm biên bản họp Hội đồng Thi đua - Khen thưởng của cơ quan.", then=_back(d))


@require_POST
@requires("exchange.compose")
def send(request, pk: int):
    d = _dossier(request, pk)
    return act(request, services.send_dossier, request.user, d,
               done=lambda d: f"Đã gửi hồ sơ đến {d.receiver.name}.", then=_back(d))


@require_POST
@requires("exchange.receive")
def receive(request, pk: int):
    d = _dossier(request, pk)
    form = ReceiveForm(request.POST)
    day = form.cleaned_data.get("received_on") if form.is_valid() else None
    return act(request, services.receive_dossier, request.user, d, day,
               done="Đã tiếp nhận hồ sơ; hồ sơ đã vào danh sách đề nghị khen thưởng để thẩm định.", then=_back(d))


@require_POST
@requires("exchange.receive")
def give_back(request, pk: int):
    d = _dossier(request, pk)
    return act(request, services.return_dossier, request.user, d, request.POST.get("reason", ""),
               done=f"Đã trả lại hồ sơ cho {d.sender.name}.", then=_back(d))


@require_POST
@requires("exchange.appraise")
def appraise(request, pk: int):
    d = _dossier(request, pk)
    return act(request, services.appraise_dossier, request.user, d, request.POST.get("note", ""),
               done="Hồ sơ đang thẩm định.", then=_back(d))


@require_POST
@requires("exchange.receive")
def council(request, pk: int):
    d = _dossier(request, pk)
    meeting = CouncilMeeting.objects.filter(pk=id_or_none(request.POST.get("meeting"))).first()
    return act(request, services.to_council, request.user, d, meeting,
               done="Đã trình hồ sơ ra phiên họp Hội đồng.", then=_back(d))



