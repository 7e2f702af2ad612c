import datetime
import logging
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from fees import services, tasks
from fees.models import Charge, FeeType
from fees.services import billing_job_start
from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.jobs import job_run
from frontdesk.models import Job
from owners.models import Unit
from tests.factories import BuildingFactory, EstateFactory, UnitFactory, property_fee, staff

MAY = datetime.date(2026, 5, 1)
BILL = reverse("admin:fees_feetype_bill_month")
CHANGELIST = reverse("admin:fees_feetype_changelist")


def units(estate, n=2, status=Unit.Status.OCCUPIED):
    building = BuildingFactory(estate=estate)
    return [UnitFactory(building=building, area=Decimal("100.00"), status=status) for _ in range(n)]


def admin_user(estate, role, **extra):
    """Staff with the admin and view permission on fee types, as the role would have it."""
    user = staff(estates=[estate], roles=[role], is_staff=True, **extra)
    user.user_permissions.add(Permission.objects.get(codename="view_feetype"))
    return user


@pytest.fixture
def fee(estate):
    return property_fee(estate, rate="2.50")


@pytest.fixture
def billing_supervisor(estate):
    return admin_user(estate, roles.CS_SUPERVISOR, username="billing-supervisor")


def test_it_bills_a_month_in_a_background_job_with_progress(
    client, estate, fee, billing_supervisor
):
    units(estate, 3)
    units(estate, 1, status=Unit.Status.UNSOLD)
    client.force_login(billing_supervisor)

    response = client.post(BILL, {"estate": estate.pk, "month": "2026-05"})

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    assert (job.kind, job.estate, job.requested_by, job.status) == (
        "fees.billing",
        estate,
        billing_supervisor,
        "queued",
    )
    assert job.params == {"estate_id": estate.pk, "period": "2026-05-01"}
    assert not Charge.objects.exists()

    assert job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert job.message == "Created 3, already billed 0, without a rate 0."
    charge = Charge.objects.filter(period=MAY).first()
    assert Charge.objects.filter(period=MAY).count() == 3
    assert charge.history.get().history_user == billing_supervisor
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "Created 3, already billed 0, without a rate 0." in page


def test_it_creates_nothing_when_the_month_is_billed_again(client, estate, fee, billing_supervisor):
    units(estate, 2)
    client.force_login(billing_supervisor)
    client.post(BILL, {"estate": estate.pk, "month": "2026-05"})
    job_run(job_id=Job.objects.get().pk)

    client.post(BILL, {"estate": estate.pk, "month": "2026-05"})
    again = Job.objects.latest("pk")
    job_run(job_id=again.pk)

    again.refresh_from_db()
    assert again.status == "done"
    assert again.message == "Created 0, already billed 2, without a rate 0."
    assert Charge.objects.count() == 2
    assert not job_run(job_id=again.pk)  # a repeated queue message runs nothing


def test_it_offers_the_current_month_and_the_users_estates(
    client, estate, other_estate, fee, billing_supervisor
):
    property_fee(other_estate)
    client.force_login(billing_supervisor)

    response = client.get(BILL)

    assert response.status_code == 200
    assert response.context["form"]["month"].value() == timezone.localdate().replace(day=1)
    assert f'value="{timezone.localdate():%Y-%m}"' in response.content.decode()
    assert list(response.context["form"].fields["estate"].queryset) == [estate]


def test_it_refuses_another_estate(client, estate, other_estate, fee, billing_supervisor):
    property_fee(other_estate)
    client.force_login(billing_supervisor)

    response = client.post(BILL, {"estate": other_estate.pk, "month": "2026-05"})

    assert response.status_code == 400
    assert not Job.objects.exists()


def test_it_refuses_a_month_before_the_first_rate(client, estate, fee, billing_supervisor):
    client.force_login(billing_supervisor)

    response = client.post(BILL, {"estate": estate.pk, "month": "2019-12"})

    assert response.status_code == 400
    assert "No property fee rate is in force on 2019-12-01." in response.content.decode()
    assert not Job.objects.exists()


def test_it_refuses_a_month_that_is_being_billed(client, estate, fee, billing_supervisor):
    client.force_login(billing_supervisor)
    client.post(BILL, {"estate": estate.pk, "month": "2026-05"})

    response = client.post(BILL, {"estate": estate.pk, "month": "2026-05"})

    assert response.status_code == 400
    assert "2026-05 is already being billed for this estate." in response.content.decode()
    assert Job.objects.count() == 1


