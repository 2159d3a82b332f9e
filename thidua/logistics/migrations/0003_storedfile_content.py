"""A stored file's bytes through Django's storage: the column holding the path relative to MEDIA_ROOT
becomes a FileField with the same stored name (the data stays as it is)."""

from django.db import migrations, models

import thidua.logistics.models


class Migration(migrations.Migration):

    dependencies = [
        ('logistics', '0002_task_mail'),
    ]

    operations = [
        migrations.RenameField(model_name='storedfile', old_name='path', new_name='content'),
        migrations.AlterField(
            model_name='storedfile',
            name='content',
            field=models.FileField(max_length=300, upload_to=thidua.logistics.models.stored_file_name),
        ),
    ]
