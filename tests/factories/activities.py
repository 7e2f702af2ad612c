"""Activities factories: facilities (a gym with rules) and boards."""

import datetime

import factory

from activities.models import Facility

from . import EstateFactory


class FacilityFactory(factory.django.DjangoModelFactory):
    """A bookable gym: 08:00–21:00, 30–120 minutes, 15 minutes buffer, 7 days ahead,
    2 hours' notice, twice a week per household."""

    class Meta:
        model = Facility

    estate = factory.SubFactory(EstateFactory)
    name = factory.Sequence(lambda n: f"健身房{n}")
    kind = Facility.Kind.GYM
    location = "会所二层"
    opens_at = datetime.time(8, 0)
    closes_at = datetime.time(21, 0)
    bookable = True
    capacity = 10
    min_minutes = 30
    max_minutes = 120
    buffer_minutes = 15
    max_days_ahead = 7
    min_notice_hours = 2
    weekly_limit = 2


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    estate = factory.SubFactory(EstateFactory)
    name = factory.Sequence(lambda n: f"宣传栏{n}")
    kind = Facility.Kind.PUBLICITY_COLUMN
    location = "南门"
    size = "2.4 m × 1.2 m"
    bookable = False
