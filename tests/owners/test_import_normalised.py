"""The admin import reads unit codes and buildings as the search box does, and a re-import of
the same file writes nothing (no history rows)."""

import pytest
import tablib
from import_export.formats.base_formats import CSV

from owners.models import Unit
from owners.resources import UnitResource
from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db

UNITS = """
estate,building,entrance,floor,room,code,area,use,status,moved_in_on,notes
A,1栋,1,5,501,1-1-1栋1单元501,88.50,residential,occupied,,
A,1,1,6,601 ,1号楼1单元601室,90.00,residential,occupied,,
"""


def _load(text: str) -> tablib.Dataset:
    return CSV(encoding="utf-8").create_dataset(text.strip() + "\n")


def test_it_stores_canonical_codes_and_reimports_without_history(supervisor, estate):
    BuildingFactory(estate=estate, number="1")
    result = UnitResource(user=supervisor).import_data(_load(UNITS))
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Unit.objects.values_list("code", flat=True)) == ["1-1-501", "1-1-601"]
    history = Unit.history.count()
    again = UnitResource(user=supervisor).import_data(_load(UNITS))
    assert not again.has_errors() and not again.has_validation_errors()
    assert Unit.history.count() == history
