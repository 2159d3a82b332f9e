"""One delegate per seat of an event (`Delegate.seat` is the seat's one owner since `checkin.0003`).
A seat typed twice on delegates' forms before this is kept for the delegate the seating placed there
(else the first added); the others' seat is cleared and noted in their notes, so nothing is lost."""

from django.db import migrations, models


def one_delegate_per_seat(apps, schema_editor):
    Delegate = apps.get_model("events", "Delegate")
    SeatAssignment = apps.get_model("checkin", "SeatAssignment")
    seated_by_plan = set(SeatAssignment.objects.values_list("delegate_id", flat=True))
    holders: dict[tuple[int, str], list] = {}
    for d in Delegate.objects.exclude(seat="").only("id", "event_id", "seat", "notes").order_by("id").iterator():
        holders.setdefault((d.event_id, d.seat), []).append(d)
    for (_, seat), group in holders.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda d: (d.pk not in seated_by_plan, d.pk))
        for d in group[1:]:
            d.notes = "\n".join(p for p in (d.notes, f"Chỗ ngồi ghi trước đây: {seat} (trùng với đại biểu khác)") if p)
            d.seat = ""
            d.save(update_fields=["seat", "notes"])


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0003_clean_text_fields"),
        ("checkin", "0003_seat_owned_by_delegate"),
    ]

    operations = [
        migrations.RunPython(one_delegate_per_seat, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="delegate",
            constraint=models.UniqueConstraint(condition=models.Q(("seat", ""), _negated=True),
                                               fields=("event", "seat"), name="delegate_seat_once"),
        ),
    ]
