"""The demo conference of the seed plan: Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 of
UBND huyện Hớn Quản, 10/4/2025 at the district hall, 280 delegates in categories a/b/c/d with a mix
of replies and substitutes, invitations ready to print. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from thidua import clock
from thidua.orgs import demo as org_demo
from thidua.orgs.models import Authority, Organisation, OrgKind, Person

from . import services
from .models import Delegate, Event

SLUG = "tong-ket-2024"
TITLE = ("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động thi đua và ký kết giao ước thi đua "
         "năm 2025")
PROVINCE = [  # (name, gender, position, unit)
    ("Trần Văn Thành", "M", "Phó Giám đốc", "Sở Nội vụ tỉnh Bình Phước"),
    ("Nguyễn Thị Hoài", "F", "Trưởng phòng Công chức, viên chức", "Sở Nội vụ tỉnh Bình Phước"),
    ("Lê Quang Vinh", "M", "Trưởng ban", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Phạm Thị Ngọc Diệp", "F", "Phó Trưởng ban", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Điểu Văn Lực", "M", "Trưởng phòng Nghiệp vụ", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Võ Thị Thu Trang", "F", "Chuyên viên", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Hồ Minh Quân", "M", "Chuyên viên", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Đặng Thị Yến Nhi", "F", "Chuyên viên", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Bùi Văn Kiên", "M", "Chuyên viên", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
    ("Lý Thị Mỹ Hạnh", "F", "Chuyên viên", "Ban Thi đua - Khen thưởng tỉnh Bình Phước"),
]
SUBSTITUTE_POSITIONS = ["Phó Trưởng phòng", "Phó Chủ tịch UBND", "Phó Hiệu trưởng", "Chuyên viên",
                        "Phó Chánh Văn phòng", "Phó Giám đốc"]


def _deputy(position: str) -> str:
    """The invitee's deputy: "Giám đốc" → "Phó Giám đốc", "Chủ tịch UBND" → "Phó Chủ tịch UBND"; a deputy or a
    position without a deputy sends a specialist (a drawn deputy title of another body would be wrong)."""
    position = (position or "").strip()
    if not position or position.startswith(("Phó ", "Chuyên viên", "Cán bộ", "Viên chức", "Giáo viên")):
        return "Chuyên viên"
    return f"Phó {position}"


def _substitute(rng: random.Random, taken: set[str], position: str) -> tuple[str, str]:
    """A name nobody else in the demo hall has, and the deputy of the invitee's position."""
    while True:
        name = " ".join(org_demo.person_name(rng)[:3])
        if name not in taken:
            taken.add(name)
            rng.choice(SUBSTITUTE_POSITIONS)  # drawn as before, so that the rest of the demo stays as it was
            return name, _deputy(position)


