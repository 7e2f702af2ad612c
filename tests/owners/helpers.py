"""Helpers of the owners tests."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from fees.models import Charge, Payment
from frontdesk.models import Department, StaffProfile
from owners.models import Authorization, Building, Estate, Owner, Ownership, Resident, Unit
from reception.models import PhoneCall, Visit
from workorders.models import WorkOrder

# The demo estates at 5% of their size: enough rows for every kind of data, seeded fast.
SMALL = ("--scale", "0.05")


def seed(*args) -> str:
    """Run ``seed_demo`` with ``args``; what it printed."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = (Estate, Building, Unit, Owner, Ownership, Resident, Authorization, Department,
              StaffProfile, get_user_model(), Charge, Payment, PhoneCall, Visit,
              WorkOrder)  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}
