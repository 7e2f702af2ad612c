"""Plain helpers of the service tests."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from fees.models import FeeType
from services import services
from services.models import ServiceItem, ServiceRequest


def png_upload(name="signed.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def slot(
    days: int = 1, hour: int = 10, hours: int = 1
) -> tuple[datetime.datetime, datetime.datetime]:
    """A local slot ``days`` from today at ``hour`` o'clock."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return start, start + datetime.timedelta(hours=hours)


def service_fee(estate) -> FeeType:
    return FeeType.objects.create(
        estate=estate, kind=FeeType.Kind.SERVICE, name="有偿服务费", basis=FeeType.Basis.FIXED
    )


def item(estate, department, *, name="管道疏通", low="80.00", high="150.00", quote=False, **extra):
    return ServiceItem.objects.create(
        estate=estate,
        department=department,
        name=name,
        price_low=Decimal(low),
        price_high=Decimal(high),
        quote_on_site=quote,
        **extra,
    )


def terms(service_item, *, when=None, cost_kind="range", low=None, high=None, **extra):
    start, end = when or slot()
    values = {
        "item": service_item,
        "item_detail": "厨房下水道堵塞",
        "area": "厨房水槽",
        "slot_start": start,
        "slot_end": end,
        "cost_kind": cost_kind,
        "price_low": low,
        "price_high": high,
        "effect": "排水通畅，无异味，现场清理干净",
    }
    values.update(extra)
    return services.Terms(**values)


def take(actor, unit, service_item, **extra) -> ServiceRequest:
    key = extra.pop("form_key", None)
    return services.service_request_take(
        actor=actor,
        unit=unit,
        terms=terms(service_item, **extra),
        requester_name="张伟",
        requester_phone="13900001111",
        form_key=key,
    )


def oral() -> services.Agreement:
    return services.Agreement(kind="oral", agreed_by="张伟", agreed_at=timezone.now(), via="phone")


def agreed(actor, unit, service_item, **extra) -> ServiceRequest:
    service = take(actor, unit, service_item, **extra)
    return services.agreement_record(
        actor=actor, service=service, terms=terms(service_item, **extra), agreement=oral()
    )


def dispatched(desk, head, worker, unit, service_item, **extra) -> ServiceRequest:
    service = agreed(desk, unit, service_item, **extra)
    return services.service_dispatch(actor=head, service=service, assignee=worker)


def done(desk, head, worker, unit, service_item, **extra) -> ServiceRequest:
    service = dispatched(desk, head, worker, unit, service_item, **extra)
    return services.service_done(actor=worker, service=service, work_done="疏通完毕，试水正常")


def accepted(desk, head, worker, unit, service_item, **extra) -> ServiceRequest:
    service = done(desk, head, worker, unit, service_item, **extra)
    return services.service_accept(actor=desk, service=service, how="signed", accepted_by="张伟")


def world_rows(users, estate) -> dict:
    """The access matrix's service: agreed in writing (its scan on file), dispatched to the
    engineering technician."""
    from frontdesk.models import Department

    engineering = Department.objects.get(estate=estate, kind="engineering")
    service_item = item(estate, engineering, name="家电安装")
    from tests.factories import UnitFactory

    unit = UnitFactory(building__estate=estate)
    service = take(users["R"], unit, service_item)
    services.agreement_record(
        actor=users["R"],
        service=service,
        terms=terms(service_item),
        agreement=services.Agreement(kind="written", agreed_by="张伟", scan=png_upload()),
    )
    service = services.service_dispatch(actor=users["S"], service=service, assignee=users["T"])
    return {"service": service}