def test_it_refuses_a_month_that_is_not_a_month(client, estate, fee, billing_supervisor):
    client.force_login(billing_supervisor)
    assert client.post(BILL, {"estate": estate.pk, "month": "May"}).status_code == 400
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", [roles.RECEPTIONIST, roles.CASHIER, roles.DEPARTMENT_HEAD])
def test_it_lets_only_supervisors_and_directors_bill(client, estate, fee, role):
    user = admin_user(estate, role)
    client.force_login(user)

    assert client.get(BILL).status_code == 403
    assert client.post(BILL, {"estate": estate.pk, "month": "2026-05"}).status_code == 403
    changelist = client.get(CHANGELIST)
    assert "bill_month" not in changelist.content.decode()
    assert BILL not in changelist.content.decode()
    assert not Job.objects.exists()
    with pytest.raises(DeskError) as error:
        billing_job_start(actor=user, estate=estate, period=MAY)
    assert error.value.code == "forbidden"


def test_it_lets_a_director_bill(client, estate, fee):
    client.force_login(admin_user(estate, roles.DIRECTOR))
    assert client.post(BILL, {"estate": estate.pk, "month": "2026-05"}).status_code == 302


def test_it_links_the_changelist_action_to_the_month_form(client, estate, fee, billing_supervisor):
    client.force_login(billing_supervisor)
    changelist = client.get(CHANGELIST).content.decode()
    assert BILL in changelist and "bill_month" in changelist

    response = client.post(
        CHANGELIST, {"action": "bill_month", "_selected_action": [fee.pk], "index": 0}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{BILL}?estate={estate.pk}"
    form = client.get(response["Location"]).context["form"]
    assert form["estate"].value() == estate.pk


def test_it_refuses_the_action_on_a_fee_type_that_is_not_billed_monthly(
    client, estate, fee, billing_supervisor
):
    garbage = FeeType.objects.create(
        estate=estate, kind="decoration_garbage", name="装修垃圾清运费"
    )
    client.force_login(billing_supervisor)

    response = client.post(
        CHANGELIST,
        {"action": "bill_month", "_selected_action": [garbage.pk], "index": 0},
        follow=True,
    )

    assert "Choose the active property management fee type of one estate." in (
        response.content.decode()
    )


# The beat sweep on the 1st


def test_it_bills_every_estate_with_a_property_fee_and_skips_the_others(estate, other_estate):
    third = EstateFactory(code="C")
    property_fee(estate)
    property_fee(other_estate)
    for each in (estate, other_estate, third):
        units(each, 2)

    created = tasks.billing_sweep(period="2026-05-01")

    assert created == {estate.pk: 2, other_estate.pk: 2}
    assert set(Charge.objects.values_list("estate__code", flat=True)) == {"A", "B"}
    assert tasks.billing_sweep(period="2026-05-01") == {estate.pk: 0, other_estate.pk: 0}
    assert Charge.objects.count() == 4


def test_it_bills_the_current_month_by_default(estate):
    property_fee(estate)
    units(estate, 1)
    tasks.billing_sweep()
    assert Charge.objects.get().period == timezone.localdate().replace(day=1)


def test_it_keeps_billing_the_other_estates_when_one_fails(
    estate, other_estate, monkeypatch, caplog
):
    third = EstateFactory(code="C")
    for each in (estate, other_estate, third):
        property_fee(each)
        units(each, 1)
    FeeType.objects.filter(estate=other_estate).first().rates.update(
        effective_from=datetime.date(2030, 1, 1)
    )  # no rate in force: refused
    real_billing_run = services.billing_run

    def billing_run(*, estate_id, **kwargs):
        if estate_id == third.pk:
            raise RuntimeError("disk full")
        return real_billing_run(estate_id=estate_id, **kwargs)

    monkeypatch.setattr(services, "billing_run", billing_run)

    with caplog.at_level(logging.INFO, logger="fees.tasks"):
        created = tasks.billing_sweep(period="2026-05-01")

    assert created == {estate.pk: 1}
    assert list(Charge.objects.values_list("estate", flat=True)) == [estate.pk]
    messages = [r.getMessage() for r in caplog.records]
    assert f"billing 2026-05-01 for estate {other_estate.pk} refused: no_rate" in messages
    assert f"billing 2026-05-01 for estate {third.pk} failed" in messages
