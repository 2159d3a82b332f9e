from django.db import migrations


def forwards(apps, schema_editor):
    from thidua.awards.catalogue import seed

    seed(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
