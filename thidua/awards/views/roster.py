"""The council's standing list (#20): the secretariat keeps who sits in the Hội đồng Thi đua - Khen thưởng,
in order (chairman first); a new meeting's form starts from it.

The member pages look the member up before asking for the permission, so another authority's member id
is a 404 for every role (the scope finds nothing), never a 403 that would say it exists."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua import clock
from thidua.orgs.access import check_object, requires
from thidua.orgs.forms import VNForm
from thidua.orgs.models import Person
from thidua.orgs.pickers import OrderedModelChoiceField
from thidua.orgs.versions import versioned
from thidua.orgs.viewkit import act, form_page, submit

from .. import services
from ..forms import DATE, MeetingForm
from ..models import CouncilSeat, SeatPosition

PERM = "awards.manage_council"
ANY_ROLE = "web.view_dashboard"  # every signed-in role; the member is found (or 404) before PERM is asked


class PeopleChoice(OrderedModelChoiceField):
    def label_from_instance(self, p):
        unit = p.organisation.name if p.organisation_id else ""
        return " – ".join(x for x in (p.full_name, p.position, unit) if x)


class SeatForm(VNForm):
    people = PeopleChoice(label="Cán bộ (chọn một hoặc nhiều, theo thứ tự)", required=False,
                          queryset=Person.objects.none())
    name = forms.CharField(label="Họ và tên người ngoài danh sách cán bộ", max_length=150, required=False,
                           help_text="Ví dụ: Chủ tịch Ủy ban MTTQ; để trống khi đã chọn cán bộ.")
    position = forms.ChoiceField(label="Vị trí trong Hội đồng", choices=SeatPosition.choices,
                                 initial=SeatPosition.MEMBER)
    title = forms.CharField(label="Chức vụ, cơ quan", max_length=120, required=False,
                            help_text="Ví dụ: Trưởng phòng Nội vụ. Để trống: chức vụ của từng cán bộ.")
    active_from = forms.DateField(label="Từ ngày", widget=DATE)

    def __init__(self, *args, people=True, **kwargs):
        super().__init__(*args, **kwargs)
        if people:
            self.fields["people"].queryset = (Person.objects.filter(active=True).select_related("organisation")
                                              .order_by("given_name", "middle_name", "family_name", "id"))
        else:
            del self.fields["people"]
            self.fields["name"].label, self.fields["name"].required = "Họ và tên", True
            self.fields["name"].help_text = ""


def _seat(pk: int) -> CouncilSeat:
    return get_object_or_404(CouncilSeat, pk=pk)


@requires(PERM)
@require_http_methods(["GET", "POST"])
def roster(request):
    """The list, the add form below it; a refused add comes back with what was typed."""
    form = SeatForm(request.POST or None, initial={"active_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.add_seats, request.user, request.user.authority, form.cleaned_data,
                  done=lambda added: "Đã thêm " + ", ".join(s.name for s in added) + " vào danh sách Hội đồng."):
            return redirect("awards:roster")
    today = clock.today()
    seats = list(CouncilSeat.objects.filter(authority_id=request.user.authority_id).select_related("person")
                 .order_by("order", "id"))
    active = [s for s in seats if s.is_active(today)]
    former = [s for s in seats if not s.is_active(today)]
    return render(request, "awards/roster.html", {"active": active, "former": former, "form": form,
                                                  "today": today}, status=400 if form.errors else 200)


@requires(ANY_ROLE)
@require_http_methods(["GET", "POST"])
def roster_edit(request, pk: int):
    seat = _seat(pk)
    check_object(request, PERM, seat)
    form = versioned(SeatForm(request.POST or None, people=False, initial={
        "name": seat.name, "position": seat.position, "title": seat.title, "active_from": seat.active_from}), seat)
    if request.method == "POST" and form.is_valid():
        if submit(request, form, services.update_seat, request.user, seat, form.cleaned_data,
                  done=f"Đã lưu {seat.name}."):
            return redirect("awards:roster")
    return form_page(request, form, f"Thành viên Hội đồng: {seat.name}", back=reverse("awards:roster"))


@requires(ANY_ROLE)
@require_POST
def roster_move(request, pk: int):
    seat = _seat(pk)
    check_object(request, PERM, seat)
    step = 1 if request.POST.get("huong") == "xuong" else -1
    return act(request, services.move_seat, request.user, seat, step,
               done=lambda s: f"Đã chuyển {s.name} {'xuống' if step > 0 else 'lên'} thứ {s.order}.",
               then=lambda s: reverse("awards:roster") + (f"#seat-{pk}" if s else ""))


@requires(PERM)
@require_POST
def roster_order(request):
    """The whole active list in a new order, as dragged on the page (web/reorder.js sends every row's id),
    with the order the page showed ("seen"), so that a stale page is refused."""
    ids, seen = ([int(x) for x in request.POST.getlist(name) if x.isdigit()] for name in ("ids", "seen"))
    return act(request, services.reorder_seats, request.user, request.user.authority, ids, seen,
               done="Đã lưu thứ tự mới của danh sách Hội đồng.", then=("awards:roster",))


@requires(ANY_ROLE)
@require_POST
def roster_deactivate(request, pk: int):
    seat = _seat(pk)
    check_object(request, PERM, seat)
    return act(request, services.deactivate_seat, request.user, seat,
               done=lambda s: f"{s.name} đã thôi tham gia Hội đồng từ ngày {s.active_to:%d/%m/%Y}.",
               then=("awards:roster",))


@requires(PERM)
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    """The meeting form, its chair, secretary and members taken from the standing list (in its order);
    the secretariat strikes or adds a line (an invited guest) before saving, and marks absence after."""
    today = clock.today()
    initial = {"year": today.year - 1, "date": today, **services.meeting_initial(request.user.authority_id, today)}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        m = submit(request, form, services.create_meeting, request.user, request.user.authority, form.cleaned_data,
                   form.cleaned_data["members"])
        if m:
            return redirect("awards:meeting_detail", pk=m.pk)
    if "members" in initial:
        form.fields["members"].help_text = ("Lấy từ danh sách Hội đồng, theo thứ tự; bỏ dòng người không dự, thêm "
                                            "dòng khách mời. Người vắng mặt đánh dấu sau khi lưu.")
    else:
        form.fields["members"].help_text = "Chưa có danh sách Hội đồng: nhập ở trang “Danh sách Hội đồng” để lần sau khỏi gõ lại."
    return form_page(request, form, "Phiên họp Hội đồng Thi đua - Khen thưởng", back=reverse("awards:meeting_list"))
