"""Every fees page about one row (a unit, a charge, a payment, a reversal request) answers
404 to anyone outside the row's estate, whatever their role: the page says nothing of the
row, not even that it exists behind a role. Inside the estate a role without the work is a
403."""

from decimal import Decimal

import pytest

from fees import services
from fees.models import Allocation, Charge, CollectionAttempt, Payment, ReversalRequest
from frontdesk import roles
from tests.factories import staff
from tests.factories.fees import ChargeFactory, PaymentFactory

pytestmark = pytest.mark.django_db

EVERY_ROLE = [
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.DEPARTMENT_HEAD,
    roles.TECHNICIAN,
    roles.CASHIER,
    roles.DIRECTOR,
    roles.SECURITY_GUARD,
]

# URL (with the row it names) -> method the page takes.
PAGES = [
    ("/fees/units/{unit}/pay/", "get"),
    ("/fees/units/{unit}/pay/", "post"),
    ("/fees/units/{unit}/apply-credit/", "post"),
    ("/fees/units/{unit}/notice.pdf", "get"),
    ("/fees/units/{unit}/collection/add/", "get"),
    ("/fees/units/{unit}/collection/add/", "post"),
    ("/fees/charges/{charge}/waive/", "post"),
    ("/fees/payments/{payment}/", "get"),
    ("/fees/payments/{payment}/receipt.pdf", "get"),
    ("/fees/payments/{payment}/reversal/", "post"),
    ("/fees/reversals/{request}/approve/", "post"),
    ("/fees/reversals/{request}/refuse/", "post"),
]


@pytest.fixture
def rows(estate, cashier):
    """A unit of estate A with an open charge, a payment and its pending reversal request."""
    charge = ChargeFactory(unit__building__estate=estate, amount=Decimal("80.30"))
    payment = PaymentFactory(unit=charge.unit, actor=cashier, amount=Decimal("0.30"))
    request = services.reversal_request(actor=cashier, payment=payment, reason="录错金额")
    return {
        "unit": charge.unit.pk,
        "charge": charge.pk,
        "payment": payment.pk,
        "request": request.pk,
    }


def unchanged(rows) -> tuple:
    return (
        Payment.objects.count(),
        Allocation.objects.count(),
        CollectionAttempt.objects.count(),
        ReversalRequest.objects.get(pk=rows["request"]).status,
        Charge.objects.get(pk=rows["charge"]).status,
    )


@pytest.mark.parametrize(("url", "method"), PAGES)
@pytest.mark.parametrize(
    "their_roles",
    [[roles.RECEPTIONIST], [roles.SECURITY_GUARD], [roles.CASHIER], EVERY_ROLE],
    ids=["receptionist", "guard", "cashier", "every-role"],
)
def test_it_answers_404_to_another_estate_whatever_the_role(
    client, other_estate, rows, url, method, their_roles
):
    before = unchanged(rows)
    client.force_login(staff(estates=[other_estate], roles=their_roles))

    response = getattr(client, method)(url.format(**rows))

    assert response.status_code == 404
    assert unchanged(rows) == before


@pytest.mark.parametrize(("url", "method"), PAGES)
def test_it_answers_403_to_a_role_of_the_estate_without_the_work(client, estate, rows, url, method):
    before = unchanged(rows)
    client.force_login(staff(estates=[estate], roles=[roles.SECURITY_GUARD]))

    response = getattr(client, method)(url.format(**rows))

    assert response.status_code == 403
    assert unchanged(rows) == before


@pytest.mark.parametrize(("url", "method"), PAGES)
def test_it_answers_404_for_a_row_that_does_not_exist(client, rows, url, method):
    client.force_login(staff(roles=EVERY_ROLE, is_superuser=True))
    missing = dict.fromkeys(rows, 999999)

    assert getattr(client, method)(url.format(**missing)).status_code == 404


def test_it_answers_404_to_another_estate_signed_in_before_it_asks_for_the_role(
    client, other_estate, rows
):
    """The order of the checks: signed out is the login page, never a 404 that tells."""
    response = client.get(f"/fees/units/{rows['unit']}/pay/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
