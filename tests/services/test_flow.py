import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from services import services
from services.errors import FormUsed, ServiceError
from services.models import DepartmentHours, ServiceRequest, ServiceStep
from tests.factories.fees import PaymentFactory

from .helpers import accepted, agreed, dispatched, done, oral, png_upload, slot, take, terms

pytestmark = pytest.mark.django_db


def test_it_numbers_requests_gaplessly_per_estate_and_year(receptionist, unit, unblock):
    first = take(receptionist, unit, unblock)
    second = take(receptionist, unit, unblock)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"FW{year}-000001", f"FW{year}-000002")
    assert first.status == ServiceRequest.Status.REQUESTED
    assert list(first.steps.values_list("step", flat=True)) == ["requested"]


def test_it_takes_one_request_per_form(receptionist, unit, unblock):
    key = uuid.uuid4()
    first = take(receptionist, unit, unblock, form_key=key)
    with pytest.raises(FormUsed) as used:
        take(receptionist, unit, unblock, form_key=key)
    assert used.value.record == first
    assert ServiceRequest.objects.count() == 1


def test_it_refuses_another_estates_unit_and_a_wrong_role(outsider, technician, unit, unblock):
    for actor in (outsider, technician):
        with pytest.raises(DeskError):
            take(actor, unit, unblock)
    assert not ServiceRequest.objects.exists()


def test_it_refuses_another_estates_catalogue_item(receptionist, unit, other_estate):
    from frontdesk.models import Department

    from .helpers import item

    foreign = item(other_estate, Department.objects.create(estate=other_estate, kind="engineering"))
    with pytest.raises(ServiceError) as refused:
        take(receptionist, unit, foreign)
    assert refused.value.code == "other_estate"


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (slot(days=-1), "slot_in_past"),
        (slot(hour=7), "outside_hours"),
        (slot(hour=17, hours=2), "outside_hours"),
        ((slot()[1], slot()[0]), "bad_slot"),
    ],
)
def test_it_refuses_a_slot_in_the_past_or_outside_hours(receptionist, unit, unblock, when, code):
    with pytest.raises(ServiceError) as refused:
        take(receptionist, unit, unblock, when=when)
    assert refused.value.code == code
    assert not ServiceRequest.objects.exists()


def test_it_follows_the_departments_own_hours(receptionist, unit, unblock, engineering):
    DepartmentHours.objects.create(
        department=engineering, opens=datetime.time(9), closes=datetime.time(12), weekends=False
    )
    with pytest.raises(ServiceError):
        take(receptionist, unit, unblock, when=slot(hour=13))
    day = timezone.localdate() + datetime.timedelta(days=1)
    while day.weekday() < 5:
        day += datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    with pytest.raises(ServiceError) as refused:
        take(receptionist, unit, unblock, when=(start, start + datetime.timedelta(hours=1)))
    assert refused.value.code == "outside_hours"


def test_it_refuses_a_range_that_ends_below_its_start(receptionist, unit, unblock):
    with pytest.raises(ServiceError) as refused:
        take(receptionist, unit, unblock, low="200", high="100")
    assert refused.value.code == "bad_range"


