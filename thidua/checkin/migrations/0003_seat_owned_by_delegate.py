"""A delegate's seat has one owner, `events.Delegate.seat`: the seat each assignment held is copied
there first (they mirrored each other; where they differ the assignment wins, as the seating wrote it
last), then the assignment's own column goes. `events.0004` makes the seat one delegate's per event."""

from django.db import migrations


def copy_to_delegate(apps, schema_editor):
    SeatAssignment = apps.get_model("checkin", "SeatAssignment")
    Delegate = apps.get_model("events", "Delegate")
    for delegate_id, seat in SeatAssignment.objects.values_list("delegate_id", "seat").iterator():
        Delegate.objects.filter(pk=delegate_id).exclude(seat=seat).update(seat=seat)


def copy_back(apps, schema_editor):
    SeatAssignment = apps.get_model("checkin", "SeatAssignment")
    for assignment in SeatAssignment.objects.select_related("delegate").iterator():
        assignment.seat = assignment.delegate.seat or f"?{assignment.delegate_id}"
        assignment.save(update_fields=["seat"])


class Migration(migrations.Migration):

    dependencies = [
        ("checkin", "0002_clean_text_fields"),
        ("events", "0003_clean_text_fields"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="seatassignment", name="seat_taken_once"),
        migrations.RemoveConstraint(model_name="seatassignment", name="seat_label_present"),
        migrations.RunPython(copy_to_delegate, copy_back),
        migrations.RemoveField(model_name="seatassignment", name="seat"),
    ]
