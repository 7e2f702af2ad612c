import threading

import pytest
from django.db import connection, transaction

from frontdesk.models import DocumentSequence
from frontdesk.numbering import NumberingError, allocate_number
from tests.factories import EstateFactory
from tests.helpers import needs_postgres


def _take(estate, kind="receipt", year=2026):
    with transaction.atomic():
        return allocate_number(estate_id=estate.pk, kind=kind, prefix="SK", year=year)


def test_it_numbers_consecutively_per_estate_kind_and_year(estate, other_estate):
    assert [_take(estate) for _ in range(3)] == ["SK2026-000001", "SK2026-000002", "SK2026-000003"]
    assert _take(other_estate) == "SK2026-000001"
    assert _take(estate, kind="release_slip") == "SK2026-000001"
    assert _take(estate, year=2027) == "SK2027-000001"


def test_it_gives_the_number_back_when_the_document_is_rolled_back(estate):
    _take(estate)
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(estate_id=estate.pk, kind="receipt", prefix="SK", year=2026)
        raise RuntimeError("saving the receipt failed")
    assert _take(estate) == "SK2026-000002"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_number_outside_a_transaction():
    estate = EstateFactory(code="T")
    with pytest.raises(NumberingError) as error:
        allocate_number(estate_id=estate.pk, kind="receipt", prefix="SK")
    assert error.value.code == "no_transaction"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_gives_two_concurrent_desks_distinct_consecutive_numbers():
    needs_postgres()
    estate = EstateFactory(code="PG")
    per_thread, threads = 10, 4
    results, errors = [], []
    barrier = threading.Barrier(threads)

    def desk():
        try:
            barrier.wait()
            for _ in range(per_thread):
                # Hold the lock a moment so the desks really collide.
                with transaction.atomic():
                    number = allocate_number(estate_id=estate.pk, kind="r", prefix="", year=2026)
                    connection.cursor().execute("SELECT pg_sleep(0.002)")
                results.append(number)
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=desk) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    expected = [f"2026-{n:06d}" for n in range(1, per_thread * threads + 1)]
    assert sorted(results) == expected
    assert DocumentSequence.objects.get(estate=estate).last_number == per_thread * threads
