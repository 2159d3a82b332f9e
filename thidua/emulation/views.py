from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs import uploads
from thidua.orgs.access import check_object, requires
from thidua.orgs.jobs import start_job
from thidua.orgs.models import Organisation
from thidua.orgs.scope import scope_for
from thidua.orgs.services import ValidationFailed
from thidua.orgs.sheets import XLSX_TYPE, SheetError
from thidua.vn import normalise
from thidua.vn.dates import parse_date, short_date

from . import documents, imports, queries, ranking, services
from .forms import (
    CopyForm,
    CriteriaGroupForm,
    CriterionForm,
    CycleForm,
    GroupForm,
    ImportScorecardForm,
    MovementForm,
    ScorecardForm,
)
from .models import (
    Covenant,
    CovenantStatus,
    CovenantTarget,
    CriteriaGroup,
    Criterion,
    CriterionKind,
    Cycle,
    Evidence,
    Group,
    Membership,
    Movement,
    Scorecard,
    ScoreSheet,
    SheetStatus,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(data: bytes, filename: str, ctype: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def _cycle(pk: int) -> Cycle:
    return get_object_or_404(Cycle, pk=pk)


def _group_visible(request, group: Group) -> None:
    scope = scope_for(request.user)
    if scope.unit_id and not group.memberships.filter(organisation_id=scope.unit_id).exists():
        raise PermissionDenied("Bạn chỉ xem được cụm, khối của đơn vị mình.")


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def cycle_list(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        if form.is_valid():
            try:
                cycle = services.create_cycle(request.user, request.user.authority, form.cleaned_data["year"],
                                              form.cleaned_data["name"], form.cleaned_data["covenant_deadline"])
                messages.success(request, f"Đã tạo {cycle.name}.")
                return redirect("emulation:cycle", pk=cycle.pk)
            except ValidationFailed as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    cycles = list(queries.cycles(request.user.authority)) if request.user.authority_id else []
    return render(request, "emulation/cycle_list.html", {
        "cycles": cycles, "form": form, "can_manage": request.user.has_perm("emulation.manage_cycles")})


@requires("emulation.view_cycles")
def cycle_detail(request, pk: int):
    cycle = _cycle(pk)
    scope = scope_for(request.user)
    if scope.unit_id:
        return redirect("emulation:unit", pk=cycle.pk, org=scope.unit_id)
    overview = queries.covenant_overview(cycle, scope)
    return render(request, "emulation/cycle_detail.html", {
        "cycle": cycle, "groups": queries.groups(cycle), "counts": queries.covenant_counts(overview),
        "sheets": queries.sheet_counts(cycle), "scorecards": cycle.scorecards.all(),
        "movements": cycle.movements.all(), "can_manage": request.user.has_perm("emulation.manage_cycles"),
        "copy_form": CopyForm(initial={"year": cycle.year + 1}), "group_form": GroupForm(),
    })


@requires("emulation.manage_cycles")
@require_POST
def cycle_copy(request, pk: int):
    cycle = _cycle(pk)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            new = services.copy_structure(request.user, cycle, form.cleaned_data["year"],
                                          form.cleaned_data["covenant_deadline"])
            messages.success(request, f"Đã tạo {new.name} từ cơ cấu cụm, khối năm {cycle.year}.")
            return redirect("emulation:cycle", pk=new.pk)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Năm thi đua mới không hợp lệ.")
    return redirect("emulation:cycle", pk=cycle.pk)


@requires("emulation.manage_cycles")
@require_POST
def group_create(request, pk: int):
    cycle = _cycle(pk)
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            g = services.create_group(request.user, cycle, form.cleaned_data["kind"], form.cleaned_data["name"])
            return redirect("emulation:group", pk=g.pk)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Cần chọn loại và nhập tên cụm, khối.")
    return redirect("emulation:cycle", pk=cycle.pk)


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def group_detail(request, pk: int):
    group = get_object_or_404(Group.objects.select_related("cycle", "head", "deputy", "scorecard"), pk=pk)
    _group_visible(request, group)
    if request.method == "POST" and request.POST.get("action") == "peers":
        check_object(request, "emulation.manage_cycles", None)
        try:
            if "default" in request.POST:
                services.set_peer_assignments(request.user, group, {})
            else:
                services.set_peer_assignments(request.user, group, {
                    m.organisation_id: request.POST.get(f"scorer{m.organisation_id}", "") for m in queries.members(group)})
            messages.success(request, "Đã lưu phân công chấm chéo.")
            return redirect("emulation:group", pk=group.pk)
        except (ValidationFailed, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Đơn vị chọn không hợp lệ."))
    elif request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        units = {u.pk: u for u in Organisation.objects.filter(authority_id=group.cycle.authority_id)}
        try:
            ids = [int(x) for x in request.POST.getlist("members") if x.isdigit()]
            if any(i not in units for i in ids):
                raise Http404
            services.set_members(request.user, group, [units[i] for i in ids])
            head, deputy = request.POST.get("head") or "", request.POST.get("deputy") or ""
            card = request.POST.get("scorecard") or ""
            services.update_group(request.user, group, {
                "head": units.get(int(head)) if head.isdigit() else None,
                "deputy": units.get(int(deputy)) if deputy.isdigit() else None,
                "scorecard": group.cycle.scorecards.filter(pk=int(card)).first() if card.isdigit() else None,
                "meeting_place": request.POST.get("meeting_place", ""),
                "meeting_date": parse_date(request.POST["meeting_date"]) if request.POST.get("meeting_date") else None,
            })
            messages.success(request, "Đã lưu cụm, khối.")
            return redirect("emulation:group", pk=group.pk)
        except (ValidationFailed, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
    member_ids = [m.organisation_id for m in queries.members(group)]
    taken = set(Membership.objects.filter(cycle=group.cycle).exclude(group=group).values_list("organisation_id", flat=True))
    candidates = [u for u in Organisation.objects.filter(authority_id=group.cycle.authority_id, valid_to__isnull=True)
                  .order_by("display_order", queries.vi("name")) if u.pk not in taken]
    peers = queries.peer_map(group)
    ms = list(queries.members(group))
    names = {m.organisation_id: m.organisation.name for m in ms}
    peer_rows = [{"membership": m, "scorer_id": peers.get(m.organisation_id),
                  "scorer": names.get(peers.get(m.organisation_id), "—")} for m in ms]
    return render(request, "emulation/group_detail.html", {
        "peer_rows": peer_rows, "peers_stored": group.peer_assignments.exists(),
        "group": group, "cycle": group.cycle, "members": ms, "member_ids": member_ids,
        "candidates": candidates, "can_manage": request.user.has_perm("emulation.manage_cycles"),
        "scorecards": group.cycle.scorecards.all(),
    })


def _field_error(form, exc: ValidationFailed) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


CRITERION_VALUES = ("code", "name", "kind", "max_points", "unit_points", "unit_label", "guidance", "evidence_required")


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def scorecard_detail(request, pk: int):
    """The scorecard tree; the secretariat edits its settings, criteria groups and criteria here
    until scoring starts."""
    card = get_object_or_404(Scorecard.objects.select_related("cycle"), pk=pk)
    if request.GET.get("format") == "xlsx":
        return _file(imports.export_scorecard(card), f"thang-bang-diem-{card.pk}.xlsx", XLSX_TYPE)
    can_manage = request.user.has_perm("emulation.manage_cycles")
    lock_reason = services.scorecard_lock_reason(card) if can_manage else ""
    cgroups = list(card.criteria_groups.all())
    action = request.POST.get("action", "") if request.method == "POST" else ""
    settings_form = ScorecardForm(request.POST if action == "settings" else None,
                                  initial={"name": card.name, "bonus_cap": _num(card.bonus_cap),
                                           "penalty_cap": _num(card.penalty_cap)})
    group_form = CriteriaGroupForm(request.POST if action == "add_group" else None, prefix="g")
    crit_form = CriterionForm(request.POST if action == "add_criterion" else None, groups=cgroups, prefix="c")
    group_forms = {}
    for cg in cgroups:
        bound = action == "edit_group" and request.POST.get("group") == str(cg.pk)
        group_forms[cg.pk] = CriteriaGroupForm(request.POST if bound else None, prefix=f"g{cg.pk}",
                                               initial={"code": cg.code, "name": cg.name})
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        try:
            if action == "settings" and settings_form.is_valid():
                services.update_scorecard(request.user, card, settings_form.cleaned_data)
                messages.success(request, "Đã lưu thang bảng điểm.")
            elif action == "add_group" and group_form.is_valid():
                cg = services.add_criteria_group(request.user, card, group_form.cleaned_data["code"],
                                                 group_form.cleaned_data["name"])
                messages.success(request, f"Đã thêm nhóm {cg.code}.")
            elif action == "edit_group":
                cg = get_object_or_404(CriteriaGroup, pk=request.POST.get("group") or 0, scorecard=card)
                form = group_forms[cg.pk]
                if form.is_valid():
                    services.update_criteria_group(request.user, cg, form.cleaned_data["code"], form.cleaned_data["name"])
                    messages.success(request, f"Đã lưu nhóm {cg.code}.")
                else:
                    raise _Invalid
            elif action == "delete_group":
                cg = get_object_or_404(CriteriaGroup, pk=request.POST.get("group") or 0, scorecard=card)
                services.delete_criteria_group(request.user, cg)
                messages.success(request, f"Đã xóa nhóm {cg.code}.")
            elif action == "add_criterion" and crit_form.is_valid():
                data = crit_form.cleaned_data
                cg = get_object_or_404(CriteriaGroup, pk=data["group"], scorecard=card)
                c = services.add_criterion(request.user, card, cg, {k: data[k] for k in CRITERION_VALUES})
                messages.success(request, f"Đã thêm tiêu chí {c.code}.")
            elif action not in ("settings", "add_group", "add_criterion"):
                raise Http404
            else:
                raise _Invalid
            return redirect("emulation:scorecard", pk=card.pk)
        except _Invalid:
            pass
        except ValidationFailed as exc:
            target = {"settings": settings_form, "add_group": group_form, "add_criterion": crit_form}.get(action)
            if action == "edit_group":
                target = group_forms.get(int(request.POST.get("group")))
            if target is not None and exc.field:
                _field_error(target, exc)
            else:
                messages.error(request, exc.message)
    return render(request, "emulation/scorecard.html", {
        "card": card, "cycle": card.cycle, "criteria": queries.criteria(card.pk), "groups": card.groups.all(),
        "can_edit": can_manage and not lock_reason, "lock_reason": lock_reason, "settings_form": settings_form,
        "group_form": group_form, "crit_form": crit_form, "cgroups": [(cg, group_forms[cg.pk]) for cg in cgroups],
        "empty_groups": [cg for cg in cgroups if not cg.criteria.exists()],
    })


class _Invalid(Exception):
    """A form with field errors: render the page again with them."""


def _num(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text.replace(".", ",")


@requires("emulation.manage_cycles")
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk: int):
    c = get_object_or_404(Criterion.objects.select_related("scorecard", "scorecard__cycle", "group"), pk=pk)
    card = c.scorecard
    lock_reason = services.scorecard_lock_reason(card)
    cgroups = list(card.criteria_groups.all())
    initial = {k: getattr(c, k) for k in CRITERION_VALUES} | {
        "group": c.group_id, "max_points": _num(c.max_points), "unit_points": _num(c.unit_points)}
    form = CriterionForm(request.POST or None, groups=cgroups, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                services.delete_criterion(request.user, c)
                messages.success(request, f"Đã xóa tiêu chí {c.code}.")
                return redirect("emulation:scorecard", pk=card.pk)
            if form.is_valid():
                data = form.cleaned_data
                group = get_object_or_404(CriteriaGroup, pk=data["group"], scorecard=card)
                services.update_criterion(request.user, c, {k: data[k] for k in CRITERION_VALUES} | {"group": group})
                messages.success(request, f"Đã lưu tiêu chí {c.code}.")
                return redirect("emulation:scorecard", pk=card.pk)
        except ValidationFailed as exc:
            if exc.field:
                _field_error(form, exc)
            else:
                messages.error(request, exc.message)
    return render(request, "emulation/criterion.html", {"card": card, "cycle": card.cycle, "criterion": c,
                                                        "form": form, "lock_reason": lock_reason})


@requires("emulation.manage_cycles")
@require_http_methods(["GET", "POST"])
def scorecard_import(request, pk: int):
    cycle = _cycle(pk)
    form = ImportScorecardForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = request.FILES["file"]
        dry = "confirm" not in request.POST
        try:
            report, card = imports.import_scorecard(
                request.user, cycle, form.cleaned_data["name"], upload.read(), upload.name, dry_run=dry,
                max_bytes=settings.UPLOAD_MAX_BYTES, bonus_cap=form.cleaned_data["bonus_cap"])
            if card is not None:
                messages.success(request, f"Đã nhập thang bảng điểm “{card.name}”.")
                return redirect("emulation:scorecard", pk=card.pk)
        except (SheetError, ValidationFailed) as exc:
            form.add_error("file", getattr(exc, "message", str(exc)))
    return render(request, "emulation/scorecard_import.html", {"cycle": cycle, "form": form, "report": report,
                                                               "columns": imports.COLUMNS})


@requires("emulation.view_cycles")
def covenants(request, pk: int):
    cycle = _cycle(pk)
    scope = scope_for(request.user)
    as_of = request.GET.get("ngay", "")
    day = None
    if as_of:
        try:
            day = parse_date(as_of)
        except ValueError:
            messages.error(request, f"Ngày “{as_of}” không hợp lệ; hiển thị theo hôm nay.")
    if day is not None:
        with clock.as_of(day):
            rows = queries.covenant_overview(cycle, scope)
            today = clock.today()
    else:
        rows = queries.covenant_overview(cycle, scope)
        today = clock.today()
    return render(request, "emulation/covenants.html", {
        "cycle": cycle, "rows": rows, "counts": queries.covenant_counts(rows), "today": short_date(today),
        "deadline": short_date(cycle.covenant_deadline) if cycle.covenant_deadline else "", "as_of": as_of})


@requires("emulation.view_unit")
def unit_page(request, pk: int, org: int):
    """One unit's cycle: its cluster/block, covenant and score sheet (the unit officer's home)."""
    cycle = _cycle(pk)
    unit = get_object_or_404(Organisation, pk=org)
    scope_for(request.user).check_unit(unit.pk)
    check_object(request, "emulation.view_unit", unit)
    data = queries.unit_overview(cycle, unit.pk)
    return render(request, "emulation/unit.html", {"cycle": cycle, "unit": unit, **data,
                                                   "result": queries.unit_ranking(cycle, unit.pk),
                                                   "late": queries.is_late(cycle, data["covenant"])})


@requires("emulation.my_unit")
def my_unit(request):
    if request.user.unit_id is None:  # a superuser holds every permission but has no unit of its own
        messages.info(request, "Tài khoản này không gắn với đơn vị nào; chọn đơn vị trong từng năm thi đua.")
        return redirect("emulation:cycles")
    cycles = list(queries.cycles(request.user.authority))
    if not cycles:
        raise Http404("Chưa có năm thi đua.")
    return redirect("emulation:unit", pk=cycles[0].pk, org=request.user.unit_id)


@requires("emulation.view_unit")
@require_http_methods(["GET", "POST"])
def covenant_edit(request, pk: int, org: int):
    cycle = _cycle(pk)
    unit = get_object_or_404(Organisation, pk=org)
    scope_for(request.user).check_unit(unit.pk)
    check_object(request, "emulation.view_unit", unit)
    membership = Membership.objects.filter(cycle=cycle, organisation=unit).select_related("group").first()
    if membership is None:
        raise Http404("Đơn vị chưa thuộc cụm, khối nào.")
    covenant = Covenant.objects.filter(cycle=cycle, organisation=unit).first()
    crits = list(queries.criteria(membership.group.scorecard_id))
    target_crits = [c for c in crits if c.kind == CriterionKind.TARGET]
    targets = dict(CovenantTarget.objects.filter(covenant=covenant).values_list("criterion_id", "target")) \
        if covenant else {}
    errors: dict = {}
    commitments = covenant.commitments if covenant else ""
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("save", "submit"):
                check_object(request, "emulation.edit_covenant", covenant or Covenant(organisation=unit))
                posted = {c.pk: request.POST.get(f"t{c.pk}", "") for c in target_crits}
                commitments = request.POST.get("commitments", "")
                on_paper = bool(request.POST.get("on_paper")) and request.user.has_perm("emulation.decide_covenant")
                covenant = services.save_covenant(request.user, cycle, unit, posted, commitments, on_paper=on_paper)
                if action == "submit":
                    services.transition_covenant(request.user, covenant, CovenantStatus.SUBMITTED)
                    messages.success(request, "Đã gửi bản đăng ký giao ước thi đua.")
                else:
                    messages.success(request, "Đã lưu bản đăng ký (chưa gửi).")
            elif action in ("accepted", "returned"):
                if covenant is None:
                    raise Http404
                services.transition_covenant(request.user, covenant, action, request.POST.get("note", ""))
                messages.success(request, "Đã chấp nhận bản đăng ký." if action == "accepted" else "Đã trả lại bản đăng ký.")
            else:
                raise Http404
            return redirect("emulation:covenant", pk=cycle.pk, org=unit.pk)
        except services.ScoresInvalid as exc:
            errors = exc.errors
            targets = {c.pk: request.POST.get(f"t{c.pk}", "") for c in target_crits}
            messages.error(request, exc.message)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
    editable = (covenant is None or covenant.status in (CovenantStatus.DRAFT, CovenantStatus.RETURNED)) and \
        request.user.has_perm("emulation.edit_covenant", covenant or Covenant(organisation=unit))
    rows = [{"criterion": c, "value": targets.get(c.pk, ""), "error": errors.get(c.pk, "")} for c in target_crits]
    return render(request, "emulation/covenant.html", {
        "cycle": cycle, "unit": unit, "group": membership.group, "covenant": covenant, "rows": rows,
        "commitments": commitments, "editable": editable, "late": queries.is_late(cycle, covenant),
        "can_decide": request.user.has_perm("emulation.decide_covenant") and covenant is not None
        and covenant.status in (CovenantStatus.SUBMITTED, CovenantStatus.ACCEPTED),
        "deadline": short_date(cycle.covenant_deadline) if cycle.covenant_deadline else "",
        "other_criteria": len(crits) - len(target_crits),
    })


def _sheet(request, pk: int, org: int) -> tuple[Cycle, Organisation, ScoreSheet]:
    cycle = _cycle(pk)
    unit = get_object_or_404(Organisation, pk=org)
    sheet = ScoreSheet.objects.filter(cycle=cycle, organisation=unit).select_related("group", "group__scorecard").first()
    if sheet is None:
        if not Membership.objects.filter(cycle=cycle, organisation=unit).exists():
            raise Http404("Đơn vị chưa thuộc cụm, khối nào.")
        sheet = services.get_sheet(cycle, unit)
    if not request.user.has_perm("emulation.view_unit", unit):
        if not request.user.has_perm("emulation.cross_score", sheet):
            raise PermissionDenied("Bạn không có quyền xem phiếu chấm này.")
        if sheet.status == SheetStatus.DRAFT:
            raise PermissionDenied("Đơn vị chưa gửi phiếu tự chấm; chưa chấm chéo được.")
    return cycle, unit, sheet


ROUND_FOR_STATUS = {SheetStatus.DRAFT: "self", SheetStatus.SUBMITTED: "cross", SheetStatus.REVIEWED: "explain",
                    SheetStatus.EXPLAINED: "final"}
NEXT_STATUS = {"self": SheetStatus.SUBMITTED, "cross": SheetStatus.REVIEWED, "explain": SheetStatus.EXPLAINED,
               "final": SheetStatus.FINAL}


def _open_round(user, sheet: ScoreSheet) -> str | None:
    """The round this user may enter now on this sheet, if any."""
    candidates = []
    if sheet.status == SheetStatus.DRAFT:
        candidates = ["self"]
    elif sheet.status == SheetStatus.SUBMITTED:
        candidates = ["cross"]
    elif sheet.status == SheetStatus.REVIEWED:
        candidates = ["final", "explain"] if user.has_perm("emulation.final_score") else ["explain"]
    elif sheet.status in (SheetStatus.EXPLAINED, SheetStatus.FINAL):
        candidates = ["final"]
    for r in candidates:
        if user.has_perm(services.ROUND_PERMS[r], sheet):
            return r
    return None


@requires("emulation.view_cycles")
@require_http_methods(["GET", "POST"])
def sheet_view(request, pk: int, org: int):
    cycle, unit, sheet = _sheet(request, pk, org)
    round_ = _open_round(request.user, sheet)
    errors: dict = {}
    posted: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "evidence":
                upload = request.FILES.get("file")
                crit = sheet.group.scorecard.criteria.filter(pk=request.POST.get("criterion") or 0).first()
                if upload is None or crit is None:
                    raise ValidationFailed("Chọn tiêu chí và tệp minh chứng.", "file")
                if upload.size > settings.UPLOAD_MAX_BYTES:
                    raise ValidationFailed(
                        f"Tệp quá lớn; giới hạn {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB.", "file")
                services.add_evidence(request.user, sheet, crit, upload.name, upload.read())
                messages.success(request, f"Đã tải lên minh chứng cho tiêu chí {crit.code}.")
            elif action in ("save", "submit"):
                if round_ is None:
                    raise PermissionDenied("Bạn không nhập điểm ở bước này.")
                crits = list(queries.criteria(sheet.group.scorecard_id))
                entries = {}
                for c in crits:
                    if f"v{c.pk}" in request.POST or f"n{c.pk}" in request.POST:
                        entries[c.pk] = (request.POST.get(f"v{c.pk}", ""), request.POST.get(f"n{c.pk}", ""))
                        posted[c.pk] = entries[c.pk]
                services.save_scores(request.user, sheet, round_, entries, request.POST.get("reason", ""))
                if action == "submit":
                    services.transition_sheet(request.user, sheet, NEXT_STATUS[round_], request.POST.get("reason", ""))
                    messages.success(request, "Đã lưu và chuyển bước.")
                else:
                    messages.success(request, "Đã lưu điểm.")
            elif action == "return":
                services.transition_sheet(request.user, sheet, SheetStatus.DRAFT, request.POST.get("reason", ""))
                messages.success(request, "Đã trả phiếu cho đơn vị chấm lại.")
            elif action == "reopen":
                services.transition_sheet(request.user, sheet, SheetStatus.REVIEWED, request.POST.get("reason", ""))
            else:
                raise Http404
            return redirect("emulation:sheet", pk=cycle.pk, org=unit.pk)
        except services.ScoresInvalid as exc:
            errors = exc.errors
            messages.error(request, exc.message)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
    page = queries.sheet_page(sheet)
    for line in page["lines"]:
        line.error = errors.get(line.criterion.pk, "")
        line.posted = posted.get(line.criterion.pk)
    return render(request, "emulation/sheet.html", {
        "cycle": cycle, "unit": unit, "sheet": sheet, "round": round_, **page,
        "round_label": services.ROUND_LABELS.get(round_ or "", ""),
        "can_view_unit": request.user.has_perm("emulation.view_unit", unit),
        "can_upload": sheet.status in (SheetStatus.DRAFT, SheetStatus.REVIEWED)
        and request.user.has_perm("emulation.self_score", sheet),
        "can_return": sheet.status == SheetStatus.SUBMITTED and request.user.has_perm("emulation.return_sheet", sheet),
        "can_reopen": sheet.status == SheetStatus.FINAL and request.user.has_perm("emulation.final_score"),
    })


@requires("emulation.view_cycles")
def evidence_download(request, pk: int):
    ev = get_object_or_404(Evidence.objects.select_related("score__sheet", "score__sheet__group"), pk=pk)
    sheet = ev.score.sheet
    if not (request.user.has_perm("emulation.view_unit", sheet) or request.user.has_perm("emulation.cross_score", sheet)):
        raise PermissionDenied("Bạn không có quyền xem minh chứng này.")
    path = uploads.stored_file(ev.path)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=ev.filename, content_type=ev.content_type)


@requires("emulation.view_ranking")
@require_http_methods(["GET", "POST"])
def ranking_view(request, pk: int):
    cycle = _cycle(pk)
    if request.method == "POST" and request.POST.get("action") == "job":
        job = start_job(request.user, "emulation.rank_cycle", f"Bảng tổng hợp điểm thi đua năm {cycle.year}",
                        {"cycle": cycle.pk}, authority_id=cycle.authority_id)
        return redirect("web:job_detail", pk=job.pk)
    if request.method == "POST":
        check_object(request, "emulation.manage_ranking", None)
        action = request.POST.get("action")
        try:
            if action == "lock":
                group = get_object_or_404(Group, pk=request.POST.get("group") or 0, cycle=cycle)
                services.lock_group(request.user, group, publish=bool(request.POST.get("publish")))
                messages.success(request, f"Đã khóa và công bố kết quả {group.name}"
                                 + (" (công bố cả bảng xếp hạng cho các đơn vị)." if group.published else "."))
            elif action in ("publish", "unpublish"):
                group = get_object_or_404(Group, pk=request.POST.get("group") or 0, cycle=cycle)
                services.publish_group(request.user, group, action == "publish")
                messages.success(request, f"Đã {'công bố' if action == 'publish' else 'thôi công bố'} bảng xếp hạng "
                                 f"{group.name} cho các đơn vị.")
            elif action in ("exclude", "council"):
                m = get_object_or_404(Membership, pk=request.POST.get("membership") or 0, cycle=cycle)
                if action == "exclude":
                    services.exclude_unit(request.user, m, request.POST.get("reason", ""))
                else:
                    order = request.POST.get("order", "")
                    services.set_council_order(request.user, m, int(order) if order.isdigit() else None,
                                               request.POST.get("note", ""))
                messages.success(request, "Đã ghi quyết định của Hội đồng.")
            else:
                raise Http404
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        return redirect(reverse("emulation:ranking", args=[cycle.pk]))
    results = queries.cycle_ranking(cycle)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _file(documents.ranking_xlsx(cycle, results), f"bang-tong-hop-diem-{cycle.year}.xlsx", XLSX_TYPE)
    if fmt == "pdf":
        return _file(documents.render_pdf(documents.ranking_document(cycle, results)),
                     f"bang-tong-hop-diem-{cycle.year}.pdf", "application/pdf", inline=True)
    bands = [(b[1], f"{float(b[0]) * 100:g}".replace(".", ",")) for b in cycle.grade_bands or []]
    return render(request, "emulation/ranking.html", {
        "cycle": cycle, "results": results, "can_manage": request.user.has_perm("emulation.manage_ranking"),
        "bands": [(pct, label) for label, pct in bands]})


@requires("emulation.view_cycles")
def group_document(request, pk: int, kind: str, fmt: str):
    group = get_object_or_404(Group.objects.select_related("cycle", "head", "deputy"), pk=pk)
    _group_visible(request, group)
    builders = {"giao-uoc": documents.covenant_document, "bien-ban": documents.minutes_document,
                "mau-dang-ky": documents.registration_form}
    if kind not in builders or fmt not in ("pdf", "docx"):
        raise Http404
    if kind == "bien-ban" and not request.user.has_perm("emulation.view_ranking"):
        raise PermissionDenied("Bạn không có quyền xem biên bản họp.")
    doc = builders[kind](group)
    name = f"{kind}-{group.cycle.year}-{group.pk}.{fmt}"
    if fmt == "pdf":
        return _file(documents.render_pdf(doc), name, "application/pdf", inline=True)
    return _file(documents.render_docx(doc), name, DOCX_TYPE)


# --- movements ------------------------------------------------------------------------------------

MOVEMENT_VALUES = ("name", "kind", "status", "launch_document", "launch_date", "starts_on", "ends_on")


def _authority_units(cycle: Cycle):
    return list(Organisation.objects.filter(authority_id=cycle.authority_id, valid_to__isnull=True)
                .order_by("display_order", queries.vi("name")))


def _movement_form_errors(form, exc: ValidationFailed) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@requires("emulation.view_movements")
@require_http_methods(["GET", "POST"])
def movement_list(request, pk: int):
    """Phong trào thi đua of a cycle; the secretariat adds them, a unit officer sees its own."""
    cycle = _cycle(pk)
    can_manage = request.user.has_perm("emulation.manage_cycles")
    units = _authority_units(cycle) if can_manage else []
    form = MovementForm(request.POST or None, units=units)
    del form.fields["note"]  # only for a status change of an existing movement
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [u for u in units if u.pk in set(data["units"])]
            try:
                m = services.create_movement(request.user, cycle, {k: data[k] for k in MOVEMENT_VALUES}, chosen)
                messages.success(request, f"Đã thêm phong trào “{m.name}”.")
                return redirect("emulation:movements", pk=cycle.pk)
            except ValidationFailed as exc:
                _movement_form_errors(form, exc)
    rows = list(queries.movements(cycle, scope_for(request.user)))
    return render(request, "emulation/movements.html", {
        "cycle": cycle, "movements": rows, "form": form, "can_manage": can_manage,
        "counts": queries.movement_counts(cycle) if can_manage else {}})


@requires("emulation.view_movements")
@require_http_methods(["GET", "POST"])
def movement_edit(request, pk: int):
    movement = get_object_or_404(Movement.objects.select_related("cycle", "status_changed_by"), pk=pk)
    check_object(request, "emulation.view_movement", movement)
    cycle = movement.cycle
    can_manage = request.user.has_perm("emulation.manage_cycles")
    units = _authority_units(cycle) if can_manage else []
    current = list(movement.units.order_by("display_order", queries.vi("name")))
    initial = {k: getattr(movement, k) for k in MOVEMENT_VALUES} | {"units": [u.pk for u in current]}
    form = MovementForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        check_object(request, "emulation.manage_cycles", None)
        if form.is_valid():
            data = form.cleaned_data
            chosen = [u for u in units if u.pk in set(data["units"])]
            try:
                services.update_movement(request.user, movement, {k: data[k] for k in MOVEMENT_VALUES}, chosen,
                                         note=data["note"])
                messages.success(request, "Đã lưu phong trào thi đua.")
                return redirect("emulation:movement", pk=movement.pk)
            except ValidationFailed as exc:
                _movement_form_errors(form, exc)
    return render(request, "emulation/movement.html", {
        "cycle": cycle, "movement": movement, "units": current, "form": form, "can_manage": can_manage})


# --- tie-break chain and grade bands ------------------------------------------------------------

BAND_ROWS = 6


def _percent(text: str):
    text = (text or "").strip().replace("%", "").replace(",", ".")
    if text == "":
        return None
    return float(text) / 100


@requires("emulation.manage_ranking")
@require_http_methods(["GET", "POST"])
def cycle_rules(request, pk: int):
    """The cycle's tie-break chain and grade bands (share of the applicable maximum)."""
    cycle = _cycle(pk)
    chain = list(cycle.tie_break or [])
    bands = [[float(b[0]), str(b[1])] for b in cycle.grade_bands or []]
    errors: dict[str, str] = {}
    if request.method == "POST":
        chain = [request.POST.get(f"tb{i}", "") for i in range(1, 4)]
        posted = []
        for i in range(1, BAND_ROWS + 1):
            label = normalise.clean_text(request.POST.get(f"band_label{i}", ""))
            raw = request.POST.get(f"band_min{i}", "")
            if not label and not raw.strip():
                continue
            try:
                posted.append([_percent(raw), label])
            except ValueError:
                posted.append([raw, label])
        bands = posted
        try:
            services.update_cycle(request.user, cycle, {"tie_break": [k for k in chain if k], "grade_bands": bands})
            messages.success(request, "Đã lưu cách phân định khi bằng điểm và các mức xếp loại.")
            return redirect("emulation:ranking", pk=cycle.pk)
        except ValidationFailed as exc:
            errors[exc.field or "grade_bands"] = exc.message
    rows = []
    for i in range(BAND_ROWS):
        b = bands[i] if i < len(bands) else None
        value = ""
        if b is not None:
            value = f"{b[0] * 100:g}".replace(".", ",") if isinstance(b[0], float) else (b[0] or "")
        rows.append({"n": i + 1, "label": b[1] if b else "", "min": value})
    chain_rows = [{"n": i + 1, "value": chain[i] if i < len(chain) else ""} for i in range(3)]
    return render(request, "emulation/cycle_rules.html", {
        "cycle": cycle, "chain": chain_rows, "bands": rows, "errors": errors, "labels": ranking.TIE_BREAK_LABELS,
        "locked": cycle.groups.filter(locked_at__isnull=False).exists()})
