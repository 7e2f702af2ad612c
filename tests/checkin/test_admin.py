import pytest
from django.urls import reverse

from checkin import services
from frontdesk import roles
from frontdesk.roles_sync import sync_role_permissions
from tests.factories import staff

from .helpers import START, checked, png

pytestmark = pytest.mark.django_db

MODELS = [
    "custodysettings",
    "custody",
    "inspection",
    "meterreading",
    "keylog",
    "moveincase",
    "agreement",
    "handoveritem",
    "checklisttemplate",
]


@pytest.fixture
def admin_supervisor(estate):
    sync_role_permissions()
    return staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="adm", is_staff=True)


def test_the_changelists_load(client, admin_supervisor, receptionist, custody):
    services.inspections_sweep(today=START)
    services.key_take(actor=receptionist, custody=custody, taken_by="刘", reason="通风")
    client.force_login(admin_supervisor)
    for model in MODELS:
        response = client.get(reverse(f"admin:checkin_{model}_changelist"))
        assert response.status_code == 200, model
    response = client.get(reverse("admin:checkin_custody_change", args=[custody.pk]))
    assert response.status_code == 200
    assert client.get(reverse("admin:checkin_custodysettings_add")).status_code == 200


def test_other_estates_custody_is_not_found_in_the_admin(client, other_estate, custody):
    sync_role_permissions()
    other = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="o", is_staff=True)
    client.force_login(other)
    response = client.get(reverse("admin:checkin_custody_change", args=[custody.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert b"3-2-1201" not in client.get(reverse("admin:checkin_custody_changelist")).content


def test_a_supervisor_sets_up_the_estate_move_in_in_the_admin(client, admin_supervisor, estate):
    from checkin.models import ChecklistTemplate
    from checkin.selectors.movein import checklist

    client.force_login(admin_supervisor)
    response = client.post(
        reverse("admin:checkin_checklisttemplate_add"),
        {
            "estate": estate.pk,
            "name": "精装房验收",
            "active": "on",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-room": "客厅",
            "items-0-item": "地板",
            "items-0-order": "0",
            "items-1-room": "厨房",
            "items-1-item": "橱柜",
            "items-1-order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ChecklistTemplate.objects.get().items.count() == 2
    assert checklist(estate.pk) == [("客厅", "地板"), ("厨房", "橱柜")]
    response = client.post(
        reverse("admin:checkin_agreement_add"),
        {"estate": estate.pk, "title": "管理规约", "order": "0", "active": "on"},
    )
    assert response.status_code == 302


def test_a_move_in_case_is_looked_at_not_changed_in_the_admin(
    client, admin_supervisor, receptionist, unit, owner
):
    from checkin.services import movein_open

    case = movein_open(actor=receptionist, unit=unit, owner=owner, handler="owner")
    client.force_login(admin_supervisor)
    response = client.get(reverse("admin:checkin_moveincase_change", args=[case.pk]))
    assert response.status_code == 200
    assert (
        client.post(reverse("admin:checkin_moveincase_change", args=[case.pk]), {}).status_code
        == 403
    )


def test_an_inspections_photos_link_to_the_checked_view_not_to_storage(
    client, admin_supervisor, guard, custody
):
    services.inspections_sweep(today=START)
    inspection = services.inspection_record(
        actor=guard, inspection=custody.inspections.get(), findings=checked(), photos=[png()]
    )
    photo = inspection.photos.get()
    client.force_login(admin_supervisor)
    html = client.get(reverse("admin:checkin_inspection_change", args=[inspection.pk]))
    html = html.content.decode()
    link = reverse("checkin:inspection-photo", args=[photo.pk])
    assert link in html
    assert f'href="{photo.file.url}"' not in html  # no link around the checks
    assert client.get(link).status_code == 200  # the supervisor may open it
