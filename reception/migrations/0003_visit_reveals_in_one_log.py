"""The desk's reveals of visitors' ID numbers move into the one log of personal data let out
(``owners.PersonalDataAccess``)."""

from django.db import migrations


def move_visit_reveals(apps, schema_editor):
    VisitIdReveal = apps.get_model("reception", "VisitIdReveal")
    PersonalDataAccess = apps.get_model("owners", "PersonalDataAccess")
    ContentType = apps.get_model("contenttypes", "ContentType")
    visit_type, _created = ContentType.objects.get_or_create(app_label="reception", model="visit")
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            kind="reveal",
            place="desk",
            user_id=reveal.user_id,
            at=reveal.revealed_at,
            estate_id=reveal.visit.estate_id,
            content_type=visit_type,
            object_id=reveal.visit_id,
            object_repr=f"{reveal.visit.number} {reveal.visit.name}"[:200],
            count=1,
        )
        for reveal in VisitIdReveal.objects.select_related("visit").iterator(chunk_size=2000)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("owners", "0005_personal_data_one_log"),
        ("reception", "0002_visit_identity_and_form_keys"),
    ]

    operations = [
        migrations.RunPython(move_visit_reveals, migrations.RunPython.noop),
        migrations.DeleteModel(name="VisitIdReveal"),
    ]
