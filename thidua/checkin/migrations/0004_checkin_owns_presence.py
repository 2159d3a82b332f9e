"""Presence becomes check-in's fact alone: a delegate marked present (`events.Delegate.checked_in_at`)
without a standing check-in gets one, at the same moment, before `events` drops the mark. Nothing
is lost; the backfilled rows say where they came from (desk "chuyển dữ liệu"). Backwards, the mark
is set again from each standing check-in."""

from django.db import migrations

DESK = "chuyển dữ liệu"


def backfill(apps, schema_editor):
    Delegate = apps.get_model("events", "Delegate")
    CheckIn = apps.get_model("checkin", "CheckIn")
    standing = CheckIn.objects.filter(status="valid").values("delegate_id")
    marked = Delegate.objects.filter(checked_in_at__isnull=False).exclude(pk__in=standing)
    CheckIn.objects.bulk_create(
        [CheckIn(event_id=d.event_id, delegate_id=d.pk, at=d.checked_in_at, desk=DESK, nonce=f"migrated-{d.pk}")
         for d in marked.only("pk", "event_id", "checked_in_at").iterator()], batch_size=500)


def restore(apps, schema_editor):
    """Backwards: the mark again from each standing check-in; the backfilled rows go."""
    Delegate = apps.get_model("events", "Delegate")
    CheckIn = apps.get_model("checkin", "CheckIn")
    for checkin in CheckIn.objects.filter(status="valid").only("delegate_id", "at").iterator():
        Delegate.objects.filter(pk=checkin.delegate_id).update(checked_in_at=checkin.at)
    CheckIn.objects.filter(desk=DESK, nonce__startswith="migrated-").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0003_seat_owned_by_delegate"),
        ("events", "0004_delegate_seat_once"),
    ]

    operations = [migrations.RunPython(backfill, restore)]
