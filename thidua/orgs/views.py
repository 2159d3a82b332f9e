from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.vn.collate import split_full_name
from thidua.vn.dates import parse_date

from . import importjobs, imports, queries, services, uploads, versions
from .access import check_object, requires
from .forms import ImportForm, OrganisationForm, PasswordChangeForm, PersonForm
from .models import Job, Organisation, OrgKind, Person
from .scope import authority_for, scope_for
from .sheets import XLSX_TYPE, ExportColumn, SheetError, check_file, write_xlsx
from .versions import versioned
from .viewkit import act, download, form_page, id_or_none, submit
from .wording import Voice

PAGE_SIZE = 50


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename, XLSX_TYPE)


@requires("orgs.view_units")
def unit_list(request):
    scope = scope_for(request.user)
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    qs = queries.units(scope, q, kind)
    if request.GET.get("format") == "xlsx":
        cols = [ExportColumn("Mã", 16), ExportColumn("Tên đơn vị", 42), ExportColumn("Tên ngắn", 20),
                ExportColumn("Loại", 22), ExportColumn("Đơn vị cấp trên", 30), ExportColumn("Điện thoại", 16),
                ExportColumn("Thư điện tử", 24), ExportColumn("Địa chỉ", 30), ExportColumn("Hoạt động đến", 14, "date")]
        rows = [[o.code, o.name, o.short_name, o.get_kind_display(), o.parent.name if o.parent else "", o.phone,
                 o.email, o.address, o.valid_to] for o in qs]
        return _xlsx(write_xlsx(cols, rows, title="DANH SÁCH ĐƠN VỊ",
                                subtitle_lines=[authority_for(request.user).name]),
                     "danh-sach-don-vi.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/unit_list.html", {"page": page, "q": q, "kind": kind, "kinds": OrgKind.choices})


@requires("orgs.view_units")
def unit_detail(request, pk: int):
    scope = scope_for(request.user)
    org = get_object_or_404(Organisation.objects.select_related("parent", "merged_into"), pk=pk)
    scope.check_unit(org.pk)
    people = queries.people(scope, unit_id=org.pk)
    return render(request, "orgs/unit_detail.html", {"org": org, "people": people})


def _org_values(data: dict) -> dict:
    return {k: data[k] for k in ("code", "name", "short_name", "kind", "parent", "display_order", "phone", "email",
                                 "address", "valid_from", "valid_to")}


@requires("orgs.manage_units")
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int | None = None):
    scope = scope_for(request.user)
    org = get_object_or_404(Organisation, pk=pk) if pk else None
    units = queries.unit_choices(scope)
    if org is not None:
        units = units.exclude(pk=org.pk)
    initial = {}
    if org is not None:
        initial = {k: getattr(org, k) for k in ("code", "name", "short_name", "kind", "parent", "display_order", "phone",
                                                "email", "address", "valid_from", "valid_to")}
    form = versioned(OrganisationForm(request.POST or None, initial=initial, units=units), org)
    if request.method == "POST" and form.is_valid():
        if org is None:
            saved = submit(request, form, services.create_organisation, request.user, authority_for(request.user),
                           _org_values(form.cleaned_data), done=lambda o: f"Đã thêm đơn vị “{o.name}”.")
        else:
            saved = submit(request, form, services.update_organisation, request.user, org,
                           _org_values(form.cleaned_data), done=f"Đã lưu đơn vị “{form.cleaned_data['name']}”.")
            saved = org if saved else None
        if saved:
            return redirect("orgs:unit_detail", pk=saved.pk)
    return form_page(request, form, "Sửa đơn vị" if org else "Thêm đơn vị", back=reverse("orgs:unit_list"))


