"""One page per conference (#20): tabs for the overview and figures, delegates, invitations and replies,
program and talks, ceremony, seating, check-in, tasks, materials, budget and documents, with one event
picker at the top. Each tab is a compact summary linking to the full pages of its app (nothing is
rebuilt here); the tab is in the URL (`?tab=…`) so it can be bookmarked.

The apps above events (checkin, program, logistics) are read through the reverse relations they put on
`Event` and `Delegate` (`talks`, `logistics_tasks`, `hall_plan`, …, as `events.models.present` reads the
check-ins), never imported (layers: pyproject.toml); their links are URL names. A fixed number of
queries whatever the number of rows (tests/hub/test_hub.py pins it for 1 and 3 delegates).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from thidua import clock
from thidua.orgs.access import requires
from thidua.orgs.models import RegisterEntry
from thidua.orgs.scope import Scope, scope_for

from . import queries
from .models import Delegate, Event, OutboxMail, ReplyStatus

TABS = [
    ("tong-quan", "Tổng quan"), ("dai-bieu", "Đại biểu"), ("giay-moi", "Giấy mời, trả lời"),
    ("chuong-trinh", "Chương trình, tham luận"), ("trao-thuong", "Lễ trao thưởng"), ("cho-ngoi", "Chỗ ngồi"),
    ("diem-danh", "Điểm danh"), ("nhiem-vu", "Nhiệm vụ"), ("tai-lieu", "Tài liệu"), ("kinh-phi", "Kinh phí"),
    ("van-ban", "Văn bản"),
]
TAB_KEYS = {k for k, _ in TABS}
# what a tab needs to be shown (the app's own view permission); events' own tabs need events.view_events
TAB_PERMS = {
    "chuong-trinh": "program.view_program", "trao-thuong": "program.view_program",
    "cho-ngoi": "checkin.view_seating", "diem-danh": "checkin.view_attendance", "nhiem-vu": "logistics.view_tasks",
    "tai-lieu": "logistics.view_materials", "kinh-phi": "logistics.view_budget", "van-ban": "logistics.view_plan",
}
SOURCE_APPS = ("events.", "program.", "logistics.", "checkin.")  # register sources keyed "<app>.<kind>:<event>"


def _link(user, perm: str, label: str, name: str, *args, query: str = "") -> dict | None:
    if perm and not user.has_perm(perm):
        return None
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:  # an app not installed
        return None
    return {"label": label, "url": url + query}


def _by_status(qs, labels: dict) -> list[dict]:
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    return [{"label": label, "value": counts.get(code, 0), "code": code} for code, label in labels.items()]


def _labels(manager) -> dict:
    """The status choices of a related model, read from the model the relation points at."""
    return dict(manager.model._meta.get_field("status").flatchoices)


def _units(qs, scope: Scope):
    return qs.filter(organisation_id=scope.unit_id) if scope.unit_id else qs


def summary(event: Event, scope: Scope, user) -> dict:
    """Every tab's figures in a fixed number of queries."""
    allowed = {tab for tab in TAB_KEYS if user.has_perm(TAB_PERMS.get(tab, "events.view_events"))}
    out: dict = {"allowed": allowed, "board": queries.board(event, scope)}
    delegates = scope.filter_units(Delegate.objects.filter(event=event, revoked=False), "organisation_id")
    out["delegates"] = delegates.aggregate(
        total=Count("id"), named=Count("id", filter=~Q(full_name="")),
        seated=Count("id", filter=~Q(seat="")), numbered=Count("id", filter=Q(invitation_number__isnull=False)),
        expected=Count("id", filter=Q(reply_status__in=[ReplyStatus.ACCEPTED, ReplyStatus.SUBSTITUTE])))
    if "giay-moi" in allowed and user.has_perm("events.send_reminders"):
        labels = dict(OutboxMail._meta.get_field("status").flatchoices)
        out["mails"] = [(labels.get(status, status), n) for status, n in OutboxMail.objects.filter(event=event)
                        .values_list("status").annotate(n=Count("id")).order_by("status")]
    if "chuong-trinh" in allowed:
        out["talks"] = _by_status(_units(event.talks.all(), scope), _labels(event.talks))
        out["agenda_items"] = event.agenda_items.count()
    if "trao-thuong" in allowed:
        out["batches"] = event.award_batches.count()
    extras = Event.objects.filter(pk=event.pk).values(
        "hall_plan__updated_at", "logistics_budget__status", "logistics_plan__status").annotate(
        budget_lines=Count("logistics_budget__lines")).order_by("pk").first() or {}
    out["hall_plan"] = extras.get("hall_plan__updated_at")
    out["plan_status"] = extras.get("logistics_plan__status")
    if "kinh-phi" in allowed:
        budget_labels = dict(Event._meta.get_field("logistics_budget").related_model._meta.get_field(
            "status").flatchoices)
        status = extras.get("logistics_budget__status")
        out["budget"] = {"status": budget_labels.get(status, "") if status else "", "lines": extras.get("budget_lines", 0)}
    if "nhiem-vu" in allowed:
        today = clock.today()
        tasks = _units(event.logistics_tasks.all(), scope)
        rows = tasks.values_list("status").annotate(n=Count("id"), late=Count("id", filter=Q(deadline__lt=today)))
        labels = _labels(event.logistics_tasks)
        counts = {status: (n, late) for status, n, late in rows.order_by()}
        out["tasks"] = [{"label": label, "value": counts.get(code, (0, 0))[0]} for code, label in labels.items()]
        out["tasks_late"] = sum(late for status, (_n, late) in counts.items() if status in ("todo", "in_progress"))
    if "tai-lieu" in allowed:
        out["materials"] = _by_status(_units(event.logistics_materials.all(), scope), _labels(event.logistics_materials))
    if "van-ban" in allowed:
        sources = Q()
        for app in SOURCE_APPS:
            sources |= Q(source__startswith=app, source__endswith=f":{event.pk}")
        out["documents"] = list(RegisterEntry.objects.filter(sources, authority_id=event.authority_id)
                                .order_by("-id")[:20])
    out["totals"] = {key: sum(r["value"] for r in out.get(key, [])) for key in ("talks", "tasks", "materials")}
    return out


