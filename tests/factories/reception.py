"""Phone calls and visits as rows, for tests that need a log without the services' checks
(``tests/reception/helpers`` records them through the services)."""

import datetime

import factory
from django.utils import timezone

from reception.models import PhoneCall, Visit

from . import EstateFactory, UserFactory


class PhoneCallFactory(factory.django.DjangoModelFactory):
    """A call answered on the spot; the ``awaiting`` trait leaves a contact for a reply due
    tomorrow."""

    class Meta:
        model = PhoneCall

    estate = factory.SubFactory(EstateFactory)
    received_at = factory.LazyFunction(timezone.now)
    caller_kind = PhoneCall.CallerKind.OWNER
    caller_name = "张伟"
    caller_phone = factory.Sequence(lambda n: f"139{n:08d}")
    topic = PhoneCall.Topic.INQUIRY
    content = "问物业费怎么交"
    answer = "可以在前台或微信缴纳"
    status = PhoneCall.Status.ANSWERED
    awaiting_reply = False
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        awaiting = factory.Trait(
            status=PhoneCall.Status.PENDING,
            awaiting_reply=True,
            answer="",
            contact_phone=factory.SelfAttribute("caller_phone"),
            reply_method=PhoneCall.ReplyMethod.CALL,
            reply_due=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=1)
            ),
        )


class VisitFactory(factory.django.DjangoModelFactory):
    """A visitor still on site, come to see someone at the management office."""

    class Meta:
        model = Visit

    estate = factory.SubFactory(EstateFactory)
    number = factory.Sequence(lambda n: f"FK{timezone.localdate():%Y}{n + 1:05d}")
    arrived_at = factory.LazyFunction(timezone.now)
    name = "王五"
    identity_checked = True
    purpose = Visit.Purpose.OFFICE
    host_name = "李经理"
    recorded_by = factory.SubFactory(UserFactory)
