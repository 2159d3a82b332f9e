"""The proposal list import pages (#19), as the people import's: upload (checked, kept privately), a
background dry run whose report is the preview, confirm (the real import on the same kept file), the
rejected rows as a workbook, and the template. A job is its owner's alone: any other id is a 404."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs import importjobs, uploads
from thidua.orgs.access import requires
from thidua.orgs.forms import ENCODINGS, NumberField, UploadField, VNForm
from thidua.orgs.imports import rejected_workbook
from thidua.orgs.models import Job, Organisation
from thidua.orgs.queries import unit_choices
from thidua.orgs.scope import authority_for, scope_for
from thidua.orgs.sheets import XLSX_TYPE, SheetError, check_file
from thidua.orgs.viewkit import download, id_or_none

from .. import imports

PERM = "awards.edit_proposal"  # the secretariat for any unit, a unit officer for its own (checked per row)


class ProposalImportForm(VNForm):
    file = UploadField(label="Tệp danh sách (.xlsx, .xls) hoặc CSV")
    year = NumberField(integer=True, grouped=False, label="Năm thi đua", min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label="Đơn vị đề nghị (cho các dòng không ghi đơn vị)", required=False,
                                  queryset=Organisation.objects.none())
    encoding = forms.ChoiceField(label="Bảng mã chữ", choices=ENCODINGS, initial="auto")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units


def _form(request) -> ProposalImportForm:
    scope = scope_for(request.user)
    units = None if scope.is_unit_bound else unit_choices(scope)
    return ProposalImportForm(request.POST or None, request.FILES or None, units=units,
                              initial={"year": clock.today().year})


def _job(request, pk: int) -> Job:
    """The user's own proposal import job (another user's, another authority's: as good as unknown)."""
    job = Job.objects.filter(pk=id_or_none(pk), owner=request.user, kind=importjobs.JOB_KIND).first()
    if job is None or job.params.get("import") != imports.KIND:
        raise Http404
    return job


@requires(PERM)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """The file is checked (type, size) and kept here; its rows are read and checked by a background job
    whose page shows progress, then the report with the button that imports for real."""
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]  # size checked by UploadField
        try:
            check_file(upload.data, upload.name, max_bytes=settings.UPLOAD_MAX_BYTES)
        except SheetError as exc:
            form.add_error("file", str(exc))
        else:
            unit = form.cleaned_data.get("unit")
            meta = {"user": request.user.pk, "kind": imports.KIND, "name": upload.name,
                    "authority": authority_for(request.user).pk, "encoding": form.cleaned_data["encoding"],
                    "year": int(form.cleaned_data["year"]), "unit": unit.pk if unit else None}
            token = uploads.stash(upload.data, meta)
            job = importjobs.start(request.user, imports.KIND, token, meta, dry_run=True)
            return redirect("web:job_detail", pk=job.pk)
    return render(request, "awards/import_upload.html", {"form": form})


@requires(PERM)
def import_report(request, pk: int):
    return importjobs.report_response(request, _job(request, pk), "dòng đề nghị", "awards/import_report.html", {})


@requires(PERM)
@require_POST
def import_confirm(request, pk: int):
    job = _job(request, pk)
    try:
        _data, meta = uploads.unstash(job.params["token"], user=request.user.pk, kind=imports.KIND)
    except LookupError:
        messages.error(request, f"Tệp đã tải lên không còn (tệp nhập được giữ {settings.IMPORT_KEEP_DAYS:g} ngày): "
                                "chọn lại tệp.")
        return redirect("awards:import_upload")
    again = importjobs.start(request.user, imports.KIND, job.params["token"], meta, dry_run=False)
    return redirect("web:job_detail", pk=again.pk)


@requires(PERM)
def import_rejected(request, pk: int):
    report = importjobs.report_of(_job(request, pk))
    if report is None:
        raise Http404
    return download(rejected_workbook(report), "de-nghi-dong-bi-tu-choi.xlsx", XLSX_TYPE)


@requires(PERM)
def import_template(request):
    return download(imports.template_workbook(), "mau-danh-sach-de-nghi-khen-thuong.xlsx", XLSX_TYPE)
