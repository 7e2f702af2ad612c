"""The supervisors' admin (rules editable, revisits read-only with history, scoped to their
estates), the database's own guards, and the demo data."""

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from frontdesk import roles
from revisits import demo, services
from revisits.models import Revisit
from tests.factories import staff

from .helpers import completed_order

pytestmark = pytest.mark.django_db

ADMIN_PERMISSIONS = (
    "view_revisit",
    "view_attempt",
    "view_revisitrule",
    "add_revisitrule",
    "change_revisitrule",
)


@pytest.fixture
def admin_supervisor(supervisor):
    supervisor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="revisits", codename__in=ADMIN_PERMISSIONS
        )
    )
    return supervisor


def test_the_admin_lists_the_supervisors_estates_revisits_with_history(
    client, admin_supervisor, estate, other_estate
):
    mine = services.revisit_for_order(order_id=completed_order(estate).pk)
    theirs = services.revisit_for_order(order_id=completed_order(other_estate).pk)
    client.force_login(admin_supervisor)
    response = client.get(reverse("admin:revisits_revisit_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert client.get(reverse("admin:revisits_revisit_change", args=[mine.pk])).status_code == 200
    foreign = client.get(reverse("admin:revisits_revisit_change", args=[theirs.pk]))
    assert foreign.status_code == 302
    history = client.get(reverse("admin:revisits_revisit_history", args=[mine.pk]))
    assert history.status_code == 200
    assert client.get(reverse("admin:revisits_revisitrule_add")).status_code == 200


def test_the_database_keeps_one_revisit_per_order(estate):
    revisit = services.revisit_for_order(order_id=completed_order(estate).pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revisit.objects.create(
            estate=estate,
            work_order=revisit.work_order,
            counted_from=revisit.counted_from,
            due_at=revisit.due_at,
        )


def test_the_database_refuses_a_score_out_of_range(estate):
    revisit = services.revisit_for_order(order_id=completed_order(estate).pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revisit.objects.filter(pk=revisit.pk).update(score_overall=6)


def test_the_demo_records_visits_through_the_services(estate, receptionist):
    staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="demo-sup")
    for _n in range(3):
        completed_order(estate)
    lines = []
    demo.seed([estate], report=lines.append)
    assert Revisit.objects.filter(estate=estate, status="done").count() == 2
    assert Revisit.objects.filter(rectification_order__isnull=False).count() == 1
    demo.seed([estate], report=lines.append)
    assert any("already seeded" in line for line in lines)
