"""Reads for the reception desk, the API, the attendance page and the prints, with bounded query counts."""

from __future__ import annotations

import datetime as dt
import time

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from thidua import clock
from thidua.awards.queries import decided_recipients
from thidua.events.models import Delegate, DelegateCategory, Event, ReplyStatus, present
from thidua.events.queries import delegate_count
from thidua.events.services import recipient_key, recipient_range
from thidua.orgs.models import AuditLog
from thidua.orgs.scope import Scope
from thidua.vn import normalise
from thidua.vn.collate import name_sort_key, split_full_name
from thidua.vn.dates import time_text
from thidua.vn.people import position_at

from . import hall, scanner
from .models import CheckIn, CheckInStatus, HallPlan, Scan


def events(scope: Scope):
    """Events the desk can work on: the authority's, newest first."""
    return Event.objects.all().order_by("-date", "-id")


def hall_plan(event: Event) -> dict | None:
    hp = HallPlan.objects.filter(event=event).first()
    return hp.plan if hp else None


def seat_texts(plan: dict | None) -> dict[str, str]:
    return {s.label: s.text for s in hall.seats(plan)} if plan else {}


_SEAT_CACHE: dict[tuple, tuple[float, dict[str, str]]] = {}
SEAT_CACHE_SECONDS = 15.0


def cached_seat_texts(event: Event) -> dict[str, str]:
    """Seat texts for the check-in answers: re-read at most every 15 s per process (a scan per
    request does not need a plan read each time; a moved seat label shows within seconds)."""
    now = time.monotonic()
    key = (event.pk, event.created_at)
    hit = _SEAT_CACHE.get(key)
    if hit is not None and now - hit[0] < SEAT_CACHE_SECONDS:
        return hit[1]
    texts = seat_texts(hall_plan(event))
    _SEAT_CACHE[key] = (now, texts)
    return texts


def forget_seat_texts() -> None:
    """A saved plan answers at once in this process (others within `SEAT_CACHE_SECONDS`)."""
    _SEAT_CACHE.clear()


def head_labels(plan: dict | None) -> set[str]:
    """The presidium's seats (read from the head blocks only, not from every seat of the hall)."""
    if not plan:
        return set()
    return {hall.seat_label(b["code"], r["label"], n) for b in plan["blocks"] if b["head"] for r in b["rows"]
            for n in range(1, r["seats"] + 1)}


def _base(event: Event):
    return Delegate.objects.filter(event=event).select_related("category", "organisation")


