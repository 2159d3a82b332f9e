"""Score sheets: the scoring rounds of a unit's sheet and its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from thidua.orgs.access import requires
from thidua.orgs.models import Organisation
from thidua.orgs.services import ValidationFailed
from thidua.orgs.viewkit import id_or_none

from .. import queries, services
from ..forms import EvidenceForm
from ..models import Cycle, Evidence, Membership, ScoreSheet, SheetStatus
from ..states import NEXT_STATUS
from .common import get_cycle


def _sheet(request, pk: int, org: int) -> tuple[Cycle, Organisation, ScoreSheet]:
    cycle = get_cycle(pk)
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


ROUND_ORDER = ("self", "cross", "final")  # the value of the latest round counts ("explain" enters none)


def _raw(x) -> str:
    """A number for a data- attribute read by sheet.js (a plain float, "" for none)."""
    return "" if x is None else repr(float(x))


def _line_data(line, round_: str | None) -> dict:
    """What sheet.js needs to recompute a criterion's points as a value is typed: its rule and the
    values of the other rounds (a later round's value counts instead of the typed one; an empty input
    falls back to the earlier round's value, as `queries.effective` does)."""
    c, s = line.criterion, line.score
    values = {r: getattr(s, f"{r}_value", None) if s else None for r in ROUND_ORDER}
    at = ROUND_ORDER.index(round_) if round_ in ROUND_ORDER else None
    above = below = None
    if at is None:
        below = queries.effective(s)
    else:
        above = next((values[r] for r in reversed(ROUND_ORDER[at + 1:]) if values[r] is not None), None)
        below = next((values[r] for r in reversed(ROUND_ORDER[:at]) if values[r] is not None), None)
    return {"max": _raw(c.max_points), "each": _raw(c.unit_points), "target": _raw(line.target),
            "best": _raw(line.best_others), "above": _raw(above), "fallback": _raw(below)}


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
                form = EvidenceForm(request.POST, request.FILES)
                crit = sheet.group.scorecard.criteria.filter(pk=id_or_none(request.POST.get("criterion"))).first()
                if "file" not in request.FILES or crit is None:
                    raise ValidationFailed("Chọn tiêu chí và tệp minh chứng.", "file")
                if not form.is_valid():
                    raise ValidationFailed(form.errors["file"][0], "file")
                upload = form.cleaned_data["file"]
                services.add_evidence(request.user, sheet, crit, upload.name, upload.data)
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
        line.js = _line_data(line, round_)
    unit_score = page["unit_score"]
    return render(request, "emulation/sheet.html", {
        "cycle": cycle, "unit": unit, "sheet": sheet, "round": round_, **page,
        "round_label": services.ROUND_LABELS.get(round_ or "", ""),
        "amax": _raw(unit_score.applicable_max if unit_score else 0), "bonus_cap_raw": _raw(page["bonus_cap"]),
        "penalty_cap_raw": _raw(page["penalty_cap"]),
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
    if not ev.file:
        raise Http404
    try:
        handle = ev.file.open("rb")
    except (OSError, SuspiciousFileOperation):  # missing from the storage, or a name outside it
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=ev.filename, content_type=ev.content_type)
