"""Proposal pages: the list (with bulk moves), creating one, its lines, files, moves, letter and history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.emulation.queries import cycles
from thidua.orgs.access import check_object, requires
from thidua.orgs.models import Organisation, Person
from thidua.orgs.queries import unit_choices
from thidua.orgs.scope import scope_for
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_page, id_or_none, submit

from .. import documents, exports, queries, services, states, workflow
from ..forms import AttachmentForm, LineForm, ProposalForm
from ..models import Attachment, AwardFamily, Proposal, ProposalLine, ProposalStatus
from .common import PAGE_SIZE, doc_response


def _proposal(request, pk: int) -> Proposal:
    p = get_object_or_404(Proposal.objects.select_related("organisation", "award", "family", "authority"), pk=pk)
    scope_for(request.user).check_unit(p.organisation_id)
    return p


def _detail(p) -> tuple:
    return ("awards:proposal_detail", p.pk)


def _cycles(request):
    return list(cycles(request.user.authority)) if request.user.authority else []


@requires("awards.view_proposals")
def proposal_list(request):
    scope = scope_for(request.user)
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    year = id_or_none(request.GET.get("year"))
    qs = queries.proposals(scope, status, year, id_or_none(request.GET.get("award")), q)
    if request.GET.get("format") == "xlsx":
        return download(exports.proposals_xlsx(qs), "de-nghi-khen-thuong.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/proposal_list.html", {
        "page": page, "status": status, "q": q, "year": year or "", "statuses": ProposalStatus.choices,
        "can_create": request.user.has_perm("awards.edit_proposal", scope.unit_id and Organisation(pk=scope.unit_id)
                                            or None),
        "can_review": request.user.has_perm("awards.review_proposals"),
        "bulk_actions": sorted((t for t in states.TRANSITIONS.values() if t.by == states.SECRETARIAT),
                               key=lambda t: t.needs_reason),
        "cycles": _cycles(request) if request.user.has_perm("awards.review_proposals") else [],
    })


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
        p = submit(request, form, services.create_proposal, request.user, request.user.authority, form.cleaned_data,
                   done="Đã tạo hồ sơ đề nghị; thêm tập thể, cá nhân được đề nghị.")
        if p:
            return redirect("awards:proposal_detail", pk=p.pk)
    elif request.method == "GET" and not request.user.has_perm("awards.edit_proposal",
                                                               Organisation(pk=scope.unit_id) if scope.unit_id else None):
        raise PermissionDenied
    return form_page(request, form, "Lập hồ sơ đề nghị khen thưởng", back=reverse("awards:proposal_list"))


@requires("awards.view_proposals")
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    """A proposal's unit, year, title and summary while it is being drafted or was returned; refused if
    someone saved it since the page loaded."""
    p = _proposal(request, pk)
    check_object(request, "awards.edit_proposal", p)
    form = versioned(ProposalForm(request.POST or None, units=unit_choices(scope_for(request.user)),
                                  initial={k: getattr(p, k) for k in services.PROPOSAL_FIELDS}), p)
    if request.method == "POST" and form.is_valid() and submit(
            request, form, services.update_proposal, request.user, p, form.cleaned_data,
            done="Đã lưu hồ sơ đề nghị."):
        return redirect(*_detail(p))
    return form_page(request, form, "Sửa hồ sơ đề nghị", back=reverse("awards:proposal_detail", args=[p.pk]))


@requires("awards.view_proposals")
def proposal_detail(request, pk: int):
    p = _proposal(request, pk)
    lines = list(p.lines.select_related("person", "organisation"))
    can_edit = request.user.has_perm("awards.edit_proposal", p) and p.status in states.EDITABLE
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
                    if t.by != states.COUNCIL_ROLE],
        "attachment_form": AttachmentForm() if can_edit else None,
        "state_label": states.STATE_LABELS[p.status],
    })


@requires("awards.view_proposals")
@require_POST
def proposal_line_add(request, pk: int):
    p = _proposal(request, pk)
    check_object(request, "awards.edit_proposal", p)
    data = request.POST
    values = {"kind": data.get("kind", ""), "achievement": data.get("achievement", ""), "name": data.get("name", "")}
    if id_or_none(data.get("person")):
        values["person"] = Person.objects.filter(pk=id_or_none(data.get("person"))).select_related("organisation").first()
    if id_or_none(data.get("organisation")):
        values["organisation"] = Organisation.objects.filter(pk=id_or_none(data.get("organisation"))).first()
    return act(request, services.add_line, request.user, p, values, done=lambda line: f"Đã thêm {line.name}.",
               then=_detail(p))


@requires("awards.view_proposals")
@require_POST
def proposal_line_remove(request, pk: int, line_pk: int):
    p = _proposal(request, pk)
    line = get_object_or_404(ProposalLine, pk=line_pk, proposal=p)
    return act(request, services.remove_line, request.user, line, done=f"Đã bỏ {line.name} khỏi hồ sơ.",
               then=_detail(p))


@requires("awards.view_proposals")
@require_POST
def proposal_transition(request, pk: int):
    p = _proposal(request, pk)
    return act(request, services.transition, request.user, p, request.POST.get("action", ""),
               request.POST.get("reason", ""), done=lambda moved: f"Hồ sơ: {states.STATE_LABELS[moved.status]}.",
               then=_detail(p))


@requires("awards.review_proposals")
@require_POST
def proposal_bulk(request):
    ids = [i for i in map(id_or_none, request.POST.getlist("ids")) if i]
    action = request.POST.get("action", "")
    if action not in states.TRANSITIONS or states.TRANSITIONS[action].by != states.SECRETARIAT:
        messages.error(request, "Thao tác hàng loạt không hợp lệ.")
        return redirect("awards:proposal_list")
    found = list(Proposal.objects.filter(pk__in=ids).select_related("organisation"))
    done, errors = services.bulk_transition(request.user, found, action, request.POST.get("reason", ""))
    messages.success(request, f"Đã “{states.TRANSITIONS[action].label}” {done} hồ sơ.")
    for e in errors:
        messages.error(request, e)
    return redirect("awards:proposal_list")


@requires("awards.review_proposals")
@require_POST
def proposal_leading(request):
    cycle = get_object_or_404(cycles(request.user.authority), pk=id_or_none(request.POST.get("cycle")) or 0)
    return act(request, services.propose_leading_units, request.user, request.user.authority, cycle,
               done=lambda created: f"Đã lập {len(created)} hồ sơ đề nghị Cờ thi đua cho các đơn vị dẫn đầu cụm, "
                                    f"khối {cycle.year}." if created else "Các đơn vị dẫn đầu đã được đề nghị từ trước.",
               then=reverse("awards:proposal_list") + f"?year={cycle.year}")


@requires("awards.view_proposals")
@require_POST
def attachment_upload(request, pk: int):
    p = _proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        problem = form.errors.get("file") if request.FILES.get("file") else None
        messages.error(request, problem[0] if problem else "Chọn loại tài liệu và tệp.")
        return redirect("awards:proposal_detail", pk=p.pk)
    upload = form.cleaned_data["file"]
    return act(request, services.add_attachment, request.user, p, form.cleaned_data["kind"], upload.name, upload.data,
               done=f"Đã đính kèm {upload.name}.", then=_detail(p))


def _attachment(request, pk: int) -> Attachment:
    att = get_object_or_404(Attachment.objects.select_related("proposal"), pk=pk)
    scope_for(request.user).check_unit(att.proposal.organisation_id)
    return att


@requires("awards.view_proposals")
def attachment_download(request, pk: int):
    att = _attachment(request, pk)
    data = services.attachment_data(att)
    if data is None:
        raise Http404
    return download(data, att.filename, att.content_type)


@requires("awards.view_proposals")
@require_POST
def attachment_remove(request, pk: int):
    att = _attachment(request, pk)
    return act(request, services.remove_attachment, request.user, att, then=("awards:proposal_detail", att.proposal_id))


@requires("awards.view_proposals")
def proposal_letter(request, pk: int, fmt: str):
    p = _proposal(request, pk)
    return doc_response(documents.submission_letter(p, list(p.lines.all())), fmt, f"to-trinh-{p.pk}")


@requires("awards.view_proposals")
def proposal_history(request, pk: int, fmt: str = "html"):
    p = _proposal(request, pk)
    events = list(p.events.all())
    if fmt == "html":
        return render(request, "awards/proposal_history.html", {"p": p, "events": events})
    return doc_response(documents.history_document(p, events), fmt, f"lich-su-ho-so-{p.pk}")
