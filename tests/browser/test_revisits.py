"""A return visit that finds a problem, in a real browser.

A repair was completed two days ago; its revisit is due today. The receptionist opens the
return-visit queue, finds it first, phones the owner (no answer: the attempt is logged with
a retry), then reaches them: the owner scores the work and says the valve still seeps. The
visit is recorded and a rectification order goes to the engineering department, linked from
the revisit.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdesk.models import Department
from revisits.models import Revisit
from revisits.tasks import revisits_sweep
from tests.factories import DepartmentFactory, UnitFactory
from tests.factories.workorders import WorkOrderFactory
from workorders.choices import Source, Status

from .test_call_to_order import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visit_that_finds_a_problem_opens_a_rectification_order(
    page, live_server, receptionist, estate
):
    engineering = DepartmentFactory(
        estate=estate, kind=Department.Kind.ENGINEERING, name="工程维修部"
    )
    unit = UnitFactory(building__estate=estate, building__number="3", room="1201")
    done = timezone.now() - datetime.timedelta(days=2)
    order = WorkOrderFactory(
        estate=estate,
        unit=unit,
        location="",
        department=engineering,
        status=Status.COMPLETED,
        created_at=done - datetime.timedelta(hours=3),
        completed_at=done,
        work_done="更换厨房水龙头阀芯",
    )
    revisits_sweep()  # the completion's event was lost: the sweep makes the revisit
    revisit = Revisit.objects.get(work_order=order)

    sign_in(page, live_server, receptionist.username)
    page.goto(f"{live_server.url}/revisits/")
    first = page.locator("[data-testid=revisit-rows] tbody tr").first
    expect(first).to_have_attribute("data-revisit", str(revisit.pk))
    first.locator("a").first.click()
    expect(page).to_have_url(re.compile(rf"/revisits/{revisit.pk}/$"))
    expect(page.locator("[data-testid=source-order]")).to_have_text(order.number)

    attempt = page.locator("[data-testid=attempt-form]")
    attempt.locator("select[name=channel]").select_option("phone")
    attempt.locator("select[name=result]").select_option("no_answer")
    attempt.locator("button").click()
    expect(page.locator("[data-testid=attempts] li")).to_have_count(1)

    form = page.locator("[data-testid=record-form]")
    form.locator("select[name=channel]").select_option("home")
    form.locator("select[name=result]").select_option("dissatisfied")
    for name, score in (
        ("score_timeliness", "4"),
        ("score_attitude", "5"),
        ("score_quality", "2"),
        ("score_overall", "3"),
    ):
        form.locator(f"select[name={name}]").select_option(score)
    form.locator("textarea[name=owner_words]").fill("师傅态度很好，但水龙头还在渗水")
    for value in ("warm", "explained", "thanked"):
        form.locator(f"input[name=manner][value={value}]").check()
    form.locator("textarea[name=problem_found]").fill("厨房水龙头阀芯仍有渗水")
    page.locator("[data-testid=record-submit]").click()

    link = page.locator("[data-testid=rectification-order]")
    expect(link).to_be_visible()
    revisit.refresh_from_db()
    rectification = revisit.rectification_order
    assert revisit.status == "done" and revisit.score_quality == 2
    assert rectification.source == Source.REVISIT
    assert rectification.department == engineering
    expect(link).to_have_text(rectification.number)
    expect(page.locator("[data-testid=attempts] li")).to_have_count(2)

    link.click()
    expect(page).to_have_url(re.compile(rf"/orders/{rectification.pk}/$"))
    expect(page.locator("[data-testid=order-facts]")).to_contain_text("厨房水龙头阀芯仍有渗水")
    expect(page.locator("[data-testid=department]")).to_contain_text("工程维修部")
