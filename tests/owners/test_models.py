from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from owners.models import Owner, Unit
from tests.factories import BuildingFactory, OwnerFactory, UnitFactory


def test_it_stores_pinyin_and_initials_for_search(estate):
    owner = OwnerFactory(estate=estate, name="张伟")
    assert (owner.name_pinyin, owner.name_initials) == ("zhangwei", "zw")


def test_it_stores_a_masked_id_beside_the_number(estate):
    owner = OwnerFactory(estate=estate, id_number="11010519491231002x")
    assert owner.id_number == "11010519491231002X"
    assert owner.id_masked == "110105********002X"


def test_it_keeps_full_id_numbers_out_of_history(estate):
    owner = OwnerFactory(estate=estate, id_number="11010519491231002X")
    owner.name = "张伟强"
    owner.save()
    record = owner.history.first()
    assert not hasattr(record, "id_number")
    assert record.id_masked == "110105********002X"
    assert [h.name for h in owner.history.all()] == ["张伟强", "张伟"]


def test_it_refuses_a_unit_code_already_used_in_the_estate(estate):
    unit = UnitFactory(building=BuildingFactory(estate=estate))
    twin = Unit(
        estate=estate,
        building=unit.building,
        entrance="1",
        floor=1,
        room="x",
        code=unit.code,
        area=Decimal("50"),
    )
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "unit code" in str(error.value).lower() or "code" in str(error.value)


def test_it_allows_the_same_unit_code_in_another_estate(estate, other_estate):
    unit = UnitFactory(building=BuildingFactory(estate=estate, number="3"))
    other = UnitFactory(building=BuildingFactory(estate=other_estate, number="3"), room=unit.room)
    assert other.code == unit.code


def test_it_refuses_a_company_without_a_credit_code(estate):
    owner = Owner(
        estate=estate,
        kind=Owner.Kind.COMPANY,
        name="某某物业有限公司",
        id_number="11010519491231002X",
    )
    with pytest.raises(ValidationError) as error:
        owner.full_clean()
    assert "id_type" in error.value.message_dict


def test_it_refuses_a_building_of_another_estate(estate, other_estate):
    building = BuildingFactory(estate=other_estate)
    unit = Unit(
        estate=estate,
        building=building,
        entrance="1",
        floor=1,
        room="101",
        code="x-1-101",
        area=Decimal("50"),
    )
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "building" in error.value.message_dict