def _local(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def delegate_payload(d: Delegate, seats: dict[str, str], checkin: CheckIn | None = None) -> dict:
    """What a desk shows of a delegate; `checkin` is their standing check-in, if any. Who came in
    their place (`attendee`) is the check-in's when the desk named someone, else the substitute of the
    reply."""
    attendee = (checkin.attendee_name if checkin is not None and checkin.attendee_name else "") or d.attendee_name
    return {
        "id": d.pk,
        "number": d.invitation_number,
        "name": d.display_name,
        "attendee": attendee if attendee != d.display_name else "",
        "position": d.substitute_position if d.reply_status == ReplyStatus.SUBSTITUTE else d.position,
        "unit": d.unit_name,
        "category": d.category.code,
        "category_name": d.category.name,
        "reply": d.reply_status,
        "reply_text": d.get_reply_status_display(),
        "seat": d.seat,
        "seat_text": seats.get(d.seat, d.seat),
        "area": d.area,
        "note": d.notes,
        "revoked": d.revoked,
        "checked_in_at": _local(checkin.at) if checkin else None,
        "checked_in_desk": checkin.desk if checkin else "",
        "fold": normalise.fold(f"{d.display_name} {attendee} {d.unit_name} {d.position}"),
    }


def desk_list(event: Event) -> list[dict]:
    """Every delegate of the event for a desk's offline copy: three queries whatever the size."""
    seats = seat_texts(hall_plan(event))
    checkins = standing(event=event)
    qs = _base(event).order_by("category__protocol_order", "display_order", "id")
    return [delegate_payload(d, seats, checkins.get(d.pk)) for d in qs]


def standing(**where) -> dict[int, CheckIn]:
    """Delegate id → standing check-in, of the check-ins `where` selects (one query)."""
    return {c.delegate_id: c for c in CheckIn.objects.filter(status=CheckInStatus.VALID, **where)}


def search(event: Event, q: str, limit: int = 20) -> list[Delegate]:
    """Accent-insensitive search by name, substitute or unit ("nguyen van ha", "tan khai"), or by the
    invitation number printed under the QR code ("0002", "2")."""
    words = normalise.fold(q).split()
    if not words:
        return []
    qs = _base(event)
    number = scanner.invitation_number(q)
    if number is not None:
        return list(qs.filter(invitation_number=number)[:limit])
    for w in words:
        qs = qs.filter(Q(name_fold__contains=w) | Q(organisation__name_fold__contains=w)
                       | Q(unit_text__icontains=w))
    return list(qs.order_by("category__protocol_order", "display_order", "id")[:limit])


def valid_checkin(delegate: Delegate) -> CheckIn | None:
    return CheckIn.objects.filter(delegate=delegate, status=CheckInStatus.VALID).first()


def recent_scans(event: Event, limit: int = 15):
    """The desk log: the latest scans with the delegate and the check-in they made (who came in their place)."""
    return (Scan.objects.filter(event=event).select_related("delegate", "checkin", "conflict")
            .order_by("-at", "-id")[:limit])


# --- attendance ------------------------------------------------------------------------------

def category_rows(event: Event) -> list[dict]:
    active = Q(delegates__revoked=False)
    rows = DelegateCategory.objects.filter(event=event).annotate(
        invited=delegate_count(active),
        expected=delegate_count(active & Q(delegates__reply_status__in=[ReplyStatus.ACCEPTED, ReplyStatus.SUBSTITUTE])),
        declined=delegate_count(active & Q(delegates__reply_status=ReplyStatus.DECLINED)),
        present=delegate_count(active & present("delegates__")),
    ).order_by("protocol_order", "code")
    return [{"code": c.code, "name": c.name, "quota": c.quota, "invited": c.invited, "expected": c.expected,
             "declined": c.declined, "present": c.present,
             "percent": round(100 * c.present / c.invited) if c.invited else 0} for c in rows]


def _missing(qs) -> list[Delegate]:
    return list(qs.filter(revoked=False).exclude(present()).exclude(reply_status=ReplyStatus.DECLINED)
                .select_related("category", "organisation").order_by("category__protocol_order", "display_order", "id"))


def attendance(event: Event) -> dict:
    """The figures of the attendance page (and its JSON and printable table)."""
    rows = category_rows(event)
    total = {k: sum(r[k] for r in rows) for k in ("quota", "invited", "expected", "declined", "present")}
    total["percent"] = round(100 * total["present"] / total["invited"]) if total["invited"] else 0
    plan = hall_plan(event)
    heads = head_labels(plan)
    first_category = rows[0]["code"] if rows else None
    leaders = _missing(Delegate.objects.filter(event=event).filter(Q(seat__in=heads) | Q(category__code=first_category)))
    recipients = [d for d in award_recipients(event) if not d.present]
    times = list(CheckIn.objects.filter(event=event, status=CheckInStatus.VALID).values_list("at", flat=True))
    tz = timezone.get_current_timezone()
    if event.date and event.start_time:
        opening = dt.datetime.combine(event.date, event.start_time, tzinfo=tz)
        start = opening - dt.timedelta(minutes=60)
    elif times:
        opening = None
        start = timezone.localtime(min(times)).replace(second=0, microsecond=0)
    else:
        opening, start = None, timezone.localtime(clock.now()).replace(second=0, microsecond=0)
    end = start + dt.timedelta(minutes=90)
    if times:  # later arrivals (or a test scan days later) land in the last bucket
        end = max(end, min(timezone.localtime(max(times)) + dt.timedelta(minutes=1), start + dt.timedelta(hours=5)))
    curve = scanner.arrivals(times, start, end, 5)
    seats = _texts_of(plan, {d.seat for d in (*leaders, *recipients) if d.seat})
    return {
        "event": event.pk,
        "generated_at": _local(clock.now()),
        "generated_text": time_text(timezone.localtime(clock.now())),
        "rows": rows,
        "total": total,
        "walk_ins": CheckIn.objects.filter(event=event, status=CheckInStatus.VALID, walk_in=True).count(),
        "substitutes": CheckIn.objects.filter(event=event, status=CheckInStatus.VALID).exclude(attendee_name="").count(),
        "missing_leaders": [_person(d, seats) for d in leaders],
        "missing_recipients": [_person(d, seats) for d in recipients],
        "opening": _local(opening) if opening else None,
        "arrivals": [{"at": timezone.localtime(t).strftime("%H:%M"), "count": c, "cumulative": cum}
                     for t, c, cum in curve],
    }


def attendance_version(event: Event) -> str:
    """What the attendance figures are made of, in two small queries: it changes when a check-in is
    made or undone, on any audited write of the authority (delegates, replies, seats, the hall plan,
    decisions) and when the minute on the clock turns (the figures print the time). A poll that
    brings back the version it saw is answered 304 without reading the figures."""
    c = CheckIn.objects.filter(event=event).aggregate(valid=Count("id", filter=Q(status=CheckInStatus.VALID)),
                                                      last=Max("id"))
    audited = (AuditLog.objects.filter(authority_id=event.authority_id).order_by("-id")
               .values_list("id", flat=True).first())
    minute = timezone.localtime(clock.now()).strftime("%Y%m%d%H%M")
    return f"{event.pk}.{c['valid']}.{c['last'] or 0}.{audited or 0}.{minute}"


def _person(d: Delegate, seats: dict[str, str]) -> dict:
    return {"id": d.pk, "name": d.display_name, "position": d.position, "unit": d.unit_name,
            "title": position_at(d.position, d.unit_name), "category": d.category.code, "seat": d.seat,
            "seat_text": seats.get(d.seat, d.seat), "note": d.notes}


# --- seating and prints ----------------------------------------------------------------------

def seating_qs(event: Event):
    """Who needs a seat (invitation valid, not declined), in protocol order, with `present`."""
    here = CheckIn.objects.filter(delegate=OuterRef("pk"), status=CheckInStatus.VALID)
    return (Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED)
            .annotate(present=Exists(here)).select_related("category", "organisation", "seat_assignment")
            .order_by("category__protocol_order", "display_order", "id"))


