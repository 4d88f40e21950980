import threading

import pytest
from django.db import connection

from documents import services
from documents.models import IssuerBody, NumberCounter
from documents.tests.factories import luc_nam


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_concurrent_allocations_give_50_distinct_consecutive_numbers(reference_data):
    unit, body = luc_nam(), IssuerBody.objects.get(code="ubnd")
    numbers, errors = [], []
    barrier = threading.Barrier(50)

    def allocate():
        try:
            barrier.wait()
            numbers.append(services.number_allocate(unit=unit, body=body, kind="QD", year=2021))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == list(range(1, 51))
    assert NumberCounter.objects.get(unit=unit, body=body, kind="QD", year=2021).last_number == 50
