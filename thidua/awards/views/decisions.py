"""Decision pages: the list, a decision from approved proposals, issuing, deleting a draft, its files and
certificates; the certificate blanks."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.jobs import start_job
from thidua.orgs.models import RegisterEntry, RegisterState, Signer
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, download, form_page, id_or_none, submit
from thidua.orgs.wording import Voice
from thidua.paperwork.pdf import render_pdf
from thidua.vn.numbers import NumberError, parse_number

from .. import documents, exports, queries, services, sources, states
from ..forms import BlankForm, DecisionForm
from ..models import CertificateBlank, Decision, Proposal
from .common import PAGE_SIZE, doc_response


def _detail(d) -> tuple:
    return ("awards:decision_detail", d.pk)


def _proposer_help(form, d=None, authority=None) -> None:
    """Who "Theo đề nghị của" names when left blank: the deciding authority's proposing office."""
    if "proposed_by" in form.fields:
        voice = documents.deciding_voice(d) if d is not None else Voice.of(authority)
        form.fields["proposed_by"].help_text = f"Để trống: {voice.proposer_head()}."


@requires("awards.view_decisions")
def decision_list(request):
    year = id_or_none(request.GET.get("year"))
    qs = queries.decisions(year)
    if request.GET.get("format") == "xlsx":
        return download(exports.decisions_xlsx(qs), "quyet-dinh-khen-thuong.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/decision_list.html", {"page": page, "year": year or ""})


@requires("awards.manage_decisions")
@require_http_methods(["GET", "POST"])
def decision_create(request):
    authority = request.user.authority
    approved = list(Proposal.objects.filter(status=states.APPROVED).select_related("organisation", "award"))
    signers = Signer.objects.all()
    form = DecisionForm(request.POST or None, signers=signers, proposals=approved, initial={
        "year": clock.today().year - 1, "date": clock.today(), "signer_level": services.default_signer_level(authority),
        "award": id_or_none(request.GET.get("award")), "signer": signers.first(),
        "reason": f"đã có thành tích xuất sắc trong phong trào thi đua năm {clock.today().year - 1}"})
    _proposer_help(form, authority=authority)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ids = [int(x) for x in data.pop("proposals")]
        chosen = Proposal.objects.filter(pk__in=ids).select_related("organisation", "award").prefetch_related(
            queries.lines_prefetch())
        d = submit(request, form, services.create_decision_from_proposals, request.user, authority, data, chosen,
                   done="Đã lập dự thảo quyết định.")
        if d:
            return redirect("awards:decision_detail", pk=d.pk)
    return form_page(request, form, "Lập quyết định khen thưởng", back=reverse("awards:decision_list"))


@requires("awards.manage_decisions")
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    """A draft's number, date, signer and wording; refused if someone saved it since the page loaded."""
    d = get_object_or_404(Decision.objects.select_related("award"), pk=pk)
    if d.status != states.DECISION_DRAFT:
        messages.error(request, "Quyết định đã ban hành; không sửa được.")
        return redirect(*_detail(d))
    form = DecisionForm(request.POST or None, signers=Signer.objects.all(),
                        initial={k: getattr(d, k) for k in (*services.DRAFT_FIELDS, "signer")})
    for name in ("award", "signer_level", "proposals"):  # the title and the list are the draft's, not edited here
        del form.fields[name]
    _proposer_help(form, d)
    versioned(form, d)
    if request.method == "POST" and form.is_valid() and submit(
            request, form, services.update_decision, request.user, d, form.cleaned_data,
            done="Đã lưu dự thảo quyết định."):
        return redirect(*_detail(d))
    return form_page(request, form, f"Sửa dự thảo quyết định – {d.award.name}", back=reverse("awards:decision_detail",
                                                                                      args=[d.pk]))


@requires("awards.view_decisions")
def decision_detail(request, pk: int):
    d = get_object_or_404(Decision.objects.select_related("award", "rule_set"), pk=pk)
    lines = queries.decision_lines(d)
    return render(request, "awards/decision_detail.html", {
        "d": d, "lines": lines, "total": sum(ln.amount for ln in lines), "blanks": CertificateBlank.objects.all(),
        "provincial": documents.is_provincial(d), "proposer": documents.proposer_line(d, documents.deciding_voice(d))})


@requires("awards.manage_decisions")
@require_POST
def decision_issue(request, pk: int):
    """A decision of the upper level recorded here, with the number it was given there. The authority's own
    decisions are numbered by its outgoing register ("Soạn thảo và ban hành")."""
    d = get_object_or_404(Decision, pk=pk)
    if not documents.is_provincial(d):
        messages.error(request, "Quyết định của cơ quan mình được ban hành qua “Soạn thảo và ban hành” để lấy số "
                                "trong sổ văn bản đi.")
        return redirect(*_detail(d))
    try:  # blank: the next number of the register; anything else must read as a whole number
        number = parse_number(request.POST.get("number"), integer=True, label="Số quyết định")
    except NumberError as exc:
        messages.error(request, exc.message)
        return redirect(*_detail(d))
    return act(request, services.issue_decision, request.user, d, int(number) if number is not None else None,
               done=lambda issued: f"Đã ban hành Quyết định số {issued.number_text}.", then=_detail(d))


@requires("awards.manage_decisions")
@require_POST
def decision_delete(request, pk: int):
    d = get_object_or_404(Decision, pk=pk)
    return act(request, _delete, request.user, d, done="Đã xóa dự thảo quyết định.",
               then=lambda deleted: reverse("awards:decision_list") if deleted
               else reverse("awards:decision_detail", args=[pk]))


def _delete(actor, d: Decision) -> bool:
    services.delete_decision(actor, d)
    return True


@requires("awards.view_decisions")
def decision_file(request, pk: int, fmt: str):
    d = get_object_or_404(Decision.objects.select_related("award", "rule_set", "authority"), pk=pk)
    lines = queries.decision_lines(d)
    stem = f"quyet-dinh-{d.number or 'du-thao'}-{d.pk}"
    if fmt == "xlsx":
        return download(exports.decision_xlsx(d, lines), f"{stem}.xlsx")
    issued = RegisterEntry.objects.filter(authority=d.authority, source=f"{sources.DECISION}:{d.pk}",
                                          state=RegisterState.ISSUED).first()
    if issued is not None:  # the text frozen at issue, not the data as it stands now
        return redirect("web:register_file", issued.pk, fmt)
    return doc_response(documents.decision_document(d, lines), fmt, stem)


@requires("awards.manage_decisions")
@require_POST
def decision_certificates(request, pk: int):
    d = get_object_or_404(Decision, pk=pk)
    blank = get_object_or_404(CertificateBlank, pk=id_or_none(request.POST.get("blank")) or 0)
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
    return download(render_pdf(documents.calibration_page(blank)), f"can-chinh-phoi-{blank.pk}.pdf")
