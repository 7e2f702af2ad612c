"""Plain helpers of the reception tests (fixtures are in conftest.py)."""

import datetime

from django.utils import timezone

from reception import services
from reception.models import PhoneCall


def record_call(actor, estate, **fields) -> PhoneCall:
    """A call recorded through the service, answered on the spot unless ``fields`` say not."""
    values = {
        "caller_name": "张伟",
        "caller_phone": "13912345678",
        "topic": PhoneCall.Topic.INQUIRY,
        "content": "问物业费怎么交",
        "answered_on_spot": True,
        "answer": "可以在前台或微信缴纳",
    }
    values.update(fields)
    return services.call_record(actor=actor, estate=estate, **values)


def record_visit(actor, estate, **fields):
    """A visitor logged through the service (numbered, with notifications); their identity
    document was seen unless ``fields`` say otherwise."""
    values = {
        "name": "王五",
        "identity_checked": True,
        "purpose": "office",
        "host_name": "李经理",
    }
    values.update(fields)
    return services.visit_record(actor=actor, estate=estate, **values)


def minutes_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=n)
