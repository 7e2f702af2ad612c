"""The seed's templates (the specification's items), for an estate that has none yet:
``manage.py inspections_seed`` and the demo data run it; the supervisor edits them in the
admin afterwards. Idempotent: a template of the same name is left as it is."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Template, TemplateItem

K = Template.Kind
# kind, name, frequency, [(item, department kind)]
SEED_TEMPLATES = (
    (
        K.BUILDING,
        _("Daily building inspection"),
        "daily",
        [
            (_("Sanitation of halls, stairs and corridors"), "cleaning"),
            (_("Public facilities (lights, doors, lifts, fire equipment)"), "engineering"),
            (_("Bulletin boards and notices up to date"), "customer_service"),
            (_("Security patrol table and record book filled in, no gaps"), "security"),
        ],
    ),
    (
        K.SECURITY,
        _("Security supervision"),
        "weekly",
        [
            (_("Dress and bearing as required"), "security"),
            (_("Every post manned"), "security"),
            (_("Nobody asleep on duty"), "security"),
        ],
    ),
    (
        K.ENGINEERING,
        _("Engineering supervision"),
        "weekly",
        [
            (_("Maintenance done on time"), "engineering"),
            (_("Follow-up of open repairs"), "engineering"),
            (_("Return visits made"), "engineering"),
        ],
    ),
    (
        K.CLEANING,
        _("Cleaning supervision"),
        "weekly",
        [
            (_("Sanitary state"), "cleaning"),
            (_("Cleaning process followed"), "cleaning"),
            (_("Incidents dealt with"), "cleaning"),
        ],
    ),
    (
        K.GREENING,
        _("Greening supervision"),
        "weekly",
        [
            (_("Planting"), "greening"),
            (_("Maintenance of green areas"), "greening"),
        ],
    ),
)


@transaction.atomic
def templates_seed(*, estate, places=()) -> list[Template]:
    """The seed's five templates for ``estate`` (in the print language's words), each covering
    ``places`` when given. No actor: run by a command or the demo data."""
    made = []
    for kind, name, frequency, items in SEED_TEMPLATES:
        template, created = Template.objects.get_or_create(
            estate=estate, name=str(name), defaults={"kind": kind, "frequency": frequency}
        )
        if created:
            TemplateItem.objects.bulk_create(
                TemplateItem(template=template, text=str(text), department_kind=dept, position=i)
                for i, (text, dept) in enumerate(items)
            )
            if places:
                template.places.set(places)
        made.append(template)
    return made
