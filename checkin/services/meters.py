"""Meter readings, shared by custody (on entry and at the end) and a move-in's acceptance
(the base readings): a meter never goes backwards."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from owners.models import Unit

from .. import permissions
from ..errors import CheckinError
from ..models import MeterReading


@dataclass(frozen=True)
class Readings:
    water: Decimal
    electricity: Decimal
    gas: Decimal | None = None

    def items(self) -> Iterable[tuple[str, Decimal]]:
        yield MeterReading.Meter.WATER, self.water
        yield MeterReading.Meter.ELECTRICITY, self.electricity
        if self.gas is not None:
            yield MeterReading.Meter.GAS, self.gas


def meter_reading_record(
    *,
    actor,
    unit: Unit,
    meter: str,
    value: Decimal,
    context: str = MeterReading.Context.OTHER,
    subject: Any = None,
    read_at: datetime.datetime | None = None,
) -> MeterReading:
    """Record one reading; refused (``goes_backwards``) when lower than the reading before it
    or higher than one taken later, for the same unit and meter."""
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.METER_ROLES)
    with transaction.atomic():
        # Lock the unit: two desks reading the same meter at once are checked one by one.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        read_at = read_at or timezone.now()
        if meter not in MeterReading.Meter.values:
            raise CheckinError(_("Unknown meter."), code="invalid", field="meter")
        if value is None or value < 0:
            raise CheckinError(_("A reading cannot be negative."), code="invalid", field=meter)
        same = MeterReading.objects.filter(unit_id=unit.pk, meter=meter)
        before = same.filter(read_at__lte=read_at).order_by("-read_at", "-id").first()
        after = same.filter(read_at__gt=read_at).order_by("read_at", "id").first()
        if (before and value < before.value) or (after and value > after.value):
            previous = before if before and value < before.value else after
            assert previous is not None
            raise CheckinError(
                _(
                    "The %(meter)s reading %(value)s is lower than the reading %(previous)s "
                    "of %(day)s: a meter does not go backwards."
                )
                % {
                    "meter": MeterReading.Meter(meter).label,
                    "value": value,
                    "previous": previous.value,
                    "day": timezone.localtime(previous.read_at).date(),
                },
                code="goes_backwards",
                field=meter,
            )
        reading = MeterReading(
            unit_id=unit.pk,
            meter=meter,
            value=value,
            read_at=read_at,
            read_by=actor,
            context=context,
        )
        if subject is not None:
            reading.subject_type = ContentType.objects.get_for_model(subject)
            reading.subject_id = subject.pk
        stamp(reading, actor)
        reading.save()
        return reading


def readings_record(*, actor, unit, readings: Readings, context, subject, read_at) -> None:
    """The meters read together (at custody's start or end, at a move-in's acceptance)."""
    for meter, value in readings.items():
        meter_reading_record(
            actor=actor,
            unit=unit,
            meter=meter,
            value=value,
            context=context,
            subject=subject,
            read_at=read_at,
        )
