"""Running ``seed_demo`` again and again: each estate once, the same data from the same seed.

Apart from ``test_seed_demo.py``, whose tests share one seeded demo: these start empty."""

from django.db import transaction

from frontdesk.models import StaffProfile
from owners.models import Estate, Owner, Unit

from .helpers import SMALL, seed


def test_it_adds_the_big_estate_once_on_top_of_the_demo(db):
    seed(*SMALL)
    assert not Estate.objects.filter(code="BIG").exists()
    demo_units = Unit.objects.count()
    seed(*SMALL, "--units", "120")
    seed(*SMALL, "--units", "120")
    assert Unit.objects.filter(estate__code="BIG").count() == 120
    assert Unit.objects.count() == demo_units + 120
    assert StaffProfile.objects.get(user__username="reception_big").estates.get().code == "BIG"


def test_it_makes_the_same_data_from_the_same_seed(db):
    def snapshot():
        return list(
            Owner.objects.order_by("estate__code", "id").values_list(
                "estate__code", "name", "id_number", "phone"
            )
        )

    with transaction.atomic():
        seed(*SMALL)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Owner.objects.exists()
    seed(*SMALL)
    assert snapshot() == first