@requires("orgs.view_people")
def person_list(request):
    scope = scope_for(request.user)
    q, order = request.GET.get("q", ""), request.GET.get("order", "name")
    unit_id = request.GET.get("unit") or None
    if unit_id:
        if not str(unit_id).isdigit():
            raise Http404
        scope.check_unit(int(unit_id))
    qs = queries.people(scope, q, int(unit_id) if unit_id else None, order)
    if request.GET.get("format") == "xlsx":
        cols = [ExportColumn("Họ và tên", 28), ExportColumn("Giới tính", 10), ExportColumn("Chức vụ", 28),
                ExportColumn("Đơn vị", 36), ExportColumn("Điện thoại", 16), ExportColumn("Thư điện tử", 26),
                ExportColumn("Ngày sinh", 14, "date")]
        rows = [[p.full_name, p.get_gender_display() if p.gender else "", p.position,
                 p.organisation.name if p.organisation else "", p.phone, p.email, p.birth_date] for p in qs]
        return _xlsx(write_xlsx(cols, rows, title="DANH SÁCH CÁ NHÂN"), "danh-sach-ca-nhan.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/person_list.html", {
        "page": page, "q": q, "order": order, "unit_id": unit_id, "units": queries.unit_choices(scope),
        "can_add": request.user.has_perm("orgs.manage_people", None),
    })


