from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs.access import check_object, requires
from thidua.orgs.jobs import start_job
from thidua.orgs.models import Organisation, Person, Signer
from thidua.orgs.queries import unit_choices
from thidua.orgs.scope import scope_for
from thidua.orgs.sheets import XLSX_TYPE
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf

from . import documents, exports, queries, services, workflow
from .forms import AttachmentForm, BlankForm, DecisionForm, LineForm, MeetingForm, ProposalForm, VoteForm
from .models import (
    Attachment,
    Award,
    AwardFamily,
    AwardPower,
    BaseSalary,
    CertificateBlank,
    CouncilMeeting,
    Decision,
    Proposal,
    ProposalLine,
    ProposalStatus,
    RuleItem,
    RuleSet,
)

PAGE_SIZE = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _doc_response(doc, fmt: str, stem: str) -> HttpResponse:
    if fmt == "pdf":
        return _file(render_pdf(doc), f"{stem}.pdf", "application/pdf")
    if fmt == "docx":
        return _file(render_docx(doc), f"{stem}.docx", DOCX_TYPE)
    raise Http404


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _error(request, exc) -> None:
    messages.error(request, getattr(exc, "message", None) or str(exc))


# --- proposals ------------------------------------------------------------------------------------


def _proposal(request, pk: int) -> Proposal:
    p = get_object_or_404(Proposal.objects.select_related("organisation", "award", "family", "authority"), pk=pk)
    scope_for(request.user).check_unit(p.organisation_id)
    return p


@requires("awards.view_proposals")
def proposal_list(request):
    scope = scope_for(request.user)
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    year = _int(request.GET.get("year"))
    qs = queries.proposals(scope, status, year, _int(request.GET.get("award")), q)
    if request.GET.get("format") == "xlsx":
        return _file(exports.proposals_xlsx(qs), "de-nghi-khen-thuong.xlsx", XLSX_TYPE)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/proposal_list.html", {
        "page": page, "status": status, "q": q, "year": year or "", "statuses": ProposalStatus.choices,
        "can_create": request.user.has_perm("awards.edit_proposal", scope.unit_id and Organisation(pk=scope.unit_id)
                                            or None),
        "can_review": request.user.has_perm("awards.review_proposals"),
        "bulk_actions": sorted((t for t in workflow.TRANSITIONS.values() if t.by == workflow.SECRETARIAT),
                               key=lambda t: t.needs_reason),
        "cycles": _cycles(request) if request.user.has_perm("awards.review_proposals") else [],
    })


def _cycles(request):
    from thidua.emulation.queries import cycles

    return list(cycles(request.user.authority)) if request.user.authority else []


@requires("awards.view_proposals")
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    scope = scope_for(request.user)
    units = unit_choices(scope)
    initial = {"year": clock.today().year - 1, "family": AwardFamily.objects.first()}
    if scope.unit_id:
        initial["organisation"] = scope.unit_id
    form = ProposalForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.create_proposal(request.user, request.user.authority, form.cleaned_data)
            messages.success(request, "Đã tạo hồ sơ đề nghị; thêm tập thể, cá nhân được đề nghị.")
            return redirect("awards:proposal_detail", pk=p.pk)
        except services.ValidationFailed as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    elif request.method == "GET" and not request.user.has_perm("awards.edit_proposal",
                                                               Organisation(pk=scope.unit_id) if scope.unit_id else None):
        raise PermissionDenied
    return render(request, "awards/form.html", {"form": form, "title": "Lập hồ sơ đề nghị khen thưởng",
                                                "back": reverse("awards:proposal_list")})


