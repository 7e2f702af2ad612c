import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fees import services
from fees.models import (
    Allocation,
    Charge,
    CollectionAttempt,
    FeeRate,
    FeeType,
    Payment,
    ReversalRequest,
)
from frontdesk import roles
from owners.models import Estate, Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee, staff

MODELS = [
    "feetype",
    "feerate",
    "charge",
    "payment",
    "allocation",
    "reversalrequest",
    "collectionattempt",
]
# What the supervisor role is expected to get in the admin (see the report: ROLE_PERMISSIONS).
SUPERVISOR_PERMISSIONS = [f"view_{m}" for m in MODELS] + [
    "add_feetype",
    "change_feetype",
    "add_feerate",
    "change_feerate",
]


def changelist(model_name: str) -> str:
    return reverse(f"admin:fees_{model_name}_changelist")


def admin_url(obj, view: str = "change") -> str:
    return reverse(f"admin:fees_{obj._meta.model_name}_{view}", args=[obj.pk])


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def fees_supervisor(estate):
    user = staff(
        estates=[estate], roles=[roles.CS_SUPERVISOR], username="fees-supervisor", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="fees", codename__in=SUPERVISOR_PERMISSIONS
        )
    )
    return user


def cashier_of(estate: Estate):
    username = f"cashier-{estate.code}"
    existing = get_user_model().objects.filter(username=username).first()
    return existing or staff(estates=[estate], roles=[roles.CASHIER], username=username)


def make(model_name: str, estate: Estate, n: int = 0):
    """One row of ``model_name`` in ``estate`` with the related rows its list shows."""
    if model_name == "feetype":
        return FeeType.objects.create(estate=estate, kind="service", name=f"服务费{n}")
    if model_name == "feerate":
        rent, _created = FeeType.objects.get_or_create(
            estate=estate, name="仓库租金", defaults={"kind": "warehouse_rent"}
        )
        return FeeRate.objects.create(
            fee_type=rent,
            rate="3.00",
            effective_from=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
        )
    fee_type = property_fee(estate)
    unit = UnitFactory(
        building=BuildingFactory(estate=estate), area=Decimal("100.00"), status="occupied"
    )
    cashier = cashier_of(estate)
    if model_name == "collectionattempt":
        return CollectionAttempt.objects.create(
            unit=unit, channel="door", outcome="refused", recorded_by=cashier
        )
    charge = services.charge_create(
        actor=cashier, estate_id=estate.pk, fee_type=fee_type, amount="250.00", unit=unit
    )
    if model_name == "charge":
        return charge
    payment = services.payment_take(actor=cashier, unit=unit, amount="100", method="cash")
    if model_name == "payment":
        return payment
    if model_name == "allocation":
        return payment.allocations.get()
    return services.reversal_request(actor=cashier, payment=payment, reason="录错金额")


@pytest.mark.parametrize("model_name", MODELS)
def test_it_shows_a_supervisor_only_their_estates_rows(
    client, estate, other_estate, fees_supervisor, model_name
):
    mine, theirs = make(model_name, estate), make(model_name, other_estate)
    client.force_login(fees_supervisor)

    response = client.get(changelist(model_name))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert other_estate.name not in response.content.decode()
    assert client.get(admin_url(mine)).status_code == 200
    hidden = client.get(admin_url(theirs))  # the admin's "does not exist" redirect
    assert hidden.status_code == 302 and hidden["Location"] == reverse("admin:index")


@pytest.mark.parametrize("model_name", MODELS)
def test_it_lists_with_the_same_number_of_queries_for_1_and_30_rows(
    client, estate, fees_supervisor, model_name, django_assert_max_num_queries
):
    client.force_login(fees_supervisor)
    make(model_name, estate)
    client.get(changelist(model_name))  # warm caches such as content types
    with CaptureQueriesContext(connection) as one_row:
        client.get(changelist(model_name))

    for n in range(1, 30):
        make(model_name, estate, n)

    with django_assert_max_num_queries(len(one_row)):
        response = client.get(changelist(model_name))
    assert len(response.context["cl"].result_list) == 30


