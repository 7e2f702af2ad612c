import datetime

import pytest
from django.utils import timezone

from frontdesk import roles
from inspections import services
from tests.factories import staff

from .helpers import building_template


@pytest.fixture
def template(estate):
    return building_template(estate)


@pytest.fixture
def inspector(estate):
    return staff(estates=[estate], roles=[roles.RECEPTIONIST], username="inspector")


@pytest.fixture
def round_(supervisor, inspector, template):
    return services.round_plan(
        actor=supervisor, template=template, assignee=inspector, due_on=timezone.localdate()
    )


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)