@requires("awards.view_proposals")
def proposal_detail(request, pk: int):
    p = _proposal(request, pk)
    lines = list(p.lines.select_related("person", "organisation"))
    can_edit = request.user.has_perm("awards.edit_proposal", p) and p.status in workflow.EDITABLE
    unit_ids = [p.organisation_id, *Organisation.objects.filter(parent_id=p.organisation_id).values_list("pk", flat=True)]
    line_form = LineForm(people=Person.objects.filter(organisation_id__in=unit_ids, active=True).order_by(
        queries.vi("given_name"), queries.vi("family_name")), units=Organisation.objects.filter(pk__in=unit_ids)) \
        if can_edit else None
    warnings = queries.proposal_warnings(p) if request.user.has_perm("awards.review_proposals") or can_edit else {}
    for ln in lines:
        ln.warnings = warnings.get(ln.pk, [])
    return render(request, "awards/proposal_detail.html", {
        "p": p, "lines": lines, "line_form": line_form, "can_edit": can_edit, "warnings": warnings,
        "attachments": list(p.attachments.all()), "events": list(p.events.all()),
        "actions": [t for t in workflow.actions_from(p.status, services.roles_of(request.user, p))
                    if t.by != workflow.COUNCIL_ROLE],
        "attachment_form": AttachmentForm() if can_edit else None,
        "state_label": workflow.STATE_LABELS[p.status],
    })


@requires("awards.view_proposals")
@require_POST
def proposal_line_add(request, pk: int):
    p = _proposal(request, pk)
    check_object(request, "awards.edit_proposal", p)
    data = request.POST
    values = {"kind": data.get("kind", ""), "achievement": data.get("achievement", ""), "name": data.get("name", "")}
    if _int(data.get("person")):
        values["person"] = Person.objects.filter(pk=_int(data.get("person"))).select_related("organisation").first()
    if _int(data.get("organisation")):
        values["organisation"] = Organisation.objects.filter(pk=_int(data.get("organisation"))).first()
    try:
        line = services.add_line(request.user, p, values)
        messages.success(request, f"Đã thêm {line.name}.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:proposal_detail", pk=p.pk)


@requires("awards.view_proposals")
@require_POST
def proposal_line_remove(request, pk: int, line_pk: int):
    p = _proposal(request, pk)
    line = get_object_or_404(ProposalLine, pk=line_pk, proposal=p)
    try:
        services.remove_line(request.user, line)
        messages.success(request, f"Đã bỏ {line.name} khỏi hồ sơ.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:proposal_detail", pk=p.pk)


@requires("awards.view_proposals")
@require_POST
def proposal_transition(request, pk: int):
    p = _proposal(request, pk)
    action = request.POST.get("action", "")
    try:
        services.transition(request.user, p, action, request.POST.get("reason", ""))
        messages.success(request, f"Hồ sơ: {workflow.STATE_LABELS[p.status]}.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:proposal_detail", pk=p.pk)


@requires("awards.review_proposals")
@require_POST
def proposal_bulk(request):
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    action = request.POST.get("action", "")
    if action not in workflow.TRANSITIONS or workflow.TRANSITIONS[action].by != workflow.SECRETARIAT:
        messages.error(request, "Thao tác hàng loạt không hợp lệ.")
        return redirect("awards:proposal_list")
    found = list(Proposal.objects.filter(pk__in=ids).select_related("organisation"))
    done, errors = services.bulk_transition(request.user, found, action, request.POST.get("reason", ""))
    messages.success(request, f"Đã “{workflow.TRANSITIONS[action].label}” {done} hồ sơ.")
    for e in errors:
        messages.error(request, e)
    return redirect("awards:proposal_list")


@requires("awards.view_proposals")
@require_POST
def attachment_upload(request, pk: int):
    p = _proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Chọn loại tài liệu và tệp.")
        return redirect("awards:proposal_detail", pk=p.pk)
    upload = form.cleaned_data["file"]
    from django.conf import settings

    if upload.size > settings.UPLOAD_MAX_BYTES:
        messages.error(request, f"Tệp quá lớn; giới hạn {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB.")
        return redirect("awards:proposal_detail", pk=p.pk)
    try:
        services.add_attachment(request.user, p, form.cleaned_data["kind"], upload.name, upload.read())
        messages.success(request, f"Đã đính kèm {upload.name}.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:proposal_detail", pk=p.pk)


@requires("awards.view_proposals")
def attachment_download(request, pk: int):
    att = get_object_or_404(Attachment.objects.select_related("proposal"), pk=pk)
    scope_for(request.user).check_unit(att.proposal.organisation_id)
    path = services.attachment_file(att)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=att.filename, content_type=att.content_type)


