"""`Delegate.checked_in_at` mirrored the valid check-in; check-in now owns presence alone. Its data
is carried into `checkin.CheckIn` first (checkin 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_delegate_seat_once"),
        ("checkin", "0004_checkin_owns_presence"),
    ]

    operations = [migrations.RemoveField(model_name="delegate", name="checked_in_at")]
