import pytest

from complaints import demo
from complaints.models import Complaint
from frontdesk import roles
from tests.factories import OwnershipFactory, UnitFactory, staff


@pytest.mark.django_db
def test_it_seeds_each_estate_once(estate, receptionist, supervisor):
    for n in range(4):
        OwnershipFactory(unit=UnitFactory(building__estate=estate, room=f"0{n}01"))
    lines = []
    demo.seed([estate], report=lines.append)
    demo.seed([estate], report=lines.append)
    assert Complaint.objects.filter(estate=estate).count() == 4
    assert set(Complaint.objects.values_list("status", flat=True)) == {
        "handled",  # awaiting the return-visit engine's visit
        "waiting_order",
        "handling",
        "received",
    }
    assert "already seeded" in lines[-1]


@pytest.mark.django_db
def test_the_return_visit_demo_visits_and_closes_the_resolved_complaint(
    estate, receptionist, supervisor
):
    from revisits import demo as revisits_demo
    from revisits.models import Revisit

    for n in range(4):
        OwnershipFactory(unit=UnitFactory(building__estate=estate, room=f"0{n}01"))
    demo.seed([estate], report=lambda line: None)
    revisits_demo.seed([estate], report=lambda line: None)
    closed = Complaint.objects.get(status="closed")
    assert closed.visit_result == "satisfied"
    assert Revisit.objects.get(complaint=closed).status == "done"


@pytest.mark.django_db
def test_it_skips_an_estate_without_staff(estate):
    staff(estates=[estate], roles=[roles.RECEPTIONIST], username="alone")
    lines = []
    demo.seed([estate], report=lines.append)
    assert "skipped" in lines[0]
    assert not Complaint.objects.exists()
