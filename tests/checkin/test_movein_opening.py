"""Opening a move-in: for a current owner, one at a time, not in custody, who handles it."""

import pytest

from checkin import services
from checkin.models import MoveInCase
from frontdesk import roles
from owners.models import Owner
from tests.factories import resident_id, staff

from .helpers import open_case, refused, start

pytestmark = pytest.mark.django_db


# --- opening ------------------------------------------------------------------------------


def test_it_opens_a_move_in_for_a_current_owner(receptionist, unit, owner, estate):
    case = open_case(receptionist, unit, owner)
    assert (case.estate_id, case.unit_id, case.owner_id, case.status) == (
        estate.pk,
        unit.pk,
        owner.pk,
        MoveInCase.Status.OPEN,
    )
    assert case.opened_by == receptionist


def test_it_refuses_to_open_for_someone_not_owning_the_unit(receptionist, unit, estate):
    stranger = Owner.objects.create(estate=estate, name="赵六", id_number=resident_id(99))
    error = refused("not_owner", open_case, actor=receptionist, unit=unit, owner=stranger)
    assert error.field == "owner"
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_second_open_case_for_the_unit(receptionist, unit, owner, case):
    refused("already_open", open_case, actor=receptionist, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 1


def test_it_opens_again_once_the_last_case_is_cancelled(receptionist, unit, owner, case):
    services.movein_cancel(actor=receptionist, case=case, reason="业主改期")
    open_case(receptionist, unit, owner)
    assert MoveInCase.objects.open().count() == 1


def test_it_refuses_a_unit_in_custody(receptionist, unit, owner):
    start(receptionist, unit)
    refused("in_custody", open_case, actor=receptionist, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_company_purchase_by_a_person(receptionist, unit, owner):
    error = refused(
        "not_a_company",
        open_case,
        actor=receptionist,
        unit=unit,
        owner=owner,
        handler="company",
        handler_name="刘经理",
    )
    assert error.field == "handler"
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_company_purchase_without_the_handling_person(
    receptionist, unit, company_owner
):
    error = refused(
        "invalid",
        open_case,
        actor=receptionist,
        unit=unit,
        owner=company_owner,
        handler="company",
        handler_name="  ",
    )
    assert error.field == "handler_name"
    assert MoveInCase.objects.count() == 0


def test_it_opens_a_company_purchase_with_its_handling_person(receptionist, unit, company_owner):
    case = open_case(receptionist, unit, company_owner, handler="company", handler_name=" 刘经理 ")
    assert (case.handler, case.handler_name) == ("company", "刘经理")


def test_it_refuses_an_unknown_handler(receptionist, unit, owner):
    error = refused(
        "invalid", open_case, actor=receptionist, unit=unit, owner=owner, handler="friend"
    )
    assert error.field == "handler"
    assert MoveInCase.objects.count() == 0


def test_it_refuses_a_desk_of_another_estate(unit, owner, other_estate):
    desk = staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="other-desk")
    refused("other_estate", open_case, actor=desk, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 0


@pytest.mark.parametrize("user", ["technician", "cashier"])
def test_it_refuses_roles_without_desk_work(request, user, unit, owner):
    actor = request.getfixturevalue(user)
    refused("forbidden", open_case, actor=actor, unit=unit, owner=owner)
    assert MoveInCase.objects.count() == 0
