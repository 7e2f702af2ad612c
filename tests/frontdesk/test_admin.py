import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk import roles
from frontdesk.models import Department, DocumentSequence, Notification
from tests.factories import DepartmentFactory, EstateFactory, staff


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "x")


def test_it_shows_a_supervisor_only_their_estates_departments(
    client, estate, other_estate, supervisor
):
    mine = DepartmentFactory(estate=estate, name="客服部")
    DepartmentFactory(estate=other_estate, name="外部门")
    client.force_login(supervisor)

    response = client.get(reverse("admin:frontdesk_department_changelist"))

    assert list(response.context["cl"].result_list) == [mine]
    assert "外部门" not in response.content.decode()
    assert other_estate.name not in response.content.decode()


def test_it_lists_departments_with_the_same_number_of_queries_for_1_and_30_rows(
    client, estate, supervisor, django_assert_max_num_queries
):
    url = reverse("admin:frontdesk_department_changelist")
    DepartmentFactory(estate=estate, head=supervisor)
    client.force_login(supervisor)
    client.get(url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)

    kinds = list(Department.Kind)
    for n in range(1, 30):
        other = EstateFactory()
        supervisor.staff_profile.estates.add(other)
        DepartmentFactory(estate=other, kind=kinds[n % len(kinds)], head=supervisor)

    with django_assert_max_num_queries(len(one_row)):
        response = client.get(url)
    assert response.context["cl"].result_count == 30


def test_it_does_not_open_another_estates_department(client, other_estate, supervisor):
    theirs = DepartmentFactory(estate=other_estate, name="外部门")
    client.force_login(supervisor)

    response = client.get(
        reverse("admin:frontdesk_department_change", args=[theirs.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "doesn’t exist" in response.content.decode()
    assert "外部门" not in response.content.decode()


def test_it_refuses_to_move_a_department_to_another_estate(
    client, estate, other_estate, supervisor
):
    department = DepartmentFactory(estate=estate)
    client.force_login(supervisor)

    response = client.post(
        reverse("admin:frontdesk_department_change", args=[department.pk]),
        {"estate": other_estate.pk, "kind": department.kind},
    )

    assert "estate" in response.context["adminform"].form.errors
    department.refresh_from_db()
    assert department.estate == estate


def test_it_offers_only_colleagues_as_department_heads(
    client, estate, supervisor, receptionist, outsider
):
    department = DepartmentFactory(estate=estate)
    client.force_login(supervisor)

    response = client.get(reverse("admin:frontdesk_department_change", args=[department.pk]))

    heads = set(response.context["adminform"].form.fields["head"].queryset)
    assert heads == {supervisor, receptionist}


def test_it_shows_staff_profiles_of_the_users_estates_only(
    client, supervisor, receptionist, outsider
):
    client.force_login(supervisor)

    response = client.get(reverse("admin:frontdesk_staffprofile_changelist"))

    profiles = {profile.user for profile in response.context["cl"].result_list}
    assert profiles == {supervisor, receptionist}


def test_it_keeps_notifications_read_only_and_personal(client, estate, superuser):
    reader = staff(estates=[estate], roles=[roles.RECEPTIONIST], is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_notification"))
    mine = Notification.objects.create(user=reader, title="你的通知")
    theirs = Notification.objects.create(user=superuser, title="别人的通知")

    client.force_login(reader)
    listed = list(
        client.get(reverse("admin:frontdesk_notification_changelist")).context["cl"].result_list
    )
    client.force_login(superuser)
    add = client.get(reverse("admin:frontdesk_notification_add"))
    change = client.post(
        reverse("admin:frontdesk_notification_change", args=[theirs.pk]), {"title": "改"}
    )

    assert listed == [mine]
    assert (add.status_code, change.status_code) == (403, 403)
    theirs.refresh_from_db()
    assert theirs.title == "别人的通知"


def test_it_keeps_document_sequences_read_only_and_scoped(client, estate, other_estate, superuser):
    mine = DocumentSequence.objects.create(estate=estate, kind="receipt", year=2024)
    DocumentSequence.objects.create(estate=other_estate, kind="receipt", year=2024)
    viewer = staff(estates=[estate], roles=[roles.CS_SUPERVISOR], is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_documentsequence"))

    client.force_login(viewer)
    listed = list(
        client.get(reverse("admin:frontdesk_documentsequence_changelist")).context["cl"].result_list
    )
    client.force_login(superuser)
    change = client.post(
        reverse("admin:frontdesk_documentsequence_change", args=[mine.pk]),
        {"estate": estate.pk, "kind": "receipt", "year": 2024, "last_number": 99},
    )

    assert listed == [mine]
    assert change.status_code == 403
    mine.refresh_from_db()
    assert mine.last_number == 0


def test_it_edits_the_staff_profile_on_the_user_page(client, superuser, supervisor):
    client.force_login(superuser)

    response = client.get(reverse("admin:auth_user_change", args=[supervisor.pk]))

    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.model.__name__ == "StaffProfile"
    assert inline.formset.forms[0].instance == supervisor.staff_profile


def test_it_keeps_the_user_admin_from_supervisors(client, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 403
