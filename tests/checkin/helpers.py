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
from checkin.models import AcceptanceItem, Agreement, MoveInCase, Reinspection
from checkin.selectors.movein import case_checklist, case_progress
from checkin.services import Checked, Findings, Handed, Readings
from frontdesk.errors import DeskError
from owners.models import Authorization, Document, IdType
from tests.factories import resident_id
from workorders import services as wo
from workorders.models import WorkOrder

START = datetime.date(2026, 3, 2)  # a Monday

Kind = Document.Kind
BASE = [Kind.ID_COPY, Kind.OCCUPANCY_NOTICE, Kind.SALES_CONTRACT]
KEYS = Handed("钥匙", 3, "入户门×2", kind=requirements.KEYS)
BOOK = Handed("住户手册", 1, kind=requirements.BOOK)
DIAGRAM = Handed("水电图", 1, kind=requirements.DIAGRAM)
HANDED = [KEYS, BOOK, DIAGRAM]
READINGS = Readings(Decimal("1"), Decimal("2"), Decimal("3"))
WALL = Checked("客厅", "墙面", defect=False)
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


def checked(**kwargs) -> Findings:
    """An inspection's findings with every check answered: all right but what ``kwargs`` say."""
    answers = {"doors_windows_ok": True, "leaks": False, "signs_of_entry": False, **kwargs}
    return Findings(**answers)


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


def full_checklist(case, *items) -> list[Checked]:
    """Every item of the estate's acceptance form, ``items`` as given and the others marked
    all right."""
    given = {(checked.room, checked.item): checked for checked in items}
    return [
        given.get((room, item)) or Checked(room, item, defect=False)
        for room, item in case_checklist(case)
    ]


def accept(actor, case, *items, readings=READINGS) -> list[AcceptanceItem]:
    """The acceptance of the whole form, ``items`` standing for its first rows."""
    return services.acceptance_record(
        actor=actor,
        case=case,
        inspector="李工",
        present="张伟",
        items=full_checklist(case, *items),
        readings=readings,
    )


def book(actor, case, at=None) -> Reinspection:
    """Booked for half an hour ago (the owner is there now), unless ``at`` says otherwise: a
    result is recorded only once the booked time has come."""
    return services.reinspection_book(
        actor=actor,
        case=case,
        at=at or timezone.now() - datetime.timedelta(minutes=30),
        accompanied_by="李工",
    )


def signed_off(actor, case, signed_by="张伟", failed=None) -> Reinspection:
    """The booked re-inspection's result: each order re-inspected passed and signed off by
    the owner, but those in ``failed`` (order id → reason)."""
    failed = failed or {}
    booked = case_progress(reloaded(case)).booked_orders
    return services.reinspection_result(
        actor=actor,
        case=case,
        signed_by=signed_by,
        passed=[order.pk for order in booked if order.pk not in failed],
        failed=failed,
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
    services.handover_record(actor=actor, case=case, lines=HANDED)
    services.fee_charge(actor=actor, case=case, months=0)
    accept(actor, case)
    archive_signed(actor, case)


def archive_signed(actor, case) -> None:
    """The signed registration form and agreements into the unit's archive (originals
    sighted): every agreement of the estate signed first."""
    agreements = list(Agreement.objects.filter(estate_id=case.estate_id, active=True))
    if agreements:
        services.agreements_sign(actor=actor, case=case, agreements=agreements)
        receive(actor, case, Kind.AGREEMENT)
    receive(actor, case, Kind.REGISTRATION_BOOK)


def reloaded(case) -> MoveInCase:
    return MoveInCase.objects.get(pk=case.pk)


def progress_of(case):
    """The case's progress as stored (the services lock and save their own copy)."""
    return case_progress(reloaded(case))