@requires("awards.view_proposals")
@require_POST
def attachment_remove(request, pk: int):
    att = get_object_or_404(Attachment.objects.select_related("proposal"), pk=pk)
    scope_for(request.user).check_unit(att.proposal.organisation_id)
    try:
        services.remove_attachment(request.user, att)
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:proposal_detail", pk=att.proposal_id)


@requires("awards.view_proposals")
def proposal_letter(request, pk: int, fmt: str):
    p = _proposal(request, pk)
    return _doc_response(documents.submission_letter(p, list(p.lines.all())), fmt, f"to-trinh-{p.pk}")


@requires("awards.view_proposals")
def proposal_history(request, pk: int, fmt: str = "html"):
    p = _proposal(request, pk)
    events = list(p.events.all())
    if fmt == "html":
        return render(request, "awards/proposal_history.html", {"p": p, "events": events})
    return _doc_response(documents.history_document(p, events), fmt, f"lich-su-ho-so-{p.pk}")


# --- council ---------------------------------------------------------------------------------------


@requires("awards.manage_council")
def meeting_list(request):
    return render(request, "awards/meeting_list.html", {"meetings": queries.meetings()})


@requires("awards.manage_council")
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"year": clock.today().year - 1, "date": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            m = services.create_meeting(request.user, request.user.authority, form.cleaned_data,
                                        form.cleaned_data["members"])
            return redirect("awards:meeting_detail", pk=m.pk)
        except services.ValidationFailed as exc:
            form.add_error(None, exc.message)
    return render(request, "awards/form.html", {"form": form, "title": "Phiên họp Hội đồng Thi đua - Khen thưởng",
                                                "back": reverse("awards:meeting_list")})


@requires("awards.manage_council")
def meeting_detail(request, pk: int):
    m = get_object_or_404(CouncilMeeting, pk=pk)
    proposals = list(m.proposals.select_related("organisation", "award").prefetch_related(queries.lines_prefetch()))
    votes = {v.line_id: v for v in m.votes.all()}
    waiting = Proposal.objects.filter(status=workflow.ACCEPTED, year=m.year).select_related("organisation", "award")
    return render(request, "awards/meeting_detail.html", {
        "m": m, "members": list(m.members.all()), "proposals": proposals, "votes": votes, "waiting": waiting,
        "vote_form": VoteForm(), "needed": m.pass_num, "open": m.status == "open"})


def _meeting(pk: int) -> CouncilMeeting:
    return get_object_or_404(CouncilMeeting, pk=pk)


@requires("awards.manage_council")
@require_POST
def meeting_presence(request, pk: int):
    m = _meeting(pk)
    try:
        services.set_presence(request.user, m, {int(x) for x in request.POST.getlist("present") if x.isdigit()})
        messages.success(request, "Đã cập nhật thành viên có mặt.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:meeting_detail", pk=m.pk)


@requires("awards.manage_council")
@require_POST
def meeting_add(request, pk: int):
    m = _meeting(pk)
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    try:
        n = services.put_to_council(request.user, m, Proposal.objects.filter(pk__in=ids))
        messages.success(request, f"Đã trình {n} hồ sơ ra phiên họp.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:meeting_detail", pk=m.pk)