def test_it_finds_charges_by_unit_code(client, estate, fees_supervisor):
    charge, _other = make("charge", estate), make("charge", estate, 1)
    client.force_login(fees_supervisor)

    response = client.get(changelist("charge"), {"q": charge.unit.code})

    assert list(response.context["cl"].result_list) == [charge]


def test_it_filters_charges_by_billed_month(client, estate, fees_supervisor):
    fee_type = property_fee(estate)
    UnitFactory(building=BuildingFactory(estate=estate), status=Unit.Status.OCCUPIED)
    month = timezone.localdate().replace(day=1)
    services.billing_run(estate_id=estate.pk, period=month)
    make("charge", estate)  # a one-off charge without a period
    client.force_login(fees_supervisor)

    response = client.get(changelist("charge"), {"period": month.isoformat()})

    assert [c.fee_type for c in response.context["cl"].result_list] == [fee_type]
    assert month.strftime("%Y-%m") in response.content.decode()


@pytest.mark.parametrize("user_kind", ["supervisor", "superuser"])
def test_it_never_adds_changes_or_deletes_a_payment(
    client, estate, fees_supervisor, django_user_model, user_kind
):
    payment = make("payment", estate)
    if user_kind == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    else:
        user = fees_supervisor
    client.force_login(user)

    assert client.get(reverse("admin:fees_payment_add")).status_code == 403
    page = client.get(admin_url(payment))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(admin_url(payment), {"amount": "1.00"}).status_code == 403
    assert client.post(admin_url(payment, "delete"), {"post": "yes"}).status_code == 403
    assert "delete_selected" not in client.get(changelist("payment")).content.decode()
    payment.refresh_from_db()
    assert payment.amount == Decimal("100.00")
    assert Payment.objects.count() == 1 and Allocation.objects.count() == 1


def test_it_shows_a_payments_allocations_read_only(client, estate, fees_supervisor):
    payment = make("payment", estate)
    client.force_login(fees_supervisor)

    html = client.get(admin_url(payment)).content.decode()

    assert "Allocations" in html and "100.00" in html
    assert 'name="allocations-0-amount"' not in html


@pytest.mark.parametrize("model_name", ["charge", "reversalrequest", "collectionattempt"])
def test_it_keeps_money_rows_read_only_with_their_history(
    client, estate, fees_supervisor, model_name
):
    obj = make(model_name, estate)
    client.force_login(fees_supervisor)
    model = type(obj)

    add = reverse(f"admin:fees_{model_name}_add")
    assert client.get(add).status_code == 403
    assert client.post(admin_url(obj), {}).status_code == 403
    assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert client.get(admin_url(obj, "history")).status_code == 200
    assert model.objects.filter(pk=obj.pk).exists()


def test_it_refuses_reverting_a_charge_through_its_history_page(client, estate, fees_supervisor):
    charge = make("charge", estate)
    version = charge.history.earliest()
    url = reverse("admin:fees_charge_simple_history", args=[charge.pk, version.history_id])
    client.force_login(fees_supervisor)

    assert client.get(url).status_code == 200
    # A complete, valid form: simple-history alone would save it with view permission only.
    form = {
        "estate": estate.pk,
        "unit": charge.unit_id,
        "fee_type": charge.fee_type_id,
        "description": charge.description,
        "base_amount": "250.00",
        "ratio": "1",
        "amount": "1.00",
        "paid_amount": "0.00",
        "waived_amount": "0.00",
        "due_date": "2026-01-01",
        "status": "paid",
        "created_at_0": "2026-01-01",
        "created_at_1": "10:00:00",
    }
    response = client.post(url, form)

    assert response.status_code == 403
    charge.refresh_from_db()
    assert (charge.amount, charge.paid_amount, charge.status) == (
        Decimal("250.00"),
        Decimal("0.00"),
        Charge.Status.OPEN,
    )


