"""The Vietnamese collation "vi" on PostgreSQL (ICU); SQLite registers its own on connect."""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [CreateCollation("vi", provider="icu", locale="vi-x-icu")]