def load(log=print) -> Event | None:
    try:
        authority = Authority.objects.get(code="hon-quan")
    except Authority.DoesNotExist:
        log("Chưa có dữ liệu mẫu tổ chức (hon-quan); bỏ qua hội nghị mẫu.")
        return None
    existing = Event.objects.filter(authority=authority, slug=SLUG).first()
    if existing is not None:
        log(f"Hội nghị mẫu “{SLUG}” đã có; giữ nguyên.")
        return existing
    organiser = Organisation.objects.filter(authority=authority, code="phong-noi-vu").first()
    event = services.create_event(None, authority, {
        "slug": SLUG, "title": TITLE, "kind": "tong_ket", "status": "inviting", "organiser": organiser,
        "closes_year": 2024, "launches_year": 2025, "date": dt.date(2025, 4, 10), "tentative_month": 4,
        "tentative_year": 2025, "start_time": dt.time(7, 30), "end_time": dt.time(11, 0),
        "venue": "Hội trường UBND huyện Hớn Quản", "capacity": 300,
        "chair": "Đồng chí Chủ tịch UBND huyện, Chủ tịch Hội đồng Thi đua - Khen thưởng huyện",
        "invitation_code": "45/GM-UBND", "invitation_date": dt.date(2025, 4, 1),
        "contact": "Bà Lê Thị Hồng, Phòng Nội vụ, điện thoại 0271 3 640 123",
        "parking_car": "sân trước Hội trường UBND huyện", "parking_motorbike": "nhà xe phía sau Hội trường",
        "reply_by": dt.date(2025, 4, 7),
        "purpose": "Tổng kết phong trào thi đua, công tác khen thưởng năm 2024; biểu dương, khen thưởng các tập thể, "
                   "cá nhân điển hình tiên tiến; phát động thi đua và ký kết giao ước thi đua năm 2025.",
        "contents": "- Tổng kết phong trào thi đua, công tác khen thưởng năm 2024;\n- Tuyên truyền, nhân rộng các "
                    "điển hình tiên tiến;\n- Phát động phong trào và ký kết giao ước thi đua năm 2025.",
    })
    cats = {c.code: c for c in event.categories.all()}
    rng = random.Random(2025)
    units = list(Organisation.objects.filter(authority=authority).order_by("display_order"))
    people = list(Person.objects.filter(authority=authority, active=True).select_related("organisation")
                  .order_by("organisation__display_order", "id"))
    by_unit: dict[int, list[Person]] = {}
    for p in people:
        by_unit.setdefault(p.organisation_id, []).append(p)
    used: set[int] = set()

    def invite(person: Person, cat: str, note: str = "") -> Delegate:
        used.add(person.pk)
        d = services.add_delegate(None, event, {
            "category": cats[cat], "person": person, "organisation": person.organisation,
            "full_name": person.full_name, "gender": person.gender, "position": person.position,
            "phone": person.phone, "vehicle": "car" if cat in "ab" and rng.random() < 0.5 else "motorbike",
            "notes": note})
        return d

    # a) province: ten named guests, outside the district's registry
    for name, gender, position, unit in PROVINCE:
        services.add_delegate(None, event, {"category": cats["a"], "full_name": name, "gender": gender,
                                            "position": position, "unit_text": unit, "vehicle": "car"})
    # d) first the recipients of the 2024 cycle's award decisions (when the awards demo ran before
    #    this one), so that they sit in (d) and not in (b)/(c); the rest of the quota is filled below
    recipients = services.add_award_recipients(None, event, cats["d"])
    used |= set(Delegate.objects.filter(event=event, person__isnull=False).values_list("person_id", flat=True))
    # b) district: the head and the emulation officer of each non-commune unit, placeholders for the rest
    district_units = [u for u in units if u.kind != OrgKind.COMMUNE]
    b_count = 0
    for u in district_units:
        for p in by_unit.get(u.pk, [])[:2]:
            if b_count < 100 and p.pk not in used:
                invite(p, "b")
                b_count += 1
    for u in district_units:
        if b_count >= 120:
            break
        services.add_delegate(None, event, {"category": cats["b"], "organisation": u, "position": "Lãnh đạo đơn vị"})
        b_count += 1
    # c) communes: Party secretary, chairman, emulation officer; placeholders up to 50
    communes = [u for u in units if u.kind == OrgKind.COMMUNE]
    c_count = 0
    for u in communes:
        staff = by_unit.get(u.pk, [])
        ordered = [staff[0], staff[1], staff[-1], *staff[2:-1]] if len(staff) >= 3 else staff
        for p in [p for p in ordered if p.pk not in used][:3]:  # award recipients already sit in (d)
            invite(p, "c")
            c_count += 1
    for u in communes:
        if c_count >= 50:
            break
        services.add_delegate(None, event, {"category": cats["c"], "organisation": u, "position": "Đảng ủy"})
        c_count += 1
    # d) the rest of the quota of 100: representatives of the typical individuals and collectives,
    #    about 70 and 30 as the plan has it
    in_d = list(Delegate.objects.filter(event=event, category=cats["d"]).only("full_name", "organisation_id"))
    d_units = {d.organisation_id for d in in_d if not d.full_name}
    room = max(0, cats["d"].quota - len(in_d))
    want_collectives = min(room, max(0, 30 - len(d_units)))
    others = [p for p in people if p.pk not in used]
    rng.shuffle(others)
    for p in others[:room - want_collectives]:
        invite(p, "d", note=rng.choice(["Chiến sĩ thi đua cơ sở", "Giấy khen Chủ tịch UBND huyện",
                                        "Bằng khen Chủ tịch UBND tỉnh"]))
    room = max(0, cats["d"].quota - Delegate.objects.filter(event=event, category=cats["d"]).count())
    free_units = [u for u in units if u.pk not in d_units]
    for u in rng.sample(free_units, min(room, len(free_units))):
        services.add_delegate(None, event, {"category": cats["d"], "organisation": u,
                                            "notes": rng.choice(["Tập thể lao động xuất sắc",
                                                                 "Tập thể lao động tiên tiến"])})
    # a mix of replies
    delegates = list(Delegate.objects.filter(event=event).select_related("event").order_by("id"))
    taken = {d.full_name for d in delegates}
    counts = {"accepted": 0, "declined": 0, "substitute": 0, "pending": 0}
    for d in delegates:
        r = rng.random()
        if r < 0.55:
            services.record_reply(None, d, "accepted", rng.choice(["phone", "letter", "phone"]))
        elif r < 0.63:
            services.record_reply(None, d, "declined", "phone", note="Bận công tác")
        elif r < 0.70 and not d.is_placeholder:
            name, position = _substitute(rng, taken, d.position)
            services.record_reply(None, d, "substitute", "letter", name, position)
        elif r < 0.75:
            with clock.as_of(event.reply_by):  # answered in time: the link closes after the event's day
                services.reply_by_link(d, "accepted")
        d.refresh_from_db()
        counts[d.reply_status] += 1
    log(f"Đã tạo hội nghị mẫu “{SLUG}” ({event.when_text}): {len(delegates)} đại biểu, trong đó "
        f"{recipients.counts['added']} người nhận khen thưởng (thành phần d); tham dự {counts['accepted']}, "
        f"cử người thay {counts['substitute']}, vắng {counts['declined']}, chưa trả lời {counts['pending']}.")
    return event
