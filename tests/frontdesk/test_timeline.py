"""The history timeline shows a yes/no field as words, never Python's True and False."""

import pytest
from django.utils import translation

from frontdesk.timeline import timeline
from owners.models import Vehicle
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_yes_no_change_reads_as_words(estate):
    vehicle = Vehicle.objects.create(unit=UnitFactory(estate=estate), plate="粤B12345")
    vehicle.active = False
    vehicle.save()
    with translation.override("en"):
        events = timeline([(vehicle.history.all(), lambda record: record.plate)])
        change = next(c for e in events for c in e.changes if c.field)
        assert (str(change.old), str(change.new)) == ("Yes", "No")
    with translation.override("zh-hans"):
        events = timeline([(vehicle.history.all(), lambda record: record.plate)])
        change = next(c for e in events for c in e.changes if c.field)
        assert "True" not in f"{change.old}{change.new}"
