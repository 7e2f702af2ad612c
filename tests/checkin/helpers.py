"""Plain helpers of the check-in tests: readings, uploads, and the move-in and custody flows
walked through the services (fixtures are in ``conftest``)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from checkin import requirements, services
from checkin.models import AcceptanceItem, MoveInCase, Reinspection
from checkin.selectors.movein import case_progress
from checkin.services import Checked, Handed, Readings
from frontdesk.errors import DeskError
from owners.models import Authorization, Document, IdType
from tests.factories import resident_id
from workorders import services as wo
from workorders.models import WorkOrder

START = datetime.date(2026, 3, 2)  # a Monday

Kind = Document.Kind
BASE = [Kind.ID_COPY, Kind.OCCUPANCY_NOTICE, Kind.SALES_CONTRACT]
KEYS = Handed("钥匙", 3, "入户门×2", keys=True)
READINGS = Readings(Decimal("1"), Decimal("2"), Decimal("3"))
WALL = Checked("客厅", "墙面")
DRAIN = Checked("厨房", "下水", defect=True, note="堵塞")
LEAK = Checked("卫生间", "防水", defect=True, note="渗水")


# --- readings and uploads -----------------------------------------------------------------


def low(water="3.5", electricity="12", gas=None) -> Readings:
    return Readings(
        water=Decimal(water),
        electricity=Decimal(electricity),
        gas=Decimal(gas) if gas is not None else None,
    )


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_pdf(name="photo.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 not an image", content_type="application/pdf")


def refused(code: str, service, *args, **kwargs) -> DeskError:
    """Call ``service`` and return the refusal, which must carry ``code``."""
    with pytest.raises(DeskError) as error:
        service(*args, **kwargs)
    assert error.value.code == code, error.value.message
    return error.value


# --- custody ------------------------------------------------------------------------------


def start(actor, unit, start_date=START, **kwargs):
    return services.custody_start(
        actor=actor,
        unit=unit,
        owner=unit.ownerships.get().owner,
        readings=kwargs.pop("readings", low()),
        start_date=start_date,
        agreement_signed_on=start_date,
        **kwargs,
    )


# --- move-in ------------------------------------------------------------------------------


def open_case(actor, unit, owner, handler="owner", **kwargs) -> MoveInCase:
    return services.movein_open(actor=actor, unit=unit, owner=owner, handler=handler, **kwargs)


def receive(actor, case, *kinds) -> None:
    for kind in kinds:
        services.document_receive(actor=actor, case=case, kind=kind, original_sighted=True)


def an_agent(n=7) -> Authorization:
    return Authorization(name="王芳", id_type=IdType.RESIDENT_ID, id_number=resident_id(n))


def accept(actor, case, *items, readings=READINGS) -> list[AcceptanceItem]:
    return services.acceptance_record(
        actor=actor,
        case=case,
        inspector="李工",
        present="张伟",
        items=list(items) or [WALL],
        readings=readings,
    )


def book(actor, case, at=None) -> Reinspection:
    return services.reinspection_book(
        actor=actor,
        case=case,
        at=at or timezone.now() + datetime.timedelta(days=1),
        accompanied_by="李工",
    )


def orders_of(case) -> list[WorkOrder]:
    ids = case.acceptance_items.filter(work_order_id__isnull=False).values("work_order_id")
    return list(WorkOrder.objects.filter(pk__in=ids).order_by("id"))


def repaired(head, order) -> WorkOrder:
    """Maintenance's side of a defect order: signed for, done and verified."""
    order = wo.order_sign(actor=head, order=order)
    order = wo.order_start(actor=head, order=order)
    order = wo.order_complete(actor=head, order=order, work_done="修好")
    return wo.order_verify(actor=head, order=order)


def finish(actor, case, owner, skip=()) -> None:
    """Every step of an owner's move-in but completion (no fee at move-in, no defect)."""
    receive(
        actor, case, *(k for k in requirements.required_documents(case.handler) if k not in skip)
    )
    services.registration_save(actor=actor, case=case, owner=owner)
    services.handover_record(actor=actor, case=case, lines=[KEYS])
    services.fee_charge(actor=actor, case=case, months=0)
    accept(actor, case)


def reloaded(case) -> MoveInCase:
    return MoveInCase.objects.get(pk=case.pk)


def progress_of(case):
    """The case's progress as stored (the services lock and save their own copy)."""
    return case_progress(reloaded(case))