def _tab_links(user, event: Event) -> dict[str, list[dict]]:
    pk = event.pk
    spec = {
        "tong-quan": [("events.view_events", "Thông tin hội nghị", "events:event_detail", pk)],
        "dai-bieu": [("events.view_delegates", "Danh sách đại biểu", "events:delegate_list", pk),
                     ("events.manage_events", "Thêm từ danh bạ", "events:add_people", pk),
                     ("events.manage_events", "Thêm theo đơn vị", "events:add_units", pk),
                     ("events.import_delegates", "Nhập từ Excel", "events:import_upload", pk)],
        "giay-moi": [("events.print_invitations", "In giấy mời", "events:invitations", pk),
                     ("events.view_delegates", "Chưa trả lời, nhắc trả lời", "events:reminders", pk)],
        "chuong-trinh": [("program.view_program", "Chương trình", "program:agenda", pk),
                         ("program.view_talks", "Tham luận", "program:talk_list", pk)],
        "trao-thuong": [("program.view_program", "Đợt trao thưởng", "program:batch_list", pk),
                        ("program.view_projector", "Màn chiếu", "program:projector", pk)],
        "cho-ngoi": [("checkin.view_seating", "Sơ đồ chỗ ngồi", "checkin:seating", pk)],
        "diem-danh": [("checkin.check_in", "Bàn đón tiếp", "checkin:desk", pk),
                      ("checkin.view_attendance", "Điểm danh trực tiếp", "checkin:attendance", pk)],
        "nhiem-vu": [("logistics.view_tasks", "Nhiệm vụ của hội nghị", "logistics:task_list"),
                     ("logistics.view_plan", "Kế hoạch tổ chức", "logistics:plan_detail", pk)],
        "tai-lieu": [("logistics.view_materials", "Tài liệu hội nghị", "logistics:material_list", pk)],
        "kinh-phi": [("logistics.view_budget", "Dự toán kinh phí", "logistics:budget", pk)],
        "van-ban": [("logistics.view_plan", "Văn bản của hội nghị", "logistics:papers", pk),
                    ("orgs.view_register", "Sổ văn bản đi", "web:register_list")],
    }
    out = {}
    for tab, rows in spec.items():
        links = []
        for perm, label, name, *args in rows:
            query = f"?event={pk}" if name == "logistics:task_list" else ""
            if link := _link(user, perm, label, name, *args, query=query):
                links.append(link)
        out[tab] = links
    return out


@requires("events.view_events")
def hub_pick(request):
    """The hub of the event chosen in the picker (`?event=`), else of the next or latest event."""
    scope = scope_for(request.user)
    tab = request.GET.get("tab", "")
    value = request.GET.get("event", "")
    events = queries.events(scope)
    event = events.filter(pk=int(value)).first() if value.isdigit() else None
    if event is None:
        today = clock.today()
        event = events.filter(date__gte=today).order_by("date", "id").first() or events.first()
    if event is None:
        return render(request, "events/hub.html", {"event": None, "events": [], "tabs": TABS, "tab": "tong-quan"})
    url = reverse("events:hub", args=[event.pk])
    return redirect(f"{url}?tab={tab}" if tab in TAB_KEYS else url)


@requires("events.view_events")
def hub(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("authority", "organiser"), pk=pk)
    scope = scope_for(request.user)
    if scope.unit_id and not queries.events(scope).filter(pk=event.pk).exists():
        scope.check_unit(event.organiser_id)  # a unit officer: only events their unit takes part in
    tab = request.GET.get("tab", "tong-quan")
    figures = summary(event, scope, request.user)
    if tab not in figures["allowed"]:
        tab = "tong-quan"
    return render(request, "events/hub.html", {
        "event": event, "events": list(queries.events(scope).values("pk", "title", "date")[:200]),
        "tabs": [(k, label) for k, label in TABS if k in figures["allowed"]], "tab": tab, "f": figures,
        "links": _tab_links(request.user, event), "unit_bound": bool(scope.unit_id),
    })