def seating(event: Event) -> list[Delegate]:
    return list(seating_qs(event))


def by_given_name(delegates: list[Delegate]) -> list[Delegate]:
    def key(d: Delegate):
        name = d.attendee_name
        if d.is_placeholder:
            return (1, name_sort_key("", "", name), d.pk)
        return (0, name_sort_key(*split_full_name(name)), d.pk)

    return sorted(delegates, key=key)


def parking(event: Event) -> dict[str, list[Delegate]]:
    """Delegates coming by car and by motorbike (not declined, invitation valid), by name."""
    qs = list(Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED)
              .exclude(vehicle="").select_related("category", "organisation"))
    return {"car": by_given_name([d for d in qs if d.vehicle == "car"]),
            "motorbike": by_given_name([d for d in qs if d.vehicle == "motorbike"])}


def _texts_of(plan: dict | None, labels: set[str]) -> dict[str, str]:
    """`seat_texts` of only these labels ("Dãy trái, hàng A, ghế 3")."""
    if not plan or not labels:
        return {}
    out = {}
    for b in plan["blocks"]:
        for r in b["rows"]:
            for n in range(1, r["seats"] + 1):
                label = hall.seat_label(b["code"], r["label"], n)
                if label in labels:
                    out[label] = ", ".join([b["name"], *([f"hàng {r['label']}"] if r["label"] else []), f"ghế {n}"])
    return out


def _recipient_places(event: Event) -> tuple[dict[int, int], dict[int, int]]:
    """The decided recipients' places in the ceremony: (person id → place, unit id → place)."""
    by_person: dict[int, int] = {}
    by_org: dict[int, int] = {}
    for i, r in enumerate(decided_recipients(event.authority_id, None, event.date)):
        if getattr(r, "person", None) is not None:
            by_person.setdefault(r.person.pk, i)
        elif getattr(r, "organisation", None) is not None:
            by_org.setdefault(r.organisation.pk, i)
    return by_person, by_org


