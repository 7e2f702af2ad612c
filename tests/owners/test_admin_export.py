"""Exports of the owners admin: masked numbers unless the user may export full ones, which is
logged; the log itself can be looked at, never changed."""

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from import_export.formats.base_formats import CSV

from frontdesk import roles
from frontdesk.roles_sync import sync_role_permissions
from owners.models import Owner, PersonalDataAccess
from owners.resources import OwnerResource, OwnershipResource, ResidentResource
from tests.factories import (
    OwnerFactory,
    OwnershipFactory,
    ResidentFactory,
    UnitFactory,
    resident_id,
    staff,
)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def role_permissions(db):
    sync_role_permissions()


def may_export(user):
    user.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    return get_user_model().objects.get(pk=user.pk)  # a fresh permission cache


def export(client, model_name: str, resource_class, columns=None) -> tablib.Dataset:
    columns = columns or [f.column_name for f in resource_class().get_export_fields()]
    prefix = resource_class.__name__.lower()
    response = client.post(
        reverse(f"admin:owners_{model_name}_export"),
        {"format": "0", "resource": "0", **{f"{prefix}_{c}": "on" for c in columns}},
    )
    assert response.status_code == 200
    return CSV(encoding="utf-8").create_dataset(response.content.decode("utf-8-sig"))


@pytest.fixture
def owners(estate):
    return [
        OwnerFactory(
            estate=estate, name=f"业主{n}", id_number=resident_id(n), phone=f"1391234567{n}"
        )
        for n in range(3)
    ]


def test_it_exports_masked_numbers_without_the_permission_and_logs_nothing(
    client, supervisor, owners
):
    client.force_login(supervisor)

    exported = export(client, "owner", OwnerResource)

    rows = {row["name"]: row for row in exported.dict}
    for owner in owners:
        assert rows[owner.name]["id_number"] == owner.id_masked
        assert rows[owner.name]["phone"] == owner.phone_masked
    assert not any(o.id_number in exported.csv or o.phone in exported.csv for o in owners)
    assert not PersonalDataAccess.objects.exists()


def test_it_exports_full_numbers_with_the_permission_and_logs_the_count(
    client, estate, supervisor, owners
):
    client.force_login(may_export(supervisor))

    exported = export(client, "owner", OwnerResource)

    assert sorted(row["id_number"] for row in exported.dict) == sorted(o.id_number for o in owners)
    log = PersonalDataAccess.objects.get()
    assert (log.kind, log.user, log.estate, log.count) == ("export", supervisor, estate, 3)
    assert (log.content_type.model_class(), log.object_id) == (Owner, None)


def test_it_logs_a_superusers_export_once_per_estate(
    client, estate, other_estate, owners, django_user_model
):
    OwnerFactory(estate=other_estate, id_number=resident_id(50))
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456")
    client.force_login(admin)

    exported = export(client, "owner", OwnerResource)

    assert len(exported) == 4
    counts = dict(PersonalDataAccess.objects.values_list("estate__code", "count"))
    assert counts == {estate.code: 3, other_estate.code: 1}


def test_it_logs_nothing_for_an_export_without_personal_columns(client, supervisor, owners):
    client.force_login(may_export(supervisor))

    exported = export(client, "owner", OwnerResource, columns=["estate", "name"])

    assert exported.headers == ["estate", "name"]
    assert not PersonalDataAccess.objects.exists()


def test_it_masks_and_logs_ownership_and_resident_exports(estate, supervisor, owners):
    unit = UnitFactory(building__estate=estate, code="3-2-1201")
    OwnershipFactory(unit=unit, owner=owners[0])
    resident = ResidentFactory(unit=unit, id_number=resident_id(70))
    exporter = may_export(staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="x"))

    masked = [
        OwnershipResource(user=supervisor).export(),
        ResidentResource(user=supervisor).export(),
    ]
    full = [OwnershipResource(user=exporter).export(), ResidentResource(user=exporter).export()]

    assert masked[0].dict[0]["owner_id_number"] == owners[0].id_masked
    assert (masked[1].dict[0]["id_number"], masked[1].dict[0]["phone"]) == (
        resident.id_masked,
        resident.phone_masked,
    )
    assert full[0].dict[0]["owner_id_number"] == owners[0].id_number
    assert (full[1].dict[0]["id_number"], full[1].dict[0]["phone"]) == (
        resident.id_number,
        resident.phone,
    )
    logged = PersonalDataAccess.objects.order_by("pk")
    assert [(log.user, log.content_type.model, log.count) for log in logged] == [
        (exporter, "ownership", 1),
        (exporter, "resident", 1),
    ]


# The log: looked at, never changed.


@pytest.fixture
def logged(estate, other_estate, supervisor):
    owner_type = ContentType.objects.get_for_model(Owner)
    mine = PersonalDataAccess.objects.create(
        kind="export", user=supervisor, estate=estate, content_type=owner_type, count=3
    )
    PersonalDataAccess.objects.create(
        kind="export", user=supervisor, estate=other_estate, content_type=owner_type, count=9
    )
    return mine


def test_the_log_admin_lists_the_users_estates_only(client, supervisor, logged):
    client.force_login(supervisor)

    response = client.get(reverse("admin:owners_personaldataaccess_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [logged]


def test_the_log_admin_is_read_only(client, supervisor, logged, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456")
    change = reverse("admin:owners_personaldataaccess_change", args=[logged.pk])
    delete = reverse("admin:owners_personaldataaccess_delete", args=[logged.pk])
    add = reverse("admin:owners_personaldataaccess_add")

    answers = []
    for user in (supervisor, admin):
        client.force_login(user)
        page = client.get(change)
        answers.append(
            (
                page.status_code,
                'name="_save"' in page.content.decode(),
                client.post(change, {"count": "0"}).status_code,
                client.get(add).status_code,
                client.post(delete, {"post": "yes"}).status_code,
            )
        )

    assert answers == [(200, False, 403, 403, 403)] * 2
    logged.refresh_from_db()
    assert logged.count == 3
