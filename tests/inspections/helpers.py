"""Plain helpers of the inspection tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from frontdesk.models import Department
from inspections import services
from inspections.models import Place, Template


def png_upload(name="light.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("x.pdf", b"%PDF-1.4 nothing", content_type="application/pdf")


def departments(estate) -> dict[str, Department]:
    return {
        kind: Department.objects.get_or_create(estate=estate, kind=kind)[0]
        for kind in ("customer_service", "engineering", "security", "cleaning", "greening")
    }


def building_template(estate) -> Template:
    """The seed's daily building inspection over two buildings."""
    places = [
        Place.objects.create(estate=estate, name="1栋", kind="building", position=1),
        Place.objects.create(estate=estate, name="2栋", kind="building", position=2),
    ]
    departments(estate)
    templates = services.templates_seed(estate=estate, places=places)
    return next(t for t in templates if t.kind == "building")


def walk(actor, round_, *, outcome="pass", broken=None):
    """Confirm every place and record every item (``broken``: (place, item, note) nonconforming)."""
    for visit in round_.visits.select_related("place"):
        services.visit_confirm(
            actor=actor, round=round_, place=visit.place, token=visit.place.token
        )
        for item in round_.template.items.all():
            note = ""
            result = outcome
            if broken and broken[0] == visit.place and broken[1] == item:
                result, note = "nonconforming", broken[2]
            services.result_record(
                actor=actor, round=round_, place=visit.place, item=item, outcome=result, note=note
            )


def world_rows(users, estate) -> dict:
    """The access matrix's rows: a round of the receptionist's (estate A) that found a
    nonconformity for engineering (the department head's), with a photo."""
    from django.utils import timezone

    from inspections.models import Nonconformity

    template = building_template(estate)
    round_ = services.round_plan(
        actor=users["S"], template=template, assignee=users["R"], due_on=timezone.localdate()
    )
    place = round_.visits.first().place
    item = template.items.get(department_kind="engineering")
    services.visit_confirm(actor=users["R"], round=round_, place=place, token=place.token)
    result = services.result_record(
        actor=users["R"],
        round=round_,
        place=place,
        item=item,
        outcome="nonconforming",
        note="灯不亮",
        photos=[png_upload()],
    )
    return {
        "inspection_round": round_,
        "inspection_place": place,
        "nonconformity": Nonconformity.objects.get(result=result),
        "round_photo": result.photos.get(),
    }


def sheet_completed(nonconformity, *, username="eng-head"):
    """Engineering's side of a coordination sheet: the department head signs for it, does the
    work and completes it (the order's signal releases the follow-up check)."""
    from frontdesk import roles
    from tests.factories import staff
    from workorders import services as wo

    head = staff(
        estates=[nonconformity.estate],
        roles=[roles.DEPARTMENT_HEAD],
        department=nonconformity.department,
        username=username,
    )
    order = nonconformity.work_order
    order = wo.order_sign(actor=head, order=order)
    order = wo.order_start(actor=head, order=order)
    return wo.order_complete(actor=head, order=order, work_done="已更换灯具")
