"""Attachment.path (a name relative to MEDIA_ROOT) becomes Attachment.file, a FileField in the default
storage holding the same name: the column is renamed, its values are kept."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0003_proposal_cycle"),
    ]

    operations = [
        migrations.RenameField(model_name="attachment", old_name="path", new_name="file"),
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(blank=True, max_length=300, upload_to="awards/attachments/"),
        ),
    ]
