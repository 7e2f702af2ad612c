"""``manage.py bench --app imports`` on a tiny BIG: an HC export of a fifth of its units and
their opening arrears and payment history, previewed and imported into an estate of their
own; a second run imports the same files again and changes nothing."""

import pytest

from fees.models import Charge
from imports.models import PastPayment
from owners.models import Owner, Unit
from tests.frontdesk.test_bench import NUMBER, TINY, bench, table_rows


@pytest.mark.django_db(transaction=True)
def test_it_times_the_preview_and_the_import_then_a_reimport_changes_nothing():
    output = bench(*TINY, "--app", "imports")
    rows = table_rows(output)
    for label in (
        "imports: preview importRoom-40.csv",
        "imports: import importRoom-40.csv (the job)",
        "imports: preview fees-10.csv",
        "imports: import fees-10.csv (the job)",
        "imports: preview payments-80.csv",
        "imports: import payments-80.csv (the job)",
    ):
        assert NUMBER.match(rows[label][0]), (label, rows[label], output)
    units = Unit.objects.filter(estate__code="IMPB")
    owners = Owner.objects.filter(estate__code="IMPB").count()
    assert units.count() == 40 and owners == 40 + 4  # four co-owners
    assert Charge.objects.filter(estate__code="IMPB").count() == 10
    assert PastPayment.objects.filter(estate__code="IMPB").count() == 80

    again = bench(*TINY, "--app", "imports")

    assert "re-importing 40 units" in again
    assert Owner.objects.filter(estate__code="IMPB").count() == owners
    assert Charge.objects.filter(estate__code="IMPB").count() == 10