def fee_type_form(estate, **rate) -> dict:
    data = {
        "estate": estate.pk,
        "kind": "property",
        "name": "物业管理费",
        "basis": "area_month",
        "due_days": "30",
        "active": "on",
        "rates-TOTAL_FORMS": "1",
        "rates-INITIAL_FORMS": "0",
        "rates-MIN_NUM_FORMS": "0",
        "rates-MAX_NUM_FORMS": "1000",
        "rates-0-unit_use": "",
        "rates-0-rate": "2.50",
        "rates-0-effective_from": "2026-01-01",
    }
    data.update({f"rates-0-{key}": value for key, value in rate.items()})
    return data


def test_it_adds_a_fee_type_with_its_rate(client, estate, fees_supervisor):
    client.force_login(fees_supervisor)

    response = client.post(reverse("admin:fees_feetype_add"), fee_type_form(estate))

    assert response.status_code == 302
    rate = FeeRate.objects.get()
    assert (rate.fee_type.name, rate.rate, rate.effective_from) == (
        "物业管理费",
        Decimal("2.5000"),
        datetime.date(2026, 1, 1),
    )
    assert rate.history.get().history_user == fees_supervisor


def test_it_refuses_a_rate_without_an_effective_date(client, estate, fees_supervisor):
    client.force_login(fees_supervisor)

    response = client.post(
        reverse("admin:fees_feetype_add"), fee_type_form(estate, effective_from="")
    )

    assert response.status_code == 200
    assert "Give the date this rate applies from" in response.content.decode()
    assert not FeeType.objects.exists() and not FeeRate.objects.exists()


def test_it_refuses_a_fee_type_for_another_estate(client, estate, other_estate, fees_supervisor):
    client.force_login(fees_supervisor)

    response = client.post(reverse("admin:fees_feetype_add"), fee_type_form(other_estate))

    assert response.status_code == 200
    assert not FeeType.objects.exists()


def test_it_keeps_a_rate_in_force_and_lets_a_later_one_be_corrected(
    client, estate, fees_supervisor
):
    in_force = make("feerate", estate)
    later = FeeRate.objects.create(
        fee_type=in_force.fee_type,
        rate="3.20",
        effective_from=timezone.localdate() + datetime.timedelta(days=30),
    )
    client.force_login(fees_supervisor)
    form = {"fee_type": in_force.fee_type_id, "unit_use": "", "rate": "3.30"}

    response = client.post(
        admin_url(in_force), {**form, "effective_from": in_force.effective_from.isoformat()}
    )
    assert response.status_code == 403
    response = client.post(
        admin_url(later), {**form, "effective_from": later.effective_from.isoformat()}
    )
    assert response.status_code == 302

    in_force.refresh_from_db()
    later.refresh_from_db()
    assert (in_force.rate, later.rate) == (Decimal("3.0000"), Decimal("3.3000"))


def test_it_shows_existing_rates_read_only_on_the_fee_type(client, estate, fees_supervisor):
    fee_type = property_fee(estate)
    client.force_login(fees_supervisor)

    html = client.get(admin_url(fee_type)).content.decode()

    assert "2.5000" in html
    assert 'name="rates-0-rate"' not in html and 'name="rates-1-rate"' in html


def test_it_filters_reversal_requests_by_status(client, estate, fees_supervisor):
    pending = make("reversalrequest", estate)
    client.force_login(fees_supervisor)

    response = client.get(changelist("reversalrequest"), {"status__exact": "pending"})
    assert list(response.context["cl"].result_list) == [pending]
    response = client.get(changelist("reversalrequest"), {"status__exact": "approved"})
    assert list(response.context["cl"].result_list) == []
    assert ReversalRequest.objects.count() == 1
