import pytest

from frontdesk import roles
from frontdesk.errors import FORBIDDEN, OTHER_ESTATE, DeskError
from frontdesk.permissions import check_actor
from tests.factories import staff

pytestmark = pytest.mark.django_db

CASHIERS = (roles.CASHIER, roles.CS_SUPERVISOR)


def test_it_lets_a_role_of_the_estate_through(estate, cashier):
    check_actor(cashier, estate_id=estate.pk, roles=CASHIERS)


def test_it_refuses_another_estates_actor(estate, other_estate):
    cashier_there = staff(estates=[other_estate], roles=[roles.CASHIER])
    with pytest.raises(DeskError) as refused:
        check_actor(cashier_there, estate_id=estate.pk, roles=CASHIERS)
    assert refused.value.code == OTHER_ESTATE


def test_it_refuses_a_role_without_the_right(estate, receptionist):
    with pytest.raises(DeskError) as refused:
        check_actor(receptionist, estate_id=estate.pk, roles=CASHIERS, message="Cashiers only.")
    assert (refused.value.code, refused.value.message) == (FORBIDDEN, "Cashiers only.")


def test_it_checks_the_estate_before_the_role(estate, outsider):
    with pytest.raises(DeskError) as refused:
        check_actor(outsider, estate_id=estate.pk, roles=CASHIERS)
    assert refused.value.code == OTHER_ESTATE


def test_a_superuser_may_do_anything_anywhere(estate, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    check_actor(root, estate_id=estate.pk, roles=CASHIERS)


def test_an_inactive_user_is_refused(estate, cashier):
    cashier.is_active = False
    with pytest.raises(DeskError):
        check_actor(cashier, estate_id=estate.pk, roles=CASHIERS)