def test_an_oral_agreement_records_who_when_how_and_tells_the_head(
    receptionist, head, unit, unblock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service = agreed(receptionist, unit, unblock)
    assert service.status == ServiceRequest.Status.AGREED
    assert (service.agreed_by, service.agreed_via) == ("张伟", "phone")
    assert (service.price_low, service.price_high) == (Decimal("80.00"), Decimal("150.00"))
    assert Notification.objects.filter(user=head, title__contains=service.number).exists()


def test_an_oral_agreement_before_the_request_was_taken_is_refused(receptionist, unit, unblock):
    service = take(receptionist, unit, unblock)
    long_ago = timezone.now() - datetime.timedelta(days=400)

    with pytest.raises(ServiceError) as refused:
        services.agreement_record(
            actor=receptionist,
            service=service,
            terms=terms(unblock),
            agreement=services.Agreement(
                kind="oral", agreed_by="张伟", agreed_at=long_ago, via="phone"
            ),
        )

    assert refused.value.code == "before_request"
    service.refresh_from_db()
    assert service.status == ServiceRequest.Status.REQUESTED and service.agreed_at is None


def test_a_written_agreement_needs_the_signed_scan(receptionist, unit, unblock):
    service = take(receptionist, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.agreement_record(
            actor=receptionist,
            service=service,
            terms=terms(unblock),
            agreement=services.Agreement(kind="written"),
        )
    assert refused.value.code == "no_scan"
    not_a_scan = png_upload()
    not_a_scan.file.write(b"junk")
    not_a_scan.file.seek(0)
    not_a_scan.file.truncate(4)
    with pytest.raises(ServiceError):
        services.agreement_record(
            actor=receptionist,
            service=service,
            terms=terms(unblock),
            agreement=services.Agreement(kind="written", scan=not_a_scan),
        )
    service = services.agreement_record(
        actor=receptionist,
        service=service,
        terms=terms(unblock),
        agreement=services.Agreement(kind="written", agreed_by="张伟", scan=png_upload()),
    )
    assert service.agreement == "written" and service.agreement_scan.name.endswith(".png")


def test_it_refuses_an_agreement_without_the_five_terms(receptionist, unit, unblock):
    service = take(receptionist, unit, unblock, effect="", area="")
    with pytest.raises(ServiceError) as refused:
        services.agreement_record(
            actor=receptionist,
            service=service,
            terms=terms(unblock, effect="", area=""),
            agreement=oral(),
        )
    assert refused.value.code == "terms_missing"
    assert "area" in refused.value.message and "effect" in refused.value.message
    service.refresh_from_db()
    assert service.status == ServiceRequest.Status.REQUESTED


def test_it_refuses_to_dispatch_without_the_agreement(receptionist, head, worker, unit, unblock):
    service = take(receptionist, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.service_dispatch(actor=head, service=service, assignee=worker)
    assert refused.value.code == "terms_missing"
    service.refresh_from_db()
    assert service.assignee is None


def test_it_dispatches_only_someone_of_the_department(
    receptionist, supervisor, head, worker, unit, unblock, django_capture_on_commit_callbacks
):
    service = agreed(receptionist, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.service_dispatch(actor=supervisor, service=service, assignee=receptionist)
    assert refused.value.code == "wrong_assignee"
    with pytest.raises(DeskError) as refused:
        services.service_dispatch(actor=receptionist, service=service, assignee=worker)
    assert refused.value.code == "forbidden"
    with django_capture_on_commit_callbacks(execute=True):
        service = services.service_dispatch(actor=head, service=service, assignee=worker)
    assert service.status == "dispatched" and service.assignee == worker
    assert Notification.objects.filter(user=worker).exists()


def test_a_rejection_goes_back_to_the_worker_and_acceptance_follows(
    receptionist, head, worker, unit, unblock
):
    service = done(receptionist, head, worker, unit, unblock)
    with pytest.raises(ServiceError):
        services.service_reject(actor=receptionist, service=service, reason="")
    service = services.service_reject(actor=receptionist, service=service, reason="仍有异味")
    assert (service.status, service.rejections) == ("dispatched", 1)
    with pytest.raises(ServiceError) as refused:
        services.service_accept(
            actor=receptionist, service=service, how="signed", accepted_by="张伟"
        )
    assert refused.value.code == "wrong_step"
    service = services.service_done(actor=worker, service=service, work_done="再次疏通并除味")
    service = services.service_accept(
        actor=receptionist, service=service, how="phone", accepted_by="张伟"
    )
    assert service.status == "accepted" and service.accepted_at is not None
    steps = list(service.steps.values_list("step", flat=True))
    assert steps[-4:] == ["done", "rejected", "done", "accepted"]
    assert ServiceStep.objects.get(step="rejected").note == "仍有异味"


def test_another_technician_cannot_report_the_work_done(
    receptionist, head, worker, unit, unblock, estate, engineering
):
    from frontdesk import roles
    from tests.factories import staff

    other = staff(estates=[estate], roles=[roles.TECHNICIAN], username="w2", department=engineering)
    service = dispatched(receptionist, head, worker, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.service_done(actor=other, service=service, work_done="x")
    assert refused.value.code == "forbidden"


def test_it_refuses_to_charge_before_acceptance(receptionist, head, worker, unit, unblock, fee):
    service = done(receptionist, head, worker, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.service_charge(actor=receptionist, service=service, amount="120.00")
    assert refused.value.code == "not_accepted"
    service.refresh_from_db()
    assert service.charge is None


def test_it_charges_the_agreed_fee_through_fees_and_it_is_paid_like_any(
    receptionist, cashier, head, worker, unit, unblock, fee
):
    service = accepted(receptionist, head, worker, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.service_charge(actor=receptionist, service=service, amount="150.10")
    assert refused.value.code == "above_agreed"
    service = services.service_charge(actor=receptionist, service=service, amount="120.10")
    charge = service.charge
    assert (service.status, charge.amount, charge.unit) == ("charged", Decimal("120.10"), unit)
    assert charge.fee_type == fee
    with pytest.raises(ServiceError) as twice:
        services.service_charge(actor=receptionist, service=service, amount="120.10")
    assert twice.value.code == "wrong_step"
    PaymentFactory(unit=unit, actor=cashier, amount=Decimal("120.10"), charge_ids=[charge.pk])
    service.refresh_from_db()
    assert service.paid


def test_above_the_range_only_with_the_owners_agreement(
    receptionist, head, worker, unit, unblock, fee
):
    service = accepted(receptionist, head, worker, unit, unblock)
    service = services.service_charge(
        actor=receptionist, service=service, amount="180.00", owner_agreed=True
    )
    assert service.final_amount == Decimal("180.00") and service.owner_agreed_amount


def test_a_quote_needs_the_owners_agreement_to_its_amount(
    receptionist, head, worker, unit, unblock, fee
):
    service = accepted(receptionist, head, worker, unit, unblock, cost_kind="quote")
    with pytest.raises(ServiceError) as refused:
        services.service_charge(actor=receptionist, service=service, amount="300")
    assert refused.value.code == "owner_not_agreed"
    service = services.service_charge(
        actor=receptionist, service=service, amount="300", owner_agreed=True
    )
    assert service.charge.amount == Decimal("300.00")


def test_a_fixed_price_is_charged_as_agreed(receptionist, head, worker, unit, unblock, fee):
    service = accepted(receptionist, head, worker, unit, unblock, cost_kind="fixed", high="99.90")
    service = services.service_charge(actor=receptionist, service=service)
    assert service.charge.amount == Decimal("99.90")


def test_a_free_service_closes_on_acceptance(receptionist, head, worker, unit, estate, engineering):
    from .helpers import item

    watering = item(estate, engineering, name="代浇花草", low="0", high="0")
    service = accepted(receptionist, head, worker, unit, watering, cost_kind="fixed")
    assert service.status == "closed" and service.charge is None


def test_without_a_service_fee_type_nothing_is_charged(receptionist, head, worker, unit, unblock):
    service = accepted(receptionist, head, worker, unit, unblock)
    with pytest.raises(ServiceError) as refused:
        services.service_charge(actor=receptionist, service=service, amount="100")
    assert refused.value.code == "no_fee_type"
    service.refresh_from_db()
    assert service.status == "accepted"


def test_it_cancels_before_the_work_is_done_only(receptionist, head, worker, unit, unblock):
    service = agreed(receptionist, unit, unblock)
    service = services.service_cancel(actor=receptionist, service=service, reason="业主改期")
    assert service.status == "cancelled"
    finished = done(receptionist, head, worker, unit, unblock)
    with pytest.raises(ServiceError):
        services.service_cancel(actor=receptionist, service=finished, reason="x")


def test_a_passed_slot_cannot_be_dispatched(receptionist, head, worker, unit, unblock):
    service = agreed(receptionist, unit, unblock)
    ServiceRequest.objects.filter(pk=service.pk).update(
        slot_start=timezone.now() - datetime.timedelta(hours=3),
        slot_end=timezone.now() - datetime.timedelta(hours=2),
    )
    with pytest.raises(ServiceError) as refused:
        services.service_dispatch(actor=head, service=service, assignee=worker)
    assert refused.value.code == "slot_in_past"
