import pytest

from accounts.tests.concurrency import run_in_threads
from documents import services
from documents.models import IssuerBody, NumberCounter
from documents.tests.factories import luc_nam


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_concurrent_allocations_give_50_distinct_consecutive_numbers(reference_data):
    unit, body = luc_nam(), IssuerBody.objects.get(code="ubnd")
    outcomes = run_in_threads(50, lambda i: services.number_allocate(unit=unit, body=body, kind="QD", year=2021))
    assert [kind for kind, _ in outcomes] == ["ok"] * 50, outcomes
    assert sorted(number for _, number in outcomes) == list(range(1, 51))
    assert NumberCounter.objects.get(unit=unit, body=body, kind="QD", year=2021).last_number == 50
