"""``manage.py bench --app leasing`` on a tiny BIG: it seeds spaces and contracts once and
times the lists, one rent cycle and the yearly ledger."""

import pytest

from leasing.models import Contract, Space
from tests.frontdesk.test_bench import NUMBER, TINY, bench, table_rows


@pytest.mark.django_db
def test_it_times_the_lists_the_rent_cycle_and_the_ledger():
    output = bench(*TINY, "--app", "leasing")
    rows = table_rows(output)
    for label in (
        "leasing: list active",
        "leasing: list expiring",
        "leasing: list arrears",
        "leasing: spaces",
        "leasing: panel expiring",
        "leasing: yearly owners' ledger",
    ):
        assert "queries" not in rows[label][-1], (label, rows[label])
        assert NUMBER.match(rows[label][0]), (label, rows[label])
    assert Space.objects.filter(estate__code="BIG").count() == 4
    assert Contract.objects.filter(estate__code="BIG").count() == 20
    print(output)
    assert bench(*TINY, "--app", "leasing").count("leasing: added") == 0
