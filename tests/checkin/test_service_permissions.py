"""Every write service of check-in checks the actor itself: staff of another estate are
refused with "other_estate", a role without the right with "forbidden", and nothing is
written (no row, no history row, in check-in or in the apps it writes through)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.utils import timezone

from checkin import services
from checkin.models import Custody, Inspection, KeyLog, MoveInCase
from frontdesk import roles
from frontdesk.errors import DeskError
from owners.models import Authorization, Owner, Unit
from tests.factories import OwnerFactory, OwnershipFactory, UnitFactory, staff
from tests.factories.checkin import (
    AgreementFactory,
    CustodyFactory,
    InspectionFactory,
    KeyLogFactory,
    MoveInCaseFactory,
)

from .helpers import HANDED, READINGS, WALL, checked, low

# Each takes the actor and the rows of the estate, and returns the service's call.
SERVICES = [
    # (the call, a role of the estate without the right to it)
    pytest.param(
        lambda actor, w: services.movein_open(
            actor=actor, unit=w.vacant, owner=w.vacant_owner, handler="owner"
        ),
        "technician",
        id="movein_open",
    ),
    pytest.param(
        lambda actor, w: services.movein_cancel(actor=actor, case=w.case, reason="业主改期"),
        "cashier",
        id="movein_cancel",
    ),
    pytest.param(
        lambda actor, w: services.document_receive(
            actor=actor, case=w.case, kind="id_copy", original_sighted=True
        ),
        "director",
        id="document_receive",
    ),
    pytest.param(
        lambda actor, w: services.agent_register(
            actor=actor, case=w.case, agent=Authorization(name="王芳"), original_sighted=True
        ),
        "technician",
        id="agent_register",
    ),
    pytest.param(
        lambda actor, w: services.document_waive(
            actor=actor, case=w.case, kind="sales_contract", reason="开发商未发"
        ),
        "receptionist",
        id="document_waive",
    ),
    pytest.param(
        lambda actor, w: services.registration_save(actor=actor, case=w.case, owner=w.owner),
        "guard",
        id="registration_save",
    ),
    pytest.param(
        lambda actor, w: services.agreements_sign(
            actor=actor, case=w.case, agreements=[w.agreement]
        ),
        "cashier",
        id="agreements_sign",
    ),
    pytest.param(
        lambda actor, w: services.handover_record(actor=actor, case=w.case, lines=HANDED),
        "technician",
        id="handover_record",
    ),
    pytest.param(
        lambda actor, w: services.fee_charge(actor=actor, case=w.case, months=0),
        "cashier",
        id="fee_charge",
    ),
    pytest.param(
        lambda actor, w: services.acceptance_record(
            actor=actor,
            case=w.case,
            inspector="李工",
            present="张伟",
            items=[WALL],
            readings=READINGS,
        ),
        "technician",
        id="acceptance_record",
    ),
    pytest.param(
        lambda actor, w: services.reinspection_book(
            actor=actor, case=w.case, at=timezone.now(), accompanied_by="李工"
        ),
        "director",
        id="reinspection_book",
    ),
    pytest.param(
        lambda actor, w: services.reinspection_result(actor=actor, case=w.case, signed_by="张伟"),
        "technician",
        id="reinspection_result",
    ),
    pytest.param(
        lambda actor, w: services.movein_complete(actor=actor, case=w.case),
        "cashier",
        id="movein_complete",
    ),
    pytest.param(
        lambda actor, w: services.custody_start(
            actor=actor, unit=w.vacant, owner=w.vacant_owner, readings=low()
        ),
        "technician",
        id="custody_start",
    ),
    pytest.param(
        lambda actor, w: services.custody_end(actor=actor, custody=w.custody, readings=low()),
        "guard",
        id="custody_end",
    ),
    pytest.param(
        lambda actor, w: services.key_take(
            actor=actor, custody=w.custody, taken_by="刘师傅", reason="通风"
        ),
        "technician",
        id="key_take",
    ),
    pytest.param(
        lambda actor, w: services.key_return(actor=actor, key_log=w.key_log),
        "director",
        id="key_return",
    ),
    pytest.param(
        lambda actor, w: services.heavy_rain_warning(actor=actor, estate=w.estate),
        "receptionist",
        id="heavy_rain_warning",
    ),
    pytest.param(
        lambda actor, w: services.inspection_record(
            actor=actor, inspection=w.inspection, findings=checked()
        ),
        "cashier",
        id="inspection_record",
    ),
    pytest.param(
        lambda actor, w: services.inspection_open_order(actor=actor, inspection=w.problem),
        "guard",
        id="inspection_open_order",
    ),
    pytest.param(
        lambda actor, w: services.meter_reading_record(
            actor=actor, unit=w.vacant, meter="water", value=Decimal("1.5")
        ),
        "technician",
        id="meter_reading_record",
    ),
]


@pytest.fixture
def rows(estate, unit, owner):
    """What the services work on: an open move-in of ``unit``, a house in custody with keys
    out and an inspection due, a problem found, and a vacant unit with its owner."""
    custody = CustodyFactory(unit=UnitFactory(building=unit.building))
    vacant = UnitFactory(building=unit.building, status=Unit.Status.UNOCCUPIED)
    return SimpleNamespace(
        estate=estate,
        owner=owner,
        case=MoveInCaseFactory(unit=unit, owner=owner),
        agreement=AgreementFactory(estate=estate),
        custody=custody,
        key_log=KeyLogFactory(custody=custody),
        inspection=InspectionFactory(custody=custody),
        problem=InspectionFactory(custody=custody, status="done", leaks=True, problem=True),
        vacant=vacant,
        vacant_owner=OwnershipFactory(unit=vacant, owner=OwnerFactory(estate=estate)).owner,
    )


@pytest.fixture
def foreign_supervisor(other_estate):
    """A CS supervisor (who may do all of it) of another estate."""
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-supervisor")


def _state() -> tuple:
    """Every row of the apps the services write to (history rows too, so an update shows),
    and the rows they change in place."""
    counts = {
        model._meta.label: model._default_manager.count()
        for label in ("checkin", "owners", "fees", "workorders")
        for model in apps.get_app_config(label).get_models()
    }
    return (
        counts,
        list(MoveInCase.objects.order_by("pk").values()),
        list(Custody.objects.order_by("pk").values()),
        list(KeyLog.objects.order_by("pk").values()),
        list(Inspection.objects.order_by("pk").values()),
        list(Unit.objects.order_by("pk").values()),
        list(Owner.objects.order_by("pk").values()),
    )


def _refused(code: str, call) -> None:
    before = _state()
    with pytest.raises(DeskError) as refused:
        call()
    assert refused.value.code == code
    assert _state() == before


@pytest.mark.parametrize(("service", "_role"), SERVICES)
def test_it_refuses_staff_of_another_estate(rows, foreign_supervisor, service, _role):
    _refused("other_estate", lambda: service(foreign_supervisor, rows))


@pytest.mark.parametrize(("service", "role"), SERVICES)
def test_it_refuses_a_role_without_the_right(request, rows, service, role):
    actor = request.getfixturevalue(role)
    _refused("forbidden", lambda: service(actor, rows))


def test_it_lets_a_supervisor_of_the_estate_take_a_step(rows, supervisor):
    """The rows above are a real case: the supervisor's step goes through (so a refusal
    above is the check, not bad input)."""
    services.handover_record(actor=supervisor, case=rows.case, lines=HANDED)
    services.key_return(actor=supervisor, key_log=rows.key_log)
    assert MoveInCase.objects.get(pk=rows.case.pk).handed_over_at is not None
    assert KeyLog.objects.get(pk=rows.key_log.pk).returned_at is not None
