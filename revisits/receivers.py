"""What this app hears from the sources of revisits: a work order completed, a complaint
resolved, a convenience service accepted. A receiver only creates the revisit; if it is
lost, the sweep does."""

import logging

from django.urls import reverse

logger = logging.getLogger(__name__)


def on_order_completed(sender, *, order_id: int, **kwargs) -> None:
    from .services import revisit_for_order

    try:
        revisit_for_order(order_id=order_id)
    except Exception:  # the order's commit stands; the next sweep creates the revisit
        logger.exception("revisit for work order %s not created; the sweep will", order_id)


def on_complaint_resolved(sender, *, complaint_id: int, **kwargs) -> None:
    from .services import revisit_for_complaint

    try:
        revisit_for_complaint(complaint_id=complaint_id)
    except Exception:  # the complaint's commit stands; the next sweep creates the revisit
        logger.exception("revisit for complaint %s not created; the sweep will", complaint_id)


def on_service_accepted(sender, *, service_id: int, **kwargs) -> None:
    from .services import revisit_for_service

    try:
        revisit_for_service(service_id=service_id)
    except Exception:  # the acceptance's commit stands; the next sweep creates the revisit
        logger.exception("revisit for service %s not created; the sweep will", service_id)


def service_visit_url(service_id: int) -> str | None:
    from .models import Revisit

    revisit = Revisit.objects.filter(service_id=service_id).only("pk").first()
    return revisit.get_absolute_url() if revisit is not None else None


def service_satisfaction(service_ids):
    from services.revisit import Satisfaction

    from .choices import Result, Status
    from .models import Revisit

    done = Revisit.objects.filter(service_id__in=service_ids, status=Status.DONE).exclude(
        result=Result.NOT_REACHED
    )
    results = list(done.values_list("result", flat=True))
    happy = (Result.SATISFIED, Result.BASICALLY_SATISFIED)
    return Satisfaction(visited=len(results), satisfied=sum(r in happy for r in results))


def complaint_visit_url(complaint) -> str:
    return reverse("revisits:for-complaint", args=[complaint.pk])


def connect() -> None:
    """Hook the sources' signals; take the complaints' and services' return visits over."""
    from complaints.revisit import engine_plug
    from complaints.signals import complaint_resolved
    from services import revisit as service_revisit
    from services.signals import service_accepted
    from workorders.signals import order_completed

    order_completed.connect(on_order_completed, dispatch_uid="revisits.order_completed")
    complaint_resolved.connect(on_complaint_resolved, dispatch_uid="revisits.complaint_resolved")
    engine_plug(complaint_visit_url)
    service_accepted.connect(on_service_accepted, dispatch_uid="revisits.service_accepted")
    service_revisit.engine_plug(visit_url=service_visit_url, satisfaction=service_satisfaction)