@requires("orgs.manage_people")
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int | None = None):
    scope = scope_for(request.user)
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk) if pk else None
    if person is not None:
        check_object(request, "orgs.manage_people", person)
    units = queries.unit_choices(scope)
    initial = {}
    if person is not None:
        initial = {"full_name": person.full_name, "gender": person.gender, "position": person.position,
                   "organisation": person.organisation, "phone": person.phone, "email": person.email,
                   "birth_date": person.birth_date}
    elif scope.unit_id:
        initial = {"organisation": scope.unit_id}
    form = versioned(PersonForm(request.POST or None, initial=initial, units=units), person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        family, middle, given = split_full_name(data["full_name"])
        values = {"family_name": family, "middle_name": middle, "given_name": given, "gender": data["gender"] or "",
                  "position": data["position"], "organisation": data["organisation"], "phone": data["phone"],
                  "email": data["email"], "birth_date": data["birth_date"]}
        if person is None:
            saved = submit(request, form, services.create_person, request.user, authority_for(request.user), values,
                           done=lambda p: f"Đã thêm “{p.full_name}”.")
        else:
            saved = submit(request, form, services.update_person, request.user, person, values,
                           done=lambda _: f"Đã lưu “{person.full_name}”.")
        if saved:
            return redirect("orgs:person_list")
    return form_page(request, form, "Sửa cá nhân" if person else "Thêm cá nhân", back=reverse("orgs:person_list"))


# --- import -------------------------------------------------------------------------------

IMPORT_KINDS = {"units": "đơn vị", "people": "cá nhân"}


def _kind(kind: str) -> str:
    if kind not in IMPORT_KINDS:
        raise Http404
    return IMPORT_KINDS[kind]


def _import_job(request, kind: str, pk: int) -> Job:
    """The user's own import job of this kind (any other id is as good as unknown)."""
    job = Job.objects.filter(pk=id_or_none(pk), owner=request.user, kind=importjobs.JOB_KIND).first()
    if job is None or job.params.get("import") != kind:
        raise Http404
    return job


@requires("orgs.import_data")
@require_http_methods(["GET", "POST"])
def import_upload(request, kind: str):
    """The file is checked here (type, size) and kept; reading and checking its rows is a background job
    whose page shows progress and then the report (orgs.importjobs)."""
    label = _kind(kind)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_file(upload.data, upload.name, max_bytes=settings.UPLOAD_MAX_BYTES)
        except SheetError as exc:
            form.add_error("file", str(exc))
        else:
            meta = {"user": request.user.pk, "kind": kind, "name": upload.name,
                    "encoding": form.cleaned_data["encoding"], "authority": authority_for(request.user).pk}
            token = uploads.stash(upload.data, meta)
            job = importjobs.start(request.user, kind, token, meta, dry_run=True)
            return redirect("web:job_detail", pk=job.pk)
    return render(request, "orgs/import_upload.html", {"form": form, "kind": kind, "label": label})


@requires("orgs.import_data")
def import_report(request, kind: str, pk: int):
    label = _kind(kind)
    return importjobs.report_response(request, _import_job(request, kind, pk), label, "orgs/import_report.html",
                                      {"kind": kind, "label": label})


@requires("orgs.import_data")
@require_POST
def import_confirm(request, kind: str, pk: int):
    _kind(kind)
    job = _import_job(request, kind, pk)
    try:
        data_meta = uploads.unstash(job.params["token"], user=request.user.pk, kind=kind)
    except LookupError:
        messages.error(request, f"Tệp đã tải lên không còn (tệp nhập được giữ {settings.IMPORT_KEEP_DAYS:g} ngày): "
                                "chọn lại tệp.")
        return redirect("orgs:import_upload", kind=kind)
    again = importjobs.start(request.user, kind, job.params["token"], data_meta[1], dry_run=False)
    return redirect("web:job_detail", pk=again.pk)


@requires("orgs.import_data")
def import_rejected(request, kind: str, pk: int):
    _kind(kind)
    report = importjobs.report_of(_import_job(request, kind, pk))
    if report is None:
        raise Http404
    return _xlsx(imports.rejected_workbook(report), f"dong-bi-tu-choi-{kind}.xlsx")


@requires("orgs.import_data")
def import_template(request, kind: str):
    _kind(kind)
    return _xlsx(imports.template_workbook(kind), f"mau-nhap-{kind}.xlsx")


@requires("orgs.view_audit")
def audit_list(request):
    q, action = request.GET.get("q", ""), request.GET.get("action", "")
    qs = queries.audit(q, action)
    if request.GET.get("format") == "xlsx":
        cols = [ExportColumn("Thời điểm", 20), ExportColumn("Người thực hiện", 24), ExportColumn("Thao tác", 28),
                ExportColumn("Đối tượng", 36), ExportColumn("Thay đổi", 60), ExportColumn("Ghi chú", 30)]
        rows = [[timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"), e.actor_name, e.action, e.object_repr,
                 "; ".join(f"{k}: {before} → {after}" for k, before, after in e.change_rows), e.note] for e in qs[:20000]]
        return _xlsx(write_xlsx(cols, rows, title="NHẬT KÝ THAO TÁC"), "nhat-ky-thao-tac.xlsx")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/audit_list.html", {"page": page, "q": q, "action": action})




# Logins and passwords (#17)

def login_locked(request, response=None, credentials=None):
    """The page django-axes returns for a locked account or address (AXES_LOCKOUT_CALLABLE): the login
    form with how long the lock lasts and whom to ask. The password was not checked."""
    return render(request, "web/login.html", {"lock_message": queries.lock_message(request, credentials)},
                  status=429)


@requires("orgs.change_own_password")
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = submit(request, form, services.change_own_password, request.user, data["old_password"],
                      data["new_password1"], done="Đã đổi mật khẩu.")
        if user:
            update_session_auth_hash(request, user)  # this session stays signed in, the others end
            return redirect("web:dashboard")
    return form_page(request, form, "Đổi mật khẩu", reverse("web:dashboard"), submit_label="Đổi mật khẩu")


@requires("orgs.manage_accounts")
def account_list(request):
    scope = scope_for(request.user)
    return render(request, "orgs/account_list.html",
                  {"accounts": queries.accounts(scope), "locks": queries.login_locks(scope)})


@require_POST
@requires("orgs.manage_accounts")
def account_reset_password(request, pk: int):
    user = get_object_or_404(queries.accounts(scope_for(request.user)), pk=pk)
    password = services.reset_password(request.user, user)
    response = render(request, "orgs/password_shown.html", {"account": user, "password": password})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires("orgs.manage_accounts")
def login_unlock(request):
    return act(request, services.unlock_login, request.user, username=request.POST.get("username", "").strip(),
               ip_address=request.POST.get("ip_address", "").strip(),
               done=lambda n: f"Đã mở khóa đăng nhập ({n} lần sai được xóa).", then="orgs:account_list")


# --- the authority's offices and legal bases (#18) ----------------------------------------------------------------

BLANK_ROWS = 3


def _posted_rows(request, prefix: str, fields: tuple[str, ...], flags: tuple[str, ...] = (),
                 dates: tuple[str, ...] = ()) -> list[dict]:
    rows = []
    for i in range(int(request.POST.get(f"{prefix}-count", "0") or 0)):
        row = {"id": id_or_none(request.POST.get(f"{prefix}-{i}-id"))}
        for f in fields:
            value = request.POST.get(f"{prefix}-{i}-{f}", "")
            if f in flags:
                row[f] = bool(value)
            elif f in dates:
                row[f] = value.strip()
            else:
                row[f] = value
        rows.append(row)
    return rows


def _dates(rows: list[dict], fields: tuple[str, ...]) -> None:
    for i, row in enumerate(rows, start=1):
        for f in fields:
            if row.get(f):
                try:
                    row[f] = parse_date(row[f])
                except ValueError:
                    raise services.ValidationFailed(f"Dòng {i}: ngày “{row[f]}” không hợp lệ (ghi như 01/7/2025).") from None
            else:
                row[f] = None


@requires("orgs.manage_paperwork")
@require_http_methods(["GET", "POST"])
def paperwork_settings(request):
    authority = authority_for(request.user)
    flags = ("is_chief_office", "proposes", "pays", "executes", "receives")
    version = versions.token(authority, queries.paperwork_rows)
    offices = bases = None
    if request.method == "POST":
        offices = _posted_rows(request, "o", queries.OFFICE_FIELDS, flags)
        bases = _posted_rows(request, "b", queries.BASIS_FIELDS, dates=("valid_from", "valid_to"))
        sent = request.POST.get(versions.FIELD)
        try:
            _dates(bases, ("valid_from", "valid_to"))
            with versions.guarded(authority, sent, queries.paperwork_rows):  # a stale page is refused
                services.save_paperwork(request.user, authority, offices, bases)
            messages.success(request, "Đã lưu cơ quan tham mưu và căn cứ pháp lý; văn bản lập từ nay dùng các dòng này.")
            return redirect("orgs:paperwork_settings")
        except services.ValidationFailed as exc:  # show what was typed, on the version it was typed on
            messages.error(request, exc.message)
            version = sent or version
    if offices is None:
        rows = queries.paperwork_rows(authority)
        offices, bases = rows["offices"], rows["bases"]
    voice = Voice.of(authority)
    blank_o = {f: "" for f in queries.OFFICE_FIELDS}
    blank_b = {f: "" for f in queries.BASIS_FIELDS}
    return render(request, "orgs/paperwork_settings.html", {
        "offices": offices + [blank_o] * BLANK_ROWS, "bases": bases + [blank_b] * BLANK_ROWS,
        "office_count": len(offices) + BLANK_ROWS, "basis_count": len(bases) + BLANK_ROWS,
        "uses_defaults": not any(getattr(o, "pk", None) for o in voice.offices), "voice": voice, "version": version,
        "version_field": versions.FIELD,
        "sample_article": voice.executing_article(), "sample_distribution": voice.distribution(),
        "sample_bases": voice.legal_bases("decision", clock.today()), "authority": authority,
    })


@requires("orgs.manage_paperwork")
@require_POST
def paperwork_defaults(request):
    return act(request, services.seed_paperwork_defaults, request.user, authority_for(request.user),
               done=lambda made: f"Đã lấy {made[0]} cơ quan và {made[1]} căn cứ mặc định theo cấp.",
               then="orgs:paperwork_settings")
