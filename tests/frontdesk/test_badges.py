"""One status badge for every app: {% status_badge obj %}, its tone from the status choice."""

import pytest
from django.template import Context, Template
from django.utils import translation

from checkin.models import MoveInCase
from fees.models import ReversalRequest
from frontdesk.templatetags.desk import STATUS_TONES
from owners.models import Unit
from reception.models import PhoneCall
from workorders.models import WorkOrder


def badge(obj, arguments: str = "") -> str:
    with translation.override("en"):
        return Template("{% load desk %}{% status_badge obj " + arguments + " %}").render(
            Context({"obj": obj})
        )


@pytest.mark.parametrize(
    ("obj", "html"),
    [
        (WorkOrder(status="open"), '<span class="badge text-bg-primary">Open</span>'),
        (WorkOrder(status="completed"), '<span class="badge text-bg-warning">Completed</span>'),
        (WorkOrder(status="cancelled"), '<span class="badge text-bg-dark">Cancelled</span>'),
        (MoveInCase(status="completed"), '<span class="badge text-bg-success">Completed</span>'),
        (
            PhoneCall(status="transferred"),
            '<span class="badge text-bg-info">Transferred, reply pending</span>',
        ),
        (ReversalRequest(status="refused"), '<span class="badge text-bg-secondary">Refused</span>'),
    ],
)
def test_it_takes_the_tone_from_the_status_of_each_app(obj, html):
    assert badge(obj) == html


def test_it_shows_an_unknown_status_as_it_is_in_secondary():
    assert badge(WorkOrder(status="lost")) == '<span class="badge text-bg-secondary">lost</span>'


def test_it_escapes_the_label():
    html = badge(WorkOrder(status='<img src=x onerror="alert(1)">'))
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_it_turns_an_overdue_status_red_and_says_so():
    html = badge(PhoneCall(status="pending"), "overdue=True")
    assert html == '<span class="badge text-bg-danger">Reply pending · overdue</span>'


def test_it_adds_a_test_id_and_classes():
    html = badge(Unit(status="occupied"), 'testid="unit-status" extra="fs-6"')
    assert html == '<span class="badge text-bg-info fs-6" data-testid="unit-status">Occupied</span>'


def test_it_speaks_the_language_of_the_page():
    with translation.override("zh-hans"):
        html = Template("{% load desk %}{% status_badge obj %}").render(
            Context({"obj": WorkOrder(status="closed")})
        )
    assert html == '<span class="badge text-bg-secondary">已关闭</span>'


@pytest.mark.parametrize(
    "model", [WorkOrder, PhoneCall, MoveInCase, ReversalRequest, Unit], ids=lambda m: m.__name__
)
def test_it_has_a_tone_for_every_status_of_the_models_it_knows(model):
    statuses = {str(value) for value, _ in model._meta.get_field("status").flatchoices}
    assert set(STATUS_TONES[model._meta.label_lower]) == statuses
