import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from frontdesk import roles
from frontdesk.scoping import get_for_user_or_404, has_role, role_required, scope
from owners.models import Estate, Owner, Ownership, Unit
from tests.factories import (
    BuildingFactory,
    OwnershipFactory,
    UnitFactory,
    UserFactory,
    staff,
)


@pytest.fixture
def two_units(estate, other_estate):
    mine = OwnershipFactory(unit=UnitFactory(building=BuildingFactory(estate=estate)))
    theirs = OwnershipFactory(unit=UnitFactory(building=BuildingFactory(estate=other_estate)))
    return mine, theirs


@pytest.mark.parametrize("model", [Unit, Owner, Ownership, Estate])
def test_it_shows_only_the_users_estates(receptionist, two_units, model):
    mine, _ = two_units
    rows = scope(model.objects.all(), receptionist)
    assert {row.pk for row in rows} == {
        {Unit: mine.unit, Owner: mine.owner, Ownership: mine, Estate: mine.unit.estate}[model].pk
    }


def test_it_shows_everything_to_a_superuser(two_units, db):
    admin = UserFactory(is_superuser=True)
    assert scope(Unit.objects.all(), admin).count() == 2


def test_it_shows_nothing_to_staff_without_estates(two_units, db):
    assert scope(Unit.objects.all(), staff(roles=[roles.RECEPTIONIST])).count() == 0


def test_it_answers_404_for_another_estates_row(receptionist, two_units):
    _, theirs = two_units
    with pytest.raises(Http404):
        get_for_user_or_404(receptionist, Unit.objects.all(), pk=theirs.unit.pk)


def test_it_refuses_a_view_to_a_user_without_the_role(receptionist, supervisor):
    @role_required(roles.CASHIER, roles.CS_SUPERVISOR)
    def take_payment(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = supervisor
    assert take_payment(request).status_code == 200
    request.user = receptionist
    with pytest.raises(PermissionDenied):
        take_payment(request)


def test_it_knows_a_users_roles(receptionist):
    assert has_role(receptionist, roles.RECEPTIONIST)
    assert not has_role(receptionist, roles.CASHIER)