def _unit_keys(organisation_id, *names: str) -> list:
    """How a commended collective finds its unnamed seat (as `events` matches them when it adds the
    recipients): the organisation, or the unit's name folded."""
    keys: list = [("o", organisation_id)] if organisation_id else []
    return keys + [("n", normalise.fold(n)) for n in names if normalise.fold(n)]


def award_recipients(event: Event) -> list[Delegate]:
    """The delegates who receive an award at this conference, in the ceremony's order: the recipients
    of the decisions the conference presents (those of the cycle it closes, `events`' recipient range),
    linked to delegates as `events` adds them: the recipient key it wrote, else the person, else the
    name within the unit, and a commended collective its unnamed seat of the unit ("Đại diện …").
    A delegate invited for anything else is not one, whatever their category. Invitation valid and not
    declined; each carries `present`. Two queries (the decisions, the candidate delegates)."""
    date_from, date_to = recipient_range(event)
    recipients = decided_recipients(event.authority_id, date_from, date_to)
    by_key: dict[str, int] = {}
    by_person: dict[int, int] = {}
    by_name: dict[tuple, int] = {}
    by_unit: dict[tuple, int] = {}
    for place, r in enumerate(recipients):  # highest form first: a recipient's first place counts
        org = r.organisation.pk if r.organisation is not None else None
        by_key.setdefault(recipient_key(r), place)
        if r.kind == "individual":
            if r.person is not None:
                by_person.setdefault(r.person.pk, place)
            else:
                by_name.setdefault((org, normalise.fold(r.name)), place)
        else:
            for key in _unit_keys(org, r.organisation.name if r.organisation is not None else "", r.name):
                by_unit.setdefault(key, place)
    if not recipients:
        return []
    named = Q()
    for org, name in by_name:
        named |= Q(person__isnull=True, organisation_id=org, name_fold__startswith=name)
    here = CheckIn.objects.filter(delegate=OuterRef("pk"), status=CheckInStatus.VALID)
    candidates = (Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED)
                  .filter(Q(recipient_key__in=list(by_key)) | Q(person_id__in=list(by_person)) | Q(full_name="")
                          | named)
                  .annotate(present=Exists(here)).select_related("category", "organisation"))
    ranked = []
    for d in candidates:
        place = by_key.get(d.recipient_key) if d.recipient_key else None
        if place is None and d.person_id is not None:
            place = by_person.get(d.person_id)
        if place is None and d.full_name and d.person_id is None:
            place = by_name.get((d.organisation_id, normalise.fold(d.full_name)))
        if place is None and not d.full_name:
            place = next((by_unit[k] for k in _unit_keys(d.organisation_id, d.unit_name, d.represents)
                          if k in by_unit), None)
        if place is not None:
            ranked.append((place, d.category.protocol_order, d.display_order, d.pk, d))
    ranked.sort(key=lambda row: row[:4])
    return [row[-1] for row in ranked]


def award_ranks(event: Event, delegates: list[Delegate]) -> dict[int, int]:
    """Delegate id → place in the award ceremony (0 = first batch): the award's protocol rank from the
    decided recipients when the awards app has them; otherwise the award categories in list order."""
    ranks: dict[int, int] = {}
    by_person, by_org = _recipient_places(event)
    for d in delegates:
        if d.person_id and d.person_id in by_person:
            ranks[d.pk] = by_person[d.person_id]
        elif not d.person_id and d.organisation_id and d.organisation_id in by_org:
            ranks[d.pk] = by_org[d.organisation_id]
    if ranks:
        return ranks
    award_codes = {"d"}
    ordered = [d for d in delegates if d.category.code in award_codes]
    ordered.sort(key=lambda d: (d.category.protocol_order, d.display_order, d.pk))
    return {d.pk: i for i, d in enumerate(ordered)}


def seated_delegates(event: Event) -> list[Delegate]:
    """Who needs a seat: every invitation still valid that was not declined."""
    return list(Delegate.objects.filter(event=event, revoked=False).exclude(reply_status=ReplyStatus.DECLINED)
                .select_related("category").order_by("category__protocol_order", "display_order", "id"))
