"""#16 council: a member once per meeting, and the quorum's regulation ("more than" or "at least").

Rows that exist keep the rule they were made under: their `quorum_strict` is False ("at least", the only
rule before); new settings and meetings default to more than half of the members. A member typed twice in a
meeting is merged into the first row (present if either row was), so that meeting counts them once."""

from django.db import migrations, models

from thidua.vn.normalise import match_key


def merge_duplicate_members(apps, schema_editor):
    Member = apps.get_model("awards", "CouncilMember")
    kept: dict[tuple[int, str], object] = {}
    for mem in Member.objects.order_by("meeting_id", "id"):
        key = (mem.meeting_id, match_key(mem.name))
        first = kept.get(key)
        if first is None:
            mem.name_key = key[1]
            mem.save(update_fields=["name_key"])
            kept[key] = mem
            continue
        if mem.present and not first.present:
            first.present = True
            first.save(update_fields=["present"])
        mem.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0005_clean_text_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='awardsettings',
            name='quorum_strict',
            field=models.BooleanField(default=False, help_text='Bật: cần quá tỷ lệ (quá 1/2); tắt: ít nhất tỷ lệ (ít nhất 2/3).', verbose_name='Túc số: quá (không tính bằng) tỷ lệ'),
        ),
        migrations.AddField(
            model_name='councilmeeting',
            name='quorum_strict',
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name='awardsettings',
            name='quorum_strict',
            field=models.BooleanField(default=True, help_text='Bật: cần quá tỷ lệ (quá 1/2); tắt: ít nhất tỷ lệ (ít nhất 2/3).', verbose_name='Túc số: quá (không tính bằng) tỷ lệ'),
        ),
        migrations.AlterField(
            model_name='councilmeeting',
            name='quorum_strict',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='councilmember',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=150),
        ),
        migrations.AlterField(
            model_name='awardsettings',
            name='quorum_den',
            field=models.PositiveSmallIntegerField(default=2, verbose_name='mẫu số'),
        ),
        migrations.AlterField(
            model_name='awardsettings',
            name='quorum_num',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='Số thành viên dự họp tối thiểu: tử số'),
        ),
        migrations.AlterField(
            model_name='councilmeeting',
            name='quorum_den',
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AlterField(
            model_name='councilmeeting',
            name='quorum_num',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.RunPython(merge_duplicate_members, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='councilmember',
            constraint=models.UniqueConstraint(fields=('meeting', 'name_key'), name='councilmember_once'),
        ),
    ]
