"""A move-in from opening to completion through the services (the path the desk takes)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkin import services
from checkin.models import Agreement, MoveInCase
from checkin.selectors.movein import case_progress
from checkin.services import Readings
from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Department
from owners.models import Authorization, Document, IdType, Unit
from tests.checkin.helpers import HANDED, png
from tests.factories import property_fee, resident_id, staff

pytestmark = pytest.mark.django_db


def test_agent_move_in_end_to_end(
    receptionist, supervisor, cashier, unit, owner, estate, acceptance_form
):
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.UNOCCUPIED)
    unit.refresh_from_db()
    property_fee(estate)
    Agreement.objects.create(estate=estate, title="管理规约")
    engineering, _ = Department.objects.get_or_create(estate=estate, kind="engineering")
    head = staff(
        estates=[estate], roles=[roles.DEPARTMENT_HEAD], username="head", department=engineering
    )
    case = services.movein_open(actor=receptionist, unit=unit, owner=owner, handler="agent")
    for kind in (
        Document.Kind.ID_COPY,
        Document.Kind.OCCUPANCY_NOTICE,
        Document.Kind.AGENT_ID_COPY,
    ):
        services.document_receive(actor=receptionist, case=case, kind=kind, original_sighted=True)
    services.agent_register(
        actor=receptionist,
        case=case,
        agent=Authorization(name="王芳", id_type=IdType.RESIDENT_ID, id_number=resident_id(7)),
        scan=png("poa.png"),
    )
    progress = case_progress(case)
    assert [line.state for line in progress.documents.values()].count("missing") == 1
    services.document_waive(
        actor=supervisor, case=case, kind=Document.Kind.SALES_CONTRACT, reason="开发商未发"
    )
    owner.emergency_contact = "张三"
    services.registration_save(actor=receptionist, case=case, owner=owner)
    services.agreements_sign(actor=receptionist, case=case, agreements=Agreement.objects.all())
    services.handover_record(
        actor=receptionist,
        case=case,
        lines=HANDED,
    )
    charges = services.fee_charge(actor=receptionist, case=case)
    assert len(charges) == 3
    from fees.services import payment_take

    payment_take(actor=cashier, unit=unit, amount=sum(c.amount for c in charges), method="cash")
    items = [
        services.Checked("客厅", "墙面", defect=False),
        services.Checked("厨房", "下水", defect=True, note="堵塞"),
        services.Checked("卫生间", "防水", defect=True, note="渗水", photo=png()),
    ]
    services.acceptance_record(
        actor=receptionist,
        case=case,
        inspector="李工",
        present="王芳",
        items=items,
        readings=Readings(Decimal("1"), Decimal("2"), Decimal("3")),
    )
    progress = case_progress(case)
    assert len(progress.defects) == 2
    from workorders import services as wo

    for defect in progress.defects:
        order = defect.order
        order = wo.order_sign(actor=head, order=order)
        order = wo.order_start(actor=head, order=order)
        order = wo.order_complete(actor=head, order=order, work_done="修好")
        wo.order_verify(actor=head, order=order)
    services.reinspection_book(
        actor=receptionist,
        case=case,
        at=timezone.now() - datetime.timedelta(minutes=10),  # the owner is there now
        accompanied_by="李工",
    )
    # The owner signs each repair off, one by one; nothing passes by default.
    services.reinspection_result(
        actor=receptionist,
        case=case,
        signed_by="王芳",
        passed=[defect.order.pk for defect in progress.defects],
    )
    case.refresh_from_db()
    progress = case_progress(case)
    assert [str(said) for said in progress.missing()] == [
        "⑦ Signed household registration form",
        "⑦ Signed agreements",
    ]
    with pytest.raises(DeskError) as refused:
        services.movein_complete(actor=receptionist, case=case)
    assert refused.value.code == "incomplete"
    assert "Signed household registration form" in refused.value.message
    # The signed form and agreements go into the unit's archive (one scanned, one sighted).
    services.document_receive(
        actor=receptionist, case=case, kind=Document.Kind.REGISTRATION_BOOK, scan=png("reg.png")
    )
    services.document_receive(
        actor=receptionist, case=case, kind=Document.Kind.AGREEMENT, original_sighted=True
    )
    progress = case_progress(case)
    assert progress.complete, progress.missing()
    services.movein_complete(actor=receptionist, case=case)
    unit.refresh_from_db()
    assert unit.status == Unit.Status.OCCUPIED
    assert MoveInCase.objects.get().status == "completed"
