"""The 2025 Hớn Quản hall: the plan, the presidium set by hand, 280 seats assigned by protocol order,
and a simulated morning of check-ins at three desks (7:00–7:45, 10/4/2025). Runs after the events
demo; does nothing when its conference is missing. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from thidua import clock
from thidua.events.models import Delegate, Event, ReplyStatus

from . import hall, queries, services
from .models import CheckIn, HallPlan

SLUG = "tong-ket-2024"
DESKS = ("Bàn 1 (cổng chính)", "Bàn 2 (cổng phụ)", "Bàn 3 (khách mời)")


def load(log=print) -> None:
    event = Event.objects.filter(slug=SLUG, authority__code="hon-quan").first()
    if event is None:
        log("Chưa có hội nghị mẫu; bỏ qua sơ đồ chỗ ngồi và điểm danh mẫu.")
        return
    if HallPlan.objects.filter(event=event).exists():
        log("Sơ đồ hội trường mẫu đã có; giữ nguyên.")
        return
    services.save_plan(None, event, hall.hon_quan_hall())
    people = queries.seated_delegates(event)
    # the presidium: the first province guests and district leaders, set by hand
    presidium = [d for d in people if d.category.code == "a"][:3] + [d for d in people if d.category.code == "b"
                                                                        and not d.is_placeholder][:4]
    for i, d in enumerate(presidium, start=1):
        services.set_seat(None, d, hall.seat_label("CT", "", i))
    result = services.auto_assign(None, event)
    seated = Delegate.objects.filter(event=event).exclude(seat="").count()
    log(f"Sơ đồ “{hall.hon_quan_hall()['name']}”: {seated} đại biểu có chỗ ({len(result.unplaced)} chưa có chỗ).")
    # a morning of check-ins: most who accepted arrive between 7:00 and 7:45
    rng = random.Random(10042025)
    tz = timezone.get_current_timezone()
    opening = dt.datetime.combine(event.date or dt.date(2025, 4, 10), dt.time(7, 0), tzinfo=tz)
    coming = [d for d in people if d.reply_status in (ReplyStatus.ACCEPTED, ReplyStatus.SUBSTITUTE)]
    arrivals = sorted(rng.sample(coming, int(len(coming) * 0.85)), key=lambda d: rng.random())
    times = sorted(opening + dt.timedelta(seconds=int(rng.triangular(0, 45 * 60, 25 * 60))) for _ in arrivals)
    for n, (d, at) in enumerate(zip(arrivals, times, strict=True)):
        with clock.as_of(at):
            services.check_in(None, d, DESKS[n % 3], f"demo-{event.pk}-{d.pk}", event=event)
    # a scan of the same invitation at a second desk, and one mistake undone
    if arrivals:
        with clock.as_of(times[-1] + dt.timedelta(minutes=1)):
            services.check_in(None, arrivals[0], DESKS[1], f"demo-{event.pk}-again", event=event)
            wrong = CheckIn.objects.filter(event=event, delegate=arrivals[-1]).first()
            services.undo_check_in(None, wrong, "Bấm nhầm người cùng tên")
    present = CheckIn.objects.filter(event=event, status="valid").count()
    log(f"Điểm danh mẫu: {present} đại biểu có mặt (3 bàn đón tiếp, 7 giờ 00 – 7 giờ 45).")