@requires("awards.manage_council")
@require_POST
def meeting_vote(request, pk: int, line_pk: int):
    m = _meeting(pk)
    line = get_object_or_404(ProposalLine.objects.select_related("proposal"), pk=line_pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            v = services.record_vote(request.user, m, line, **form.cleaned_data)
            messages.success(request, f"{line.name}: {'thông qua' if v.passed else 'không thông qua'}.")
        except services.ValidationFailed as exc:
            _error(request, exc)
    else:
        messages.error(request, "Số phiếu không hợp lệ.")
    return redirect("awards:meeting_detail", pk=m.pk)


@requires("awards.manage_council")
@require_POST
def meeting_close(request, pk: int):
    m = _meeting(pk)
    try:
        r = services.close_meeting(request.user, m)
        messages.success(request, f"Đã kết thúc xét: {r['approved']} hồ sơ thông qua, {r['rejected']} không thông qua.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:meeting_detail", pk=m.pk)


@requires("awards.manage_council")
def meeting_minutes(request, pk: int, fmt: str):
    m = _meeting(pk)
    votes = {v.line_id: v for v in m.votes.all()}
    rows = []
    for p in m.proposals.select_related("award").prefetch_related("lines"):
        for ln in p.lines.all():
            v = votes.get(ln.pk)
            rows.append((ln.name, p.award.name, v.get_ballot_display() if v else "", v.yes if v else 0,
                         v.no if v else 0, v.abstain if v else 0, bool(v and v.passed)))
    doc = documents.minutes_document(m, list(m.members.all()), rows)
    return _doc_response(doc, fmt, f"bien-ban-hop-hoi-dong-{m.pk}")


# --- decisions -------------------------------------------------------------------------------------


@requires("awards.view_decisions")
def decision_list(request):
    year = _int(request.GET.get("year"))
    qs = queries.decisions(year)
    if request.GET.get("format") == "xlsx":
        return _file(exports.decisions_xlsx(qs), "quyet-dinh-khen-thuong.xlsx", XLSX_TYPE)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/decision_list.html", {"page": page, "year": year or ""})


@requires("awards.manage_decisions")
@require_http_methods(["GET", "POST"])
def decision_create(request):
    authority = request.user.authority
    approved = list(Proposal.objects.filter(status=workflow.APPROVED).select_related("organisation", "award"))
    signers = Signer.objects.all()
    form = DecisionForm(request.POST or None, signers=signers, proposals=approved, initial={
        "year": clock.today().year - 1, "date": clock.today(), "signer_level": services.default_signer_level(authority),
        "award": _int(request.GET.get("award")), "signer": signers.first(),
        "reason": f"đã có thành tích xuất sắc trong phong trào thi đua năm {clock.today().year - 1}"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ids = [int(x) for x in data.pop("proposals")]
        try:
            d = services.create_decision_from_proposals(request.user, authority, data,
                                                        Proposal.objects.filter(pk__in=ids).select_related(
                                                            "organisation", "award").prefetch_related(
                                                            queries.lines_prefetch()))
            messages.success(request, "Đã lập dự thảo quyết định.")
            return redirect("awards:decision_detail", pk=d.pk)
        except services.ValidationFailed as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "awards/form.html", {"form": form, "title": "Lập quyết định khen thưởng",
                                                "back": reverse("awards:decision_list")})


@requires("awards.view_decisions")
def decision_detail(request, pk: int):
    d = get_object_or_404(Decision.objects.select_related("award", "rule_set"), pk=pk)
    lines = queries.decision_lines(d)
    return render(request, "awards/decision_detail.html", {
        "d": d, "lines": lines, "total": sum(ln.amount for ln in lines), "blanks": CertificateBlank.objects.all()})


@requires("awards.manage_decisions")
@require_POST
def decision_issue(request, pk: int):
    d = get_object_or_404(Decision, pk=pk)
    try:
        services.issue_decision(request.user, d, _int(request.POST.get("number")))
        messages.success(request, f"Đã ban hành Quyết định số {d.number_text}.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:decision_detail", pk=d.pk)


@requires("awards.manage_decisions")
@require_POST
def decision_delete(request, pk: int):
    d = get_object_or_404(Decision, pk=pk)
    try:
        services.delete_decision(request.user, d)
        messages.success(request, "Đã xóa dự thảo quyết định.")
        return redirect("awards:decision_list")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:decision_detail", pk=d.pk)


@requires("awards.view_decisions")
def decision_file(request, pk: int, fmt: str):
    d = get_object_or_404(Decision.objects.select_related("award", "rule_set", "authority"), pk=pk)
    lines = queries.decision_lines(d)
    stem = f"quyet-dinh-{d.number or 'du-thao'}-{d.pk}"
    if fmt == "xlsx":
        return _file(exports.decision_xlsx(d, lines), f"{stem}.xlsx", XLSX_TYPE)
    return _doc_response(documents.decision_document(d, lines), fmt, stem)


@requires("awards.manage_decisions")
@require_POST
def decision_certificates(request, pk: int):
    d = get_object_or_404(Decision, pk=pk)
    blank = get_object_or_404(CertificateBlank, pk=_int(request.POST.get("blank")) or 0)
    if not d.lines.exists():
        messages.error(request, "Quyết định chưa có tập thể, cá nhân nào.")
        return redirect("awards:decision_detail", pk=d.pk)
    job = start_job(request.user, "awards.certificates", f"In {d.award.certificate_word or 'giấy khen'} theo "
                    f"Quyết định {d.number_text}", {"decision": d.pk, "blank": blank.pk})
    return redirect("web:job_detail", pk=job.pk)


# --- certificate blanks ----------------------------------------------------------------------------


@requires("awards.manage_decisions")
@require_http_methods(["GET", "POST"])
def blank_edit(request, pk: int | None = None):
    blank = get_object_or_404(CertificateBlank, pk=pk) if pk else None
    initial = {"fields_json": json.dumps(blank.fields if blank else services.DEFAULT_FIELDS, ensure_ascii=False,
                                         indent=1)}
    if blank:
        initial.update(name=blank.name, award=blank.award, width_mm=blank.width_mm, height_mm=blank.height_mm)
    form = BlankForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["fields"] = data.pop("fields_json")
        try:
            blank = services.save_blank(request.user, request.user.authority, data, blank)
            messages.success(request, "Đã lưu phôi. In trang căn chỉnh để đặt lên phôi kiểm tra.")
            return redirect("awards:blank_edit", pk=blank.pk)
        except services.ValidationFailed as exc:
            form.add_error("fields_json" if exc.field == "fields" else None, exc.message)
    return render(request, "awards/blank_edit.html", {"form": form, "blank": blank,
                                                      "blanks": CertificateBlank.objects.all()})


@requires("awards.manage_decisions")
def blank_calibration(request, pk: int):
    blank = get_object_or_404(CertificateBlank, pk=pk)
    return _file(render_pdf(documents.calibration_page(blank)), f"can-chinh-phoi-{blank.pk}.pdf", "application/pdf")


# --- catalogue -------------------------------------------------------------------------------------


@requires("awards.view_catalogue")
def catalogue(request):
    items = {}
    for it in RuleItem.objects.select_related("rule_set"):
        items.setdefault(it.award_id, {})[it.rule_set_id] = it
    rule_sets = list(RuleSet.objects.order_by("valid_from"))
    awards = list(Award.objects.all())
    powers = {}
    for pw in AwardPower.objects.all():
        powers.setdefault(pw.award_id, []).append(pw)
    rows = [{"award": a, "items": [items.get(a.pk, {}).get(rs.pk) for rs in rule_sets],
             "powers": powers.get(a.pk, [])} for a in awards]
    return render(request, "awards/catalogue.html", {
        "rows": rows, "rule_sets": rule_sets, "salaries": BaseSalary.objects.all(),
        "families": AwardFamily.objects.all(), "settings": services.settings_for(request.user.authority)
        if request.user.authority else None})


@requires("awards.manage_catalogue")
@require_POST
def rule_item_edit(request, pk: int):
    from decimal import Decimal, InvalidOperation

    item = get_object_or_404(RuleItem, pk=pk)
    values = {}
    try:
        for key in ("coefficient_individual", "coefficient_collective", "coefficient_household"):
            raw = request.POST.get(key, "").strip().replace(",", ".")
            values[key] = Decimal(raw) if raw else None
    except InvalidOperation:
        messages.error(request, "Hệ số phải là số, ví dụ 0,3.")
        return redirect("awards:catalogue")
    values["uncertain"] = bool(request.POST.get("uncertain"))
    values["note"] = request.POST.get("note", item.note)
    try:
        services.update_rule_item(request.user, item, values)
        messages.success(request, f"Đã lưu hệ số {item.award.name} ({item.rule_set.name}).")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:catalogue")


@requires("awards.manage_catalogue")
@require_POST
def settings_save(request):
    try:
        services.update_settings(request.user, request.user.authority, {
            "rounding_mode": request.POST.get("rounding_mode", "ceil"),
            **{k: _int(request.POST.get(k)) or 0 for k in ("quorum_num", "quorum_den", "pass_num", "pass_den")}})
        messages.success(request, "Đã lưu thiết lập.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect("awards:catalogue")


@requires("awards.manage_catalogue")
@require_POST
def base_salary_save(request):
    from thidua.vn.dates import parse_date

    try:
        day = parse_date(request.POST.get("valid_from", ""))
        amount = int(request.POST.get("amount", "0").replace(".", "").replace(",", ""))
        services.save_base_salary(request.user, day, amount, request.POST.get("legal_basis", ""))
        messages.success(request, "Đã lưu mức lương cơ sở.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    except ValueError:
        messages.error(request, "Ngày hoặc số tiền không hợp lệ.")
    return redirect("awards:catalogue")


# --- search, statistics ----------------------------------------------------------------------------


@requires("awards.search")
def search(request):
    scope = scope_for(request.user)
    q = request.GET.get("q", "")
    unit_id = _int(request.GET.get("unit"))
    if unit_id:
        unit = get_object_or_404(Organisation, pk=unit_id)
        if scope.unit_id and unit.pk not in queries.related_units({scope.unit_id}):
            raise PermissionDenied
    qs = queries.search(scope, q, unit_id)
    if request.GET.get("format") == "xlsx":
        return _file(exports.search_xlsx(qs), "tra-cuu-khen-thuong.xlsx", XLSX_TYPE)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    units = Organisation.objects.order_by("display_order", queries.vi("name"))
    if scope.unit_id:
        units = units.filter(pk__in=queries.related_units({scope.unit_id}))
    return render(request, "awards/search.html", {"page": page, "q": q, "unit_id": unit_id, "units": units})



def _period(request):
    import datetime as dt

    from thidua.vn.dates import parse_date

    year = _int(request.GET.get("year")) or clock.today().year
    try:
        start = parse_date(request.GET.get("from")) if request.GET.get("from") else dt.date(year, 1, 1)
        end = parse_date(request.GET.get("to")) if request.GET.get("to") else dt.date(year, 12, 31)
    except ValueError:
        raise Http404
    return start, end


@requires("awards.view_statistics")
def statistics(request):
    from . import stats

    start, end = _period(request)
    forms = [stats.build(code, request.user.authority, start, end) for code in stats.FORMS]
    return render(request, "awards/statistics.html", {"forms": forms, "start": start, "end": end})


@requires("awards.view_statistics")
def statistics_file(request, form: str, fmt: str):
    from thidua.orgs.sheets import ExportColumn, write_xlsx
    from thidua.paperwork.model import Signature

    from . import stats

    if form not in stats.FORMS:
        raise Http404
    start, end = _period(request)
    f = stats.build(form, request.user.authority, start, end)
    if fmt == "xlsx":
        cols = [ExportColumn("Chỉ tiêu", 50), ExportColumn("Mã số", 8)] + [ExportColumn(c, 14) for c in f.columns]
        data = write_xlsx(cols, [[label, code, *values] for label, code, values, _b in f.rows],
                          title=f"BIỂU SỐ {f.code}.N/BNV-TĐKT – {f.title.upper()}",
                          subtitle_lines=[f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}; đơn vị tính: {f.unit}"])
        return _file(data, f"bieu-{form}.xlsx", XLSX_TYPE)
    signer = Signer.objects.filter(is_chair=True).first() or Signer.objects.first()
    sig = Signature(*services.signer_lines(signer), signer.name) if signer else Signature(
        "", "THỦ TRƯỞNG ĐƠN VỊ", "(ký, ghi rõ họ tên)")
    return _doc_response(documents.statistics_document(f, request.user.authority, start, end, sig), fmt, f"bieu-{form}")


@requires("awards.review_proposals")
@require_POST
def proposal_leading(request):
    from thidua.emulation.queries import cycles

    cycle = get_object_or_404(cycles(request.user.authority), pk=_int(request.POST.get("cycle")) or 0)
    try:
        created = services.propose_leading_units(request.user, request.user.authority, cycle)
        messages.success(request, f"Đã lập {len(created)} hồ sơ đề nghị Cờ thi đua cho các đơn vị dẫn đầu cụm, khối "
                                  f"{cycle.year}." if created else "Các đơn vị dẫn đầu đã được đề nghị từ trước.")
    except services.ValidationFailed as exc:
        _error(request, exc)
    return redirect(reverse("awards:proposal_list") + f"?year={cycle.year}")
