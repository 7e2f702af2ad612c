"""The desk's reveals of owners' ID numbers join the admin's log of personal data let out:
``PersonalDataAccess`` gains where it happened, ``IdReveal``'s rows move into it."""

import django.utils.timezone
from django.db import migrations, models


def move_owner_reveals(apps, schema_editor):
    IdReveal = apps.get_model("owners", "IdReveal")
    PersonalDataAccess = apps.get_model("owners", "PersonalDataAccess")
    ContentType = apps.get_model("contenttypes", "ContentType")
    owner_type, _created = ContentType.objects.get_or_create(app_label="owners", model="owner")
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            kind="reveal",
            place="desk",
            user_id=reveal.user_id,
            at=reveal.revealed_at,
            estate_id=reveal.estate_id,
            content_type=owner_type,
            object_id=reveal.owner_id,
            object_repr=reveal.owner.name[:200],
            count=1,
        )
        for reveal in IdReveal.objects.select_related("owner").iterator(chunk_size=2000)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("owners", "0004_personal_data_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="personaldataaccess",
            name="place",
            field=models.CharField(
                choices=[("desk", "At the desk"), ("admin", "In the admin")],
                default="admin",
                max_length=10,
                verbose_name="where",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="personaldataaccess",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="at",
            ),
        ),
        migrations.RunPython(move_owner_reveals, migrations.RunPython.noop),
        migrations.DeleteModel(name="IdReveal"),
    ]
